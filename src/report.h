/* report.h - what PROGRAM used, as one JSON object at the end of a run (--report FILE,
 * --report-fd N), and the one line isolate prints when a limit ended PROGRAM. */
#ifndef ISOLATE_REPORT_H
#define ISOLATE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>

#include "cgroup.h"
#include "plan.h"
#include "util.h"

/* How the run ended, as the report's "status" names it. */
enum run_status {
	RUN_EXITED,   /* PROGRAM exited by itself */
	RUN_SIGNALED, /* PROGRAM was killed by a signal (not by a limit isolate saw) */
	RUN_TIMEOUT,  /* --timeout was reached */
	RUN_CPU_TIME, /* --cpu-time was reached */
	RUN_OOM,      /* the kernel's OOM killer ended PROGRAM */
	RUN_ERROR,    /* isolate failed, or PROGRAM could not be run */
};

struct run_result {
	enum run_status status;
	int exit_code;          /* isolate's own exit status */
	bool have_wstatus;
	int wstatus;            /* PROGRAM's wait status */
	uint64_t wall_ns;       /* from PROGRAM's start to the sandbox's end; 0: never started */
	bool have_rusage;
	struct rusage ru;       /* the sandbox's init and everything it reaped */
	struct cg_stats cg;
	enum cg_version cg_version;
	const char *message;    /* the error line without "isolate: ", or NULL */
};

/*
 * Whether the cgroup's statistics can matter to this run: a report is asked for, or
 * exit_code is a SIGKILL's, which report_classify() checks against the OOM kill count.
 * Otherwise their reads (4-8 files) are spared.
 */
bool report_needs_stats(const struct plan *p, int exit_code);

/* Open --report FILE (created or truncated) up front: a bad path fails before anything
 * is made. Returns the fd, -2 when no report is asked for, or -1 with err. */
int report_open(const struct plan *p, struct error *err);

/* The status that r's facts add up to: a limit isolate enforced, an OOM kill, a signal. */
void report_classify(const struct plan *p, struct run_result *r, bool timed_out, bool cpu_out);

/* "isolate: PROGRAM was killed: ..." when a limit ended PROGRAM; nothing otherwise. */
void report_print_kill(const struct plan *p, const struct run_result *r);

/* Write the JSON object to fd; a failure to write is said on stderr, once. */
void report_write(int fd, const struct plan *p, const struct run_result *r);

#endif
