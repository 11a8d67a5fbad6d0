/* join.h - --join NAME [PROGRAM ARGS...]: run PROGRAM inside a running instance. */
#ifndef ISOLATE_JOIN_H
#define ISOLATE_JOIN_H

#include "hostfacts.h"
#include "spec.h"
#include "util.h"

/*
 * Enter every namespace the instance made (one setns on its init's pidfd), then run
 * PROGRAM (default: $SHELL, else /bin/sh) with the ids, capabilities and no_new_privs
 * the instance's PROGRAM has now, as read from the kernel (never from the record), at
 * most; pass signals on and wait. 0 with *exit_code, or -1 with err.
 */
int join_run(const struct spec *spec, const struct hostfacts *facts, int *exit_code, struct error *err);

#endif
