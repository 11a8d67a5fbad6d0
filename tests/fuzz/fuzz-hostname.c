/* fuzz-hostname.c - libFuzzer target for check_hostname. */
#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;

	if (!s)
		return 0;
	/* Whatever passes must fit sethostname(2). */
	if (check_hostname(s, &why) == 0 && (strlen(s) == 0 || strlen(s) > 64))
		abort();
	free(s);
	return 0;
}
