/* config.c - defaults that depend on who runs isolate, and cross-option checks. */
#include "config.h"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/capability.h>
#include <unistd.h>

#include "idmap.h"
#include "parse.h"
#include "util.h"

/* True when every capability in caps[] is in the effective set cur (NULL: none). */
static bool have_caps(cap_t cur, const cap_value_t *caps, int n)
{
	bool all = cur != NULL;

	for (int i = 0; all && i < n; i++) {
		cap_flag_value_t v = CAP_CLEAR;
		if (cap_get_flag(cur, caps[i], CAP_EFFECTIVE, &v) < 0 || v != CAP_SET)
			all = false;
	}
	return all;
}

static void cleanup_capp(cap_t *cur)
{
	if (*cur)
		(void)cap_free(*cur); /* the answers are taken; nothing depends on this */
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
 * Root's default: sandbox root is the user who ran sudo, or nobody. Never host root:
 * the root filesystem is shared, so host root inside could rewrite host files.
 * Sets map_uid/map_gid and, for --map-auto, whose subordinate ranges to use.
 */
static int default_root_mapping(struct isolate_config *cfg, struct error *err)
{
	const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID"), *user = getenv("SUDO_USER");
	const char *why;
	unsigned long uid, gid;

	cfg->map_uid = FALLBACK_UID;
	cfg->map_gid = FALLBACK_GID;
	/* --map-auto without sudo: root's own ranges, if /etc/subuid gives it any. */
	(void)snprintf(cfg->subid_user, sizeof(cfg->subid_user), "root");
	cfg->subid_uid = 0;
	if (!su || !*su)
		return 0;
	if (parse_uint(su, 0, 4294967294UL, &uid, &why) < 0)
		return error_set(err, 0, "SUDO_UID '%s': %s", su, why),
		       error_hint(err, "unset it or use --map-root=UID[:GID]");
	gid = uid;
	if (sg && *sg && parse_uint(sg, 0, 4294967294UL, &gid, &why) < 0)
		return error_set(err, 0, "SUDO_GID '%s': %s", sg, why),
		       error_hint(err, "unset it or use --map-root=UID[:GID]");
	/* sudo run by root says SUDO_UID=0: that is host root again, so keep nobody. */
	if (uid != 0) {
		cfg->map_uid = (uid_t)uid;
		cfg->map_gid = (gid_t)gid;
		cfg->subid_uid = (uid_t)uid;
		(void)snprintf(cfg->subid_user, sizeof(cfg->subid_user), "%s",
			       user && *user ? user : "");
	}
	return 0;
}

static const char *net_mode_name(enum net_mode mode)
{
	switch (mode) {
	case NET_VETH:
		return "veth";
	case NET_NONE:
		return "none";
	case NET_HOST:
		return "host";
	case NET_PASTA:
		return "pasta";
	case NET_DEFAULT:
		break;
	}
	return "default";
}

/* Addresses: both given, one given (the other is its link partner), or none (the pool). */
static int finalize_addresses(struct net_config *net, struct error *err)
{
	char a[CIDR_STRLEN], h[CIDR_STRLEN];
	const char *why, *env;

	if (net->address.family && !net->host_address.family &&
	    cidr_peer(&net->address, &net->host_address, &why) < 0) {
		cidr_format(&net->address, a, sizeof(a));
		return error_set(err, 0, "--address %s: %s", a, why),
		       error_hint(err, "give --host-address too, or a shorter prefix");
	}
	if (net->host_address.family && !net->address.family &&
	    cidr_peer(&net->host_address, &net->address, &why) < 0) {
		cidr_format(&net->host_address, h, sizeof(h));
		return error_set(err, 0, "--host-address %s: %s", h, why),
		       error_hint(err, "give --address too, or a shorter prefix");
	}
	if (net->address.family) {
		if (cidr_check_link(&net->address, &net->host_address, &why) == 0)
			return 0;
		cidr_format(&net->address, a, sizeof(a));
		cidr_format(&net->host_address, h, sizeof(h));
		return error_set(err, 0, "--address %s with --host-address %s: %s", a, h, why);
	}
	if (net->pool.family)
		return 0;
	env = getenv(NET_POOL_ENV);
	if (env && *env) {
		if (cidr_parse_pool(env, &net->pool, &why) < 0)
			return error_set(err, 0, "%s '%s': %s", NET_POOL_ENV, env, why),
			       error_hint(err, "unset it or fix it, e.g. %s", DEFAULT_NET_POOL);
		return 0;
	}
	if (cidr_parse_pool(DEFAULT_NET_POOL, &net->pool, &why) < 0)
		return error_set(err, 0, "default pool " DEFAULT_NET_POOL ": %s", why);
	return 0;
}

/*
 * Whether CAP_NET_ADMIN, if we have it, counts in our network namespace: the kernel
 * checks it against the user namespace that owns the network namespace, which must
 * be ours (or an ancestor of ours: the initial one, checked by the caller). Root of
 * an `unshare -r` holds the capability, but not over the host's network.
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

/*
 * The network mode: --net=host and --share=net are one thing; the default is a veth
 * pair when we may create one (CAP_NET_ADMIN on the host's network namespace), else
 * loopback only.
 */
static int finalize_net(struct isolate_config *cfg, cap_t caps, struct error *err)
{
	static const cap_value_t net_admin[] = { CAP_NET_ADMIN };
	struct net_config *net = &cfg->net;
	bool can_veth = have_caps(caps, net_admin, 1) && (!cfg->nested_userns || own_netns());

	if (net->mode == NET_DEFAULT) {
		if (cfg->share & NS_BIT(NS_NET))
			net->mode = NET_HOST;
		else if (net->veth_options)
			net->mode = NET_VETH;
		else
			net->mode = can_veth ? NET_VETH : NET_NONE;
	}
	if (net->mode == NET_HOST)
		cfg->share |= NS_BIT(NS_NET);
	else if (cfg->share & NS_BIT(NS_NET))
		return error_set(err, 0, "--net=%s needs a network namespace of its own, but --share=net keeps the host's",
				 net_mode_name(net->mode)),
		       error_hint(err, "drop one of them");
	if (net->mode != NET_VETH) {
		if (net->veth_options)
			return error_set(err, 0, "--address, --host-address, --net-pool, --veth-host, --veth-peer and --mtu apply to --net=veth only, not --net=%s",
					 net_mode_name(net->mode)),
			       error_hint(err, "drop them or use --net=veth");
		return 0;
	}
	if (!can_veth)
		return error_set(err, 0, "--net=veth: creating a veth pair needs CAP_NET_ADMIN in the host's network namespace, which this process lacks"),
		       error_hint(err, "run as root, or use --net=pasta for outbound connectivity through pasta, or --net=none for loopback only");
	return finalize_addresses(net, err);
}

/* --map-auto without privilege: the caller's own entries, by name and by uid. */
static void caller_subid_owner(struct isolate_config *cfg)
{
	const struct passwd *pw = getpwuid(cfg->caller_uid);

	cfg->subid_uid = cfg->caller_uid;
	(void)snprintf(cfg->subid_user, sizeof(cfg->subid_user), "%s", pw ? pw->pw_name : "");
}

void config_free(struct isolate_config *cfg)
{
	free(cfg->env);
	cfg->env = NULL;
	cfg->n_env = 0;
}

/* --preserve-fds=N hands on what the caller opened: each of 3..N+2 must be open. */
static int check_preserved_fds(const struct isolate_config *cfg, struct error *err)
{
	for (unsigned fd = 3; fd < 3 + cfg->preserve_fds; fd++)
		if (fcntl((int)fd, F_GETFD) < 0)
			return error_set(err, errno, "--preserve-fds=%u: fd %u", cfg->preserve_fds, fd),
			       error_hint(err, "open fds 3..%u before running isolate", cfg->preserve_fds + 2);
	return 0;
}

/*
 * PROGRAM's --uid/--gid must exist in the sandbox's user namespace: a single-id map
 * has only 0. Said here, before anything is created, rather than as EINVAL later.
 * (--map-identity maps every id; --map-auto maps ranges, which the kernel checks.)
 */
static int check_ids_mapped(const struct isolate_config *cfg, struct error *err)
{
	if (cfg->map != MAP_SINGLE)
		return 0;
	if (cfg->uid != 0)
		return error_set(err, 0, "--uid=%u: only uid 0 is mapped in the sandbox", (unsigned)cfg->uid),
		       error_hint(err, "add --map-identity (as root) or --map-auto, or leave --uid out");
	if (cfg->gid != 0)
		return error_set(err, 0, "--gid=%u: only gid 0 is mapped in the sandbox", (unsigned)cfg->gid),
		       error_hint(err, "add --map-identity (as root) or --map-auto, or leave --gid out");
	return 0;
}

static int resolve_mapping(struct isolate_config *cfg, struct error *err);

int config_finalize(struct isolate_config *cfg, struct error *err)
{
	if (check_preserved_fds(cfg, err) < 0 || resolve_mapping(cfg, err) < 0)
		return -1;
	if (!(cfg->share & NS_BIT(NS_USER)) && check_ids_mapped(cfg, err) < 0)
		return -1;
	return 0;
}

static int resolve_mapping(struct isolate_config *cfg, struct error *err)
{
	/*
	 * Rootless means: not able to do what isolate does for root on the host side,
	 * which is writing arbitrary id maps (CAP_SETUID/CAP_SETGID) and network setup in
	 * the host's namespaces (CAP_SYS_ADMIN, CAP_NET_ADMIN). Capabilities count only
	 * in the initial user namespace: root inside another container holds them over
	 * that container's namespaces alone, and can map only the ids it has itself.
	 */
	static const cap_value_t admin[] = { CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETUID, CAP_SETGID };
	static const cap_value_t sys_admin[] = { CAP_SYS_ADMIN };
	/* Read once: every question below is about the same effective set. */
	__attribute__((cleanup(cleanup_capp))) cap_t caps = cap_get_proc();

	cfg->caller_uid = geteuid();
	cfg->caller_gid = getegid();
	cfg->nested_userns = !in_initial_userns();
	cfg->privileged = !cfg->nested_userns && have_caps(caps, admin, (int)ARRAY_SIZE(admin));
	if (finalize_net(cfg, caps, err) < 0)
		return -1;

	if (cfg->share & NS_BIT(NS_USER)) {
		/* pasta attaches to the sandbox through its user namespace (see pasta.c). */
		if (cfg->net.mode == NET_PASTA)
			return error_set(err, 0, "--net=pasta joins the sandbox's own user namespace, but --share=user keeps the host's"),
			       error_hint(err, "drop one of them");
		if (cfg->map != MAP_DEFAULT)
			return error_set(err, 0, "--share=user keeps the host's user namespace, so there is no id map to set"),
			       error_hint(err, "drop --map-root/--map-identity/--map-auto");
		/* New namespaces owned by our own user namespace: CAP_SYS_ADMIN in it suffices. */
		if (!have_caps(caps, sys_admin, 1) && (cfg->share & NS_ALL) != NS_ALL)
			return error_set(err, 0, "--share=user: new namespaces without a new user namespace need CAP_SYS_ADMIN"),
			       error_hint(err, "run as root, or do not share the user namespace");
		return 0;
	}

	if (cfg->privileged) {
		switch (cfg->map) {
		case MAP_DEFAULT:
			cfg->map = MAP_SINGLE;
			return default_root_mapping(cfg, err);
		case MAP_AUTO:
			return default_root_mapping(cfg, err);
		default:
			return 0;
		}
	}

	/* Rootless: the kernel lets us map our own ids only, one each. */
	switch (cfg->map) {
	case MAP_DEFAULT:
		cfg->map = MAP_SINGLE;
		cfg->map_uid = cfg->caller_uid;
		cfg->map_gid = cfg->caller_gid;
		return 0;
	case MAP_SINGLE:
		if (cfg->map_uid != cfg->caller_uid || cfg->map_gid != cfg->caller_gid)
			return error_set(err, 0, "--map-root=%u:%u: without CAP_SETUID/CAP_SETGID only your own ids (%u:%u) can be mapped",
					 (unsigned)cfg->map_uid, (unsigned)cfg->map_gid,
					 (unsigned)cfg->caller_uid, (unsigned)cfg->caller_gid),
			       error_hint(err, cfg->nested_userns ? "use --map-auto for more ids"
								  : "run as root, or use --map-auto for more ids");
		return 0;
	case MAP_IDENTITY:
		return error_set(err, 0, "--map-identity needs CAP_SETUID and CAP_SETGID in the initial user namespace"),
		       error_hint(err, "run as root");
	case MAP_AUTO:
		/* Root inside is the caller; ids 1... come from newuidmap/newgidmap. */
		cfg->map_uid = cfg->caller_uid;
		cfg->map_gid = cfg->caller_gid;
		caller_subid_owner(cfg);
		return 0;
	}
	return 0;
}
