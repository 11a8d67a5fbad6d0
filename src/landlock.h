/* landlock.h - Landlock rules for PROGRAM (see landlock.c). */
#ifndef ISOLATE_LANDLOCK_H
#define ISOLATE_LANDLOCK_H

#include <stdint.h>

#include "plan.h"
#include "util.h"

/* The kernel's Landlock ABI version (1...), or -errno when it has none (ENOSYS, EOPNOTSUPP). */
int landlock_abi(void);

/* One rule: read and execute beneath path, and write there too when write. An
 * optional path that does not exist is skipped; a missing one that is not fails. */
struct landlock_rule {
	const char *path;
	const char *origin; /* for errors: the option as typed */
	bool write, optional;
	/* A joiner's: the rule applies only while path still names the file it named when
	 * the instance was made (st_dev, st_ino); otherwise it is left out. */
	bool same_file;
	uint64_t dev, ino;
};

/* What each rule's path named when the sandbox was made, before PROGRAM ran (the
 * child sends it to the parent with MSG_CREATED, for the record). */
#define LANDLOCK_IDS_MAX 200
struct landlock_ids {
	uint32_t n;          /* how many rules; more than LANDLOCK_IDS_MAX: none given */
	uint32_t pad;
	struct landlock_id {
		uint64_t dev, ino; /* ino 0: the path did not exist */
	} id[LANDLOCK_IDS_MAX];
};

/* Fill ids from the plan's rules, as the sandbox's view shows them now. */
void landlock_rule_ids(const struct plan *plan, struct landlock_ids *ids);

/*
 * Call fn with each rule of the plan, in order: plan->landlock_rules when set (a
 * joiner's, the instance's rules from its record), else those the spec's options make.
 * Stops at the first fn that fails. Allocates nothing.
 */
int landlock_each_rule(const struct plan *plan, int (*fn)(const struct landlock_rule *rule, void *data),
		       void *data);

/*
 * In the process about to exec PROGRAM, when plan->landlock: restrict it to read and
 * execute everywhere, read-write under each --rw path and the terminal and null
 * devices; no TCP when plan->landlock_deny_tcp (ABI 4); no signals or abstract sockets
 * out of the sandbox (ABI 6). Needs no_new_privs or CAP_SYS_ADMIN. Allocates nothing.
 */
int landlock_apply(const struct plan *plan, struct error *err);

/* With -v: what this kernel's ABI enforces of the above, and what it cannot. */
void landlock_trace(const struct plan *plan);

#endif
