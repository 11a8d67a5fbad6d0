/* cgroup.c - the sandbox's cgroup, v2 or v1 behind one interface (see cgroup.h).
 *
 * Layout: isolate/<id> under the subtree plan.c chose: v2 "<mount>/isolate" as root (the
 * root cgroup is exempt from the no-internal-processes rule, so controllers can be
 * enabled there), or "isolate" under the caller's delegated cgroup; v1 "isolate" under
 * the caller's cgroup of each hierarchy (v1 has no such rule, and the caller's own
 * limits keep applying to the sandbox). The last sandbox to leave an isolate/ directory
 * removes it too; one being made there at that moment makes it again (remove_base).
 *
 * Nothing left behind: the kernel removes no cgroup by itself (v1's release agent is the
 * host's, not ours to set). So each cgroup has an owner lock: a file in plan's lock_dir,
 * named after the cgroup, listing its directories, and holding an open-file-description
 * lock (F_OFD_SETLK) for as long as the owner lives. The kernel drops that lock when the
 * owner dies, however it dies; no pid is compared, so pid reuse and PID namespaces
 * cannot fool it. The file is created unnamed (O_TMPFILE), locked, and only then linked
 * under its name, so no other isolate ever sees it unlocked while its owner lives. A
 * later isolate that can take the lock knows the owner is gone: it kills what is left in
 * the listed directories, removes them, then the file.
 */
#include "cgroup.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>

#include "proc.h"
#include "units.h"

/* cpu.max's period and the v1 cpu.cfs_period_us: the kernel's default, 100 ms. */
#define CPU_PERIOD_USEC 100000UL
/* How long removal waits for the last processes of a killed cgroup to go. */
#define EMPTY_WAIT_MS 2000
/* Rounds of "read the pids, kill them" before giving up on a v1 cgroup that keeps forking. */
#define KILL_ROUNDS 64

void cgroup_init(struct cgroup *cg)
{
	*cg = (struct cgroup){ .lock_fd = -1 };
	for (size_t i = 0; i < ARRAY_SIZE(cg->dirs); i++)
		cg->dirs[i].fd = -1;
}

/* Write a small value into a cgroup file: one write(2), as cgroupfs expects. */
static int write_at(int dirfd, const char *file, const char *value)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(openat(dirfd, file, O_WRONLY | O_TRUNC | O_CLOEXEC));
	size_t len = strlen(value);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = TEMP_FAILURE_RETRY(write(fd, value, len));
	if (n < 0)
		return -1;
	if ((size_t)n != len)
		return errno = EIO, -1;
	return 0;
}

/* Read a small cgroup file into buf (NUL-terminated); its length, or -1. */
static ssize_t read_at(int dirfd, const char *file, char *buf, size_t size)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(openat(dirfd, file, O_RDONLY | O_CLOEXEC));
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read_all(fd, buf, size - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* A file holding one number ("max" counts as none). */
static bool read_u64(int dirfd, const char *file, uint64_t *v)
{
	char buf[64] = "", *end;

	if (read_at(dirfd, file, buf, sizeof(buf)) <= 0)
		return false;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return end != buf && errno == 0;
}

/* "KEY N" in a flat-keyed file (cpu.stat, memory.events, pids.events). */
static bool read_key(int dirfd, const char *file, const char *key, uint64_t *v)
{
	char buf[2048] = "";
	size_t klen = strlen(key);

	if (read_at(dirfd, file, buf, sizeof(buf)) < 0)
		return false;
	for (const char *p = buf; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ') {
			*v = strtoull(p + klen + 1, NULL, 10);
			return true;
		}
	}
	return false;
}

static int write_limit(int dirfd, const char *file, const char *value, struct error *err)
{
	if (write_at(dirfd, file, value) < 0)
		return error_set(err, errno, "write '%s' to %s", value, file);
	return 0;
}

