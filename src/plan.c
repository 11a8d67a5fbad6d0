/* plan.c - every default and every cross-option conflict, decided once (see plan.h).
 * Pure: reads the spec and the facts, writes the plan; no I/O. */
#include "plan.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/capability.h>

#include "parse.h"
#include "units.h"

/* RFC 8200, section 5: every IPv6 link carries 1280-byte packets. */
#define IPV6_MIN_MTU 1280

/* --cap-add and --cap-drop must not name the same capability, nor both ALL. */
static int check_caps(const struct spec *s, struct error *err)
{
	uint64_t both = s->cap_add.bits & s->cap_drop.bits;

	if (both) {
		char *name = cap_to_name((cap_value_t)__builtin_ctzll(both));

		for (char *p = name; p && *p; p++)
			*p = (char)toupper((unsigned char)*p);
		error_set(err, 0, "%s is given to both --cap-add and --cap-drop", name ? name : "a capability");
		if (name)
			(void)cap_free(name);
		return -1;
	}
	if (s->cap_add.all && s->cap_drop.all)
		return error_set(err, 0, "--cap-add=ALL and --cap-drop=ALL contradict each other");
	return 0;
}

/* --preserve-fds=N hands on what the caller opened: each of 3..N+2 must be open. */
static int check_preserved_fds(const struct spec *s, const struct hostfacts *f, struct error *err)
{
	if (f->open_fds >= s->preserve_fds)
		return 0;
	return error_set(err, EBADF, "--preserve-fds=%u: fd %u", s->preserve_fds, 3 + f->open_fds),
	       error_hint(err, "open fds 3..%u before running isolate", s->preserve_fds + 2);
}

/*
 * Root's default: sandbox root is the user who ran sudo, or nobody. Never host root:
 * the root filesystem is shared, so host root inside could rewrite host files.
 * Sets map_uid/map_gid and, for --map-auto, whose subordinate ranges to use.
 */
static int default_root_mapping(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const char *why;
	unsigned long uid, gid;

	p->map_uid = FALLBACK_UID;
	p->map_gid = FALLBACK_GID;
	/* --map-auto without sudo: root's own ranges, if /etc/subuid gives it any. */
	(void)snprintf(p->subid_user, sizeof(p->subid_user), "root");
	p->subid_uid = 0;
	if (!f->sudo_uid)
		return 0;
	if (parse_uint(f->sudo_uid, 0, ID_MAX, &uid, &why) < 0)
		return error_set(err, 0, "SUDO_UID '%s': %s", f->sudo_uid, why),
		       error_hint(err, "unset it or use --map-root=UID[:GID]");
	gid = uid;
	if (f->sudo_gid && parse_uint(f->sudo_gid, 0, ID_MAX, &gid, &why) < 0)
		return error_set(err, 0, "SUDO_GID '%s': %s", f->sudo_gid, why),
		       error_hint(err, "unset it or use --map-root=UID[:GID]");
	/* sudo run by root says SUDO_UID=0: that is host root again, so keep nobody. */
	if (uid != 0) {
		p->map_uid = (uid_t)uid;
		/* Nor host gid 0 (a sudoer whose primary group is root, or a forged
		 * SUDO_GID): it owns files such as /etc/shadow on some systems. */
		if (gid != 0)
			p->map_gid = (gid_t)gid;
		p->subid_uid = (uid_t)uid;
		(void)snprintf(p->subid_user, sizeof(p->subid_user), "%s",
			       f->sudo_user ? f->sudo_user : "");
	}
	return 0;
}

/* Addresses: both given, one given (the other is its link partner), or none (the pool). */
static int resolve_addresses(const struct hostfacts *f, struct net_config *net, struct error *err)
{
	char a[CIDR_STRLEN], h[CIDR_STRLEN];
	const char *why;

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
	if (f->net_pool_env) {
		if (cidr_parse_pool(f->net_pool_env, &net->pool, &why) < 0)
			return error_set(err, 0, "%s '%s': %s", NET_POOL_ENV, f->net_pool_env, why),
			       error_hint(err, "unset it or fix it, e.g. %s", DEFAULT_NET_POOL);
		return 0;
	}
	if (cidr_parse_pool(DEFAULT_NET_POOL, &net->pool, &why) < 0)
		return error_set(err, 0, "default pool " DEFAULT_NET_POOL ": %s", why);
	return 0;
}

/* IPv6 needs links of at least 1280 bytes (RFC 8200): the kernel would refuse the
 * address only after the pair exists, without naming --mtu. */
