/* util.c - error reporting, tracing and EINTR-safe I/O wrappers. */
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>

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

/*
 * Messages echo what the user typed (a hostname, an env value, PROGRAM's name): a
 * newline there would forge a second "isolate:" line, and a terminal escape would
 * reach the caller's terminal. Every control character (C0, DEL, and the C1 range,
 * which UTF-8 spells 0xC2 0x80..0x9F) is written as \xHH, so one report stays one
 * line of plain text. Returns the length written to out (always NUL-terminated).
 */
static size_t escape_controls(char *out, size_t size, const char *in, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < len && in[i]; i++) {
		unsigned char ch = (unsigned char)in[i];
		bool c1 = ch == 0xc2 && i + 1 < len && (unsigned char)in[i + 1] >= 0x80 &&
			  (unsigned char)in[i + 1] <= 0x9f;

		if (ch >= 0x20 && ch != 0x7f && !c1) {
			if (o + 1 >= size)
				break;
			out[o++] = (char)ch;
			continue;
		}
		for (int k = 0; k <= (int)c1; k++) {
			unsigned char b = (unsigned char)in[i + (size_t)k];

			if (o + 4 >= size)
				goto done;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[b >> 4];
			out[o++] = hex[b & 15];
		}
		i += c1;
	}
done:
	out[o] = '\0';
	return o;
}

void error_print(const struct error *err)
{
	char line[4 * sizeof(err->msg) + 16] = "isolate: ";
	size_t len = strlen(line);

	len += escape_controls(line + len, sizeof(line) - len - 1, err->msg,
			       strnlen(err->msg, sizeof(err->msg)));
	line[len++] = '\n';
	/* One line, one write: the message is the whole report. */
	(void)write_all(STDERR_FILENO, line, len);
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
	char raw[512], line[4 * sizeof(raw) + 16] = "isolate: ";
	size_t len = strlen(line);
	va_list ap;
	int n;

	if (!on)
		return;
	va_start(ap, fmt);
	n = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	len += escape_controls(line + len, sizeof(line) - len - 1, raw, sizeof(raw));
	line[len++] = '\n';
	/* The child and the parent trace concurrently: one write keeps each line whole. */
	(void)write_all(STDERR_FILENO, line, len);
}

int std_fds_open(void)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		int got;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* The lowest free number: fd itself, as the ones below it are open. */
		got = TEMP_FAILURE_RETRY(open("/dev/null", O_RDWR | O_CLOEXEC));
		if (got < 0)
			return -1;
		if (got != fd) { /* cannot be: the kernel gives the lowest free number */
			(void)close(got);
			errno = EBADF;
			return -1;
		}
		/* Unlike every other fd of ours, this one is PROGRAM's too: keep it across exec. */
		if (fcntl(fd, F_SETFD, 0) < 0)
			return -1;
	}
	return 0;
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

/* Deeper than the setup of isolate or init ever goes (their netlink buffers are 32 KiB). */
#define MAIN_STACK_DEAD_SPAN ((uintptr_t)256 * 1024)

void main_stack_give_back(uintptr_t top)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	top &= ~(page - 1);
	if (top <= MAIN_STACK_DEAD_SPAN)
		return;
	/* An address range of the stack's, not an object: no pointer to derive it from. */
	(void)madvise((void *)(top - MAIN_STACK_DEAD_SPAN), MAIN_STACK_DEAD_SPAN, MADV_DONTNEED); // NOLINT(performance-no-int-to-ptr)
}

unsigned random_tag(void)
{
	unsigned r;
	struct timespec ts;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r & 0xfff;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned)ts.tv_nsec & 0xfff;
}

void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = ms * 1000000L };

	(void)nanosleep(&ts, NULL); /* EINTR only shortens a retry or a poll */
}
