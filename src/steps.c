/* steps.c - the setup order of a run, as two tables (see steps.h). The order is the
 * kernel's, not taste: the comments on each row say which rule fixes it. */
#include "steps.h"

#include <fcntl.h>
#include <sched.h>
#include <time.h>

#include "cgroup.h"
#include "channel.h"
#include "dns.h"
#include "child.h"
#include "exec.h"
#include "init.h"
#include "instance.h"
#include "jobctl.h"
#include "keyring.h"
#include "lifetime.h"
#include "mnl-load.h"
#include "fs.h"
#include "rlimit-apply.h"
#include "net.h"
#include "status.h"
#include "sandbox.h"
#include "userns.h"
#include "uts.h"

/* --- parent: in the host's namespaces, between clone and "start" --- */

static int make_cgroup(struct sandbox *sb, struct error *err)
{
	if (sb->plan->cgroup.version == CG_NONE)
		return 0;
	return cgroup_create(sb->plan, &sb->cg, err);
}

static void remove_cgroup(struct sandbox *sb)
{
	cgroup_destroy(&sb->cg);
}

static int set_rlimits(struct sandbox *sb, struct error *err)
{
	return rlimits_apply(sb->plan, sb->child, err);
}

static int write_id_maps(struct sandbox *sb, struct error *err)
{
	return userns_write_maps(sb->plan, sb->child, err);
}

/* libmnl, for the runs that speak netlink only (mnl-load.c). */
static int load_netlink(struct sandbox *sb, struct error *err)
{
	if (sb->plan->net.mode != NET_VETH && sb->plan->net.mode != NET_PASTA)
		return 0;
	if (mnl_load(err) < 0)
		return error_wrap(err, sb->plan->net.mode == NET_VETH ? "--net=veth" : "--net=pasta");
	return 0;
}

static int host_network(struct sandbox *sb, struct error *err)
{
	return net_parent_setup(sb->plan, sb->child, sb->chan, &sb->net, err);
}

static void host_network_undo(struct sandbox *sb)
{
	net_parent_undo(sb->plan, &sb->net, sb->released);
}

static int host_firewall(struct sandbox *sb, struct error *err)
{
	return net_parent_firewall(sb->plan, &sb->net, err);
}

static void host_firewall_undo(struct sandbox *sb)
{
	nat_close(&sb->net.nat);
}

/* --ephemeral as root: the overlay only the host side can make (fs_lend_overlay). */
static int lend_overlay(struct sandbox *sb, struct error *err)
{
	int lent[2];
	int r;

	if (!sb->plan->fs.lend_root)
		return 0;
	/* Sent even when none was made: the child waits for this message. */
	fs_lend_overlay(sb->plan, lent);
	r = channel_send(sb->chan, MSG_FS, NULL, 0, lent, lent[0] < 0 ? 0 : lent[1] >= 0 ? 2 : 1, err);
	/* Detached mounts: the child holds them now, or they are freed with these fds. */
	for (size_t i = 0; i < 2; i++)
		if (lent[i] >= 0)
			(void)close(lent[i]);
	return r;
}

static int release(struct sandbox *sb, struct error *err)
{
	/* The child did not wait (plan->await_go): it is on its way already. */
	if (!sb->plan->await_go) {
		sb->released = true;
		return 0;
	}
	if (channel_send(sb->chan, MSG_GO, NULL, 0, NULL, 0, err) < 0)
		return error_wrap(err, "release the sandbox");
	sb->released = true;
	return 0;
}

/* Barrier: the child has run its table, or says why not, or died. */
static int await_created(struct sandbox *sb, struct error *err)
{
	union {
		struct error error;
		struct landlock_ids ids;
	} got = { 0 };
	size_t len = 0;

	switch (channel_recv(sb->chan, &got, sizeof(got), &len, NULL, NULL, false, err)) {
	case MSG_CREATED:
		/* A named instance under Landlock: what its rules' paths name (landlock.h). */
		if (len == sizeof(got.ids)) {
			sb->landlock_ids = got.ids;
			sb->has_landlock_ids = true;
		}
		return 0;
	case MSG_ERROR:
		if (len != sizeof(got.error))
			break;
		return channel_take_report(&got.error, err);
	case -1:
		return -1;
	default:
		break;
	}
	return error_set(err, 0, "the sandbox ended during its setup without a report");
}

