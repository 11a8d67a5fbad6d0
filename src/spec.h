/* spec.h - struct spec: what the user asked for, as a front-end (the command line, later
 * an OCI config.json) filled it in. Intent only: no host facts, no defaults that depend on
 * who runs isolate (those are plan.c's). Strings are owned; list items remember their
 * origin, the option as the user typed it, so any layer can name it in an error. */
#ifndef ISOLATE_SPEC_H
#define ISOLATE_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "caplist.h"
#include "cidr.h"
#include "model.h"
#include "publish.h"
#include "units.h"
#include "util.h"

#define DEFAULT_VETH_PEER "eth0"
#define DEFAULT_NET_POOL "10.11.0.0/16"
#define NET_POOL_ENV "ISOLATE_NET_POOL"
#define DEFAULT_HOSTNAME "isolated"
/* The host id that sandbox root maps to when root runs isolate without SUDO_UID. */
#define FALLBACK_UID 65534
#define FALLBACK_GID 65534
/* The most fds --preserve-fds passes on (3..N+2); far above any sane listener count. */
#define PRESERVE_FDS_MAX 1024

/* The network as asked for; plan.c resolves the mode, the pool and the addresses. */
struct net_config {
	enum net_mode mode;
	char *veth_host;         /* host end's name; NULL: "iso" + isolate's pid */
	char *veth_peer;         /* sandbox end's name; NULL: DEFAULT_VETH_PEER */
	struct cidr address;     /* the sandbox's; family 0: allocated from pool */
	struct cidr host_address;/* the host end's; family 0: allocated from pool */
	struct cidr pool;        /* family 0: $ISOLATE_NET_POOL, else DEFAULT_NET_POOL */
	unsigned mtu;            /* 0: the kernel's default */
	char *veth_origin;       /* the first option only --net=veth uses, as typed; NULL: none */
	enum egress egress;      /* EGRESS_DEFAULT unless --egress */
	char *egress_origin;     /* --egress as typed; NULL: not given */
};

/* The most --publish rules: each is a few hundred bytes of one nftables transaction. */
#define PUBLISH_MAX 32

/* One --publish rule. */
struct publish_rule {
	struct publish rule;
	char *origin;            /* "--publish 8080:80", as typed */
};

/* The syscall profile: the built-in default, none, or a docker/podman JSON file. */
enum seccomp_mode {
	SECCOMP_DEFAULT,
	SECCOMP_UNCONFINED,
	SECCOMP_FILE,
};

/* One --setenv or --unsetenv, applied in command-line order after --clearenv. */
struct env_op {
	char *key;
	char *value;  /* NULL: unset */
	char *origin; /* "--setenv KEY VALUE", as typed */
};

/* A growable vector of items; vec_push() zero-fills and returns the new slot. */
struct vec {
	void *items;
	size_t n, cap, size;
};
#define VEC_INIT(type) { NULL, 0, 0, sizeof(type) }
void *vec_push(struct vec *v, struct error *err);
#define VEC_AT(v, type, i) (&((type *)(v)->items)[i])

/* One --rlimit: set on the sandbox before PROGRAM starts. */
struct rlimit_op {
	int resource;        /* RLIMIT_* */
	rlim_t soft, hard;
	char *origin;        /* "--rlimit nofile=64", as typed */
};

/* How long the sandbox has after SIGTERM before SIGKILL, unless --kill-after says. */
#define DEFAULT_KILL_AFTER (2 * NSEC_PER_SEC)

/* Limits and accounting, as asked (cgroup.c, sandbox.c, report.c). 0: not given. */
struct limits_spec {
	uint64_t memory;         /* bytes: memory.max, swap bounded too */
	unsigned long pids;      /* pids.max */
	unsigned long millicpus; /* cpu.max, in thousandths of a CPU */
	bool has_cpuset;
	struct cpuset cpuset;    /* cpuset.cpus */
	char *cpus_origin, *cpuset_origin;
	char *cgroup_origin;     /* the first option that needs a cgroup, as typed; NULL: none */
	uint64_t timeout;        /* ns of wall-clock time from PROGRAM's start */
	uint64_t cpu_time;       /* ns of CPU time, summed over the sandbox */
	uint64_t kill_after;     /* ns between SIGTERM and SIGKILL; 0: DEFAULT_KILL_AFTER */
	char *kill_after_origin;
	char *report_path;       /* --report FILE */
	int report_fd;           /* --report-fd N; -1: none */
	char *report_origin;     /* --report or --report-fd, as typed */
	struct vec rlimits;      /* struct rlimit_op, each resource at most once */
};

