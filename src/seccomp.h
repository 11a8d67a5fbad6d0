/* seccomp.h - the ioctl filter that keeps PROGRAM from typing into the caller's terminal. */
#ifndef ISOLATE_SECCOMP_H
#define ISOLATE_SECCOMP_H

#include "util.h"

/* Make ioctl(TIOCSTI) and ioctl(TIOCLINUX) fail with EPERM for this process and its children. */
int seccomp_deny_tty_injection(struct error *err);

#endif