/* Copy the parent's value of a v1 cpuset file: new v1 cpusets start with none. */
static int copy_parent(int dirfd, const char *file, struct error *err)
{
	char parent[256], value[512];

	(void)snprintf(parent, sizeof(parent), "../%s", file);
	if (read_at(dirfd, parent, value, sizeof(value)) < 0)
		return error_set(err, errno, "read the parent's %s", file);
	value[strcspn(value, "\n")] = '\0';
	return write_limit(dirfd, file, *value ? value : "\n", err);
}

static int write_memory(int dirfd, enum cg_version v, uint64_t bytes, struct error *err)
{
	char value[32];

	(void)snprintf(value, sizeof(value), "%llu", (unsigned long long)bytes);
	if (v == CG_V2) {
		if (write_limit(dirfd, "memory.max", value, err) < 0)
			return -1;
		/* Swap bounded too: none at all. Without swap accounting the file is absent. */
		if (write_at(dirfd, "memory.swap.max", "0") < 0 && errno != ENOENT)
			return error_set(err, errno, "write '0' to memory.swap.max");
		return 0;
	}
	/* memsw (memory + swap) may never be below memory.limit_in_bytes: memory first. */
	if (write_limit(dirfd, "memory.limit_in_bytes", value, err) < 0)
		return -1;
	if (write_at(dirfd, "memory.memsw.limit_in_bytes", value) < 0 && errno != ENOENT)
		return error_set(err, errno, "write '%s' to memory.memsw.limit_in_bytes", value);
	return 0;
}

static int write_cpus(int dirfd, enum cg_version v, unsigned long millicpus, struct error *err)
{
	char value[48];
	unsigned long quota = millicpus * CPU_PERIOD_USEC / 1000;

	if (v == CG_V2) {
		(void)snprintf(value, sizeof(value), "%lu %lu", quota, CPU_PERIOD_USEC);
		return write_limit(dirfd, "cpu.max", value, err);
	}
	(void)snprintf(value, sizeof(value), "%lu", CPU_PERIOD_USEC);
	if (write_limit(dirfd, "cpu.cfs_period_us", value, err) < 0)
		return -1;
	(void)snprintf(value, sizeof(value), "%lu", quota);
	return write_limit(dirfd, "cpu.cfs_quota_us", value, err);
}

static int write_cpuset(int dirfd, enum cg_version v, const struct limits_spec *l, struct error *err)
{
	char list[1024];

	/* v1 needs memory nodes before it takes tasks; v2's empty cpuset.mems inherits. */
	if (v == CG_V1 && copy_parent(dirfd, "cpuset.mems", err) < 0)
		return -1;
	if (!l->has_cpuset)
		return v == CG_V1 ? copy_parent(dirfd, "cpuset.cpus", err) : 0;
	if (cpuset_format(&l->cpuset, list, sizeof(list)) < 0)
		return error_set(err, E2BIG, "format the CPU list");
	return write_limit(dirfd, "cpuset.cpus", list, err);
}

int cgroup_write_limits(int dirfd, enum cg_version version, unsigned controllers,
			const struct limits_spec *l, struct error *err)
{
	enum cg_version v = version;

	if ((controllers & CG_BIT(CG_MEMORY)) && l->memory &&
	    write_memory(dirfd, v, l->memory, err) < 0)
		return error_wrap(err, "--memory");
	if ((controllers & CG_BIT(CG_PIDS)) && l->pids) {
		char value[32];

		(void)snprintf(value, sizeof(value), "%lu", l->pids);
		if (write_limit(dirfd, "pids.max", value, err) < 0)
			return error_wrap(err, "--pids");
	}
	if ((controllers & CG_BIT(CG_CPU)) && l->millicpus && write_cpus(dirfd, v, l->millicpus, err) < 0)
		return error_wrap(err, "%s", l->cpus_origin ? l->cpus_origin : "--cpus");
	if ((controllers & CG_BIT(CG_CPUSET)) && write_cpuset(dirfd, v, l, err) < 0)
		return error_wrap(err, "%s", l->cpuset_origin ? l->cpuset_origin : "--cpuset");
	return 0;
}

