/* fsroot.c - a new root for the view: --root DIR (a copy of DIR's mount tree), and
 * --ephemeral/--keep-changes (overlays whose writes go to a tmpfs or to DIR); then
 * pivot_root into it with the old root detached. See fsview.h. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/magic.h>

#include "fs.h"
#include "fsview.h"
#include "mountapi.h"

/* The mounts of our namespace, read once from /proc/self/mountinfo, for --ephemeral. */
struct mnt_entry {
	const char *path; /* the mount point, unescaped; in struct ephemeral's text */
	const char *type; /* the filesystem type; likewise */
	bool ro;          /* mounted read-only */
};

struct ephemeral {
	struct view *v;
	struct mnt_entry *mounts;
	size_t n;
	char *text;         /* /proc/self/mountinfo, cut up into the entries' strings */
	int upper;          /* the directory holding upper/ and work/: a tmpfs, or --keep-changes DIR */
	unsigned overlays;  /* how many made so far: names their work directories */
	const char *origin;
	bool userxattr;     /* in a user namespace: overlayfs keeps its xattrs in user.* */
};

void mountinfo_unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static void mounts_free(struct ephemeral *e)
{
	free(e->mounts);
	free(e->text);
}

/* One mountinfo line: "ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER".
 * The entry points into the line, which is cut up in place. */
static int mounts_add(struct ephemeral *e, char *line)
{
	char *f[6], *dash = strstr(line, " - "), *save = NULL, *type;
	struct mnt_entry *m;

	if (!dash)
		return 0;
	*dash = '\0';
	for (int i = 0; i < 6; i++)
		if (!(f[i] = strtok_r(i ? NULL : line, " ", &save)))
			return 0;
	if (!(type = strtok_r(dash + 3, " ", &save)))
		return 0;
	m = reallocarray(e->mounts, e->n + 1, sizeof(*m));
	if (!m)
		return -1;
	e->mounts = m;
	m = &e->mounts[e->n++];
	mountinfo_unescape(f[4]);
	m->path = f[4];
	m->type = type;
	m->ro = strncmp(f[5], "ro", 2) == 0 && (f[5][2] == ',' || f[5][2] == '\0');
	return 0;
}

/*
 * The whole table in one buffer, read in as few read(2)s as its size allows: procfs
 * makes the text anew for each read, and stdio's 4 KiB reads with a copy of each line
 * took twice as long (~130 us against ~60 us for 21 mounts).
 */
static int mounts_read(struct ephemeral *e, struct error *err)
{
	_cleanup_fd_ int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	size_t cap = (size_t)64 * 1024, len = 0;
	char *next;

	if (fd < 0)
		return error_set(err, errno, "%s: read /proc/self/mountinfo", e->origin);
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap || !e->text) {
			char *t = len + 1 >= cap ? realloc(e->text, cap *= 2) : malloc(cap);

			if (!t)
				return error_set(err, ENOMEM, "%s: read /proc/self/mountinfo", e->origin);
			e->text = t;
		}
		n = TEMP_FAILURE_RETRY(read(fd, e->text + len, cap - len - 1));
		if (n < 0)
			return error_set(err, errno, "%s: read /proc/self/mountinfo", e->origin);
		if (n == 0)
			break;
		len += (size_t)n;
	}
	e->text[len] = '\0';
	for (char *line = e->text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (mounts_add(e, line) < 0)
			return error_set(err, ENOMEM, "%s: read /proc/self/mountinfo", e->origin);
	}
	return 0;
}

/* Whether any mount lies strictly beneath path. */
static bool mounts_beneath(const struct ephemeral *e, const char *path)
{
	size_t len = strcmp(path, "/") == 0 ? 0 : strlen(path);

	for (size_t i = 0; i < e->n; i++) {
		const char *p = e->mounts[i].path;

		if (strncmp(p, path, len) == 0 && p[len] == '/' && p[len + 1] != '\0')
			return true;
	}
	return false;
}

