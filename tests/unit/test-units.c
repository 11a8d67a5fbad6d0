/* test-units.c - unit tests of the limits' parsers: durations, CPUs, CPU lists and rlimits
 * (TAP); sizes are tested with mountspec.c's parser in test-mountspec.c. */
#include <string.h>

#include "rlimits.h"
#include "tap.h"
#include "units.h"

static void test_duration(void)
{
	uint64_t v = 0;
	const char *why = NULL;
	char buf[32];

	ok(parse_duration("1.5", &v, &why) == 0 && v == 1500 * NSEC_PER_MSEC, "duration: 1.5 is seconds");
	ok(parse_duration("500ms", &v, &why) == 0 && v == 500 * NSEC_PER_MSEC, "duration: 500ms");
	ok(parse_duration("2m", &v, &why) == 0 && v == 120 * NSEC_PER_SEC, "duration: 2m");
	ok(parse_duration("0.25h", &v, &why) == 0 && v == 900 * NSEC_PER_SEC, "duration: 0.25h");
	ok(parse_duration("1d", &v, &why) == 0 && v == 86400 * NSEC_PER_SEC, "duration: 1d");
	ok(parse_duration("10s", &v, &why) == 0 && v == 10 * NSEC_PER_SEC, "duration: 10s");
	ok(parse_duration("250us", &v, &why) == 0 && v == 250 * NSEC_PER_USEC, "duration: 250us");
	ok(parse_duration(".5", &v, &why) == 0 && v == 500 * NSEC_PER_MSEC, "duration: .5");
	ok(parse_duration("0.0000000001", &v, &why) < 0 && strcmp(why, "must be above 0") == 0,
	   "duration: below a nanosecond is 0");
	ok(parse_duration("1.123456789123s", &v, &why) == 0 && v == 1123456789, "duration: to the nanosecond");
	ok(parse_duration("0.1234567d", &v, &why) == 0 && v == 10666658880000ULL, "duration: a fraction of a day, exact");
	ok(parse_duration("0", &v, &why) < 0 && strcmp(why, "must be above 0") == 0, "duration: 0 refused");
	ok(parse_duration("-1", &v, &why) < 0 && strcmp(why, "negative duration") == 0, "duration: negative");
	ok(parse_duration("5x", &v, &why) < 0 && strstr(why, "unknown unit"), "duration: unknown unit");
	ok(parse_duration("5 s", &v, &why) < 0, "duration: a space");
	ok(parse_duration("1.", &v, &why) < 0, "duration: no digits after '.'");
	ok(parse_duration("101d", &v, &why) < 0 && strstr(why, "100 days"), "duration: longer than 100 days");
	ok(parse_duration("99999999999999999999999", &v, &why) < 0, "duration: overflow");
	ok(parse_duration("", &v, &why) < 0 && parse_duration("ms", &v, &why) < 0, "duration: empty, unit alone");
	format_duration(1500 * NSEC_PER_MSEC, buf, sizeof(buf));
	ok(strcmp(buf, "1.5s") == 0, "format: 1.5s (%s)", buf);
	format_duration(2 * NSEC_PER_SEC, buf, sizeof(buf));
	ok(strcmp(buf, "2s") == 0, "format: 2s (%s)", buf);
	format_duration(250 * NSEC_PER_MSEC, buf, sizeof(buf));
	ok(strcmp(buf, "0.250s") == 0, "format: 0.250s (%s)", buf);
}

static void test_cpus(void)
{
	unsigned long v = 0;
	const char *why = NULL;

	ok(parse_cpus("0.5", &v, &why) == 0 && v == 500, "cpus: 0.5");
	ok(parse_cpus("2", &v, &why) == 0 && v == 2000, "cpus: 2");
	ok(parse_cpus("1.25", &v, &why) == 0 && v == 1250, "cpus: 1.25");
	ok(parse_cpus("0.001", &v, &why) == 0 && v == 1, "cpus: 0.001 parses (the plan refuses it)");
	ok(parse_cpus("0.0001", &v, &why) < 0 && strstr(why, "three decimals"), "cpus: four decimals");
	ok(parse_cpus("0", &v, &why) < 0 && parse_cpus("0.000", &v, &why) < 0, "cpus: 0 refused");
	ok(parse_cpus("-1", &v, &why) < 0, "cpus: negative");
	ok(parse_cpus("1e3", &v, &why) < 0 && parse_cpus("two", &v, &why) < 0, "cpus: not a number");
	ok(parse_cpus("99999", &v, &why) < 0, "cpus: absurdly many");
}

