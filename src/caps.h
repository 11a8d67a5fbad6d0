/* caps.h - the capability policy PROGRAM runs under. */
#ifndef ISOLATE_CAPS_H
#define ISOLATE_CAPS_H

#include <stdint.h>

#include "plan.h"
#include "util.h"

/* The default set, as capability bits (see caps.c for why each is there). */
uint64_t caps_default(void);

/* The capabilities PROGRAM will hold (its effective set), as bits. */
uint64_t caps_program(const struct plan *plan);

/*
 * In the process that will exec PROGRAM, as root of the user namespace with full
 * capabilities: cut the bounding set, switch to --uid/--gid, and leave exactly the
 * configured set in the permitted, effective and inheritable sets (and ambient for a
 * non-root PROGRAM).
 */
int caps_apply(const struct plan *plan, struct error *err);

#endif