static int check_mtu(const struct net_config *net, struct error *err)
{
	const struct cidr *v6 = net->address.family ? &net->address : &net->pool;
	char text[CIDR_STRLEN];

	if (!net->mtu || net->mtu >= IPV6_MIN_MTU || v6->family != AF_INET6)
		return 0;
	cidr_format(v6, text, sizeof(text));
	return error_set(err, 0, "--mtu %u: IPv6 (%s %s) needs an MTU of at least %d", net->mtu,
			 net->address.family ? "--address" : "the pool", text, IPV6_MIN_MTU),
	       error_hint(err, "raise --mtu or use an IPv4 address");
}

/* --publish needs a network of the sandbox's own that isolate connects to the host. */
static int check_publish(const struct spec *s, const struct net_config *net, struct error *err)
{
	const struct publish_rule *r;

	if (s->publish.n > PUBLISH_MAX)
		return error_set(err, 0, "%s: more than %d --publish rules",
				 VEC_AT(&s->publish, struct publish_rule, PUBLISH_MAX)->origin, PUBLISH_MAX),
		       error_hint(err, "publish a few ports, or use --net=host");
	if (!s->publish.n || net->mode == NET_VETH || net->mode == NET_PASTA)
		return 0;
	r = VEC_AT(&s->publish, struct publish_rule, 0);
	return error_set(err, 0, "%s needs --net=veth or --net=pasta, not --net=%s", r->origin,
			 net_mode_names[net->mode]),
	       error_hint(err, net->mode == NET_HOST ? "with the host's network the port is the host's already"
						       : "drop --publish or choose --net=veth or --net=pasta");
}

/* veth: the DNAT goes to the sandbox's address, of one family. */
static int check_publish_family(const struct spec *s, const struct net_config *net, struct error *err)
{
	int family = net->address.family ? net->address.family : net->pool.family;

	for (size_t i = 0; i < s->publish.n; i++) {
		const struct publish_rule *r = VEC_AT(&s->publish, struct publish_rule, i);

		if (r->rule.host_ip.family && r->rule.host_ip.family != family)
			return error_set(err, 0, "%s: the sandbox's address is %s, HOSTIP is not", r->origin,
					 family == AF_INET ? "IPv4" : "IPv6"),
			       error_hint(err, "publish on a HOSTIP of the sandbox's family");
	}
	return 0;
}

/*
 * The network mode: --net=host and --share=net are one thing; the default is a veth
 * pair when we may create one (CAP_NET_ADMIN over the host's network namespace), else
 * loopback only.
 */
static int resolve_net(const struct hostfacts *f, struct plan *p, struct error *err)
{
	struct net_config *net = &p->net;
	bool can_veth = f->cap_net_admin && f->own_netns;
	const char *mode;

	if (net->mode == NET_DEFAULT) {
		if (p->share & NS_BIT(NS_NET))
			net->mode = NET_HOST;
		else if (net->veth_origin || net->egress_origin || can_veth)
			net->mode = NET_VETH;
		/* A podman user's -p works rootless too: through pasta, as podman's does. */
		else
			net->mode = p->spec->publish.n ? NET_PASTA : NET_NONE;
	}
	mode = net_mode_names[net->mode];
	if (net->mode == NET_HOST)
		p->share |= NS_BIT(NS_NET);
	else if (p->share & NS_BIT(NS_NET))
		return error_set(err, 0, "--net=%s needs a network namespace of its own, but --share=net keeps the host's",
				 mode),
		       error_hint(err, "drop one of them");
	if (check_publish(p->spec, net, err) < 0)
		return -1;
	if (net->mode != NET_VETH) {
		if (net->egress_origin)
			return error_set(err, 0, "%s applies to --net=veth only, not --net=%s", net->egress_origin, mode),
			       error_hint(err, "drop it or use --net=veth");
		if (net->veth_origin)
			return error_set(err, 0, "--address, --host-address, --net-pool, --veth-host, --veth-peer and --mtu apply to --net=veth only, not --net=%s",
					 mode),
			       error_hint(err, "drop them or use --net=veth");
		return 0;
	}
	if (!can_veth)
		return error_set(err, 0, "--net=veth: creating a veth pair needs CAP_NET_ADMIN in the host's network namespace, which this process lacks"),
		       error_kind(err, ERRK_PERMISSION), error_hint(err, "run as root, or use --net=pasta for outbound connectivity through pasta, or --net=none for loopback only");
	if (net->egress == EGRESS_DEFAULT)
		net->egress = EGRESS_NAT;
	if (resolve_addresses(f, net, err) < 0 || check_publish_family(p->spec, net, err) < 0)
		return -1;
	return check_mtu(net, err);
}

