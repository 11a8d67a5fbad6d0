/* spawn.c - parent side: clone the child into new namespaces, set it up from outside,
 * release it, pass signals on and turn its end into isolate's exit status. */
#include "spawn.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "asan-stack.h"
#include "child.h"
#include "init.h"
#include "net.h"
#include "signals.h"
#include "sync.h"
#include "tty.h"
#include "userns.h"

/* The child runs its setup, libcap and execvp on this stack before PROGRAM replaces it. */
#define CHILD_STACK_SIZE ((size_t)256 * 1024)

static int clone_flags(const struct isolate_config *cfg)
{
	static const int flag_of[NS_COUNT] = {
		[NS_USER] = CLONE_NEWUSER, [NS_NET] = CLONE_NEWNET, [NS_UTS] = CLONE_NEWUTS,
		[NS_IPC] = CLONE_NEWIPC,   [NS_MNT] = CLONE_NEWNS,  [NS_PID] = CLONE_NEWPID,
	};
	int flags = 0;

	for (int ns = 0; ns < NS_COUNT; ns++)
		if (!(cfg->share & NS_BIT(ns)))
			flags |= flag_of[ns];
	return flags;
}

/* --die-with-parent: isolate dies with its parent, and its child (see child_main) with it. */
static int die_with_parent(struct error *err)
{
	pid_t parent = getppid();

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return error_set(err, errno, "--die-with-parent: prctl(PR_SET_PDEATHSIG)");
	/* The parent may have died before prctl: then we were reparented already. */
	if (getppid() != parent)
		return error_set(err, 0, "--die-with-parent: the parent process has already exited");
	return 0;
}

/* Kill and reap a child that will not be released; used on every failure after clone. */
static void kill_child(pid_t pid)
{
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* Wait for the child's end, forwarding signals meanwhile. The wait set is blocked. */
static int wait_child(const struct isolate_config *cfg, pid_t pid, int *wstatus, struct error *err)
{
	sigset_t waitset;

	signals_wait_set(&waitset);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&waitset, &si);

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return error_set(err, errno, "sigwaitinfo");
		}
		if (sig == SIGCHLD) {
			pid_t r = waitpid(pid, wstatus, WNOHANG);
			if (r == pid)
				return 0;
			if (r < 0 && errno != EINTR)
				return error_set(err, errno, "waitpid %d", (int)pid);
			continue;
		}
		if (signals_should_forward(&si)) {
			trace(cfg->verbose, "parent: forwarding signal %d to the sandbox", sig);
			if (kill(pid, sig) < 0 && errno != ESRCH)
				return error_set(err, errno, "forward signal %d", sig);
		}
	}
}

/* Host-side setup between clone and "go". */
static int parent_setup(const struct isolate_config *cfg, pid_t pid, struct sync_go *go,
			struct net_host *host, struct error *err)
{
	if (userns_write_maps(cfg, pid, err) < 0)
		return error_wrap(err, "id map"), -1;
	/*
	 * Last, as nothing after it may fail but the release itself: a failure inside
	 * net_parent_setup deletes the host end it made, and from "go" on the pair lives
	 * and dies with the sandbox's network namespace. pasta, which would keep that
	 * namespace alive, is ended by net_parent_end once the child is reaped.
	 */
	if (net_parent_setup(cfg, pid, go, host, err) < 0)
		return -1;
	go->magic = SYNC_GO_MAGIC;
	return 0;
}

static int run_sandbox(const struct isolate_config *cfg, int *exit_code, struct error *err)
{
	_cleanup_fd_ int go_rd = -1, go_wr = -1, rep_rd = -1, rep_wr = -1;
	struct child_args args = { .cfg = cfg };
	struct net_host host = { 0 };
	struct sync_go go = { 0 };
	sigset_t waitset;
	int fds[2], flags, wstatus = 0;
	void *stack, *asan_save = NULL;
	bool failed;
	pid_t pid;

	if (cfg->die_with_parent && die_with_parent(err) < 0)
		return -1;

	/* Block before clone so no signal or SIGCHLD slips by before sigwaitinfo. */
	signals_wait_set(&waitset);
	if (sigprocmask(SIG_BLOCK, &waitset, &args.program_mask) < 0)
		return error_set(err, errno, "block signals");

	if (pipe2(fds, O_CLOEXEC) < 0)
		return error_set(err, errno, "create the sync pipe");
	go_rd = fds[0];
	go_wr = fds[1];
	/* Non-blocking read end: the report is read once the child is gone, never waited for. */
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return error_set(err, errno, "create the report pipe");
	rep_rd = fds[0];
	rep_wr = fds[1];
	args.go_fd = go_rd;
	args.report_fd = rep_wr;
	args.close_fds[0] = go_wr;
	args.close_fds[1] = rep_rd;

	stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return error_set(err, errno, "allocate the child's stack");

	/*
	 * One clone creates every namespace, the user namespace first (the kernel does it
	 * first within one call): it then owns the others, so the child holds capabilities
	 * over its own net, uts, ipc, mount and PID namespaces even when we are unprivileged.
	 */
	flags = clone_flags(cfg);
	asan_stack_before_clone(&asan_save, stack, CHILD_STACK_SIZE);
	pid = clone(child_main, (char *)stack + CHILD_STACK_SIZE, flags | SIGCHLD, &args);
	asan_stack_after_clone(asan_save);
	if (pid < 0) {
		int e = errno;
		(void)munmap(stack, CHILD_STACK_SIZE);
		error_set(err, e, "clone new namespaces");
		userns_explain_clone_failure(cfg, e, err);
		if (e == EAGAIN)
			error_hint(err, "the process limit is reached: see ulimit -u");
		return -1;
	}
	/* The child has its own copy of the stack mapping; ours is no longer needed. */
	(void)munmap(stack, CHILD_STACK_SIZE);
	trace(cfg->verbose, "parent: cloned child %d (flags 0x%x)", (int)pid, (unsigned)flags);
	close_fd(&go_rd);
	close_fd(&rep_wr);

	/* go_wr stays open until we return: the child watches it to know we are alive. */
	failed = parent_setup(cfg, pid, &go, &host, err) < 0 || sync_send_go(go_wr, &go, err) < 0 ||
		 wait_child(cfg, pid, &wstatus, err) < 0;
	if (failed)
		kill_child(pid);
	net_parent_end(cfg, &host);
	if (failed || sync_read_report(rep_rd, err))
		return -1;
	*exit_code = status_to_exit_code(wstatus);
	return 0;
}

int spawn_run(const struct isolate_config *cfg, int *exit_code, struct error *err)
{
	struct tty_state tty;
	int r;

	tty_save(&tty);
	r = run_sandbox(cfg, exit_code, err);
	tty_restore(&tty);
	return r;
}
