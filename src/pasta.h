/* pasta.h - --net=pasta: pasta(1) serves the sandbox's network from the host's side. */
#ifndef ISOLATE_PASTA_H
#define ISOLATE_PASTA_H

#include <sys/types.h>

#include "plan.h"
#include "util.h"

/*
 * Parent, after the id maps are written and before "go": start pasta on child's
 * network namespace and wait until it has configured the sandbox's interface
 * (address, routes, up), so that PROGRAM starts with the network ready. On success
 * *pasta is its pid, which the caller must end with pasta_stop(); on failure
 * nothing is left running.
 */
int pasta_start(const struct plan *plan, pid_t child, pid_t *pasta, struct error *err);

/* Kill pasta, its sandbox being gone or never to get its "go"; reap it when it holds
 * host ports (--publish), else leave its slow exit to finish without us. */
void pasta_stop(const struct plan *plan, pid_t pasta);

/* The most --publish rules pasta is given (each is two arguments); plan.c allows fewer. */
#define PASTA_PUBLISH_MAX PUBLISH_MAX

#endif