/* With the host's user namespace there is no map; what may still be asked. */
static int resolve_shared_userns(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const struct spec *s = p->spec;

	/* pasta attaches to the sandbox through its user namespace (see pasta.c). */
	if (p->net.mode == NET_PASTA)
		return error_set(err, 0, "--net=pasta joins the sandbox's own user namespace, but --share=user keeps the host's"),
		       error_hint(err, "drop one of them");
	if (s->map != MAP_DEFAULT)
		return error_set(err, 0, "--share=user keeps the host's user namespace, so there is no id map to set"),
		       error_hint(err, "drop --map-root/--map-identity/--map-auto");
	/* New namespaces owned by our own user namespace: CAP_SYS_ADMIN in it suffices. */
	if (!f->cap_sys_admin && (p->share & ns_made_mask()) != ns_made_mask())
		return error_set(err, 0, "--share=user: new namespaces without a new user namespace need CAP_SYS_ADMIN"),
		       error_kind(err, ERRK_PERMISSION), error_hint(err, "run as root, or do not share the user namespace");
	/* Unprivileged in the host's user namespace, PROGRAM keeps the caller's own capabilities. */
	if (!p->privileged && (s->cap_add.all || s->cap_add.bits))
		return error_set(err, EPERM, "--cap-add with --share=user needs privilege"),
		       error_kind(err, ERRK_PERMISSION);
	p->map = MAP_IDENTITY;
	return 0;
}

/* Rootless: the kernel lets us map our own ids only, one each, or newuidmap ranges. */
static int resolve_rootless_map(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const struct spec *s = p->spec;

	p->map = s->map == MAP_DEFAULT ? MAP_SINGLE : s->map;
	p->map_uid = f->euid;
	p->map_gid = f->egid;
	switch (s->map) {
	case MAP_SINGLE:
		if (s->map_uid != f->euid || s->map_gid != f->egid)
			return error_set(err, 0, "--map-root=%u:%u: without CAP_SETUID/CAP_SETGID only your own ids (%u:%u) can be mapped",
					 (unsigned)s->map_uid, (unsigned)s->map_gid,
					 (unsigned)f->euid, (unsigned)f->egid),
			       error_kind(err, ERRK_PERMISSION), error_hint(err, p->nested_userns ? "use --map-auto for more ids"
								: "run as root, or use --map-auto for more ids");
		return 0;
	case MAP_IDENTITY:
		return error_set(err, 0, "--map-identity needs CAP_SETUID and CAP_SETGID in the initial user namespace"),
		       error_kind(err, ERRK_PERMISSION), error_hint(err, "run as root");
	case MAP_AUTO:
		/* Root inside is the caller; ids 1... come from newuidmap/newgidmap. */
		p->subid_uid = f->euid;
		(void)snprintf(p->subid_user, sizeof(p->subid_user), "%s", f->user_name);
		return 0;
	case MAP_DEFAULT:
		return 0;
	}
	return 0;
}

static int resolve_map(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const struct spec *s = p->spec;

	if (p->share & NS_BIT(NS_USER))
		return resolve_shared_userns(f, p, err);
	if (!p->privileged)
		return resolve_rootless_map(f, p, err);
	p->map = s->map == MAP_DEFAULT ? MAP_SINGLE : s->map;
	p->map_uid = s->map_uid;
	p->map_gid = s->map_gid;
	if (s->map == MAP_DEFAULT || s->map == MAP_AUTO)
		return default_root_mapping(f, p, err);
	return 0;
}

/*
 * PROGRAM's --uid/--gid must exist in the sandbox's user namespace: a single-id map
 * has only 0. Said here, before anything is created, rather than as EINVAL later.
 * (--map-identity maps every id; --map-auto maps ranges, which the kernel checks.)
 */
static int check_ids_mapped(const struct plan *p, struct error *err)
{
	const struct spec *s = p->spec;

	if ((p->share & NS_BIT(NS_USER)) || p->map != MAP_SINGLE)
		return 0;
	if (s->uid != 0)
		return error_set(err, 0, "--uid=%u: only uid 0 is mapped in the sandbox", (unsigned)s->uid),
		       error_hint(err, "add --map-identity (as root) or --map-auto, or leave --uid out");
	if (s->gid != 0)
		return error_set(err, 0, "--gid=%u: only gid 0 is mapped in the sandbox", (unsigned)s->gid),
		       error_hint(err, "add --map-identity (as root) or --map-auto, or leave --gid out");
	return 0;
}

