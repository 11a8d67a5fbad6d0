/* floor-view.c - the kernel's floor for `isolate --net=none true` with milestone 2's
 * defaults, as root: floor-clone's start (one clone(2) with isolate's six namespace
 * flags, a fresh /proc, exec PROGRAM, wait) plus the kernel work that those defaults
 * ask for, each made the way isolate makes it, and nothing of isolate's own:
 *   - the parent writes uid_map and gid_map (root inside is 65534 outside, isolate's
 *     default for root) and then releases the child through a pipe;
 *   - the child becomes root of its user namespace, makes a cgroup namespace and its
 *     mounts private, mounts /proc, a tmpfs on /dev/shm, an mqueue on /dev/mqueue, a
 *     read-only sysfs on /sys with the host's /sys/fs/cgroup put back on it, brings lo
 *     up by ioctl, writes /etc/hosts and /etc/hostname on a tmpfs of its own and binds
 *     them read-only over the host's, sets the hostname and execs PROGRAM as PID 1.
 * No init process, no error reporting beyond a message, no seccomp filter (the default
 * profile has a budget row of its own), no dynamic library but libc. `floor-view true`
 * against `isolate --net=none true` is what isolate adds over the kernel's work.
 * Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "floor.h"


static int go[2];

static int fail(const char *what)
{
	fprintf(stderr, "floor-view: %s: ", what);
	perror(NULL);
	return 125;
}

/* A fresh filesystem on path, if the host has that directory. */
static int fresh(const char *type, const char *path, unsigned long flags, const char *data)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	return mount(type, path, type, flags, data);
}

/* /sys: the host's cgroup tree is cloned first and put back on the fresh sysfs. */
static int fresh_sys(void)
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

static int lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return -1;
	return close(fd);
}

/* Write name on the stage and bind it, read-only, over /etc/name. */
static int etc_file(int stage, const char *name, const char *content)
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

static int etc_files(void)
{
	int ctx = (int)syscall(SYS_fsopen, "tmpfs", 0), stage;

	if (ctx < 0 || syscall(SYS_fsconfig, ctx, FSCONFIG_SET_STRING, "size", "1m", 0) < 0 ||
	    syscall(SYS_fsconfig, ctx, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0 ||
	    syscall(SYS_fsconfig, ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (stage = (int)syscall(SYS_fsmount, ctx, 0, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)) < 0)
		return -1;
	close(ctx);
	if (etc_file(stage, "hosts",
		     "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tisolated\n") < 0 ||
	    etc_file(stage, "hostname", "isolated\n") < 0)
		return -1;
	return close(stage); /* the stage itself is never attached: closing it dissolves it */
}

static int child(void *arg)
{
	char **argv = arg, c;

	close(go[1]);
	if (read(go[0], &c, 1) != 1)
		return 125;
	close(go[0]);
	/* Our ids are still the caller's host ids, which the maps leave unmapped. */
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return fail("become root");
	if (unshare(CLONE_NEWCGROUP) < 0)
		return fail("unshare(CLONE_NEWCGROUP)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail("make mounts private");
	if (floor_mount_proc("floor-view", "/proc") < 0)
		return 125;
	if (fresh("tmpfs", "/dev/shm", MS_NOSUID | MS_NODEV, "mode=01777") < 0 ||
	    fresh("mqueue", "/dev/mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return fail("/dev/shm or /dev/mqueue");
	if (fresh_sys() < 0)
		return fail("/sys");
	if (lo_up() < 0)
		return fail("lo up");
	if (etc_files() < 0)
		return fail("/etc/hosts and /etc/hostname");
	if (sethostname("isolated", 8) < 0)
		return fail("sethostname");
	return floor_exec("floor-view", argv);
}

/* In the parent: root inside is nobody outside, as isolate maps root by default. */
static int write_map(pid_t pid, const char *which)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, which);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0 65534 1\n", 10) != 10)
		return -1;
	return close(fd);
}

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: floor-view PROGRAM [ARGS...] (as root)\n");
		return 125;
	}
	if (pipe2(go, O_CLOEXEC) < 0)
		return fail("pipe");
	pid = floor_clone("floor-view", child, argv + 1);
	if (pid < 0)
		return 125;
	close(go[0]);
	if (write_map(pid, "uid_map") < 0 || write_map(pid, "gid_map") < 0 || write(go[1], "g", 1) != 1) {
		fail("id maps");
		kill(pid, SIGKILL);
	}
	close(go[1]);
	return floor_wait(pid);
}
