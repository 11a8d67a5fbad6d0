/* rlimit-apply.c - rlimits applied from outside (see rlimit-apply.h). */
#include "rlimit-apply.h"

#include <sys/resource.h>

int rlimits_apply(const struct plan *p, pid_t pid, struct error *err)
{
	const struct vec *v = &p->spec->limits.rlimits;

	/*
	 * The parent sets them with prlimit(2), after the sandbox's setup and before
	 * "start", rather than the child with setrlimit(2): raising a hard limit needs
	 * CAP_SYS_RESOURCE in the initial user namespace, which a root caller has and the
	 * sandbox never does; the setup (netlink sockets, mounts) runs unlimited; and init
	 * passes them on to PROGRAM with nothing done in its heap.
	 */
	for (size_t i = 0; i < v->n; i++) {
		const struct rlimit_op *op = VEC_AT(v, struct rlimit_op, i);
		struct rlimit l = { .rlim_cur = op->soft, .rlim_max = op->hard };

		if (prlimit(pid, (__rlimit_resource_t)op->resource, &l, NULL) < 0) {
			int e = errno;

			error_set(err, e, "%s", op->origin);
			if (e == EPERM && op->resource == RLIMIT_NOFILE)
				error_hint(err, "above the current hard limit this needs CAP_SYS_RESOURCE, and never above fs.nr_open");
			else if (e == EPERM)
				error_hint(err, "above the current hard limit (ulimit -H) this needs CAP_SYS_RESOURCE");
			return -1;
		}
	}
	return 0;
}
