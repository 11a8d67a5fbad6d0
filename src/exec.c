/* exec.c - PROGRAM's last steps: environment, fds, no_new_privs, seccomp, capabilities,
 * directory, then its own PATH search and execve, with the failure reported the way
 * execvp(3) and env(1) report it (126/127 and the same error), plus why. */
#include "exec.h"

#include <fcntl.h>
#include <limits.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "landlock.h"
#include "seccomp-policy.h"
#include "channel.h"
#include "lifetime.h"
#include "notice.h"
#include "util.h"

/* execvp's PATH when the environment has none: glibc's confstr(_CS_PATH). */
#define DEFAULT_PATH "/bin:/usr/bin"

int close_other_fds(const struct plan *plan, int keep_fd, unsigned keep_n, struct error *err)
{
	unsigned first = 3 + plan->spec->preserve_fds;

	/* keep_fd is ours, opened after the caller's preserved fds, so it lies above them. */
	if (keep_fd >= 0 && (unsigned)keep_fd >= first) {
		if ((unsigned)keep_fd > first && close_range(first, (unsigned)keep_fd - 1, 0) < 0)
			return error_set(err, errno, "close inherited fds");
		first = (unsigned)keep_fd + keep_n;
	}
	if (close_range(first, ~0U, 0) < 0)
		return error_set(err, errno, "close inherited fds");
	return 0;
}

/*
 * PROGRAM's environment, applied to this process's own (init's: it never execs, and
 * the vfork'd PROGRAM reads it) so that the last mile allocates nothing.
 */
static int apply_environment(const struct plan *plan, struct error *err)
{
	if (plan->spec->clearenv && clearenv() != 0)
		return error_set(err, ENOMEM, "--clearenv");
	if (plan->home && setenv("HOME", plan->home, 1) < 0)
		return error_set(err, errno, "set HOME to '%s'", plan->home);
	for (size_t i = 0; i < plan->spec->env.n; i++) {
		const struct env_op *op = VEC_AT(&plan->spec->env, struct env_op, i);

		if (op->value ? setenv(op->key, op->value, 1) < 0 : unsetenv(op->key) < 0)
			return error_set(err, errno, "%s", op->origin);
	}
	/* systemd's socket activation protocol (sd_listen_fds(3)): fds 3..N+2, for PROGRAM's pid. */
	if (unsetenv("LISTEN_PID") < 0)
		return error_set(err, errno, "unset LISTEN_PID");
	if (plan->spec->preserve_fds) {
		char n[16];

		(void)snprintf(n, sizeof(n), "%u", plan->spec->preserve_fds);
		if (setenv("LISTEN_FDS", n, 1) < 0)
			return error_set(err, errno, "set LISTEN_FDS");
	}
	return 0;
}

int exec_prepare(const struct plan *plan, struct exec_prep *prep, struct error *err)
{
	char *const *argv = plan->spec->argv;
	size_t argc = 0, envc = 0;
	const char *path;

	*prep = (struct exec_prep){ 0 };
	if (apply_environment(plan, err) < 0)
		return -1;
	while (environ && environ[envc])
		envc++;
	/* PROGRAM's own pid goes in at the last moment, into listen_pid (no allocation there). */
	prep->envp = calloc(envc + 2, sizeof(char *));
	if (!prep->envp)
		return error_set(err, ENOMEM, "PROGRAM's environment");
	for (size_t i = 0; i < envc; i++)
		prep->envp[i] = environ[i];
	if (plan->spec->preserve_fds)
		prep->envp[envc] = prep->listen_pid;
	path = getenv("PATH");
	prep->path = path ? path : DEFAULT_PATH;
	/*
	 * A script without #! runs under /bin/sh as execvp does, with "/bin/sh SCRIPT ARGS":
	 * made here, since glibc builds it in a stack array sized by argc, which overflows
	 * PROGRAM's small stack with enough arguments (some 8,500).
	 */
	while (argv[argc])
		argc++;
	prep->sh_argv = calloc(argc + 2, sizeof(char *));
	if (!prep->sh_argv)
		return error_set(err, ENOMEM, "PROGRAM's arguments");
	prep->sh_argv[0] = (char *)_PATH_BSHELL;
	for (size_t i = 1; i < argc; i++)
		prep->sh_argv[i + 1] = argv[i];
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
	/* Without no_new_privs both need CAP_SYS_ADMIN: before the capabilities go. */
	if (plan->spec->allow_new_privs && (landlock_apply(plan, err) < 0 || seccomp_install(plan, err) < 0))
		return -1;
	if (caps_apply(plan, err) < 0)
		return -1;
	/* Landlock before --chdir, so that a relative --rw means what it meant to the caller. */
	return plan->spec->allow_new_privs ? 0 : landlock_apply(plan, err);
}

/*
 * Whether an ENOEXEC file is a binary rather than a script without #!, by bash's rule
 * (check_binary_file in its general.c): the ELF magic, or a NUL byte in the first line
 * (the first two for a #! line). execvp would hand any of them to /bin/sh, which runs
 * a binary for another machine as garbage shell text.
 */
