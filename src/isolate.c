/* isolate.c - main: the command line into a spec, the host's facts and the spec into a
 * plan, the plan into a sandbox run, and its end into isolate's exit status. */
#include "cli.h"
#include "hostfacts.h"
#include "plan.h"
#include "landlock.h"
#include "sandbox.h"
#include "seccomp-policy.h"
#include "signals.h"
#include "util.h"

int main(int argc, char **argv)
{
	struct spec spec;
	struct hostfacts facts;
	struct plan plan;
	struct error err = { 0 };
	int code = EXIT_ISOLATE;

	/* Before anything is opened or printed; nowhere to report if even this fails. */
	if (std_fds_open() < 0)
		return EXIT_ISOLATE;
	signals_reset_inherited();
	switch (cli_parse(argc, argv, &spec, &err)) {
	case CLI_EXIT:
		spec_free(&spec);
		return 0;
	case CLI_ERROR:
		error_print(&err);
		spec_free(&spec);
		return EXIT_ISOLATE;
	case CLI_RUN:
		break;
	}
	hostfacts_probe(&spec, &facts);
	if (plan_resolve(&spec, &facts, &plan, &err) < 0 || seccomp_prepare(&plan, &err) < 0) {
		error_print(&err);
		spec_free(&spec);
		return err.status;
	}
	landlock_trace(&plan);
	if (sandbox_run(&plan, &code, &err) < 0) {
		error_print(&err);
		code = err.status;
	}
	seccomp_policy_free(&plan);
	spec_free(&spec);
	return code;
}
