/* proc.h - a process named safely: its pid with its start time, and a pidfd taken so
 * that a pid reused by another process is never signalled or entered. */
#ifndef ISOLATE_PROC_H
#define ISOLATE_PROC_H

#include <sys/types.h>

#include "util.h"

/* /proc/PID/stat: the parent's pid (field 4) and the start time (field 22, clock ticks
 * since boot). -1 with errno. */
int proc_stat(pid_t pid, pid_t *ppid, unsigned long long *start);

/*
 * A pidfd of the process pid that started at start: taken first, then the start time
 * read, then the pidfd checked alive. If it is alive after the read, pid still named
 * it during the read, so the start time was its own: a pidfd for the very process
 * that was recorded. -2 if that process is gone (or pid names another now), -1 with err.
 */
int proc_pidfd(pid_t pid, unsigned long long start, struct error *err);

/* Send sig through a pidfd. -1 with errno (ESRCH: the process has exited). */
int proc_signal(int pidfd, int sig);

#endif
