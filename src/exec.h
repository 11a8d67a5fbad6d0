/* exec.h - the last steps before PROGRAM: environment, fds, privileges, directory, execve. */
#ifndef ISOLATE_EXEC_H
#define ISOLATE_EXEC_H

#include <signal.h>

#include "plan.h"

/*
 * Close every fd PROGRAM must not see: all but 0-2, the --preserve-fds range and
 * keep_fd (the report pipe, which is close-on-exec and goes at execve).
 */
int close_other_fds(const struct plan *plan, int keep_fd, struct error *err);

/*
 * parent is the process PROGRAM must die with when the PID namespace is the host's
 * (init, or isolate with --as-pid-1). Set up PROGRAM's environment, ids, capabilities, filters, fds and directory, then
 * exec it (PATH search). On failure report to the parent and exit 125, 126 or 127.
 */
_Noreturn void exec_program(const struct plan *plan, int report_fd,
			    const sigset_t *program_mask, pid_t parent);

#endif
