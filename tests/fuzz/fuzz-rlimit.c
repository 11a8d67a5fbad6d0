/* fuzz-rlimit.c - libFuzzer target for parse_rlimit. */
#include "fuzz.h"
#include "rlimits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	struct rlimit l;
	int resource = -1;

	if (!s)
		return 0;
	if (parse_rlimit(s, &resource, &l, &why) == 0) {
		if (l.rlim_cur > l.rlim_max || !rlimit_by_resource(resource))
			abort();
	} else if (!why) {
		abort();
	}
	free(s);
	return 0;
}
