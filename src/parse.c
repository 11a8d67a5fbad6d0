/* parse.c - pure parsers of option values (see parse.h). */
#include "parse.h"

#include <ctype.h>
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
