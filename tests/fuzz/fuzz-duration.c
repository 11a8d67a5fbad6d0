/* fuzz-duration.c - libFuzzer target for parse_duration. */
#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	unsigned long ms = 0;

	if (!s)
		return 0;
	if (parse_duration(s, &ms, &why) == 0 ? ms > 86400000UL : !why)
		abort();
	free(s);
	return 0;
}
