/* parse.c - pure parsers of option values (see parse.h). */
#include "parse.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out,
	       const char **why)
{
	unsigned long v;
	char *end;

	if (!s || !*s) {
		*why = "empty value";
		return -1;
	}
	/* strtoul accepts leading spaces and a sign; a value that does not start with a digit is refused. */
	if (!isdigit((unsigned char)s[0])) {
		*why = "not a decimal number";
		return -1;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0') {
		*why = "not a decimal number";
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		*why = "out of range";
		return -1;
	}
	*out = v;
	return 0;
}

int parse_id_pair(const char *s, uid_t *uid, gid_t *gid, const char **why)
{
	/* (uid_t)-1 means "no change" to the kernel and can never be mapped. */
	const char *colon = s ? strchr(s, ':') : NULL;
	unsigned long u, g;

	if (!s || !*s) {
		*why = "empty value";
		return -1;
	}
	if (colon) {
		size_t n = (size_t)(colon - s);
		char first[16];

		if (n == 0 || n >= sizeof(first)) {
			*why = n ? "id out of range" : "missing UID before ':'";
			return -1;
		}
		memcpy(first, s, n);
		first[n] = '\0';
		if (parse_uint(first, 0, ID_MAX, &u, why) < 0 ||
		    parse_uint(colon + 1, 0, ID_MAX, &g, why) < 0)
			return -1;
	} else {
		if (parse_uint(s, 0, ID_MAX, &u, why) < 0)
			return -1;
		g = u;
	}
	*uid = (uid_t)u;
	*gid = (gid_t)g;
	return 0;
}

int parse_ns_list(const char *s, unsigned *mask, const char **why)
{
	unsigned bits = 0;
	const char *p = s;

	if (!s || !*s) {
		*why = "empty list";
		return -1;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int kind = ns_by_name(p, len);

		if (len == 3 && strncmp(p, "all", 3) == 0) {
			bits |= ns_made_mask();
		} else if (kind >= 0) {
			bits |= NS_BIT(kind);
		} else {
			*why = len ? "unknown namespace (expected user, net, uts, ipc, mnt, pid, cgroup or all)"
				   : "empty namespace name";
			return -1;
		}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*mask |= bits;
	return 0;
}

int check_hostname(const char *s, const char **why)
{
	size_t len = s ? strlen(s) : 0;

	if (len == 0) {
		*why = "empty hostname";
		return -1;
	}
	/* sethostname(2) takes at most HOST_NAME_MAX (64) bytes. */
	if (len > 64) {
		*why = "longer than 64 bytes";
		return -1;
	}
	for (const char *c = s; *c; c++) {
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '.' && *c != '_') {
			*why = "only letters, digits, '-', '.' and '_' are allowed";
			return -1;
		}
	}
	return 0;
}

int check_ifname(const char *s, const char **why)
{
	size_t len = s ? strlen(s) : 0;

	if (len == 0) {
		*why = "empty interface name";
		return -1;
	}
	/* IFNAMSIZ is 16 with the terminating NUL. */
	if (len > 15) {
		*why = "longer than 15 bytes (IFNAMSIZ)";
		return -1;
	}
	/* The kernel's dev_valid_name(): no '/', ':' or whitespace, and not "." or "..". */
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
		*why = "'.' and '..' are not interface names";
		return -1;
	}
	for (const char *c = s; *c; c++) {
		if (*c == '/' || *c == ':' || isspace((unsigned char)*c) || !isprint((unsigned char)*c)) {
			*why = "'/', ':', whitespace and control characters are not allowed";
			return -1;
		}
		/* The kernel takes a name with '%' as a template ("h%d" becomes h0, h1, ...). */
		if (*c == '%') {
			*why = "'%' would make the kernel pick the name (a name template)";
			return -1;
		}
	}
	return 0;
}

int parse_net_mode(const char *s, enum net_mode *mode, const char **why)
{
	int m = s ? net_mode_by_name(s) : -1;

	if (m < 0) {
		*why = "unknown network mode (expected veth, pasta, none or host)";
		return -1;
	}
	*mode = (enum net_mode)m;
	return 0;
}

