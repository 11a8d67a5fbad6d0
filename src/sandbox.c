/* sandbox.c - parent side: clone the child into new namespaces, run the parent's step
 * table, pass signals on, undo in reverse, and turn the child's end into an exit status. */
#include "sandbox.h"

#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "asan-stack.h"
#include "channel.h"
#include "child.h"
#include "init.h"
#include "jobctl.h"
#include "lifetime.h"
#include "notice.h"
#include "report.h"
#include "seccomp-policy.h"
#include "signals.h"
#include "steps.h"
#include "tty.h"
#include "units.h"
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

/* The time limits, as the wait loop enforces them. */
struct limit_timers {
	int wall;        /* timerfd: --timeout, then SIGKILL --kill-after after SIGTERM */
	int cpu;         /* timerfd: the next look at the cgroup's CPU time (--cpu-time) */
	bool term_sent, kill_sent;
	bool timed_out, cpu_out;
};

/* --cpu-time is checked by polling: often when little is left, rarely when much is. */
#define CPU_POLL_MIN_NS (10 * NSEC_PER_MSEC)
#define CPU_POLL_MAX_NS (250 * NSEC_PER_MSEC)

/* A sixteenth of the CPU time left: up to 16 CPUs cannot overrun it before the next look. */
static uint64_t cpu_poll_interval(uint64_t left)
{
	left /= 16;
	return left < CPU_POLL_MIN_NS ? CPU_POLL_MIN_NS : left > CPU_POLL_MAX_NS ? CPU_POLL_MAX_NS : left;
}

static int arm(int tfd, uint64_t ns)
{
	struct itimerspec it = { .it_value = { (time_t)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) } };

	if (tfd < 0)
		return 0;
	if (ns == 0)
		it.it_value.tv_nsec = 1; /* zero would disarm it */
	return timerfd_settime(tfd, 0, &it, NULL);
}

static uint64_t since(const struct timespec *t0)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return 0;
	return (uint64_t)(now.tv_sec - t0->tv_sec) * NSEC_PER_SEC + (uint64_t)now.tv_nsec - (uint64_t)t0->tv_nsec;
}

/*
 * A time limit is reached: SIGTERM to every process of the sandbox, then SIGKILL
 * --kill-after later, as timeout(1) does. With a cgroup every process but init gets it
 * directly (init drops its own copy, see signals.c); without one, init passes it on to
 * PROGRAM, and init's end is the end of its PID namespace: the kernel kills the rest.
 */
static int end_sandbox(const struct sandbox *sb, struct limit_timers *lt, int sig, struct error *err)
{
	const struct plan *p = sb->plan;
	bool cgroup = p->cgroup.version != CG_NONE;

	trace(p->spec->verbose, "parent: time limit: signal %d to the sandbox", sig);
	if (cgroup)
		(void)cgroup_signal(&sb->cg, sig, sig == SIGKILL ? 0 : sb->child);
	if ((sig == SIGKILL || cgroup ? kill(sb->child, sig) : signals_pass_on(sb->child, sig, p->spec->as_pid_1)) < 0 &&
	    errno != ESRCH)
		return error_set(err, errno, "signal the sandbox");
	if (sig == SIGKILL) {
		lt->kill_sent = true;
		return 0;
	}
	lt->term_sent = true;
	if ((lt->cpu >= 0 && timerfd_settime(lt->cpu, 0, &(struct itimerspec){ 0 }, NULL) < 0) ||
	    arm(lt->wall, p->kill_after) < 0)
		return error_set(err, errno, "timerfd_settime");
	return 0;
}

/* One of the timers fired. */
static int on_timer(const struct sandbox *sb, struct limit_timers *lt, int tfd, struct error *err)
{
	const struct limits_spec *l = &sb->plan->spec->limits;
	uint64_t ticks, used;

	if (TEMP_FAILURE_RETRY(read(tfd, &ticks, sizeof(ticks))) < 0 && errno != EAGAIN)
		return error_set(err, errno, "read a timerfd");
	if (tfd == lt->wall) {
		if (lt->term_sent)
			return lt->kill_sent ? 0 : end_sandbox(sb, lt, SIGKILL, err);
		lt->timed_out = true;
		return end_sandbox(sb, lt, SIGTERM, err);
	}
	if (lt->term_sent || cgroup_cpu_usage(&sb->cg, &used) < 0)
		return 0;
	if (used * NSEC_PER_USEC >= l->cpu_time) {
		lt->cpu_out = true;
		return end_sandbox(sb, lt, SIGTERM, err);
	}
	if (arm(lt->cpu, cpu_poll_interval(l->cpu_time - used * NSEC_PER_USEC)) < 0)
		return error_set(err, errno, "timerfd_settime");
	return 0;
}

