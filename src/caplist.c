/* caplist.c - parsing capability lists (see caplist.h). */
#include "caplist.h"

#include <ctype.h>
#include <string.h>
#include <sys/capability.h>

/* One element: "chown", "CAP_CHOWN", "Cap_Chown" or "all". libcap knows the names. */
static int parse_one(const char *p, size_t len, struct cap_list *out, const char **why)
{
	char name[CAP_NAME_MAX + 1];
	cap_value_t cap;
	size_t off = 0;

	if (len == 0) {
		*why = "empty capability name";
		return -1;
	}
	if (len == 3 && strncasecmp(p, "all", 3) == 0) {
		out->all = true;
		return 0;
	}
	if (!(len > 4 && strncasecmp(p, "cap_", 4) == 0)) {
		memcpy(name, "cap_", 4);
		off = 4;
	}
	if (len + off > CAP_NAME_MAX) {
		*why = "unknown capability";
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		/* libcap also takes numbers and its own syntax; only plain names are meant here. */
		if (!isalpha(c) && c != '_') {
			*why = "unknown capability";
			return -1;
		}
		name[off + i] = (char)tolower(c);
	}
	name[off + len] = '\0';
	if (cap_from_name(name, &cap) < 0 || cap < 0 || cap > 63) {
		*why = "unknown capability";
		return -1;
	}
	out->bits |= UINT64_C(1) << cap;
	return 0;
}

int parse_cap_list(const char *s, struct cap_list *out, const char **why, const char **bad,
		   size_t *bad_len)
{
	struct cap_list got = *out;
	const char *p = s;

	*bad = NULL;
	*bad_len = 0;
	if (!s || !*s) {
		*why = "empty list";
		return -1;
	}
	for (;;) {
		size_t len = strcspn(p, ",");

		if (parse_one(p, len, &got, why) < 0) {
			*bad = p;
			*bad_len = len;
			return -1;
		}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*out = got;
	return 0;
}
