/* hostfacts.c - probe the host once (see hostfacts.h). */
#include "hostfacts.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "idmap.h"
#include "jobctl.h"
#include "units.h"
#include "landlock.h"

static void cleanup_capp(cap_t *cur)
{
	if (*cur)
		(void)cap_free(*cur); /* the answers are taken; nothing depends on this */
}

static bool has_cap(cap_t cur, cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;

	return cur && cap_get_flag(cur, cap, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET;
}

/* True when we run in the initial user namespace, whose uid_map maps every id to itself. */
static bool in_initial_userns(void)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC));
	char buf[128];
	ssize_t n;

	/* Without /proc we cannot tell; the capabilities alone decide then. */
	if (fd < 0)
		return true;
	n = read_all(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return true;
	buf[n] = '\0';
	return idmap_is_initial(buf);
}

/*
 * Whether CAP_NET_ADMIN, if we have it, counts in our network namespace: the kernel
 * checks it against the user namespace that owns the network namespace, which must
 * be ours (or an ancestor of ours: the initial one). Root of an `unshare -r` holds the
 * capability, but not over the host's network.
 */
static bool own_netns(void)
{
	_cleanup_fd_ int net = TEMP_FAILURE_RETRY(open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
	_cleanup_fd_ int owner = -1;
	struct stat a, b;

	if (net < 0)
		return false;
	owner = ioctl(net, NS_GET_USERNS);
	if (owner < 0 || fstat(owner, &a) < 0 || stat("/proc/self/ns/user", &b) < 0)
		return false;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static const char *env_or_null(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Controller names in a comma-separated option list (a v1 mount's super options). */
static unsigned controllers_in(const char *list, const char *seps)
{
	unsigned bits = 0;

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, seps);

		for (int c = 0; c < CG_CONTROLLERS; c++)
			if (strlen(cg_controller_names[c]) == len && strncmp(p, cg_controller_names[c], len) == 0)
				bits |= CG_BIT(c);
		p += len;
		p += strspn(p, seps);
	}
	return bits;
}

/* The cgroup mounts, from /proc/self/mountinfo: "... MOUNTPOINT ... - TYPE SOURCE OPTIONS". */
static void probe_cgroup_mounts(struct cgroup_facts *cg)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		char mnt[256], type[32], opts[512];
		const char *dash = strstr(line, " - ");

		if (!dash || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
		    sscanf(dash, " - %31s %*s %511s", type, opts) != 2)
			continue;
		/* mountinfo escapes spaces in paths as \040; cgroup mounts have none in practice. */
		if (strcmp(type, "cgroup2") == 0 && !cg->v2_mount[0]) {
			(void)snprintf(cg->v2_mount, sizeof(cg->v2_mount), "%s", mnt);
		} else if (strcmp(type, "cgroup") == 0) {
			unsigned bits = controllers_in(opts, ",");

			for (int c = 0; c < CG_CONTROLLERS; c++)
				if ((bits & CG_BIT(c)) && !cg->v1_mount[c][0])
					(void)snprintf(cg->v1_mount[c], sizeof(cg->v1_mount[c]), "%s", mnt);
		}
	}
	free(line);
	(void)fclose(f);
}

/* Our cgroups, from /proc/self/cgroup: "ID:CONTROLLERS:PATH", v2's being "0::PATH". */
static void probe_cgroup_self(struct cgroup_facts *cg)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char *line = NULL;
	size_t cap = 0;

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		char *ctls = strchr(line, ':'), *path;
		unsigned bits;

		if (!ctls || !(path = strchr(++ctls, ':')))
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (!*ctls) {
			(void)snprintf(cg->v2_self, sizeof(cg->v2_self), "%s", path);
			continue;
		}
		bits = controllers_in(ctls, ",");
		for (int c = 0; c < CG_CONTROLLERS; c++)
			if (bits & CG_BIT(c))
				(void)snprintf(cg->v1_self[c], sizeof(cg->v1_self[c]), "%s", path);
	}
	free(line);
	(void)fclose(f);
}

