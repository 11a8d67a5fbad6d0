/* model.h - the concepts every layer shares, each defined once as a table: namespace kinds,
 * network modes, id limits and exit codes. Pure data: no I/O, no option names. */
#ifndef ISOLATE_MODEL_H
#define ISOLATE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of isolate itself; PROGRAM's own status passes through otherwise. */
enum {
	EXIT_ISOLATE = 125,    /* isolate's own failure (bad usage, setup failed) */
	EXIT_CANNOT_RUN = 126, /* PROGRAM exists but cannot be executed */
	EXIT_NOT_FOUND = 127,  /* PROGRAM not found */
};

/* The largest id a map or --uid may name: (uid_t)-1 means "no id" to the kernel. */
#define ID_MAX 4294967294UL

/*
 * Namespace kinds, in the order of ns_table. The time namespace has a row so that a
 * later step can create it; `made` says which kinds isolate creates today.
 */
enum ns_kind {
	NS_USER,
	NS_NET,
	NS_UTS,
	NS_IPC,
	NS_MNT,
	NS_PID,
	NS_CGROUP,
	NS_TIME,
	NS_KINDS
};
#define NS_BIT(kind) (1u << (kind))

struct ns_row {
	enum ns_kind kind;
	int clone_flag;   /* CLONE_NEW* */
	const char *name; /* as in /proc/PID/ns and --share */
	const char *alias;/* another spelling --share accepts, or NULL */
	bool made;        /* isolate creates it unless --share keeps the host's */
	bool late;        /* made by the child with unshare(2), not by clone (see steps.c) */
};
extern const struct ns_row ns_table[NS_KINDS];

/* Every namespace kind isolate creates (what --share=all keeps). */
unsigned ns_made_mask(void);
/* The CLONE_NEW* flags for the namespaces not in `shared`. */
int ns_clone_flags(unsigned shared);
/* The kind called name (or its alias), of length len; -1 if none isolate makes. */
int ns_by_name(const char *name, size_t len);

/* cgroup controllers isolate uses, in the order of cg_controller_names. On v2 the CPU
 * usage is in every cgroup's cpu.stat, so "cpuacct" is a v1 hierarchy only. */
enum cg_controller { CG_MEMORY, CG_PIDS, CG_CPU, CG_CPUACCT, CG_CPUSET, CG_CONTROLLERS };
#define CG_BIT(c) (1u << (c))
extern const char *const cg_controller_names[CG_CONTROLLERS];

/* Which cgroup interface a run uses; CG_NONE: the run makes no cgroup. */
enum cg_version { CG_NONE, CG_V1, CG_V2 };

/* The sandbox's network; a new mode adds a row here and a case in net.c. */
enum net_mode {
	NET_DEFAULT, /* resolved by plan_resolve(): veth with CAP_NET_ADMIN, else none */
	NET_VETH,    /* a veth pair to the host, addressed and routed */
	NET_NONE,    /* loopback only, up */
	NET_HOST,    /* the host's network namespace (--share=net) */
	NET_PASTA,   /* a tap device served by pasta(1) in the host's namespaces */
	NET_MODES
};
extern const char *const net_mode_names[NET_MODES];
/* The mode called name; -1 if none ("default" is not a name users give). */
int net_mode_by_name(const char *name);

/* What a veth sandbox reaches beyond the host end (--egress). */
enum egress {
	EGRESS_DEFAULT, /* resolved by plan_resolve(): nat */
	EGRESS_NAT,     /* routed and masqueraded out of the host (nftables) */
	EGRESS_NONE,    /* the host end's address only; the rest is rejected at once */
	EGRESS_MODES
};
extern const char *const egress_names[EGRESS_MODES];

/* How ids inside the user namespace map to ids outside. */
enum map_mode {
	MAP_DEFAULT,  /* resolved by plan_resolve() to one of the below */
	MAP_SINGLE,   /* root inside = one host id (map_uid/map_gid) */
	MAP_IDENTITY, /* every id maps to itself (root only, explicit) */
	MAP_AUTO,     /* root inside = caller, plus subordinate ranges (newuidmap) */
};

#endif
