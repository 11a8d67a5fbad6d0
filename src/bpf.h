/* bpf.h - a classic-BPF evaluator for seccomp programs: what a filter answers for one
 * system call, computed in user space. Pure (no I/O, no globals). The build-time
 * generator checks the default profile against libseccomp's with it, the unit tests read
 * the default filter's verdicts with it, and isolate asks a --seccomp profile whether it
 * lets PROGRAM's execve through before starting anything. */
#ifndef ISOLATE_BPF_H
#define ISOLATE_BPF_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Run prog (len instructions) on data, as the kernel's seccomp does. Returns the
 * SECCOMP_RET_* value the filter returns, or SECCOMP_RET_KILL_PROCESS for a program
 * the kernel would refuse to load (a jump or load out of range, an instruction seccomp
 * does not allow, no return at the end).
 */
uint32_t bpf_seccomp_eval(const struct sock_filter *prog, size_t len, const struct seccomp_data *data);

/* Of several stacked filters' results, the one the kernel acts on (seccomp(2)). */
uint32_t bpf_seccomp_stack(uint32_t first, uint32_t later);

#endif
