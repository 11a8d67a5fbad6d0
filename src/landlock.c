/* landlock.c - Landlock for PROGRAM: read and execute everywhere, write only where the
 * options allow, TCP only where the network options allow, and (ABI 6) no signals or
 * abstract-socket connections out of the sandbox. Best effort by the kernel's ABI: what
 * this kernel cannot enforce is left out and said with -v.
 *
 * Runs in PROGRAM's last steps (exec.c): system calls and stack arrays only, no heap. */
#include "landlock.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The uapi header of the build host may predate ABI 3-6; the values are the kernel's. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#define NET_BIND_TCP (1ULL << 0)
#define NET_CONNECT_TCP (1ULL << 1)
#define SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define SCOPE_SIGNAL (1ULL << 1)
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif
#ifndef LANDLOCK_RULE_PATH_BENEATH
#define LANDLOCK_RULE_PATH_BENEATH 1
#endif

/* struct landlock_ruleset_attr as of ABI 6; the kernel takes it whole (zero fields it
 * does not know are accepted), so one layout serves every version. */
struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

#define FS_READ_EXEC (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
/* What only a directory can grant (the kernel refuses these on a file's rule). */
#define FS_DIR_ONLY                                                                                \
	(LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE | \
	 LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |      \
	 LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |   \
	 LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER)

/* Devices every program writes to: the null devices and the terminal. */
static const char *const devices_rw[] = { "/dev/null", "/dev/zero", "/dev/full", "/dev/tty",
					  "/dev/ptmx", "/dev/pts" };

int landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return v < 0 ? -errno : (int)v;
}

/* Every filesystem right this ABI knows (ABI 5's IOCTL_DEV is left unhandled: ioctls
 * on devices stay as they are, terminals included). */
static uint64_t fs_rights(int abi)
{
	uint64_t all = FS_DIR_ONLY | LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE |
		       LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;

	if (abi < 2)
		all &= ~LANDLOCK_ACCESS_FS_REFER; /* ABI 1 refuses every reparenting instead */
	if (abi < 3)
		all &= ~LANDLOCK_ACCESS_FS_TRUNCATE;
	return all;
}

/*
 * Allow access beneath the rule's path; a missing optional path is skipped. A joiner's
 * rule is checked on the fd it is added with: a path that names another file than
 * when the instance was made (the sandbox may have replaced a directory beneath a
 * writable one by a symbolic link) is left out, and so is one that has gone.
 */
static int allow(int ruleset, const struct landlock_rule *r, uint64_t access, struct error *err)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open(r->path, O_PATH | O_CLOEXEC));
	struct path_beneath rule;
	struct stat st;

	if (fd < 0) {
		if (r->optional || r->same_file)
			return 0;
		return error_set(err, errno, "%s", r->origin);
	}
	if (fstat(fd, &st) < 0)
		return error_set(err, errno, "%s", r->origin);
	if (r->same_file && ((uint64_t)st.st_dev != r->dev || (uint64_t)st.st_ino != r->ino))
		return 0;
	if (!S_ISDIR(st.st_mode))
		access &= ~FS_DIR_ONLY;
	rule = (struct path_beneath){ .allowed_access = access, .parent_fd = fd };
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) < 0)
		return error_set(err, errno, "%s: landlock_add_rule", r->origin);
	return 0;
}

/* The places the filesystem options made writable (fs.c makes them, in this order). */
static int each_view_rule(const struct plan *plan, int (*fn)(const struct landlock_rule *, void *), void *data)
{
	static const struct landlock_rule private_tmp[] = {
		{ .path = "/tmp", .origin = "--private-tmp", .write = true },
		{ .path = "/var/tmp", .origin = "--private-tmp", .write = true, .optional = true },
	};
	/* The sandbox's own IPC mounts (a new IPC namespace: fs.c mounts them afresh). */
	static const struct landlock_rule ipc[] = {
		{ .path = "/dev/shm", .origin = "/dev/shm", .write = true, .optional = true },
		{ .path = "/dev/mqueue", .origin = "/dev/mqueue", .write = true, .optional = true },
	};
	const struct fs_config *fs = &plan->spec->fs;

	for (size_t i = 0; i < fs->ops.n; i++) {
		const struct mount_op *op = VEC_AT(&fs->ops, struct mount_op, i);
		/* A --bind-try whose SRC was missing made nothing: skip it. */
		struct landlock_rule r = { .path = op->dest, .origin = op->origin, .write = true,
					   .optional = (op->flags & MOUNT_OP_TRY) != 0 };

		switch (op->kind) {
		case MOUNT_BIND:
		case MOUNT_DEV_BIND:
		case MOUNT_TMPFS:
		case MOUNT_DEV:
		case MOUNT_DIR:
			if (fn(&r, data) < 0)
				return -1;
			break;
		default:
			break; /* read-only, hidden or a symlink: "/"'s read and execute are enough */
		}
	}
	for (size_t i = 0; fs->private_tmp && i < ARRAY_SIZE(private_tmp); i++)
		if (fn(&private_tmp[i], data) < 0)
			return -1;
	for (size_t i = 0; plan->fs.private_ipc && i < ARRAY_SIZE(ipc); i++)
		if (fn(&ipc[i], data) < 0)
			return -1;
	return 0;
}

