/* plan.h - struct plan: what this run will do, resolved from the spec (the user's intent)
 * and the host facts. Every default and every cross-option conflict is decided here, by
 * one pure function; the engine and the domains only read the plan. */
#ifndef ISOLATE_PLAN_H
#define ISOLATE_PLAN_H

#include <stdbool.h>
#include <sys/types.h>

#include "hostfacts.h"
#include "spec.h"

/* Whether the sandbox ends with isolate (today's only mode) or outlives it. */
enum lifetime_mode {
	LIFETIME_ATTACHED, /* the sandbox dies with isolate, even by SIGKILL */
	LIFETIME_DETACHED, /* the sandbox runs on after isolate returns */
};

struct plan {
	const struct spec *spec;
	unsigned share;          /* spec's, plus net for --net=host */
	const char *hostname;
	enum lifetime_mode lifetime;

	bool privileged;         /* CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETUID and CAP_SETGID
				    in the initial user namespace; false means rootless */
	bool nested_userns;      /* isolate itself runs in a non-initial user namespace */
	uid_t caller_uid;
	gid_t caller_gid;

	enum map_mode map;       /* never MAP_DEFAULT */
	uid_t map_uid;           /* host ids behind root inside */
	gid_t map_gid;
	/* MAP_AUTO: whose /etc/subuid and /etc/subgid entries to use (name, or the uid alone) */
	char subid_user[256];
	uid_t subid_uid;

	struct net_config net;   /* mode never NET_DEFAULT; veth: pool or both addresses set */

	/* The filesystem view (fs.c); all false with --share=mnt, which keeps the host's. */
	struct {
		bool new_mnt;     /* a mount namespace of our own: the view is ours to make */
		bool fresh_proc;  /* a procfs of the new PID namespace on /proc */
		bool private_ipc; /* a new IPC namespace: private /dev/shm and /dev/mqueue */
		bool fresh_sys;   /* a new network namespace: a sysfs that shows it on /sys */
		bool etc_files;   /* a new UTS namespace: generated /etc/hosts and /etc/hostname */
	} fs;
	/* PROGRAM's HOME, set over the inherited one; NULL: leave HOME as the environment has it */
	const char *home;
	/*
	 * Root inside is, by default rather than by an option, a host user other than root
	 * (nobody, or the sudoer): when that explains a failure, say so (exec.c, notice.c).
	 */
	bool mapping_notes;
};

/* Resolve spec against facts into *plan, or fail with one line naming the options. */
int plan_resolve(const struct spec *s, const struct hostfacts *f, struct plan *p, struct error *err);

#endif
