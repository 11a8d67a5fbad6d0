/* floor.h - what the clone-based floor programs share: one clone(2) with the six
 * namespace flags isolate uses, a fresh /proc, exec PROGRAM, wait, and PROGRAM's
 * status as the exit code. Each floor adds its own work around these. Header only, so
 * that bench/run can build a floor with one cc command. Benchmark tools only. */
#ifndef ISOLATE_BENCH_FLOOR_H
#define ISOLATE_BENCH_FLOOR_H

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The new mount API by system call number, for the floors that use it: the floors
 * build without configure, and older libc headers lack these. */
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
#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#endif
#ifndef MOUNT_ATTR_NOEXEC
#define MOUNT_ATTR_NOEXEC 0x00000008
#endif

/* struct mount_attr of <linux/mount.h> (mount_setattr), which older headers lack. */
struct floor_mount_attr {
	unsigned long long attr_set, attr_clr, propagation, userns_fd;
};

#define FLOOR_STACK_SIZE (64 * 1024)
#define FLOOR_NAMESPACES (CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWPID)

static char floor_stack[FLOOR_STACK_SIZE] __attribute__((aligned(16)));

/* Attach the detached mount mnt on the directory target (both fds): 0, or -1. */
static inline int floor_attach(int mnt, int target)
{
	return (int)syscall(SYS_move_mount, mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

/* In the child: a fresh /proc. The new mount namespace belongs to the new user
 * namespace, so the kernel has already turned shared mounts into slaves: nothing
 * mounted here reaches the host. 0, or -1 with a message. */
static inline int floor_mount_proc(const char *who, const char *where)
{
	if (mount("proc", where, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		return 0;
	fprintf(stderr, "%s: mount /proc: ", who);
	perror(NULL);
	return -1;
}

/* In the child: run PROGRAM. Returns only if exec failed: 127. */
static inline int floor_exec(const char *who, char **argv)
{
	execvp(argv[0], argv);
	fprintf(stderr, "%s: exec: ", who);
	perror(NULL);
	return 127;
}

/* Start fn(argv) in the six new namespaces: its pid, or -1 with a message. */
static inline pid_t floor_clone(const char *who, int (*fn)(void *), char **argv)
{
	pid_t pid = clone(fn, floor_stack + FLOOR_STACK_SIZE, FLOOR_NAMESPACES | SIGCHLD, argv);

	if (pid < 0) {
		fprintf(stderr, "%s: clone: ", who);
		perror(NULL);
	}
	return pid;
}

/* Wait for the child: its exit status, or 128+N when signal N killed it. */
static inline int floor_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* main of a floor that only clones fn: "usage" without PROGRAM, else fn's status. */
static inline int floor_run(const char *who, int (*fn)(void *), int argc, char **argv)
{
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROGRAM [ARGS...]\n", who);
		return 125;
	}
	pid = floor_clone(who, fn, argv + 1);
	return pid < 0 ? 125 : floor_wait(pid);
}

#endif
