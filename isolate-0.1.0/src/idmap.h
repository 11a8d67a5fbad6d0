/* idmap.h - pure helpers for user namespaces: the /etc/subuid format, the layout of a
 * ranged id map, /proc/PID/uid_map text, and which sysctl blocks user namespaces.
 * No I/O, no globals; unit-tested in tests/unit/test-idmap.c. */
#ifndef ISOLATE_IDMAP_H
#define ISOLATE_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's limit on lines in one uid_map or gid_map (since Linux 4.15). */
#define IDMAP_MAX_EXTENTS 340

/* A subordinate range from /etc/subuid or /etc/subgid: host ids [start, start+count). */
struct id_range {
	uint32_t start;
	uint32_t count;
};

/* One line of a uid_map/gid_map: ids [inside, inside+count) -> [outside, outside+count). */
struct id_extent {
	uint32_t inside;
	uint32_t outside;
	uint32_t count;
};

/*
 * Collect, in file order, the ranges that text (the contents of /etc/subuid or
 * /etc/subgid, "OWNER:START:COUNT" lines) gives to the user called name (may be NULL)
 * or with numeric id. Blank lines and '#' comments are skipped, and so are malformed
 * lines (bad numbers, zero count, a range past the last id): the helpers refuse
 * them too. At most max ranges are stored; returns how many, and counts the
 * malformed lines in *bad.
 */
size_t subid_parse(const char *text, const char *name, uint32_t id, struct id_range *out,
		   size_t max, size_t *bad);

/*
 * The map "root inside -> host_root, then ids 1, 2, ... -> the ranges in order".
 * Stops before an extent that would pass the largest id inside (2^32-2) or beyond
 * max extents (a range that does not fit is cut short). Returns the number of extents.
 */
size_t idmap_layout(uint32_t host_root, const struct id_range *ranges, size_t n,
		    struct id_extent *out, size_t max);

/* True when uid_map text is the initial user namespace's: "0 0 4294967295". */
bool idmap_is_initial(const char *uid_map_text);

/*
 * Which setting keeps an unprivileged user from making a user namespace, given the
 * values read from /proc/sys (-1 when the file does not exist): a line naming the
 * sysctl and the fix, or NULL when none of them explains it.
 */
const char *userns_blocker(long max_user_namespaces, long unprivileged_userns_clone,
			   long apparmor_restrict, bool privileged);

#endif