static bool is_binary(const char *path)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY));
	unsigned char buf[80];
	ssize_t n = fd < 0 ? -1 : read_all(fd, buf, sizeof(buf));
	int lines;

	/* Unreadable: let /bin/sh try, and say why it cannot, as execvp does. */
	if (n <= 0)
		return false;
	if (n >= 4 && memcmp(buf, "\177ELF", 4) == 0)
		return true;
	lines = n >= 2 && buf[0] == '#' && buf[1] == '!' ? 2 : 1;
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n' && --lines == 0)
			return false;
		if (buf[i] == '\0')
			return true;
	}
	return false;
}

/* execve path; a script without #! through /bin/sh. Returns only on failure, with its errno. */
static int try_exec(const char *path, char *const argv[], const struct exec_prep *prep)
{
	(void)execve(path, argv, prep->envp);
	if (errno != ENOEXEC)
		return errno;
	if (is_binary(path))
		return ENOEXEC;
	prep->sh_argv[1] = (char *)path;
	(void)execve(prep->sh_argv[0], prep->sh_argv, prep->envp);
	return errno;
}

/* Where the search stopped, for the explanation: the first PATH entry that gave EACCES. */
struct search {
	const char *denied;   /* into prep->path; NULL: none */
	size_t denied_len;
};

/*
 * execvp(3)'s search, as glibc does it: each PATH entry in turn (an empty one is the
 * current directory); go on after ENOENT, ENOTDIR, ESTALE, ENODEV, ETIMEDOUT and EACCES,
 * stop at any other error; if nothing ran, EACCES if any entry gave it, else ENOENT.
 * The candidate lives on this stack: PATH_MAX bytes, not a size taken from the input.
 */
static int search_and_exec(const char *name, char *const argv[], const struct exec_prep *prep,
			   struct search *s)
{
	size_t name_len = strlen(name);
	char buf[PATH_MAX];
	bool eacces = false;

	if (strchr(name, '/'))
		return try_exec(name, argv, prep);
	if (name_len > NAME_MAX)
		return ENAMETOOLONG;
	for (const char *dir = prep->path;; dir += strcspn(dir, ":") + 1) {
		size_t len = strcspn(dir, ":");
		int e;

		if (len + 1 + name_len >= sizeof(buf))
			return ENAMETOOLONG;
		memcpy(buf, dir, len);
		buf[len] = '/';
		memcpy(buf + len + (len > 0), name, name_len + 1);
		e = try_exec(buf, argv, prep);
		switch (e) {
		case EACCES:
			if (!eacces) {
				s->denied = dir;
				s->denied_len = len;
			}
			eacces = true;
			break;
		case ENOENT: case ENOTDIR: case ESTALE: case ENODEV: case ETIMEDOUT:
			break;
		default:
			return e;
		}
		if (dir[len] == '\0')
			return eacces ? EACCES : ENOENT;
	}
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* ENOENT for a file that exists: execve found no interpreter, #! or ELF loader. */
static void explain_missing_interpreter(const char *path, struct error *err)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY));
	char line[256] = "";
	ssize_t n = fd < 0 ? -1 : read_all(fd, line, sizeof(line) - 1);

	/* line stays NUL-terminated: at most sizeof - 1 bytes are read into zeroes. */
	if (n > 2 && line[0] == '#' && line[1] == '!') {
		char *interp = line + 2;

		interp += strspn(interp, " \t");
		interp[strcspn(interp, " \t\n")] = '\0';
		error_hint(err, "'%s' exists, but its #! interpreter '%s' was not found", path, interp);
	} else {
		error_hint(err, "'%s' exists, but its interpreter (#! line or ELF loader) was not found", path);
	}
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

	/* A joiner's parent is outside its PID namespace (getppid() says 0): the channel
	 * is its lifeline, as it is for --as-pid-1. Detached or not: a detached sandbox dies
	 * with its supervisor, which is the parent here (plan.h). */
	if (plan->spec->as_pid_1 || plan->joining)
		gone = lifetime_tie_to_parent(parent, report_fd, err);
	else if (plan->share & NS_BIT(NS_PID))
		gone = lifetime_tie_to_parent(parent, -1, err);
	else
		return 0;
	if (gone > 0)
		return error_set(err, 0, "%s is gone", plan->joining	  ? "isolate --join"
						       : plan->spec->as_pid_1 ? "isolate"
									      : "the sandbox's init");
	return gone;
}


