/* init.h - PID 1 of the sandbox: runs PROGRAM, reaps, forwards signals. */
#ifndef ISOLATE_INIT_H
#define ISOLATE_INIT_H

#include <signal.h>

#include "config.h"

/* Fork PROGRAM (PID 2), then reap and forward until it exits; exit with its status. */
_Noreturn void init_run(const struct isolate_config *cfg, int report_fd, const sigset_t *program_mask);

/* PROGRAM's wait status as a shell would report it: the exit code, or 128+signal. */
int status_to_exit_code(int wstatus);

#endif
