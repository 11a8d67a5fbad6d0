/* fuzz-uint.c - libFuzzer target for parse_uint. */
#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	unsigned long v = 0;

	if (!s)
		return 0;
	if (parse_uint(s, 0, 4294967294UL, &v, &why) == 0 && v > 4294967294UL)
		abort();
	if (parse_uint(s, 3, 10, &v, &why) < 0 && !why)
		abort();
	free(s);
	return 0;
}