/* The mount path lies in (the last, topmost, with the longest mount point). */
static const struct mnt_entry *mount_of(const struct ephemeral *e, const char *path)
{
	const struct mnt_entry *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < e->n; i++) {
		const char *p = e->mounts[i].path;
		size_t len = strcmp(p, "/") == 0 ? 0 : strlen(p);

		if (strncmp(p, path, len) == 0 && (path[len] == '/' || path[len] == '\0') &&
		    (!best || len >= best_len)) {
			best = &e->mounts[i];
			best_len = len;
		}
	}
	return best;
}

/* Filesystems an overlay has no business over: their files are the kernel's views. */
static bool is_pseudo(const char *type)
{
	static const char *const pseudo[] = {
		"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "mqueue", "debugfs",
		"tracefs", "securityfs", "bpf", "pstore", "configfs", "fusectl", "binfmt_misc",
		"hugetlbfs", "autofs", "nsfs", "efivarfs", "selinuxfs", "rpc_pipefs", "fuse.gvfsd-fuse",
	};

	for (size_t i = 0; i < ARRAY_SIZE(pseudo); i++)
		if (strcmp(type, pseudo[i]) == 0)
			return true;
	return false;
}

/* mkdir -p of rel under dirfd; 0 or -1 with errno. */
static int mkdir_p_at(int dirfd, const char *rel)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", rel) >= (int)sizeof(buf))
		return errno = ENAMETOOLONG, -1;
	for (char *p = buf;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (*buf && mkdirat(dirfd, buf, 0755) < 0 && errno != EEXIST)
			return -1;
		if (c == '\0')
			return 0;
		*p = c;
	}
}

/* The kernel's own words on a failed fsconfig, from the context's message log, as hints;
 * whether it had any. */
static bool fs_log(int ctx, struct error *err)
{
	char msg[256];
	bool said = false;
	ssize_t n;

	while ((n = read(ctx, msg, sizeof(msg) - 1)) > 0) {
		msg[n] = '\0';
		msg[strcspn(msg, "\n")] = '\0';
		if (msg[0] == 'e' || msg[0] == 'w') {
			error_hint(err, "kernel: %s", msg + 2);
			said = true;
		}
	}
	return said;
}

/* Whether the running kernel is older than major.minor. */
static bool kernel_before(int major, int minor)
{
	struct utsname u;
	char *end = NULL;
	long ma, mi;

	if (uname(&u) < 0)
		return false;
	ma = strtol(u.release, &end, 10);
	if (!end || *end != '.')
		return false;
	mi = strtol(end + 1, NULL, 10);
	return ma < major || (ma == major && mi < minor);
}

/* The hint for an overlay over lower that the kernel refuses, when its log said nothing. */
static void overlay_hint(int lower, struct error *err)
{
	struct statfs sf;

	/* The kernel's FILESYSTEM_MAX_STACK_DEPTH; it says so in dmesg alone. */
	if (err->errnum == EINVAL && fstatfs(lower, &sf) == 0 && sf.f_type == OVERLAYFS_SUPER_MAGIC)
		error_hint(err, "it is on an overlay already, and the kernel stacks overlays at most two deep: "
				"--ephemeral inside --ephemeral inside --ephemeral?");
	else if (err->errnum == EPERM && kernel_before(5, 11))
		error_hint(err, "overlayfs in a user namespace needs Linux 5.11 or later");
	else
		error_hint(err, "the kernel log may say why (dmesg); --tmpfs PATH gives a throwaway directory without overlayfs");
}

