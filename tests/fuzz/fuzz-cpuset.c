/* fuzz-cpuset.c - libFuzzer target for parse_cpuset: what parses formats and parses back
 * to the same set. */
#include "fuzz.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct cpuset a, b;
	const char *why = NULL;
	static char buf[8192];

	if (!s)
		return 0;
	if (parse_cpuset(s, &a, &why) == 0) {
		if (cpuset_count(&a) == 0 || cpuset_format(&a, buf, sizeof(buf)) < 0 ||
		    parse_cpuset(buf, &b, &why) < 0 || memcmp(&a, &b, sizeof(a)) != 0)
			abort();
	} else if (!why) {
		abort();
	}
	free(s);
	return 0;
}
