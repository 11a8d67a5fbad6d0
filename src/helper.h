/* helper.h - finding and running the few helper programs isolate may use
 * (newuidmap/newgidmap, pasta), without a shell. */
#ifndef ISOLATE_HELPER_H
#define ISOLATE_HELPER_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/*
 * Find name in PATH (or /usr/bin:/bin without one) as an executable regular file
 * and store its path. On failure err says which package provides it.
 */
int helper_find(const char *name, const char *package, char *path, size_t size,
		struct error *err);

/*
 * Start path with argv and return at once: standard input and output on /dev/null,
 * standard error into a pipe whose read end (close-on-exec) goes to *stderr_fd,
 * keep_fd (unless -1) inherited across execve. The helper runs in a session of its
 * own and gets SIGKILL when isolate dies. The caller reaps *pid.
 */
int helper_spawn(const char *path, char *const argv[], int keep_fd, pid_t *pid, int *stderr_fd,
		 struct error *err);

/*
 * Run path with argv (argv[0] is the name used in messages), standard input and
 * output on /dev/null, and wait for it. If it fails, err holds the first line it
 * wrote on standard error, or its exit status.
 */
int helper_run(const char *path, char *const argv[], struct error *err);

#endif
