/* signals.h - which signals isolate passes on to PROGRAM, shared by the parent and init. */
#ifndef ISOLATE_SIGNALS_H
#define ISOLATE_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

/* Fill *set with the forwarded signals plus SIGCHLD: the set the parent and init wait on. */
void signals_wait_set(sigset_t *set);
/* At start: put back to default the inherited dispositions isolate relies on. */
void signals_reset_inherited(void);
/* Whether a received signal must be passed on, or PROGRAM already has its own copy. */
bool signals_should_forward(int si_code);

#endif
