/* config.h - struct isolate_config: what one run will do, parsed once and read-only after. */
#ifndef ISOLATE_CONFIG_H
#define ISOLATE_CONFIG_H

#include <stdbool.h>
#include <sys/types.h>

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

#define DEFAULT_HOSTNAME "isolated"
/* The host id that sandbox root maps to when root runs isolate without SUDO_UID. */
#define FALLBACK_UID 65534
#define FALLBACK_GID 65534

struct isolate_config {
	char *const *argv;       /* PROGRAM and its ARGS, NULL-terminated */
	const char *hostname;
	unsigned share;          /* NS_BIT()s of namespaces kept from the host */
	bool as_pid_1;
	bool die_with_parent;
	bool verbose;

	enum map_mode map;
	uid_t map_uid;           /* MAP_SINGLE: host ids behind root inside */
	gid_t map_gid;

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

#endif
