/* fs.c - the sandbox's filesystem view (see fs.h): the user's operations in order, then
 * --read-only, --private-tmp and what every new mount namespace gets. The new root of
 * --root and --ephemeral is fsroot.c's. */
#include "fs.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsview.h"
#include "mountapi.h"
#include "mountspec.h"

/* What a bind's clone gets: bubblewrap's binds are nosuid, and nodev but for --dev-bind. */
#define ATTR_BIND (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)
#define ATTR_MASK (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

struct fdpath fd_path(int fd)
{
	struct fdpath p;

	(void)snprintf(p.s, sizeof(p.s), "/proc/self/fd/%d", fd);
	return p;
}

static const char *relative(const char *path)
{
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

int view_open(const struct view *v, const char *path, int flags)
{
	int fd = api_openat2(v->root, relative(path), flags | O_PATH | O_CLOEXEC, v->resolve);

	/* Before Linux 5.6 there is no openat2: symlinks resolve as the kernel would. */
	if (fd < 0 && errno == ENOSYS)
		fd = openat(v->root, relative(path), flags | O_PATH | O_CLOEXEC);
	return fd;
}

/* One line for a path that cannot be resolved inside the view. */
static int resolve_error(struct error *err, const char *origin, const char *path)
{
	int e = errno;

	if (e == EXDEV)
		return error_set(err, 0, "%s: '%s': a symlink in it leads outside the root", origin, path),
		       error_hint(err, "give the path it points to, inside the root");
	if (e == ELOOP)
		return error_set(err, e, "%s: '%s'", origin, path);
	return error_set(err, e, "%s: '%s'", origin, path);
}

int mkdir_mode_at(int dirfd, const char *name, mode_t mode)
{
	if (mkdirat(dirfd, name, mode) < 0)
		return -1;
	return fchmodat(dirfd, name, mode, 0);
}

/* Create name in the directory parent: a directory with mode, or an empty file. */
static int create_at(int parent, const char *name, bool dir, mode_t mode)
{
	int fd;

	/* The caller's umask must not narrow --perms. */
	if (dir)
		return mkdir_mode_at(parent, name, mode) < 0 && errno != EEXIST ? -1 : 0;
	fd = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	(void)close(fd); /* an empty file, only written by the mount on top of it */
	return 0;
}

/* One line for a mount point that cannot be created. */
static int make_error(struct error *err, const char *origin, const char *path)
{
	int e = errno;

	error_set(err, e, "%s: create the mount point '%s'", origin, path);
	if (e == EACCES || e == EPERM || e == EROFS)
		error_hint(err, "its directory is not writable inside the sandbox: create it first, or make it in a --tmpfs");
	return -1;
}

int view_make(const struct view *v, const char *path, bool dir, mode_t mode, const char *origin,
	      struct error *err)
{
	char buf[PATH_MAX];
	_cleanup_fd_ int parent = -1;
	char *name;
	int fd = view_open(v, path, 0);

	if (fd >= 0 || errno != ENOENT)
		return fd >= 0 ? fd : resolve_error(err, origin, path);
	(void)snprintf(buf, sizeof(buf), "%s", relative(path));
	for (size_t len = strlen(buf); len > 1 && buf[len - 1] == '/';)
		buf[--len] = '\0';
	parent = fcntl(v->root, F_DUPFD_CLOEXEC, 3);
	if (parent < 0)
		return error_set(err, errno, "%s: dup", origin);
	/* Each missing directory on the way, resolved from the root every time. */
	for (name = buf; strchr(name, '/'); ) {
		char *slash = strchr(name, '/');

		*slash = '\0';
		if (*name && create_at(parent, name, true, 0755) < 0)
			return make_error(err, origin, path);
		close_fd(&parent);
		parent = view_open(v, buf, O_DIRECTORY);
		if (parent < 0)
			return resolve_error(err, origin, path);
		*slash = '/';
		name = slash + 1;
	}
	if (create_at(parent, name, dir, mode) < 0)
		return make_error(err, origin, path);
	fd = view_open(v, path, 0);
	return fd >= 0 ? fd : resolve_error(err, origin, path);
}

int mount_clone(int fd, bool recursive)
{
	return api_open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH |
					     (recursive ? AT_RECURSIVE : 0));
}

