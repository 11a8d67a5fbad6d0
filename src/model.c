/* model.c - the tables of model.h. */
#include "model.h"

#include <sched.h>
#include <string.h>

#include "util.h"

/* clone(2) creates these in one call, the user namespace first whatever the order here. */
const struct ns_row ns_table[NS_KINDS] = {
	{ NS_USER, CLONE_NEWUSER, "user", NULL, true, false },
	{ NS_NET, CLONE_NEWNET, "net", NULL, true, false },
	{ NS_UTS, CLONE_NEWUTS, "uts", NULL, true, false },
	{ NS_IPC, CLONE_NEWIPC, "ipc", NULL, true, false },
	{ NS_MNT, CLONE_NEWNS, "mnt", "mount", true, false },
	{ NS_PID, CLONE_NEWPID, "pid", NULL, true, false },
	/* Late: a cgroup namespace is rooted at its creator's cgroup, which must be the
	 * sandbox's own; v1 attaches the child only after clone. */
	{ NS_CGROUP, CLONE_NEWCGROUP, "cgroup", NULL, true, true },
	{ NS_TIME, 0x00000080 /* CLONE_NEWTIME, not in every libc's headers */, "time", NULL, false, false },
};

const char *const cg_controller_names[CG_CONTROLLERS] = {
	[CG_MEMORY] = "memory", [CG_PIDS] = "pids", [CG_CPU] = "cpu",
	[CG_CPUACCT] = "cpuacct", [CG_CPUSET] = "cpuset",
};

const char *const net_mode_names[NET_MODES] = {
	[NET_DEFAULT] = "default", [NET_VETH] = "veth", [NET_NONE] = "none",
	[NET_HOST] = "host",       [NET_PASTA] = "pasta",
};

const char *const egress_names[EGRESS_MODES] = {
	[EGRESS_DEFAULT] = "default", [EGRESS_NAT] = "nat", [EGRESS_NONE] = "none",
};

unsigned ns_made_mask(void)
{
	unsigned mask = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ns_table); i++)
		if (ns_table[i].made)
			mask |= NS_BIT(ns_table[i].kind);
	return mask;
}

int ns_clone_flags(unsigned shared)
{
	int flags = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ns_table); i++)
		if (ns_table[i].made && !ns_table[i].late && !(shared & NS_BIT(ns_table[i].kind)))
			flags |= ns_table[i].clone_flag;
	return flags;
}

static bool name_is(const char *want, const char *name, size_t len)
{
	return want && strlen(want) == len && strncmp(want, name, len) == 0;
}

int ns_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(ns_table); i++)
		if (ns_table[i].made &&
		    (name_is(ns_table[i].name, name, len) || name_is(ns_table[i].alias, name, len)))
			return (int)ns_table[i].kind;
	return -1;
}

int net_mode_by_name(const char *name)
{
	for (int m = NET_DEFAULT + 1; m < NET_MODES; m++)
		if (strcmp(name, net_mode_names[m]) == 0)
			return m;
	return -1;
}
