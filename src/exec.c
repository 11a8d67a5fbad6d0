/* exec.c - PROGRAM's last steps: environment, fds, no_new_privs, seccomp, capabilities,
 * directory, then execve with its failure reported as 126/127. */
#include "exec.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "seccomp.h"
#include "channel.h"
#include "lifetime.h"
#include "util.h"

int close_other_fds(const struct plan *plan, int keep_fd, struct error *err)
{
	unsigned first = 3 + plan->spec->preserve_fds;

	/* keep_fd is ours, opened after the caller's preserved fds, so it lies above them. */
	if (keep_fd >= 0 && (unsigned)keep_fd >= first) {
		if ((unsigned)keep_fd > first && close_range(first, (unsigned)keep_fd - 1, 0) < 0)
			return error_set(err, errno, "close inherited fds");
		first = (unsigned)keep_fd + 1;
	}
	if (close_range(first, ~0U, 0) < 0)
		return error_set(err, errno, "close inherited fds");
	return 0;
}

static int apply_environment(const struct plan *plan, struct error *err)
{
	if (plan->spec->clearenv && clearenv() != 0)
		return error_set(err, ENOMEM, "--clearenv");
	for (size_t i = 0; i < plan->spec->env.n; i++) {
		const struct env_op *op = VEC_AT(&plan->spec->env, struct env_op, i);

		if (op->value ? setenv(op->key, op->value, 1) < 0 : unsetenv(op->key) < 0)
			return error_set(err, errno, "%s", op->origin);
	}
	if (plan->spec->preserve_fds) {
		/* systemd's socket activation protocol (sd_listen_fds(3)): fds 3..N+2, for this pid. */
		char n[16], pid[16];

		(void)snprintf(n, sizeof(n), "%u", plan->spec->preserve_fds);
		(void)snprintf(pid, sizeof(pid), "%d", (int)getpid());
		if (setenv("LISTEN_FDS", n, 1) < 0 || setenv("LISTEN_PID", pid, 1) < 0)
			return error_set(err, errno, "set LISTEN_FDS");
	}
	return 0;
}

/*
 * Only 0-2 and the preserved fds cross execve: everything else, including what
 * libraries may have opened since close_other_fds(), is marked close-on-exec.
 */
static int fds_for_exec(const struct plan *plan, struct error *err)
{
	for (unsigned fd = 3; fd < 3 + plan->spec->preserve_fds; fd++) {
		int flags = fcntl((int)fd, F_GETFD);

		if (flags < 0 || fcntl((int)fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
			return error_set(err, errno, "--preserve-fds: fd %u", fd);
	}
	if (close_range(3 + plan->spec->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		return error_set(err, errno, "mark fds close-on-exec");
	return 0;
}

static int drop_privileges(const struct plan *plan, struct error *err)
{
	/*
	 * no_new_privs: execve of a setuid/setgid binary or one with file capabilities
	 * then grants nothing. With --map-identity a setuid-root binary would otherwise
	 * make PROGRAM host root again.
	 */
	if (!plan->spec->allow_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
	/* Before the capabilities go: without no_new_privs it needs CAP_SYS_ADMIN. */
	if (seccomp_deny_tty_injection(err) < 0)
		return -1;
	return caps_apply(plan, err);
}

/*
 * execvp reports EACCES when any PATH directory could not be searched, even if no
 * such file exists anywhere (root's PATH often names /root/... which the mapped
 * sandbox user cannot enter). It is "cannot run" (126) only if a file by that name
 * exists in some PATH directory; otherwise it is "not found" (127).
 */
static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

static bool found_in_path(const char *name)
{
	const char *path = getenv("PATH");
	char candidate[4096];

	return path_find(path ? path : "/bin:/usr/bin", name, candidate, sizeof(candidate), is_file);
}

/*
 * Who ends PROGRAM when its supervisor dies. In a PID namespace of its own PROGRAM dies
 * with init; with --as-pid-1 it is the sandbox's first process and must die with
 * isolate (the channel is the lifeline: getppid() says 0 across the namespace); with
 * the host's PID namespace nobody kills it when init dies, so the kernel is asked to.
 * Called after the last credential change: the kernel clears the parent-death signal
 * when --uid/--gid change our ids.
 */
static int stay_tied(const struct plan *plan, int report_fd, pid_t parent, struct error *err)
{
	int gone;

	if (plan->spec->as_pid_1 && plan->lifetime == LIFETIME_ATTACHED)
		gone = lifetime_tie_to_parent(parent, report_fd, err);
	else if (plan->share & NS_BIT(NS_PID))
		gone = lifetime_tie_to_parent(parent, -1, err);
	else
		return 0;
	if (gone > 0)
		return error_set(err, 0, "%s is gone", plan->spec->as_pid_1 ? "isolate" : "the sandbox's init");
	return gone;
}

void exec_program(const struct plan *plan, int report_fd, const sigset_t *program_mask, pid_t parent)
{
	const char *name = plan->spec->argv[0];
	bool searched = !strchr(name, '/');
	struct error err = { 0 };
	int e;

	if (apply_environment(plan, &err) < 0 || fds_for_exec(plan, &err) < 0 ||
	    drop_privileges(plan, &err) < 0 || stay_tied(plan, report_fd, parent, &err) < 0)
		child_fail(report_fd, &err);
	/* Last, with PROGRAM's own ids and capabilities: it must be able to enter DIR itself. */
	if (plan->spec->chdir && chdir(plan->spec->chdir) < 0) {
		error_set(&err, errno, "--chdir '%s'", plan->spec->chdir);
		child_fail(report_fd, &err);
	}
	/* isolate blocked the forwarded signals for sigwaitinfo; PROGRAM starts as we were started. */
	if (sigprocmask(SIG_SETMASK, program_mask, NULL) < 0) {
		error_set(&err, errno, "restore the signal mask");
		child_fail(report_fd, &err);
	}
	trace(plan->spec->verbose, "child: execvp %s", name);
	execvp(name, plan->spec->argv);
	e = errno;
	if (e == EACCES && searched && !found_in_path(name))
		e = ENOENT;
	error_set(&err, e, "execute '%s'", name);
	err.status = e == ENOENT || e == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	if (e == ENOENT) {
		struct stat st;
		/* ENOENT for a file that exists: execve could not find its #! interpreter. */
		if (searched ? found_in_path(name) : stat(name, &st) == 0) {
			err.status = EXIT_CANNOT_RUN;
			error_hint(&err, "its #! interpreter was not found");
		} else if (searched) {
			error_hint(&err, "not found in PATH");
		}
	}
	child_fail(report_fd, &err);
}

