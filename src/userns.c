/* userns.c - writing the child's uid_map/gid_map (and setgroups), from the parent or, for
 * a rootless single-id map, by the child itself; and explaining why a user namespace
 * could not be made. */
#include "userns.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <grp.h>
#include <unistd.h>

#include "helper.h"
#include "idmap.h"

#define SUBUID_FILE "/etc/subuid"
#define SUBGID_FILE "/etc/subgid"
/* /etc/subuid is a few lines per user; anything larger is not one. */
#define SUBID_FILE_MAX ((size_t)1024 * 1024)

/* pid 0: our own, through /proc/self. */
static int write_proc(pid_t pid, const char *file, const char *text, struct error *err)
{
	char path[64];

	if (pid == 0)
		(void)snprintf(path, sizeof(path), "/proc/self/%s", file);
	else
		(void)snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (write_file(path, text, strlen(text)) < 0) {
		int e = errno;
		error_set(err, e, "write %s", path);
		if (e == ENOENT)
			error_hint(err, "is procfs mounted on /proc?");
		else if (e == EROFS)
			error_hint(err, "/proc is mounted read-only");
		return -1;
	}
	return 0;
}

/* Read a whole small file into a NUL-terminated malloc'd buffer. */
static char *read_text(const char *path, size_t max, int *errnum)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	_cleanup_free_ char *buf = NULL;
	char *text;
	ssize_t n;

	if (fd < 0) {
		*errnum = errno;
		return NULL;
	}
	buf = malloc(max + 1);
	if (!buf) {
		*errnum = ENOMEM;
		return NULL;
	}
	n = read_all(fd, buf, max + 1);
	if (n < 0 || (size_t)n > max) {
		*errnum = n < 0 ? errno : EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	text = buf;
	buf = NULL; /* ownership passes to the caller */
	return text;
}

/* "user 'alice' (uid 1000)", or "uid 1000" when the id has no name. */
static const char *owner_text(const struct plan *plan, char *buf, size_t size)
{
	if (plan->subid_user[0])
		(void)snprintf(buf, size, "user '%s' (uid %u)", plan->subid_user,
			       (unsigned)plan->subid_uid);
	else
		(void)snprintf(buf, size, "uid %u", (unsigned)plan->subid_uid);
	return buf;
}

/* The extents for one map: root inside -> host_root, then plan's user's subordinate ranges. */
static int auto_layout(const struct plan *plan, const char *file, const char *kind,
		       uint32_t host_root, struct id_extent *ext, size_t *n, struct error *err)
{
	struct id_range ranges[IDMAP_MAX_EXTENTS - 1];
	_cleanup_free_ char *text = NULL;
	size_t count, bad;
	int e = 0;

	text = read_text(file, SUBID_FILE_MAX, &e);
	if (!text && e != ENOENT)
		return error_set(err, e, "read %s", file);
	count = subid_parse(text ? text : "", plan->subid_user[0] ? plan->subid_user : NULL,
			    (uint32_t)plan->subid_uid, ranges, ARRAY_SIZE(ranges), &bad);
	if (count == 0) {
		const char *name = plan->subid_user[0] ? plan->subid_user : "USER";
		char who[300];

		return error_set(err, 0, "no entry for %s in %s%s", owner_text(plan, who, sizeof(who)),
				 file, bad ? " (it has malformed lines)" : ""),
		       error_hint(err, "add one, e.g. usermod --add-sub%ss 100000-165535 %s, with a range no other user has",
				  kind, name);
	}
	*n = idmap_layout(host_root, ranges, count, ext, IDMAP_MAX_EXTENTS);
	return 0;
}

/* Rootless: newuidmap PID INSIDE OUTSIDE COUNT..., checked by the helper against /etc/subuid. */
static int run_map_helper(const char *helper, pid_t pid, const struct id_extent *ext, size_t n,
			  struct error *err)
{
	char nums[1 + 3 * IDMAP_MAX_EXTENTS][12];
	char *argv[2 + 3 * IDMAP_MAX_EXTENTS + 1];
	char path[4096];
	size_t a = 0;

