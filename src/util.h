/* util.h - error convention, cleanup helpers and small wrappers shared by all files. */
#ifndef ISOLATE_UTIL_H
#define ISOLATE_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "model.h"

/*
 * An error travels up as a return value (-1) with this filled in; each layer may
 * prefix context, and the top level prints one line: "isolate: <what>: <why>".
 * It is a plain struct so the child can send it to the parent over a pipe.
 */
struct error {
	int errnum;     /* errno behind the failure, 0 if none */
	int status;     /* exit status isolate ends with (125 unless 126/127) */
	int kind;       /* enum error_kind; ERRK_NONE until a site or a layer decides */
	char msg[480];  /* "<what>: <why>" without the "isolate: " prefix */
};

/* Fill err with "<what>: strerror(errnum)"; returns -1 so callers can `return error_set(...)`. */
int error_set(struct error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix context: "<context>: <previous message>". Returns -1. */
int error_wrap(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append a hint: "<message> (<hint>)". Returns -1. */
int error_hint(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void error_print(const struct error *err);
/* Say why, for tools: always (error_kind) or unless a deeper layer did (error_default_kind). Return -1. */
int error_kind(struct error *err, enum error_kind kind);
int error_default_kind(struct error *err, enum error_kind kind);
/*
 * The kind to report: the one a site set; else from the exit status (127 not-found,
 * 126 not-executable); else from errno (limits, permissions); else internal.
 */
enum error_kind error_kind_of(const struct error *err);

/* Trace one setup step on stderr when -v was given. */
void trace(bool on, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Open /dev/null on whichever of fds 0-2 is closed. Run first: a closed stderr would
 * otherwise be the number of the next fd opened (a netlink socket, say), and error
 * lines or -v traces would be written into it. Returns -1 with errno if /dev/null
 * cannot be opened.
 */
int std_fds_open(void);

/* Write/read all of a buffer, retrying on EINTR and short transfers. */
int write_all(int fd, const void *buf, size_t len);
ssize_t read_all(int fd, void *buf, size_t len);
/* Write a whole small file (e.g. /proc/PID/uid_map) with one write(2). */
int write_file(const char *path, const char *data, size_t len);

/* Sleep ms milliseconds (under one second), for a retry or a poll; a signal only
 * shortens it. */
void sleep_ms(long ms);

/* 12 bits for a name that a racing isolate is unlikely to choose too: not a secret
 * (getrandom, else the clock). */
unsigned random_tag(void);

/*
 * Give back to the kernel the pages of the main thread's stack in the 256 KiB below top
 * (rounded down to a page), which the caller knows to be dead: written by frames that
 * have returned, read by none that live. The kernel keeps a guard gap below a main
 * thread's stack (stack_guard_gap, 1 MiB) where no other mapping lies, so the range may
 * reach past the stack's lowest page: madvise skips the hole (ENOMEM). Best effort: a
 * failure only keeps the memory.
 */
void main_stack_give_back(uintptr_t top);

/*
 * Look for NAME in each directory of the colon-separated list DIRS, in order, as
 * execvp(3) reads PATH (an empty entry is the current directory). Each candidate is
 * formatted into buf; returns true at the first one that match() accepts.
 */
bool path_find(const char *dirs, const char *name, char *buf, size_t size,
	       bool (*match)(const char *path));

/* Cleanup helpers: the variable is released when it goes out of scope. */
static inline void cleanup_fdp(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		(void)close(*fd); /* nothing useful to do on error while unwinding */
		errno = saved;
	}
}
static inline void cleanup_freep(void *p)
{
	free(*(void **)p);
}
#define _cleanup_fd_ __attribute__((cleanup(cleanup_fdp)))
#define _cleanup_free_ __attribute__((cleanup(cleanup_freep)))

/* Close now and mark closed, so the cleanup at scope exit does nothing. */
static inline void close_fd(int *fd)
{
	cleanup_fdp(fd);
	*fd = -1;
}

/* Hand ownership of an fd out of a cleanup scope. */
static inline int steal_fd(int *fd)
{
	int r = *fd;
	*fd = -1;
	return r;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
