/* lifetime.c - parent-death signals and the caller's pidfd (see lifetime.h). */
#include "lifetime.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "channel.h"
#include "spec.h"

/* The detached supervisor's end of the link to the waiting command; -1 once it is told. */
static int detach_chan = -1;

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

/*
 * Releasing the netlink socket that owns an nftables table deletes the table, and the
 * kernel does it within that release: it waits for the table destruction pending in
 * the namespace (nf_tables_trans_destroy_flush_work), then for an RCU grace period
 * (synchronize_rcu in nft_rcv_nl_event). That took 10-30 ms here, more than the rest
 * of a veth run, and an exiting process releases its files before its parent can reap
 * it. The copy is forked rather than cloned with CLONE_VM: it runs on pages of its own,
 * and the fork measured 61-172 us. It keeps the caller's blocked signals; a signal that
 * ends it only releases the file sooner.
 */
void lifetime_hold_past_exit(int fd)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	struct error ignored = { 0 };

	/* The caller, with a copy or without one (-1): its close is then the last. */
	if (pid != 0)
		return;
	if (lifetime_tie_to_parent(parent, -1, &ignored) != 0)
		_exit(0);
	/* Nothing else: a pipe or a lock held here would outlive isolate with it. */
	if ((fd > 0 && close_range(0, (unsigned)fd - 1, 0) < 0) || close_range((unsigned)fd + 1, ~0U, 0) < 0)
		_exit(0);
	for (;;)
		(void)pause();
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

/* The command's side: wait for the supervisor's word. */
static int await_supervisor(int chan, int *exit_code, struct error *err)
{
	union {
		struct error report;
		char name[128];
	} got;
	size_t len = 0;

	memset(&got, 0, sizeof(got));
	switch (channel_recv(chan, &got, sizeof(got), &len, NULL, NULL, false, err)) {
	case MSG_DETACHED:
		got.name[sizeof(got.name) - 1] = '\0';
		(void)printf("%s\n", got.name);
		*exit_code = fflush(stdout) == 0 ? 0 : EXIT_ISOLATE;
		return 1;
	case MSG_ERROR:
		if (len != sizeof(got.report))
			break;
		*err = got.report;
		err->msg[sizeof(err->msg) - 1] = '\0';
		if (err->status < 1 || err->status > 255)
			err->status = EXIT_ISOLATE;
		return -2;
	case -1:
		return -1;
	default:
		break;
	}
	return error_set(err, 0, "--detach: the sandbox's supervisor ended before PROGRAM started"),
	       error_kind(err, ERRK_INTERNAL);
}

int lifetime_detach(const struct spec *spec, int *exit_code, struct error *err)
{
	const char *out_path = spec->log_path ? spec->log_path : "/dev/null";
	_cleanup_fd_ int in = -1, out = -1, chan = -1, supervisor_end = -1;
	int fds[2];
	pid_t pid;

	in = TEMP_FAILURE_RETRY(open("/dev/null", O_RDONLY | O_CLOEXEC));
	if (in < 0)
		return error_set(err, errno, "open /dev/null");
	/* Opened here, by the command: a bad --log path is the caller's error, said now. */
	out = TEMP_FAILURE_RETRY(open(out_path, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC, 0600));
	if (out < 0)
		return error_set(err, errno, "--log '%s'", out_path), error_kind(err, ERRK_FILESYSTEM);
	if (channel_pair(fds, err) < 0)
		return -1;
	chan = fds[0];
	supervisor_end = fds[1];
	(void)fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid < 0)
		return error_set(err, errno, "--detach: fork the supervisor");
	if (pid > 0) {
		close_fd(&supervisor_end);
		return await_supervisor(chan, exit_code, err);
	}
	/*
	 * The supervisor: no terminal (a session of its own, so the terminal's hang-up and
	 * Ctrl-C are not its), the caller's stdio replaced. The command that forked us
	 * returns as soon as PROGRAM runs; we are reparented then, and the sandbox stays
	 * tied to us, not to it.
	 */
	close_fd(&chan);
	if (setsid() < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0) {
		error_set(err, errno, "--detach: set up the supervisor");
		channel_report(supervisor_end, err);
		_exit(EXIT_ISOLATE);
	}
	detach_chan = steal_fd(&supervisor_end);
	return 0;
}

int lifetime_detached_ready(const char *name, struct error *err)
{
	int r;

	if (detach_chan < 0)
		return 0;
	r = channel_send(detach_chan, MSG_DETACHED, name, strlen(name) + 1, NULL, 0, err);
	close_fd(&detach_chan);
	/* The command was killed meanwhile: the instance runs on, as it was asked to. */
	if (r < 0 && (err->errnum == EPIPE || err->errnum == ECONNRESET))
		return 0;
	return r;
}

void lifetime_detached_failed(const struct error *err)
{
	if (detach_chan < 0)
		return;
	channel_report(detach_chan, err);
	close_fd(&detach_chan);
}
