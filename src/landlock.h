/* landlock.h - Landlock rules for PROGRAM (see landlock.c). */
#ifndef ISOLATE_LANDLOCK_H
#define ISOLATE_LANDLOCK_H

#include "plan.h"
#include "util.h"

/* The kernel's Landlock ABI version (1...), or -errno when it has none (ENOSYS, EOPNOTSUPP). */
int landlock_abi(void);

/*
 * In the process about to exec PROGRAM, when plan->landlock: restrict it to read and
 * execute everywhere, read-write under each --rw path and the terminal and null
 * devices; no TCP when plan->landlock_deny_tcp (ABI 4); no signals or abstract sockets
 * out of the sandbox (ABI 6). Needs no_new_privs or CAP_SYS_ADMIN. Allocates nothing.
 */
int landlock_apply(const struct plan *plan, struct error *err);

/* With -v: what this kernel's ABI enforces of the above, and what it cannot. */
void landlock_trace(const struct plan *plan);

#endif