/* An overlay with lower as its lower layer, writes into upper/REL; a detached mount. */
static int overlay(struct ephemeral *e, int lower, const char *rel, struct error *err)
{
	char up[PATH_MAX + 64], work[64], low[32];
	_cleanup_fd_ int ctx = -1;
	struct stat st;
	int mnt;

	(void)snprintf(up, sizeof(up), "upper/%s", rel);
	(void)snprintf(work, sizeof(work), "work/%u", e->overlays++);
	if (mkdir_p_at(e->upper, up) < 0 || mkdir_p_at(e->upper, work) < 0)
		return error_set(err, errno, "%s: create %s", e->origin, up);
	/* The overlay's root has its upper directory's mode, which mkdir_p_at made 0755
	 * (less the umask): the host directory's instead, or /tmp would lose its 1777 and
	 * only root could create files there. */
	if (fstat(lower, &st) < 0 || fchmodat(e->upper, up, st.st_mode & 07777, 0) < 0)
		return error_set(err, errno, "%s: give %s the mode of /%s", e->origin, up, rel);
	(void)snprintf(low, sizeof(low), "%s", fd_path(lower).s);
	(void)snprintf(up, sizeof(up), "%s/upper/%s", fd_path(e->upper).s, rel);
	(void)snprintf(work, sizeof(work), "%s/work/%u", fd_path(e->upper).s, e->overlays - 1);
	ctx = api_fsopen("overlay", FSOPEN_CLOEXEC);
	if (ctx < 0)
		return error_set(err, errno, "%s: fsopen overlay", e->origin);
	if (api_fsconfig(ctx, FSCONFIG_SET_STRING, "lowerdir", low, 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_SET_STRING, "upperdir", up, 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_SET_STRING, "workdir", work, 0) < 0 ||
	    (e->userxattr && api_fsconfig(ctx, FSCONFIG_SET_FLAG, "userxattr", NULL, 0) < 0) ||
	    api_fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		error_set(err, errno, "%s: the kernel refuses an overlay over '/%s'", e->origin, rel);
		if (!fs_log(ctx, err))
			overlay_hint(lower, err);
		return -1;
	}
	mnt = api_fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV);
	if (mnt < 0)
		return error_set(err, errno, "%s: fsmount overlay", e->origin);
	return mnt;
}

/* A read-only copy of the file name in dir ("": dir itself; a file mount: the topmost)
 * on target. */
static int bind_file(int dir, const char *name, int target)
{
	_cleanup_fd_ int mnt = api_open_tree(dir, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
							       (*name ? 0 : AT_EMPTY_PATH));

	if (mnt < 0 || mount_set(mnt, MOUNT_ATTR_RDONLY) < 0 || mount_attach(mnt, target) < 0)
		return -1;
	return 0;
}

/* place, skeleton and skeleton_entry recurse over directories that hold mounts: as
 * deep as the host's mount tree, which the kernel bounds. */
static int place(struct ephemeral *e, const char *path, int dst, bool ours, struct error *err);