static void test_cpuset(void)
{
	struct cpuset a, b;
	const char *why = NULL;
	char buf[64];

	ok(parse_cpuset("0-3,8", &a, &why) == 0 && cpuset_count(&a) == 5 && cpuset_has(&a, 8) &&
		   !cpuset_has(&a, 4),
	   "cpuset: 0-3,8");
	ok(cpuset_format(&a, buf, sizeof(buf)) == 0 && strcmp(buf, "0-3,8") == 0, "cpuset: formats back (%s)", buf);
	ok(parse_cpuset("3,1,2", &a, &why) == 0 && cpuset_format(&a, buf, sizeof(buf)) == 0 &&
		   strcmp(buf, "1-3") == 0,
	   "cpuset: unordered items merge (%s)", buf);
	ok(parse_cpuset("1023", &a, &why) == 0 && cpuset_has(&a, 1023), "cpuset: the highest CPU");
	ok(parse_cpuset("1024", &a, &why) < 0, "cpuset: beyond CPUSET_MAX");
	ok(parse_cpuset("3-1", &a, &why) < 0 && strstr(why, "low to high"), "cpuset: a backwards range");
	ok(parse_cpuset("", &a, &why) < 0 && parse_cpuset("1,", &a, &why) < 0 && parse_cpuset(",1", &a, &why) < 0,
	   "cpuset: empty items");
	ok(parse_cpuset("1-", &a, &why) < 0 && parse_cpuset("a", &a, &why) < 0 && parse_cpuset("1 2", &a, &why) < 0,
	   "cpuset: malformed");
	ok(parse_cpuset("99999999999999999999999", &a, &why) < 0, "cpuset: overflow");
	(void)parse_cpuset("0-1", &a, &why);
	(void)parse_cpuset("0-3", &b, &why);
	ok(cpuset_first_missing(&a, &b) == -1 && cpuset_first_missing(&b, &a) == 2, "cpuset: first missing CPU");
}

static void test_rlimit(void)
{
	struct rlimit l;
	const char *why = NULL;
	int r = -1;

	ok(parse_rlimit("nofile=64", &r, &l, &why) == 0 && r == RLIMIT_NOFILE && l.rlim_cur == 64 && l.rlim_max == 64,
	   "rlimit: hard defaults to soft");
	ok(parse_rlimit("nofile=64:128", &r, &l, &why) == 0 && l.rlim_cur == 64 && l.rlim_max == 128, "rlimit: soft:hard");
	ok(parse_rlimit("core=0:unlimited", &r, &l, &why) == 0 && r == RLIMIT_CORE && l.rlim_max == RLIM_INFINITY,
	   "rlimit: unlimited");
	ok(parse_rlimit("fsize=1M", &r, &l, &why) == 0 && r == RLIMIT_FSIZE && l.rlim_cur == 1 << 20,
	   "rlimit: byte limits take SIZE suffixes");
	ok(parse_rlimit("fsize=0", &r, &l, &why) == 0 && l.rlim_cur == 0, "rlimit: a byte limit of 0");
	ok(parse_rlimit("nproc=1M", &r, &l, &why) < 0, "rlimit: counts do not");
	ok(parse_rlimit("stack=8M:unlimited", &r, &l, &why) == 0 && r == RLIMIT_STACK, "rlimit: stack");
	ok(parse_rlimit("nofile=128:64", &r, &l, &why) < 0 && strstr(why, "soft limit is above"), "rlimit: soft above hard");
	ok(parse_rlimit("nofile=unlimited:64", &r, &l, &why) < 0, "rlimit: unlimited soft above hard");
	ok(parse_rlimit("bogus=1", &r, &l, &why) < 0 && strstr(why, "unknown resource"), "rlimit: unknown name");
	ok(parse_rlimit("NOFILE=1", &r, &l, &why) < 0, "rlimit: names are lower-case");
	ok(parse_rlimit("nofile", &r, &l, &why) < 0 && parse_rlimit("nofile=", &r, &l, &why) < 0 &&
		   parse_rlimit("nofile=1:", &r, &l, &why) < 0 && parse_rlimit("=1", &r, &l, &why) < 0,
	   "rlimit: missing parts");
	ok(parse_rlimit("nofile=-1", &r, &l, &why) < 0 && parse_rlimit("nofile=1:2:3", &r, &l, &why) < 0,
	   "rlimit: malformed values");
	ok(rlimit_table_size == 16 && rlimit_by_resource(RLIMIT_AS) && !rlimit_by_name("nofil", 5),
	   "rlimit: the table");
}

int main(void)
{
	test_duration();
	test_cpus();
	test_cpuset();
	test_rlimit();
	return tap_done();
}
