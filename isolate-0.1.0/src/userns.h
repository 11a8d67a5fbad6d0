/* userns.h - id-map policy and writing the maps of the child's user namespace. */
#ifndef ISOLATE_USERNS_H
#define ISOLATE_USERNS_H

#include <sys/types.h>

#include "config.h"
#include "util.h"

/* Write setgroups, uid_map and gid_map of process pid as cfg->map says. */
int userns_write_maps(const struct isolate_config *cfg, pid_t pid, struct error *err);

/* clone() failed with errnum: add a hint naming the setting that blocks user namespaces. */
void userns_explain_clone_failure(const struct isolate_config *cfg, int errnum, struct error *err);

#endif
