/* fuzz-name_signal.c - libFuzzer target for check_instance_name and parse_name_signal. */
#include <signal.h>

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), name[INSTANCE_NAME_MAX + 1];
	const char *why = NULL;
	int sig = 0;

	if (!s)
		return 0;
	/* An accepted name never holds a path or a line break. */
	if (check_instance_name(s, &why) == 0 && (strchr(s, '/') || strchr(s, '\n') || s[0] == '.'))
		abort();
	if (parse_name_signal(s, name, sizeof(name), &sig, &why) == 0 &&
	    (sig < 1 || sig > SIGRTMAX || check_instance_name(name, &why) < 0))
		abort();
	free(s);
	return 0;
}
