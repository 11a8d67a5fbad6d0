/* sync.c - parent <-> child messages (see sync.h). */
#include "sync.h"

#include <string.h>

int sync_send_go(int fd, const struct sync_go *go, struct error *err)
{
	if (write_all(fd, go, sizeof(*go)) < 0)
		return error_set(err, errno, "release the sandbox");
	return 0;
}

int sync_recv_go(int fd, struct sync_go *go)
{
	ssize_t n = read_all(fd, go, sizeof(*go));

	return n == (ssize_t)sizeof(*go) && go->magic == SYNC_GO_MAGIC ? 1 : 0;
}

void sync_report(int fd, const struct error *err)
{
	/* Under PIPE_BUF, so one atomic write; if the parent is gone there is no one to tell. */
	(void)write_all(fd, err, sizeof(*err));
}

int sync_read_report(int fd, struct error *err)
{
	struct error got;

	if (read_all(fd, &got, sizeof(got)) != (ssize_t)sizeof(got))
		return 0;
	got.msg[sizeof(got.msg) - 1] = '\0';
	if (got.status < 1 || got.status > 255)
		got.status = EXIT_ISOLATE;
	*err = got;
	return 1;
}

void child_fail(int report_fd, const struct error *err)
{
	sync_report(report_fd, err);
	_exit(err->status);
}
