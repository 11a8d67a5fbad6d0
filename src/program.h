/* program.h - the last steps before PROGRAM: environment, fds, privileges, directory, execve. */
#ifndef ISOLATE_PROGRAM_H
#define ISOLATE_PROGRAM_H

#include <signal.h>

#include "config.h"

/*
 * Close every fd PROGRAM must not see: all but 0-2, the --preserve-fds range and
 * keep_fd (the report pipe, which is close-on-exec and goes at execve).
 */
int close_other_fds(const struct isolate_config *cfg, int keep_fd, struct error *err);

/*
 * Set up PROGRAM's environment, ids, capabilities, filters, fds and directory, then
 * exec it (PATH search). On failure report to the parent and exit 125, 126 or 127.
 */
_Noreturn void exec_program(const struct isolate_config *cfg, int report_fd,
			    const sigset_t *program_mask);

#endif