/*
 * Writes are allowed exactly where isolate made a place writable on purpose: the --rw
 * paths, the targets of --bind, --dev-bind, --tmpfs, --dev and --dir, a private /tmp,
 * the sandbox's own /dev/shm and /dev/mqueue, and with --ephemeral or --keep-changes
 * the whole view (its writes vanish, or go to the changes directory). The host's tree
 * (or --root DIR) is read and execute only, as under --read-only; a hidden path is
 * already covered by the view.
 */
int landlock_each_rule(const struct plan *plan, int (*fn)(const struct landlock_rule *rule, void *data),
		       void *data)
{
	const struct fs_config *fs = &plan->spec->fs;
	struct landlock_rule root = { .path = "/", .origin = "--landlock: /",
				      .write = (fs->ephemeral || fs->keep_changes) && !fs->read_only };

	if (plan->landlock_rules) {
		for (size_t i = 0; i < plan->landlock_nrules; i++)
			if (fn(&plan->landlock_rules[i], data) < 0)
				return -1;
		return 0;
	}
	if (fn(&root, data) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(devices_rw); i++) {
		struct landlock_rule dev = { .path = devices_rw[i], .origin = devices_rw[i], .write = true, .optional = true };

		if (fn(&dev, data) < 0)
			return -1;
	}
	for (size_t i = 0; i < fs->rw.n; i++) {
		const struct mount_op *op = VEC_AT(&fs->rw, struct mount_op, i);
		struct landlock_rule rw = { .path = op->dest, .origin = op->origin, .write = true };

		if (fn(&rw, data) < 0)
			return -1;
	}
	return plan->no_userns ? 0 : each_view_rule(plan, fn, data);
}

struct adding {
	int ruleset;
	uint64_t rw;
	struct error *err;
};

static int add_rule(const struct landlock_rule *r, void *data)
{
	const struct adding *a = data;

	return allow(a->ruleset, r, FS_READ_EXEC | (r->write ? a->rw : 0), a->err);
}

static int rule_id(const struct landlock_rule *r, void *data)
{
	struct landlock_ids *ids = data;
	struct stat st;

	if (ids->n < LANDLOCK_IDS_MAX) {
		ids->id[ids->n] = (struct landlock_id){ 0, 0 };
		if (stat(r->path, &st) == 0)
			ids->id[ids->n] = (struct landlock_id){ (uint64_t)st.st_dev, (uint64_t)st.st_ino };
	}
	ids->n++;
	return 0;
}

void landlock_rule_ids(const struct plan *plan, struct landlock_ids *ids)
{
	ids->n = 0;
	(void)landlock_each_rule(plan, rule_id, ids); /* rule_id never fails */
}

int landlock_apply(const struct plan *plan, struct error *err)
{
	struct ruleset_attr attr = { 0 };
	_cleanup_fd_ int ruleset = -1;
	int abi = plan->landlock_abi;

	if (!plan->landlock)
		return 0;
	attr.handled_access_fs = fs_rights(abi);
	/* ABI 4: TCP bind and connect. Handled with no rule: none is allowed. */
	if (abi >= 4 && plan->landlock_deny_tcp)
		attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP;
	/* ABI 6: no signal to, and no abstract unix socket of, a process outside the sandbox. */
	if (abi >= 6)
		attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL;
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return error_set(err, errno, "--landlock: landlock_create_ruleset");
	if (landlock_each_rule(plan, add_rule,
			       &(struct adding){ .ruleset = ruleset, .rw = fs_rights(abi) & ~FS_READ_EXEC, .err = err }) < 0)
		return -1;
	/* Needs no_new_privs or CAP_SYS_ADMIN in our user namespace, as seccomp does. */
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		return error_set(err, errno, "--landlock: landlock_restrict_self");
	return 0;
}

void landlock_trace(const struct plan *plan)
{
	int abi = plan->landlock_abi;

	if (!plan->landlock || !plan->spec->verbose)
		return;
	trace(true, "landlock: ABI %d: files (read and execute everywhere, write under %zu --rw path(s), the view's writable mounts and the terminal and null devices)%s%s%s",
	      abi, plan->spec->fs.rw.n, abi >= 2 ? ", renames and links across directories" : "",
	      abi >= 3 ? ", truncation" : "", abi >= 6 ? ", signals and abstract unix sockets scoped to the sandbox" : "");
	if (plan->landlock_deny_tcp)
		trace(true, "landlock: TCP bind and connect %s", abi >= 4 ? "refused" : "NOT restricted: needs ABI 4 (Linux 6.7)");
	if (abi < 6)
		trace(true, "landlock: signals and abstract unix sockets NOT scoped: needs ABI 6 (Linux 6.12)");
	trace(true, "landlock: UDP and other sockets are not restricted by Landlock");
}
