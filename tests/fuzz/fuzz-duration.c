/* fuzz-duration.c - libFuzzer target for parse_duration and format_duration. */
#include "fuzz.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	uint64_t v = 0;
	char buf[48];

	if (!s)
		return 0;
	if (parse_duration(s, &v, &why) == 0) {
		if (v == 0 || v > DURATION_MAX)
			abort();
		format_duration(v, buf, sizeof(buf));
	} else if (!why) {
		abort();
	}
	free(s);
	return 0;
}
