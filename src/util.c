/* util.c - error reporting, tracing and EINTR-safe I/O wrappers. */
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

__attribute__((format(printf, 2, 0)))
static void vappend(struct error *err, const char *fmt, va_list ap)
{
	size_t used = strnlen(err->msg, sizeof(err->msg));

	if (used < sizeof(err->msg) - 1)
		(void)vsnprintf(err->msg + used, sizeof(err->msg) - used, fmt, ap);
}

int error_set(struct error *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	err->errnum = errnum;
	err->status = EXIT_ISOLATE;
	err->kind = ERRK_NONE;
	err->msg[0] = '\0';
	va_start(ap, fmt);
	vappend(err, fmt, ap);
	va_end(ap);
	if (errnum) {
		size_t used = strlen(err->msg);
		(void)snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", strerror(errnum));
	}
	return -1;
}

int error_wrap(struct error *err, const char *fmt, ...)
{
	char prev[sizeof(err->msg)];
	va_list ap;
	size_t used;

	memcpy(prev, err->msg, sizeof(prev));
	prev[sizeof(prev) - 1] = '\0';
	err->msg[0] = '\0';
	va_start(ap, fmt);
	vappend(err, fmt, ap);
	va_end(ap);
	used = strlen(err->msg);
	(void)snprintf(err->msg + used, sizeof(err->msg) - used, ": %s", prev);
	return -1;
}

int error_hint(struct error *err, const char *fmt, ...)
{
	size_t used = strnlen(err->msg, sizeof(err->msg));

	if (used + 3 < sizeof(err->msg)) {
		va_list ap;

		memcpy(err->msg + used, " (", 3);
		va_start(ap, fmt);
		vappend(err, fmt, ap);
		va_end(ap);
		used = strnlen(err->msg, sizeof(err->msg));
		if (used + 2 <= sizeof(err->msg))
			memcpy(err->msg + used, ")", 2);
	}
	return -1;
}

void error_print(const struct error *err)
{
	/* One line, one write: the message is the whole report. */
	(void)fprintf(stderr, "isolate: %.*s\n", (int)sizeof(err->msg), err->msg);
}

int error_kind(struct error *err, enum error_kind kind)
{
	err->kind = (int)kind;
	return -1;
}

int error_default_kind(struct error *err, enum error_kind kind)
{
	if (err->kind <= ERRK_NONE || err->kind >= ERROR_KINDS)
		err->kind = (int)kind;
	return -1;
}

enum error_kind error_kind_of(const struct error *err)
{
	if (err->kind > ERRK_NONE && err->kind < ERROR_KINDS)
		return (enum error_kind)err->kind;
	if (err->status == EXIT_NOT_FOUND)
		return ERRK_NOT_FOUND;
	if (err->status == EXIT_CANNOT_RUN)
		return ERRK_NOT_EXECUTABLE;
	switch (err->errnum) {
	case EAGAIN: case ENOMEM: case EMFILE: case ENFILE: case EDQUOT: case EUSERS: case ENOSPC:
		return ERRK_RESOURCE_LIMIT;
	case EPERM: case EACCES:
		return ERRK_PERMISSION;
	default:
		return ERRK_INTERNAL;
	}
}

void trace(bool on, const char *fmt, ...)
{
	static const char prefix[] = "isolate: ";
	char line[512];
	size_t len = sizeof(prefix) - 1;
	va_list ap;
	int n;

	if (!on)
		return;
	memcpy(line, prefix, len);
	va_start(ap, fmt);
	n = vsnprintf(line + len, sizeof(line) - len - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	len += (size_t)n < sizeof(line) - len - 1 ? (size_t)n : sizeof(line) - len - 2;
	line[len++] = '\n';
	/* The child and the parent trace concurrently: one write keeps each line whole. */
	(void)write_all(STDERR_FILENO, line, len);
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int write_file(const char *path, const char *data, size_t len)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open(path, O_WRONLY | O_CLOEXEC));
	ssize_t n;

	if (fd < 0)
		return -1;
	/* Files like uid_map must be written in a single write(2). */
	n = TEMP_FAILURE_RETRY(write(fd, data, len));
	if (n < 0)
		return -1;
	if ((size_t)n != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

bool path_find(const char *dirs, const char *name, char *buf, size_t size,
	       bool (*match)(const char *path))
{
	for (const char *dir = dirs;; dir += strcspn(dir, ":") + 1) {
		int len = (int)strcspn(dir, ":");

		if (snprintf(buf, size, "%.*s/%s", len ? len : 1, len ? dir : ".", name) < (int)size &&
		    match(buf))
			return true;
		if (dir[len] == '\0')
			return false;
	}
}
