/* fuzz-subid.c - libFuzzer target for the id-map specs: subid_parse (/etc/subuid text)
 * and idmap_layout (the ranged map built from what it returns). */
#include "fuzz.h"
#include "idmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct id_range ranges[16];
	struct id_extent map[IDMAP_MAX_EXTENTS];
	size_t bad = 0, n, m;

	if (!s)
		return 0;
	n = subid_parse(s, "user", 1000, ranges, 16, &bad);
	if (n > 16)
		abort();
	for (size_t i = 0; i < n; i++)
		if (ranges[i].count == 0 || (uint64_t)ranges[i].start + ranges[i].count > 4294967296ULL)
			abort();
	m = idmap_layout(1000, ranges, n, map, IDMAP_MAX_EXTENTS);
	/* Extents must stay within the ids a map can name and never overlap inside. */
	for (size_t i = 0; i < m; i++) {
		if ((uint64_t)map[i].inside + map[i].count > 4294967295ULL || map[i].count == 0)
			abort();
		if (i > 0 && map[i].inside < map[i - 1].inside + map[i - 1].count)
			abort();
	}
	(void)idmap_is_initial(s);
	free(s);
	return 0;
}