int plan_state_dir(const struct hostfacts *f, char *buf, size_t size, struct error *err)
{
	const char *base = f->state_dir_env;
	int n;

	/* Root's records are root's alone; a user's live in the user's runtime directory. */
	if (!base && f->euid == 0 && f->initial_userns)
		base = ROOT_STATE_DIR;
	if (base)
		n = snprintf(buf, size, "%s", base);
	else if (f->runtime_dir_env)
		n = snprintf(buf, size, "%s/isolate", f->runtime_dir_env);
	else
		return error_set(err, 0, "named instances need a directory of your own for their records, but XDG_RUNTIME_DIR is not set"),
		       error_kind(err, ERRK_CONFIG),
		       error_hint(err, "set XDG_RUNTIME_DIR or %s to a directory of yours", STATE_DIR_ENV);
	if (n < 0 || (size_t)n >= size || buf[0] != '/')
		return error_set(err, 0, "the state directory '%s' is not an absolute path that fits PATH_MAX", buf),
		       error_kind(err, ERRK_CONFIG), error_hint(err, "check %s and XDG_RUNTIME_DIR", STATE_DIR_ENV);
	return 0;
}

/* --info-fd and --json-status-fd: open fds of the caller's, kept from PROGRAM. */
static int check_status_fds(const struct spec *s, const struct hostfacts *f, struct error *err)
{
	const struct { const char *opt; int fd; bool open; } fds[] = {
		{ "--info-fd", s->info_fd, f->info_fd_open },
		{ "--json-status-fd", s->json_status_fd, f->json_status_fd_open },
	};

	for (size_t i = 0; i < ARRAY_SIZE(fds); i++) {
		if (fds[i].fd < 0)
			continue;
		if (!fds[i].open)
			return error_set(err, EBADF, "%s %d", fds[i].opt, fds[i].fd),
			       error_hint(err, "open the fd before running isolate, e.g. %d>FILE", fds[i].fd);
		if (fds[i].fd >= 3 && (unsigned)fds[i].fd < 3 + s->preserve_fds)
			return error_set(err, 0, "%s %d: the fd is one --preserve-fds=%u passes on to PROGRAM",
					 fds[i].opt, fds[i].fd, s->preserve_fds);
	}
	if (s->info_fd >= 0 && s->info_fd == s->json_status_fd)
		return error_set(err, 0, "--info-fd and --json-status-fd name the same fd %d", s->info_fd);
	return 0;
}

/* --name, --detach and --log; the state directory when a name is registered. */
static int resolve_instance(const struct spec *s, const struct hostfacts *f, struct plan *p,
			    struct error *err)
{
	if (s->log_path && !s->detach)
		return error_set(err, 0, "--log applies to --detach only (attached, PROGRAM writes to your terminal)");
	p->lifetime = s->detach ? LIFETIME_DETACHED : LIFETIME_ATTACHED;
	/* Without namespaces there is no sandbox to name, enter or supervise apart. */
	if (s->no_userns && (s->name || s->detach))
		return error_set(err, 0, "--%s: --no-userns makes no sandbox to name or detach", s->name ? "name" : "detach"),
		       error_hint(err, "drop one of them");
	if (s->detach && s->die_with_parent)
		return error_set(err, 0, "--detach and --die-with-parent contradict each other"),
		       error_hint(err, "drop one of them");
	p->register_name = s->name || s->detach;
	if (!p->register_name && s->op != OP_JOIN)
		return 0;
	return plan_state_dir(f, p->state_dir, sizeof(p->state_dir), err);
}

/* The least quota cpu.max and cpu.cfs_quota_us take is 1 ms; isolate's period is 100 ms. */
#define MIN_MILLICPUS 10

/* Values that only the host can judge, and options that only make sense together. */
static int check_limits(const struct spec *s, const struct hostfacts *f, struct error *err)
{
	const struct limits_spec *l = &s->limits;
	unsigned ncpus = cpuset_count(&f->cg.cpus);
	char list[256];

	if (f->cg.probed && cpuset_format(&f->cg.cpus, list, sizeof(list)) < 0)
		(void)snprintf(list, sizeof(list), "%u CPUs", ncpus);
	if (l->millicpus && l->millicpus < MIN_MILLICPUS)
		return error_set(err, 0, "%s: below 0.01, the least CPU bandwidth the kernel enforces",
				 l->cpus_origin);
	if (l->millicpus && f->cg.probed && l->millicpus > 1000UL * ncpus)
		return error_set(err, 0, "%s: more than the %u CPU%s isolate may use here (%s)",
				 l->cpus_origin, ncpus, ncpus == 1 ? "" : "s", list);
	if (l->has_cpuset && f->cg.probed) {
		int missing = cpuset_first_missing(&l->cpuset, &f->cg.cpus);

		if (missing >= 0)
			return error_set(err, 0, "%s: CPU %d is not one isolate may use here (%s)",
					 l->cpuset_origin, missing, list);
	}
	if (l->kill_after && !l->timeout && !l->cpu_time)
		return error_set(err, 0, "%s applies to --timeout and --cpu-time only", l->kill_after_origin),
		       error_hint(err, "add one of them, or drop it");
	if (l->report_fd >= 0 && !f->report_fd_open)
		return error_set(err, EBADF, "%s", l->report_origin),
		       error_hint(err, "open fd %d before running isolate", l->report_fd);
	if (l->report_fd >= 3 && (unsigned)l->report_fd < 3 + s->preserve_fds)
		return error_set(err, 0, "%s: fd %d is also passed on to PROGRAM by --preserve-fds=%u",
				 l->report_origin, l->report_fd, s->preserve_fds),
		       error_hint(err, "use an fd above %u", s->preserve_fds + 2);
	return 0;
}

