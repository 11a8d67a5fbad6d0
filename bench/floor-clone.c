/* floor-clone.c - the kernel's floor for one sandbox start: a single clone(2) with the
 * six namespace flags isolate uses, a fresh /proc, exec PROGRAM, wait. Nothing else:
 * no id maps, no hostname, no init process, no error reporting beyond a message.
 * Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "floor.h"

static int child(void *arg)
{
	char **argv = arg;

	if (floor_mount_proc("floor-clone", "/proc") < 0)
		return 125;
	return floor_exec("floor-clone", argv);
}

int main(int argc, char **argv)
{
	return floor_run("floor-clone", child, argc, argv);
}
