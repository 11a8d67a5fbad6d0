/* rlimits.h - the RLIMIT_ resources by their lower-case names, and the pure parser of
 * NAME=SOFT[:HARD] (--rlimit). No I/O; unit-tested and fuzzed. */
#ifndef ISOLATE_RLIMITS_H
#define ISOLATE_RLIMITS_H

#include <stddef.h>
#include <sys/resource.h>

/* What a resource's numbers count: SIZE suffixes are taken for bytes only. */
enum rlimit_unit { RLU_BYTES, RLU_COUNT, RLU_SECONDS, RLU_MICROSECONDS };

struct rlimit_row {
	const char *name; /* "nofile" for RLIMIT_NOFILE */
	int resource;
	enum rlimit_unit unit;
};
extern const struct rlimit_row rlimit_table[];
extern const size_t rlimit_table_size;

/* The row called name; NULL if none. */
const struct rlimit_row *rlimit_by_name(const char *name, size_t len);
/* The row of resource; NULL if none. */
const struct rlimit_row *rlimit_by_resource(int resource);

/*
 * NAME=SOFT[:HARD]: NAME is a lower-case RLIMIT_ name (nofile, nproc, as, ...), each
 * value a number (bytes take K/M/G/T suffixes) or "unlimited"; HARD defaults to SOFT
 * and must not be below it. Returns 0, or -1 with a short reason in *why.
 */
int parse_rlimit(const char *s, int *resource, struct rlimit *limit, const char **why);

#endif
