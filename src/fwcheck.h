/* fwcheck.h - whether the host's own firewall drops what it would forward for the
 * sandbox: a base chain of another table on the forward hook with policy drop. The
 * kernel runs every base chain of a hook, and a drop in any of them is final, so no rule
 * in isolate's table can let such traffic through; without this check the sandbox's
 * connections beyond the host would wait out their timeouts. */
#ifndef ISOLATE_FWCHECK_H
#define ISOLATE_FWCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct mnl_socket;

/*
 * On sock (NETLINK_NETFILTER, bound), for the sandbox's address family: 1 with what set
 * to "FAMILY TABLE CHAIN" of the first such chain; 0 if there is none, or none whose
 * rules leave out a name starting "iso" (the fix the hint gives), or the chains cannot
 * be read; nothing else is an error.
 */
int fw_forward_drop(struct mnl_socket *sock, int family, bool verbose, char *what, size_t size);

#endif
