/* fuzz-seccomp_profile.c - libFuzzer target for the docker/podman seccomp profile parser. */
#include <string.h>

#include "fuzz.h"
#include "seccomp-profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	char why[400];
	struct profile_context ctx = { "amd64", UINT64_MAX, { 6, 1 } };

	why[0] = '\0';
	if (profile_parse(jsonc_linked(), (const char *)data, size, &p, why, sizeof(why)) < 0) {
		/* Every refusal says why, in one line. */
		if (!why[0] || strchr(why, '\n'))
			abort();
		return 0;
	}
	for (size_t i = 0; i < p.n_rules; i++) {
		if (p.rules[i].n_names == 0 || p.rules[i].n_args > PROFILE_MAX_ARGS)
			abort();
		(void)profile_rule_applies(&p.rules[i], &ctx);
	}
	profile_free(&p);
	return 0;
}
