/* keyring.c - join a fresh session keyring (see keyring.h). */
#include "keyring.h"

#include <linux/keyctl.h>
#include <sys/syscall.h>

int keyring_new_session(struct error *err)
{
	int e;

	/* A NULL name: the kernel creates an anonymous keyring and makes it our session's. */
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL, 0, 0, 0) >= 0)
		return 0;
	e = errno;
	/*
	 * ENOSYS: a kernel without keys (CONFIG_KEYS=n), or a seccomp filter that refuses
	 * keyctl; then PROGRAM cannot reach any keyring either. runc skips the step the
	 * same way (libcontainer/standard_init_linux.go, "keyrings aren't supported").
	 * EPERM, which keyctl(2) never returns for this operation, is such a filter too:
	 * isolate's own default profile, when isolate runs inside isolate.
	 */
	if (e == ENOSYS || e == EPERM)
		return 0;
	error_set(err, e, "join a new session keyring (keyctl)");
	if (e == EDQUOT)
		error_hint(err, "the caller's key quota is used up: see /proc/sys/kernel/keys/maxkeys");
	return -1;
}
