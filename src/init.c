/* init.c - PID 1 inside the sandbox: fork PROGRAM, reap every child, pass signals on. */
#include "init.h"

#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"
#include "seccomp-policy.h"
#include "signals.h"
#include "channel.h"
#include "util.h"

/* PROGRAM's stack until it execs: the PATH search's buffer and the error path need some KiB. */
#define PROGRAM_STACK_SIZE (64 * 1024)

struct program_args {
	const struct plan *plan;
	struct exec_prep *prep;
	int report_fd;
	const sigset_t *program_mask;
	pid_t init;
};

static int program_main(void *arg)
{
	const struct program_args *p = arg;

	exec_program(p->plan, p->prep, p->report_fd, p->program_mask, p->init);
}

int init_protect(struct error *err)
{
	/*
	 * Non-dumpable: /proc/1/{exe,fd,mem,environ,...} of isolate's init then need
	 * CAP_SYS_PTRACE over the user namespace its memory belongs to, the host's
	 * (CVE-2019-5736 class): PROGRAM, even with --cap-add=SYS_PTRACE, cannot reopen
	 * the binary it runs under or read what init inherited.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_DUMPABLE)");
	return 0;
}

int status_to_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_ISOLATE;
}

void init_run(const struct plan *plan, int report_fd, const sigset_t *program_mask)
{
	char stack[PROGRAM_STACK_SIZE] __attribute__((aligned(16)));
	struct exec_prep prep;
	struct program_args args = { plan, &prep, report_fd, program_mask, getpid() };
	struct error err = { 0 };
	sigset_t waitset;
	pid_t program;

	/* Whatever PROGRAM's last mile needs memory for, made here, where allocating is safe. */
	if (exec_prepare(plan, &prep, &err) < 0)
		child_fail(report_fd, &err);
	/*
	 * Without a PID namespace of our own we are not PID 1, so orphans would go to
	 * the host's init; become their reaper instead.
	 */
	if ((plan->share & NS_BIT(NS_PID)) && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		error_set(&err, errno, "prctl(PR_SET_CHILD_SUBREAPER)");
		child_fail(report_fd, &err);
	}

	/* The wait set is still blocked from the parent, so nothing is lost before sigwaitinfo. */
	signals_wait_set(&waitset);
	/*
	 * CLONE_VM|CLONE_VFORK, as posix_spawn does: PROGRAM shares our memory until it
	 * execs, and we sleep until then, so the kernel copies no page tables and neither
	 * side takes copy-on-write faults. fork() here was the largest cost isolate added
	 * to a start over the kernel's floor (bench/README.md). PROGRAM runs on a stack of
	 * its own so it cannot clobber our frames, and only calls exec_program, which ends
	 * in execve or _exit, and allocates nothing (exec_prepare did, above).
	 */
	program = clone(program_main, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
	if (program < 0) {
		int e = errno;
		error_set(&err, e, "fork PROGRAM '%s'", plan->spec->argv[0]);
		if (e == EAGAIN)
			error_hint(&err, "the process limit is reached: see ulimit -u");
		child_fail(report_fd, &err);
	}
	trace(plan->spec->verbose, "init: PROGRAM '%s' is pid %d in the sandbox", plan->spec->argv[0], (int)program);
	/*
	 * PROGRAM holds its own copy until exec; ours goes, so that init holds nothing but
	 * 0-2. With --report it stays, for one message: PROGRAM's wait status, which our exit
	 * code cannot carry ("exit 137" and SIGKILL look alike).
	 */
	if (!plan->report) {
		(void)close(report_fd);
		report_fd = -1;
	}

	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&waitset, &si);

		if (sig < 0)
			continue; /* EINTR: nothing to do but wait again */
		if (sig != SIGCHLD) {
			/*
			 * As PID 1 we would ignore these (the kernel drops signals that PID 1 has
			 * no handler for); blocked, they queue here and go on to PROGRAM.
			 */
			if (signals_should_forward(si.si_code) && kill(program, sig) < 0 && errno != ESRCH)
				trace(plan->spec->verbose, "init: forward signal %d: %m", sig);
			continue;
		}
		/* SIGCHLD coalesces: reap everything that has exited, orphans included. */
		for (;;) {
			int wstatus;
			pid_t pid = waitpid(-1, &wstatus, WNOHANG);

			if (pid < 0 && errno == EINTR)
				continue;
			if (pid <= 0)
				break;
			if (pid == program) {
				trace(plan->spec->verbose, "init: PROGRAM exited, status %d",
				      status_to_exit_code(wstatus));
				(void)seccomp_explain_sigsys(plan, wstatus);
				/* Our exit code cannot tell "exit 137" from SIGKILL; the report can. */
				if (report_fd >= 0)
					(void)channel_send(report_fd, MSG_EXIT, &wstatus, sizeof(wstatus), NULL, 0, &err);
				/* Our exit ends the PID namespace: the kernel kills what is left. */
				_exit(status_to_exit_code(wstatus));
			}
		}
	}
}
