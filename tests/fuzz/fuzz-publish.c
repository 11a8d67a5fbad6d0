/* fuzz-publish.c - libFuzzer target for the --publish rule parser. */
#include <string.h>

#include "fuzz.h"
#include "publish.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	struct publish p, again;
	char buf[96];

	if (!s)
		return 0;
	if (publish_parse(s, &p, &why) == 0) {
		/* What a rule prints must parse back to the same rule. */
		if (p.host_port == 0 || p.port == 0)
			abort();
		publish_format(&p, buf, sizeof(buf));
		if (publish_parse(buf, &again, &why) < 0 || memcmp(&p, &again, sizeof(p)) != 0)
			abort();
	} else if (!why) {
		abort();
	}
	free(s);
	return 0;
}
