/* exec.h - the last steps before PROGRAM: environment, fds, privileges, directory, execve. */
#ifndef ISOLATE_EXEC_H
#define ISOLATE_EXEC_H

#include <signal.h>

#include "plan.h"

/*
 * Close every fd PROGRAM must not see: all but 0-2, the --preserve-fds range and
 * keep_n fds from keep_fd on (the report pipe, which is close-on-exec and goes at
 * execve; and what the child's setup still needs).
 */
int close_other_fds(const struct plan *plan, int keep_fd, unsigned keep_n, struct error *err);

/*
 * What PROGRAM's last mile needs, made beforehand by init (or, with --as-pid-1, by the
 * child): PROGRAM runs in init's memory until it execs (CLONE_VM|CLONE_VFORK, init.c)
 * on a small stack, so it allocates nothing and sizes no array by the input.
 */
struct exec_prep {
	char **envp;         /* PROGRAM's environment */
	const char *path;    /* the PATH to search: PROGRAM's, or execvp's default */
	char **sh_argv;      /* "/bin/sh", SCRIPT (set at exec), ARGS..., NULL */
	char listen_pid[32]; /* "LISTEN_PID=N", written by PROGRAM itself; in envp with --preserve-fds */
};

/* Apply PROGRAM's environment (to this process's own) and make *prep. */
int exec_prepare(const struct plan *plan, struct exec_prep *prep, struct error *err);

/*
 * parent is the process PROGRAM must die with when the PID namespace is the host's
 * (init, or isolate with --as-pid-1). Set up PROGRAM's ids, capabilities, filters, fds
 * and directory, then exec it as execvp(3) would (PATH search, a script without #!
 * through /bin/sh), but a binary for another machine is ENOEXEC, as in bash. On
 * failure report to the parent and exit 125, 126 or 127 (env(1)'s codes).
 */
_Noreturn void exec_program(const struct plan *plan, struct exec_prep *prep, int report_fd,
			    const sigset_t *program_mask, pid_t parent);

#endif
