/* lifetime.c - parent-death signals and the caller's pidfd (see lifetime.h). */
#include "lifetime.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

int lifetime_tie_to_parent(pid_t expected_parent, int lifeline, struct error *err)
{
	return lifetime_tie_to_parent_signal(SIGKILL, expected_parent, lifeline, err);
}

int lifetime_tie_to_parent_signal(int sig, pid_t expected_parent, int lifeline, struct error *err)
{
	if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_PDEATHSIG)");
	if (lifeline >= 0) {
		struct pollfd p = { .fd = lifeline, .events = POLLIN };

		if (TEMP_FAILURE_RETRY(poll(&p, 1, 0)) < 0)
			return error_set(err, errno, "poll the parent's channel");
		return (p.revents & (POLLHUP | POLLERR)) ? 1 : 0;
	}
	return getppid() != expected_parent ? 1 : 0;
}

int lifetime_watch_caller(struct error *err)
{
	pid_t parent = getppid();
	int fd = (int)syscall(SYS_pidfd_open, parent, 0);

	if (fd < 0)
		return error_set(err, errno, "--die-with-parent: pidfd_open(%d)", (int)parent);
	/* Reparented before the pidfd was taken: the caller is gone, and fd names another. */
	if (getppid() != parent) {
		(void)close(fd);
		return error_set(err, 0, "--die-with-parent: the parent process has already exited");
	}
	return fd;
}
