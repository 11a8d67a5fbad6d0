/* fsview.h - shared by fs.c (the view and its operations) and fsroot.c (a new root:
 * --root, --ephemeral, pivot_root). Internal to the filesystem domain. */
#ifndef ISOLATE_FSVIEW_H
#define ISOLATE_FSVIEW_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "plan.h"
#include "util.h"

struct view {
	const struct plan *plan;
	bool verbose;
	bool new_root;       /* --root or --ephemeral: the view is pivoted into at the end */
	int root;            /* O_PATH fd of the view's root: "/", or the new root before the pivot */
	unsigned long long resolve; /* openat2 RESOLVE_* for the user's paths inside the view */
	int stage;           /* isolate's own small tmpfs (empty dir, empty file, /etc files); -1: none yet */
	bool stage_attached; /* the stage is stacked on "/" and must be detached at the end */
	bool stage_filled;   /* the stage has the empty directory and file --hide binds */
	const struct fs_lender *lender; /* the parent's overlay, not taken yet; NULL: none or taken */
	int lent_root;       /* the parent's overlay over the host's root (fs_lend_overlay); -1: none */
	int lent_upper;      /* ... and its writable layer: a tmpfs, or --keep-changes DIR */
	char cwd[PATH_MAX];  /* the caller's directory: relative --hide, --rw and --keep-changes */
};

/* "/proc/self/fd/N": how mount(2) and overlayfs options name what an fd refers to. */
struct fdpath {
	char s[32];
};
struct fdpath fd_path(int fd);

/* Open path inside the view (O_PATH and flags), never resolving above its root. */
int view_open(const struct view *v, const char *path, int flags);

/* mkdirat with mode whole: the caller's umask does not narrow it (1777 stays 1777).
 * 0, or -1 with errno (EEXIST when name exists: its mode is left as it is). */
int mkdir_mode_at(int dirfd, const char *name, mode_t mode);

/* The path inside the view, created if missing (parents too) as a directory or an empty
 * file; an O_PATH fd, or -1 with err naming origin. */
int view_make(const struct view *v, const char *path, bool dir, mode_t mode, const char *origin,
	      struct error *err);

/* fs.c: isolate's own tmpfs (v->stage), made on first use; its fd, or -1 with err. */
int stage_get(struct view *v, struct error *err);

/* A recursive copy of the mount tree at fd, detached; attach it with mount_attach. */
int mount_clone(int fd, bool recursive);
int mount_attach(int mnt, int target);
/* Set MOUNT_ATTR_* on the detached or attached tree at fd, recursively. */
int mount_set(int fd, unsigned long long attr);

/* Unescape a mountinfo field in place ("\040" is a space). */
void mountinfo_unescape(char *s);

/* fsroot.c: make the new root (v->root) for --root and/or --ephemeral. */
int root_prepare(struct view *v, struct error *err);
/* fsroot.c: pivot_root into v->root, detach the old root, mask /proc as OCI runtimes do. */
int root_enter(struct view *v, struct error *err);

#endif
