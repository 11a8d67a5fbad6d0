/* rlimits.c - the RLIMIT_ table and the --rlimit parser (see rlimits.h). */
#include "rlimits.h"

#include <string.h>

#include "mountspec.h"
#include "parse.h"

/* getrlimit(2)'s resources on Linux, each with the unit its numbers are in. */
const struct rlimit_row rlimit_table[] = {
	{ "as", RLIMIT_AS, RLU_BYTES },
	{ "core", RLIMIT_CORE, RLU_BYTES },
	{ "cpu", RLIMIT_CPU, RLU_SECONDS },
	{ "data", RLIMIT_DATA, RLU_BYTES },
	{ "fsize", RLIMIT_FSIZE, RLU_BYTES },
	{ "locks", RLIMIT_LOCKS, RLU_COUNT },
	{ "memlock", RLIMIT_MEMLOCK, RLU_BYTES },
	{ "msgqueue", RLIMIT_MSGQUEUE, RLU_BYTES },
	{ "nice", RLIMIT_NICE, RLU_COUNT },
	{ "nofile", RLIMIT_NOFILE, RLU_COUNT },
	{ "nproc", RLIMIT_NPROC, RLU_COUNT },
	{ "rss", RLIMIT_RSS, RLU_BYTES },
	{ "rtprio", RLIMIT_RTPRIO, RLU_COUNT },
	{ "rttime", RLIMIT_RTTIME, RLU_MICROSECONDS },
	{ "sigpending", RLIMIT_SIGPENDING, RLU_COUNT },
	{ "stack", RLIMIT_STACK, RLU_BYTES },
};
const size_t rlimit_table_size = sizeof(rlimit_table) / sizeof(rlimit_table[0]);

const struct rlimit_row *rlimit_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < rlimit_table_size; i++)
		if (strlen(rlimit_table[i].name) == len && strncmp(rlimit_table[i].name, name, len) == 0)
			return &rlimit_table[i];
	return NULL;
}

const struct rlimit_row *rlimit_by_resource(int resource)
{
	for (size_t i = 0; i < rlimit_table_size; i++)
		if (rlimit_table[i].resource == resource)
			return &rlimit_table[i];
	return NULL;
}

/* One value of len bytes at s: "unlimited", a count, or a SIZE for byte limits. */
static int rlimit_value(const struct rlimit_row *row, const char *s, size_t len, rlim_t *v,
			const char **why)
{
	char buf[32];
	uint64_t n;
	unsigned long u;

	if (len == 0)
		return *why = "empty value", -1;
	if (len >= sizeof(buf))
		return *why = "value too large", -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strcmp(buf, "unlimited") == 0 || strcmp(buf, "infinity") == 0) {
		*v = RLIM_INFINITY;
		return 0;
	}
	/* Bytes take SIZE suffixes; 0 (core=0) is a plain number, which SIZE refuses. */
	if (row->unit == RLU_BYTES && buf[strspn(buf, "0123456789")] != '\0') {
		if (parse_size(buf, &n, why) < 0)
			return -1;
		*v = (rlim_t)n;
		return 0;
	}
	if (parse_uint(buf, 0, (unsigned long)(RLIM_INFINITY - 1), &u, why) < 0)
		return -1;
	*v = (rlim_t)u;
	return 0;
}

int parse_rlimit(const char *s, int *resource, struct rlimit *limit, const char **why)
{
	const struct rlimit_row *row;
	const char *eq, *colon, *soft;
	size_t soft_len;
	struct rlimit l;

	if (!s || !*s)
		return *why = "empty value", -1;
	eq = strchr(s, '=');
	if (!eq)
		return *why = "expected NAME=SOFT[:HARD], e.g. nofile=1024:4096", -1;
	row = rlimit_by_name(s, (size_t)(eq - s));
	if (!row)
		return *why = "unknown resource (expected as, core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending or stack)",
		       -1;
	soft = eq + 1;
	colon = strchr(soft, ':');
	soft_len = colon ? (size_t)(colon - soft) : strlen(soft);
	if (rlimit_value(row, soft, soft_len, &l.rlim_cur, why) < 0)
		return -1;
	l.rlim_max = l.rlim_cur;
	if (colon && rlimit_value(row, colon + 1, strlen(colon + 1), &l.rlim_max, why) < 0)
		return -1;
	/* RLIM_INFINITY is the largest value, so one comparison covers "unlimited" too. */
	if (l.rlim_cur > l.rlim_max)
		return *why = "the soft limit is above the hard limit", -1;
	*resource = row->resource;
	*limit = l;
	return 0;
}