/* The controllers that the limits themselves need. */
static unsigned limit_controllers(const struct limits_spec *l)
{
	return (l->memory ? CG_BIT(CG_MEMORY) : 0) | (l->pids ? CG_BIT(CG_PIDS) : 0) |
	       (l->millicpus ? CG_BIT(CG_CPU) : 0) | (l->has_cpuset ? CG_BIT(CG_CPUSET) : 0);
}

static const char *first_controller(unsigned bits)
{
	return bits ? cg_controller_names[__builtin_ctz(bits)] : "a";
}

/* Why no cgroup can be made for origin: one line with the way out. */
static int no_cgroup(const struct plan *p, const struct hostfacts *f, const char *origin,
		     unsigned v2_missing, unsigned v1_missing, struct error *err)
{
	const char *scope = "systemd-run --user --scope -p Delegate=yes isolate ...";

	if (p->privileged)
		return error_set(err, 0, "%s: the %s controller is not available here (neither on cgroup v2 nor on a v1 hierarchy)",
				 origin, first_controller(v2_missing & v1_missing));
	/* v1 hierarchies cannot be delegated safely: the kernel never meant them to be. */
	if (!f->cg.v2_mount[0])
		return error_set(err, 0, "%s: this host has cgroup v1 only, which only root may use", origin),
		       error_hint(err, "run as root, or on a host with cgroup v2");
	if (v2_missing & ~v1_missing)
		return error_set(err, 0, "%s: the %s controller is on cgroup v1 here, which only root may use",
				 origin, first_controller(v2_missing & ~v1_missing)),
		       error_hint(err, "run as root, or on a host with cgroup v2");
	if (!f->cg.v2_self_writable)
		return error_set(err, 0, "%s: limits need a cgroup, and this user has no delegated cgroup v2 subtree",
				 origin),
		       error_hint(err, "run it as: %s", scope);
	return error_set(err, 0, "%s: the %s controller is not delegated to this user's cgroup", origin,
			 first_controller(v2_missing)),
	       error_hint(err, "run it as: %s", scope);
}

static void set_base(char *base, size_t size, const char *mount, const char *self)
{
	(void)snprintf(base, size, "%s%s/isolate", mount, strcmp(self, "/") == 0 ? "" : self);
}

/* A v1 run needs one hierarchy at least, to find every process of the sandbox. */
static unsigned v1_process_hierarchy(unsigned have)
{
	static const enum cg_controller order[] = { CG_PIDS, CG_MEMORY, CG_CPUACCT, CG_CPU, CG_CPUSET };

	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (have & CG_BIT(order[i]))
			return CG_BIT(order[i]);
	return 0;
}

/*
 * cgroup v2 when it has every controller the limits need; v1 (root only) otherwise, as
 * on hybrid hosts that keep the controllers on v1. Limits and --cpu-time need a cgroup;
 * --report alone takes one where it can (for the fields a controller adds, the
 * report's controllers are enabled where they are available) and reports without the
 * cgroup's fields where it cannot.
 */
