/* signals.h - which signals isolate passes on to PROGRAM, and how each arrives once. */
#ifndef ISOLATE_SIGNALS_H
#define ISOLATE_SIGNALS_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Fill *set with the forwarded signals plus SIGCHLD: the set the parent and init wait on. */
void signals_wait_set(sigset_t *set);
/* At start: put back to default the inherited dispositions isolate relies on. */
void signals_reset_inherited(void);
/* isolate: pass sig on to the sandbox's first process (init, or PROGRAM with --as-pid-1). */
int signals_pass_on(pid_t pid, int sig, bool to_program);
/* init: whether a signal it received was passed on by isolate, and so goes on to PROGRAM. */
bool signals_from_isolate(const siginfo_t *si);

#endif