static unsigned v2_controllers(const char *dir)
{
	char path[1024], buf[256];
	_cleanup_fd_ int fd = -1;
	ssize_t n;

	if (snprintf(path, sizeof(path), "%s/cgroup.controllers", dir) >= (int)sizeof(path))
		return 0;
	fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	if (fd < 0 || (n = read_all(fd, buf, sizeof(buf) - 1)) < 0)
		return 0;
	buf[n] = '\0';
	return controllers_in(buf, " \n");
}

/* Where systemd, and nearly every distribution, mounts the hierarchies (below). */
#define CG_MOUNT_DIR "/sys/fs/cgroup"

/* A file that only a hierarchy with the controller has, in its root; the root of a v1
 * pids hierarchy has none of its own (pids.max and pids.current are its children's). */
static const char *const v1_own_file[CG_CONTROLLERS] = {
	[CG_MEMORY] = "memory.limit_in_bytes", [CG_PIDS] = NULL, [CG_CPU] = "cpu.shares",
	[CG_CPUACCT] = "cpuacct.usage", [CG_CPUSET] = "cpuset.cpus",
};

static bool is_fs(const char *path, long type)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && sf.f_type == type;
}

/*
 * The hierarchies where they are nearly always mounted, without reading mountinfo: the
 * kernel formats every mount of the namespace for that, 0.10-0.16 ms here, of the
 * 0.3-0.6 ms that --memory --pids added to a start beyond its kernel floor
 * (bench/README.md). Each v1 controller /proc/self/cgroup lists must be at
 * /sys/fs/cgroup/NAME (a co-mounted one reached through systemd's symlink, cpu ->
 * cpu,cpuacct, and taken by its target's name so that both controllers name one mount,
 * as mountinfo does), a cgroup filesystem with the controller's own file, if it has
 * one, in its root; v2, if listed, is /sys/fs/cgroup itself or, on hybrid hosts,
 * /sys/fs/cgroup/unified. False, with nothing set, when anything is elsewhere or
 * otherwise: mountinfo decides then.
 */
static bool probe_cgroup_mounts_usual(struct cgroup_facts *cg)
{
	char v1[CG_CONTROLLERS][sizeof(cg->v1_mount[0])] = { { 0 } };
	const char *v2 = NULL;

	for (int c = 0; c < CG_CONTROLLERS; c++) {
		char link[64];
		ssize_t n;

		if (!cg->v1_self[c][0])
			continue;
		(void)snprintf(v1[c], sizeof(v1[c]), CG_MOUNT_DIR "/%s", cg_controller_names[c]);
		n = readlink(v1[c], link, sizeof(link) - 1);
		if (n > 0) {
			link[n] = '\0';
			if (strchr(link, '/'))
				return false;
			(void)snprintf(v1[c], sizeof(v1[c]), CG_MOUNT_DIR "/%s", link);
		}
		if (!is_fs(v1[c], CGROUP_SUPER_MAGIC))
			return false;
		if (v1_own_file[c]) {
			char own[sizeof(v1[0]) + 64];

			(void)snprintf(own, sizeof(own), "%s/%s", v1[c], v1_own_file[c]);
			if (access(own, F_OK) < 0)
				return false;
		}
	}
	if (cg->v2_self[0]) {
		if (is_fs(CG_MOUNT_DIR, CGROUP2_SUPER_MAGIC))
			v2 = CG_MOUNT_DIR;
		else if (is_fs(CG_MOUNT_DIR "/unified", CGROUP2_SUPER_MAGIC))
			v2 = CG_MOUNT_DIR "/unified";
		else
			return false;
		(void)snprintf(cg->v2_mount, sizeof(cg->v2_mount), "%s", v2);
	}
	memcpy(cg->v1_mount, v1, sizeof(v1));
	return true;
}

