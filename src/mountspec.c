/* mountspec.c - pure parsers for the filesystem options (see mountspec.h). */
#include "mountspec.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

/* The largest size taken: far above any memory, and 1024 times it still fits 64 bits. */
#define SIZE_MAX_BYTES ((uint64_t)1 << 62)

/* The suffix's power of 1024, or -1: "", k, K, kb, KB, ki, KiB, ... */
static int size_shift(const char *s)
{
	static const char units[] = "kmgt";
	const char *u;

	if (!*s)
		return 0;
	u = strchr(units, tolower((unsigned char)*s));
	if (!u || !*u)
		return -1;
	s++;
	if (*s == 'i' || *s == 'I')
		s++;
	if (*s == 'b' || *s == 'B')
		s++;
	return *s ? -1 : (int)(u - units + 1) * 10;
}

int parse_size(const char *s, uint64_t *bytes, const char **why)
{
	uint64_t v = 0;
	int shift;

	if (!s || !*s)
		return *why = "empty value", -1;
	if (!isdigit((unsigned char)*s))
		return *why = "not a size (a number of bytes, optionally with k, m, g or t)", -1;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > SIZE_MAX_BYTES)
			return *why = "too large", -1;
	}
	shift = size_shift(s);
	if (shift < 0)
		return *why = "not a size (a number of bytes, optionally with k, m, g or t)", -1;
	if (v > SIZE_MAX_BYTES >> shift)
		return *why = "too large", -1;
	if (v == 0)
		return *why = "must be at least 1 byte", -1;
	*bytes = v << shift;
	return 0;
}

int parse_perms(const char *s, mode_t *mode, const char **why)
{
	unsigned long v = 0;
	size_t n = 0;

	if (!s || !*s)
		return *why = "empty value", -1;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '7')
			return *why = "not an octal mode (e.g. 0755)", -1;
		v = v * 8 + (unsigned long)(*s - '0');
		if (v > 07777 || n > 8)
			return *why = "out of range (0 to 07777)", -1;
	}
	*mode = (mode_t)v;
	return 0;
}

/* Whether the component at p (up to '/' or the end) is "..". */
static int is_dotdot(const char *p)
{
	return p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0');
}

int check_view_path(const char *s, const char **why)
{
	size_t len;

	if (!s || !*s)
		return *why = "empty path", -1;
	len = strnlen(s, PATH_MAX);
	if (len >= PATH_MAX)
		return *why = "longer than PATH_MAX", -1;
	for (const char *p = s; *p; p++)
		if ((p == s || p[-1] == '/') && is_dotdot(p))
			return *why = "'..' is refused in a path inside the sandbox", -1;
	return 0;
}

int normalize_path(const char *s, char *out, size_t size, const char **why)
{
	size_t used = 0;

	if (!s || s[0] != '/')
		return *why = "not an absolute path", -1;
	if (check_view_path(s, why) < 0)
		return -1;
	while (*s) {
		size_t n;

		while (*s == '/')
			s++;
		n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.')) {
			s += n;
			continue;
		}
		if (used + 1 + n + 1 > size)
			return *why = "too long", -1;
		out[used++] = '/';
		memcpy(out + used, s, n);
		used += n;
		s += n;
	}
	if (used == 0) {
		if (size < 2)
			return *why = "too long", -1;
		out[used++] = '/';
	}
	out[used] = '\0';
	return 0;
}
