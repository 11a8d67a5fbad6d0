/* seccomp-policy.c - the system call filters PROGRAM runs under: the terminal-injection
 * guard (always), the profile (the built-in default, a --seccomp FILE, or none), and
 * --disable-userns. Each is a classic-BPF program ready before PROGRAM's last steps: the
 * built-in ones were compiled at build time (gen-seccomp.c), a FILE before the sandbox
 * was created (seccomp-file.c), so installing allocates nothing (exec.c's rule). */
#include "seccomp-policy.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "seccomp-builtin.h"
#include "seccomp-file.h"
#include "seccomp-guard.h"

static int install(const struct sock_filter *code, size_t len, unsigned flags, const char *what,
		   struct error *err)
{
	struct sock_fprog prog = { .len = (unsigned short)len, .filter = (struct sock_filter *)code };

	/*
	 * Needs no_new_privs or CAP_SYS_ADMIN in our user namespace: exec.c installs the
	 * filters after no_new_privs, or before the capabilities go when it is not set.
	 */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) < 0)
		return error_set(err, errno, "install %s", what);
	return 0;
}

/* The guard of seccomp-guard.h on its own, for the profiles that do not hold it. */
static int deny_tty_injection(struct error *err)
{
	return install(seccomp_tty_guard_prog, ARRAY_SIZE(seccomp_tty_guard_prog), 0, "the TIOCSTI seccomp filter",
		       err);
}

int seccomp_prepare(struct plan *plan, struct error *err)
{
	if (plan->spec->seccomp != SECCOMP_FILE)
		return 0;
	return seccomp_file_compile(plan, &plan->seccomp_file, err);
}

void seccomp_policy_free(struct plan *plan)
{
	free(plan->seccomp_file.prog);
	plan->seccomp_file.prog = NULL;
}

int seccomp_install(const struct plan *plan, struct error *err)
{
	/*
	 * The guard stays under every profile, unconfined included: docker's profiles allow
	 * TIOCSTI because docker gives a container a terminal of its own, and isolate shares
	 * the caller's. The default profile holds it (gen-seccomp.c): one filter, not two,
	 * since the kernel JIT-compiles each filter on its own, ~40 us even for the guard's
	 * 14 instructions (bench/README.md).
	 */
	if (plan->spec->seccomp != SECCOMP_DEFAULT && deny_tty_injection(err) < 0)
		return -1;
	switch (plan->spec->seccomp) {
	case SECCOMP_DEFAULT:
		if (install(seccomp_default_prog, ARRAY_SIZE(seccomp_default_prog), 0,
			    "the default seccomp profile", err) < 0)
			return -1;
		break;
	case SECCOMP_FILE:
		if (install(plan->seccomp_file.prog, plan->seccomp_file.len, plan->seccomp_file.flags,
			    plan->spec->seccomp_origin, err) < 0)
			return -1;
		break;
	case SECCOMP_UNCONFINED:
		break;
	}
	/* Stacked: the kernel acts on the most restrictive answer of all filters. */
	if (plan->spec->disable_userns &&
	    install(seccomp_nouserns_prog, ARRAY_SIZE(seccomp_nouserns_prog), 0, "--disable-userns", err) < 0)
		return -1;
	return 0;
}

bool seccomp_explain_sigsys(const struct plan *plan, int wstatus)
{
	const struct seccomp_compiled *f = &plan->seccomp_file;

	/*
	 * Only a profile with a kill or trap action ends a process with SIGSYS (the built-in
	 * filters return errors); otherwise the signal came from elsewhere, e.g. kill(1).
	 * The kernel does not tell a parent which call it was; the audit log does
	 * (type=1326, "syscall=N"), and the profile may name only one.
	 */
	if (!WIFSIGNALED(wstatus) || WTERMSIG(wstatus) != SIGSYS || plan->spec->seccomp != SECCOMP_FILE ||
	    (!f->default_sigsys && !f->sigsys[0]))
		return false;
	if (!f->default_sigsys && !strchr(f->sigsys, ','))
		(void)fprintf(stderr, "isolate: %s was stopped by the seccomp profile: syscall %s\n",
			      plan->spec->argv[0], f->sigsys);
	else
		(void)fprintf(stderr, "isolate: %s was stopped by the seccomp profile: syscall %s%s (the kernel does not tell a parent which; the audit log does: dmesg, type=1326)\n",
			      plan->spec->argv[0], f->default_sigsys ? "not allowed by its defaultAction" : "one of ",
			      f->default_sigsys ? "" : f->sigsys);
	return true;
}
