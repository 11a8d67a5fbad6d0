/* isolate.c - main: parse the command line, run the sandbox, exit with its status. */
#include "cli.h"
#include "config.h"
#include "spawn.h"
#include "util.h"

int main(int argc, char **argv)
{
	struct isolate_config cfg;
	struct error err = { 0 };
	int code;

	switch (cli_parse(argc, argv, &cfg, &err)) {
	case CLI_EXIT:
		config_free(&cfg);
		return 0;
	case CLI_ERROR:
		error_print(&err);
		config_free(&cfg);
		return EXIT_ISOLATE;
	case CLI_RUN:
		break;
	}
	if (config_finalize(&cfg, &err) < 0 || spawn_run(&cfg, &code, &err) < 0) {
		error_print(&err);
		code = err.status;
	}
	config_free(&cfg);
	return code;
}