static int resolve_cgroup(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const struct limits_spec *l = &p->spec->limits;
	const struct cgroup_facts *cg = &f->cg;
	struct cgroup_plan *out = &p->cgroup;
	unsigned need = limit_controllers(l), want = p->report ? CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) : 0;
	unsigned v1_need = need | (l->cpu_time ? CG_BIT(CG_CPUACCT) : 0);
	unsigned v1_want = want | (p->report ? CG_BIT(CG_CPUACCT) : 0);
	unsigned v2_have, v1_have = 0;
	/* Without a PID namespace of its own, only a cgroup finds every process to stop. */
	const char *origin = l->cgroup_origin ? l->cgroup_origin
			     : l->timeout && (p->share & NS_BIT(NS_PID)) ? "--timeout with --share=pid"
									  : NULL;
	bool v2_ok, v1_ok, delegated = !p->privileged && cg->v2_self_writable;

	if (!origin && !p->report)
		return 0;
	v2_have = p->privileged ? cg->v2_root_controllers : cg->v2_self_controllers;
	for (int c = 0; c < CG_CONTROLLERS; c++)
		if (cg->v1_mount[c][0])
			v1_have |= CG_BIT(c);
	v2_ok = cg->v2_mount[0] && (p->privileged || delegated) && !(need & ~v2_have);
	v1_ok = p->privileged && v1_have && !(v1_need & ~v1_have);
	if (v2_ok) {
		out->version = CG_V2;
		out->controllers = need | (want & v2_have);
		out->delegated = delegated;
		if (delegated)
			set_base(out->base[0], sizeof(out->base[0]), cg->v2_mount, cg->v2_self);
		else
			set_base(out->base[0], sizeof(out->base[0]), cg->v2_mount, "/");
	} else if (v1_ok) {
		out->version = CG_V1;
		out->controllers = v1_need | (v1_want & v1_have);
		if (!out->controllers)
			out->controllers = v1_process_hierarchy(v1_have);
		for (int c = 0; c < CG_CONTROLLERS; c++)
			if (out->controllers & CG_BIT(c))
				set_base(out->base[c], sizeof(out->base[c]), cg->v1_mount[c], cg->v1_self[c]);
	} else if (!origin) {
		return 0;
	} else {
		return no_cgroup(p, f, origin, need & ~v2_have, v1_need & ~v1_have, err);
	}
	if (p->privileged)
		(void)snprintf(out->lock_dir, sizeof(out->lock_dir), "/run/isolate/cgroups");
	else if (cg->runtime_dir)
		(void)snprintf(out->lock_dir, sizeof(out->lock_dir), "%s/isolate/cgroups", cg->runtime_dir);
	return 0;
}

/* The first option --no-userns cannot honour, as the user would recognise it; NULL: none. */
static const char *needs_namespaces(const struct spec *s)
{
	if (s->share)
		return "--share";
	if (s->hostname)
		return "--hostname";
	if (s->map_origin)
		return s->map_origin;
	if (s->net.veth_origin)
		return s->net.veth_origin;
	if (s->net.egress_origin)
		return s->net.egress_origin;
	if (s->publish.n)
		return VEC_AT(&s->publish, struct publish_rule, 0)->origin;
	if (s->net.mode == NET_VETH)
		return "--net=veth";
	if (s->net.mode == NET_PASTA)
		return "--net=pasta";
	if (s->set_uid)
		return "--uid";
	if (s->set_gid)
		return "--gid";
	if (s->as_pid_1)
		return "--as-pid-1";
	if (s->cap_add.all || s->cap_add.bits)
		return "--cap-add";
	if (s->allow_new_privs)
		return "--allow-new-privs";
	/* Of the filesystem options only --rw has a meaning without a mount namespace. */
	if (s->fs.ops.n)
		return VEC_AT(&s->fs.ops, struct mount_op, 0)->origin;
	if (s->fs.root_origin)
		return s->fs.root_origin;
	if (s->fs.keep_origin)
		return s->fs.keep_origin;
	if (s->fs.ephemeral)
		return "--ephemeral";
	if (s->fs.read_only)
		return "--read-only";
	if (s->fs.private_tmp)
		return "--private-tmp";
	if (s->fs.next_origin)
		return s->fs.next_origin;
	/* Limits and the report go with the sandbox's run, which --no-userns does not make. */
	if (s->limits.cgroup_origin)
		return s->limits.cgroup_origin;
	if (s->limits.timeout)
		return "--timeout";
	if (s->limits.report_origin)
		return s->limits.report_origin;
	if (s->limits.rlimits.n)
		return "--rlimit";
	return NULL;
}

/*
 * --no-userns: PROGRAM runs in the host's namespaces as the caller, without
 * capabilities, under no_new_privs, seccomp and Landlock. Options that need a
 * namespace, or would loosen that, are refused by name.
 */
