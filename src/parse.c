/* parse.c - pure parsers of option values (see parse.h). */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

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
	const unsigned long max_id = 4294967294UL;
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
		if (parse_uint(first, 0, max_id, &u, why) < 0 ||
		    parse_uint(colon + 1, 0, max_id, &g, why) < 0)
			return -1;
	} else {
		if (parse_uint(s, 0, max_id, &u, why) < 0)
			return -1;
		g = u;
	}
	*uid = (uid_t)u;
	*gid = (gid_t)g;
	return 0;
}

static const struct {
	const char *name;
	unsigned bits;
} ns_names[] = {
	{ "user", NS_BIT(NS_USER) }, { "net", NS_BIT(NS_NET) },   { "uts", NS_BIT(NS_UTS) },
	{ "ipc", NS_BIT(NS_IPC) },   { "mnt", NS_BIT(NS_MNT) },   { "mount", NS_BIT(NS_MNT) },
	{ "pid", NS_BIT(NS_PID) },   { "all", NS_ALL },
};

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
		size_t i;

		for (i = 0; i < sizeof(ns_names) / sizeof(ns_names[0]); i++)
			if (strlen(ns_names[i].name) == len && strncmp(p, ns_names[i].name, len) == 0)
				break;
		if (i == sizeof(ns_names) / sizeof(ns_names[0])) {
			*why = len ? "unknown namespace (expected user, net, uts, ipc, mnt, pid or all)"
				   : "empty namespace name";
			return -1;
		}
		bits |= ns_names[i].bits;
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
	}
	return 0;
}

int parse_net_mode(const char *s, enum net_mode *mode, const char **why)
{
	static const struct {
		const char *name;
		enum net_mode mode;
	} modes[] = {
		{ "veth", NET_VETH }, { "none", NET_NONE }, { "host", NET_HOST }, { "pasta", NET_PASTA },
	};

	for (size_t i = 0; s && i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(s, modes[i].name) == 0) {
			*mode = modes[i].mode;
			return 0;
		}
	}
	*why = "unknown network mode (expected veth, pasta, none or host)";
	return -1;
}
