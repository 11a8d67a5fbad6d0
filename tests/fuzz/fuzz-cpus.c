/* fuzz-cpus.c - libFuzzer target for parse_cpus. */
#include "fuzz.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	unsigned long v = 0;

	if (!s)
		return 0;
	if (parse_cpus(s, &v, &why) == 0 && (v == 0 || v > 1000UL * (CPUSET_MAX + 1)))
		abort();
	free(s);
	return 0;
}
