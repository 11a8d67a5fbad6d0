/* jobctl.h - the sandbox's own process group, and job control across it: the caller's
 * terminal is handed to the sandbox while it runs, and PROGRAM's stops are mirrored by
 * isolate, so the caller's shell sees its job stop and can continue it. */
#ifndef ISOLATE_JOBCTL_H
#define ISOLATE_JOBCTL_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

struct jobctl {
	int tty;          /* isolate's controlling terminal, -1 if none */
	bool own_tty;     /* tty was opened here (/dev/tty), not one of fds 0-2 */
	pid_t sandbox;    /* the sandbox's process group: its first process's pid */
	pid_t fg;         /* the group to give the terminal to when we get it back */
	bool handed;      /* the terminal is the sandbox's now, and ours to take back */
	bool rehand;      /* give it back when continued after a stop */
};

/*
 * Put the sandbox's first process in a process group of its own (before it execs), and
 * if isolate is its terminal's foreground job, and not part of a pipeline, make that
 * group the foreground.
 */
int jobctl_start(struct jobctl *j, pid_t child, struct error *err);
/* isolate's controlling terminal: one of fds 0-2, else /dev/tty opened (*own set), or -1. */
int jobctl_find_tty(bool *own);
/* Take the terminal back, if it was handed on and is not someone else's by now. */
void jobctl_end(struct jobctl *j);
/*
 * PROGRAM was stopped by sig: take the terminal back and stop isolate the same way,
 * so the caller's shell sees the job stop. Returns true when isolate has been continued
 * by a SIGCONT, which is pending and will be passed on; false when the kernel did not
 * stop us (an orphaned process group), and the sandbox must be continued at once.
 */
bool jobctl_stopped(struct jobctl *j, int sig);
/* isolate was continued: if it is the foreground job again, so is the sandbox. */
void jobctl_continued(struct jobctl *j);

#endif