/* "+memory +pids": the controllers of a v2 run, for cgroup.subtree_control. */
static void v2_enable_list(unsigned controllers, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < CG_CONTROLLERS; c++)
		if ((controllers & CG_BIT(c)) && c != CG_CPUACCT && used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s+%s", used ? " " : "",
						 cg_controller_names[c]);
}

/* v2: controllers reach a cgroup only through its parent's cgroup.subtree_control. */
static int v2_enable(const char *dir, unsigned controllers, bool delegated, struct error *err)
{
	char list[128];
	_cleanup_fd_ int fd = -1;

	v2_enable_list(controllers, list, sizeof(list));
	if (!list[0])
		return 0;
	fd = TEMP_FAILURE_RETRY(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (fd < 0 || write_at(fd, "cgroup.subtree_control", list) < 0) {
		int e = errno;

		error_set(err, e, "enable '%s' in %s/cgroup.subtree_control", list, dir);
		if (e == EBUSY && delegated)
			error_hint(err, "the delegated cgroup holds processes; start isolate alone in its own scope: systemd-run --user --scope -p Delegate=yes isolate ...");
		return -1;
	}
	return 0;
}

/* The directory that holds path ("/a/b/c" gives "/a/b") into buf; "" without a '/'. */
static void dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	(void)snprintf(buf, size, "%.*s", slash ? (int)(slash - path) : 0, path);
}

/* mkdir that accepts an existing directory. */
static int make_dir(const char *path, struct error *err)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return error_set(err, errno, "create %s", path);
	return 0;
}

/* The isolate/ subtree of one hierarchy: made once, shared by every isolate. */
static int make_base(const struct plan *p, const char *base, unsigned controllers, struct error *err)
{
	_cleanup_fd_ int fd = -1;

	if (p->cgroup.version == CG_V2) {
		char parent[1024];

		dir_of(base, parent, sizeof(parent));
		if (v2_enable(parent, controllers, p->cgroup.delegated, err) < 0)
			return -1;
	}
	if (make_dir(base, err) < 0)
		return -1;
	if (p->cgroup.version == CG_V2)
		return v2_enable(base, controllers, p->cgroup.delegated, err);
	if (!(controllers & CG_BIT(CG_CPUSET)))
		return 0;
	/* v1 cpuset: a new cgroup has no CPUs and no memory nodes until given some. */
	fd = TEMP_FAILURE_RETRY(open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (fd < 0)
		return error_set(err, errno, "open %s", base);
	if (copy_parent(fd, "cpuset.mems", err) < 0 || copy_parent(fd, "cpuset.cpus", err) < 0)
		return error_wrap(err, "%s", base);
	return 0;
}

/* The directories of the run: one per distinct base (v1's cpu and cpuacct may share one). */
static void plan_dirs(const struct plan *p, struct cgroup *cg)
{
	cg->version = p->cgroup.version;
	if (cg->version == CG_V2) {
		cg->ndirs = 1;
		cg->dirs[0].controllers = p->cgroup.controllers;
		cg->dirs[0].v2 = true;
		(void)snprintf(cg->dirs[0].path, sizeof(cg->dirs[0].path), "%s/%s", p->cgroup.base[0], cg->id);
		return;
	}
	for (int c = 0; c < CG_CONTROLLERS; c++) {
		size_t i;

		if (!(p->cgroup.controllers & CG_BIT(c)))
			continue;
		for (i = 0; i < cg->ndirs; i++)
			if (strncmp(cg->dirs[i].path, p->cgroup.base[c], strlen(p->cgroup.base[c])) == 0 &&
			    cg->dirs[i].path[strlen(p->cgroup.base[c])] == '/')
				break;
		if (i == cg->ndirs)
			(void)snprintf(cg->dirs[cg->ndirs++].path, sizeof(cg->dirs[0].path), "%s/%s",
				       p->cgroup.base[c], cg->id);
		cg->dirs[i].controllers |= CG_BIT(c);
	}
}

/* The owner lock (see the top of this file): unnamed, locked, filled, then named. */
static int take_owner_lock(const char *lock_dir, struct cgroup *cg, struct error *err)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char proc[64], parent[512];
	_cleanup_fd_ int fd = -1;

	dir_of(lock_dir, parent, sizeof(parent));
	if ((mkdir(parent, 0755) < 0 && errno != EEXIST) || (mkdir(lock_dir, 0700) < 0 && errno != EEXIST))
		return error_set(err, errno, "create %s", lock_dir);
	fd = TEMP_FAILURE_RETRY(open(lock_dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
	if (fd < 0)
		return error_set(err, errno, "create a lock file in %s", lock_dir);
	if (fcntl(fd, F_OFD_SETLK, &fl) < 0)
		return error_set(err, errno, "lock a file in %s", lock_dir);
	for (size_t i = 0; i < cg->ndirs; i++)
		if (write_all(fd, cg->dirs[i].path, strlen(cg->dirs[i].path)) < 0 || write_all(fd, "\n", 1) < 0)
			return error_set(err, errno, "write the lock file in %s", lock_dir);
	(void)snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	(void)snprintf(cg->lock_path, sizeof(cg->lock_path), "%s/%s.lock", lock_dir, cg->id);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, cg->lock_path, AT_SYMLINK_FOLLOW) < 0) {
		int e = errno;

		cg->lock_path[0] = '\0';
		return error_set(err, e, "name the lock file in %s", lock_dir);
	}
	cg->lock_fd = steal_fd(&fd);
	return 0;
}

