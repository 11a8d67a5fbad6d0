/* floor-view.h - the kernel work of isolate's default view, as floor-view.c and
 * floor-veth.c do it, each part made the way isolate makes it:
 *   - the parent writes uid_map and gid_map (root inside is 65534 outside, isolate's
 *     default for root) and then releases the child through a pipe;
 *   - the child becomes root of its user namespace, makes a cgroup namespace and its
 *     mounts private, mounts /proc, a tmpfs on /dev/shm, an mqueue on /dev/mqueue, a
 *     read-only sysfs on /sys with the host's /sys/fs/cgroup put back on it, writes
 *     /etc/hosts and /etc/hostname on a tmpfs of its own and binds them read-only over
 *     the host's, and sets the hostname;
 *   - last before exec, it sets no_new_privs and installs isolate's default seccomp
 *     profile, the same program (seccomp-builtin.h, which the build generates with
 *     gen-seccomp): the kernel checks, converts and JIT-compiles it, and prepares its
 *     per-syscall cache, ~0.1 ms (bench/README.md).
 * Header only, as floor.h. Benchmark tools only. */
#ifndef ISOLATE_BENCH_FLOOR_VIEW_H
#define ISOLATE_BENCH_FLOOR_VIEW_H

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "floor.h"

#if __has_include("seccomp-builtin.h")
#include "seccomp-builtin.h"
#else
#error "the floors need seccomp-builtin.h, isolate's default seccomp profile, which make generates in the build tree (bench/run looks beside --isolate)"
#endif

/* A message naming what failed and errno's text: 125. */
static inline int floor_fail(const char *who, const char *what)
{
	fprintf(stderr, "%s: %s: ", who, what);
	perror(NULL);
	return 125;
}

/* A fresh filesystem on path, if the host has that directory. */
static inline int floor_view_fresh(const char *type, const char *path, unsigned long flags, const char *data)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	return mount(type, path, type, flags, data);
}

/* /sys: the host's cgroup tree is cloned first and put back on the fresh sysfs. */
static inline int floor_view_sys(void)
{
	int cg = (int)syscall(SYS_open_tree, AT_FDCWD, "/sys/fs/cgroup", OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
	int dst;

	if (mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -1;
	if (cg < 0)
		return 0;
	dst = open("/sys/fs/cgroup", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dst < 0 || floor_attach(cg, dst) < 0)
		return -1;
	close(dst);
	close(cg);
	return 0;
}

/* Write name on the stage and bind it, read-only, over /etc/name. */
static inline int floor_view_etc_file(int stage, const char *name, const char *content)
{
	struct floor_mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
						   MOUNT_ATTR_NOEXEC };
	char path[64];
	int fd = openat(stage, name, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
	int mnt, target;

	if (fd < 0 || write(fd, content, strlen(content)) < 0 || close(fd) < 0)
		return -1;
	snprintf(path, sizeof(path), "/etc/%s", name);
	target = open(path, O_PATH | O_CLOEXEC);
	mnt = (int)syscall(SYS_open_tree, stage, name, OPEN_TREE_CLONE | O_CLOEXEC);
	if (target < 0 || mnt < 0 ||
	    syscall(SYS_mount_setattr, mnt, "", AT_EMPTY_PATH | AT_RECURSIVE, &ro, sizeof(ro)) < 0 ||
	    floor_attach(mnt, target) < 0)
		return -1;
	close(mnt);
	return close(target);
}

static inline int floor_view_etc_files(void)
{
	int ctx = (int)syscall(SYS_fsopen, "tmpfs", 0), stage;

	if (ctx < 0 || syscall(SYS_fsconfig, ctx, FSCONFIG_SET_STRING, "size", "1m", 0) < 0 ||
	    syscall(SYS_fsconfig, ctx, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0 ||
	    syscall(SYS_fsconfig, ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (stage = (int)syscall(SYS_fsmount, ctx, 0, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)) < 0)
		return -1;
	close(ctx);
	if (floor_view_etc_file(stage, "hosts",
				"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tisolated\n") < 0 ||
	    floor_view_etc_file(stage, "hostname", "isolated\n") < 0)
		return -1;
	return close(stage); /* the stage itself is never attached: closing it dissolves it */
}

/* In the child, once released: the view. 0, or 125 with a message. */
static inline int floor_view_child(const char *who)
{
	/* Our ids are still the caller's host ids, which the maps leave unmapped. */
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return floor_fail(who, "become root");
	if (unshare(CLONE_NEWCGROUP) < 0)
		return floor_fail(who, "unshare(CLONE_NEWCGROUP)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return floor_fail(who, "make mounts private");
	if (floor_mount_proc(who, "/proc") < 0)
		return 125;
	if (floor_view_fresh("tmpfs", "/dev/shm", MS_NOSUID | MS_NODEV, "mode=01777") < 0 ||
	    floor_view_fresh("mqueue", "/dev/mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return floor_fail(who, "/dev/shm or /dev/mqueue");
	if (floor_view_sys() < 0)
		return floor_fail(who, "/sys");
	if (floor_view_etc_files() < 0)
		return floor_fail(who, "/etc/hosts and /etc/hostname");
	if (sethostname("isolated", 8) < 0)
		return floor_fail(who, "sethostname");
	return 0;
}

/* In the child, last before exec, as isolate does it for PROGRAM (exec.c). 0, or 125. */
static inline int floor_view_filter(const char *who)
{
	struct sock_fprog prog = { .len = (unsigned short)(sizeof(seccomp_default_prog) / sizeof(seccomp_default_prog[0])),
				   .filter = (struct sock_filter *)seccomp_default_prog };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return floor_fail(who, "no_new_privs");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return floor_fail(who, "install the default seccomp profile");
	return 0;
}

/* In the child: wait for the parent's release, one byte on the pipe go. 0, or 125. */
static inline int floor_view_released(int go[2])
{
	char c;

	close(go[1]);
	if (read(go[0], &c, 1) != 1)
		return 125;
	close(go[0]);
	return 0;
}

/* In the child, once its network is up: the view, the filter, then PROGRAM. Returns only
 * on a failure, with its exit code. */
static inline int floor_view_exec(const char *who, char **argv)
{
	int r = floor_view_child(who);

	if (!r)
		r = floor_view_filter(who);
	return r ? r : floor_exec(who, argv);
}

/* In the parent: root inside is nobody outside, as isolate maps root by default. */
static inline int floor_view_map(pid_t pid, const char *which)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, which);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0 65534 1\n", 10) != 10)
		return -1;
	return close(fd);
}

static inline int floor_view_maps(pid_t pid)
{
	return floor_view_map(pid, "uid_map") < 0 ? -1 : floor_view_map(pid, "gid_map");
}

#endif
