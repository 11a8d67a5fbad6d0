/* init.h - PID 1 of the sandbox: runs PROGRAM, reaps, forwards signals. */
#ifndef ISOLATE_INIT_H
#define ISOLATE_INIT_H

#include <signal.h>

#include "plan.h"
#include "util.h"

/* Fork PROGRAM (PID 2), then reap and forward until it exits; exit with its status. */
_Noreturn void init_run(const struct plan *plan, int report_fd, const sigset_t *program_mask, char *setup_stack,
			uintptr_t parent_frame);

/* In the child before init starts: make init's /proc files unreachable from PROGRAM. */
int init_protect(struct error *err);

/* PROGRAM's wait status as a shell would report it: the exit code, or 128+signal. */
int status_to_exit_code(int wstatus);

#endif
