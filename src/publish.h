/* publish.h - --publish rules: [HOSTIP:]HOSTPORT:PORT[/tcp|/udp], as podman spells them.
 * Pure: no I/O, no globals; unit-tested in tests/unit/test-publish.c and fuzzed. */
#ifndef ISOLATE_PUBLISH_H
#define ISOLATE_PUBLISH_H

#include <stdint.h>

#include "cidr.h"

enum publish_proto { PUBLISH_TCP, PUBLISH_UDP };

struct publish {
	struct cidr host_ip;     /* family 0: every address of the host; prefix is the full length */
	uint16_t host_port;      /* 1..65535, on the host */
	uint16_t port;           /* 1..65535, in the sandbox */
	enum publish_proto proto;
};

/* "tcp" or "udp". */
const char *publish_proto_name(enum publish_proto p);

/*
 * Parse one rule. HOSTIP is an IPv4 address, or an IPv6 address in brackets
 * ("[::1]:8080:80"). Returns 0, or -1 with a short reason in *why (a static string).
 */
int publish_parse(const char *s, struct publish *out, const char **why);

/* "HOSTIP:HOSTPORT:PORT/PROTO" (HOSTIP left out when unset) into buf. */
void publish_format(const struct publish *p, char *buf, size_t len);

#endif
