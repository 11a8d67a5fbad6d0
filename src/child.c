/* child.c - the sandbox side: wait for "go", run the child's step table (steps.c), pass
 * the "created" and "start" barriers, then become init or PROGRAM. */
#include "child.h"

#include "asan-stack.h"
#include "channel.h"
#include "exec.h"
#include "init.h"
#include "landlock.h"
#include "lifetime.h"
#include "steps.h"

_Static_assert(sizeof(struct landlock_ids) <= CHANNEL_MAX_PAYLOAD, "the Landlock ids fit one message");

/* Take what the parent sends until "go": the network's payload, if any. */
static void receive_until_go(struct child *c)
{
	struct error err = { 0 };

	for (;;) {
		struct net_child_info net;
		size_t len = 0;

		switch (channel_recv(c->chan, &net, sizeof(net), &len, NULL, NULL, false, &err)) {
		case MSG_NET:
			if (len == sizeof(net))
				c->net = net;
			break;
		case MSG_GO:
			return;
		default:
			/* EOF: the parent failed and reports it itself, or is gone. */
			_exit(EXIT_ISOLATE);
		}
	}
}

void child_take_overlay(struct child *c, int lent[2])
{
	struct error err = { 0 };
	int fds[CHANNEL_MAX_FDS];
	size_t nfds = 0;

	lent[0] = lent[1] = -1;
	if (channel_recv(c->chan, NULL, 0, NULL, fds, &nfds, false, &err) != MSG_FS) {
		while (nfds > 0)
			(void)close(fds[--nfds]);
		_exit(EXIT_ISOLATE); /* as above: the parent reports, or is gone */
	}
	/* None: the host side could not make it, and we make our own (fs_lend_overlay). */
	if (nfds >= 1)
		lent[0] = fds[0];
	if (nfds >= 2)
		lent[1] = fds[1];
	while (nfds > 2)
		(void)close(fds[--nfds]);
}

int child_main(void *arg)
{
	asan_stack_in_child();
	child_run(arg);
}

void child_run(struct child *c)
{
	struct error err = { 0 };

	(void)close(c->parent_chan);
	/*
	 * If isolate dies (even by SIGKILL) the sandbox must die with it, or PROGRAM would
	 * run on unsupervised. If it died before this call, our channel has hung up. A
	 * detached sandbox is tied the same way, to its supervisor: only the supervisor
	 * outlives the command (see lifetime.h).
	 */
	{
		int gone = lifetime_tie_to_parent(c->parent, c->chan, &err);

		if (gone < 0)
			child_fail(c->chan, &err);
		if (gone)
			_exit(EXIT_ISOLATE);
	}
	if (c->plan->await_go)
		receive_until_go(c);
	if (child_steps_run(c, &err) < 0)
		child_fail(c->chan, &err);

	/* Nobody makes our process group before "start" (jobctl.c) in this plan: PROGRAM
	 * begins in one of its own all the same. A signal sent to the caller's job's group
	 * reaches isolate, which passes it on once, not the sandbox a second time. */
	if (!c->plan->await_start && setpgid(0, 0) < 0) {
		error_set(&err, errno, "setpgid: a process group for the sandbox");
		child_fail(c->chan, &err);
	}
	/* Set up: tell the parent, and wait for the word to start PROGRAM if the plan has
	 * the parent do something first. A named instance under Landlock: with what each
	 * rule's path names now, before anything of PROGRAM's has run, for its joiners
	 * (landlock.h). */
	if (c->plan->landlock && c->plan->register_name) {
		struct landlock_ids ids; /* 3 KiB, of the child's 256 */

		landlock_rule_ids(c->plan, &ids);
		if (channel_send(c->chan, MSG_CREATED, &ids, sizeof(ids), NULL, 0, &err) < 0)
			child_fail(c->chan, &err);
	} else if (channel_send(c->chan, MSG_CREATED, NULL, 0, NULL, 0, &err) < 0) {
		child_fail(c->chan, &err);
	}
	if (c->plan->await_start && channel_recv(c->chan, NULL, 0, NULL, NULL, NULL, false, &err) != MSG_START)
		_exit(EXIT_ISOLATE);

	if (c->plan->spec->as_pid_1) {
		struct exec_prep prep;

		if (exec_prepare(c->plan, &prep, &err) < 0)
			child_fail(c->chan, &err);
		exec_program(c->plan, &prep, c->chan, &c->program_mask, c->parent);
	}
	init_run(c->plan, c->chan, &c->program_mask, c->stack, c->parent_frame);
}