/* The filesystem operations, applied in the order given (bubblewrap's SetupOp idea). */
enum mount_kind {
	MOUNT_BIND,      /* --bind SRC DEST (and --bind-try) */
	MOUNT_RO_BIND,   /* --ro-bind SRC DEST: recursively read-only */
	MOUNT_DEV_BIND,  /* --dev-bind SRC DEST: devices usable */
	MOUNT_TMPFS,     /* --tmpfs DEST */
	MOUNT_DEV,       /* --dev DEST: a minimal /dev */
	MOUNT_DIR,       /* --dir DEST */
	MOUNT_SYMLINK,   /* --symlink TARGET LINK (src: TARGET) */
	MOUNT_REMOUNT_RO,/* --remount-ro DEST */
	MOUNT_HIDE,      /* --hide PATH: an empty tmpfs or file over it */
	MOUNT_KINDS
};

/* The flags of a mount_op. */
#define MOUNT_OP_TRY 1u  /* --*-try: a missing SRC skips the operation */

struct mount_op {
	enum mount_kind kind;
	unsigned flags;   /* MOUNT_OP_* */
	char *src;        /* bind SRC (host path), symlink TARGET; NULL otherwise */
	char *dest;       /* the path inside the sandbox */
	uint64_t size;    /* --tmpfs: --size's bytes; 0: the kernel's default */
	mode_t perms;     /* --tmpfs, --dir: --perms; MOUNT_PERMS_DEFAULT: 0755 */
	char *origin;     /* "--bind /a /b", as typed */
};
#define MOUNT_PERMS_DEFAULT ((mode_t)-1)

/* The filesystem view as asked for (see fs.c). */
struct fs_config {
	struct vec ops;        /* struct mount_op, in command-line order */
	struct vec rw;         /* struct mount_op (kind unused): --rw PATH */
	char *root;            /* --root DIR; NULL: the host's tree */
	char *root_origin;
	bool ephemeral;        /* --ephemeral: writes go to a tmpfs */
	char *keep_changes;    /* --keep-changes DIR: writes go to DIR */
	char *keep_origin;
	bool read_only;        /* --read-only */
	bool private_tmp;      /* --private-tmp */
	char *first_origin;    /* the first filesystem option, as typed (for conflicts) */
	/* bubblewrap's --size and --perms: they apply to the next --tmpfs or --dir. */
	uint64_t next_size;
	mode_t next_perms;
	char *next_origin;     /* the pending --size/--perms, as typed; NULL: none */
};


struct spec {
	char *const *argv;       /* PROGRAM and its ARGS, NULL-terminated (the process's argv) */
	char *hostname;          /* NULL: DEFAULT_HOSTNAME */
	unsigned share;          /* NS_BIT()s of namespaces kept from the host */
	bool as_pid_1;
	bool die_with_parent;
	bool verbose;
	bool quiet;              /* --quiet: no notes from isolate, only errors */

	/* What PROGRAM runs with (see caps.c and exec.c). */
	struct cap_list cap_add, cap_drop;
	bool allow_new_privs;    /* do not set PR_SET_NO_NEW_PRIVS */
	enum seccomp_mode seccomp;
	char *seccomp_file;      /* SECCOMP_FILE: the path as given */
	char *seccomp_origin;    /* "--seccomp=FILE" as typed; NULL: not given */
	bool disable_userns;     /* refuse new user namespaces inside */
	bool landlock;           /* --landlock */
	bool no_userns;          /* --no-userns: no namespaces; Landlock, seccomp, no_new_privs */
	bool set_uid, set_gid;   /* --uid/--gid given */
	uid_t uid;               /* PROGRAM's ids inside (default 0) */
	gid_t gid;
	unsigned preserve_fds;   /* fds 3..preserve_fds+2 pass on to PROGRAM */
	char *chdir;             /* NULL: stay in the caller's directory */
	bool clearenv;
	struct vec env;          /* struct env_op */

	enum map_mode map;       /* MAP_DEFAULT unless an option chose one */
	uid_t map_uid;           /* --map-root: host ids behind root inside */
	gid_t map_gid;
	char *map_origin;        /* the mapping option as typed; NULL: none */

	struct net_config net;
	struct vec publish;      /* struct publish_rule, in command-line order */
	struct fs_config fs;
	struct limits_spec limits;
};

/* An empty spec: every field at its "not given" value. */
void spec_init(struct spec *s);
void spec_free(struct spec *s);

/* A copy of s that the spec owns until spec_free; NULL with err set when out of memory. */
char *spec_strdup(const char *s, struct error *err);

#endif
