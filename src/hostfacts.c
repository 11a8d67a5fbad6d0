/* hostfacts.c - probe the host once (see hostfacts.h). */
#include "hostfacts.h"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "idmap.h"

static void cleanup_capp(cap_t *cur)
{
	if (*cur)
		(void)cap_free(*cur); /* the answers are taken; nothing depends on this */
}

static bool has_cap(cap_t cur, cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;

	return cur && cap_get_flag(cur, cap, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET;
}

/* True when we run in the initial user namespace, whose uid_map maps every id to itself. */
static bool in_initial_userns(void)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC));
	char buf[128];
	ssize_t n;

	/* Without /proc we cannot tell; the capabilities alone decide then. */
	if (fd < 0)
		return true;
	n = read_all(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return true;
	buf[n] = '\0';
	return idmap_is_initial(buf);
}

/*
 * Whether CAP_NET_ADMIN, if we have it, counts in our network namespace: the kernel
 * checks it against the user namespace that owns the network namespace, which must
 * be ours (or an ancestor of ours: the initial one). Root of an `unshare -r` holds the
 * capability, but not over the host's network.
 */
static bool own_netns(void)
{
	_cleanup_fd_ int net = TEMP_FAILURE_RETRY(open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
	_cleanup_fd_ int owner = -1;
	struct stat a, b;

	if (net < 0)
		return false;
	owner = ioctl(net, NS_GET_USERNS);
	if (owner < 0 || fstat(owner, &a) < 0 || stat("/proc/self/ns/user", &b) < 0)
		return false;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static const char *env_or_null(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

void hostfacts_probe(const struct spec *spec, struct hostfacts *f)
{
	/* Read once: every question below is about the same effective set. */
	__attribute__((cleanup(cleanup_capp))) cap_t caps = cap_get_proc();

	*f = (struct hostfacts){ .euid = geteuid(), .egid = getegid() };
	f->initial_userns = in_initial_userns();
	f->cap_sys_admin = has_cap(caps, CAP_SYS_ADMIN);
	f->cap_net_admin = has_cap(caps, CAP_NET_ADMIN);
	f->cap_setuid = has_cap(caps, CAP_SETUID);
	f->cap_setgid = has_cap(caps, CAP_SETGID);
	/* Only asked when nested: in the initial namespace the answer is yes. */
	f->own_netns = f->initial_userns || own_netns();
	f->sudo_uid = env_or_null("SUDO_UID");
	f->sudo_gid = env_or_null("SUDO_GID");
	f->sudo_user = env_or_null("SUDO_USER");
	f->net_pool_env = env_or_null(NET_POOL_ENV);
	/* getpwuid loads NSS modules: a cost paid only by --map-auto, which needs the name. */
	if (spec->map == MAP_AUTO) {
		const struct passwd *pw = getpwuid(f->euid);

		(void)snprintf(f->user_name, sizeof(f->user_name), "%s", pw ? pw->pw_name : "");
	}
	/* Where the invoking user lives: plan.c may make it PROGRAM's HOME (see there). */
	if (f->sudo_user && f->euid == 0) {
		const struct passwd *pw = getpwnam(f->sudo_user);

		if (pw && pw->pw_dir && strlen(pw->pw_dir) < sizeof(f->sudo_home)) {
			(void)snprintf(f->sudo_home, sizeof(f->sudo_home), "%s", pw->pw_dir);
			f->sudo_home_uid = pw->pw_uid;
		}
	}
	while (f->open_fds < spec->preserve_fds && fcntl((int)(3 + f->open_fds), F_GETFD) >= 0)
		f->open_fds++;
}
