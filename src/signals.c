/* signals.c - the forwarded signal set, and the rule that keeps Ctrl-C from arriving twice. */
#include "signals.h"

static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT,
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

bool signals_should_forward(int si_code)
{
	/*
	 * The terminal driver signals the whole foreground process group at once
	 * (Ctrl-C, Ctrl-\, window resize) with si_code SI_KERNEL. isolate, its init and
	 * PROGRAM share that process group, so PROGRAM got its own copy: passing it on
	 * would deliver it twice. Signals sent with kill(2) reach only isolate and are
	 * passed on.
	 */
	return si_code != SI_KERNEL;
}