/* Copy one directory entry of src into dst: links as links, files bound read-only. */
static int skeleton_entry(struct ephemeral *e, int src, int dst, const char *path, // NOLINT(misc-no-recursion)
			  const char *name, struct error *err)
{
	char child[PATH_MAX];
	_cleanup_fd_ int sub = -1;
	struct stat st;

	if (snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", name) >= (int)sizeof(child) ||
	    fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0; /* gone since readdir, or unreachable: not part of the view */
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(src, name, target, sizeof(target) - 1);

		if (n < 0)
			return 0;
		target[n] = '\0';
		return symlinkat(target, dst, name) < 0 ? error_set(err, errno, "%s: link %s", e->origin, child) : 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (mkdir_mode_at(dst, name, st.st_mode & 07777) < 0 ||
		    (sub = openat(dst, name, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			return error_set(err, errno, "%s: create %s", e->origin, child);
		return place(e, child, sub, true, err);
	}
	/* A file directly in a split directory (rare: /.dockerenv): the host's, read-only. */
	sub = openat(dst, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0444);
	if (sub < 0)
		return error_set(err, errno, "%s: create %s", e->origin, child);
	close_fd(&sub);
	sub = openat(dst, name, O_PATH | O_CLOEXEC | O_NOFOLLOW);
	if (sub < 0 || bind_file(src, name, sub) < 0)
		return error_set(err, errno, "%s: bind %s", e->origin, child);
	return 0;
}

/* A directory that has mounts beneath it: remade on the tmpfs, entry by entry. */
static int skeleton(struct ephemeral *e, const char *path, int dst, struct error *err) // NOLINT(misc-no-recursion)
{
	_cleanup_fd_ int src = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const struct dirent *d;
	DIR *dir;
	int r = 0;

	if (src < 0 || !(dir = fdopendir(fcntl(src, F_DUPFD_CLOEXEC, 3))))
		return error_set(err, errno, "%s: read %s", e->origin, path);
	while (r == 0 && (d = readdir(dir)))
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			r = skeleton_entry(e, src, dst, path, d->d_name, err);
	(void)closedir(dir); /* a directory stream: nothing to lose */
	return r;
}

/* A tmpfs of our own on dst, with the mode of the host's directory src; its fd. */
static int fresh_dir(struct ephemeral *e, int src, int dst, const char *path, struct error *err)
{
	_cleanup_fd_ int ctx = -1, mnt = -1;
	struct stat st;
	char mode[16];

	if (fstat(src, &st) < 0)
		return error_set(err, errno, "%s: stat %s", e->origin, path);
	(void)snprintf(mode, sizeof(mode), "0%o", (unsigned)(st.st_mode & 07777));
	ctx = api_fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (ctx < 0 || api_fsconfig(ctx, FSCONFIG_SET_STRING, "mode", mode, 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (mnt = api_fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV)) < 0 || mount_attach(mnt, dst) < 0)
		return error_set(err, errno, "%s: make a tmpfs for %s", e->origin, path);
	return steal_fd(&mnt);
}

/*
 * What goes at path in the new root (dst, a directory there): an overlay if nothing is
 * mounted beneath it (a user namespace may not copy a mount without the mounts locked
 * under it, so an overlay cannot span them); the host's own tree for the kernel's
 * filesystems and read-only mounts; otherwise the directory is remade entry by entry,
 * on a tmpfs of its own unless dst is already one of ours (ours: a directory made on
 * such a tmpfs; not ours: a directory of the root's overlay).
 */
static int place(struct ephemeral *e, const char *path, int dst, bool ours, struct error *err) // NOLINT(misc-no-recursion)
{
	const struct mnt_entry *m = mount_of(e, path);
	_cleanup_fd_ int src = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC), mnt = -1;

	if (src < 0)
		return 0; /* hidden under another mount: not part of the view */
	if (m && (is_pseudo(m->type) || m->ro)) {
		mnt = mount_clone(src, true);
		if (mnt < 0)
			return error_set(err, errno, "%s: copy the mounts at %s", e->origin, path);
	} else if (!mounts_beneath(e, path)) {
		mnt = overlay(e, src, path + 1, err);
		if (mnt < 0)
			return -1;
	} else if (ours) {
		return skeleton(e, path, dst, err);
	} else {
		mnt = fresh_dir(e, src, dst, path, err);
		return mnt < 0 ? -1 : skeleton(e, path, mnt, err);
	}
	if (mount_attach(mnt, dst) < 0)
		return error_set(err, errno, "%s: attach at %s", e->origin, path);
	return 0;
}

/* Where writes go: a tmpfs of our own, or --keep-changes DIR (made if missing). */
static int upper_open(struct ephemeral *e, struct error *err)
{
	const struct fs_config *fs = &e->v->plan->spec->fs;

	if (fs->keep_changes) {
		if (mkdir(fs->keep_changes, 0755) < 0 && errno != EEXIST)
			return error_set(err, errno, "%s", fs->keep_origin);
		e->upper = open(fs->keep_changes, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (e->upper < 0)
			return error_set(err, errno, "%s", fs->keep_origin);
	} else {
		/* On isolate's own tmpfs (see stage_get), which outlives this copy of its fd. */
		int stage = stage_get(e->v, err);

		if (stage < 0 || (e->upper = fcntl(stage, F_DUPFD_CLOEXEC, 3)) < 0)
			return stage < 0 ? error_wrap(err, "--ephemeral: the tmpfs for writes")
					 : error_set(err, errno, "--ephemeral: the tmpfs for writes");
	}
	if (mkdirat(e->upper, "upper", 0755) < 0 && errno != EEXIST)
		return error_set(err, errno, "%s: create upper", e->origin);
	if (mkdirat(e->upper, "work", 0755) < 0 && errno != EEXIST)
		return error_set(err, errno, "%s: create work", e->origin);
	return 0;
}

/* Whether mounts[i] lies beneath src with no other mount beneath src above it (its
 * parent is src's mount), and is the first entry for its path. */
static bool top_mount(const struct ephemeral *e, size_t i, const char *src)
{
	const char *p = e->mounts[i].path;
	size_t len = strcmp(src, "/") == 0 ? 0 : strlen(src), plen = strlen(p);

	if (plen <= len + 1 || strncmp(p, src, len) != 0 || p[len] != '/')
		return false;
	for (size_t j = 0; j < e->n; j++) {
		const char *q = e->mounts[j].path;
		size_t qlen = strlen(q);

		if (j < i && strcmp(p, q) == 0)
			return false; /* the same path again: place() takes the topmost */
		if (qlen > len + 1 && qlen < plen && strncmp(p, q, qlen) == 0 && p[qlen] == '/' &&
		    strncmp(q, src, len) == 0 && q[len] == '/')
			return false; /* beneath another mount beneath src: placed with it */
	}
	return true;
}

/* Put the host's mount at path (beneath src) back on the new root newroot. */
static int put_back(struct ephemeral *e, const char *path, size_t len, int newroot, struct error *err)
{
	_cleanup_fd_ int host = open(path, O_PATH | O_CLOEXEC), dst = -1;
	struct stat st;

	/* Unreachable to us (a directory we may not search): its mount point in the
	 * overlay, checked against the same owner and mode, is as unreachable. */
	if (host < 0 || fstat(host, &st) < 0)
		return 0;
	/* mountinfo's paths are canonical, without symlinks, and the overlay shows the
	 * same tree the host's mount points are in: one that has a symlink is refused. */
	dst = api_openat2(newroot, path + len + 1, O_PATH | O_CLOEXEC | O_NOFOLLOW,
			  RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
	if (dst < 0 && errno == ENOSYS)
		dst = openat(newroot, path + len + 1, O_PATH | O_CLOEXEC | O_NOFOLLOW);
	if (dst < 0)
		return error_set(err, errno, "%s: find the mount point %s in the overlay", e->origin, path);
	if (!S_ISDIR(st.st_mode))
		return bind_file(host, "", dst) < 0 ? error_set(err, errno, "%s: bind %s", e->origin, path) : 0;
	return place(e, path, dst, false, err);
}

/*
 * The host's root as one overlay, the one the parent made (fs_lend_overlay): each mount
 * beneath src goes back on top of it, as place() makes it, so nothing that a host's
 * mount covers shows through. The writable layer's tmpfs goes on top too: nested
 * overlays take a layer only from a mount of our namespace, and it is isolate's own
 * tmpfs from now on (the stage, detached at the end, see view_close). --keep-changes
 * DIR is opened here again: the parent's fd names a mount of the host's namespace,
 * which no overlay of ours may take as a layer.
 */
static int ephemeral_lent(struct ephemeral *e, const char *src, struct error *err)
{
	struct view *v = e->v;
	size_t len = strcmp(src, "/") == 0 ? 0 : strlen(src);
	_cleanup_fd_ int root = open("/", O_PATH | O_CLOEXEC), mnt = steal_fd(&v->lent_root);

	if (root < 0 || mount_attach(mnt, root) < 0)
		return error_set(err, errno, "%s: attach the overlay", e->origin);
	if (v->lent_upper >= 0) {
		if (mount_attach(v->lent_upper, root) < 0)
			return error_set(err, errno, "%s: attach the tmpfs for writes", e->origin);
		v->stage = steal_fd(&v->lent_upper);
		v->stage_attached = true;
		e->upper = fcntl(v->stage, F_DUPFD_CLOEXEC, 3);
		if (e->upper < 0)
			return error_set(err, errno, "%s: dup", e->origin);
	} else if (upper_open(e, err) < 0) { /* --keep-changes DIR, in our namespace */
		return -1;
	}
	for (size_t i = 0; i < e->n; i++) {
		const char *path = e->mounts[i].path;

		/* A fresh /proc and /sys go there next (fs.c), or the run fails, or the
		 * host's /sys comes back where the kernel refuses a sysfs: no copy now. */
		if (len == 0 && ((strcmp(path, "/proc") == 0 && v->plan->fs.fresh_proc) ||
				 (strcmp(path, "/sys") == 0 && v->plan->fs.fresh_sys)))
			continue;
		if (top_mount(e, i, src) && put_back(e, path, len, mnt, err) < 0)
			return -1;
	}
	return steal_fd(&mnt);
}

/* The new root: overlays over src, or over its parts (then *attached, on "/"). */
static int ephemeral_root(struct view *v, const char *src, bool *attached, struct error *err)
{
	const struct fs_config *fs = &v->plan->spec->fs;
	struct ephemeral e = { .v = v, .upper = -1,
			       .origin = fs->keep_changes ? fs->keep_origin : "--ephemeral",
			       .userxattr = !(v->plan->share & NS_BIT(NS_USER)) };
	_cleanup_fd_ int ctx = -1, lower = -1, root = -1;
	int r = -1;

	if (mounts_read(&e, err) < 0)
		goto out;
	/* Only now: the parent made the overlay while we read the mount table. */
	if (v->lender) {
		int lent[2];

		v->lender->take(v->lender->ctx, lent);
		v->lender = NULL;
		v->lent_root = lent[0];
		v->lent_upper = lent[1];
	}
	if (v->lent_root >= 0) {
		trace(v->verbose, "child: %s: one overlay over %s, made on the host side; its mounts put back on it",
		      e.origin, src);
		*attached = true;
		r = ephemeral_lent(&e, src, err);
		goto out;
	}
	if (upper_open(&e, err) < 0)
		goto out;
	if (!mounts_beneath(&e, src)) {
		lower = open(src, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (lower < 0) {
			error_set(err, errno, "%s: open %s", e.origin, src);
			goto out;
		}
		r = overlay(&e, lower, "", err);
		goto out;
	}
	/* Rootless: the kernel locks the host's mounts in our namespace, so no copy of the
	 * root without them, which one overlay would need, can be made here. */
	trace(v->verbose, "child: %s: an overlay for each directory of %s that holds no mount", e.origin, src);
	/* A tmpfs for the remade directories; in place (attached) so that mounts go in it. */
	ctx = api_fsopen("tmpfs", FSOPEN_CLOEXEC);
	root = open("/", O_PATH | O_CLOEXEC);
	if (ctx < 0 || root < 0 || api_fsconfig(ctx, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (r = api_fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV)) < 0 || mount_attach(r, root) < 0) {
		error_set(err, errno, "%s: make the new root", e.origin);
		if (r >= 0)
			(void)close(r);
		r = -1;
		goto out;
	}
	*attached = true;
	if (skeleton(&e, src, r, err) < 0) {
		(void)close(r);
		r = -1;
	}
out:
	if (e.upper >= 0)
		(void)close(e.upper); /* the overlays hold what they need */
	mounts_free(&e);
	return r;
}

/* name in base, a directory made if missing (then the sandbox root's: it adds the
 * layers of the mounts beneath); an O_PATH fd. Never through a symlink: the parent is
 * root, and --keep-changes DIR may be a directory others can write in. */
static int lend_dir(const struct plan *plan, int base, const char *name)
{
	if (mkdirat(base, name, 0755) == 0) {
		if (fchownat(base, name, plan->map_uid, plan->map_gid, AT_SYMLINK_NOFOLLOW) < 0)
			return -1;
	} else if (errno != EEXIST) {
		return -1;
	}
	return openat(base, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* The parent's writable layer: a tmpfs of its own, or --keep-changes DIR (made if
 * missing, as the sandbox's root); with upper/ and work/ in it. */
static int lend_upper(const struct plan *plan, int *upper)
{
	const struct fs_config *fs = &plan->spec->fs;
	_cleanup_fd_ int ctx = -1;

	if (fs->keep_changes) {
		bool made = mkdir(fs->keep_changes, 0755) == 0;

		if (!made && errno != EEXIST)
			return -1;
		*upper = open(fs->keep_changes, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*upper < 0 || (made && fchownat(*upper, "", plan->map_uid, plan->map_gid, AT_EMPTY_PATH) < 0))
			return -1;
		return 0;
	}
	ctx = api_fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (ctx < 0 || api_fsconfig(ctx, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -1;
	*upper = api_fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV);
	/* Its root is isolate's stage in the sandbox (fs.c), which writes files there. */
	if (*upper < 0 || fchownat(*upper, "", plan->map_uid, plan->map_gid, AT_EMPTY_PATH) < 0)
		return -1;
	return 0;
}

/*
 * Parent: see fs.h. Made here, the overlay's mounter is the caller, root on the host:
 * copy-up keeps the owner of what it copies even where the sandbox has no id for it
 * (root's /tmp, say), as with rootful podman; the permission checks stay the caller's.
 * Made in the sandbox's user namespace, copying such a directory up fails with
 * EOVERFLOW, and the kernel lets no copy of the root's mount there leave out the mounts
 * on it (they are locked), which one overlay needs.
 */
void fs_lend_overlay(const struct plan *plan, int lent[2])
{
	const struct fs_config *fs = &plan->spec->fs;
	_cleanup_fd_ int upper = -1, up = -1, work = -1, root = -1, ctx = -1;
	const char *what = "tmpfs";

	lent[0] = lent[1] = -1;
	if (!plan->fs.lend_root)
		return;
	if (lend_upper(plan, &upper) < 0)
		goto refused;
	what = "overlay";
	/* The child's overlays for the mounts beneath take upper/PATH and work/N. */
	if ((up = lend_dir(plan, upper, "upper")) < 0 || (work = lend_dir(plan, upper, "work")) < 0 ||
	    (root = lend_dir(plan, work, "root")) < 0)
		goto refused;
	ctx = api_fsopen("overlay", FSOPEN_CLOEXEC);
	if (ctx < 0 || api_fsconfig(ctx, FSCONFIG_SET_STRING, "lowerdir", "/", 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_SET_STRING, "upperdir", fd_path(up).s, 0) < 0 ||
	    api_fsconfig(ctx, FSCONFIG_SET_STRING, "workdir", fd_path(root).s, 0) < 0 ||
	    (plan->fs.lend_userxattr && api_fsconfig(ctx, FSCONFIG_SET_FLAG, "userxattr", NULL, 0) < 0) ||
	    api_fsconfig(ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (lent[0] = api_fsmount(ctx, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV)) < 0)
		goto refused;
	/* DIR, an fd on the host's mounts, is no use to the child (ephemeral_lent). */
	if (!fs->keep_changes)
		lent[1] = steal_fd(&upper);
	return;
refused:
	/* The sandbox then makes its own overlays, and says what the kernel refuses. */
	trace(plan->spec->verbose, "parent: %s: no %s made on the host side (%m); the sandbox makes its own",
	      fs->keep_changes ? fs->keep_origin : "--ephemeral", what);
}

/* PROGRAM must be in DIR: said now, in one line, rather than as a failed exec. */
static int check_program(const struct view *v, int dir, struct error *err)
{
	const struct spec *s = v->plan->spec;
	const char *name = s->argv[0], *path = getenv("PATH");

	for (size_t i = 0; i < s->env.n; i++) {
		const struct env_op *op = VEC_AT(&s->env, struct env_op, i);

		if (strcmp(op->key, "PATH") == 0)
			path = op->value;
	}
	if (s->clearenv && path == getenv("PATH"))
		path = NULL;
	if (strchr(name, '/')) {
		_cleanup_fd_ int fd = api_openat2(dir, name, O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT);

		if (name[0] != '/' || fd >= 0 || errno == ENOSYS)
			return 0;
	} else {
		for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; p;) {
			size_t len = strcspn(p, ":");
			_cleanup_fd_ int fd = -1;
			char buf[PATH_MAX];

			(void)snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p, name);
			fd = api_openat2(dir, buf, O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT);
			if (fd >= 0 || errno == ENOSYS)
				return 0;
			p = p[len] ? p + len + 1 : NULL;
		}
	}
	return error_set(err, 0, "%s: PROGRAM '%s' is not in it", s->fs.root_origin, name),
	       error_hint(err, "give a tree that has it, or PROGRAM's path inside the tree");
}

/* Put the detached new root on "/": out of every path lookup's way (they start at the
 * root beneath it) until pivot_root makes it the root. */
static int stack_on_root(int mnt)
{
	_cleanup_fd_ int top = open("/", O_PATH | O_CLOEXEC);

	return top < 0 ? -1 : mount_attach(mnt, top);
}

int root_prepare(struct view *v, struct error *err)
{
	const struct fs_config *fs = &v->plan->spec->fs;
	const char *src = fs->root ? fs->root : "/";
	const char *origin = fs->root ? fs->root_origin : "--ephemeral";
	_cleanup_fd_ int dir = -1, mnt = -1;
	bool attached = false;

	dir = open(src, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return error_set(err, errno, "%s", origin),
		       err->errnum == ENOTDIR ? error_hint(err, "--root takes a directory") : -1;
	if (fs->root && check_program(v, dir, err) < 0)
		return -1;
	if (fs->ephemeral || fs->keep_changes) {
		char real[PATH_MAX];

		if (!realpath(src, real))
			return error_set(err, errno, "%s", origin);
		mnt = ephemeral_root(v, real, &attached, err);
	} else if ((mnt = mount_clone(dir, true)) < 0) {
		error_set(err, errno, "%s: open_tree", origin);
	}
	if (mnt < 0)
		return -1;
	if (!attached && stack_on_root(mnt) < 0)
		return error_set(err, errno, "%s: attach the new root", origin);
	v->root = steal_fd(&mnt);
	/* In a tree that is not the host's, a symlink must not lead out of it. */
	if (fs->root)
		v->resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	return 0;
}

int root_enter(struct view *v, struct error *err)
{
	const char *what = v->plan->spec->fs.root ? v->plan->spec->fs.root_origin : "--ephemeral";

	/* pivot_root(".", "."): the old root ends up on top of the new one, and goes. */
	if (fchdir(v->root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
		return error_set(err, errno, "%s: pivot_root", what);
	if (umount2(".", MNT_DETACH) < 0)
		return error_set(err, errno, "%s: detach the old root", what);
	/* The caller's directory if the new root has it (as bubblewrap does), else "/". */
	if (chdir(v->cwd) < 0 && chdir("/") < 0)
		return error_set(err, errno, "%s: chdir /", what);
	trace(v->verbose, "child: pivoted into the new root; the old root is detached");
	return 0;
}
