/* mountapi.h - the kernel's newer mount interfaces (Linux 5.2+: open_tree, move_mount,
 * fsopen, fsconfig, fsmount; 5.12+: mount_setattr; 5.6+: openat2), through the C
 * library's wrappers where configure found them, else the raw system call, else ENOSYS.
 * Callers fall back to mount(2) when a call fails with ENOSYS (an older kernel). */
#ifndef ISOLATE_MOUNTAPI_H
#define ISOLATE_MOUNTAPI_H

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>
#if HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef RESOLVE_NO_MAGICLINKS
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#endif
#if !HAVE_STRUCT_OPEN_HOW
struct open_how {
	unsigned long long flags, mode, resolve;
};
#endif

static inline int api_enosys(void)
{
	errno = ENOSYS;
	return -1;
}

static inline int api_open_tree(int dfd, const char *path, unsigned flags)
{
#if HAVE_OPEN_TREE
	return open_tree(dfd, path, flags);
#elif HAVE_DECL_SYS_OPEN_TREE
	return (int)syscall(SYS_open_tree, dfd, path, flags);
#else
	(void)dfd, (void)path, (void)flags;
	return api_enosys();
#endif
}

static inline int api_move_mount(int from_dfd, const char *from, int to_dfd, const char *to, unsigned flags)
{
#if HAVE_MOVE_MOUNT
	return move_mount(from_dfd, from, to_dfd, to, flags);
#elif HAVE_DECL_SYS_MOVE_MOUNT
	return (int)syscall(SYS_move_mount, from_dfd, from, to_dfd, to, flags);
#else
	(void)from_dfd, (void)from, (void)to_dfd, (void)to, (void)flags;
	return api_enosys();
#endif
}

static inline int api_fsopen(const char *fstype, unsigned flags)
{
#if HAVE_FSOPEN
	return fsopen(fstype, flags);
#elif HAVE_DECL_SYS_FSOPEN
	return (int)syscall(SYS_fsopen, fstype, flags);
#else
	(void)fstype, (void)flags;
	return api_enosys();
#endif
}

static inline int api_fsconfig(int fd, unsigned cmd, const char *key, const void *value, int aux)
{
#if HAVE_FSCONFIG
	return fsconfig(fd, cmd, key, value, aux);
#elif HAVE_DECL_SYS_FSCONFIG
	return (int)syscall(SYS_fsconfig, fd, cmd, key, value, aux);
#else
	(void)fd, (void)cmd, (void)key, (void)value, (void)aux;
	return api_enosys();
#endif
}

static inline int api_fsmount(int fd, unsigned flags, unsigned attr)
{
#if HAVE_FSMOUNT
	return fsmount(fd, flags, attr);
#elif HAVE_DECL_SYS_FSMOUNT
	return (int)syscall(SYS_fsmount, fd, flags, attr);
#else
	(void)fd, (void)flags, (void)attr;
	return api_enosys();
#endif
}

static inline int api_mount_setattr(int dfd, const char *path, unsigned flags, unsigned long long set,
				    unsigned long long clr)
{
#if HAVE_MOUNT_SETATTR || HAVE_DECL_SYS_MOUNT_SETATTR
	struct mount_attr attr = { .attr_set = set, .attr_clr = clr };
#endif
#if HAVE_MOUNT_SETATTR
	return mount_setattr(dfd, path, flags, &attr, sizeof(attr));
#elif HAVE_DECL_SYS_MOUNT_SETATTR
	return (int)syscall(SYS_mount_setattr, dfd, path, flags, &attr, sizeof(attr));
#else
	(void)dfd, (void)path, (void)flags, (void)set, (void)clr;
	return api_enosys();
#endif
}

/* Set the propagation of the mount at fd alone (MS_PRIVATE, ...). */
static inline int api_mount_setattr_propagation(int fd, unsigned long long propagation)
{
#if HAVE_MOUNT_SETATTR || HAVE_DECL_SYS_MOUNT_SETATTR
	struct mount_attr attr = { .propagation = propagation };
#endif
#if HAVE_MOUNT_SETATTR
	return mount_setattr(fd, "", AT_EMPTY_PATH, &attr, sizeof(attr));
#elif HAVE_DECL_SYS_MOUNT_SETATTR
	return (int)syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH, &attr, sizeof(attr));
#else
	(void)fd, (void)propagation;
	return api_enosys();
#endif
}

static inline int api_openat2(int dfd, const char *path, int flags, unsigned long long resolve)
{
#if HAVE_DECL_SYS_OPENAT2
	struct open_how how = { .flags = (unsigned long long)flags, .resolve = resolve };

	return (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));
#else
	(void)dfd, (void)path, (void)flags, (void)resolve;
	return api_enosys();
#endif
}

#endif
