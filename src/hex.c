/* hex.c - bytes as lowercase hex text and back (see hex.h). */
#include "hex.h"

#include <stdlib.h>

static const char digits[] = "0123456789abcdef";

char *hex_encode(const void *data, size_t n)
{
	const unsigned char *bytes = data;
	char *hex = n < ((size_t)-1) / 2 ? malloc(n * 2 + 1) : NULL;

	if (!hex)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 0xf];
	}
	hex[2 * n] = '\0';
	return hex;
}

/* One digit's value, or -1. */
static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int hex_decode(const char *hex, void *out, size_t n)
{
	unsigned char *bytes = out;

	for (size_t i = 0; i < n; i++) {
		int hi = digit_value(hex[2 * i]), lo = hi < 0 ? -1 : digit_value(hex[2 * i + 1]);

		if (lo < 0)
			return -1;
		bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
