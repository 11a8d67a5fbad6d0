/* hostfacts.h - what the host allows, probed once before the plan is made. Reading only:
 * hostfacts.c decides nothing (plan.c does), so the plan is testable with made-up facts. */
#ifndef ISOLATE_HOSTFACTS_H
#define ISOLATE_HOSTFACTS_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec.h"

struct hostfacts {
	uid_t euid;
	gid_t egid;
	bool initial_userns;  /* isolate runs in the initial user namespace */
	/* Effective capabilities (they count over the host only in the initial userns). */
	bool cap_sys_admin, cap_net_admin, cap_setuid, cap_setgid;
	bool own_netns;       /* our user namespace owns our network namespace */
	const char *sudo_uid, *sudo_gid, *sudo_user; /* the environment's; NULL: unset */
	const char *net_pool_env;                    /* $ISOLATE_NET_POOL; NULL: unset */
	char user_name[256];  /* the caller's name in passwd, "" if unknown or not needed */
	/* $SUDO_USER's passwd entry (root only): home "" if unknown or not looked up */
	char sudo_home[4096];
	uid_t sudo_home_uid;
	unsigned open_fds;    /* how many of fds 3, 4, ... are open in a row (see probe) */
};

/*
 * Probe the host. The spec only bounds the work: the caller's passwd lookup is made
 * for --map-auto alone, $SUDO_USER's only for root, and fds are counted up to
 * --preserve-fds.
 */
void hostfacts_probe(const struct spec *spec, struct hostfacts *f);

#endif