int check_instance_name(const char *s, const char **why)
{
	size_t len = s ? strlen(s) : 0;

	if (len == 0) {
		*why = "empty name";
		return -1;
	}
	if (len > INSTANCE_NAME_MAX) {
		*why = "longer than 64 bytes";
		return -1;
	}
	/* A file name of the state directory: never a path, "..", hidden, or an option. */
	if (s[0] == '.' || s[0] == '-') {
		*why = "must not start with '.' or '-'";
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isascii(c) || !(isalnum(c) || c == '-' || c == '_' || c == '.')) {
			*why = c == '/' ? "must not contain '/'"
			       : iscntrl(c) ? "must not contain control characters"
					    : "only letters, digits, '-', '_' and '.' are allowed";
			return -1;
		}
	}
	return 0;
}

int parse_signal(const char *s, int *sig, const char **why)
{
	const char *name = s;
	unsigned long n;

	if (!s || !*s) {
		*why = "empty signal";
		return -1;
	}
	if (isdigit((unsigned char)s[0])) {
		if (parse_uint(s, 1, (unsigned long)SIGRTMAX, &n, why) < 0)
			return -1;
		*sig = (int)n;
		return 0;
	}
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (int i = 1; i < SIGRTMIN; i++) {
		const char *abbrev = sigabbrev_np(i);

		if (abbrev && strcmp(abbrev, name) == 0) {
			*sig = i;
			return 0;
		}
	}
	/* RTMIN+N and RTMAX-N, as kill(1) spells them. */
	if (strncmp(name, "RTMIN", 5) == 0 || strncmp(name, "RTMAX", 5) == 0) {
		bool min = name[4] == 'N';
		unsigned long off = 0;

		if (name[5] && (name[5] != (min ? '+' : '-') ||
				parse_uint(name + 6, 0, (unsigned long)(SIGRTMAX - SIGRTMIN), &off, why) < 0)) {
			*why = "unknown signal";
			return -1;
		}
		*sig = min ? SIGRTMIN + (int)off : SIGRTMAX - (int)off;
		return 0;
	}
	*why = "unknown signal";
	return -1;
}

int parse_name_signal(const char *s, char *name, size_t size, int *sig, const char **why)
{
	const char *colon = s ? strrchr(s, ':') : NULL;
	size_t len;

	if (!colon) {
		*why = "expected NAME:SIGNAL";
		return -1;
	}
	len = (size_t)(colon - s);
	if (len >= size || len > INSTANCE_NAME_MAX) {
		*why = "the name is longer than 64 bytes";
		return -1;
	}
	memcpy(name, s, len);
	name[len] = '\0';
	if (check_instance_name(name, why) < 0)
		return -1;
	return parse_signal(colon + 1, sig, why);
}

int split_config_line(const char *line, char *buf, size_t size, char **words, size_t max,
		      size_t *n, const char **why)
{
	const char *p = line;
	size_t out = 0;

	*n = 0;
	for (;;) {
		char quote = 0;

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return 0;
		if (*n == max) {
			*why = "too many words";
			return -1;
		}
		words[(*n)++] = buf + out;
		for (; *p && (quote || !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')); p++) {
			char c = *p;

			if (quote == '\'' && c != '\'') {
				/* literal */
			} else if (c == quote) {
				quote = 0;
				continue;
			} else if (!quote && (c == '\'' || c == '"')) {
				quote = c;
				continue;
			} else if (c == '\\' && (!quote || p[1] == '"' || p[1] == '\\')) {
				if (!p[1]) {
					*why = "a backslash at the end of the line";
					return -1;
				}
				c = *++p;
			}
			if (out + 1 >= size) {
				*why = "line too long";
				return -1;
			}
			buf[out++] = c;
		}
		if (quote) {
			*why = quote == '"' ? "unterminated \"" : "unterminated '";
			return -1;
		}
		if (out >= size) {
			*why = "line too long";
			return -1;
		}
		buf[out++] = '\0';
	}
}
