/* cli.h - the command-line front-end: argv -> struct spec. */
#ifndef ISOLATE_CLI_H
#define ISOLATE_CLI_H

#include "spec.h"
#include "util.h"

enum cli_result {
	CLI_RUN,   /* the spec is filled: run PROGRAM */
	CLI_EXIT,  /* --help or --version was printed: exit 0 */
	CLI_ERROR, /* err is filled: usage error, exit 125 */
};

/* Fill *spec (spec_init'ed here; the caller spec_free's it on every result). */
enum cli_result cli_parse(int argc, char **argv, struct spec *s, struct error *err);

#endif
