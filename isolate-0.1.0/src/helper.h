/* helper.h - finding and running the few helper programs isolate may use
 * (newuidmap/newgidmap), without a shell. */
#ifndef ISOLATE_HELPER_H
#define ISOLATE_HELPER_H

#include <stddef.h>

#include "util.h"

/*
 * Find name in PATH (or /usr/bin:/bin without one) as an executable regular file
 * and store its path. On failure err says which package provides it.
 */
int helper_find(const char *name, const char *package, char *path, size_t size,
		struct error *err);

/*
 * Run path with argv (argv[0] is the name used in messages), standard input and
 * output on /dev/null, and wait for it. If it fails, err holds the first line it
 * wrote on standard error, or its exit status.
 */
int helper_run(const char *path, char *const argv[], struct error *err);

#endif
