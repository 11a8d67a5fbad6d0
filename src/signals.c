/* signals.c - the forwarded signal set, and the rule that delivers each signal once. */
#include "signals.h"

#include <unistd.h>

/*
 * SIGTSTP too: when the sandbox is not the terminal's foreground (isolate in a
 * pipeline), Ctrl-Z reaches isolate alone, and the sandbox must stop with the job;
 * PROGRAM's stop then stops isolate (jobctl.c).
 */
static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT, SIGTSTP,
};

void signals_wait_set(sigset_t *set)
{
	(void)sigemptyset(set);
	for (unsigned i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		(void)sigaddset(set, forwarded[i]);
	(void)sigaddset(set, SIGCHLD);
}

void signals_reset_inherited(void)
{
	/*
	 * An ignored disposition survives execve, so a caller can start us with SIGCHLD
	 * ignored (perl's $SIG{CHLD}="IGNORE", some daemons). The kernel then reaps our
	 * children unseen and sends no SIGCHLD: isolate and init would wait forever, and
	 * PROGRAM's own wait(2) would fail with ECHILD. Reset it for all three. Other
	 * ignored signals (nohup's SIGHUP, a background job's SIGINT) are the caller's
	 * choice for PROGRAM and stay: isolate reads its own through a signalfd, where
	 * a blocked signal is queued whatever its disposition.
	 */
	(void)signal(SIGCHLD, SIG_DFL); /* cannot fail for a valid signal number */
}

/*
 * The rule, in two halves. The sandbox runs in a process group of its own (jobctl.c),
 * so whatever reaches isolate, through its own pid, its process group (kill -- -PGID,
 * a supervisor) or its terminal while isolate's group is the foreground, did not
 * reach the sandbox: isolate passes every one on, whatever its si_code. That includes
 * the kernel's SIGHUP to a session leader on a hangup (ssh -t, setsid, script).
 *
 * init, in turn, passes on only what isolate handed it: everything else that reaches
 * init directly reached PROGRAM too (the terminal's signals to the sandbox's foreground
 * group, a kill of the sandbox's group or of every process in a cgroup) or came from
 * inside (PROGRAM's kill(0, ...)). isolate marks its copies by sending them with
 * sigqueue(3), si_code SI_QUEUE, which init checks together with the sender: its parent.
 */
int signals_pass_on(pid_t pid, int sig, bool to_program)
{
	union sigval v = { .sival_int = 0 };

	/* With --as-pid-1 the sandbox's first process is PROGRAM: no init to mark it for. */
	if (to_program)
		return kill(pid, sig);
	return sigqueue(pid, sig, v);
}

bool signals_from_isolate(const siginfo_t *si)
{
	/* Across a PID namespace the sender's pid reads 0, and so does getppid(). */
	return si->si_code == SI_QUEUE && si->si_pid == getppid();
}
