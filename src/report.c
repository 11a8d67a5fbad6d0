/* report.c - the run's report as one JSON object, and the line a limit's kill prints.
 *
 * Written by hand rather than with json-c: it is one object with a fixed set of numbers
 * and a few strings, so a 15-line escaper is all the JSON this needs, and a run with
 * --report then maps no library it would use for nothing else (issue 16's budget). */
#include "report.h"

#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "rlimits.h"
#include "units.h"

/* Exit status for a time limit, as timeout(1) has it. */
#define EXIT_TIMEOUT 124

static const char *const status_names[] = {
	[RUN_EXITED] = "exited", [RUN_SIGNALED] = "signaled", [RUN_TIMEOUT] = "timeout",
	[RUN_CPU_TIME] = "cpu-time", [RUN_OOM] = "oom", [RUN_ERROR] = "isolate-error",
};

int report_open(const struct plan *p, struct error *err)
{
	const struct limits_spec *l = &p->spec->limits;
	int fd;

	if (l->report_fd >= 0)
		return l->report_fd;
	if (!l->report_path)
		return -2;
	fd = TEMP_FAILURE_RETRY(open(l->report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644));
	if (fd < 0)
		return error_set(err, errno, "%s", l->report_origin);
	return fd;
}

bool report_needs_stats(const struct plan *p, int exit_code)
{
	return p->spec->limits.report_path || p->spec->limits.report_fd >= 0 || exit_code == 128 + SIGKILL;
}

void report_classify(const struct plan *p, struct run_result *r, bool timed_out, bool cpu_out)
{
	(void)p;
	if (r->status == RUN_ERROR)
		return;
	if (timed_out || cpu_out) {
		r->status = timed_out ? RUN_TIMEOUT : RUN_CPU_TIME;
		r->exit_code = EXIT_TIMEOUT;
	} else if (r->cg.oom && r->cg.oom_kills && r->exit_code == 128 + SIGKILL) {
		/* The OOM killer's SIGKILL looks like any other: the cgroup counts its kills.
		 * PROGRAM killed, or a shell passing its child's death on as 137: oom. */
		r->status = RUN_OOM;
	} else if (r->have_wstatus && WIFSIGNALED(r->wstatus)) {
		r->status = RUN_SIGNALED;
	} else {
		r->status = RUN_EXITED;
	}
}

