/* lifetime.h - who ends with whom. The one place that arms "die with the caller" and
 * checks that the caller is still there: the sandbox with isolate, helpers with isolate,
 * PROGRAM with init, and (--die-with-parent) isolate with the process that started it. */
#ifndef ISOLATE_LIFETIME_H
#define ISOLATE_LIFETIME_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/*
 * In a child: get SIGKILL when the parent dies, then make sure it has not died already
 * (the parent may have gone before the call). The parent is alive if getppid() is still
 * expected_parent, or, when lifeline is not -1, if that fd (an end of a socketpair or
 * pipe the parent holds open) has not hung up: a check that also works across a PID
 * namespace, where getppid() says 0. Returns 1 if the parent is gone, 0 if armed, -1
 * with err. The kernel clears the signal at every credential change, so call it again
 * after setresuid/setresgid.
 */
int lifetime_tie_to_parent(pid_t expected_parent, int lifeline, struct error *err);
/* The same with another signal than SIGKILL, for a child that must clean up first. */
int lifetime_tie_to_parent_signal(int sig, pid_t expected_parent, int lifeline, struct error *err);

/*
 * --die-with-parent: a pidfd of isolate's parent process, which becomes readable when
 * that process (all its threads) has exited; -1 with err if it is gone already. Unlike
 * PR_SET_PDEATHSIG, which fires when the *thread* that forked us exits, this follows
 * the process: a multi-threaded caller may fork from a short-lived thread.
 */
int lifetime_watch_caller(struct error *err);

/*
 * Give fd a second holder: a forked copy of isolate that keeps nothing else and gets
 * SIGKILL when isolate exits or is killed. When the caller then closes fd, what the
 * kernel does on the last close happens after isolate's caller has its exit status.
 * For a close that waits (the nftables table owner's socket; see lifetime.c). If the
 * fork fails, the caller's close is the last, as without it.
 */
void lifetime_hold_past_exit(int fd);

struct spec;

/*
 * --detach: fork the supervisor, which goes on in a session of its own with stdin from
 * /dev/null and stdout and stderr to --log FILE (or /dev/null), and returns 0. The
 * command itself waits for the supervisor's word: once PROGRAM runs it prints the
 * instance's name and returns 1 with *exit_code 0; if the sandbox failed it returns -2
 * with the supervisor's err (which the supervisor reported to --json-status-fd), and
 * -1 with err if the supervisor could not be started.
 */
int lifetime_detach(const struct spec *spec, int *exit_code, struct error *err);

/* In the detached supervisor: tell the command that PROGRAM runs as name, or why not.
 * Nothing happens when not detached, or when the word was given already. */
int lifetime_detached_ready(const char *name, struct error *err);
void lifetime_detached_failed(const struct error *err);

#endif
