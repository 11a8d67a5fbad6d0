/* cgroup.h - the sandbox's own cgroup: one thin interface over cgroup v2 and the v1
 * hierarchies. Create it under isolate's subtree with its limits, put the sandbox in it,
 * read what it used, signal everything in it, remove it; and remove the ones whose
 * owner died (see cgroup.c for the owner lock). */
#ifndef ISOLATE_CGROUP_H
#define ISOLATE_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "plan.h"
#include "util.h"

/* One directory: v2 has one; v1 one per hierarchy (cpu and cpuacct may share one). */
struct cg_dir {
	int fd;               /* the sandbox's cgroup directory; -1: not made */
	unsigned controllers; /* CG_BIT()s of this hierarchy that the run uses */
	bool v2;              /* on the unified hierarchy (a joiner's may mix both) */
	char path[1100];
};

struct cgroup {
	enum cg_version version;
	size_t ndirs;
	struct cg_dir dirs[CG_CONTROLLERS + 1]; /* a joiner's may have v2's beside v1's */
	char id[40];          /* "<pid>-<random>": the directory's name under isolate/ */
	int lock_fd;          /* the owner lock, held while the cgroup lives; -1: none */
	char lock_path[600];
	bool kept_lock;       /* a directory could not be removed: the lock file stays */
};

/* What the sandbox used, as far as this cgroup version tells. */
struct cg_stats {
	bool cpu, memory, oom, pids, pids_events, throttle;
	uint64_t usage_usec, user_usec, system_usec;
	uint64_t memory_peak;   /* bytes */
	uint64_t oom_kills;
	uint64_t pids_peak;
	uint64_t pids_max_hits; /* forks refused at the pids limit */
	uint64_t nr_periods, nr_throttled, throttled_usec;
};

/* An empty cgroup value, safe to destroy. */
void cgroup_init(struct cgroup *cg);

/*
 * Make the sandbox's cgroup as p->cgroup says, with the limits of p->spec: first remove
 * stale ones of dead owners, then take the owner lock, then the directories.
 * On failure, what was made is removed again.
 */
int cgroup_create(const struct plan *p, struct cgroup *cg, struct error *err);

/*
 * Write the limits into one cgroup directory (dirfd) of the given version, for the
 * controllers that directory has. Files relative to dirfd only: unit-tested against a
 * plain directory.
 */
int cgroup_write_limits(int dirfd, enum cg_version version, unsigned controllers,
			const struct limits_spec *l, struct error *err);

/* v2: the directory fd for clone3's CLONE_INTO_CGROUP; -1 on v1. */
int cgroup_clone_fd(const struct cgroup *cg);

/* The CPU time used so far by everything in the cgroup, in µs; -1 if unknown. */
int cgroup_cpu_usage(const struct cgroup *cg, uint64_t *usec);

/* What the sandbox used: each field whose flag is set was read. */
void cgroup_stats(const struct cgroup *cg, struct cg_stats *st);

/*
 * Send sig to every process in the cgroup but skip (init, which passes it on). SIGKILL
 * on v2 is cgroup.kill, which also catches processes forked meanwhile. Returns how
 * many processes were signalled, or -1.
 */
int cgroup_signal(const struct cgroup *cg, int sig, pid_t skip);

/* Kill what is left, wait (bounded) until the cgroup is empty, remove it, release the lock. */
void cgroup_destroy(struct cgroup *cg);

/*
 * --join: the cgroups of a running sandbox, as the kernel says. Those that its init is in
 * and its supervisor is not (the ones isolate made for it, or cgroups beneath them),
 * from /proc/PID/cgroup of each, read while its pidfd shows it alive, and opened on the
 * mounts facts names. cg->ndirs 0: the sandbox has no cgroup of its own. -1 with err
 * (errnum ESRCH: one of the two has exited).
 */
int cgroup_of_instance(const struct cgroup_facts *facts, pid_t init, int init_pidfd, pid_t supervisor,
		       int supervisor_pidfd, struct cgroup *cg, struct error *err);

/*
 * Move the calling process into each of cg's directories: the sandbox's child where
 * clone could not start it there (v1), and --join's joiner. It must be single-threaded:
 * on v1 it writes "0" to tasks, which moves its one thread; the kernel then takes no
 * global lock (see cgroup.c). v2: "0" to cgroup.procs. An error says "WHAT PATH: why".
 */
int cgroup_enter(const struct cgroup *cg, const char *what, struct error *err);

/* Close cg's directories; nothing is removed. */
void cgroup_close(struct cgroup *cg);

#endif