void report_print_kill(const struct plan *p, const struct run_result *r)
{
	const struct limits_spec *l = &p->spec->limits;
	char what[64], line[256];
	int n = 0;

	switch (r->status) {
	case RUN_TIMEOUT:
		format_duration(l->timeout, what, sizeof(what));
		n = snprintf(line, sizeof(line), "isolate: PROGRAM was killed: wall-clock time limit reached (--timeout %s)\n", what);
		break;
	case RUN_CPU_TIME:
		format_duration(l->cpu_time, what, sizeof(what));
		n = snprintf(line, sizeof(line), "isolate: PROGRAM was killed: CPU time limit reached (--cpu-time %s)\n", what);
		break;
	case RUN_OOM:
		if (l->memory) {
			format_size(l->memory, what, sizeof(what));
			n = snprintf(line, sizeof(line), "isolate: PROGRAM was killed: out of memory (limit %s)\n", what);
		} else {
			n = snprintf(line, sizeof(line), "isolate: PROGRAM was killed: out of memory\n");
		}
		break;
	default:
		return;
	}
	if (n > 0)
		(void)write_all(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* The object grows in a fixed buffer; what does not fit is cut, and said. */
struct out {
	char buf[8192];
	size_t len;
	bool first;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len >= sizeof(o->buf))
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void key(struct out *o, const char *k)
{
	put(o, "%s\"%s\":", o->first ? "" : ",", k);
	o->first = false;
}

/* A JSON string: quotes, backslashes and control characters escaped (RFC 8259, 7). */
static void str(struct out *o, const char *k, const char *s)
{
	key(o, k);
	if (!s) {
		put(o, "null");
		return;
	}
	put(o, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			put(o, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			put(o, "\\u%04x", *c);
		else
			put(o, "%c", *c);
	}
	put(o, "\"");
}

static void num(struct out *o, const char *k, bool have, uint64_t v)
{
	key(o, k);
	if (have)
		put(o, "%" PRIu64, v);
	else
		put(o, "null");
}

/* Seconds with microsecond precision, from µs. */
static void secs(struct out *o, const char *k, bool have, uint64_t usec)
{
	key(o, k);
	if (have)
		put(o, "%" PRIu64 ".%06" PRIu64, usec / 1000000, usec % 1000000);
	else
		put(o, "null");
}

static void boolean(struct out *o, const char *k, bool v)
{
	key(o, k);
	put(o, v ? "true" : "false");
}

static uint64_t percent(uint64_t part, uint64_t whole)
{
	if (whole == 0)
		return 0;
	return part / whole * 100 + part % whole * 100 / whole;
}

static uint64_t tv_usec(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000 + (uint64_t)tv->tv_usec;
}

static void put_rlimit_value(struct out *o, const char *k, rlim_t v)
{
	key(o, k);
	if (v == RLIM_INFINITY)
		put(o, "\"unlimited\"");
	else
		put(o, "%llu", (unsigned long long)v);
}

static void put_limits(struct out *o, const struct plan *p)
{
	const struct limits_spec *l = &p->spec->limits;
	char cpus[1024];

	key(o, "limits");
	put(o, "{");
	o->first = true;
	num(o, "memory", l->memory, l->memory);
	num(o, "pids", l->pids, l->pids);
	key(o, "cpus");
	if (l->millicpus)
		put(o, "%lu.%03lu", l->millicpus / 1000, l->millicpus % 1000);
	else
		put(o, "null");
	str(o, "cpuset", l->has_cpuset && cpuset_format(&l->cpuset, cpus, sizeof(cpus)) == 0 ? cpus : NULL);
	secs(o, "timeout", l->timeout, l->timeout / 1000);
	secs(o, "cpu_time", l->cpu_time, l->cpu_time / 1000);
	secs(o, "kill_after", l->timeout || l->cpu_time, p->kill_after / 1000);
	key(o, "rlimits");
	put(o, "{");
	o->first = true;
	for (size_t i = 0; i < l->rlimits.n; i++) {
		const struct rlimit_op *op = VEC_AT(&l->rlimits, struct rlimit_op, i);
		const struct rlimit_row *row = rlimit_by_resource(op->resource);

		key(o, row ? row->name : "?");
		put(o, "{");
		o->first = true;
		put_rlimit_value(o, "soft", op->soft);
		put_rlimit_value(o, "hard", op->hard);
		put(o, "}");
		o->first = false;
	}
	put(o, "}}");
	o->first = false;
}

/* How PROGRAM ended: its own exit code, or the signal that ended it. */
static void put_end(struct out *o, const struct run_result *r)
{
	bool exited = r->have_wstatus && WIFEXITED(r->wstatus);
	bool signaled = r->have_wstatus && WIFSIGNALED(r->wstatus);
	int sig = signaled ? WTERMSIG(r->wstatus) : 0;
	const char *abbrev = signaled ? sigabbrev_np(sig) : NULL;
	char name[32] = "";

	str(o, "status", status_names[r->status]);
	num(o, "exit_code", true, (uint64_t)r->exit_code);
	num(o, "program_exit_code", exited, exited ? (uint64_t)WEXITSTATUS(r->wstatus) : 0);
	num(o, "signal", signaled, (uint64_t)sig);
	if (abbrev)
		(void)snprintf(name, sizeof(name), "SIG%s", abbrev);
	str(o, "signal_name", abbrev ? name : NULL);
	boolean(o, "killed", r->status == RUN_TIMEOUT || r->status == RUN_CPU_TIME || r->status == RUN_OOM);
	str(o, "message", r->message);
}

/*
 * CPU time: the total is the cgroup's count where there is one (it covers every process,
 * to the nanosecond). The user/system split is the rusage of init and all it reaped,
 * which in a PID namespace of its own is the whole sandbox too, and is what time(1)
 * reports; v1's cpuacct.usage_user and usage_sys are sampled at the tick and disagree
 * with the total.
 */
static void put_cpu(struct out *o, const struct run_result *r)
{
	bool cg = r->cg.cpu, ru = r->have_rusage;
	uint64_t user = ru ? tv_usec(&r->ru.ru_utime) : r->cg.user_usec;
	uint64_t sys = ru ? tv_usec(&r->ru.ru_stime) : r->cg.system_usec;
	uint64_t total = cg ? r->cg.usage_usec : user + sys;
	uint64_t wall_us = r->wall_ns / 1000;

	secs(o, "wall_time", r->wall_ns, wall_us);
	secs(o, "cpu_time", cg || ru, total);
	secs(o, "user_time", cg || ru, user);
	secs(o, "system_time", cg || ru, sys);
	num(o, "cpu_percent", (cg || ru) && wall_us, percent(total, wall_us));
	num(o, "cpu_periods", r->cg.throttle, r->cg.nr_periods);
	num(o, "cpu_throttled_periods", r->cg.throttle, r->cg.nr_throttled);
	secs(o, "cpu_throttled_time", r->cg.throttle, r->cg.throttled_usec);
}

static void put_usage(struct out *o, const struct run_result *r)
{
	bool ru = r->have_rusage;

	num(o, "max_rss_kb", ru, (uint64_t)r->ru.ru_maxrss);
	num(o, "memory_peak_kb", r->cg.memory, r->cg.memory_peak / 1024);
	boolean(o, "oom_killed", r->cg.oom && r->cg.oom_kills > 0);
	num(o, "oom_kills", r->cg.oom, r->cg.oom_kills);
	num(o, "pids_peak", r->cg.pids, r->cg.pids_peak);
	num(o, "pids_limit_hits", r->cg.pids_events, r->cg.pids_max_hits);
	num(o, "major_page_faults", ru, (uint64_t)r->ru.ru_majflt);
	num(o, "minor_page_faults", ru, (uint64_t)r->ru.ru_minflt);
	num(o, "voluntary_context_switches", ru, (uint64_t)r->ru.ru_nvcsw);
	num(o, "involuntary_context_switches", ru, (uint64_t)r->ru.ru_nivcsw);
	num(o, "file_system_inputs", ru, (uint64_t)r->ru.ru_inblock);
	num(o, "file_system_outputs", ru, (uint64_t)r->ru.ru_oublock);
	num(o, "swaps", ru, (uint64_t)r->ru.ru_nswap);
	str(o, "cgroup", r->cg_version == CG_V2 ? "v2" : r->cg_version == CG_V1 ? "v1" : NULL);
}

void report_write(int fd, const struct plan *p, const struct run_result *r)
{
	struct out o = { .first = true };

	put(&o, "{");
	put_end(&o, r);
	put_cpu(&o, r);
	put_usage(&o, r);
	put_limits(&o, p);
	put(&o, "}\n");
	if (o.len >= sizeof(o.buf)) {
		(void)fputs("isolate: the report is too large; it is cut short\n", stderr);
		o.len = sizeof(o.buf) - 1;
	}
	if (write_all(fd, o.buf, o.len) < 0)
		(void)fprintf(stderr, "isolate: %s: %s\n", p->spec->limits.report_origin, strerror(errno));
}
