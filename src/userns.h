/* userns.h - id-map policy and writing the maps of the child's user namespace. */
#ifndef ISOLATE_USERNS_H
#define ISOLATE_USERNS_H

#include <sys/types.h>

#include "config.h"
#include "util.h"

/* Write setgroups, uid_map and gid_map of process pid as cfg->map says. */
int userns_write_maps(const struct isolate_config *cfg, pid_t pid, struct error *err);

#endif
