/* seccomp-policy.h - the system call filters PROGRAM runs under (see seccomp-policy.c). */
#ifndef ISOLATE_SECCOMP_POLICY_H
#define ISOLATE_SECCOMP_POLICY_H

#include <linux/audit.h>
#include <stdbool.h>
#include <sys/syscall.h>

#include "plan.h"
#include "util.h"

/* This architecture as the kernel, a profile ("architectures", "includes.arches") and libseccomp name it. */
#if defined(__x86_64__)
#define SECCOMP_NATIVE_AUDIT_ARCH AUDIT_ARCH_X86_64
#define SECCOMP_COMPAT_AUDIT_ARCH AUDIT_ARCH_I386
#define SECCOMP_NATIVE_ARCH_NAME "SCMP_ARCH_X86_64"
#define SECCOMP_NATIVE_GO_ARCH "amd64"
#elif defined(__aarch64__)
#define SECCOMP_NATIVE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#define SECCOMP_COMPAT_AUDIT_ARCH AUDIT_ARCH_ARM
#define SECCOMP_NATIVE_ARCH_NAME "SCMP_ARCH_AARCH64"
#define SECCOMP_NATIVE_GO_ARCH "arm64"
#else
#error "add this architecture's audit arch and names to seccomp-policy.h (its ioctl numbers go to seccomp-guard.h)"
#endif
#define SECCOMP_NATIVE_NR_EXECVE __NR_execve

/* Before the sandbox is created: compile a --seccomp FILE into plan->seccomp_file. */
int seccomp_prepare(struct plan *plan, struct error *err);

/* After the run: free what seccomp_prepare() made. */
void seccomp_policy_free(struct plan *plan);

/*
 * In the process about to exec PROGRAM: install the terminal-injection guard, the
 * profile, and --disable-userns's filter. Allocates nothing. Needs no_new_privs, or
 * CAP_SYS_ADMIN in the sandbox's user namespace.
 */
int seccomp_install(const struct plan *plan, struct error *err);

/*
 * If wstatus says PROGRAM was killed by SIGSYS and the profile has actions that do
 * that, print one line saying so (naming the system call when only one can be it).
 * Returns whether it printed.
 */
bool seccomp_explain_sigsys(const struct plan *plan, int wstatus);

#endif
