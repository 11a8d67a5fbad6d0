/* fuzz-config_line.c - libFuzzer target for split_config_line. */
#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *words[4];
	size_t len = s ? strlen(s) : 0, n = 0;
	const char *why = NULL;
	char *buf;

	if (!s)
		return 0;
	/* The documented bound: strlen(line)+1 bytes always suffice. Exactly that, for ASan. */
	buf = malloc(len + 1);
	if (buf && split_config_line(s, buf, len + 1, words, 4, &n, &why) == 0) {
		for (size_t i = 0; i < n; i++)
			if (words[i] < buf || words[i] + strlen(words[i]) >= buf + len + 1)
				abort();
	}
	free(buf);
	free(s);
	return 0;
}
