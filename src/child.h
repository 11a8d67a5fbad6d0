/* child.h - the sandbox side of a run: what clone(2) starts. */
#ifndef ISOLATE_CHILD_H
#define ISOLATE_CHILD_H

#include <signal.h>

#include "config.h"

struct child_args {
	const struct isolate_config *cfg;
	int go_fd;          /* read end: "go" from the parent; hang-up = the parent died */
	int report_fd;      /* write end, close-on-exec: errors to the parent */
	int close_fds[2];   /* the parent's ends, closed first thing */
	sigset_t program_mask; /* the signal mask isolate was started with, for PROGRAM */
};

/* clone(2) entry point; never returns to the caller's code. */
int child_main(void *arg);

#endif
