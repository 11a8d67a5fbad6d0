/* caps.c - capability policy: the default set, --cap-add/--cap-drop, and applying it with libcap. */
#include "caps.h"

#include <grp.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#define BIT(cap) (UINT64_C(1) << (cap))

/*
 * The default set is the one container engines (Docker, Podman) give a container,
 * which common programs expect of "root", plus CAP_NET_ADMIN: the assignment's flows
 * configure the sandbox's own interfaces (ip link set lo up, ip addr add). Each of
 * these acts only within namespaces the sandbox's user namespace owns, or on files
 * whose owners are mapped into it. Left out are the capabilities that widen the
 * kernel surface PROGRAM can reach: CAP_SYS_ADMIN (mounting filesystems, many
 * namespaced but bug-prone paths), CAP_SYS_PTRACE (would reach isolate's init),
 * CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_BPF, CAP_PERFMON and the rest;
 * --cap-add gives them back.
 */
uint64_t caps_default(void)
{
	return BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_FOWNER) | BIT(CAP_FSETID) |
	       BIT(CAP_KILL) | BIT(CAP_SETGID) | BIT(CAP_SETUID) | BIT(CAP_SETPCAP) |
	       BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_NET_RAW) | BIT(CAP_SYS_CHROOT) |
	       BIT(CAP_MKNOD) | BIT(CAP_AUDIT_WRITE) | BIT(CAP_SETFCAP) | BIT(CAP_NET_ADMIN);
}

/* Every capability this kernel knows: bits 0..last. */
static uint64_t caps_all(void)
{
	cap_value_t n = cap_max_bits();

	if (n <= 0 || n >= 64)
		return UINT64_MAX;
	return BIT(n) - 1;
}

/* The set PROGRAM gets: the default, minus what is dropped, plus what is added. */
static uint64_t caps_wanted(const struct plan *plan, uint64_t all)
{
	uint64_t set = plan->spec->cap_drop.all ? 0 : caps_default() & ~plan->spec->cap_drop.bits;

	/* Without a user namespace of its own, capabilities would be the host's. */
	if (plan->no_userns)
		return 0;

	set |= plan->spec->cap_add.all ? all : plan->spec->cap_add.bits;
	return set & all;
}

uint64_t caps_program(const struct plan *plan)
{
	return caps_wanted(plan, caps_all());
}

static int cap_name_error(struct error *err, int errnum, const char *what, cap_value_t cap)
{
	char *name = cap_to_name(cap);

	error_set(err, errnum, "%s %s", what, name ? name : "?");
	if (name)
		(void)cap_free(name);
	return -1;
}

/* Bounding set first, while we still hold CAP_SETPCAP: it caps what any later exec gets. */
static int drop_bounding(uint64_t keep, cap_value_t last, struct error *err)
{
	for (cap_value_t cap = 0; cap <= last; cap++) {
		if (keep & BIT(cap))
			continue;
		if (cap_drop_bound(cap) < 0 && errno != EINVAL)
			return cap_name_error(err, errno, "drop from the bounding set:", cap);
	}
	return 0;
}

static int switch_ids(const struct plan *plan, struct error *err)
{
	if (!plan->spec->set_uid && !plan->spec->set_gid)
		return 0;
	/* Keep the permitted set across the uid change; the sets are rewritten just after. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_KEEPCAPS)");
	if (plan->spec->set_gid && setresgid(plan->spec->gid, plan->spec->gid, plan->spec->gid) < 0)
		return error_set(err, errno, "--gid=%u: setresgid", (unsigned)plan->spec->gid);
	if (plan->spec->set_uid && setresuid(plan->spec->uid, plan->spec->uid, plan->spec->uid) < 0)
		return error_set(err, errno, "--uid=%u: setresuid", (unsigned)plan->spec->uid);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return error_set(err, errno, "prctl(PR_SET_KEEPCAPS)");
	return 0;
}

static int set_proc_caps(uint64_t set, cap_value_t last, struct error *err)
{
	static const cap_flag_t flags[] = { CAP_PERMITTED, CAP_EFFECTIVE, CAP_INHERITABLE };
	cap_t caps = cap_init(); /* all clear */
	int r = 0;

	if (!caps)
		return error_set(err, errno, "cap_init");
	for (cap_value_t cap = 0; cap <= last && r == 0; cap++) {
		if (!(set & BIT(cap)))
			continue;
		for (unsigned i = 0; i < ARRAY_SIZE(flags) && r == 0; i++)
			r = cap_set_flag(caps, flags[i], 1, &cap, CAP_SET);
	}
	if (r < 0)
		error_set(err, errno, "cap_set_flag");
	else if ((r = cap_set_proc(caps)) < 0)
		error_set(err, errno, "set the capability sets (cap_set_proc)");
	(void)cap_free(caps);
	return r;
}

/*
 * A non-root PROGRAM loses its permitted set at execve unless the capabilities are
 * ambient. Only those named by --cap-add are raised: --uid asks for a less
 * privileged PROGRAM, so the default set does not follow it.
 */
static int raise_ambient(const struct plan *plan, uint64_t set, cap_value_t last,
			 struct error *err)
{
	uint64_t ambient = set & (plan->spec->cap_add.all ? UINT64_MAX : plan->spec->cap_add.bits);

	if (plan->spec->uid == 0) {
		/*
		 * Root gets the bounding set at execve; nothing ambient is needed. One prctl:
		 * libcap's cap_reset_ambient probes every capability first (42 calls here).
		 */
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
			return error_set(err, errno, "clear the ambient set");
		return 0;
	}
	for (cap_value_t cap = 0; cap <= last; cap++)
		if ((ambient & BIT(cap)) && cap_set_ambient(cap, CAP_SET) < 0)
			return cap_name_error(err, errno, "raise the ambient capability", cap);
	return 0;
}

int caps_apply(const struct plan *plan, struct error *err)
{
	uint64_t all = caps_all(), set = caps_wanted(plan, all);
	cap_value_t last = cap_max_bits() - 1;

	/*
	 * Sharing the host's user namespace without privilege, we hold no capabilities
	 * to cut or give: PROGRAM runs with the caller's own (plan.c refused --cap-add).
	 * Root with --no-userns goes on: caps_wanted() leaves it nothing, bounding set included.
	 */
	if ((plan->share & NS_BIT(NS_USER)) && !plan->privileged)
		return 0;
	if (drop_bounding(set, last, err) < 0 || switch_ids(plan, err) < 0 ||
	    set_proc_caps(set, last, err) < 0 || raise_ambient(plan, set, last, err) < 0)
		return -1;
	return 0;
}