	if (helper_find(helper, "uidmap", path, sizeof(path), err) < 0)
		return -1;
	argv[a++] = (char *)helper;
	(void)snprintf(nums[0], sizeof(nums[0]), "%d", (int)pid);
	argv[a++] = nums[0];
	for (size_t i = 0; i < n; i++) {
		char *const triple[3] = { nums[1 + 3 * i], nums[2 + 3 * i], nums[3 + 3 * i] };
		(void)snprintf(triple[0], 12, "%u", (unsigned)ext[i].inside);
		(void)snprintf(triple[1], 12, "%u", (unsigned)ext[i].outside);
		(void)snprintf(triple[2], 12, "%u", (unsigned)ext[i].count);
		for (int k = 0; k < 3; k++)
			argv[a++] = triple[k];
	}
	argv[a] = NULL;
	if (helper_run(path, argv, err) < 0) {
		struct stat st;
		/* The usual cause of "Operation not permitted": a copy that lost its setuid bit. */
		if (stat(path, &st) == 0 && !(st.st_mode & S_ISUID) &&
		    getxattr(path, "security.capability", NULL, 0) < 0)
			error_hint(err, "%s is neither setuid root nor has file capabilities; reinstall the uidmap package",
				   path);
		return -1;
	}
	return 0;
}

/* With CAP_SETUID/CAP_SETGID over the parent namespace the map is written directly. */
static int write_extents(pid_t pid, const char *file, const struct id_extent *ext, size_t n,
			 struct error *err)
{
	char text[IDMAP_MAX_EXTENTS * 34 + 1];
	size_t used = 0;

	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%u %u %u\n",
					 (unsigned)ext[i].inside, (unsigned)ext[i].outside,
					 (unsigned)ext[i].count);
	return write_proc(pid, file, text, err);
}

static int write_auto_maps(const struct plan *plan, pid_t pid, struct error *err)
{
	struct id_extent uids[IDMAP_MAX_EXTENTS], gids[IDMAP_MAX_EXTENTS];
	size_t nu = 0, ng = 0;

	if (auto_layout(plan, SUBUID_FILE, "uid", (uint32_t)plan->map_uid, uids, &nu, err) < 0 ||
	    auto_layout(plan, SUBGID_FILE, "gid", (uint32_t)plan->map_gid, gids, &ng, err) < 0)
		return error_wrap(err, "--map-auto");

	if (plan->privileged) {
		if (write_extents(pid, "uid_map", uids, nu, err) < 0 ||
		    write_extents(pid, "gid_map", gids, ng, err) < 0)
			return error_wrap(err, "--map-auto"),
			       error_hint(err, "the ranges in %s and %s must not overlap each other or uid %u",
					  SUBUID_FILE, SUBGID_FILE, (unsigned)plan->map_uid);
	} else {
		/*
		 * Setuid newuidmap/newgidmap write what the kernel refuses an unprivileged
		 * writer, after checking the ranges against /etc/subuid and /etc/subgid.
		 * newgidmap leaves setgroups allowed when it maps subordinate gids, so the
		 * child can still drop its supplementary groups.
		 */
		if (run_map_helper("newuidmap", pid, uids, nu, err) < 0 ||
		    run_map_helper("newgidmap", pid, gids, ng, err) < 0)
			return error_wrap(err, "--map-auto");
	}
	trace(plan->spec->verbose, "parent: uid_map 0 %u 1 + %zu subordinate range(s), gid_map 0 %u 1 + %zu",
	      (unsigned)plan->map_uid, nu - 1, (unsigned)plan->map_gid, ng - 1);
	return 0;
}

