/* sandbox.h - the parent side of a run: create (clone), set up from outside through the
 * step table, release, wait while passing signals on, destroy (undo), exit status. */
#ifndef ISOLATE_SANDBOX_H
#define ISOLATE_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "cgroup.h"
#include "jobctl.h"
#include "landlock.h"
#include "net.h"
#include "notice.h"
#include "plan.h"
#include "util.h"

struct json_object;

struct sandbox {
	const struct plan *plan;
	pid_t child;
	int chan;            /* our end of the channel */
	bool released;       /* "go" was sent: from now on the sandbox's namespaces own the pair */
	struct net_host net; /* what the network step made on the host */
	struct jobctl job;   /* the sandbox's process group and the terminal */
	struct error report; /* an error report read while waiting, for the end */
	bool reported;
	struct exec_notice notice; /* PROGRAM's notice, likewise */
	bool noticed;
	int program_wstatus; /* PROGRAM's wait status from init (--report), likewise */
	bool program_exited;
	struct json_object *status; /* the sandbox as started (status.c), for the status fds and record */
	struct instance_hold {
		char name[65];   /* the registered name; "" when none */
		int dir;         /* the state directory, while held */
		int lock;        /* NAME.lock, locked while the instance lives */
		int sealed;      /* the record's sealed copy (a memfd), held while it lives */
	} instance;
	struct cgroup cg;    /* the sandbox's cgroup, if the plan has one */
	struct landlock_ids landlock_ids; /* a named instance under Landlock: from the child */
	bool has_landlock_ids;
	struct timespec started; /* when "start" was sent */
	bool started_set;
};

/* Run the sandbox to its end. Returns 0 with *exit_code set, or -1 with err (err->status). */
int sandbox_run(const struct plan *plan, int *exit_code, struct error *err);

#endif
