/* init.c - PID 1 inside the sandbox: fork PROGRAM, reap every child, pass signals on. */
#include "init.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"
#include "lifetime.h"
#include "seccomp-policy.h"
#include "signals.h"
#include "channel.h"
#include "util.h"

/* With --share=pid, isolate's death reaches init as this signal, to clean up first. */
#define DEATH_SIGNAL SIGRTMIN

/* PROGRAM's stack until it execs: the PATH search's buffer and the error path need some KiB. */
#define PROGRAM_STACK_SIZE (64 * 1024)

struct program_args {
	const struct plan *plan;
	struct exec_prep *prep;
	int report_fd;
	const sigset_t *program_mask;
	pid_t init;
};

static int program_main(void *arg)
{
	const struct program_args *p = arg;

	exec_program(p->plan, p->prep, p->report_fd, p->program_mask, p->init);
}

int init_protect(struct error *err)
{
	/*
	 * Non-dumpable: /proc/1/{exe,fd,mem,environ,...} of isolate's init then need
	 * CAP_SYS_PTRACE over the user namespace its memory belongs to, the host's
	 * (CVE-2019-5736 class): PROGRAM, even with --cap-add=SYS_PTRACE, cannot reopen
	 * the binary it runs under or read what init inherited.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_DUMPABLE)");
	return 0;
}

int status_to_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return EXIT_ISOLATE;
}

/*
 * As PID 1 we would ignore these (the kernel drops signals that PID 1 has no handler
 * for); blocked, they queue here. Those isolate passed on go to PROGRAM; SIGTSTP and
 * SIGCONT to PROGRAM's whole process group, as the terminal and a shell's `fg` send
 * them: a pipeline in the sandbox stops and resumes as a whole.
 */
static void pass_on(const struct plan *plan, pid_t program, int sig)
{
	pid_t target = program;

	if (sig == SIGCONT || sig == SIGTSTP) {
		pid_t pgrp = getpgid(program);

		if (pgrp > 0)
			target = -pgrp;
	}
	if (kill(target, sig) < 0 && errno != ESRCH)
		trace(plan->spec->verbose, "init: forward signal %d: %m", sig);
}

/*
 * Pids of our children, from /proc/self/task/TID/children (init is single-threaded);
 * returns how many were read, at most max, or -1 if the file cannot be read.
 */
static int read_children(pid_t *pids, int max)
{
	char path[64], buf[4096];
	_cleanup_fd_ int fd = -1;
	ssize_t n;
	int count = 0;

	(void)snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	if (fd < 0 || (n = read_all(fd, buf, sizeof(buf) - 1)) < 0)
		return -1;
	buf[n] = '\0';
	for (char *p = buf, *end; count < max; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		pids[count++] = (pid_t)v;
	}
	return count;
}

/*
 * With the host's PID namespace no kernel rule ends what PROGRAM left running when
 * init exits: background jobs and daemons would outlive isolate in the caller's
 * session (one later took the terminal with tcsetpgrp and read the user's typing).
 * As the subreaper, every orphan of PROGRAM's becomes our child: kill our children
 * until none is left; a dying one's own children come to us and go the same way.
 * Bounded: a SIGKILLed process forks no more, so each round shrinks the tree.
 */
static void end_descendants(const struct plan *plan)
{
	if (!(plan->share & NS_BIT(NS_PID)))
		return; /* our exit ends the PID namespace: the kernel kills what is left */
	for (int round = 0; round < 100000; round++) {
		pid_t pids[256];
		int n = read_children(pids, (int)ARRAY_SIZE(pids));

		/* A child is never reaped but by us, so its pid names it until waitpid. */
		for (int i = 0; i < n; i++)
			(void)kill(pids[i], SIGKILL); /* ESRCH: a zombie already; waitpid takes it */
		if (waitpid(-1, NULL, n == 0 ? WNOHANG : 0) < 0 && errno == ECHILD)
			return;
		if (n < 0) {
			trace(plan->spec->verbose, "init: cannot list children (%m); some may be left");
			return;
		}
	}
}

/* SIGCHLD coalesces: reap everything that has exited, orphans included. */
static void reap(const struct plan *plan, pid_t program, int chan)
{
	struct error ignored; /* isolate is gone if a send fails: nobody to tell */

	for (;;) {
		int wstatus;
		pid_t pid = waitpid(-1, &wstatus, WNOHANG | WUNTRACED);

		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		if (pid != program)
			continue;
		if (WIFSTOPPED(wstatus)) {
			int sig = WSTOPSIG(wstatus);

			/* isolate stops alike, so the caller's shell sees its job stop. */
			trace(plan->spec->verbose, "init: PROGRAM stopped by signal %d", sig);
			(void)channel_send(chan, MSG_STOPPED, &sig, sizeof(sig), NULL, 0, &ignored);
			continue;
		}
		trace(plan->spec->verbose, "init: PROGRAM exited, status %d", status_to_exit_code(wstatus));
		(void)seccomp_explain_sigsys(plan, wstatus);
		end_descendants(plan);
		/* Our exit code cannot tell "exit 137" from SIGKILL; the report can. */
		if (plan->report)
			(void)channel_send(chan, MSG_EXIT, &wstatus, sizeof(wstatus), NULL, 0, &ignored);
		_exit(status_to_exit_code(wstatus));
	}
}

/*
 * Without a PID namespace of our own we are not PID 1: orphans would go to the host's
 * init, and nothing would end them with us. Become their reaper, and have isolate's
 * death announced by a signal we can act on (end_descendants) rather than SIGKILL.
 * A SIGKILL to init itself still leaves them: only a cgroup could end them then.
 */
static int host_pid_namespace(const struct plan *plan, int chan, sigset_t *waitset, struct error *err)
{
	sigset_t death;
	int gone;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_CHILD_SUBREAPER)");
	/* Detached too: the parent is then the detached supervisor, whose end is ours (plan.h). */
	(void)plan;
	(void)sigemptyset(&death);
	(void)sigaddset(&death, DEATH_SIGNAL);
	if (sigprocmask(SIG_BLOCK, &death, NULL) < 0)
		return error_set(err, errno, "block the parent-death signal");
	(void)sigaddset(waitset, DEATH_SIGNAL);
	/* chan is the lifeline: isolate holds its other end until it exits. */
	gone = lifetime_tie_to_parent_signal(DEATH_SIGNAL, getppid(), chan, err);
	if (gone > 0)
		_exit(EXIT_ISOLATE); /* isolate is gone already; PROGRAM has not started */
	return gone;
}

