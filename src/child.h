/* child.h - the sandbox side of a run: what clone(2) starts. */
#ifndef ISOLATE_CHILD_H
#define ISOLATE_CHILD_H

#include <signal.h>

#include "fs.h"
#include "net.h"
#include "plan.h"

struct child {
	const struct plan *plan;
	pid_t parent;          /* isolate's pid, as isolate sees it */
	int chan;              /* our end: messages, the parent's lifeline, error reports */
	int parent_chan;       /* the parent's end, closed first thing */
	sigset_t program_mask; /* the signal mask isolate was started with, for PROGRAM */
	struct net_child_info net; /* MSG_NET's payload, if the parent sent one */
	struct fs_generated files; /* /etc files the child's domains ask fs_setup to put in place */
	char *stack;           /* the clone stack's lowest address; NULL: on a copy of the parent's (clone3) */
	uintptr_t parent_frame; /* with a clone stack: the frame that cloned us; our copy of the parent's stack below it is dead */
	const struct cgroup *cg; /* the sandbox's cgroup, made before clone; NULL: none */
	bool in_cgroup;        /* clone started us in it (CLONE_INTO_CGROUP): nothing to join */
};

/* clone(2) entry point; never returns to the caller's code. */
int child_main(void *arg);
/* The same, for a child that clone3 started on a copy of the parent's stack. */
_Noreturn void child_run(struct child *c);
/* --ephemeral's overlay the parent made (fs_lend_overlay), sent after "go" so that it is
 * made while our first steps run (fs_setup says when it needs it): wait for it. lent: its
 * fds, or -1 (none made). If the parent fails or is gone instead, exit: the parent
 * reports. */
void child_take_overlay(struct child *c, int lent[2]);

#endif
