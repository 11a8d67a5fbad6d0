/* jobctl.c - the sandbox's process group and the terminal (see jobctl.h).
 *
 * Why a group of its own: a process group is a host object. Sharing the caller's let
 * PROGRAM's kill(0, sig) reach the calling shell script and its pipeline peers,
 * outside every namespace (the kernel checks only ids, and rootless they are the
 * caller's). In its own group, kill(0) reaches the sandbox alone, and the caller's
 * group id names nothing in a PID namespace of the sandbox's own.
 *
 * Job control then works as a shell does it for its jobs: the foreground group of
 * the terminal gets Ctrl-C, Ctrl-Z and window changes, so the sandbox's group is
 * made the foreground while isolate is (unless isolate is part of a pipeline); when
 * PROGRAM stops, isolate takes the terminal back and stops too, and on `fg` gives it
 * back and continues the sandbox. */
#include "jobctl.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

/* Our controlling terminal: tcgetpgrp() answers only for that one. */
int jobctl_find_tty(bool *own)
{
	int fd;

	*own = false;
	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (tcgetpgrp(fd) >= 0)
			return fd;
	/* Redirected fds, but a terminal still controls us: PROGRAM may open /dev/tty. */
	fd = TEMP_FAILURE_RETRY(open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC));
	if (fd >= 0 && tcgetpgrp(fd) < 0) {
		(void)close(fd);
		return -1;
	}
	*own = fd >= 0;
	return fd;
}

/*
 * tcsetpgrp from a background group sends SIGTTOU to the caller unless it is blocked;
 * the parent keeps SIGTTOU blocked for its whole run (sandbox.c), so this does not stop
 * us. Best effort: a terminal that hung up meanwhile has no foreground to set.
 */
static void give_terminal(const struct jobctl *j, pid_t pgrp)
{
	(void)tcsetpgrp(j->tty, pgrp);
}

/*
 * In a pipeline (`isolate ls | less`) the job's other commands share isolate's group
 * and may read the terminal themselves: taking the foreground for the sandbox would
 * stop less at its first key. Then the sandbox runs in the background of the job,
 * and the terminal's signals, which reach isolate, are passed on to it.
 */
static bool in_pipeline(void)
{
	for (int fd = STDIN_FILENO; fd <= STDOUT_FILENO; fd++) {
		struct stat st;

		if (fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
			return true;
	}
	return false;
}

int jobctl_start(struct jobctl *j, pid_t child, struct error *err)
{
	*j = (struct jobctl){ .tty = -1, .sandbox = child, .fg = child };
	/*
	 * Done here, not in the child, so it holds before "start" whatever the child's
	 * progress (the way shells put a job in its group from both sides). The child has
	 * not exec'd yet, so the kernel allows it.
	 */
	if (setpgid(child, child) < 0)
		return error_set(err, errno, "setpgid(%d): a process group for the sandbox", (int)child);
	j->tty = jobctl_find_tty(&j->own_tty);
	if (j->tty >= 0 && tcgetpgrp(j->tty) == getpgrp() && !in_pipeline()) {
		if (tcsetpgrp(j->tty, child) < 0)
			return error_set(err, errno, "tcsetpgrp: hand the terminal to the sandbox");
		j->handed = true;
	}
	return 0;
}

void jobctl_end(struct jobctl *j)
{
	pid_t now;

	if (j->tty < 0)
		return;
	now = tcgetpgrp(j->tty);
	/* Still given to the sandbox (or to a group PROGRAM made): ours again. */
	if (j->handed && now >= 0 && now != getpgrp())
		give_terminal(j, getpgrp());
	j->handed = false;
	if (j->own_tty)
		(void)close(j->tty);
	j->tty = -1;
}

bool jobctl_stopped(struct jobctl *j, int sig)
{
	sigset_t one, old, pending;

	/* On `fg`, the terminal goes back to the sandbox if it had it, or if it stopped for
	 * want of it (a read or, with tostop, a write from the background). */
	j->rehand = j->handed || sig == SIGTTIN || sig == SIGTTOU;
	if (j->tty >= 0 && j->handed) {
		pid_t now = tcgetpgrp(j->tty);

		/* The group that had the terminal (PROGRAM may have made its own) gets it back. */
		if (now > 0 && now != getpgrp())
			j->fg = now;
		give_terminal(j, getpgrp());
		j->handed = false;
	}
	/*
	 * Stop as PROGRAM did, so the shell reports it alike ("Stopped (tty input)"). A
	 * stop signal that is blocked (SIGTTOU is, see above) is taken at the unblock.
	 */
	(void)sigemptyset(&one);
	(void)sigaddset(&one, sig);
	(void)kill(getpid(), sig);
	(void)sigprocmask(SIG_UNBLOCK, &one, &old);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	/*
	 * We get here once continued. SIGCONT stays blocked for the signalfd, so it is
	 * pending if we were stopped; if not, the kernel discarded the stop signal, as it
	 * does for an orphaned process group, which nobody could continue.
	 */
	return sigpending(&pending) == 0 && sigismember(&pending, SIGCONT) == 1;
}

void jobctl_continued(struct jobctl *j)
{
	if (j->tty < 0 || j->handed || !j->rehand || tcgetpgrp(j->tty) != getpgrp())
		return; /* continued in the background (`bg`): the terminal stays the shell's */
	give_terminal(j, j->fg);
	j->handed = true;
	j->rehand = false;
}
