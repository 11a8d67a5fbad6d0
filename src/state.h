/* state.h - the instance records of --name: one directory per user, one lock and one
 * record per instance, each opened without following symbolic links. */
#ifndef ISOLATE_STATE_H
#define ISOLATE_STATE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/*
 * Open the state directory path (plan_state_dir's), creating it (mode 0700) if create.
 * It must be a directory, not a symbolic link, owned by us, and closed to others (a
 * directory of ours that is open to others is tightened to 0700). Returns its fd.
 */
int state_dir_open(const char *path, bool create, struct error *err);

/*
 * Take the name: create or open NAME.lock and hold an open-file-description write lock
 * on it for as long as the returned fd is open; the kernel drops it when the holder
 * dies, however it dies. A record left by a holder that died is removed. -1 with err
 * (kind config) when a live instance holds the name.
 */
int state_reserve(int dir, const char *name, struct error *err);

/* Write NAME.json whole: a temporary file, then rename(2) over the record. */
int state_write(int dir, const char *name, struct json_object *record, struct error *err);

/* The holder's end: remove the record and the lock file, then close lock (the lock goes). */
void state_release(int dir, const char *name, int lock);

/*
 * Whether NAME is held by a live instance: 1 (live), 0 (no such name; a stale record of
 * a holder that died is removed on the way), -1 with err.
 */
int state_live(int dir, const char *name, struct error *err);

/*
 * Read NAME.json: a regular file of ours, not a link, of bounded size, holding a JSON
 * object. 1 with *record, 0 if there is none (yet), -1 with err.
 */
int state_read(int dir, const char *name, struct json_object **record, struct error *err);

/* Call fn for each name that has a lock file in the directory, in no particular order. */
int state_each(int dir, int (*fn)(const char *name, void *data), void *data, struct error *err);

#endif
