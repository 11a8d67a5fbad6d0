/* idmap.c - pure helpers for user namespaces and their id maps (see idmap.h). */
#include "idmap.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"


/* A decimal number of len bytes at s, no sign or space, <= max. */
static bool field_uint(const char *s, size_t len, unsigned long max, unsigned long *out)
{
	char buf[16];
	char *end;

	if (len == 0 || len >= sizeof(buf))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return errno == 0 && *end == '\0' && *out <= max;
}

/* The owner field names the user, or is the user's id in decimal. */
static bool owner_matches(const char *s, size_t len, const char *name, uint32_t id)
{
	unsigned long v;

	if (name && strlen(name) == len && memcmp(s, name, len) == 0)
		return true;
	return field_uint(s, len, ID_MAX, &v) && v == id;
}

size_t subid_parse(const char *text, const char *name, uint32_t id, struct id_range *out,
		   size_t max, size_t *bad)
{
	size_t n = 0;

	*bad = 0;
	for (const char *line = text; line && *line;) {
		size_t len = strcspn(line, "\n");
		const char *next = line[len] ? line + len + 1 : line + len;
		const char *c1 = memchr(line, ':', len);
		const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line)) : NULL;
		unsigned long start, count;

		/* Trailing blanks and a carriage return are the editor's, not the data's. */
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			len--;
		if (len == 0 || line[0] == '#') {
			line = next;
			continue;
		}
		if (!c1 || !c2 || c1 == line || (size_t)(c2 - line) >= len ||
		    !field_uint(c1 + 1, (size_t)(c2 - c1 - 1), ID_MAX, &start) ||
		    !field_uint(c2 + 1, len - (size_t)(c2 + 1 - line), ID_MAX + 1, &count) ||
		    count == 0 || start + count - 1 > ID_MAX) {
			(*bad)++;
			line = next;
			continue;
		}
		if (owner_matches(line, (size_t)(c1 - line), name, id) && n < max)
			out[n++] = (struct id_range){ .start = (uint32_t)start, .count = (uint32_t)count };
		line = next;
	}
	return n;
}

size_t idmap_layout(uint32_t host_root, const struct id_range *ranges, size_t n,
		    struct id_extent *out, size_t max)
{
	unsigned long next_inside = 1;
	size_t k = 0;

	if (max == 0)
		return 0;
	out[k++] = (struct id_extent){ .inside = 0, .outside = host_root, .count = 1 };
	for (size_t i = 0; i < n && k < max && next_inside <= ID_MAX; i++) {
		unsigned long count = ranges[i].count;

		if (count > ID_MAX - next_inside + 1)
			count = ID_MAX - next_inside + 1;
		out[k++] = (struct id_extent){ .inside = (uint32_t)next_inside,
					       .outside = ranges[i].start,
					       .count = (uint32_t)count };
		next_inside += count;
	}
	return k;
}

bool idmap_is_initial(const char *uid_map_text)
{
	unsigned long inside, outside, count;
	char *end;

	if (!uid_map_text)
		return false;
	errno = 0;
	inside = strtoul(uid_map_text, &end, 10);
	outside = strtoul(end, &end, 10);
	count = strtoul(end, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	return errno == 0 && *end == '\0' && inside == 0 && outside == 0 && count == ID_MAX + 1;
}

const char *userns_blocker(long max_user_namespaces, long unprivileged_userns_clone,
			   long apparmor_restrict, bool privileged)
{
	if (max_user_namespaces == 0)
		return "user namespaces are disabled by sysctl user.max_user_namespaces=0; "
		       "set it to a positive number, e.g. sysctl -w user.max_user_namespaces=15000";
	if (privileged)
		return NULL;
	if (unprivileged_userns_clone == 0)
		return "unprivileged user namespaces are disabled by sysctl kernel.unprivileged_userns_clone=0; "
		       "enable them with sysctl -w kernel.unprivileged_userns_clone=1";
	if (apparmor_restrict > 0)
		return "AppArmor restricts unprivileged user namespaces (sysctl kernel.apparmor_restrict_unprivileged_userns=1); "
		       "set it to 0, or give isolate an AppArmor profile with the 'userns' rule";
	return NULL;
}
