/* mount.h - the mount namespace steps of the child. */
#ifndef ISOLATE_MOUNT_H
#define ISOLATE_MOUNT_H

#include "plan.h"
#include "util.h"

/* Make every mount private, then mount a fresh /proc for the new PID namespace. */
int mount_setup(const struct plan *plan, struct error *err);

#endif