static int terminal(struct sandbox *sb, struct error *err)
{
	/* Not waiting for "start", the child made its group itself and may run PROGRAM
	 * already; the plan waits whenever there is a terminal to hand over. */
	if (!sb->plan->await_start)
		return 0;
	return jobctl_start(&sb->job, sb->child, err);
}

static void terminal_undo(struct sandbox *sb)
{
	jobctl_end(&sb->job);
}

static int start(struct sandbox *sb, struct error *err)
{
	/* The time limits and the report's wall time count from here. */
	if (clock_gettime(CLOCK_MONOTONIC, &sb->started) < 0)
		return error_set(err, errno, "clock_gettime");
	if (sb->plan->await_start && channel_send(sb->chan, MSG_START, NULL, 0, NULL, 0, err) < 0)
		return -1;
	sb->started_set = true;
	return 0;
}

static int take_name(struct sandbox *sb, struct error *err)
{
	return instance_reserve(sb, err);
}

static void take_name_undo(struct sandbox *sb)
{
	instance_release(sb);
}

/* The sandbox exists: tell --info-fd and --json-status-fd, as bubblewrap does before exec. */
static int report_status(struct sandbox *sb, struct error *err)
{
	const struct spec *s = sb->plan->spec;
	const char *cg_paths[CG_CONTROLLERS];
	size_t n = 0;

	if (s->info_fd < 0 && s->json_status_fd < 0 && sb->instance.lock < 0)
		return 0;
	for (size_t i = 0; sb->plan->cgroup.version != CG_NONE && i < sb->cg.ndirs; i++)
		cg_paths[n++] = sb->cg.dirs[i].path;
	sb->status = status_sandbox_object(sb->plan, sb->child, &sb->net,
					   sb->instance.name[0] ? sb->instance.name : NULL);
	if (!sb->status || status_add_cgroup_paths(sb->status, cg_paths, n) < 0)
		return error_set(err, ENOMEM, "report the sandbox's start");
	return status_started(s, sb->status, err);
}

static void report_status_undo(struct sandbox *sb)
{
	json_object_put(sb->status);
	sb->status = NULL;
}

/*
 * Barrier: PROGRAM runs. Its exec closes the last copy of the child's end of the
 * channel (init closes its own once PROGRAM has exec'd), so EOF means running; a
 * failed exec sends its report first.
 */
static int await_running(struct sandbox *sb, struct error *err)
{
	for (;;) {
		union {
			struct error error;
			struct exec_notice notice;
		} got;
		size_t len = 0;
		int r = channel_recv(sb->chan, &got, sizeof(got), &len, NULL, NULL, false, err);

		if (r == MSG_NONE || r == MSG_RUNNING)
			return 0;
		/* PROGRAM's notes come before its execve; the parent prints them at the end. */
		if (r == MSG_NOTICE && len == sizeof(got.notice)) {
			sb->notice = got.notice;
			sb->noticed = true;
			continue;
		}
		if (r == MSG_ERROR && len == sizeof(got.error))
			return channel_take_report(&got.error, err);
		return r < 0 ? -1 : error_set(err, EBADMSG, "wait for PROGRAM to start");
	}
}

static int register_instance(struct sandbox *sb, struct error *err)
{
	return instance_register(sb, err);
}

static int detached(struct sandbox *sb, struct error *err)
{
	return lifetime_detached_ready(sb->instance.name, err);
}