static void clean_stale(const char *lock_dir);

/* Tries to make a cgroup whose isolate/ directory keeps being removed under it. */
#define BASE_TRIES 5

/*
 * The cgroup's isolate/ directory, then the cgroup in it. The last isolate to leave
 * removes the directory (remove_base), so it may vanish between the two: ENOENT from
 * either means that, and both are made again.
 */
static int make_dir_and_base(const struct plan *p, const struct cg_dir *d, struct error *err)
{
	char base[1100];

	dir_of(d->path, base, sizeof(base));
	for (int tries = 1;; tries++) {
		if (make_base(p, base, d->controllers, err) == 0) {
			if (mkdir(d->path, 0755) == 0)
				return 0;
			(void)error_set(err, errno, "create %s", d->path);
		}
		if (err->errnum != ENOENT || tries == BASE_TRIES)
			return -1;
		*err = (struct error){ 0 };
	}
}

/*
 * The isolate/ directory that held a cgroup just removed, if nothing else is in it, so
 * that nothing of isolate's stays in the host's tree. rmdir refuses (EBUSY) while
 * another sandbox's cgroup is in it; one being made at this moment finds it gone and
 * makes it again (make_dir_and_base). Any failure leaves only an empty directory.
 */
static void remove_base(const char *path)
{
	char base[1100];

	dir_of(path, base, sizeof(base));
	(void)rmdir(base);
}

