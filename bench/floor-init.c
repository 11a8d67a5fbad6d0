/* floor-init.c - the memory floor of a sandbox that keeps a parent and an init alive
 * while PROGRAM runs, as isolate and bubblewrap do: floor-clone whose child, PID 1 of
 * the new namespaces, forks PROGRAM and waits for it instead of becoming it. The
 * parent waits for the child. Both are dynamically linked C programs that allocate
 * nothing: what the kernel and the C library alone make each of them own. bench/run
 * reads the PSS of both while PROGRAM sleeps. Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "floor.h"

static int init(void *arg)
{
	char **argv = arg;
	pid_t program;

	if (floor_mount_proc("floor-init", "/proc") < 0)
		return 125;
	program = fork();
	if (program < 0) {
		perror("floor-init: fork");
		return 125;
	}
	if (program == 0)
		_exit(floor_exec("floor-init", argv));
	return floor_wait(program);
}

int main(int argc, char **argv)
{
	return floor_run("floor-init", init, argc, argv);
}
