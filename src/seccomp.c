/* seccomp.c - a classic-BPF seccomp filter against terminal injection (CVE-2017-5226 class). */
#include "seccomp.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

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

#if defined(__x86_64__)
#define ARCH_NATIVE AUDIT_ARCH_X86_64
#define ARCH_COMPAT AUDIT_ARCH_I386
#define NR_COMPAT_IOCTL 54
#define X32_SYSCALL_BIT 0x40000000u
#define NR_X32_IOCTL (X32_SYSCALL_BIT | 514u)
#elif defined(__aarch64__)
#define ARCH_NATIVE AUDIT_ARCH_AARCH64
#define ARCH_COMPAT AUDIT_ARCH_ARM
#define NR_COMPAT_IOCTL 54
#define NR_X32_IOCTL __NR_ioctl /* no x32: repeat the native number */
#else
#error "add this architecture's audit arch and ioctl numbers to seccomp.c"
#endif

int seccomp_deny_tty_injection(struct error *err)
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
	struct sock_fprog prog = { .len = (unsigned short)ARRAY_SIZE(code), .filter = code };

	/*
	 * Needs no_new_privs or CAP_SYS_ADMIN in our user namespace; callers install it
	 * while root of the sandbox still holds its capabilities, so both modes work.
	 */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
		return error_set(err, errno, "install the TIOCSTI seccomp filter");
	return 0;
}