int cgroup_create(const struct plan *p, struct cgroup *cg, struct error *err)
{
	uint32_t rnd = 0;

	cgroup_init(cg);
	if (p->cgroup.lock_dir[0])
		clean_stale(p->cgroup.lock_dir);
	/* Unique across PID namespaces (the pid alone is not): isolates in other ones share the tree. */
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
		rnd = (uint32_t)time(NULL) ^ (uint32_t)(uintptr_t)&rnd;
	(void)snprintf(cg->id, sizeof(cg->id), "%d-%08x", (int)getpid(), rnd);
	plan_dirs(p, cg);
	if (p->cgroup.lock_dir[0] && take_owner_lock(p->cgroup.lock_dir, cg, err) < 0)
		goto fail;
	for (size_t i = 0; i < cg->ndirs; i++) {
		struct cg_dir *d = &cg->dirs[i];

		if (make_dir_and_base(p, d, err) < 0)
			goto fail;
		d->fd = TEMP_FAILURE_RETRY(open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
		if (d->fd < 0) {
			error_set(err, errno, "open %s", d->path);
			(void)rmdir(d->path);
			goto fail;
		}
		if (cgroup_write_limits(d->fd, cg->version, d->controllers, &p->spec->limits, err) < 0)
			goto fail;
	}
	return 0;
fail:
	cgroup_destroy(cg);
	return -1;
}

int cgroup_clone_fd(const struct cgroup *cg)
{
	return cg->version == CG_V2 ? cg->dirs[0].fd : -1;
}

/* The directory of the hierarchy that has controller c; -1 if none. */
static int dir_with(const struct cgroup *cg, enum cg_controller c)
{
	for (size_t i = 0; i < cg->ndirs; i++)
		if (cg->version == CG_V2 || (cg->dirs[i].controllers & CG_BIT(c)))
			return cg->dirs[i].fd;
	return -1;
}

int cgroup_cpu_usage(const struct cgroup *cg, uint64_t *usec)
{
	int fd = dir_with(cg, CG_CPUACCT);
	uint64_t ns;

	if (fd < 0)
		return -1;
	if (cg->version == CG_V2)
		return read_key(fd, "cpu.stat", "usage_usec", usec) ? 0 : -1;
	if (!read_u64(fd, "cpuacct.usage", &ns))
		return -1;
	*usec = ns / 1000;
	return 0;
}

static void stats_v2(int fd, struct cg_stats *st)
{
	st->cpu = read_key(fd, "cpu.stat", "usage_usec", &st->usage_usec) &&
		  read_key(fd, "cpu.stat", "user_usec", &st->user_usec) &&
		  read_key(fd, "cpu.stat", "system_usec", &st->system_usec);
	st->throttle = read_key(fd, "cpu.stat", "nr_periods", &st->nr_periods) &&
		       read_key(fd, "cpu.stat", "nr_throttled", &st->nr_throttled) &&
		       read_key(fd, "cpu.stat", "throttled_usec", &st->throttled_usec);
	st->memory = read_u64(fd, "memory.peak", &st->memory_peak);
	st->oom = read_key(fd, "memory.events", "oom_kill", &st->oom_kills);
	st->pids = read_u64(fd, "pids.peak", &st->pids_peak);
	st->pids_events = read_key(fd, "pids.events", "max", &st->pids_max_hits);
}

static void stats_v1(const struct cgroup *cg, struct cg_stats *st)
{
	int fd;

	if ((fd = dir_with(cg, CG_CPUACCT)) >= 0) {
		uint64_t total = 0, user = 0, sys = 0;

		st->cpu = read_u64(fd, "cpuacct.usage", &total) && read_u64(fd, "cpuacct.usage_user", &user) &&
			  read_u64(fd, "cpuacct.usage_sys", &sys);
		st->usage_usec = total / 1000;
		st->user_usec = user / 1000;
		st->system_usec = sys / 1000;
	}
	if ((fd = dir_with(cg, CG_CPU)) >= 0) {
		uint64_t ns = 0;

		st->throttle = read_key(fd, "cpu.stat", "nr_periods", &st->nr_periods) &&
			       read_key(fd, "cpu.stat", "nr_throttled", &st->nr_throttled) &&
			       read_key(fd, "cpu.stat", "throttled_time", &ns);
		st->throttled_usec = ns / 1000;
	}
	if ((fd = dir_with(cg, CG_MEMORY)) >= 0) {
		st->memory = read_u64(fd, "memory.max_usage_in_bytes", &st->memory_peak);
		st->oom = read_key(fd, "memory.oom_control", "oom_kill", &st->oom_kills);
	}
	if ((fd = dir_with(cg, CG_PIDS)) >= 0) {
		st->pids = read_u64(fd, "pids.peak", &st->pids_peak);
		st->pids_events = read_key(fd, "pids.events", "max", &st->pids_max_hits);
	}
}

void cgroup_stats(const struct cgroup *cg, struct cg_stats *st)
{
	*st = (struct cg_stats){ 0 };
	if (cg->version == CG_V2 && cg->dirs[0].fd >= 0)
		stats_v2(cg->dirs[0].fd, st);
	else if (cg->version == CG_V1)
		stats_v1(cg, st);
}

/* Signal each pid listed in dirfd's cgroup.procs but skip; how many, or -1. */
static int signal_listed(int dirfd, int sig, pid_t skip)
{
	char buf[16384];
	int n = 0;

	if (read_at(dirfd, "cgroup.procs", buf, sizeof(buf)) < 0)
		return -1;
	for (char *p = buf, *end; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0 && pid != skip && kill((pid_t)pid, sig) == 0)
			n++;
		end += strspn(end, "\n");
	}
	return n;
}

