/* fuzz-cidr.c - libFuzzer target for the CIDR parsers and what is computed from them. */
#include <sys/socket.h>

#include "cidr.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct cidr a, pool, peer, host;
	const char *why = NULL;

	if (!s)
		return 0;
	if (cidr_parse(s, &a, &why) == 0) {
		(void)cidr_peer(&a, &peer, &why);
		(void)cidr_host(&a, 1, &host);
		(void)cidr_contains(&a, &a);
		(void)cidr_overlaps(&a, &a);
	} else if (!why) {
		abort();
	}
	if (cidr_parse_pool(s, &pool, &why) == 0) {
		char buf[CIDR_STRLEN];
		struct cidr round, got;
		unsigned prefix = pool.family == AF_INET ? CIDR_ALLOC_PREFIX4 : CIDR_ALLOC_PREFIX6;

		/* What a pool prints must parse back to the same pool. */
		cidr_format(&pool, buf, sizeof(buf));
		if (cidr_parse_pool(buf, &round, &why) < 0 || round.prefix != pool.prefix)
			abort();
		if (cidr_alloc(&pool, prefix, &pool, 0, &got) == 0 && !cidr_contains(&pool, &got))
			abort();
	} else if (!why) {
		abort();
	}
	free(s);
	return 0;
}
