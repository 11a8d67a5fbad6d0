/* units.h - pure parsers of the limits' values: durations, CPU counts and CPU lists (sizes
 * are mountspec.h's parse_size).
 * No I/O, no globals; unit-tested (tests/unit/test-units.c) and fuzzed. */
#ifndef ISOLATE_UNITS_H
#define ISOLATE_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each returns 0 on success, or -1 with a short reason in *why (a static string). */

/* Nanoseconds in a second, a millisecond, a microsecond. */
#define NSEC_PER_SEC 1000000000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_USEC 1000ULL
/* The longest DURATION: 100 days, far beyond any run a limit is meant for, and far
 * below what a 64-bit count of nanoseconds or a timespec can hold. */
#define DURATION_MAX (100ULL * 24 * 3600 * NSEC_PER_SEC)

/*
 * DURATION: a decimal number with an optional fraction and an optional unit: us, ms, s
 * (the default), m, h or d: 1.5, 500ms, 2m, 0.25h. Above 0 and at most DURATION_MAX;
 * the result is in nanoseconds, exact (no floating point).
 */
int parse_duration(const char *s, uint64_t *nsec, const char **why);

/* CPUs as thousandths: "0.5" is 500, "2" is 2000; at most three decimals, above 0. */
int parse_cpus(const char *s, unsigned long *millicpus, const char **why);

/* A set of CPU numbers, as the kernel's list format names them (0-3,8,10-11). */
#define CPUSET_MAX 1024
struct cpuset {
	uint64_t bits[CPUSET_MAX / 64];
};

/* "0-3,8": numbers below CPUSET_MAX, ranges low-high; not empty. */
int parse_cpuset(const char *s, struct cpuset *set, const char **why);
bool cpuset_has(const struct cpuset *set, unsigned cpu);
unsigned cpuset_count(const struct cpuset *set);
/* The lowest CPU of a that b lacks, or -1 when a is a subset of b. */
int cpuset_first_missing(const struct cpuset *a, const struct cpuset *b);
/* The kernel's list format, e.g. "0-3,8"; "" for an empty set. Returns -1 if it does not fit. */
int cpuset_format(const struct cpuset *set, char *buf, size_t size);

/* For messages and the report: seconds with up to 3 decimals and an "s" ("1.5s", "0.5s"). */
void format_duration(uint64_t nsec, char *buf, size_t size);
/* For messages: the largest unit that divides bytes exactly ("64M", "1536K", "100B"). */
void format_size(uint64_t bytes, char *buf, size_t size);

#endif
