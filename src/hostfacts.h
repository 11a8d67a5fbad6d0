/* hostfacts.h - what the host allows, probed once before the plan is made. Reading only:
 * hostfacts.c decides nothing (plan.c does), so the plan is testable with made-up facts. */
#ifndef ISOLATE_HOSTFACTS_H
#define ISOLATE_HOSTFACTS_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec.h"

/* The cgroup hierarchies, probed only when the spec asks for limits or accounting. */
struct cgroup_facts {
	bool probed;
	char v2_mount[256];            /* where cgroup2 is mounted; "" if nowhere */
	char v2_self[512];             /* our cgroup in it ("0::" of /proc/self/cgroup) */
	unsigned v2_root_controllers;  /* CG_BIT()s in the v2 root's cgroup.controllers */
	unsigned v2_self_controllers;  /* ... and in our own cgroup's */
	bool v2_self_writable;         /* we may create cgroups in ours and move into them */
	char v1_mount[CG_CONTROLLERS][256]; /* each controller's v1 hierarchy; "" if none */
	char v1_self[CG_CONTROLLERS][512];  /* our cgroup in each */
	struct cpuset cpus;            /* the CPUs isolate may run on (its affinity) */
	const char *runtime_dir;       /* $XDG_RUNTIME_DIR; NULL: unset */
};

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
	bool info_fd_open, json_status_fd_open; /* the fds --info-fd/--json-status-fd name */
	const char *state_dir_env;   /* $ISOLATE_STATE_DIR; NULL: unset */
	const char *runtime_dir_env; /* $XDG_RUNTIME_DIR; NULL: unset */
	bool report_fd_open;  /* --report-fd N is an open fd */
	bool ctty;            /* a terminal controls isolate: job control hands it on */
	struct cgroup_facts cg;
	int landlock_abi;     /* Landlock's ABI version; <= 0: none (asked only when an option needs it) */
};

/*
 * Probe the host. The spec only bounds the work: the caller's passwd lookup is made
 * for --map-auto alone, $SUDO_USER's only for root, and fds are counted up to
 * --preserve-fds.
 */
void hostfacts_probe(const struct spec *spec, struct hostfacts *f);

#endif
