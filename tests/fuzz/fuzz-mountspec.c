/* fuzz-mountspec.c - libFuzzer target for the filesystem options' parsers. */
#include <limits.h>

#include "fuzz.h"
#include "mountspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), out[PATH_MAX];
	const char *why = NULL;
	uint64_t bytes = 0;
	mode_t mode = 0;

	if (!s)
		return 0;
	if (parse_size(s, &bytes, &why) == 0 ? (bytes == 0 || bytes > ((uint64_t)1 << 62)) : !why)
		abort();
	if (parse_perms(s, &mode, &why) == 0 ? mode > 07777 : !why)
		abort();
	if (check_view_path(s, &why) < 0 && !why)
		abort();
	/* A normal path is its own normal form, has no "." or ".." and no "//". */
	if (normalize_path(s, out, sizeof(out), &why) == 0) {
		char again[PATH_MAX];

		if (out[0] != '/' || strstr(out, "//") || strstr(out, "/./") || check_view_path(out, &why) < 0 ||
		    normalize_path(out, again, sizeof(again), &why) < 0 || strcmp(out, again) != 0)
			abort();
	} else if (!why) {
		abort();
	}
	free(s);
	return 0;
}
