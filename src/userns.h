/* userns.h - id-map policy and writing the maps of the child's user namespace. */
#ifndef ISOLATE_USERNS_H
#define ISOLATE_USERNS_H

#include <sys/types.h>

#include "plan.h"
#include "util.h"

/* Write setgroups, uid_map and gid_map of process pid as plan->map says, unless the child
 * writes its own (plan->maps_by_child). */
int userns_write_maps(const struct plan *plan, pid_t pid, struct error *err);

/* In the child, right after clone: write our own maps when plan->maps_by_child. */
int userns_write_own_maps(const struct plan *plan, struct error *err);

/* In the child, first: become uid/gid 0 of the new user namespace, without host groups. */
int userns_become_root(const struct plan *plan, struct error *err);

/* clone() failed with errnum: add a hint naming the setting that blocks user namespaces. */
void userns_explain_clone_failure(const struct plan *plan, int errnum, struct error *err);

#endif