/*
 * init lives as long as the sandbox, one in every live sandbox, and its stack pages stay
 * its own once written: those that only the way here used go back to the kernel. Below
 * this frame on the clone stack (setup_stack, NULL when clone3 ran us on a copy of the
 * parent's) lie the setup's frames: mounts, /etc files, netlink. PROGRAM's stack is dead
 * once it has exec'd. 21 KiB of PSS a live sandbox (bench/README.md). And on a clone
 * stack, our copy of the parent's stack is dead below the frame that cloned us
 * (parent_frame): its pages, written by the parent's steps before clone, stay shared
 * with the parent and so would outlive the parent's own give-back (sandbox.c;
 * main_stack_give_back). Best effort: a failure only keeps the memory. Never inlined:
 * "below this frame" must lie below every local of init_run, whose own frame holds
 * PROGRAM's stack and what init still uses.
 */
__attribute__((noinline)) static void give_back_dead_stack(char *setup_stack, uintptr_t parent_frame,
							   char *program_stack, size_t size)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)program_stack;
	uintptr_t lo = (start + page - 1) & ~(page - 1), hi = (start + size) & ~(page - 1);
	/* Two pages below this frame stay: madvise's own call uses the stack under it. */
	uintptr_t top = ((uintptr_t)__builtin_frame_address(0) & ~(page - 1)) - 2 * page;

	if (hi > lo)
		(void)madvise(program_stack + (lo - start), hi - lo, MADV_DONTNEED);
	if (setup_stack && top > (uintptr_t)setup_stack)
		(void)madvise(setup_stack, top - (uintptr_t)setup_stack, MADV_DONTNEED);
	if (setup_stack && parent_frame)
		main_stack_give_back(parent_frame - page);
}

void init_run(const struct plan *plan, int report_fd, const sigset_t *program_mask, char *setup_stack,
	      uintptr_t parent_frame)
{
	char stack[PROGRAM_STACK_SIZE] __attribute__((aligned(16)));
	struct exec_prep prep;
	struct program_args args = { plan, &prep, report_fd, program_mask, getpid() };
	struct error err = { 0 };
	sigset_t waitset;
	pid_t program;

	/* Whatever PROGRAM's last mile needs memory for, made here, where allocating is safe. */
	if (exec_prepare(plan, &prep, &err) < 0)
		child_fail(report_fd, &err);
	/* The wait set is still blocked from the parent, so nothing is lost before sigwaitinfo. */
	signals_wait_set(&waitset);
	if ((plan->share & NS_BIT(NS_PID)) && host_pid_namespace(plan, report_fd, &waitset, &err) < 0)
		child_fail(report_fd, &err);
	/*
	 * CLONE_VM|CLONE_VFORK, as posix_spawn does: PROGRAM shares our memory until it
	 * execs, and we sleep until then, so the kernel copies no page tables and neither
	 * side takes copy-on-write faults. fork() here was the largest cost isolate added
	 * to a start over the kernel's floor (bench/README.md). PROGRAM runs on a stack of
	 * its own so it cannot clobber our frames, and only calls exec_program, which ends
	 * in execve or _exit, and allocates nothing (exec_prepare did, above).
	 */
	program = clone(program_main, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
	if (program < 0) {
		int e = errno;
		error_set(&err, e, "fork PROGRAM '%s'", plan->spec->argv[0]);
		if (e == EAGAIN)
			error_hint(&err, "the process limit is reached: see ulimit -u");
		child_fail(report_fd, &err);
	}
	trace(plan->spec->verbose, "init: PROGRAM '%s' is pid %d in the sandbox", plan->spec->argv[0], (int)program);
	/*
	 * report_fd stays open: it tells isolate when PROGRAM stops (job control) and, with
	 * --report, PROGRAM's wait status, which our exit code cannot carry ("exit 137" and
	 * SIGKILL look alike).
	 */
	/* The parent's "running" step waits for this: PROGRAM's execve is done (or it failed,
	 * and said so first). */
	(void)channel_send(report_fd, MSG_RUNNING, NULL, 0, NULL, 0, &err);
	give_back_dead_stack(setup_stack, parent_frame, stack, sizeof(stack));
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&waitset, &si);

		if (sig < 0)
			continue; /* EINTR: nothing to do but wait again */
		if (sig == SIGCHLD) {
			reap(plan, program, report_fd);
		} else if (sig == DEATH_SIGNAL) {
			trace(plan->spec->verbose, "init: isolate is gone; ending what PROGRAM started");
			end_descendants(plan);
			_exit(EXIT_ISOLATE);
		} else if (signals_from_isolate(&si)) {
			pass_on(plan, program, sig);
		}
	}
}
