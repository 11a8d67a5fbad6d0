/* fuzz-cap_list.c - libFuzzer target for parse_cap_list. */
#include "caplist.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct cap_list l = { 0 };
	const char *why = NULL, *bad = NULL;
	size_t bad_len = 0;

	if (!s)
		return 0;
	if (parse_cap_list(s, &l, &why, &bad, &bad_len) < 0) {
		/* A failed parse changes nothing, and the culprit lies within the input. */
		if (l.bits || l.all || !why)
			abort();
		if (bad && (bad < s || bad + bad_len > s + strlen(s)))
			abort();
	}
	free(s);
	return 0;
}
