/* fuzz-ifname.c - libFuzzer target for check_ifname and parse_net_mode. */
#include <net/if.h>

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	const char *why = NULL;
	enum net_mode mode;

	if (!s)
		return 0;
	/* Whatever passes must fit the kernel's interface name buffer. */
	if (check_ifname(s, &why) == 0 && (strlen(s) == 0 || strlen(s) >= IFNAMSIZ))
		abort();
	(void)parse_net_mode(s, &mode, &why);
	free(s);
	return 0;
}
