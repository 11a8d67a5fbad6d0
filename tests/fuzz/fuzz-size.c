/* fuzz-size.c - libFuzzer target for parse_size. */
#include "fuzz.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	uint64_t v = 0;

	if (!s)
		return 0;
	if (parse_size(s, 1, 1ULL << 62, &v, &why) == 0 && (v < 1 || v > (1ULL << 62)))
		abort();
	if (parse_size(s, 0, UINT64_MAX, &v, &why) < 0 && !why)
		abort();
	free(s);
	return 0;
}
