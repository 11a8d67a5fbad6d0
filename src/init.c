/* init.c - PID 1 inside the sandbox: fork PROGRAM, reap every child, pass signals on. */
#include "init.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "program.h"
#include "signals.h"
#include "sync.h"
#include "util.h"

int status_to_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_ISOLATE;
}

void init_run(const struct isolate_config *cfg, int report_fd, const sigset_t *program_mask)
{
	struct error err = { 0 };
	sigset_t waitset;
	pid_t program;

	/*
	 * Without a PID namespace of our own we are not PID 1, so orphans would go to
	 * the host's init; become their reaper instead.
	 */
	if ((cfg->share & NS_BIT(NS_PID)) && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		error_set(&err, errno, "prctl(PR_SET_CHILD_SUBREAPER)");
		child_fail(report_fd, &err);
	}

	/* The wait set is still blocked from the parent, so nothing is lost before sigwaitinfo. */
	signals_wait_set(&waitset);
	program = fork();
	if (program < 0) {
		int e = errno;
		error_set(&err, e, "fork PROGRAM '%s'", cfg->argv[0]);
		if (e == EAGAIN)
			error_hint(&err, "the process limit is reached: see ulimit -u");
		child_fail(report_fd, &err);
	}
	if (program == 0)
		exec_program(cfg, report_fd, program_mask);
	trace(cfg->verbose, "init: PROGRAM '%s' is pid %d in the sandbox", cfg->argv[0], (int)program);
	/* PROGRAM holds its own copy until exec; ours must not keep the pipe open. */
	(void)close(report_fd);

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
			if (signals_should_forward(&si) && kill(program, sig) < 0 && errno != ESRCH)
				trace(cfg->verbose, "init: forward signal %d: %m", sig);
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
				trace(cfg->verbose, "init: PROGRAM exited, status %d",
				      status_to_exit_code(wstatus));
				/* Our exit ends the PID namespace: the kernel kills what is left. */
				_exit(status_to_exit_code(wstatus));
			}
		}
	}
}
