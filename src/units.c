/* units.c - durations, CPU counts and CPU lists (see units.h). */
#include "units.h"

#include <stdio.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Leading decimal digits into *v; -1 on overflow of limit. *end is the first non-digit. */
static int digits(const char *s, uint64_t limit, uint64_t *v, const char **end)
{
	uint64_t n = 0;

	for (; is_digit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		if (n > (limit - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*v = n;
	*end = s;
	return 0;
}

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

static const struct {
	const char *name;
	uint64_t nsec;
} duration_units[] = {
	{ "us", NSEC_PER_USEC },   { "ms", NSEC_PER_MSEC },    { "s", NSEC_PER_SEC }, { "", NSEC_PER_SEC },
	{ "m", 60 * NSEC_PER_SEC }, { "h", 3600 * NSEC_PER_SEC }, { "d", 86400 * NSEC_PER_SEC },
};

int parse_duration(const char *s, uint64_t *nsec, const char **why)
{
	const char *end, *frac = NULL;
	uint64_t whole, unit = 0, v, scale = 1, f = 0;
	size_t nfrac = 0;

	if (!s || !*s)
		return fail(why, "empty duration");
	if (!is_digit(*s) && !(*s == '.' && is_digit(s[1])))
		return fail(why, *s == '-' ? "negative duration" : "not a duration (e.g. 1.5, 500ms, 2m)");
	if (digits(s, UINT64_MAX, &whole, &end) < 0)
		return fail(why, "too long");
	if (*end == '.') {
		frac = ++end;
		while (is_digit(*end))
			end++;
		nfrac = (size_t)(end - frac);
		if (nfrac == 0)
			return fail(why, "no digits after '.'");
	}
	for (size_t i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++)
		if (strcmp(end, duration_units[i].name) == 0)
			unit = duration_units[i].nsec;
	if (!unit)
		return fail(why, "unknown unit (expected us, ms, s, m, h or d)");
	if (whole > DURATION_MAX / unit)
		return fail(why, "longer than 100 days");
	v = whole * unit;
	/* The fraction, to the nanosecond: digits finer than that are dropped. Every unit is
	 * a multiple of the power of ten it stops at, so f * (unit / scale) is exact. */
	for (size_t i = 0; i < nfrac && unit % (scale * 10) == 0; i++) {
		f = f * 10 + (uint64_t)(frac[i] - '0');
		scale *= 10;
	}
	v += f * (unit / scale);
	if (v > DURATION_MAX)
		return fail(why, "longer than 100 days");
	if (v == 0)
		return fail(why, "must be above 0");
	*nsec = v;
	return 0;
}

int parse_cpus(const char *s, unsigned long *millicpus, const char **why)
{
	const char *end;
	uint64_t whole, f = 0;
	size_t nfrac = 0;

	if (!s || !*s)
		return fail(why, "empty value");
	if (!is_digit(*s))
		return fail(why, *s == '-' ? "negative" : "not a number of CPUs (e.g. 0.5, 2)");
	/* CPUSET_MAX CPUs is the most a host can have here. */
	if (digits(s, CPUSET_MAX, &whole, &end) < 0)
		return fail(why, "too many CPUs");
	if (*end == '.') {
		end++;
		for (; is_digit(*end); end++, nfrac++) {
			if (nfrac == 3)
				return fail(why, "at most three decimals");
			f = f * 10 + (uint64_t)(*end - '0');
		}
		if (nfrac == 0)
			return fail(why, "no digits after '.'");
	}
	if (*end)
		return fail(why, "not a number of CPUs (e.g. 0.5, 2)");
	for (; nfrac < 3; nfrac++)
		f *= 10;
	if (whole * 1000 + f == 0)
		return fail(why, "must be above 0");
	*millicpus = (unsigned long)(whole * 1000 + f);
	return 0;
}

static void cpuset_add(struct cpuset *set, unsigned cpu)
{
	set->bits[cpu / 64] |= 1ULL << (cpu % 64);
}

bool cpuset_has(const struct cpuset *set, unsigned cpu)
{
	return cpu < CPUSET_MAX && (set->bits[cpu / 64] >> (cpu % 64)) & 1;
}

unsigned cpuset_count(const struct cpuset *set)
{
	unsigned n = 0;

	for (size_t i = 0; i < CPUSET_MAX / 64; i++)
		n += (unsigned)__builtin_popcountll(set->bits[i]);
	return n;
}

int cpuset_first_missing(const struct cpuset *a, const struct cpuset *b)
{
	for (size_t i = 0; i < CPUSET_MAX / 64; i++) {
		uint64_t extra = a->bits[i] & ~b->bits[i];

		if (extra)
			return (int)(i * 64 + (size_t)__builtin_ctzll(extra));
	}
	return -1;
}

int parse_cpuset(const char *s, struct cpuset *set, const char **why)
{
	struct cpuset out = { { 0 } };
	const char *p = s, *end;

	if (!s || !*s)
		return fail(why, "empty CPU list");
	for (;;) {
		uint64_t lo, hi;

		if (!is_digit(*p))
			return fail(why, *p == ',' || !*p ? "empty item in the CPU list"
						       : "not a CPU list (e.g. 0-3,8)");
		if (digits(p, UINT64_MAX, &lo, &end) < 0 || lo >= CPUSET_MAX)
			return fail(why, "CPU number too large");
		hi = lo;
		p = end;
		if (*p == '-') {
			p++;
			if (!is_digit(*p))
				return fail(why, "a range needs a last CPU (e.g. 0-3)");
			if (digits(p, UINT64_MAX, &hi, &end) < 0 || hi >= CPUSET_MAX)
				return fail(why, "CPU number too large");
			if (hi < lo)
				return fail(why, "a range must go from low to high");
			p = end;
		}
		for (uint64_t c = lo; c <= hi; c++)
			cpuset_add(&out, (unsigned)c);
		if (*p == '\0')
			break;
		if (*p != ',')
			return fail(why, "not a CPU list (e.g. 0-3,8)");
		p++;
	}
	*set = out;
	return 0;
}

int cpuset_format(const struct cpuset *set, char *buf, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	for (unsigned c = 0; c < CPUSET_MAX; c++) {
		unsigned last = c;
		int n;

		if (!cpuset_has(set, c))
			continue;
		while (last + 1 < CPUSET_MAX && cpuset_has(set, last + 1))
			last++;
		n = last == c ? snprintf(buf + used, size - used, "%s%u", used ? "," : "", c)
			      : snprintf(buf + used, size - used, "%s%u-%u", used ? "," : "", c, last);
		if (n < 0 || (size_t)n >= size - used)
			return -1;
		used += (size_t)n;
		c = last;
	}
	return 0;
}

void format_duration(uint64_t nsec, char *buf, size_t size)
{
	uint64_t ms = nsec / NSEC_PER_MSEC;

	if (ms % 1000 == 0)
		(void)snprintf(buf, size, "%llus", (unsigned long long)(ms / 1000));
	else if (ms % 100 == 0)
		(void)snprintf(buf, size, "%llu.%01llus", (unsigned long long)(ms / 1000),
			       (unsigned long long)(ms % 1000 / 100));
	else
		(void)snprintf(buf, size, "%llu.%03llus", (unsigned long long)(ms / 1000),
			       (unsigned long long)(ms % 1000));
}

void format_size(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "BKMGT";
	unsigned u = 0;

	while (u < 4 && bytes && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	if (u == 0)
		(void)snprintf(buf, size, "%lluB", (unsigned long long)bytes);
	else
		(void)snprintf(buf, size, "%llu%c", (unsigned long long)bytes, units[u]);
}
