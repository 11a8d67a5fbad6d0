/* child.c - the sandbox side: wait for "go", then the ordered setup steps, then init or exec. */
#include "child.h"

#include <grp.h>
#include <poll.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "asan-stack.h"
#include "init.h"
#include "mount.h"
#include "net.h"
#include "program.h"
#include "sync.h"
#include "util.h"

/*
 * Take uid/gid 0 of the new user namespace. Until now our credentials are still the
 * caller's host ids, which may not be mapped at all (root running with --map-root):
 * a process with unmapped host root ids would still own host root's files.
 */
static int become_root(const struct isolate_config *cfg, struct error *err)
{
	if (cfg->share & NS_BIT(NS_USER))
		return 0;
	if (setresgid(0, 0, 0) < 0)
		return error_set(err, errno, "setresgid(0) in the user namespace");
	/*
	 * Drop supplementary groups (root's group 0 among them), which the kernel would
	 * otherwise keep as unmapped host groups. Rootless, setgroups is denied by the
	 * kernel rule for unprivileged maps, and the groups are the caller's own anyway.
	 */
	if (setgroups(0, NULL) < 0 && (cfg->privileged || errno != EPERM))
		return error_set(err, errno, "setgroups() in the user namespace");
	if (setresuid(0, 0, 0) < 0)
		return error_set(err, errno, "setresuid(0) in the user namespace");
	trace(cfg->verbose, "child: uid 0, gid 0 in the user namespace");
	return 0;
}

static int set_hostname(const struct isolate_config *cfg, struct error *err)
{
	if (cfg->share & NS_BIT(NS_UTS))
		return 0;
	if (sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return error_set(err, errno, "sethostname '%s'", cfg->hostname);
	trace(cfg->verbose, "child: hostname %s", cfg->hostname);
	return 0;
}

static int child_setup(const struct child_args *a, const struct sync_go *go, struct error *err)
{
	const struct isolate_config *cfg = a->cfg;

	/* Our capabilities over the new network namespace come from being root in the
	 * user namespace that owns it (become_root, before child_setup). */
	if (net_child_setup(cfg, go, err) < 0 || mount_setup(cfg, err) < 0 ||
	    set_hostname(cfg, err) < 0)
		return -1;
	return 0;
}

/*
 * Ask for SIGKILL when isolate dies, and make sure it has not died already. The
 * kernel clears the parent-death signal whenever our euid/egid change, so this runs
 * again after become_root(). The parent holds the write end of the go pipe until it
 * exits, so a hang-up on our read end means it is gone.
 */
static int arm_parent_death(int lifeline, struct error *err)
{
	struct pollfd p = { .fd = lifeline, .events = POLLIN };

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_PDEATHSIG)");
	if (TEMP_FAILURE_RETRY(poll(&p, 1, 0)) < 0)
		return error_set(err, errno, "poll the parent's pipe");
	if (p.revents & (POLLHUP | POLLERR))
		_exit(EXIT_ISOLATE); /* isolate is gone: nobody to run for or report to */
	return 0;
}

int child_main(void *arg)
{
	const struct child_args *a = arg;
	struct error err = { 0 };
	struct sync_go go;

	asan_stack_in_child();
	/*
	 * If isolate dies (even by SIGKILL) the sandbox must die with it, or PROGRAM would
	 * run on unsupervised. If the parent died before this call, its end of the go
	 * pipe is closed and the read below returns EOF.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) {
		error_set(&err, errno, "prctl(PR_SET_PDEATHSIG)");
		child_fail(a->report_fd, &err);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(a->close_fds); i++)
		(void)close(a->close_fds[i]);

	if (sync_recv_go(a->go_fd, &go) != 1)
		_exit(EXIT_ISOLATE); /* the parent failed and reports it, or is gone */

	if (become_root(a->cfg, &err) < 0 || arm_parent_death(a->go_fd, &err) < 0)
		child_fail(a->report_fd, &err);

	/*
	 * Nothing of the caller's but 0-2 and --preserve-fds goes on: init never execs,
	 * so close-on-exec alone would leave host fds open in PID 1 (CVE-2024-21626 class).
	 * The go pipe goes too: the parent-death signal is armed for good now.
	 */
	if (close_other_fds(a->cfg, a->report_fd, &err) < 0)
		child_fail(a->report_fd, &err);
	/*
	 * Non-dumpable: /proc/1/{exe,fd,mem,...} of isolate's init then need CAP_SYS_PTRACE
	 * over the user namespace its memory belongs to, the host's (CVE-2019-5736 class).
	 * Only after "go": the parent must still open our /proc/PID/uid_map, which a
	 * non-dumpable process's /proc files forbid to an unprivileged caller.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		error_set(&err, errno, "prctl(PR_SET_DUMPABLE)");
		child_fail(a->report_fd, &err);
	}

	if (child_setup(a, &go, &err) < 0)
		child_fail(a->report_fd, &err);

	if (a->cfg->as_pid_1)
		exec_program(a->cfg, a->report_fd, &a->program_mask);
	init_run(a->cfg, a->report_fd, &a->program_mask);
}
