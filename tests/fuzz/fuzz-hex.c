/* fuzz-hex.c - libFuzzer target for hex_decode: what decodes encodes back to itself. */
#include "fuzz.h"
#include "hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *again;
	size_t n = s ? strlen(s) / 2 : 0;
	unsigned char *bytes = s ? malloc(n + 1) : NULL;

	if (bytes && hex_decode(s, bytes, n) == 0) {
		again = hex_encode(bytes, n);
		if (again && strncmp(again, s, 2 * n) != 0)
			abort();
		free(again);
	}
	free(bytes);
	free(s);
	return 0;
}
