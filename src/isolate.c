/* isolate.c - main: the command line into a spec, the host's facts and the spec into a
 * plan, the plan into a sandbox run (or an operation on a named instance), and its end
 * into isolate's exit status and the --json-status-fd report. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "asan-stack.h"
#include "cli.h"
#include "hostfacts.h"
#include "instance.h"
#include "join.h"
#include "landlock.h"
#include "lifetime.h"
#include "plan.h"
#include "sandbox.h"
#include "seccomp-policy.h"
#include "status.h"
#include "signals.h"
#include "util.h"

/* The status fds go to tools, never to helpers or PROGRAM (0-2 are PROGRAM's anyway). */
static void keep_status_fds(const struct spec *s)
{
	const int fds[] = { s->info_fd, s->json_status_fd };

	for (size_t i = 0; i < ARRAY_SIZE(fds); i++)
		if (fds[i] > STDERR_FILENO)
			(void)fcntl(fds[i], F_SETFD, FD_CLOEXEC); /* checked open by the plan */
}

/* A new sandbox: 0 with *code, 1 when the detached command is done, -1 with err. */
static int run_plan(const struct spec *spec, struct plan *plan, int *code, struct error *err)
{
	keep_status_fds(spec);
	if (plan->lifetime == LIFETIME_DETACHED) {
		int r = lifetime_detach(spec, code, err);

		if (r == 1)
			return 1;
		if (r == -2) /* the supervisor's failure, reported by the supervisor */
			return error_print(err), *code = err->status, 1;
		if (r < 0)
			return -1;
	}
	landlock_trace(plan);
	if (sandbox_run(plan, code, err) < 0) {
		lifetime_detached_failed(err);
		return -1;
	}
	return 0;
}

static int run(const struct spec *spec, const struct hostfacts *facts, int *code, struct error *err)
{
	struct plan plan;
	int r;

	if (plan_resolve(spec, facts, &plan, err) < 0)
		return -1;
	r = seccomp_prepare(&plan, err) < 0 ? -1 : run_plan(spec, &plan, code, err);
	seccomp_policy_free(&plan);
	return r;
}

int main(int argc, char **argv)
{
	struct spec spec;
	struct hostfacts facts;
	struct error err = { 0 };
	int code = EXIT_ISOLATE, r;

	/* Before anything is opened or printed; nowhere to report if even this fails. */
	if (std_fds_open() < 0)
		return EXIT_ISOLATE;
	signals_reset_inherited();
	switch (cli_parse(argc, argv, &spec, &err)) {
	case CLI_EXIT:
		spec_free(&spec);
		return 0;
	case CLI_ERROR:
		error_default_kind(&err, ERRK_CONFIG);
		error_print(&err);
		status_error(&spec, &err);
		spec_free(&spec);
		return EXIT_ISOLATE;
	case CLI_RUN:
		break;
	}
	hostfacts_probe(&spec, &facts);
	switch (spec.op) {
	case OP_RUN:
		r = run(&spec, &facts, &code, &err);
		break;
	case OP_JOIN:
		r = join_run(&spec, &facts, &code, &err);
		break;
	case OP_LIST:
	case OP_STOP:
	case OP_SIGNAL:
	default:
		r = instance_operate(&spec, &facts, &err);
		code = 0;
		break;
	}
	if (r < 0) {
		error_print(&err);
		status_error(&spec, &err);
		code = err.status;
	} else if (r == 0) {
		status_exit(&spec, code);
	}
	spec_free(&spec);
#ifdef ISOLATE_ASAN
	return code; /* LeakSanitizer checks in exit() */
#else
	/*
	 * Of what exit() does, only the flush of stdio's streams matters here: isolate
	 * registers no exit handler, and the kernel frees the rest. The C library's handlers
	 * and destructors write pages that clone(2) write-protected when it shared them
	 * with the child, each first write a fault; _exit() after the flush measured
	 * 0.07-0.10 ms faster a run (bench/README.md).
	 */
	(void)fflush(NULL);
	_exit(code);
#endif
}
