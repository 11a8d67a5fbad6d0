/* floor-view.c - the kernel's floor for `isolate --net=none true` with milestone 2's
 * defaults, as root: floor-clone's start (one clone(2) with isolate's six namespace
 * flags, a fresh /proc, exec PROGRAM, wait) plus the kernel work that those defaults
 * ask for (floor-view.h: id maps, the release, the view, the hostname), lo brought up
 * by ioctl, and nothing of isolate's own. No init process (but with --init, below), no
 * error reporting beyond a message, no dynamic library but libc. `floor-view true`
 * against `isolate --net=none true` is what isolate adds over the kernel's work.
 * `floor-view --init true` keeps the child as PID 1 and starts PROGRAM under it as
 * isolate's init does, so that it also counts the kernel's work for that process: its
 * start, and its exit after PROGRAM's, which ends the namespaces. Benchmark tool only;
 * not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "floor-view.h"

static int go[2];
static char program_stack[64 * 1024] __attribute__((aligned(16)));

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

/* PROGRAM under --init: the filter, then exec; it shares init's memory until then. */
static int program(void *arg)
{
	int r = floor_view_filter("floor-view");

	_exit(r ? r : floor_exec("floor-view", arg));
}

/* --init: PROGRAM started as isolate's init starts it (CLONE_VM|CLONE_VFORK, the parent
 * asleep until the exec), and waited for; its status is ours. */
static int init(char **argv)
{
	int r = floor_view_child("floor-view");
	pid_t pid;

	if (r)
		return r;
	pid = clone(program, program_stack + sizeof(program_stack), CLONE_VM | CLONE_VFORK | SIGCHLD, argv);
	if (pid < 0)
		return floor_fail("floor-view", "start PROGRAM");
	return floor_wait(pid);
}

static int child(void *arg)
{
	char **argv = arg;

	if (floor_view_released(go))
		return 125;
	if (lo_up() < 0)
		return floor_fail("floor-view", "lo up");
	if (strcmp(argv[0], "--init") == 0)
		return init(argv + 1);
	return floor_view_exec("floor-view", argv);
}

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc < 2 || (strcmp(argv[1], "--init") == 0 && argc < 3)) {
		fprintf(stderr, "usage: floor-view [--init] PROGRAM [ARGS...] (as root)\n");
		return 125;
	}
	if (pipe2(go, O_CLOEXEC) < 0)
		return floor_fail("floor-view", "pipe");
	pid = floor_clone("floor-view", child, argv + 1);
	if (pid < 0)
		return 125;
	close(go[0]);
	if (floor_view_maps(pid) < 0 || write(go[1], "g", 1) != 1) {
		floor_fail("floor-view", "id maps");
		kill(pid, SIGKILL);
	}
	close(go[1]);
	return floor_wait(pid);
}
