/* cli.h - command line -> struct isolate_config. */
#ifndef ISOLATE_CLI_H
#define ISOLATE_CLI_H

#include "config.h"
#include "util.h"

enum cli_result {
	CLI_RUN,   /* cfg is filled: run PROGRAM */
	CLI_EXIT,  /* --help or --version was printed: exit 0 */
	CLI_ERROR, /* err is filled: usage error, exit 125 */
};

enum cli_result cli_parse(int argc, char **argv, struct isolate_config *cfg, struct error *err);

#endif