int cgroup_signal(const struct cgroup *cg, int sig, pid_t skip)
{
	int fd = cg->ndirs ? cg->dirs[0].fd : -1;

	if (fd < 0)
		return 0;
	/* cgroup.kill (5.14) kills the whole subtree atomically, new forks included. */
	if (cg->version == CG_V2 && sig == SIGKILL && write_at(fd, "cgroup.kill", "1") == 0)
		return 1;
	return signal_listed(fd, sig, skip);
}

static bool is_empty(int dirfd)
{
	char buf[64];

	return read_at(dirfd, "cgroup.procs", buf, sizeof(buf)) == 0;
}

/*
 * Kill everything in a cgroup directory and wait until it is empty, at most
 * EMPTY_WAIT_MS. v2 says so in cgroup.events ("populated 0"), which poll(2) reports
 * as POLLPRI; v1 is re-read every millisecond, killing again what was forked meanwhile.
 */
static bool kill_and_wait(int dirfd, bool v2)
{
	struct timespec pause = { 0, 1000000 };
	int rounds = 0;

	if (v2 && write_at(dirfd, "cgroup.kill", "1") == 0) {
		_cleanup_fd_ int ev = TEMP_FAILURE_RETRY(openat(dirfd, "cgroup.events", O_RDONLY | O_CLOEXEC));
		uint64_t populated = 1;

		for (int waited = 0; ev >= 0 && waited < EMPTY_WAIT_MS; waited += 10) {
			struct pollfd p = { .fd = ev, .events = POLLPRI };

			if (!read_key(dirfd, "cgroup.events", "populated", &populated) || !populated)
				break;
			(void)poll(&p, 1, 10);
		}
		return populated == 0;
	}
	for (int waited = 0; waited < EMPTY_WAIT_MS; waited++) {
		if (is_empty(dirfd))
			return true;
		if (rounds++ < KILL_ROUNDS)
			(void)signal_listed(dirfd, SIGKILL, 0);
		(void)nanosleep(&pause, NULL);
	}
	return is_empty(dirfd);
}

/* Remove a cgroup directory whose processes may still be exiting. */
static bool remove_dir(int dirfd, const char *path, bool v2)
{
	if (dirfd >= 0)
		(void)kill_and_wait(dirfd, v2);
	for (int i = 0; i < 100; i++) {
		struct timespec pause = { 0, 10000000 };

		if (rmdir(path) == 0 || errno == ENOENT)
			return true;
		if (errno != EBUSY)
			return false;
		(void)nanosleep(&pause, NULL);
	}
	return false;
}

void cgroup_destroy(struct cgroup *cg)
{
	bool all_removed = true;

	for (size_t i = cg->ndirs; i-- > 0;) {
		struct cg_dir *d = &cg->dirs[i];

		if (d->fd < 0)
			continue;
		if (!remove_dir(d->fd, d->path, cg->version == CG_V2))
			all_removed = false;
		else
			remove_base(d->path);
		close_fd(&d->fd);
	}
	/* Left behind only if it could not be removed: the lock file says where, for the next isolate. */
	if (cg->lock_path[0] && all_removed)
		(void)unlink(cg->lock_path);
	cg->kept_lock = !all_removed;
	close_fd(&cg->lock_fd);
	cg->ndirs = 0;
}

/* Only a directory of a cgroup filesystem, under an isolate/ subtree, is ours to remove. */
static bool is_isolate_cgroup(const char *path, bool *v2)
{
	struct statfs sfs;
	const char *name = strrchr(path, '/');

	if (path[0] != '/' || !name || name - path < 8 || strncmp(name - 8, "/isolate", 8) != 0 ||
	    strstr(path, "/../") || strcmp(name, "/..") == 0 || statfs(path, &sfs) < 0)
		return false;
	*v2 = sfs.f_type == CGROUP2_SUPER_MAGIC;
	return sfs.f_type == CGROUP2_SUPER_MAGIC || sfs.f_type == CGROUP_SUPER_MAGIC;
}