/* pid 0: the child's own maps (plan->maps_by_child); else the parent's write of pid's. */
static int write_maps(const struct plan *plan, pid_t pid, struct error *err)
{
	char uid_map[64], gid_map[64];

	switch (plan->map) {
	case MAP_AUTO:
		return write_auto_maps(plan, pid, err);
	case MAP_IDENTITY:
		/* The kernel's largest extent: every id but (uid_t)-1. */
		(void)snprintf(uid_map, sizeof(uid_map), "0 0 4294967295\n");
		(void)snprintf(gid_map, sizeof(gid_map), "0 0 4294967295\n");
		break;
	case MAP_SINGLE:
	default:
		(void)snprintf(uid_map, sizeof(uid_map), "0 %u 1\n", (unsigned)plan->map_uid);
		(void)snprintf(gid_map, sizeof(gid_map), "0 %u 1\n", (unsigned)plan->map_gid);
		break;
	}

	/*
	 * Kernel rule (user_namespaces(7), since 3.19): without CAP_SETGID in the parent
	 * namespace, gid_map may be written only after setgroups is set to "deny", or an
	 * unprivileged user could drop a group that restricts access to a file.
	 */
	if (!plan->privileged && write_proc(pid, "setgroups", "deny", err) < 0)
		return -1;
	if (write_proc(pid, "uid_map", uid_map, err) < 0 || write_proc(pid, "gid_map", gid_map, err) < 0)
		return -1;
	trace(plan->spec->verbose, "%s: uid_map %.*s, gid_map %.*s", pid ? "parent" : "child",
	      (int)strcspn(uid_map, "\n"), uid_map, (int)strcspn(gid_map, "\n"), gid_map);
	return 0;
}

int userns_write_maps(const struct plan *plan, pid_t pid, struct error *err)
{
	if ((plan->share & NS_BIT(NS_USER)) || plan->maps_by_child)
		return 0;
	return write_maps(plan, pid, err);
}

int userns_write_own_maps(const struct plan *plan, struct error *err)
{
	if (!plan->maps_by_child)
		return 0;
	/*
	 * The kernel checks the writer's credentials: one line mapping our own euid (egid),
	 * we created the namespace, and we hold CAP_SETUID (CAP_SETGID) in it, as its first
	 * process does. plan_resolve() chose this only for such a map.
	 */
	return write_maps(plan, 0, err);
}

/* A number from /proc/sys, or -1 when the file does not exist (the knob is not in this kernel). */
static long read_sysctl(const char *path)
{
	char buf[32];
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read_all(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

void userns_explain_clone_failure(const struct plan *plan, int errnum, struct error *err)
{
	long max_userns = read_sysctl("/proc/sys/user/max_user_namespaces");
	const char *blocker;

	if (plan->share & NS_BIT(NS_USER))
		return;
	blocker = userns_blocker(max_userns,
				 read_sysctl("/proc/sys/kernel/unprivileged_userns_clone"),
				 read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"),
				 plan->privileged);
	if ((blocker && errnum == EACCES) || errnum == EPERM || errnum == ENOSPC || errnum == EUSERS)
		error_kind(err, ERRK_USERNS_BLOCKED);
	if (blocker && (errnum == EPERM || errnum == EACCES || errnum == ENOSPC)) {
		error_hint(err, "%s; or run isolate with --no-userns (Landlock, seccomp and no_new_privs, no namespaces)", blocker);
	} else if (errnum == ENOSPC) {
		error_hint(err, "the limit of user namespaces is reached: sysctl user.max_user_namespaces=%ld here, and the limits of the enclosing namespaces",
			   max_userns);
	} else if (errnum == EUSERS) {
		error_hint(err, "user namespaces nest at most 32 deep");
	} else if (errnum == EPERM) {
		error_hint(err, "new user namespaces are forbidden here: by a seccomp filter (a container's), a chroot, or a security module; run isolate with --no-userns to use Landlock, seccomp and no_new_privs without namespaces");
	}
}

/*
 * Take uid/gid 0 of the new user namespace. Until now our credentials are still the
 * caller's host ids, which may not be mapped at all (root running with --map-root):
 * a process with unmapped host root ids would still own host root's files.
 */
int userns_become_root(const struct plan *plan, struct error *err)
{
	if (plan->share & NS_BIT(NS_USER))
		return 0;
	if (setresgid(0, 0, 0) < 0)
		return error_set(err, errno, "setresgid(0) in the user namespace");
	/*
	 * Drop supplementary groups (root's group 0 among them), which the kernel would
	 * otherwise keep as unmapped host groups. Rootless, setgroups is denied by the
	 * kernel rule for unprivileged maps, and the groups are the caller's own anyway.
	 */
	if (setgroups(0, NULL) < 0 && (plan->privileged || errno != EPERM))
		return error_set(err, errno, "setgroups() in the user namespace");
	if (setresuid(0, 0, 0) < 0)
		return error_set(err, errno, "setresuid(0) in the user namespace");
	trace(plan->spec->verbose, "child: uid 0, gid 0 in the user namespace");
	return 0;
}