int mount_attach(int mnt, int target)
{
	return api_move_mount(mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

int mount_set(int fd, unsigned long long attr)
{
	return api_mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, attr, 0);
}

/* The kernel interface a step needs, named when it is missing (ENOSYS). */
static int need_kernel(struct error *err, const char *origin, const char *what)
{
	error_set(err, errno, "%s: %s", origin, what);
	if (err->errnum == ENOSYS)
		error_hint(err, "this needs Linux 5.12 or later (open_tree, move_mount, mount_setattr)");
	return -1;
}

/* Put a copy of the tree at src on target, with attr set on every mount of the copy. */
static int bind_tree(int src, int target, unsigned long long attr, const char *origin,
		     struct error *err)
{
	_cleanup_fd_ int mnt = mount_clone(src, true);

	if (mnt < 0)
		return need_kernel(err, origin, "open_tree");
	if (attr && mount_set(mnt, attr) < 0)
		return need_kernel(err, origin, "mount_setattr");
	if (mount_attach(mnt, target) < 0)
		return need_kernel(err, origin, "move_mount");
	return 0;
}

static int is_dir_fd(int fd, bool *dir)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	*dir = S_ISDIR(st.st_mode);
	return 0;
}

static int op_bind(const struct view *v, const struct mount_op *op, struct error *err)
{
	_cleanup_fd_ int src = open(op->src, O_PATH | O_CLOEXEC), dst = -1;
	unsigned long long attr = op->kind == MOUNT_DEV_BIND ? MOUNT_ATTR_NOSUID : ATTR_BIND;
	bool sdir, ddir;

	if (src < 0 && errno == ENOENT && (op->flags & MOUNT_OP_TRY)) {
		trace(v->verbose, "child: %s: SRC is missing, skipped", op->origin);
		return 0;
	}
	if (src < 0 || is_dir_fd(src, &sdir) < 0)
		return error_set(err, errno, "%s: SRC '%s'", op->origin, op->src);
	dst = view_make(v, op->dest, sdir, 0755, op->origin, err);
	if (dst < 0)
		return -1;
	if (is_dir_fd(dst, &ddir) < 0)
		return error_set(err, errno, "%s: DEST '%s'", op->origin, op->dest);
	if (sdir != ddir)
		return error_set(err, 0, "%s: cannot bind a %s over a %s", op->origin,
				 sdir ? "directory" : "file", ddir ? "directory" : "file"),
		       error_hint(err, "SRC and DEST must both be directories, or both not");
	if (op->kind == MOUNT_RO_BIND)
		attr |= MOUNT_ATTR_RDONLY;
	return bind_tree(src, dst, attr, op->origin, err);
}

/* mount(2) of a new filesystem on the directory at fd: one call, on every kernel. */
static int mount_new(const char *type, int target, unsigned long flags, const char *data)
{
	return mount(type, fd_path(target).s, type, flags, data);
}

static int mount_tmpfs(int target, mode_t mode, uint64_t size, unsigned long flags)
{
	char data[64];

	if (size)
		(void)snprintf(data, sizeof(data), "mode=0%o,size=%llu", (unsigned)mode, (unsigned long long)size);
	else
		(void)snprintf(data, sizeof(data), "mode=0%o", (unsigned)mode);
	return mount_new("tmpfs", target, flags, data);
}

static mode_t op_mode(const struct mount_op *op)
{
	return op->perms == MOUNT_PERMS_DEFAULT ? 0755 : op->perms;
}

static int op_tmpfs(const struct view *v, const struct mount_op *op, struct error *err)
{
	_cleanup_fd_ int dst = view_make(v, op->dest, true, 0755, op->origin, err);
	bool dir = false;

	if (dst < 0)
		return -1;
	if (is_dir_fd(dst, &dir) < 0)
		return error_set(err, errno, "%s: DEST '%s'", op->origin, op->dest);
	if (!dir)
		return error_set(err, ENOTDIR, "%s: DEST '%s'", op->origin, op->dest);
	if (mount_tmpfs(dst, op_mode(op), op->size, MS_NOSUID | MS_NODEV) < 0)
		return error_set(err, errno, "%s: mount tmpfs", op->origin);
	return 0;
}

static int op_dir(const struct view *v, const struct mount_op *op, struct error *err)
{
	_cleanup_fd_ int dst = view_make(v, op->dest, true, op_mode(op), op->origin, err);
	bool dir = false;

	if (dst < 0)
		return -1;
	if (is_dir_fd(dst, &dir) < 0)
		return error_set(err, errno, "%s: '%s'", op->origin, op->dest);
	if (!dir)
		return error_set(err, ENOTDIR, "%s: '%s'", op->origin, op->dest);
	return 0;
}