/* One lock file whose owner is gone: its cgroups, then itself. */
static void clean_one(int dirfd, const char *name)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(openat(dirfd, name, O_RDWR | O_CLOEXEC | O_NOFOLLOW));
	char paths[4096];
	bool removed = true;
	ssize_t n;

	/* Held: its owner lives. */
	if (fd < 0 || fcntl(fd, F_OFD_SETLK, &fl) < 0)
		return;
	n = read_all(fd, paths, sizeof(paths) - 1);
	if (n < 0)
		return;
	paths[n] = '\0';
	for (char *p = paths, *nl; *p; p = nl + 1) {
		_cleanup_fd_ int cg = -1;
		bool v2 = false;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (!is_isolate_cgroup(p, &v2))
			continue;
		cg = TEMP_FAILURE_RETRY(open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
		if (!remove_dir(cg, p, v2))
			removed = false;
		else
			remove_base(p);
	}
	if (removed)
		(void)unlinkat(dirfd, name, 0);
}

static void clean_stale(const char *lock_dir)
{
	DIR *d = opendir(lock_dir);
	const struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 5 && strcmp(e->d_name + len - 5, ".lock") == 0)
			clean_one(dirfd(d), e->d_name);
	}
	(void)closedir(d);
}

/* --- joining a running sandbox's cgroups --- */

/* /proc/PID/cgroup is a few lines, each with a path. */
#define PROC_CGROUP_MAX 16384

/* /proc/PID/cgroup into buf, read while pidfd's process is alive: its own text. */
static int read_proc_cgroup(pid_t pid, int pidfd, char *buf, size_t size, struct error *err)
{
	char path[64];
	_cleanup_fd_ int fd = -1;
	ssize_t n;

	(void)snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	if (fd < 0 || (n = read_all(fd, buf, size - 1)) < 0)
		return error_set(err, errno == ENOENT ? ESRCH : errno, "read %s", path);
	if ((size_t)n == size - 1)
		return error_set(err, EFBIG, "read %s", path);
	buf[n] = '\0';
	if (proc_signal(pidfd, 0) < 0)
		return error_set(err, ESRCH, "read %s", path);
	return 0;
}

/* The path of hierarchy key ("ID:CONTROLLERS:") in a /proc/PID/cgroup text; NULL if none. */
static const char *hierarchy_path(const char *text, const char *key, size_t keylen, size_t *len)
{
	for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		if (strncmp(p, key, keylen) == 0) {
			*len = strcspn(p + keylen, "\n");
			return p + keylen;
		}
	}
	return NULL;
}

/* The mount of the hierarchy with these controllers ("" for v2); NULL if isolate knows none. */
static const char *hierarchy_mount(const struct cgroup_facts *f, const char *ctrls, size_t len)
{
	if (len == 0)
		return f->v2_mount[0] ? f->v2_mount : NULL;
	for (const char *p = ctrls; p < ctrls + len;) {
		size_t n = strcspn(p, ",:");

		for (int c = 0; c < CG_CONTROLLERS; c++)
			if (strlen(cg_controller_names[c]) == n && strncmp(p, cg_controller_names[c], n) == 0 &&
			    f->v1_mount[c][0])
				return f->v1_mount[c];
		p += n + 1;
	}
	return NULL; /* a named hierarchy (name=systemd): no controller, nothing to escape */
}

