/* fuzz-ns_list.c - libFuzzer target for parse_ns_list. */
#include "model.h"
#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	unsigned mask = 0;

	if (!s)
		return 0;
	if (parse_ns_list(s, &mask, &why) == 0 ? (mask == 0 || (mask & ~ns_made_mask())) : mask != 0)
		abort();
	free(s);
	return 0;
}
