/* floor-mounts.c - the kernel's floor for the filesystem budgets: floor-clone's start
 * (one clone(2) with isolate's six namespace flags, a fresh /proc, exec PROGRAM, wait),
 * plus PAIRS times what the mounts-20 row asks of isolate: a recursive read-only copy
 * of /usr on /usr (open_tree, mount_setattr, move_mount) and a tmpfs on /mnt (mount(2)
 * on an O_PATH fd). `floor-mounts 10 true` against `floor-mounts 0 true` is what 20
 * mounts cost the kernel, made and torn down, with no checks, no error reporting and
 * no path resolution inside a view. Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "floor.h"


static int pairs;

static int bind_usr(void)
{
	struct floor_mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
	int mnt = (int)syscall(SYS_open_tree, AT_FDCWD, "/usr", OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
	int dst = open("/usr", O_PATH | O_CLOEXEC);
	int r = -1;

	if (mnt >= 0 && dst >= 0 &&
	    syscall(SYS_mount_setattr, mnt, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) == 0 &&
	    floor_attach(mnt, dst) == 0)
		r = 0;
	if (mnt >= 0)
		close(mnt);
	if (dst >= 0)
		close(dst);
	return r;
}

static int tmpfs_mnt(void)
{
	int dst = open("/mnt", O_PATH | O_DIRECTORY | O_CLOEXEC);
	char path[32];
	int r;

	if (dst < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", dst);
	r = mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
	close(dst);
	return r;
}

static int child(void *arg)
{
	char **argv = arg;

	if (floor_mount_proc("floor-mounts", "/proc") < 0)
		return 125;
	for (int i = 0; i < pairs; i++) {
		if (bind_usr() < 0 || tmpfs_mnt() < 0) {
			perror("floor-mounts: mount");
			return 125;
		}
	}
	return floor_exec("floor-mounts", argv);
}

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc < 3 || (pairs = atoi(argv[1])) < 0 || pairs > 1000) {
		fprintf(stderr, "usage: floor-mounts PAIRS PROGRAM [ARGS...]\n");
		return 125;
	}
	pid = floor_clone("floor-mounts", child, argv + 2);
	return pid < 0 ? 125 : floor_wait(pid);
}