static int resolve_no_userns(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const struct spec *s = p->spec;
	const char *bad = needs_namespaces(s);

	if (bad)
		return error_set(err, 0, "%s cannot be used with --no-userns, which creates no namespaces", bad),
		       error_hint(err, "drop one of them; isolate(1) lists what works under --no-userns");
	if (f->landlock_abi <= 0)
		return error_set(err, 0, "--no-userns needs Landlock, which this kernel does not offer"),
		       error_hint(err, "Linux 5.13 or later with CONFIG_SECURITY_LANDLOCK and landlock in the lsm= boot list");
	p->no_userns = true;
	p->share = ns_made_mask();
	p->map = MAP_IDENTITY;
	p->net.mode = NET_HOST;
	p->landlock = true;
	p->landlock_abi = f->landlock_abi;
	/* Without a network namespace only Landlock can keep PROGRAM off the network. */
	if (s->net.mode == NET_NONE && f->landlock_abi < 4)
		return error_set(err, 0, "--net=none with --no-userns: this kernel's Landlock (ABI %d) cannot refuse TCP; ABI 4 (Linux 6.7) can",
				 f->landlock_abi),
		       error_hint(err, "use --net=host, or run where user namespaces are allowed");
	p->landlock_deny_tcp = s->net.mode != NET_HOST;
	return 0;
}

static int resolve_landlock(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const struct spec *s = p->spec;

	if (!s->landlock)
		return 0;
	if (f->landlock_abi <= 0)
		return error_set(err, 0, "--landlock: this kernel does not offer Landlock"),
		       error_hint(err, "Linux 5.13 or later with CONFIG_SECURITY_LANDLOCK and landlock in the lsm= boot list");
	p->landlock = true;
	p->landlock_abi = f->landlock_abi;
	return 0;
}

/* The filesystem view: what comes with the namespaces, and what the options may combine. */
static int resolve_fs(const struct hostfacts *f, struct plan *p, struct error *err)
{
	const struct fs_config *fs = &p->spec->fs;

	if (p->share & NS_BIT(NS_MNT)) {
		if (fs->first_origin)
			return error_set(err, 0, "%s needs a mount namespace of its own, but --share=mnt keeps the host's",
					 fs->first_origin),
			       error_hint(err, "drop one of them");
		return 0;
	}
	if (fs->ephemeral && fs->keep_changes)
		return error_set(err, 0, "--ephemeral and %s: --keep-changes is --ephemeral with the changes kept",
				 fs->keep_origin),
		       error_hint(err, "drop one of them");
	/* --landlock makes the host's tree read-only to PROGRAM too (landlock.c). */
	if (fs->rw.n && !fs->read_only && !p->landlock)
		return error_set(err, 0, "%s keeps a path writable under --read-only or --landlock, neither of which is given",
				 VEC_AT(&fs->rw, struct mount_op, 0)->origin),
		       error_hint(err, "add --read-only or --landlock, or drop --rw");
	p->fs.new_mnt = true;
	p->fs.fresh_proc = !(p->share & NS_BIT(NS_PID));
	p->fs.private_ipc = !(p->share & NS_BIT(NS_IPC));
	p->fs.fresh_sys = !(p->share & NS_BIT(NS_NET));
	p->fs.etc_files = !(p->share & NS_BIT(NS_UTS));
	/*
	 * --ephemeral over the host's root: a caller with CAP_SYS_ADMIN over the host's
	 * mounts makes the overlay (fsroot.c): one for the whole root, whose copy-up keeps
	 * owners the sandbox has no id for. Without it, the sandbox makes an overlay per
	 * directory that holds no mount (the kernel locks the host's mounts there).
	 * Only where root inside is the caller's own root: the overlay's inodes belong to
	 * host root, over which a sandbox root mapped to another id (nobody, by default)
	 * has no capability, so it could not write /etc or /usr at all, where the
	 * overlays made inside let it.
	 */
	p->fs.lend_root = (fs->ephemeral || fs->keep_changes) && !fs->root && f->cap_sys_admin &&
			  ((p->share & NS_BIT(NS_USER)) || p->map == MAP_IDENTITY ||
			   (p->map == MAP_SINGLE && p->map_uid == f->euid));
	p->fs.lend_userxattr = !f->initial_userns;
	return 0;
}

/* Whether an --setenv or --unsetenv names KEY. */
static bool env_names(const struct spec *s, const char *key)
{
	for (size_t i = 0; i < s->env.n; i++)
		if (strcmp(VEC_AT(&s->env, struct env_op, i)->key, key) == 0)
			return true;
	return false;
}

/*
 * HOME under sudo: sudo sets HOME to root's, which the sudoer mapped as root inside
 * cannot read (git warns, shells skip their rc files). When the default mapping made
 * root inside the sudoer, PROGRAM gets the sudoer's home from passwd, if that entry is
 * the very uid mapped. An explicit --setenv/--unsetenv HOME wins, and --clearenv means
 * an environment with nothing but what the options set.
 */
static void resolve_home(const struct hostfacts *f, struct plan *p)
{
	const struct spec *s = p->spec;

	if (s->clearenv || env_names(s, "HOME") || !f->sudo_uid || !f->sudo_home[0])
		return;
	if ((s->map == MAP_DEFAULT || s->map == MAP_AUTO) && p->privileged &&
	    !(p->share & NS_BIT(NS_USER)) && p->map_uid != 0 && p->map_uid == f->sudo_home_uid)
		p->home = f->sudo_home;
}

