/* child.c - the sandbox side: wait for "go", run the child's step table (steps.c), pass
 * the "created" and "start" barriers, then become init or PROGRAM. */
#include "child.h"

#include "asan-stack.h"
#include "channel.h"
#include "exec.h"
#include "init.h"
#include "lifetime.h"
#include "steps.h"

/* Take what the parent sends until "go": domain payloads, each into its place. */
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
	 * run on unsupervised. If it died before this call, our channel has hung up.
	 */
	if (c->plan->lifetime == LIFETIME_ATTACHED) {
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

	/* Set up: tell the parent, and wait for the word to start PROGRAM. */
	if (channel_send(c->chan, MSG_CREATED, NULL, 0, NULL, 0, &err) < 0)
		child_fail(c->chan, &err);
	if (channel_recv(c->chan, NULL, 0, NULL, NULL, NULL, false, &err) != MSG_START)
		_exit(EXIT_ISOLATE);

	if (c->plan->spec->as_pid_1) {
		struct exec_prep prep;

		if (exec_prepare(c->plan, &prep, &err) < 0)
			child_fail(c->chan, &err);
		exec_program(c->plan, &prep, c->chan, &c->program_mask, c->parent);
	}
	init_run(c->plan, c->chan, &c->program_mask);
}
