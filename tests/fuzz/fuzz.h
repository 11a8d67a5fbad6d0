/* fuzz.h - shared by the libFuzzer targets: the input as a NUL-terminated string. */
#ifndef ISOLATE_FUZZ_H
#define ISOLATE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Options arrive as C strings: cut the input at its first NUL, copy it exactly sized so
 * ASan catches a read past the end. NULL when out of memory (libFuzzer then moves on). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	size_t len = strnlen((const char *)data, size);
	char *s = malloc(len + 1);

	if (s) {
		memcpy(s, data, len);
		s[len] = '\0';
	}
	return s;
}

#endif