static int op_symlink(const struct view *v, const struct mount_op *op, struct error *err)
{
	char parent[PATH_MAX], target[PATH_MAX];
	_cleanup_fd_ int pfd = -1;
	const char *name;
	char *slash;
	ssize_t n;

	(void)snprintf(parent, sizeof(parent), "/%s", relative(op->dest));
	while ((slash = strrchr(parent, '/')) && slash[1] == '\0' && slash != parent)
		*slash = '\0';
	slash = strrchr(parent, '/');
	*slash = '\0';
	name = slash + 1;
	pfd = view_make(v, *parent ? parent : "/", true, 0755, op->origin, err);
	if (pfd < 0)
		return -1;
	/* O_PATH fds serve as directories for the *at calls. */
	if (symlinkat(op->src, pfd, name) == 0)
		return 0;
	if (errno != EEXIST)
		return error_set(err, errno, "%s: create LINK", op->origin);
	/* bubblewrap accepts a link that is already there with the same target. */
	n = readlinkat(pfd, name, target, sizeof(target) - 1);
	if (n >= 0 && (size_t)n == strlen(op->src) && memcmp(target, op->src, (size_t)n) == 0)
		return 0;
	return error_set(err, EEXIST, "%s: LINK '%s'", op->origin, op->dest);
}

