/* caplist.h - capability lists as options give them: pure, no I/O, unit-tested and fuzzed. */
#ifndef ISOLATE_CAPLIST_H
#define ISOLATE_CAPLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A set of capabilities by number (bit N = capability N), or every one the kernel has. */
struct cap_list {
	uint64_t bits;
	bool all;
};

/* The longest capability name we accept ("cap_" prefix included), e.g. cap_checkpoint_restore. */
#define CAP_NAME_MAX 32

/*
 * "CAP[,CAP...]": names as in capabilities(7), any case, with or without "CAP_",
 * or "ALL". Adds to *out. Returns 0, or -1 with a static reason in *why and the
 * offending element at *bad (length *bad_len) when there is one.
 */
int parse_cap_list(const char *s, struct cap_list *out, const char **why, const char **bad,
		   size_t *bad_len);

#endif
