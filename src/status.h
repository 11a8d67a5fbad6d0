/* status.h - status for tools: --info-fd and --json-status-fd, with bubblewrap's field
 * names (bwrap(1), --info-fd and --json-status-fd) and isolate's own beside them. */
#ifndef ISOLATE_STATUS_H
#define ISOLATE_STATUS_H

#include <json-c/json.h>
#include <sys/types.h>

#include "net.h"
#include "plan.h"
#include "util.h"

/*
 * The sandbox as it started: "child-pid" (its first process, in isolate's PID
 * namespace), "<kind>-namespace" inode numbers of the namespaces isolate made, and
 * isolate's own fields (name, network, addresses, host end, published ports).
 * NULL when out of memory.
 */
struct json_object *status_sandbox_object(const struct plan *plan, pid_t child,
					  const struct net_host *net, const char *name);

/* "cgroup-paths": the sandbox's cgroup directories (one on v2, one per v1 hierarchy). */
int status_add_cgroup_paths(struct json_object *o, const char *const *paths, size_t n);

/*
 * Once the sandbox exists, before PROGRAM starts: the object above, pretty-printed to
 * --info-fd (then closed), and as the first line of --json-status-fd.
 */
int status_started(const struct spec *spec, struct json_object *sandbox, struct error *err);

/* The last --json-status-fd line, then close it: {"exit-code": N}, or on failure
 * {"exit-code": 125|126|127, "error-kind": "...", "error": "..."}. */
void status_exit(const struct spec *spec, int exit_code);
void status_error(const struct spec *spec, const struct error *err);

/* Write one JSON text and a newline to fd, whole, with SIGPIPE held off (a reader
 * that went away is an EPIPE, not the end of isolate). */
int status_write(int fd, struct json_object *obj, int flags);

#endif
