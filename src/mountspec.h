/* mountspec.h - pure parsers for the filesystem options' values: sizes (--size), modes
 * (--perms) and paths inside the sandbox (DEST). No I/O, no globals; unit-tested in
 * tests/unit/test-mountspec.c and fuzzed by tests/fuzz/fuzz-mountspec.c. */
#ifndef ISOLATE_MOUNTSPEC_H
#define ISOLATE_MOUNTSPEC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Each returns 0 on success, or -1 with a short reason in *why (a static string). */

/*
 * A size in bytes: decimal digits with an optional binary suffix k, m, g or t (either
 * case, "KiB"-style "k", "ki", "kib" and "kb" all mean 1024), as tmpfs(5)'s size= takes.
 * 1 byte to 2^62: the kernel rounds it up to whole pages.
 */
int parse_size(const char *s, uint64_t *bytes, const char **why);

/* Permission bits in octal, as chmod(1) and bubblewrap's --perms take: 0 to 07777. */
int parse_perms(const char *s, mode_t *mode, const char **why);

/*
 * A path inside the sandbox (DEST, --rw, --hide): not empty, shorter than PATH_MAX, no
 * ".." component (a way up and out of the view), no NUL. Relative paths are allowed
 * (callers decide what they are relative to).
 */
int check_view_path(const char *s, const char **why);

/*
 * The lexically normal form of an absolute path: one '/' between components, no "."
 * component, no trailing '/'. Fails if s is not absolute, has a ".." component, or the
 * result does not fit in size bytes. "/" stays "/".
 */
int normalize_path(const char *s, char *out, size_t size, const char **why);

#endif
