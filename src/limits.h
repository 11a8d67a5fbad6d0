/* limits.h - the limits the parent enforces on the sandbox from outside: rlimits set on
 * the child before PROGRAM starts, and the time limits' signals. */
#ifndef ISOLATE_LIMITS_H
#define ISOLATE_LIMITS_H

#include <sys/types.h>

#include "plan.h"
#include "util.h"

/* Set each --rlimit on pid (the sandbox's init, or PROGRAM itself with --as-pid-1). */
int limits_set_rlimits(const struct plan *p, pid_t pid, struct error *err);

#endif
