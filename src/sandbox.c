/* sandbox.c - parent side: clone the child into new namespaces, run the parent's step
 * table, pass signals on, undo in reverse, and turn the child's end into an exit status. */
#include "sandbox.h"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "asan-stack.h"
#include "channel.h"
#include "child.h"
#include "init.h"
#include "jobctl.h"
#include "lifetime.h"
#include "notice.h"
#include "signals.h"
#include "steps.h"
#include "tty.h"
#include "userns.h"

/* The child runs its setup, libcap and execvp on this stack before PROGRAM replaces it. */
#define CHILD_STACK_SIZE ((size_t)256 * 1024)

/* Kill and reap a child that will not be released; used on every failure after clone. */
static void kill_child(pid_t pid)
{
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* A notice PROGRAM sent before its execve: kept for read_report. */
static void keep_notice(struct sandbox *sb, const struct exec_notice *n)
{
	sb->notice = *n;
	sb->notice.home[sizeof(sb->notice.home) - 1] = '\0';
	sb->notice.found[sizeof(sb->notice.found) - 1] = '\0';
	sb->notice.denied[sizeof(sb->notice.denied) - 1] = '\0';
	sb->noticed = true;
}

/* Pass one received signal on; SIGCONT first gives the sandbox the terminal back. */
static int pass_on(struct sandbox *sb, unsigned signo, struct error *err)
{
	if (signo == SIGCONT)
		jobctl_continued(&sb->job);
	trace(sb->plan->spec->verbose, "parent: forwarding signal %u to the sandbox", signo);
	if (signals_pass_on(sb->child, (int)signo, sb->plan->spec->as_pid_1) < 0 && errno != ESRCH)
		return error_set(err, errno, "forward signal %u", signo);
	return 0;
}

/* PROGRAM stopped (init said so, or with --as-pid-1 we saw it): stop with it. */
static int program_stopped(struct sandbox *sb, int sig, struct error *err)
{
	trace(sb->plan->spec->verbose, "parent: PROGRAM stopped by signal %d; stopping too", sig);
	if (jobctl_stopped(&sb->job, sig))
		return 0; /* continued: the pending SIGCONT is passed on by the wait loop */
	return pass_on(sb, SIGCONT, err);
}

/*
 * After "start" the channel carries init's news of PROGRAM's stops, and PROGRAM's notice
 * and error report (its exec failure), kept for the end. Returns 1 when it is done.
 */
static int read_channel(struct sandbox *sb, struct error *err)
{
	union {
		struct error error;
		struct exec_notice notice;
		int sig;
	} got;
	size_t len = 0;

	switch (channel_recv(sb->chan, &got, sizeof(got), &len, NULL, NULL, true, err)) {
	case MSG_STOPPED:
		return len == sizeof(got.sig) ? program_stopped(sb, got.sig, err) : 0;
	case MSG_NOTICE:
		if (len == sizeof(got.notice))
			keep_notice(sb, &got.notice);
		return 0;
	case MSG_ERROR:
		if (len == sizeof(got.error)) {
			sb->report = got.error;
			sb->reported = true;
		}
		return 1;
	case -1:
		return -1;
	default:
		return 1; /* EOF: init is gone */
	}
}

/*
 * SIGCHLD: the child's end (returns 1), or with --as-pid-1 PROGRAM's stop. init's own
 * stop (a SIGSTOP from a debugger) is not PROGRAM's: init reports PROGRAM's itself.
 */
static int child_changed(struct sandbox *sb, int *wstatus, struct error *err)
{
	pid_t r = waitpid(sb->child, wstatus, WNOHANG | (sb->plan->spec->as_pid_1 ? WUNTRACED : 0));

	if (r < 0 && errno != EINTR)
		return error_set(err, errno, "waitpid %d", (int)sb->child);
	if (r != sb->child)
		return 0;
	if (WIFSTOPPED(*wstatus))
		return program_stopped(sb, WSTOPSIG(*wstatus), err);
	return 1;
}

/*
 * Wait for the child's end, forwarding signals meanwhile (the wait set is blocked, and
 * read here through a signalfd). With --die-with-parent, caller is a pidfd of isolate's
 * parent: when that process is gone, so is the sandbox.
 */
static int wait_child(struct sandbox *sb, int caller, int *wstatus, struct error *err)
{
	_cleanup_fd_ int sfd = -1;
	sigset_t waitset;
	bool chan_open = true;

	signals_wait_set(&waitset);
	sfd = signalfd(-1, &waitset, SFD_CLOEXEC);
	if (sfd < 0)
		return error_set(err, errno, "signalfd");
	for (;;) {
		struct pollfd p[3] = { { .fd = sfd, .events = POLLIN },
				       { .fd = chan_open ? sb->chan : -1, .events = POLLIN },
				       { .fd = caller, .events = POLLIN } };
		struct signalfd_siginfo si;
		ssize_t n;
		int r;

		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return error_set(err, errno, "poll");
		}
		if (caller >= 0 && p[2].revents)
			return error_set(err, 0, "--die-with-parent: the parent process exited; the sandbox is ended");
		if (p[1].revents && (r = read_channel(sb, err)) != 0) {
			if (r < 0)
				return -1;
			chan_open = false;
		}
		if (!(p[0].revents & POLLIN))
			continue;
		n = TEMP_FAILURE_RETRY(read(sfd, &si, sizeof(si)));
		if (n != (ssize_t)sizeof(si))
			return error_set(err, n < 0 ? errno : EIO, "read the signalfd");
		r = si.ssi_signo == SIGCHLD ? child_changed(sb, wstatus, err) : pass_on(sb, si.ssi_signo, err);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
}

/*
 * One clone creates every namespace, the user namespace first (the kernel does it first
 * within one call): it then owns the others, so the child holds capabilities over its
 * own net, uts, ipc, mount and PID namespaces even when we are unprivileged.
 */
static pid_t clone_child(struct child *c, struct error *err)
{
	int flags = ns_clone_flags(c->plan->share);
	void *stack, *asan_save = NULL;
	pid_t pid;

	stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return error_set(err, errno, "allocate the child's stack");
	asan_stack_before_clone(&asan_save, stack, CHILD_STACK_SIZE);
	pid = clone(child_main, (char *)stack + CHILD_STACK_SIZE, flags | SIGCHLD, c);
	asan_stack_after_clone(asan_save);
	if (pid < 0) {
		int e = errno;
		(void)munmap(stack, CHILD_STACK_SIZE);
		error_set(err, e, "clone new namespaces");
		userns_explain_clone_failure(c->plan, e, err);
		if (e == EAGAIN)
			error_hint(err, "the process limit is reached: see ulimit -u");
		return -1;
	}
	/* The child has its own copy of the stack mapping; ours is no longer needed. */
	(void)munmap(stack, CHILD_STACK_SIZE);
	trace(c->plan->spec->verbose, "parent: cloned child %d (flags 0x%x)", (int)pid, (unsigned)flags);
	return pid;
}

/*
 * After the child's end: an error it reported (exec failure, say), if any; else the
 * note PROGRAM's notice calls for, now that its exit status is known. The wait loop
 * may have read either already (read_channel).
 */
static int read_report(struct sandbox *sb, int exit_code, struct error *err)
{
	union {
		struct error error;
		struct exec_notice notice;
	} got;

	while (!sb->reported) {
		size_t len = 0;
		int type = channel_recv(sb->chan, &got, sizeof(got), &len, NULL, NULL, true, err);

		if (type == MSG_NOTICE && len == sizeof(got.notice)) {
			keep_notice(sb, &got.notice);
			continue;
		}
		if (type != MSG_ERROR || len != sizeof(got.error))
			break;
		sb->report = got.error;
		sb->reported = true;
	}
	if (sb->reported) {
		*err = sb->report;
		err->msg[sizeof(err->msg) - 1] = '\0';
		if (err->status < 1 || err->status > 255)
			err->status = EXIT_ISOLATE;
		return 1;
	}
	if (sb->noticed)
		notice_print(sb->plan, &sb->notice, exit_code);
	return 0;
}

static int run_sandbox(const struct plan *plan, int *exit_code, struct error *err)
{
	struct sandbox sb = { .plan = plan, .child = -1, .chan = -1, .job = { .tty = -1 } };
	struct child c = { .plan = plan, .parent = getpid() };
	_cleanup_fd_ int caller = -1, chan = -1, child_end = -1;
	int fds[2], wstatus = 0;
	sigset_t waitset;
	size_t done = 0;
	bool failed;

	if (plan->spec->die_with_parent && (caller = lifetime_watch_caller(err)) < 0)
		return -1;
	/*
	 * Block before clone so no signal or SIGCHLD slips by before we wait for them.
	 * SIGTTOU too, for good: isolate hands the terminal to the sandbox and back while
	 * in the background (jobctl.c), and may print then. PROGRAM gets the mask we had.
	 */
	signals_wait_set(&waitset);
	(void)sigaddset(&waitset, SIGTTOU);
	if (sigprocmask(SIG_BLOCK, &waitset, &c.program_mask) < 0)
		return error_set(err, errno, "block signals");
	if (channel_pair(fds, err) < 0)
		return -1;
	chan = fds[0];
	child_end = fds[1];
	c.chan = child_end;
	c.parent_chan = chan;

	sb.child = clone_child(&c, err);
	if (sb.child < 0)
		return -1;
	close_fd(&child_end);
	sb.chan = chan;

	/* chan stays open until we return: the child watches it to know we are alive. */
	failed = parent_steps_run(&sb, &done, err) < 0 || wait_child(&sb, caller, &wstatus, err) < 0;
	if (failed)
		kill_child(sb.child);
	parent_steps_undo(&sb, done);
	if (failed || read_report(&sb, status_to_exit_code(wstatus), err))
		return -1;
	*exit_code = status_to_exit_code(wstatus);
	return 0;
}

int sandbox_run(const struct plan *plan, int *exit_code, struct error *err)
{
	struct tty_state tty;
	int r;

	tty_save(&tty);
	r = run_sandbox(plan, exit_code, err);
	tty_restore(&tty);
	return r;
}