static int open_timers(const struct sandbox *sb, struct limit_timers *lt, struct error *err)
{
	const struct limits_spec *l = &sb->plan->spec->limits;
	uint64_t elapsed = since(&sb->started);

	if (l->timeout || l->cpu_time) {
		lt->wall = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (lt->wall < 0)
			return error_set(err, errno, "timerfd_create");
	}
	if (l->cpu_time) {
		lt->cpu = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (lt->cpu < 0)
			return error_set(err, errno, "timerfd_create");
		if (arm(lt->cpu, cpu_poll_interval(l->cpu_time)) < 0)
			return error_set(err, errno, "timerfd_settime");
	}
	if (l->timeout && arm(lt->wall, l->timeout > elapsed ? l->timeout - elapsed : 0) < 0)
		return error_set(err, errno, "timerfd_settime");
	return 0;
}

/* A notice PROGRAM sent before its execve: kept for read_messages. */
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
 * After "start" the channel carries init's news of PROGRAM's stops and (--report) its
 * wait status, and PROGRAM's notice and error report (its exec failure), kept for the
 * end. Returns 1 when it is done.
 */
static int read_channel(struct sandbox *sb, struct error *err)
{
	union {
		struct error error;
		struct exec_notice notice;
		int sig, wstatus;
	} got;
	size_t len = 0;

	switch (channel_recv(sb->chan, &got, sizeof(got), &len, NULL, NULL, true, err)) {
	case MSG_STOPPED:
		return len == sizeof(got.sig) ? program_stopped(sb, got.sig, err) : 0;
	case MSG_NOTICE:
		if (len == sizeof(got.notice))
			keep_notice(sb, &got.notice);
		return 0;
	case MSG_EXIT:
		if (len == sizeof(got.wstatus)) {
			sb->program_wstatus = got.wstatus;
			sb->program_exited = true;
		}
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
 * SIGCHLD: whether the child has ended (1), with its status and what it used; or with
 * --as-pid-1 PROGRAM's stop. init's own stop (a SIGSTOP from a debugger) is not
 * PROGRAM's: init reports PROGRAM's itself.
 */
static int reap(struct sandbox *sb, int *wstatus, struct rusage *ru, struct error *err)
{
	pid_t r = wait4(sb->child, wstatus, WNOHANG | (sb->plan->spec->as_pid_1 ? WUNTRACED : 0), ru);

	if (r == sb->child)
		return WIFSTOPPED(*wstatus) ? program_stopped(sb, WSTOPSIG(*wstatus), err) : 1;
	if (r < 0 && errno != EINTR)
		return error_set(err, errno, "waitpid %d", (int)sb->child);
	return 0;
}

/*
 * isolate waits as long as the sandbox lives, one in every live sandbox, and the stack
 * pages its setup wrote stay its own once written: the deep frames of the steps and, on
 * the veth path, their netlink buffers (an address dump, the firewall check's chain
 * dump, the nftables acks). Once the steps have run, all below this frame is dead, and
 * goes back to the kernel (main_stack_give_back), as init's does (init.c). Never
 * inlined, so that "below this frame" lies below every local of the caller.
 */
__attribute__((noinline)) static void give_back_setup_stack(void)
{
	/* Two pages below this frame stay: madvise's own call uses the stack under it. */
	main_stack_give_back((uintptr_t)__builtin_frame_address(0) - 2 * (uintptr_t)sysconf(_SC_PAGESIZE));
}

/*
 * Wait for the child's end, forwarding signals meanwhile (the wait set is blocked, and
 * read here through a signalfd), and enforcing the time limits. With
 * --die-with-parent, caller is a pidfd of isolate's parent: when that process is gone,
 * so is the sandbox.
 */
static int wait_child(struct sandbox *sb, int caller, int *wstatus, struct rusage *ru,
		      struct limit_timers *lt, struct error *err)
{
	_cleanup_fd_ int sfd = -1;
	sigset_t waitset;
	bool chan_open = true;

	give_back_setup_stack();
	signals_wait_set(&waitset);
	sfd = signalfd(-1, &waitset, SFD_CLOEXEC);
	if (sfd < 0)
		return error_set(err, errno, "signalfd");
	if (open_timers(sb, lt, err) < 0)
		return -1;
	for (;;) {
		struct pollfd p[5] = { { .fd = sfd, .events = POLLIN }, { .fd = caller, .events = POLLIN },
				       { .fd = lt->wall, .events = POLLIN }, { .fd = lt->cpu, .events = POLLIN },
				       { .fd = chan_open ? sb->chan : -1, .events = POLLIN } };
		struct signalfd_siginfo si;
		ssize_t n;
		int r;

		if (poll(p, ARRAY_SIZE(p), -1) < 0) {
			if (errno == EINTR)
				continue;
			return error_set(err, errno, "poll");
		}
		if (caller >= 0 && p[1].revents)
			return error_set(err, 0, "--die-with-parent: the parent process exited; the sandbox is ended");
		for (size_t t = 2; t < 4; t++)
			if ((p[t].revents & POLLIN) && on_timer(sb, lt, p[t].fd, err) < 0)
				return -1;
		if (p[4].revents && (r = read_channel(sb, err)) != 0) {
			if (r < 0)
				return -1;
			chan_open = false;
		}
		if (!(p[0].revents & POLLIN))
			continue;
		n = TEMP_FAILURE_RETRY(read(sfd, &si, sizeof(si)));
		if (n != (ssize_t)sizeof(si))
			return error_set(err, n < 0 ? errno : EIO, "read the signalfd");
		r = si.ssi_signo == SIGCHLD ? reap(sb, wstatus, ru, err) : pass_on(sb, si.ssi_signo, err);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
}

/*
 * One clone creates every namespace, the user namespace first (the kernel does it first
 * within one call): it then owns the others, so the child holds capabilities over its
 * own net, uts, ipc, mount and PID namespaces even when we are unprivileged.
 */
static pid_t clone_failed(const struct child *c, int e, struct error *err)
{
	error_set(err, e, "clone new namespaces");
	userns_explain_clone_failure(c->plan, e, err);
	if (e == EAGAIN)
		error_hint(err, "the process limit is reached: see ulimit -u");
	return -1;
}

/*
 * With a v2 cgroup: clone3 starts the child inside it (CLONE_INTO_CGROUP, 5.7), so not
 * one instruction of the sandbox runs outside its limits, and no write to cgroup.procs
 * is needed. Like fork, the child continues here on a copy of our stack.
 */
static pid_t clone_into_cgroup(struct child *c, int flags, int cgroup_fd, struct error *err)
{
	struct clone_args args = {
		.flags = (uint64_t)(unsigned)flags | CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = (uint64_t)cgroup_fd,
	};
	pid_t pid;

	c->in_cgroup = true;
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		child_run(c);
	c->in_cgroup = false;
	/* A kernel without clone3: the caller clones, and the child joins (cgroup_enter). */
	if (pid < 0 && (errno == ENOSYS || errno == E2BIG))
		return -2;
	if (pid < 0)
		return clone_failed(c, errno, err);
	trace(c->plan->spec->verbose, "parent: cloned child %d into its cgroup (flags 0x%x)", (int)pid,
		      (unsigned)flags);
	return pid;
}

static pid_t clone_child(struct child *c, int cgroup_fd, struct error *err)
{
	int flags = ns_clone_flags(c->plan->share);
	void *stack, *asan_save = NULL;
	pid_t pid;

	if (cgroup_fd >= 0) {
		pid = clone_into_cgroup(c, flags, cgroup_fd, err);
		if (pid != -2)
			return pid;
	}
	stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return error_set(err, errno, "allocate the child's stack");
	asan_stack_before_clone(&asan_save, stack, CHILD_STACK_SIZE);
	c->stack = stack;
	c->parent_frame = (uintptr_t)__builtin_frame_address(0);
	pid = clone(child_main, (char *)stack + CHILD_STACK_SIZE, flags | SIGCHLD, c);
	asan_stack_after_clone(asan_save);
	if (pid < 0) {
		int e = errno;
		(void)munmap(stack, CHILD_STACK_SIZE);
		return clone_failed(c, e, err);
	}
	/* The child has its own copy of the stack mapping; ours is no longer needed. */
	(void)munmap(stack, CHILD_STACK_SIZE);
	trace(c->plan->spec->verbose, "parent: cloned child %d (flags 0x%x)", (int)pid, (unsigned)flags);
	return pid;
}

/*
 * After the child's end: PROGRAM's status from init (MSG_EXIT), an error the sandbox
 * reported (an exec failure, say), if any; else the note PROGRAM's notice calls for,
 * now that its exit status is known. Returns 1 if there was an error.
 */
static int read_messages(struct sandbox *sb, int exit_code, struct run_result *res, struct error *err)
{
	union {
		struct error error;
		struct exec_notice notice;
		int wstatus;
	} got;

	/* What the wait loop read already is in sb; the rest is still queued. */
	while (!sb->reported) {
		struct error ignored;
		size_t len = 0;
		int type = channel_recv(sb->chan, &got, sizeof(got), &len, NULL, NULL, true, &ignored);

		if (type == MSG_NOTICE && len == sizeof(got.notice)) {
			keep_notice(sb, &got.notice);
		} else if (type == MSG_EXIT && len == sizeof(got.wstatus)) {
			sb->program_wstatus = got.wstatus;
			sb->program_exited = true;
		} else if (type == MSG_ERROR && len == sizeof(got.error)) {
			sb->report = got.error;
			sb->reported = true;
		} else {
			break;
		}
	}
	if (sb->program_exited) {
		res->wstatus = sb->program_wstatus;
		res->have_wstatus = true;
	}
	if (sb->reported) {
		*err = sb->report;
		err->msg[sizeof(err->msg) - 1] = '\0';
		if (err->status < 1 || err->status > 255)
			err->status = EXIT_ISOLATE;
		if (err->kind < ERRK_NONE || err->kind >= ERROR_KINDS)
			err->kind = ERRK_NONE;
		return 1;
	}
	if (sb->noticed)
		notice_print(sb->plan, &sb->notice, exit_code);
	return 0;
}

/* Clone, set up, wait, and fill res; undo everything made, on every path. */
static int run_sandbox(const struct plan *plan, struct run_result *res, struct error *err)
{
	struct sandbox sb = { .plan = plan, .child = -1, .chan = -1, .job = { .tty = -1 },
			      .instance = { .dir = -1, .lock = -1, .sealed = -1 } };
	struct child c = { .plan = plan, .parent = getpid() };
	struct limit_timers lt = { .wall = -1, .cpu = -1 };
	_cleanup_fd_ int caller = -1, chan = -1, child_end = -1;
	int fds[2], wstatus = 0, code;
	sigset_t waitset;
	size_t done = 0;
	bool failed;

	cgroup_init(&sb.cg);
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

	failed = parent_steps_run(&sb, &done, true, err) < 0;
	if (!failed) {
		c.cg = plan->cgroup.version != CG_NONE ? &sb.cg : NULL;
		sb.child = clone_child(&c, cgroup_clone_fd(&sb.cg), err);
		failed = sb.child < 0;
	}
	if (!failed) {
		close_fd(&child_end);
		sb.chan = chan;
		/* chan stays open until we return: the child watches it to know we are alive. */
		failed = parent_steps_run(&sb, &done, false, err) < 0 ||
			 wait_child(&sb, caller, &wstatus, &res->ru, &lt, err) < 0;
		if (failed)
			kill_child(sb.child);
		res->have_rusage = !failed;
	}
	close_fd(&lt.wall);
	close_fd(&lt.cpu);
	if (sb.started_set)
		res->wall_ns = since(&sb.started);
	/* wstatus is the child's only when nothing failed. */
	code = failed ? -1 : status_to_exit_code(wstatus);
	res->cg_version = plan->cgroup.version;
	if (plan->cgroup.version != CG_NONE && report_needs_stats(plan, code))
		cgroup_stats(&sb.cg, &res->cg);
	parent_steps_undo(&sb, done);
	if (failed || read_messages(&sb, code, res, err))
		return -1;
	/* With --as-pid-1 there is no init to send PROGRAM's status: it is the child's own. */
	if (!res->have_wstatus) {
		res->wstatus = wstatus;
		res->have_wstatus = true;
	}
	/* With --as-pid-1 the child is PROGRAM; otherwise init has said it already. */
	if (plan->spec->as_pid_1)
		(void)seccomp_explain_sigsys(plan, wstatus);
	res->exit_code = code;
	report_classify(plan, res, lt.timed_out, lt.cpu_out);
	return 0;
}

int sandbox_run(const struct plan *plan, int *exit_code, struct error *err)
{
	struct run_result res = { .status = RUN_EXITED };
	struct tty_state tty;
	int report_fd, r;

	/* First: an unwritable --report fails before anything is made. */
	report_fd = report_open(plan, err);
	if (report_fd == -1)
		return -1;
	tty_save(&tty);
	r = run_sandbox(plan, &res, err);
	tty_restore(&tty);
	if (r < 0) {
		res.status = RUN_ERROR;
		res.exit_code = err->status;
		res.message = err->msg;
	} else {
		*exit_code = res.exit_code;
		report_print_kill(plan, &res);
	}
	if (report_fd >= 0) {
		report_write(report_fd, plan, &res);
		if (report_fd != plan->spec->limits.report_fd)
			(void)close(report_fd); /* written in one write(2); nothing to retry */
	}
	return r;
}
