/* floor-overlay.c - the kernel's floor for the --ephemeral budget: floor-clone's start
 * (one clone(2) with isolate's six namespace flags, a fresh /proc, exec PROGRAM, wait)
 * with the root made a throwaway overlay the way isolate makes it as root: the parent
 * makes a tmpfs and an overlay over "/" writing into it; the child attaches it, puts a
 * copy of the host's /dev on it, pivots into it and detaches the old root, then mounts
 * /proc. Other mounts of the host are not put back (isolate puts back each one), so
 * this is a floor, not the same view. `floor-overlay true` against `floor-clone true`
 * is what the overlay root costs the kernel. Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "floor.h"

static int overlay_fd = -1;

static int sys_fsopen(const char *type) { return (int)syscall(SYS_fsopen, type, 0); }
static int sys_fsconfig(int fd, const char *key, const char *value)
{
	return (int)syscall(SYS_fsconfig, fd, value ? FSCONFIG_SET_STRING : FSCONFIG_CMD_CREATE, key, value, 0);
}
static int sys_fsmount(int fd) { return (int)syscall(SYS_fsmount, fd, 0, MOUNT_ATTR_NODEV); }
/* In the parent: a tmpfs with upper/ and work/, and an overlay over "/" writing there. */
static int make_overlay(void)
{
	char up[64], work[64];
	int ctx = sys_fsopen("tmpfs"), tmp, mnt = -1;

	if (ctx < 0 || sys_fsconfig(ctx, NULL, NULL) < 0 || (tmp = sys_fsmount(ctx)) < 0)
		return -1;
	close(ctx);
	if (mkdirat(tmp, "upper", 0755) < 0 || mkdirat(tmp, "work", 0755) < 0)
		return -1;
	snprintf(up, sizeof(up), "/proc/self/fd/%d/upper", tmp);
	snprintf(work, sizeof(work), "/proc/self/fd/%d/work", tmp);
	ctx = sys_fsopen("overlay");
	if (ctx >= 0 && sys_fsconfig(ctx, "lowerdir", "/") == 0 && sys_fsconfig(ctx, "upperdir", up) == 0 &&
	    sys_fsconfig(ctx, "workdir", work) == 0 && sys_fsconfig(ctx, NULL, NULL) == 0)
		mnt = sys_fsmount(ctx);
	close(ctx);
	close(tmp);
	return mnt;
}

static int child(void *arg)
{
	char **argv = arg;
	int root = open("/", O_PATH | O_CLOEXEC), dev = -1, dst = -1, proc = -1;
	char path[32];

	/* The overlay on "/", where no lookup sees it, then the host's /dev on it. */
	if (root < 0 || floor_attach(overlay_fd, root) < 0 ||
	    (dev = (int)syscall(SYS_open_tree, AT_FDCWD, "/dev", OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE)) < 0 ||
	    (dst = openat(overlay_fd, "dev", O_PATH | O_CLOEXEC)) < 0 || floor_attach(dev, dst) < 0) {
		perror("floor-overlay: the new root");
		return 125;
	}
	/* /proc before the pivot: the kernel mounts one only where the old is in sight. */
	proc = openat(overlay_fd, "proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", proc);
	if (proc < 0 || floor_mount_proc("floor-overlay", path) < 0)
		return 125;
	if (fchdir(overlay_fd) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 ||
	    chdir("/") < 0) {
		perror("floor-overlay: pivot_root");
		return 125;
	}
	return floor_exec("floor-overlay", argv);
}

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: floor-overlay PROGRAM [ARGS...] (as root)\n");
		return 125;
	}
	overlay_fd = make_overlay();
	if (overlay_fd < 0) {
		perror("floor-overlay: overlay");
		return 125;
	}
	pid = floor_clone("floor-overlay", child, argv + 1);
	close(overlay_fd);
	return pid < 0 ? 125 : floor_wait(pid);
}
