/* fuzz-resolv.c - libFuzzer target for the sandbox's resolv.conf generator. */
#include <string.h>

#include "fuzz.h"
#include "resolv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	static char out[RESOLV_MAX];
	const char *upstream;
	int flags;

	if (!s)
		return 0;
	/* The input twice: as the host's file, and after its first line as the upstream list. */
	upstream = strchr(s, '\n');
	for (int mode = RESOLV_KEEP; mode <= RESOLV_FORWARD; mode++) {
		flags = resolv_conf_for_sandbox(s, upstream, (enum resolv_mode)mode, "10.11.0.1", out, sizeof(out));
		if (flags < 0)
			continue;
		if (strlen(out) >= sizeof(out))
			abort();
		/* Nothing of the result may point at the host's loopback, but under --net=host. */
		if (mode != RESOLV_KEEP) {
			struct cidr ns;
			if (resolv_loopback_nameserver(out, &ns))
				abort();
		}
		/* Unchanged means unchanged. */
		if (!(flags & RESOLV_CHANGED) && resolv_loopback_nameserver(s, &(struct cidr){ 0 }) && mode != RESOLV_KEEP)
			abort();
	}
	free(s);
	return 0;
}