static const struct parent_step parent_steps[] = {
	/* First, before anything of the sandbox is visible: a name in use ends the run here. */
	{ "name", false, true, ERRK_FILESYSTEM, take_name, take_name_undo },
	/* Before clone: v2 starts the child in it (CLONE_INTO_CGROUP), so no instant of
	 * the sandbox runs outside its limits. */
	{ "cgroup", true, true, ERRK_NONE, make_cgroup, remove_cgroup },
	/* Before clone, so the child inherits the library its veth setup calls. */
	{ "network", false, true, ERRK_NETWORK, load_netlink, NULL },
	/* Kernel rule: until its maps are written the child's ids are unmapped, and only a
	 * process with capabilities over the parent namespace may write them, once. */
	{ "id map", true, false, ERRK_USERNS_BLOCKED, write_id_maps, NULL },
	/* After the maps: pasta joins the child's user namespace, which needs them. Last
	 * before "go" because nothing after it may fail but the release itself. */
	{ "network", false, false, ERRK_NETWORK, host_network, host_network_undo },
	{ "release", false, false, ERRK_INTERNAL, release, NULL },
	/* After "go": the overlay is made while the child's first steps run, and the child
	 * takes it at its "mounts" (fs_lend_overlay's cost, bench/README.md). A detached
	 * mount that only its fd holds: no undo. */
	{ "filesystem", false, false, ERRK_FILESYSTEM, lend_overlay, NULL },
	/* After "go": the child's steps run meanwhile. Before "start": PROGRAM's first packet
	 * meets the rules (--egress=none's rejects, NAT, DNS, --publish). */
	{ "firewall", false, false, ERRK_NETWORK, host_firewall, host_firewall_undo },
	{ "created", false, false, ERRK_INTERNAL, await_created, NULL },
	/* After the setup, which must not run out of fds or processes; init and PROGRAM
	 * inherit them. */
	{ "rlimits", false, false, ERRK_NONE, set_rlimits, NULL },
	{ "status", false, false, ERRK_INTERNAL, report_status, report_status_undo },
	/* Right before "start": PROGRAM must begin in its own process group, and in the
	 * terminal's foreground if isolate is (or a shell as PROGRAM stops itself). */
	{ "terminal", false, false, ERRK_INTERNAL, terminal, terminal_undo },
	{ "start", false, false, ERRK_INTERNAL, start, NULL },
	{ "running", false, false, ERRK_NONE, await_running, NULL },
	/* Only now: a record is what --join enters, so it names a running PROGRAM. */
	{ "register", false, false, ERRK_FILESYSTEM, register_instance, NULL },
	{ "detach", false, false, ERRK_INTERNAL, detached, NULL },
};

int parent_steps_run(struct sandbox *sb, size_t *done, bool before_clone, struct error *err)
{
	for (; *done < ARRAY_SIZE(parent_steps); (*done)++) {
		const struct parent_step *s = &parent_steps[*done];

		if (before_clone && !s->before_clone)
			break;
		trace(sb->plan->spec->verbose, "parent: step %s", s->name);
		if (s->setup(sb, err) < 0) {
			error_default_kind(err, s->kind);
			return s->prefix ? error_wrap(err, "%s", s->name) : -1;
		}
	}
	return 0;
}

void parent_steps_undo(struct sandbox *sb, size_t done)
{
	/* The failed step undid its own part; the ones before it are undone here. */
	while (done-- > 0)
		if (parent_steps[done].undo)
			parent_steps[done].undo(sb);
}

/* --- child: inside the new namespaces, after "go" --- */

/* Where clone could not start us in the sandbox's cgroup (v1): we move ourselves in. */
static int join_cgroup(struct child *c, struct error *err)
{
	if (!c->cg || c->in_cgroup)
		return 0;
	return cgroup_enter(c->cg, "move the sandbox into", err);
}

static int session_keyring(struct child *c, struct error *err)
{
	(void)c;
	return keyring_new_session(err);
}

static int own_id_maps(struct child *c, struct error *err)
{
	return userns_write_own_maps(c->plan, err);
}

static int become_root(struct child *c, struct error *err)
{
	return userns_become_root(c->plan, err);
}

/* The kernel clears the parent-death signal when become_root changes our ids: again. */
static int stay_tied(struct child *c, struct error *err)
{
	int gone = lifetime_tie_to_parent(c->parent, c->chan, err);

	if (gone > 0)
		_exit(EXIT_ISOLATE); /* isolate is gone: nobody to run for or report to */
	return gone;
}

static int close_fds(struct child *c, struct error *err)
{
	return close_other_fds(c->plan, c->chan, 1, err);
}

static int protect_init(struct child *c, struct error *err)
{
	(void)c;
	return init_protect(err);
}

static int sandbox_network(struct child *c, struct error *err)
{
	return net_child_setup(c->plan, &c->net, err);
}