/* Open one directory of the instance's: a cgroup directory (v1 or v2), not a link. */
static int open_joined(struct cgroup *cg, const char *mount, const char *path, size_t len, struct error *err)
{
	struct cg_dir *d;
	struct statfs fs;

	if (cg->ndirs == ARRAY_SIZE(cg->dirs))
		return error_set(err, E2BIG, "the instance's cgroups: more hierarchies than isolate uses");
	d = &cg->dirs[cg->ndirs];
	if (snprintf(d->path, sizeof(d->path), "%s%.*s", mount, (int)len, path) >= (int)sizeof(d->path))
		return error_set(err, ENAMETOOLONG, "the instance's cgroup %s", d->path);
	d->fd = TEMP_FAILURE_RETRY(open(d->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
	if (d->fd < 0)
		return error_set(err, errno, "open the instance's cgroup %s", d->path);
	cg->ndirs++;
	if (fstatfs(d->fd, &fs) < 0 || (fs.f_type != CGROUP_SUPER_MAGIC && fs.f_type != CGROUP2_SUPER_MAGIC))
		return error_set(err, 0, "%s is not a cgroup directory", d->path);
	d->v2 = fs.f_type == CGROUP2_SUPER_MAGIC;
	return 0;
}

/* Join the hierarchies where init's cgroup (ours) is not its supervisor's (theirs). */
static int differing(const struct cgroup_facts *facts, const char *ours, const char *theirs, struct cgroup *cg,
		     struct error *err)
{
	for (const char *line = ours; *line; line += strcspn(line, "\n"), line += *line == '\n') {
		const char *ctrls = memchr(line, ':', strcspn(line, "\n")), *path, *mount, *sup;
		size_t len, sup_len = 0;

		if (!ctrls || !(path = memchr(ctrls + 1, ':', strcspn(ctrls + 1, "\n"))))
			continue;
		path++;
		len = strcspn(path, "\n");
		sup = hierarchy_path(theirs, line, (size_t)(path - line), &sup_len);
		if (sup && sup_len == len && strncmp(sup, path, len) == 0)
			continue; /* where its supervisor is: not the sandbox's own */
		mount = hierarchy_mount(facts, ctrls + 1, (size_t)(path - ctrls - 2));
		if (!mount)
			continue;
		if (open_joined(cg, mount, path, len, err) < 0)
			return -1;
		cg->version = (path - ctrls) == 2 ? CG_V2 : CG_V1;
	}
	return 0;
}

int cgroup_of_instance(const struct cgroup_facts *facts, pid_t init, int init_pidfd, pid_t supervisor,
		       int supervisor_pidfd, struct cgroup *cg, struct error *err)
{
	char *text = calloc(2, PROC_CGROUP_MAX);
	int r;

	cgroup_init(cg);
	if (!text)
		return error_set(err, ENOMEM, "read the instance's cgroups");
	r = read_proc_cgroup(init, init_pidfd, text, PROC_CGROUP_MAX, err);
	if (r == 0)
		r = read_proc_cgroup(supervisor, supervisor_pidfd, text + PROC_CGROUP_MAX, PROC_CGROUP_MAX, err);
	if (r == 0)
		r = differing(facts, text, text + PROC_CGROUP_MAX, cg, err);
	free(text);
	if (r < 0)
		cgroup_close(cg);
	return r;
}

/*
 * A write of a pid to cgroup.procs (or of "0" there: a whole thread group) takes the
 * kernel's cgroup_threadgroup_rwsem for writing, which waits for an RCU grace period
 * unless the hierarchy is mounted with favordynmods: ~1 ms a start on v1, far more under
 * load (bench/README.md, "Limits"). The caller moving its own single thread through v1's
 * tasks file needs no such lock (cgroup_procs_write_start, Linux 6.0); older kernels
 * take it all the same. v2 has no per-thread file outside threaded subtrees.
 */
int cgroup_enter(const struct cgroup *cg, const char *what, struct error *err)
{
	for (size_t i = 0; i < cg->ndirs; i++)
		if (write_at(cg->dirs[i].fd, cg->dirs[i].v2 ? "cgroup.procs" : "tasks", "0") < 0)
			return error_set(err, errno, "%s %s", what, cg->dirs[i].path);
	return 0;
}

void cgroup_close(struct cgroup *cg)
{
	for (size_t i = 0; i < ARRAY_SIZE(cg->dirs); i++)
		close_fd(&cg->dirs[i].fd);
	cg->ndirs = 0;
}
