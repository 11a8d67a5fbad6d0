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
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)

/* The new mount API by system call number: the floors build without configure. */
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#endif
struct floor_mount_attr {
	unsigned long long attr_set, attr_clr, propagation, userns_fd;
};

static char child_stack[STACK_SIZE] __attribute__((aligned(16)));
static int pairs;

static int bind_usr(void)
{
	struct floor_mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };
	int mnt = (int)syscall(SYS_open_tree, AT_FDCWD, "/usr", OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
	int dst = open("/usr", O_PATH | O_CLOEXEC);
	int r = -1;

	if (mnt >= 0 && dst >= 0 &&
	    syscall(SYS_mount_setattr, mnt, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) == 0 &&
	    syscall(SYS_move_mount, mnt, "", dst, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) == 0)
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

	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		perror("floor-mounts: mount /proc");
		return 125;
	}
	for (int i = 0; i < pairs; i++) {
		if (bind_usr() < 0 || tmpfs_mnt() < 0) {
			perror("floor-mounts: mount");
			return 125;
		}
	}
	execvp(argv[0], argv);
	perror("floor-mounts: exec");
	return 127;
}

int main(int argc, char **argv)
{
	int flags = CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS |
		    CLONE_NEWPID;
	int status;
	pid_t pid;

	if (argc < 3 || (pairs = atoi(argv[1])) < 0 || pairs > 1000) {
		fprintf(stderr, "usage: floor-mounts PAIRS PROGRAM [ARGS...]\n");
		return 125;
	}
	pid = clone(child, child_stack + STACK_SIZE, flags | SIGCHLD, argv + 2);
	if (pid < 0) {
		perror("floor-mounts: clone");
		return 125;
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
