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
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "seccomp-builtin.h"
#include "seccomp-file.h"

/*
 * PROGRAM shares the caller's terminal and session (a new session would take Ctrl-C,
 * Ctrl-Z and job control away from the shell). On that terminal, ioctl(TIOCSTI)
 * pushes bytes into the input queue, which the caller's shell reads once PROGRAM
 * exits: a sandbox escape. TIOCLINUX's selection paste does the same on a virtual
 * console. The filter fails both with EPERM and allows everything else.
 *
 * The ioctl number must be checked for each ABI a process can enter the kernel with
 * (x86-64 programs can make i386 and x32 system calls); the request is an unsigned
 * int to the kernel, so only the low 32 bits of the argument are compared.
 */
#define LOAD_ARCH BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))
#define LOAD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
/* Little-endian: the low word of args[1] comes first. */
#define LOAD_REQUEST BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]))
#define DENY BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#error "the filter reads the low word of an argument at offset 0: little-endian only"
#endif

#define ARCH_NATIVE SECCOMP_NATIVE_AUDIT_ARCH
#define ARCH_COMPAT SECCOMP_COMPAT_AUDIT_ARCH
/* The ioctl number of i386 and of 32-bit ARM alike. */
#define NR_COMPAT_IOCTL 54
#if defined(__x86_64__)
#define X32_SYSCALL_BIT 0x40000000u
#define NR_X32_IOCTL (X32_SYSCALL_BIT | 514u)
#else
#define NR_X32_IOCTL __NR_ioctl /* no x32: repeat the native number */
#endif

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

static int deny_tty_injection(struct error *err)
{
	struct sock_filter code[] = {
		/* 0 */ LOAD_ARCH,
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_NATIVE, 0, 4),
		/* 2 */ LOAD_NR,
		/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 5, 0),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_X32_IOCTL, 4, 0),
		/* 5 */ ALLOW,
		/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_COMPAT, 0, 5),
		/* 7 */ LOAD_NR,
		/* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NR_COMPAT_IOCTL, 0, 3),
		/* 9 */ LOAD_REQUEST,
		/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0),
		/* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0),
		/* 12 */ ALLOW,
		/* 13 */ DENY,
	};
	return install(code, ARRAY_SIZE(code), 0, "the TIOCSTI seccomp filter", err);
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
	 * the caller's.
	 */
	if (deny_tty_injection(err) < 0)
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
