/* steps.h - the setup order as data: the parent's steps (host side, each with its undo)
 * and the child's (inside the new namespaces). -v traces each step by name, and a
 * step's failure is prefixed with its name where the step says so. */
#ifndef ISOLATE_STEPS_H
#define ISOLATE_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct sandbox;
struct child;

struct parent_step {
	const char *name;
	bool prefix;  /* prefix a failure with the name ("id map: write ...") */
	bool before_clone; /* runs before the child exists (the table lists these first) */
	int (*setup)(struct sandbox *sb, struct error *err);
	void (*undo)(struct sandbox *sb); /* NULL: nothing to undo */
};

struct child_step {
	const char *name;
	bool prefix;
	int (*setup)(struct child *c, struct error *err);
};

/*
 * Run the parent's steps in order from *done: with before_clone, only those that come
 * before the clone; then, after it, the rest. *done counts those that succeeded, whose
 * undo entries parent_steps_undo runs in reverse, on failure and at the end.
 */
int parent_steps_run(struct sandbox *sb, size_t *done, bool before_clone, struct error *err);
void parent_steps_undo(struct sandbox *sb, size_t done);

/* Run the child's steps in order; the first failure ends the run. */
int child_steps_run(struct child *c, struct error *err);

#endif
