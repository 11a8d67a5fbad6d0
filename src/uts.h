/* uts.h - the UTS namespace's step: the sandbox's hostname. */
#ifndef ISOLATE_UTS_H
#define ISOLATE_UTS_H

#include "plan.h"
#include "util.h"

/* In the child: set the hostname, unless the host's UTS namespace is kept. */
int uts_set_hostname(const struct plan *plan, struct error *err);

#endif