static void probe_cgroups(struct cgroup_facts *cg)
{
	cpu_set_t aff;

	cg->probed = true;
	cg->runtime_dir = env_or_null("XDG_RUNTIME_DIR");
	probe_cgroup_self(cg);
	if (!probe_cgroup_mounts_usual(cg))
		probe_cgroup_mounts(cg);
	if (cg->v2_mount[0]) {
		char self[1024];

		cg->v2_root_controllers = v2_controllers(cg->v2_mount);
		if (snprintf(self, sizeof(self), "%s%s", cg->v2_mount, cg->v2_self) < (int)sizeof(self)) {
			char procs[1100];

			cg->v2_self_controllers = v2_controllers(self);
			/* Delegation (systemd's Delegate=yes): the directory and the files that
			 * creating and joining a child cgroup write are ours. */
			(void)snprintf(procs, sizeof(procs), "%s/cgroup.procs", self);
			cg->v2_self_writable = access(self, W_OK) == 0 && access(procs, W_OK) == 0;
		}
	}
	if (sched_getaffinity(0, sizeof(aff), &aff) == 0) {
		for (unsigned c = 0; c < CPUSET_MAX && c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &aff))
				cg->cpus.bits[c / 64] |= 1ULL << (c % 64);
	}
}

/* Whether the spec asks for anything that a cgroup, or the host's CPUs, decide. */
static bool wants_cgroup_facts(const struct spec *spec)
{
	const struct limits_spec *l = &spec->limits;

	/* --join: the instance's cgroups are found on the mounts. */
	return l->cgroup_origin || l->report_path || l->report_fd >= 0 ||
	       (l->timeout && (spec->share & NS_BIT(NS_PID))) || spec->op == OP_JOIN;
}

void hostfacts_probe(const struct spec *spec, struct hostfacts *f)
{
	/* Read once: every question below is about the same effective set. */
	__attribute__((cleanup(cleanup_capp))) cap_t caps = cap_get_proc();

	*f = (struct hostfacts){ .euid = geteuid(), .egid = getegid() };
	f->initial_userns = in_initial_userns();
	f->cap_sys_admin = has_cap(caps, CAP_SYS_ADMIN);
	f->cap_net_admin = has_cap(caps, CAP_NET_ADMIN);
	f->cap_setuid = has_cap(caps, CAP_SETUID);
	f->cap_setgid = has_cap(caps, CAP_SETGID);
	/* Only asked when nested: in the initial namespace the answer is yes. */
	f->own_netns = f->initial_userns || own_netns();
	f->sudo_uid = env_or_null("SUDO_UID");
	f->sudo_gid = env_or_null("SUDO_GID");
	f->sudo_user = env_or_null("SUDO_USER");
	f->net_pool_env = env_or_null(NET_POOL_ENV);
	/* getpwuid loads NSS modules: a cost paid only by --map-auto, which needs the name. */
	if (spec->map == MAP_AUTO) {
		const struct passwd *pw = getpwuid(f->euid);

		(void)snprintf(f->user_name, sizeof(f->user_name), "%s", pw ? pw->pw_name : "");
	}
	{
		bool own;
		int tty = jobctl_find_tty(&own);

		f->ctty = tty >= 0;
		if (own)
			(void)close(tty); /* only looked at */
	}
	f->info_fd_open = spec->info_fd >= 0 && fcntl(spec->info_fd, F_GETFD) >= 0;
	f->json_status_fd_open = spec->json_status_fd >= 0 && fcntl(spec->json_status_fd, F_GETFD) >= 0;
	f->state_dir_env = env_or_null(STATE_DIR_ENV);
	f->runtime_dir_env = env_or_null("XDG_RUNTIME_DIR");
	/* Where the invoking user lives: plan.c may make it PROGRAM's HOME (see there). */
	if (f->sudo_user && f->euid == 0) {
		const struct passwd *pw = getpwnam(f->sudo_user);

		if (pw && pw->pw_dir && strlen(pw->pw_dir) < sizeof(f->sudo_home)) {
			(void)snprintf(f->sudo_home, sizeof(f->sudo_home), "%s", pw->pw_dir);
			f->sudo_home_uid = pw->pw_uid;
		}
	}
	f->report_fd_open = spec->limits.report_fd >= 0 && fcntl(spec->limits.report_fd, F_GETFD) >= 0;
	/* Reading the mount table costs a few tens of µs: only runs with limits pay it. */
	if (wants_cgroup_facts(spec))
		probe_cgroups(&f->cg);
	if (spec->landlock || spec->no_userns)
		f->landlock_abi = landlock_abi();
	while (f->open_fds < spec->preserve_fds && fcntl((int)(3 + f->open_fds), F_GETFD) >= 0)
		f->open_fds++;
}