/* EACCES: an unsearchable PATH directory or path component, or a file not executable. */
static void explain_denied(const struct plan *plan, const struct exec_prep *prep, const char *name,
			   const struct search *s, struct error *err)
{
	char dir[PATH_MAX];
	struct stat st;
	/* Whether NAME is anywhere PROGRAM can see in PATH (else "not found" is the news). */
	bool elsewhere = s->denied && path_find(prep->path, name, dir, sizeof(dir), is_file);

	if (s->denied) {
		(void)snprintf(dir, sizeof(dir), "%.*s", (int)s->denied_len, s->denied_len ? s->denied : ".");
	} else {
		const char *slash = strrchr(name, '/');

		(void)snprintf(dir, sizeof(dir), "%.*s", slash == name ? 1 : (int)(slash - name), name);
	}
	if (access(dir, X_OK) < 0 && errno == EACCES) {
		const char *what = !s->denied ? "directory" : elsewhere ? "PATH directory"
					  : "not found in PATH, but PATH directory";

		if (plan->mapping_notes)
			error_hint(err, "%s '%s' cannot be searched by the sandbox's root, host uid %u: %s",
				   what, dir, (unsigned)plan->map_uid, MAPPING_REMEDY);
		else
			error_hint(err, "%s '%s' cannot be searched", what, dir);
		return;
	}
	if (s->denied)
		(void)snprintf(dir, sizeof(dir), "%.*s%s%s", (int)s->denied_len, s->denied,
			       s->denied_len ? "/" : "", name);
	else
		(void)snprintf(dir, sizeof(dir), "%s", name);
	if (stat(dir, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode))
		error_hint(err, "'%s' is a directory", dir);
	/* Host root could run it (any x bit); the sandbox's root does not own it. */
	else if (plan->mapping_notes && (st.st_mode & 0111) && st.st_uid != geteuid())
		error_hint(err, "'%s' is not executable by the sandbox's root, host uid %u: %s", dir,
			   (unsigned)plan->map_uid, MAPPING_REMEDY);
}

/* execve failed with e: exit 127 for ENOENT and 126 otherwise, as env(1); say why. */
static _Noreturn void exec_failed(const struct plan *plan, const struct exec_prep *prep, int e,
				  const struct search *s, int report_fd)
{
	const char *name = plan->spec->argv[0];
	bool searched = !strchr(name, '/');
	struct error err = { 0 };

	error_set(&err, e, "execute '%s'", name);
	err.status = e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	switch (e) {
	case ENOENT: {
		char found[PATH_MAX];

		if (!searched && is_file(name))
			explain_missing_interpreter(name, &err);
		else if (searched && path_find(prep->path, name, found, sizeof(found), is_file))
			explain_missing_interpreter(found, &err);
		else if (searched)
			error_hint(&err, "not found in PATH");
		break;
	}
	case EACCES:
		explain_denied(plan, prep, name, s, &err);
		break;
	case ENOEXEC:
		error_hint(&err, "a binary file, but not one this machine can run");
		break;
	default:
		/* isolate checked that the profile lets execve through, but only for zero arguments. */
		if (plan->spec->seccomp == SECCOMP_FILE)
			error_hint(&err, "%s may refuse execve for these arguments", plan->spec->seccomp_origin);
		break;
	}
	child_fail(report_fd, &err);
}

void exec_program(const struct plan *plan, struct exec_prep *prep, int report_fd,
		  const sigset_t *program_mask, pid_t parent)
{
	const char *name = plan->spec->argv[0];
	struct search search = { 0 };
	struct error err = { 0 };

	if (fds_for_exec(plan, &err) < 0 || drop_privileges(plan, &err) < 0 ||
	    stay_tied(plan, report_fd, parent, &err) < 0)
		child_fail(report_fd, &err);
	/* Last, with PROGRAM's own ids and capabilities: it must be able to enter DIR itself. */
	if (plan->spec->chdir && chdir(plan->spec->chdir) < 0) {
		error_set(&err, errno, "--chdir '%s'", plan->spec->chdir);
		error_kind(&err, ERRK_FILESYSTEM);
		child_fail(report_fd, &err);
	}
	/* isolate blocked the forwarded signals for sigwaitinfo; PROGRAM starts as we were started. */
	if (sigprocmask(SIG_SETMASK, program_mask, NULL) < 0) {
		error_set(&err, errno, "restore the signal mask");
		child_fail(report_fd, &err);
	}
	if (plan->spec->preserve_fds)
		(void)snprintf(prep->listen_pid, sizeof(prep->listen_pid), "LISTEN_PID=%d", (int)getpid());
	/* With PROGRAM's ids, directory and PATH: what it will meet, for the parent's notes. */
	if (plan->mapping_notes)
		notice_probe(name, prep->path, report_fd);
	/*
	 * The filters last, as runc does, so that a profile need not allow what isolate
	 * itself calls before PROGRAM (capset, prctl, chdir, ...): from here on only the
	 * PATH search's execve calls, and on failure the report, remain.
	 */
	if (!plan->spec->allow_new_privs && seccomp_install(plan, &err) < 0)
		child_fail(report_fd, &err);
	trace(plan->spec->verbose, "child: execute %s", name);
	exec_failed(plan, prep, search_and_exec(name, plan->spec->argv, prep, &search), &search, report_fd);
}
