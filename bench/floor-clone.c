/* floor-clone.c - the kernel's floor for one sandbox start: a single clone(2) with the
 * six namespace flags isolate uses, a fresh /proc, exec PROGRAM, wait. Nothing else:
 * no id maps, no hostname, no init process, no error reporting beyond a message.
 * Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)

static char child_stack[STACK_SIZE] __attribute__((aligned(16)));

static int child(void *arg)
{
	char **argv = arg;

	/* The new mount namespace belongs to the new user namespace, so the kernel has
	 * already turned shared mounts into slaves: nothing we mount reaches the host. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		perror("floor-clone: mount /proc");
		return 125;
	}
	execvp(argv[0], argv);
	perror("floor-clone: exec");
	return 127;
}

int main(int argc, char **argv)
{
	int flags = CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS |
		    CLONE_NEWPID;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: floor-clone PROGRAM [ARGS...]\n");
		return 125;
	}
	pid = clone(child, child_stack + STACK_SIZE, flags | SIGCHLD, argv + 1);
	if (pid < 0) {
		perror("floor-clone: clone");
		return 125;
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
