/* plan.h - struct plan: what this run will do, resolved from the spec (the user's intent)
 * and the host facts. Every default and every cross-option conflict is decided here, by
 * one pure function; the engine and the domains only read the plan. */
#ifndef ISOLATE_PLAN_H
#define ISOLATE_PLAN_H

#include <linux/filter.h>
#include <stdbool.h>
#include <sys/types.h>

#include "hostfacts.h"
#include "spec.h"

/*
 * Whether the sandbox ends with the isolate command or outlives it. Either way the
 * sandbox dies with its supervisor (isolate's parent side, which undoes what it made
 * on the host): detached, the supervisor is a process of its own, in a session of its
 * own, that the command forks and leaves running once PROGRAM has started.
 */
enum lifetime_mode {
	LIFETIME_ATTACHED, /* the sandbox dies with isolate, even by SIGKILL */
	LIFETIME_DETACHED, /* the sandbox runs on after isolate returns (--detach) */
};

/* Where the run's cgroup goes (cgroup.c makes it); version CG_NONE: no cgroup. */
struct cgroup_plan {
	enum cg_version version;
	unsigned controllers;   /* CG_BIT()s the sandbox's cgroup uses */
	bool delegated;         /* v2, rootless: under the caller's own delegated cgroup */
	/* The isolate subtree: v2, base[0] is "<mount>/isolate" as root, or
	 * "<mount><caller's cgroup>/isolate" when delegated; v1, base[c] is
	 * "<controller's mount><caller's cgroup there>/isolate" for each controller used. */
	char base[CG_CONTROLLERS][1024];
	char lock_dir[512];     /* owner locks of the live cgroups (see cgroup.c) */
};

/* A --seccomp FILE, compiled before the sandbox is created (seccomp-file.c). */
struct seccomp_compiled {
	struct sock_filter *prog;
	size_t len;
	unsigned flags;          /* SECCOMP_FILTER_FLAG_* the profile asks for */
	bool default_sigsys;     /* its default action kills or traps (SIGSYS) */
	char sigsys[160];        /* the calls its rules kill or trap for, "a, b, ..." */
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
	/*
	 * The child writes its own setgroups/uid_map/gid_map right after clone, rather than
	 * the parent (a rootless single-id map, which the kernel lets a process write for
	 * its own ids). Set only when the parent has nothing else to do before "go".
	 */
	bool maps_by_child;
	/* The child waits for the parent's "go" before its setup (see resolve_handoff). */
	bool await_go;
	/* The child waits for "start" after its setup: the parent has work that must come
	 * before PROGRAM (see resolve_handoff). Otherwise it makes its process group itself. */
	bool await_start;

	struct net_config net;   /* mode never NET_DEFAULT; veth: pool or both addresses set */

	/* Named instances: the record's directory; "" when no name is registered. A
	 * detached sandbox without --name gets one ("iso-" and the supervisor's pid). */
	char state_dir[4096];
	bool register_name;
	bool joining;            /* --join: PROGRAM enters a running instance (join.c) */
	/* The filesystem view (fs.c); all false with --share=mnt, which keeps the host's. */
	struct {
		bool new_mnt;     /* a mount namespace of our own: the view is ours to make */
		bool fresh_proc;  /* a procfs of the new PID namespace on /proc */
		bool private_ipc; /* a new IPC namespace: private /dev/shm and /dev/mqueue */
		bool fresh_sys;   /* a new network namespace: a sysfs that shows it on /sys */
		bool etc_files;   /* a new UTS namespace: generated /etc/hosts and /etc/hostname */
		bool lend_root;   /* the parent makes the overlay over the host's root (fs_lend_overlay) */
		bool lend_userxattr; /* ... in a user namespace: overlayfs keeps its xattrs in user.* */
	} fs;
	/* PROGRAM's HOME, set over the inherited one; NULL: leave HOME as the environment has it */
	const char *home;
	/*
	 * Root inside is, by default rather than by an option, a host user other than root
	 * (nobody, or the sudoer): when that explains a failure, say so (exec.c, notice.c).
	 */
	bool mapping_notes;

	struct cgroup_plan cgroup;
	uint64_t kill_after;     /* ns; never 0 */
	bool report;             /* --report or --report-fd */
	bool no_userns;          /* no namespaces at all: share is every kind */
	bool landlock;           /* apply Landlock (--landlock, or --no-userns) */
	bool landlock_deny_tcp;  /* and refuse TCP bind/connect (--no-userns without --net=host) */
	int landlock_abi;
	/* --join: the instance's rules, from its record; NULL: the spec's (landlock.c) */
	const struct landlock_rule *landlock_rules;
	size_t landlock_nrules;

	/* Not plan_resolve()'s: filled by seccomp_prepare() from the file, before the run. */
	struct seccomp_compiled seccomp_file;
};

/* The state directory for instance records (see STATE_DIR_ENV): path into buf. */
int plan_state_dir(const struct hostfacts *f, char *buf, size_t size, struct error *err);

/* Resolve spec against facts into *plan, or fail with one line naming the options. */
int plan_resolve(const struct spec *s, const struct hostfacts *f, struct plan *p, struct error *err);

#endif
