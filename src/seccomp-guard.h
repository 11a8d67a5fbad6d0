/* seccomp-guard.h - the terminal-injection guard: its rule and its classic-BPF program.
 *
 * PROGRAM shares the caller's terminal and session (a new session would take Ctrl-C,
 * Ctrl-Z and job control away from the shell). On that terminal, ioctl(TIOCSTI) pushes
 * bytes into the input queue, which the caller's shell reads once PROGRAM exits: a
 * sandbox escape (CVE-2017-5226 in bubblewrap). TIOCLINUX's selection paste does the
 * same on a virtual console. The guard fails both with EPERM and allows everything else.
 *
 * Two users: seccomp-policy.c installs this program on its own under --seccomp FILE and
 * unconfined, and gen-seccomp.c builds the same test into the default profile, proving
 * at build time that the one program judges as this one stacked on the profile would.
 */
#ifndef ISOLATE_SECCOMP_GUARD_H
#define ISOLATE_SECCOMP_GUARD_H

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#error "the guard reads the low word of an argument at offset 0: little-endian only"
#endif

/*
 * The ioctl number must be checked for each ABI a process can enter the kernel with
 * (x86-64 programs can make i386 and x32 system calls).
 */
#if defined(__x86_64__)
#define GUARD_ARCH_NATIVE AUDIT_ARCH_X86_64
#define GUARD_ARCH_COMPAT AUDIT_ARCH_I386
#define GUARD_NR_X32_IOCTL (0x40000000u | 514u) /* x32's own ioctl entry */
#elif defined(__aarch64__)
#define GUARD_ARCH_NATIVE AUDIT_ARCH_AARCH64
#define GUARD_ARCH_COMPAT AUDIT_ARCH_ARM
#define GUARD_NR_X32_IOCTL __NR_ioctl /* no x32: repeat the native number */
#else
#error "add this architecture's ABIs and ioctl numbers to seccomp-guard.h"
#endif
/* The ioctl number of i386 and of 32-bit ARM alike. */
#define GUARD_NR_COMPAT_IOCTL 54u

/*
 * The request is an unsigned int to the kernel, so only the low 32 bits of the argument
 * are compared (little-endian: the low word of args[1] comes first).
 */
#define GUARD_LOAD_REQUEST BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]))

static const struct sock_filter seccomp_tty_guard_prog[] = {
	/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, GUARD_ARCH_NATIVE, 0, 4),
	/* 2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 5, 0),
	/* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, GUARD_NR_X32_IOCTL, 4, 0),
	/* 5 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, GUARD_ARCH_COMPAT, 0, 5),
	/* 7 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	/* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, GUARD_NR_COMPAT_IOCTL, 0, 3),
	/* 9 */ GUARD_LOAD_REQUEST,
	/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0),
	/* 11 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0),
	/* 12 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	/* 13 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
};

#endif