static int names(struct child *c, struct error *err)
{
	return dns_child_setup(c->plan, c->net.dns_forward ? &c->net.gateway : NULL, &c->files, err);
}

/*
 * The cgroup namespace, made here and not at clone: it is rooted at its creator's
 * cgroup, and only now is that the sandbox's own (v1 moved us in after clone). PROGRAM
 * then sees its cgroup as "/" in /proc/self/cgroup, not the host's path.
 */
static int cgroup_namespace(struct child *c, struct error *err)
{
	if (c->plan->share & NS_BIT(NS_CGROUP))
		return 0;
	if (unshare(CLONE_NEWCGROUP) < 0)
		return error_set(err, errno, "unshare(CLONE_NEWCGROUP)"),
		       error_hint(err, "--share=cgroup keeps the host's");
	return 0;
}

static void take_overlay(void *c, int lent[2])
{
	child_take_overlay(c, lent);
}

static int mounts(struct child *c, struct error *err)
{
	const struct fs_lender lender = { take_overlay, c };
	char address[CIDR_STRLEN];
	const char *own = NULL;

	/* --net=veth: the hostname maps to the sandbox's own address in /etc/hosts. */
	if (c->net.address.family) {
		cidr_format_addr(&c->net.address, address, sizeof(address));
		own = address;
	}
	return fs_setup(c->plan, own, &c->files, c->plan->fs.lend_root ? &lender : NULL, err);
}

static int hostname(struct child *c, struct error *err)
{
	return uts_set_hostname(c->plan, err);
}

static const struct child_step child_steps[] = {
	/* First, so that nothing of the sandbox runs outside its limits but the wait for
	 * "go"; and before "become root", while our ids are still the caller's, who made
	 * the cgroup's files (the kernel checks them at open). */
	{ "cgroup", true, ERRK_NONE, join_cgroup },
	/* Kernel rule, as for the parent's "id map": before anything needs our ids mapped.
	 * Only when the plan gives the maps to the child, which then waits for no "go". */
	{ "id map", true, ERRK_USERNS_BLOCKED, own_id_maps },
	/* Before our ids change: the new keyring is then the caller's (host ids), charged
	 * to the caller's key quota rather than the mapped user's. nobody, the default
	 * sandbox root of root, is shared by every root-run sandbox and has 200 keys. */
	{ "session keyring", false, ERRK_NONE, session_keyring },
	/* First: our capabilities over the new namespaces come from being root in the user
	 * namespace that owns them, and until now our ids are the caller's host ids. */
	{ "become root", false, ERRK_USERNS_BLOCKED, become_root },
	{ "stay tied", false, ERRK_INTERNAL, stay_tied },
	{ "cgroup namespace", false, ERRK_INTERNAL, cgroup_namespace },
	/* Nothing of the caller's but 0-2 and --preserve-fds goes on: init never execs, so
	 * close-on-exec alone would leave host fds open in PID 1 (CVE-2024-21626 class). */
	{ "close fds", false, ERRK_INTERNAL, close_fds },
	/* Only after "go": the parent must open our /proc/PID/uid_map first, which a
	 * non-dumpable process's /proc files forbid to an unprivileged caller. */
	{ "protect init", false, ERRK_INTERNAL, protect_init },
	{ "sandbox network", true, ERRK_NETWORK, sandbox_network },
	/* Reads the host's /etc/resolv.conf before the view can hide it (--root), and asks
	 * for the sandbox's own (fs_generated_file) before the mounts put it in place. */
	{ "names", true, ERRK_NETWORK, names },
	/* After the network, which may ask for generated /etc files (fs_generated_file).
	 * Mounts before the hostname, as before; /proc needs the PID namespace only. */
	{ "mounts", false, ERRK_FILESYSTEM, mounts },
	{ "hostname", false, ERRK_INTERNAL, hostname },
};

int child_steps_run(struct child *c, struct error *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(child_steps); i++) {
		const struct child_step *s = &child_steps[i];

		trace(c->plan->spec->verbose, "child: step %s", s->name);
		if (s->setup(c, err) < 0) {
			error_default_kind(err, s->kind);
			return s->prefix ? error_wrap(err, "%s", s->name) : -1;
		}
	}
	return 0;
}
