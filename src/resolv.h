/* resolv.h - the sandbox's /etc/resolv.conf, made from the host's: a pure function of
 * the files' text (no I/O, no globals); unit-tested in tests/unit/test-resolv.c and
 * fuzzed by tests/fuzz/fuzz-resolv.c. */
#ifndef ISOLATE_RESOLV_H
#define ISOLATE_RESOLV_H

#include <stdbool.h>
#include <stddef.h>

#include "cidr.h"

/* The host's file, and where systemd-resolved lists the servers its stub forwards to. */
#define RESOLV_CONF_PATH "/etc/resolv.conf"
#define RESOLV_UPSTREAM_PATH "/run/systemd/resolve/resolv.conf"
/* What isolate reads of either: larger files are not resolv.conf files. */
#define RESOLV_MAX 65536

/* What the sandbox does with a nameserver on the host's loopback (127.0.0.53, ::1, ...). */
enum resolv_mode {
	/* Shares the host's loopback (--net=host): the host's file as it is. */
	RESOLV_KEEP,
	/* Its own loopback, no way back (--net=none): loopback nameservers are dropped. */
	RESOLV_DROP,
	/* Routed through the host (--net=veth): the upstream servers of a stub resolver
	 * (systemd-resolved's list), else the forward address, else nothing. */
	RESOLV_UPSTREAM,
	/* A forwarder sits on the way (pasta's --dns-forward): the forward address. */
	RESOLV_FORWARD,
};

/* What resolv_conf_for_sandbox did, as flags (for -v and the tests). */
enum {
	RESOLV_CHANGED = 1,       /* the content differs from the host's */
	RESOLV_USED_UPSTREAM = 2, /* loopback nameservers replaced by the upstream list */
	RESOLV_USED_FORWARD = 4,  /* ... by the forward address */
	RESOLV_NO_SERVER = 8,     /* loopback nameservers dropped, nothing in their place */
};

/*
 * The sandbox's resolv.conf from the host's text (host, NUL-terminated), the upstream
 * list's text (upstream, or NULL when there is none) and the forward address (text, or
 * NULL): the host's lines in order, each loopback "nameserver" line replaced as mode
 * says (all replacements where the first one stood). Writes a NUL-terminated text into
 * out and returns RESOLV_* flags; -1 when it does not fit in size bytes.
 */
int resolv_conf_for_sandbox(const char *host, const char *upstream, enum resolv_mode mode,
			    const char *forward, char *out, size_t size);

/*
 * The first "nameserver" of text on a loopback address (127.0.0.0/8, ::1, 0.0.0.0,
 * ::), into *ns (prefix: full length). Returns true if there is one.
 */
bool resolv_loopback_nameserver(const char *text, struct cidr *ns);

/* Whether text lists a nameserver that is not on a loopback address. */
bool resolv_has_routable_nameserver(const char *text);

#endif
