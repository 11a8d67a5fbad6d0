/* instance.h - named instances: the supervisor's record of its sandbox (--name,
 * --detach), and the operations on instances by name (--list, --stop, --signal). */
#ifndef ISOLATE_INSTANCE_H
#define ISOLATE_INSTANCE_H

#include <json-c/json.h>

#include "hostfacts.h"
#include "sandbox.h"
#include "spec.h"
#include "util.h"

/* Parent steps (steps.c): take the name before anything is visible, write the record
 * once PROGRAM runs, and remove both at the end. */
int instance_reserve(struct sandbox *sb, struct error *err);
int instance_register(struct sandbox *sb, struct error *err);
void instance_release(struct sandbox *sb);

/* --list, --stop NAME, --signal NAME:SIG. Return isolate's exit status, err on failure. */
int instance_operate(const struct spec *spec, const struct hostfacts *facts, struct error *err);

/*
 * A live instance's record, and pidfds of its init (child-pid) and supervisor, each
 * checked against its recorded start time. -1 with err (kind not-found when there is
 * no such instance, or it has ended).
 */
struct instance_ref {
	struct json_object *record;
	int child;       /* pidfd */
	int supervisor;  /* pidfd */
	pid_t child_pid, supervisor_pid;
};
int instance_open(const struct hostfacts *facts, const char *name, struct instance_ref *ref,
		  struct error *err);
void instance_close(struct instance_ref *ref);

/* The pid of the instance's PROGRAM: init with --as-pid-1, else init's oldest child;
 * 0 if there is none (it has just exited). Check it before use (it may be reused). */
pid_t instance_program_pid(const struct instance_ref *ref);

/* Record fields, with defaults when absent or of the wrong type. */
long long record_int(struct json_object *record, const char *key, long long fallback);
const char *record_string(struct json_object *record, const char *key);

#endif
