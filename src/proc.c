/* proc.c - pids with start times and pidfds (see proc.h). */
#include "proc.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

int proc_stat(pid_t pid, pid_t *ppid, unsigned long long *start)
{
	char path[32], buf[1024];
	_cleanup_fd_ int fd = -1;
	const char *p;
	ssize_t n;

	(void)snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	if (fd < 0)
		return -1;
	n = read_all(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	/* comm (field 2) may hold anything, ')' and spaces too: fields 3... follow its last ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return errno = EINVAL, -1;
	p++;
	for (int field = 3; field <= 22; field++) {
		char *end;
		unsigned long long v;

		while (*p == ' ')
			p++;
		if (!*p)
			return errno = EINVAL, -1;
		v = strtoull(p, &end, 10);
		if (field == 4 && ppid)
			*ppid = (pid_t)v;
		if (field == 22 && start)
			*start = v;
		p += strcspn(p, " ");
	}
	return 0;
}

int proc_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

int proc_pidfd(pid_t pid, unsigned long long start, struct error *err)
{
	_cleanup_fd_ int fd = -1;
	unsigned long long now = 0;

	if (pid <= 0)
		return -2;
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return errno == ESRCH ? -2 : error_set(err, errno, "pidfd_open(%d)", (int)pid);
	if (proc_stat(pid, NULL, &now) < 0 || now != start)
		return -2;
	if (proc_signal(fd, 0) < 0)
		return errno == ESRCH ? -2 : error_set(err, errno, "pidfd_send_signal(%d, 0)", (int)pid);
	return steal_fd(&fd);
}
