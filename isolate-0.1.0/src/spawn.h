/* spawn.h - the parent side of a run: clone, set up, release, wait, exit status. */
#ifndef ISOLATE_SPAWN_H
#define ISOLATE_SPAWN_H

#include "config.h"
#include "util.h"

/* Run the sandbox to its end. Returns 0 with *exit_code set, or -1 with err (err->status). */
int spawn_run(const struct isolate_config *cfg, int *exit_code, struct error *err);

#endif