/*
 * The mapping notes: root ran isolate, and root inside is not host root because of the
 * default (nobody without sudo, else the sudoer), not because the user chose a map.
 */
static void resolve_notes(struct plan *p)
{
	const struct spec *s = p->spec;

	p->mapping_notes = !s->quiet && p->privileged && p->caller_uid == 0 &&
			   !(p->share & NS_BIT(NS_USER)) && p->map_uid != 0 &&
			   (s->map == MAP_DEFAULT || s->map == MAP_AUTO);
}

/*
 * Who writes the id maps, and whether the child waits for "go". The parent's work
 * between clone and "go" is the maps, the network's host side (veth, pasta, which
 * joins the user namespace and so needs the maps first) and joining a cgroup that
 * clone could not start the child in. Rootless with a single-id map, the kernel lets
 * the child write its own maps (one line mapping its own euid, one its own egid, after
 * setgroups "deny": user_namespaces(7)). With no network to set up and no cgroup
 * either, the parent then has nothing left to do first: the child maps itself and sets
 * up at once, which saves the parent's three writes through /proc/PID and the "go"
 * hand-off between the processes (measured in bench/README.md).
 *
 * After its setup, the child waits for "start" only when the parent has work that must
 * come before PROGRAM: the veth's nftables rules (made while the child sets up, they
 * must hold before PROGRAM's first packet), resource limits set on the child (prlimit),
 * the status report (--info-fd, --json-status-fd, a named instance's record) and a
 * terminal to hand over (job control). Otherwise "created" is a report the child does
 * not wait on: one hand-off fewer, 0.01-0.06 ms a start (bench/README.md).
 */
static void resolve_handoff(const struct hostfacts *f, struct plan *p)
{
	const struct spec *s = p->spec;

	p->maps_by_child = !p->privileged && p->map == MAP_SINGLE && !(p->share & NS_BIT(NS_USER)) &&
			   (p->net.mode == NET_NONE || p->net.mode == NET_HOST) &&
			   p->cgroup.version == CG_NONE;
	p->await_go = !p->maps_by_child;
	p->await_start = p->net.mode == NET_VETH || s->limits.rlimits.n > 0 || s->info_fd >= 0 ||
			 s->json_status_fd >= 0 || p->register_name || f->ctty;
}

int plan_resolve(const struct spec *s, const struct hostfacts *f, struct plan *p, struct error *err)
{
	*p = (struct plan){
		.spec = s,
		.share = s->share,
		.hostname = s->hostname ? s->hostname : DEFAULT_HOSTNAME,
		.lifetime = LIFETIME_ATTACHED,
		.caller_uid = f->euid,
		.caller_gid = f->egid,
		.nested_userns = !f->initial_userns,
		.net = s->net,
		.kill_after = s->limits.kill_after ? s->limits.kill_after : DEFAULT_KILL_AFTER,
		.report = s->limits.report_path || s->limits.report_fd >= 0,
		.await_go = true,
		.await_start = true,
	};
	/*
	 * Rootless means: not able to do what isolate does for root on the host side,
	 * which is writing arbitrary id maps (CAP_SETUID/CAP_SETGID) and network setup in
	 * the host's namespaces (CAP_SYS_ADMIN, CAP_NET_ADMIN). Capabilities count only
	 * in the initial user namespace: root inside another container holds them over
	 * that container's namespaces alone, and can map only the ids it has itself.
	 */
	p->privileged = f->initial_userns && f->cap_sys_admin && f->cap_net_admin &&
			f->cap_setuid && f->cap_setgid;
	if (check_caps(s, err) < 0 || check_preserved_fds(s, f, err) < 0 ||
	    check_status_fds(s, f, err) < 0 || resolve_instance(s, f, p, err) < 0)
		return error_default_kind(err, ERRK_CONFIG);
	if (s->no_userns)
		return resolve_no_userns(f, p, err) < 0 ? error_default_kind(err, ERRK_CONFIG) : 0;
	if (resolve_landlock(f, p, err) < 0 || resolve_net(f, p, err) < 0 || resolve_map(f, p, err) < 0 ||
	    check_ids_mapped(p, err) < 0 || check_limits(s, f, err) < 0 || resolve_cgroup(f, p, err) < 0 ||
	    resolve_fs(f, p, err) < 0)
		return error_default_kind(err, ERRK_CONFIG);
	resolve_home(f, p);
	resolve_notes(p);
	resolve_handoff(f, p);
	return 0;
}
