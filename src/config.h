/* config.h - struct isolate_config: what one run will do, parsed once and read-only after. */
#ifndef ISOLATE_CONFIG_H
#define ISOLATE_CONFIG_H

#include <stdbool.h>
#include <sys/types.h>

#include "cidr.h"
#include "caplist.h"

/* The namespaces isolate creates; --share keeps the host's instead. */
enum ns_kind {
	NS_USER,
	NS_NET,
	NS_UTS,
	NS_IPC,
	NS_MNT,
	NS_PID,
	NS_COUNT
};
#define NS_BIT(kind) (1u << (kind))
#define NS_ALL ((1u << NS_COUNT) - 1)

/* How ids inside the user namespace map to ids outside. */
enum map_mode {
	MAP_DEFAULT,  /* resolved by config_finalize() to one of the below */
	MAP_SINGLE,   /* root inside = one host id (map_uid/map_gid) */
	MAP_IDENTITY, /* every id maps to itself (root only, explicit) */
	MAP_AUTO,     /* root inside = caller, plus subordinate ranges (newuidmap) */
};

/* The sandbox's network; a new mode adds a value here and a case in net.c. */
enum net_mode {
	NET_DEFAULT, /* resolved by config_finalize(): veth with CAP_NET_ADMIN, else none */
	NET_VETH,    /* a veth pair to the host, addressed and routed */
	NET_NONE,    /* loopback only, up */
	NET_HOST,    /* the host's network namespace (--share=net) */
	NET_PASTA,   /* a tap device served by pasta(1) in the host's namespaces */
};

struct net_config {
	enum net_mode mode;
	const char *veth_host;   /* host end's name; NULL: "iso" + isolate's pid */
	const char *veth_peer;   /* sandbox end's name; NULL: DEFAULT_VETH_PEER */
	struct cidr address;     /* the sandbox's; family 0: allocated from pool */
	struct cidr host_address;/* the host end's; family 0: allocated from pool */
	struct cidr pool;        /* family 0: $ISOLATE_NET_POOL, else DEFAULT_NET_POOL */
	unsigned mtu;            /* 0: the kernel's default */
	bool veth_options;       /* an option only --net=veth uses was given */
};

#define DEFAULT_VETH_PEER "eth0"
#define DEFAULT_NET_POOL "10.11.0.0/16"
#define NET_POOL_ENV "ISOLATE_NET_POOL"

#define DEFAULT_HOSTNAME "isolated"
/* The host id that sandbox root maps to when root runs isolate without SUDO_UID. */
#define FALLBACK_UID 65534
#define FALLBACK_GID 65534

/* The most fds --preserve-fds passes on (3..N+2); far above any sane listener count. */
#define PRESERVE_FDS_MAX 1024

/* One --setenv or --unsetenv, applied in command-line order after --clearenv. */
struct env_op {
	const char *key;
	const char *value; /* NULL: unset */
};

struct isolate_config {
	char *const *argv;       /* PROGRAM and its ARGS, NULL-terminated */
	const char *hostname;
	unsigned share;          /* NS_BIT()s of namespaces kept from the host */
	bool as_pid_1;
	bool die_with_parent;
	bool verbose;

	/* What PROGRAM runs with (see caps.c and program.c). */
	struct cap_list cap_add, cap_drop;
	bool allow_new_privs;    /* do not set PR_SET_NO_NEW_PRIVS */
	bool set_uid, set_gid;   /* --uid/--gid given */
	uid_t uid;               /* PROGRAM's ids inside (default 0) */
	gid_t gid;
	unsigned preserve_fds;   /* fds 3..preserve_fds+2 pass on to PROGRAM */
	const char *chdir;       /* NULL: stay in the caller's directory */
	bool clearenv;
	struct env_op *env;      /* malloc'd by cli_parse, freed by config_free */
	size_t n_env;

	enum map_mode map;
	uid_t map_uid;           /* MAP_SINGLE: host ids behind root inside */
	gid_t map_gid;

	struct net_config net;

	/* Filled by config_finalize() from the environment, not from options. */
	bool privileged;         /* CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETUID and CAP_SETGID
				    in the initial user namespace; false means rootless */
	bool nested_userns;      /* isolate itself runs in a non-initial user namespace */
	uid_t caller_uid;
	gid_t caller_gid;
	/* MAP_AUTO: whose /etc/subuid and /etc/subgid entries to use (name, or the uid alone) */
	char subid_user[256];
	uid_t subid_uid;
};

struct error;
/* Resolve defaults that depend on who runs isolate (privilege, SUDO_UID) and check conflicts. */
int config_finalize(struct isolate_config *cfg, struct error *err);
void config_free(struct isolate_config *cfg);

#endif
