/* fuzz-id_pair.c - libFuzzer target for parse_id_pair. */
#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	uid_t u = 0;
	gid_t g = 0;

	if (!s)
		return 0;
	/* (uid_t)-1 must never come out of a successful parse. */
	if (parse_id_pair(s, &u, &g, &why) == 0 && (u == (uid_t)-1 || g == (gid_t)-1))
		abort();
	free(s);
	return 0;
}
