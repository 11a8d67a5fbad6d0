/* rlimit-apply.h - the --rlimit values, set on the sandbox from outside (prlimit) before
 * PROGRAM starts. */
#ifndef ISOLATE_RLIMIT_APPLY_H
#define ISOLATE_RLIMIT_APPLY_H

#include <sys/types.h>

#include "plan.h"
#include "util.h"

/* Set each --rlimit on pid (the sandbox's init, or PROGRAM itself with --as-pid-1). */
int rlimits_apply(const struct plan *p, pid_t pid, struct error *err);

#endif
