/* sysctl.h - the few network sysctls isolate sets, through /proc/sys/net of the
 * calling thread's network namespace. */
#ifndef ISOLATE_SYSCTL_H
#define ISOLATE_SYSCTL_H

#include <stdbool.h>

#include "util.h"

/* net.<proto>.conf.<ifname>.<key> = value ("ipv4" or "ipv6"). Returns 0; 1 when the
 * protocol has no such directory (IPv6 disabled at boot); -1 with err. */
int sysctl_link_set(const char *proto, const char *ifname, const char *key, const char *value,
		    struct error *err);

/* The value of /proc/sys/<path> ("net/ipv4/ip_forward") into buf, newline stripped. */
int sysctl_get(const char *path, char *buf, size_t size, struct error *err);
int sysctl_set(const char *path, const char *value, struct error *err);

#endif
