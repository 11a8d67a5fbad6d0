/* mount.c - mount namespace setup: stop propagation, then a /proc of our own. */
#include "mount.h"

#include <sys/mount.h>

int mount_setup(const struct plan *plan, struct error *err)
{
	if (plan->share & NS_BIT(NS_MNT)) {
		/* Mounting /proc here would replace the host's own: leave it alone. */
		trace(plan->spec->verbose, "child: host mount namespace kept, /proc not remounted");
		return 0;
	}
	/*
	 * A new mount namespace starts as a copy whose mounts stay in their peer groups;
	 * with systemd's default "shared" propagation our /proc mount would appear on
	 * the host too. Making everything recursively private first cuts that link.
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return error_set(err, errno, "make mounts private (mount / MS_REC|MS_PRIVATE)");
	trace(plan->spec->verbose, "child: mounts are private");

	if (plan->share & NS_BIT(NS_PID))
		return 0;
	/*
	 * procfs shows the PID namespace of the process that mounts it, so only a fresh
	 * mount lets ps(1) see the sandbox's processes rather than the host's.
	 */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		int e = errno;
		error_set(err, e, "mount proc on /proc");
		/*
		 * Kernel rule (mount_too_revealing): a user namespace may mount proc only where
		 * the existing /proc is fully visible, with nothing mounted over its contents.
		 */
		if (e == EPERM)
			error_hint(err, "something is mounted over part of the host's /proc; try --share=pid");
		return -1;
	}
	trace(plan->spec->verbose, "child: fresh /proc mounted");
	return 0;
}