/* Whether the fd is the root of a mount (statx knows since Linux 5.8). */
static bool is_mount_root(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx) < 0)
		return false;
	return (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	       (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

/*
 * Make the tree at fd read-only. A mount's root is changed in place; any other path is
 * first given a mount of its own (a copy of itself), so that the rest of the mount it
 * lies in stays as it was.
 */
static int make_read_only(int fd, const char *origin, struct error *err)
{
	if (is_mount_root(fd)) {
		if (mount_set(fd, MOUNT_ATTR_RDONLY) < 0)
			return need_kernel(err, origin, "mount_setattr");
		return 0;
	}
	return bind_tree(fd, fd, MOUNT_ATTR_RDONLY, origin, err);
}

static int op_remount_ro(const struct view *v, const struct mount_op *op, struct error *err)
{
	_cleanup_fd_ int fd = view_open(v, op->dest, 0);

	if (fd < 0)
		return resolve_error(err, op->origin, op->dest);
	return make_read_only(fd, op->origin, err);
}

/*
 * isolate's own files, on a small tmpfs of their own: detached, seen by no path. With
 * --ephemeral it holds the writable layer too (fsroot.c), unbounded and without
 * noexec (what it holds runs): one tmpfs fewer to make, and to dissolve, which costs
 * an RCU grace period (~50 us) when its last fd is closed.
 */
int stage_get(struct view *v, struct error *err)
{
	bool upper = v->plan->spec->fs.ephemeral;
	_cleanup_fd_ int ctx = -1, mnt = -1;

	if (v->stage >= 0 && v->stage_filled)
		return v->stage;
	if (v->stage >= 0) /* the parent's tmpfs for --ephemeral (fsroot.c) */
		goto fill;
	ctx = api_fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (ctx < 0 || (!upper && api_fsconfig(ctx, FSCONFIG_SET_STRING, "size", "1m", 0) < 0) ||
	    api_fsconfig(ctx, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return error_set(err, errno, "make a tmpfs for isolate's own files (fsopen)");
	mnt = api_fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (upper ? 0 : MOUNT_ATTR_NOEXEC));
	if (mnt < 0)
		return error_set(err, errno, "make a tmpfs for isolate's own files (fsmount)");
	v->stage = steal_fd(&mnt);
fill:
	if (mkdirat(v->stage, "empty", 0755) < 0 || create_at(v->stage, "empty-file", false, 0444) < 0)
		return error_set(err, errno, "make the empty directory and file --hide uses");
	v->stage_filled = true;
	return v->stage;
}

/*
 * A copy of the stage's name, detached. Before Linux 6.x open_tree copies only from
 * mounts in our namespace: then the stage is stacked on "/" once, where no path lookup
 * sees it (lookups start under it, at the root that chroot and pivot_root set), and
 * detached at the end. Not done first: the detach costs an RCU grace period.
 */
static int stage_copy(struct view *v, const char *name)
{
	_cleanup_fd_ int root = -1;
	int mnt = api_open_tree(v->stage, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

	if (mnt >= 0 || errno != EINVAL || v->stage_attached)
		return mnt;
	root = open("/", O_PATH | O_CLOEXEC);
	if (root < 0 || mount_attach(v->stage, root) < 0)
		return -1;
	v->stage_attached = true;
	return api_open_tree(v->stage, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
}

/* Bind the stage's name over target, read-only. */
static int bind_staged(struct view *v, const char *name, int target, const char *origin,
		       struct error *err)
{
	_cleanup_fd_ int mnt = -1;

	if (stage_get(v, err) < 0)
		return -1;
	mnt = stage_copy(v, name);
	if (mnt < 0)
		return need_kernel(err, origin, "open_tree");
	if (mount_set(mnt, ATTR_MASK) < 0)
		return need_kernel(err, origin, "mount_setattr");
	if (mount_attach(mnt, target) < 0)
		return need_kernel(err, origin, "move_mount");
	return 0;
}

/* The absolute form of a --hide/--rw/--keep-changes path: relative to the caller's
 * directory in the host's tree, to "/" in a new root. */
static void view_path(const struct view *v, const char *path, char *buf, size_t size)
{
	if (path[0] == '/' || v->new_root)
		(void)snprintf(buf, size, "/%s", relative(path));
	else
		(void)snprintf(buf, size, "%s/%s", v->cwd, path);
}

static int op_hide(struct view *v, const struct mount_op *op, struct error *err)
{
	char path[PATH_MAX * 2];
	_cleanup_fd_ int fd = -1;
	bool dir = false;

	view_path(v, op->dest, path, sizeof(path));
	fd = view_open(v, path, 0);
	if (fd < 0 && errno == ENOENT) {
		trace(v->verbose, "child: %s: not there, nothing to hide", op->origin);
		return 0;
	}
	if (fd < 0)
		return resolve_error(err, op->origin, op->dest);
	if (is_dir_fd(fd, &dir) < 0)
		return error_set(err, errno, "%s", op->origin);
	return bind_staged(v, dir ? "empty" : "empty-file", fd, op->origin, err);
}

static int op_dev(struct view *v, const struct mount_op *op, struct error *err);
static int dev_fill(struct view *v, const struct mount_op *op, int dst, const int host[], struct error *err);

static int apply_op(struct view *v, const struct mount_op *op, struct error *err)
{
	trace(v->verbose, "child: %s", op->origin);
	switch (op->kind) {
	case MOUNT_BIND:
	case MOUNT_RO_BIND:
	case MOUNT_DEV_BIND:
		return op_bind(v, op, err);
	case MOUNT_TMPFS:
		return op_tmpfs(v, op, err);
	case MOUNT_DEV:
		return op_dev(v, op, err);
	case MOUNT_DIR:
		return op_dir(v, op, err);
	case MOUNT_SYMLINK:
		return op_symlink(v, op, err);
	case MOUNT_REMOUNT_RO:
		return op_remount_ro(v, op, err);
	case MOUNT_HIDE:
		return op_hide(v, op, err);
	case MOUNT_KINDS:
		break;
	}
	return error_set(err, EINVAL, "%s", op->origin);
}

/* --- a minimal /dev (--dev, and the root of --root) --- */

/* The device files a program expects; bound from the host's, as nodes cannot be made in
 * a user namespace. */
static const char *const dev_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
static const char *const dev_links[][2] = {
	{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" }, { "core", "/proc/kcore" }, { "ptmx", "pts/ptmx" },
};

/* The host's device files, opened before a --dev /dev covers them. */
static void dev_open_host(int fds[])
{
	for (size_t i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
		char host[32];

		(void)snprintf(host, sizeof(host), "/dev/%s", dev_nodes[i]);
		fds[i] = open(host, O_PATH | O_CLOEXEC); /* -1: the host has none to lend */
	}
}

static int dev_populate(int dev, const int host[], const char *origin, struct error *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
		_cleanup_fd_ int dst = -1;
		int src = host[i];

		if (src < 0)
			continue;
		if (create_at(dev, dev_nodes[i], false, 0666) < 0 ||
		    (dst = openat(dev, dev_nodes[i], O_PATH | O_CLOEXEC | O_NOFOLLOW)) < 0)
			return error_set(err, errno, "%s: create %s", origin, dev_nodes[i]);
		if (bind_tree(src, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, origin, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(dev_links); i++)
		if (symlinkat(dev_links[i][1], dev, dev_links[i][0]) < 0 && errno != EEXIST)
			return error_set(err, errno, "%s: create %s", origin, dev_links[i][0]);
	if (create_at(dev, "shm", true, 01777) < 0 || create_at(dev, "mqueue", true, 0755) < 0 ||
	    create_at(dev, "pts", true, 0755) < 0)
		return error_set(err, errno, "%s: create a directory", origin);
	return 0;
}

static int op_dev(struct view *v, const struct mount_op *op, struct error *err)
{
	_cleanup_fd_ int dst = view_make(v, op->dest, true, 0755, op->origin, err);
	int host[ARRAY_SIZE(dev_nodes)];
	int r;

	if (dst < 0)
		return -1;
	dev_open_host(host);
	r = dev_fill(v, op, dst, host, err);
	for (size_t i = 0; i < ARRAY_SIZE(host); i++)
		if (host[i] >= 0)
			(void)close(host[i]); /* O_PATH: nothing to flush */
	return r;
}

static int dev_fill(struct view *v, const struct mount_op *op, int dst, const int host[], struct error *err)
{
	_cleanup_fd_ int dev = -1, pts = -1;

	if (mount_tmpfs(dst, 0755, 0, MS_NOSUID | MS_NOEXEC) < 0)
		return error_set(err, errno, "%s: mount tmpfs", op->origin);
	/* Not view_open's O_PATH: the *at calls below need a directory fd they may write in. */
	dev = api_openat2(v->root, relative(op->dest), O_DIRECTORY | O_RDONLY | O_CLOEXEC, v->resolve);
	if (dev < 0 && errno == ENOSYS)
		dev = openat(v->root, relative(op->dest), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (dev < 0)
		return resolve_error(err, op->origin, op->dest);
	if (dev_populate(dev, host, op->origin, err) < 0)
		return -1;
	pts = openat(dev, "pts", O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* A devpts of our own: its ptys are the sandbox's alone. No gid=: tty's group may be
	 * unmapped in the user namespace. */
	if (pts < 0 || mount_new("devpts", pts, MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0)
		return error_set(err, errno, "%s: mount devpts", op->origin);
	return 0;
}

/* --- --read-only and its --rw holes --- */

/*
 * What --read-only does not cover: the fresh /proc, /dev/shm and /dev/mqueue (the
 * sandbox's own, not the host's), and isolate's stage. Each mount alone: what the user
 * or the /proc masks put under them stays read-only.
 */
static int keep_writable(const struct view *v, struct error *err)
{
	static const char *const own[] = { "/proc", "/dev/shm", "/dev/mqueue" };

	for (size_t i = 0; i < ARRAY_SIZE(own); i++) {
		_cleanup_fd_ int fd = -1;

		if (i == 0 ? !v->plan->fs.fresh_proc : !v->plan->fs.private_ipc)
			continue;
		fd = view_open(v, own[i], O_DIRECTORY);
		if (fd >= 0 && is_mount_root(fd) &&
		    api_mount_setattr(fd, "", AT_EMPTY_PATH, 0, MOUNT_ATTR_RDONLY) < 0)
			return error_set(err, errno, "--read-only: keep %s writable", own[i]);
	}
	if (v->stage >= 0 && api_mount_setattr(v->stage, "", AT_EMPTY_PATH, 0, MOUNT_ATTR_RDONLY) < 0)
		return error_set(err, errno, "--read-only: keep isolate's own tmpfs writable");
	return 0;
}

static int read_only_view(struct view *v, struct error *err)
{
	const struct vec *rw = &v->plan->spec->fs.rw;
	int keep[64];
	size_t n = 0;
	int r = -1;

	if (rw->n > ARRAY_SIZE(keep))
		return error_set(err, E2BIG, "--rw: at most %zu paths", ARRAY_SIZE(keep));
	/* Copies of the --rw trees first, taken while they are writable, put back after. */
	for (; n < rw->n; n++) {
		const struct mount_op *op = VEC_AT(rw, struct mount_op, n);
		char path[PATH_MAX * 2];
		_cleanup_fd_ int fd = -1;

		view_path(v, op->dest, path, sizeof(path));
		fd = view_open(v, path, 0);
		if (fd < 0) {
			resolve_error(err, op->origin, op->dest);
			goto out;
		}
		keep[n] = mount_clone(fd, true);
		if (keep[n] < 0) {
			need_kernel(err, op->origin, "open_tree");
			goto out;
		}
	}
	trace(v->verbose, "child: --read-only");
	if (mount_set(v->root, MOUNT_ATTR_RDONLY) < 0) {
		need_kernel(err, "--read-only", "mount_setattr");
		goto out;
	}
	if (keep_writable(v, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct mount_op *op = VEC_AT(rw, struct mount_op, i);
		char path[PATH_MAX * 2];
		_cleanup_fd_ int fd = -1;

		view_path(v, op->dest, path, sizeof(path));
		fd = view_open(v, path, 0);
		if (fd < 0 || mount_attach(keep[i], fd) < 0) {
			error_set(err, errno, "%s", op->origin);
			goto out;
		}
	}
	r = 0;
out:
	while (n-- > 0)
		(void)close(keep[n]); /* a detached copy: closing it frees it */
	return r;
}

/* --- what every new mount namespace gets --- */

/* A fresh filesystem on an existing directory of the view, or nothing if it is absent. */
static int fresh_mount(const struct view *v, const char *path, const char *type, unsigned long flags,
		       const char *data, struct error *err)
{
	_cleanup_fd_ int fd = view_open(v, path, O_DIRECTORY);

	if (fd < 0) {
		trace(v->verbose, "child: no %s in the view, no %s mounted there: %m", path, type);
		return 0;
	}
	if (mount_new(type, fd, flags, data) < 0)
		return error_set(err, errno, "mount %s on %s", type, path);
	trace(v->verbose, "child: fresh %s mounted (%s)", path, type);
	return 0;
}

static int fresh_proc(const struct view *v, struct error *err)
{
	if (!v->plan->fs.fresh_proc) {
		_cleanup_fd_ int host = -1, dst = -1;

		/* The host's PID namespace: its /proc, which a new root would lack. */
		if (!v->plan->spec->fs.root)
			return 0;
		host = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		dst = view_make(v, "/proc", true, 0555, "--share=pid", err);
		if (host < 0 || dst < 0)
			return host < 0 ? error_set(err, errno, "open /proc") : -1;
		return bind_tree(host, dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
				 "--share=pid: bind the host's /proc", err);
	}
	/*
	 * procfs shows the PID namespace of the process that mounts it, so only a fresh
	 * mount lets ps(1) see the sandbox's processes rather than the host's.
	 */
	if (fresh_mount(v, "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err) == 0)
		return 0;
	/*
	 * Kernel rule (mount_too_revealing): a user namespace may mount proc only where
	 * the existing /proc is fully visible, with nothing mounted over its contents.
	 */
	if (err->errnum == EPERM)
		error_hint(err, "something is mounted over part of the host's /proc; try --share=pid");
	return -1;
}

/*
 * A sysfs of our own shows the sandbox's network namespace in /sys/class/net. The host's
 * cgroup tree, which it would hide, is put back on it. Where the kernel refuses one (a
 * part of the host's /sys is hidden under a mount), /sys/class/net is masked instead.
 */
static int fresh_sys(struct view *v, struct error *err)
{
	_cleanup_fd_ int sys = -1, cg = -1, cg_tree = -1;
	bool host_tree = !v->plan->spec->fs.root; /* the host's tree, or --ephemeral's overlay of it */

	if (!v->plan->fs.fresh_sys)
		return 0;
	sys = view_open(v, "/sys", O_DIRECTORY);
	if (sys < 0)
		return trace(v->verbose, "child: no /sys in the view, no sysfs mounted"), 0;
	/* The host's path, not the view's: --ephemeral puts no copy of the host's /sys in
	 * its overlay (fsroot.c), as this sysfs goes there. */
	cg = host_tree ? open("/sys/fs/cgroup", O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	if (cg >= 0 && is_mount_root(cg))
		cg_tree = mount_clone(cg, true);
	if (mount_new("sysfs", sys, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		int e = errno;
		_cleanup_fd_ int net = -1, host = -1;

		trace(v->verbose, "child: the kernel refuses a sysfs of our own (%s); /sys/class/net is masked",
		      strerror(e));
		/* --ephemeral left the host's /sys out: it goes back, masked, over what the
		 * host's own sysfs covers. */
		host = host_tree && v->new_root ? open("/sys", O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
		if (host >= 0 && is_mount_root(host) && !is_mount_root(sys) &&
		    bind_tree(host, sys, 0, "put the host's /sys back", err) < 0)
			return -1;
		net = view_open(v, "/sys/class/net", O_DIRECTORY);
		if (net < 0)
			return 0;
		return bind_staged(v, "empty", net, "mask /sys/class/net", err);
	}
	close_fd(&cg);
	if (cg_tree >= 0 && ((cg = view_open(v, "/sys/fs/cgroup", O_DIRECTORY)) < 0 ||
			     mount_attach(cg_tree, cg) < 0))
		trace(v->verbose, "child: the host's /sys/fs/cgroup is not put back: %m");
	trace(v->verbose, "child: fresh /sys mounted (sysfs)");
	return 0;
}

static int private_ipc(const struct view *v, struct error *err)
{
	if (!v->plan->fs.private_ipc)
		return 0;
	/* POSIX shared memory and message queues live in these: the IPC namespace's own. */
	if (fresh_mount(v, "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=01777", err) < 0 ||
	    fresh_mount(v, "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err) < 0)
		return -1;
	return 0;
}

static int private_tmp(const struct view *v, struct error *err)
{
	static const char *const dirs[] = { "/tmp", "/var/tmp" };

	if (!v->plan->spec->fs.private_tmp)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		_cleanup_fd_ int fd = view_make(v, dirs[i], true, 01777, "--private-tmp", err);

		if (fd < 0)
			return -1;
		if (mount_tmpfs(fd, 01777, 0, MS_NOSUID | MS_NODEV) < 0)
			return error_set(err, errno, "--private-tmp: mount tmpfs on %s", dirs[i]);
	}
	return 0;
}

/* --- generated /etc files --- */

int fs_generated_file(struct fs_generated *g, const char *name, const char *content, struct error *err)
{
	size_t i = 0;
	char *copy;

	if (!*name || strlen(name) >= FS_GENERATED_NAME_MAX || strchr(name, '/'))
		return error_set(err, EINVAL, "generated file name '%s'", name);
	while (i < g->n && strcmp(g->files[i].name, name) != 0)
		i++;
	if (i == FS_GENERATED_MAX)
		return error_set(err, ENOSPC, "generated file '%s'", name);
	if (!(copy = strdup(content)))
		return error_set(err, ENOMEM, "generated file '%s'", name);
	if (i == g->n) {
		(void)snprintf(g->files[i].name, sizeof(g->files[i].name), "%s", name);
		g->n++;
	} else {
		free(g->files[i].content);
	}
	g->files[i].content = copy;
	return 0;
}

void fs_generated_free(struct fs_generated *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->files[i].content);
	g->n = 0;
}

/* Write name on the stage and bind it over /etc/name, if the view has one. */
static int etc_file(struct view *v, const char *name, const char *content, struct error *err)
{
	char path[FS_GENERATED_NAME_MAX + 8], what[FS_GENERATED_NAME_MAX + 32];
	_cleanup_fd_ int target = -1, fd = -1;
	int stage;

	(void)snprintf(path, sizeof(path), "/etc/%s", name);
	(void)snprintf(what, sizeof(what), "generate %s", path);
	target = view_open(v, path, 0);
	if (target < 0 && errno == ENOENT && v->new_root)
		target = view_make(v, path, false, 0644, what, err);
	if (target < 0) {
		trace(v->verbose, "child: no %s in the view to put a generated one on: %m", path);
		return 0;
	}
	stage = stage_get(v, err);
	/* Without fsopen (Linux 5.2) there is nowhere to write them: the host's stay. */
	if (stage < 0 && err->errnum == ENOSYS)
		return trace(v->verbose, "child: no fsopen: %s is the host's", path), 0;
	if (stage < 0)
		return -1;
	fd = openat(stage, name, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || write_all(fd, content, strlen(content)) < 0)
		return error_set(err, errno, "%s", what);
	trace(v->verbose, "child: %s", what);
	return bind_staged(v, name, target, what, err);
}

/* The view's own /etc/hosts (the host's, or --root's), up to a bound; "" if none. */
#define HOSTS_MAX ((size_t)64 * 1024)
static ssize_t read_view_hosts(const struct view *v, char *buf, size_t size)
{
	_cleanup_fd_ int fd = api_openat2(v->root, "etc/hosts", O_RDONLY | O_CLOEXEC, v->resolve);
	ssize_t n;

	if (fd < 0 && errno == ENOSYS)
		fd = openat(v->root, "etc/hosts", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? 0 : read_all(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static int etc_files(struct view *v, const char *address, const struct fs_generated *gen, struct error *err)
{
	/* Static: the child runs this once, and the parent never touches the pages. */
	static char hosts[HOSTS_MAX + 512];
	const char *host = v->plan->hostname;
	char hostname[80];
	int used;

	if (!v->plan->fs.etc_files)
		return 0;
	/*
	 * The hostname must resolve, or hostname -f and sudo wait for DNS to time out. The
	 * view's own entries follow (as podman keeps the host's): names the caller set up
	 * there still resolve inside.
	 */
	used = snprintf(hosts, 512, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n%s\t%s\n",
			address ? address : "127.0.1.1", host);
	if (used < 0 || used >= 512)
		return error_set(err, ENAMETOOLONG, "generate /etc/hosts");
	if (read_view_hosts(v, hosts + used, HOSTS_MAX) > 0)
		trace(v->verbose, "child: /etc/hosts keeps the view's own entries after isolate's");
	(void)snprintf(hostname, sizeof(hostname), "%s\n", host);
	if (etc_file(v, "hosts", hosts, err) < 0 || etc_file(v, "hostname", hostname, err) < 0)
		return -1;
	for (size_t i = 0; gen && i < gen->n; i++)
		if (etc_file(v, gen->files[i].name, gen->files[i].content, err) < 0)
			return -1;
	return 0;
}

/* --- in a new root --- */

/* --root: a minimal /dev, unless an operation put something on /dev already. */
static int root_dev(struct view *v, struct error *err)
{
	const struct fs_config *fs = &v->plan->spec->fs;
	struct mount_op dev = { .kind = MOUNT_DEV, .dest = (char *)"/dev", .origin = fs->root_origin };

	for (size_t i = 0; i < fs->ops.n; i++) {
		const struct mount_op *op = VEC_AT(&fs->ops, struct mount_op, i);
		char abs[PATH_MAX + 1], norm[PATH_MAX];
		const char *why;

		(void)snprintf(abs, sizeof(abs), "/%s", op->dest);
		if (op->kind != MOUNT_SYMLINK && op->kind != MOUNT_REMOUNT_RO && op->kind != MOUNT_DIR &&
		    normalize_path(abs, norm, sizeof(norm), &why) == 0 && strcmp(norm, "/dev") == 0)
			return 0;
	}
	return op_dev(v, &dev, err);
}

/*
 * --root: what OCI runtimes hide of /proc by default (runc's default spec): files that
 * show the host's kernel memory, keys, timers and devices are masked, and the knobs
 * that change the host's kernel are read-only.
 */
static const char *const proc_masked[] = {
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
	"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
	"/sys/firmware", "/sys/devices/virtual/powercap",
};
static const char *const proc_read_only[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

static int root_masks(struct view *v, struct error *err)
{
	const char *root = v->plan->spec->fs.root_origin;
	char what[PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(proc_masked); i++) {
		_cleanup_fd_ int fd = view_open(v, proc_masked[i], 0);
		bool dir;

		if (fd < 0 || is_dir_fd(fd, &dir) < 0)
			continue; /* this kernel has none */
		(void)snprintf(what, sizeof(what), "%s: mask %s", root, proc_masked[i]);
		if (bind_staged(v, dir ? "empty" : "empty-file", fd, what, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(proc_read_only); i++) {
		_cleanup_fd_ int fd = view_open(v, proc_read_only[i], 0);

		(void)snprintf(what, sizeof(what), "%s: make %s read-only", root, proc_read_only[i]);
		if (fd >= 0 && make_read_only(fd, what, err) < 0)
			return -1;
	}
	return 0;
}

/* --- the order --- */

static int user_view(struct view *v, struct error *err)
{
	const struct fs_config *fs = &v->plan->spec->fs;

	for (size_t i = 0; i < fs->ops.n; i++)
		if (apply_op(v, VEC_AT(&fs->ops, struct mount_op, i), err) < 0)
			return -1;
	if (fs->read_only && read_only_view(v, err) < 0)
		return -1;
	return private_tmp(v, err);
}

static void view_close(struct view *v)
{
	if (v->stage >= 0 && v->stage_attached)
		(void)umount2(fd_path(v->stage).s, MNT_DETACH); /* unseen; only the tidy mount table lost */
	if (v->stage >= 0)
		(void)close(v->stage);
	if (v->root >= 0)
		(void)close(v->root);
	if (v->lent_root >= 0)
		(void)close(v->lent_root);
	if (v->lent_upper >= 0)
		(void)close(v->lent_upper);
}

int fs_setup(const struct plan *plan, const char *address, const struct fs_generated *gen,
	     const struct fs_lender *lender, struct error *err)
{
	const struct fs_config *fs = &plan->spec->fs;
	struct view v = { .plan = plan, .verbose = plan->spec->verbose, .root = -1, .stage = -1,
			  .lender = lender, .lent_root = -1, .lent_upper = -1,
			  .new_root = fs->root || fs->ephemeral || fs->keep_changes,
			  .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	int r = -1;

	if (!plan->fs.new_mnt) {
		/* Mounting /proc here would replace the host's own: leave it alone. */
		trace(v.verbose, "child: host mount namespace kept, /proc not remounted");
		view_close(&v);
		return 0;
	}
	/*
	 * A new mount namespace starts as a copy whose mounts stay in their peer groups;
	 * with systemd's default "shared" propagation our mounts would appear on the host
	 * too. Making everything recursively private first cuts that link.
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return error_set(err, errno, "make mounts private (mount / MS_REC|MS_PRIVATE)");
	trace(v.verbose, "child: mounts are private");
	if (!getcwd(v.cwd, sizeof(v.cwd)))
		(void)snprintf(v.cwd, sizeof(v.cwd), "/");
	if (v.new_root) {
		/* Should the stage be stacked on "/" (see stage_copy), it goes on the new root:
		 * pivot_root(".", ".") must find the old root right under the new one. */
		if (root_prepare(&v, err) < 0 || (fs->root && root_dev(&v, err) < 0))
			goto out;
	} else if ((v.root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		error_set(err, errno, "open /");
		goto out;
	}
	/* What every new mount namespace gets comes first, so that the user's operations
	 * can go on top of it (--ro-bind my-hosts /etc/hosts, --tmpfs /dev/shm/x, ...). */
	if (fresh_proc(&v, err) < 0 || private_ipc(&v, err) < 0 || fresh_sys(&v, err) < 0 ||
	    etc_files(&v, address, gen, err) < 0 || (fs->root && root_masks(&v, err) < 0) ||
	    user_view(&v, err) < 0)
		goto out;
	if (v.new_root && root_enter(&v, err) < 0)
		goto out;
	/* Our directory is the one under anything just mounted on it (--rw ., --bind X .):
	 * enter it again to see what is on top. */
	if (!v.new_root && chdir(v.cwd) < 0)
		trace(v.verbose, "child: cannot enter %s again: %m", v.cwd);
	r = 0;
out:
	view_close(&v);
	return r;
}
