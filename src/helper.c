/* helper.c - find a helper program in PATH and run it with fork+execve (see helper.h). */
#include "helper.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "lifetime.h"

extern char **environ;

/* Only absolute directories: a helper found relative to the cwd is not the system's. */
static bool is_system_executable(const char *path)
{
	struct stat st;

	return path[0] == '/' && stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int helper_find(const char *name, const char *package, char *path, size_t size,
		struct error *err)
{
	const char *dirs = getenv("PATH");

	if (path_find(dirs && *dirs ? dirs : "/usr/bin:/bin", name, path, size, is_system_executable))
		return 0;
	return error_set(err, 0, "%s not found in PATH", name),
	       error_hint(err, "install the %s package", package);
}

/*
 * In the forked helper: never returns. Only async-signal-safe calls after fork.
 * parent is isolate's pid: the helper gets SIGKILL when isolate dies, so it cannot
 * outlive it; keep_fd, if not -1, stays open across execve.
 */
static _Noreturn void exec_helper(const char *path, char *const argv[], int devnull, int err_fd,
				  int keep_fd, pid_t parent)
{
	static const char failed[] = ": cannot execute\n";
	struct error ignored;
	sigset_t none;

	/* The helper must not outlive isolate; if isolate is already gone, stop. */
	if (lifetime_tie_to_parent(parent, -1, &ignored) != 0)
		_exit(127);
	/*
	 * A session of its own: the terminal's Ctrl-C and hang-up go to isolate's
	 * process group, which PROGRAM may handle; they must not end a helper that the
	 * sandbox still relies on.
	 */
	if (setsid() < 0)
		_exit(127);
	/* isolate blocks the signals it forwards; the helper starts with none blocked. */
	(void)sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(devnull, STDIN_FILENO) < 0 || dup2(devnull, STDOUT_FILENO) < 0 ||
	    dup2(err_fd, STDERR_FILENO) < 0)
		_exit(127);
	if (keep_fd >= 0 && fcntl(keep_fd, F_SETFD, 0) < 0)
		_exit(127);
	execve(path, argv, environ);
	(void)write_all(STDERR_FILENO, argv[0], strlen(argv[0]));
	(void)write_all(STDERR_FILENO, failed, sizeof(failed) - 1);
	_exit(127);
}

int helper_spawn(const char *path, char *const argv[], int keep_fd, pid_t *pid, int *stderr_fd,
		 struct error *err)
{
	_cleanup_fd_ int devnull = -1, err_rd = -1, err_wr = -1;
	pid_t parent = getpid();
	int fds[2];

	*pid = -1;
	devnull = TEMP_FAILURE_RETRY(open("/dev/null", O_RDWR | O_CLOEXEC));
	if (devnull < 0)
		return error_set(err, errno, "open /dev/null");
	if (pipe2(fds, O_CLOEXEC) < 0)
		return error_set(err, errno, "create a pipe for %s", argv[0]);
	err_rd = fds[0];
	err_wr = fds[1];

	*pid = fork();
	if (*pid < 0)
		return error_set(err, errno, "fork for %s", argv[0]);
	if (*pid == 0)
		exec_helper(path, argv, devnull, err_wr, keep_fd, parent);
	*stderr_fd = steal_fd(&err_rd);
	return 0;
}

/* Read the helper's stderr to its end; keep the first non-empty line. */
static void read_first_line(int fd, char *line, size_t size)
{
	char buf[512];
	size_t used = 0;
	ssize_t n;

	while ((n = TEMP_FAILURE_RETRY(read(fd, buf + used, sizeof(buf) - 1 - used))) > 0) {
		used += (size_t)n;
		if (used == sizeof(buf) - 1) {
			char drain[256];
			while (TEMP_FAILURE_RETRY(read(fd, drain, sizeof(drain))) > 0)
				;
			break;
		}
	}
	buf[used] = '\0';
	line[0] = '\0';
	for (const char *p = buf; *p; p++) {
		int len = (int)strcspn(p, "\n");
		if (len > 0) {
			(void)snprintf(line, size, "%.*s", len, p);
			return;
		}
	}
}

int helper_run(const char *path, char *const argv[], struct error *err)
{
	_cleanup_fd_ int err_rd = -1;
	char line[400];
	int wstatus;
	pid_t pid = -1;

	if (helper_spawn(path, argv, -1, &pid, &err_rd, err) < 0)
		return -1;
	read_first_line(err_rd, line, sizeof(line));
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR)
			return error_set(err, errno, "wait for %s", argv[0]);
	}
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
		return 0;
	if (line[0])
		return error_set(err, 0, "%s", line);
	if (WIFSIGNALED(wstatus))
		return error_set(err, 0, "%s was killed by signal %d", argv[0], WTERMSIG(wstatus));
	return error_set(err, 0, "%s failed with status %d", argv[0], WEXITSTATUS(wstatus));
}
