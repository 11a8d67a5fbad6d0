/* test-plan.c - table-driven unit tests of plan_resolve(): who runs isolate (root, sudo,
 * rootless, nested) x each --share x each map mode -> the mapping, net mode and
 * refusals. No privilege needed: the host facts are made up (TAP). */
#include <stdio.h>
#include <string.h>

#include "plan.h"
#include "tap.h"

/* Who runs isolate. */
enum who { ROOT, SUDO, SUDO_ROOT, SUDO_GID0, SUDO_UID0_GID, ROOTLESS, NESTED_ROOT };

static struct hostfacts facts_of(enum who w)
{
	struct hostfacts f = { .initial_userns = true, .own_netns = true };
	bool root = w != ROOTLESS;

	f.euid = root ? 0 : 1000;
	f.egid = root ? 0 : 1000;
	f.cap_sys_admin = f.cap_net_admin = f.cap_setuid = f.cap_setgid = root;
	if (w == SUDO) {
		f.sudo_uid = "1000";
		f.sudo_gid = "1001";
		f.sudo_user = "alice";
	}
	if (w == SUDO_ROOT)
		f.sudo_uid = f.sudo_gid = "0";
	if (w == SUDO_GID0) {
		/* a sudoer whose primary group is root, or a caller who set SUDO_GID=0 */
		f.sudo_uid = "1000";
		f.sudo_gid = "0";
		f.sudo_user = "alice";
	}
	if (w == SUDO_UID0_GID) {
		f.sudo_uid = "0";
		f.sudo_gid = "1001";
	}
	if (w == NESTED_ROOT) {
		/* root of `unshare -r`: every capability, over its own namespaces only */
		f.initial_userns = false;
		f.own_netns = false;
	}
	(void)strcpy(f.user_name, root ? "root" : "alice");
	return f;
}

/* The options of a row, applied to a fresh spec. */
struct opts {
	unsigned share;
	enum map_mode map;
	uid_t map_uid;
	gid_t map_gid;
	enum net_mode net;
	bool veth_option;
	bool cap_add;
	uid_t uid;
};

struct row {
	const char *name;
	enum who who;
	struct opts o;
	/* expected: either an error containing `refusal`, or this plan */
	const char *refusal;
	enum map_mode map;
	uid_t map_uid;
	gid_t map_gid;
	enum net_mode net;
	bool privileged;
};

#define SH(k) NS_BIT(NS_##k)

static const struct row rows[] = {
	/* The default mapping for each caller. */
	{ "root: sandbox root is nobody", ROOT, { 0 }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "sudo: sandbox root is the sudoer", SUDO, { 0 }, NULL, MAP_SINGLE, 1000, 1001, NET_VETH, true },
	{ "sudo by root (SUDO_UID=0): still nobody", SUDO_ROOT, { 0 }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "SUDO_GID=0: the sudoer's uid, never host gid 0", SUDO_GID0, { 0 }, NULL, MAP_SINGLE, 1000, 65534, NET_VETH, true },
	{ "SUDO_GID=0 --map-auto: never host gid 0", SUDO_GID0, { .map = MAP_AUTO }, NULL, MAP_AUTO, 1000, 65534, NET_VETH, true },
	{ "SUDO_UID=0 with SUDO_GID=1001: nobody for both", SUDO_UID0_GID, { 0 }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "SUDO_GID=0 --map-root=0:0 is explicit: kept", SUDO_GID0, { .map = MAP_SINGLE }, NULL, MAP_SINGLE, 0, 0, NET_VETH, true },
	{ "rootless: the caller's own ids, loopback", ROOTLESS, { 0 }, NULL, MAP_SINGLE, 1000, 1000, NET_NONE, false },
	{ "nested root: rootless rules, no veth", NESTED_ROOT, { 0 }, NULL, MAP_SINGLE, 0, 0, NET_NONE, false },
	/* Explicit map modes. */
	{ "root --map-root=5:6", ROOT, { .map = MAP_SINGLE, .map_uid = 5, .map_gid = 6 }, NULL, MAP_SINGLE, 5, 6, NET_VETH, true },
	{ "root --map-identity", ROOT, { .map = MAP_IDENTITY }, NULL, MAP_IDENTITY, 0, 0, NET_VETH, true },
	{ "root --map-auto: nobody's ranges are root's", ROOT, { .map = MAP_AUTO }, NULL, MAP_AUTO, 65534, 65534, NET_VETH, true },
	{ "sudo --map-auto: the sudoer", SUDO, { .map = MAP_AUTO }, NULL, MAP_AUTO, 1000, 1001, NET_VETH, true },
	{ "rootless --map-auto", ROOTLESS, { .map = MAP_AUTO }, NULL, MAP_AUTO, 1000, 1000, NET_NONE, false },
	{ "rootless --map-root=own ids", ROOTLESS, { .map = MAP_SINGLE, .map_uid = 1000, .map_gid = 1000 }, NULL, MAP_SINGLE, 1000, 1000, NET_NONE, false },
	{ "rootless --map-root=0 refused", ROOTLESS, { .map = MAP_SINGLE }, "only your own ids (1000:1000)", 0, 0, 0, 0, false },
	{ "rootless --map-identity refused", ROOTLESS, { .map = MAP_IDENTITY }, "--map-identity needs CAP_SETUID", 0, 0, 0, 0, false },
	{ "nested --map-identity refused", NESTED_ROOT, { .map = MAP_IDENTITY }, "--map-identity needs", 0, 0, 0, 0, false },
	/* Each --share. */
	{ "root --share=user: host ids", ROOT, { .share = SH(USER) }, NULL, MAP_IDENTITY, 0, 0, NET_VETH, true },
	{ "root --share=net: host network", ROOT, { .share = SH(NET) }, NULL, MAP_SINGLE, 65534, 65534, NET_HOST, true },
	{ "root --share=uts", ROOT, { .share = SH(UTS) }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "root --share=ipc", ROOT, { .share = SH(IPC) }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "root --share=mnt", ROOT, { .share = SH(MNT) }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "root --share=pid", ROOT, { .share = SH(PID) }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "rootless --share=user with new namespaces refused", ROOTLESS, { .share = SH(USER) }, "need CAP_SYS_ADMIN", 0, 0, 0, 0, false },
	{ "rootless --share=all", ROOTLESS, { .share = SH(USER) | SH(NET) | SH(UTS) | SH(IPC) | SH(MNT) | SH(PID) | SH(CGROUP) }, NULL, MAP_IDENTITY, 0, 0, NET_HOST, false },
	{ "rootless --share=all --cap-add refused", ROOTLESS, { .share = SH(USER) | SH(NET) | SH(UTS) | SH(IPC) | SH(MNT) | SH(PID) | SH(CGROUP), .cap_add = true }, "--cap-add with --share=user needs privilege", 0, 0, 0, 0, false },
	{ "root --share=user --cap-add", ROOT, { .share = SH(USER), .cap_add = true }, NULL, MAP_IDENTITY, 0, 0, NET_VETH, true },
	{ "--share=user with a map refused", ROOT, { .share = SH(USER), .map = MAP_IDENTITY }, "no id map to set", 0, 0, 0, 0, false },
	/* Network modes. */
	{ "rootless --net=veth refused", ROOTLESS, { .net = NET_VETH }, "needs CAP_NET_ADMIN", 0, 0, 0, 0, false },
	{ "nested --net=veth refused", NESTED_ROOT, { .net = NET_VETH }, "needs CAP_NET_ADMIN", 0, 0, 0, 0, false },
	{ "rootless --net=pasta", ROOTLESS, { .net = NET_PASTA }, NULL, MAP_SINGLE, 1000, 1000, NET_PASTA, false },
	{ "root --net=none", ROOT, { .net = NET_NONE }, NULL, MAP_SINGLE, 65534, 65534, NET_NONE, true },
	{ "--net=host is --share=net", ROOT, { .net = NET_HOST }, NULL, MAP_SINGLE, 65534, 65534, NET_HOST, true },
	{ "--net=none with --share=net refused", ROOT, { .net = NET_NONE, .share = SH(NET) }, "--share=net keeps the host's", 0, 0, 0, 0, false },
	{ "a veth option picks veth", ROOT, { .veth_option = true }, NULL, MAP_SINGLE, 65534, 65534, NET_VETH, true },
	{ "a veth option with --net=none refused", ROOT, { .veth_option = true, .net = NET_NONE }, "apply to --net=veth only", 0, 0, 0, 0, false },
	{ "--net=pasta with --share=user refused", ROOT, { .net = NET_PASTA, .share = SH(USER) }, "--net=pasta joins", 0, 0, 0, 0, false },
	/* PROGRAM's ids must be mapped. */
	{ "--uid=5 with a single-id map refused", ROOT, { .uid = 5 }, "--uid=5: only uid 0 is mapped", 0, 0, 0, 0, false },
	{ "--uid=5 with --map-identity", ROOT, { .uid = 5, .map = MAP_IDENTITY }, NULL, MAP_IDENTITY, 0, 0, NET_VETH, true },
};

static void run_row(const struct row *r)
{
	struct hostfacts f = facts_of(r->who);
	struct error err = { 0 };
	struct spec s;
	struct plan p;
	int rc;

	spec_init(&s);
	s.share = r->o.share;
	s.map = r->o.map;
	s.map_uid = r->o.map_uid;
	s.map_gid = r->o.map_gid;
	s.net.mode = r->o.net;
	s.net.veth_origin = r->o.veth_option ? strdup("--mtu=1400") : NULL;
	s.net.mtu = r->o.veth_option ? 1400 : 0;
	s.cap_add.bits = r->o.cap_add ? 1 : 0;
	s.uid = r->o.uid;
	s.set_uid = r->o.uid != 0;
	rc = plan_resolve(&s, &f, &p, &err);
	if (r->refusal)
		ok(rc < 0 && strstr(err.msg, r->refusal), "%s (%s)", r->name, err.msg);
	else
		ok(rc == 0 && p.map == r->map && p.map_uid == r->map_uid && p.map_gid == r->map_gid &&
			   p.net.mode == r->net && p.privileged == r->privileged,
		   "%s (rc %d, map %d %u:%u, net %s%s%s)", r->name, rc, (int)p.map,
		   (unsigned)p.map_uid, (unsigned)p.map_gid,
		   rc == 0 ? net_mode_names[p.net.mode] : "-", rc ? ", " : "", rc ? err.msg : "");
	spec_free(&s);
}

static void test_defaults(void)
{
	struct hostfacts f = facts_of(ROOT);
	struct error err = { 0 };
	struct spec s;
	struct plan p;

	spec_init(&s);
	ok(plan_resolve(&s, &f, &p, &err) == 0 && strcmp(p.hostname, DEFAULT_HOSTNAME) == 0,
	   "default hostname");
	ok(p.net.pool.family != 0 && p.lifetime == LIFETIME_ATTACHED, "veth: the default pool, attached");
	f.net_pool_env = "10.99.0.0/24";
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.net.pool.addr[1] == 99, "$ISOLATE_NET_POOL is the pool");
	f.net_pool_env = "bogus";
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "ISOLATE_NET_POOL 'bogus'"), "a bad $ISOLATE_NET_POOL is named");
	f.net_pool_env = NULL;
	f.sudo_uid = "x";
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "SUDO_UID 'x'"), "a bad SUDO_UID is named");
	f.sudo_uid = NULL;
	s.preserve_fds = 3;
	f.open_fds = 2;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--preserve-fds=3: fd 5"), "a closed preserved fd is named");
	f.open_fds = 3;
	ok(plan_resolve(&s, &f, &p, &err) == 0, "all preserved fds open");
	s.cap_add.bits = s.cap_drop.bits = 1;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "given to both --cap-add and --cap-drop"),
	   "the same capability added and dropped");
	spec_free(&s);
}

/* HOME under sudo and the mapping notes: who runs isolate x the options that matter. */
struct home_row {
	const char *name;
	enum who who;
	enum map_mode map;
	const char *env_key;   /* one --setenv (value) or --unsetenv (NULL value) of this key */
	const char *env_value;
	bool clearenv, quiet;
	uid_t home_uid;        /* the uid of SUDO_USER's passwd entry */
	const char *home;      /* expected p.home; NULL: HOME left alone */
	bool notes;            /* expected p.mapping_notes */
};

static const struct home_row home_rows[] = {
	{ "sudo: HOME is the sudoer's", SUDO, MAP_DEFAULT, NULL, NULL, false, false, 1000, "/home/alice", true },
	{ "sudo --map-auto: HOME is the sudoer's", SUDO, MAP_AUTO, NULL, NULL, false, false, 1000, "/home/alice", true },
	{ "sudo --setenv HOME: the option wins", SUDO, MAP_DEFAULT, "HOME", "/x", false, false, 1000, NULL, true },
	{ "sudo --unsetenv HOME: the option wins", SUDO, MAP_DEFAULT, "HOME", NULL, false, false, 1000, NULL, true },
	{ "sudo --setenv OTHER: HOME is the sudoer's", SUDO, MAP_DEFAULT, "OTHER", "1", false, false, 1000, "/home/alice", true },
	{ "sudo --clearenv: no HOME", SUDO, MAP_DEFAULT, NULL, NULL, true, false, 1000, NULL, true },
	{ "sudo --map-root=0: root's HOME, no notes", SUDO, MAP_SINGLE, NULL, NULL, false, false, 1000, NULL, false },
	{ "sudo --map-identity: no HOME, no notes", SUDO, MAP_IDENTITY, NULL, NULL, false, false, 1000, NULL, false },
	{ "sudo, passwd entry of another uid: HOME left", SUDO, MAP_DEFAULT, NULL, NULL, false, false, 1234, NULL, true },
	{ "sudo --quiet: HOME, no notes", SUDO, MAP_DEFAULT, NULL, NULL, false, true, 1000, "/home/alice", false },
	{ "root (nobody): notes", ROOT, MAP_DEFAULT, NULL, NULL, false, false, 0, NULL, true },
	{ "root --quiet: no notes", ROOT, MAP_DEFAULT, NULL, NULL, false, true, 0, NULL, false },
	{ "sudo by root (nobody): notes, no HOME", SUDO_ROOT, MAP_DEFAULT, NULL, NULL, false, false, 0, NULL, true },
	{ "rootless: no notes, no HOME", ROOTLESS, MAP_DEFAULT, NULL, NULL, false, false, 1000, NULL, false },
};

static void run_home_row(const struct home_row *r)
{
	struct hostfacts f = facts_of(r->who);
	struct error err = { 0 };
	struct env_op *op;
	struct spec s;
	struct plan p;
	int rc;

	spec_init(&s);
	s.map = r->map;
	s.clearenv = r->clearenv;
	s.quiet = r->quiet;
	if (r->env_key && (op = vec_push(&s.env, &err))) {
		op->key = strdup(r->env_key);
		op->value = r->env_value ? strdup(r->env_value) : NULL;
	}
	if (r->who == SUDO || r->who == SUDO_ROOT || r->who == ROOTLESS) {
		(void)strcpy(f.sudo_home, r->who == SUDO_ROOT ? "/root" : "/home/alice");
		f.sudo_home_uid = r->home_uid;
		if (r->who == ROOTLESS)
			f.sudo_uid = "1000";
	}
	rc = plan_resolve(&s, &f, &p, &err);
	ok(rc == 0 && (r->home ? p.home && strcmp(p.home, r->home) == 0 : !p.home) &&
		   p.mapping_notes == r->notes,
	   "%s (rc %d, home %s, notes %d)", r->name, rc, rc == 0 && p.home ? p.home : "-",
	   rc == 0 && p.mapping_notes);
	spec_free(&s);
}

/* Network checks made before anything exists. */
static void test_net(void)
{
	struct hostfacts f = facts_of(ROOT);
	struct error err = { 0 };
	const char *why;
	struct spec s;
	struct plan p;

	spec_init(&s);
	s.net.veth_origin = strdup("--mtu 1200");
	s.net.mtu = 1200;
	ok(plan_resolve(&s, &f, &p, &err) == 0, "--mtu 1200 with the IPv4 pool");
	ok(cidr_parse("fd00:1::2/64", &s.net.address, &why) == 0, "parse an IPv6 address");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--mtu 1200") && strstr(err.msg, "1280"),
	   "--mtu 1200 with an IPv6 --address refused (%s)", err.msg);
	s.net.mtu = 1280;
	ok(plan_resolve(&s, &f, &p, &err) == 0, "--mtu 1280 with IPv6");
	s.net.mtu = 1279;
	s.net.address.family = 0;
	ok(cidr_parse_pool("fd00:9::/120", &s.net.pool, &why) == 0, "parse an IPv6 pool");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "the pool fd00:9::/120"),
	   "--mtu 1279 with an IPv6 pool refused (%s)", err.msg);
	spec_free(&s);
}

/* --egress and --publish: defaults and conflicts. */
static void test_egress_publish(void)
{
	struct hostfacts root = facts_of(ROOT), rootless = facts_of(ROOTLESS);
	struct error err = { 0 };
	struct publish_rule *r;
	const char *why;
	struct spec s;
	struct plan p;

	spec_init(&s);
	ok(plan_resolve(&s, &root, &p, &err) == 0 && p.net.egress == EGRESS_NAT, "veth: egress defaults to nat");
	s.net.egress = EGRESS_NONE;
	s.net.egress_origin = strdup("--egress=none");
	ok(plan_resolve(&s, &rootless, &p, &err) < 0 && strstr(err.msg, "needs CAP_NET_ADMIN"),
	   "rootless --egress picks veth, which is refused (%s)", err.msg);
	s.net.mode = NET_PASTA;
	ok(plan_resolve(&s, &root, &p, &err) < 0 && strstr(err.msg, "--egress=none applies to --net=veth only"),
	   "--egress with pasta refused (%s)", err.msg);
	free(s.net.egress_origin);
	s.net.egress_origin = NULL;
	s.net.egress = EGRESS_DEFAULT;
	s.net.mode = NET_DEFAULT;
	r = vec_push(&s.publish, &err);
	ok(r && publish_parse("8080:80", &r->rule, &why) == 0 && (r->origin = strdup("-p 8080:80")),
	   "a --publish rule");
	ok(plan_resolve(&s, &rootless, &p, &err) == 0 && p.net.mode == NET_PASTA, "rootless -p picks pasta");
	ok(plan_resolve(&s, &root, &p, &err) == 0 && p.net.mode == NET_VETH, "root -p keeps veth");
	s.net.mode = NET_NONE;
	ok(plan_resolve(&s, &root, &p, &err) < 0 && strstr(err.msg, "-p 8080:80 needs --net=veth or --net=pasta"),
	   "-p with --net=none refused (%s)", err.msg);
	s.net.mode = NET_VETH;
	ok(publish_parse("[::1]:8080:80", &r->rule, &why) == 0 &&
		   plan_resolve(&s, &root, &p, &err) < 0 && strstr(err.msg, "the sandbox's address is IPv4"),
	   "-p with an IPv6 HOSTIP and an IPv4 sandbox refused (%s)", err.msg);
	spec_free(&s);
}

/* The filesystem view: what comes with each namespace, and the refused combinations. */
struct fs_row {
	const char *name;
	unsigned share;
	bool tmpfs, ephemeral, keep, read_only, rw;
	const char *refusal;
	bool new_mnt, proc, ipc, sys, etc;
	bool lend;         /* the parent lends a copy of the root (--ephemeral's one overlay) */
	enum who who;      /* ROOT unless given */
	bool root_dir;     /* --root /r */
	bool identity;     /* --map-identity */
};

static const struct fs_row fs_rows[] = {
	{ "default: every mount of a new namespace", 0, false, false, false, false, false, NULL, true, true, true, true, true, false, ROOT, false, false },
	{ "--share=mnt: the host's view, nothing mounted", SH(MNT), false, false, false, false, false, NULL, false, false, false, false, false, false, ROOT, false, false },
	{ "--share=pid: no fresh /proc", SH(PID), false, false, false, false, false, NULL, true, false, true, true, true, false, ROOT, false, false },
	{ "--share=ipc: the host's /dev/shm", SH(IPC), false, false, false, false, false, NULL, true, true, false, true, true, false, ROOT, false, false },
	{ "--share=net: the host's /sys", SH(NET), false, false, false, false, false, NULL, true, true, true, false, true, false, ROOT, false, false },
	{ "--share=uts: the host's /etc/hosts", SH(UTS), false, false, false, false, false, NULL, true, true, true, true, false, false, ROOT, false, false },
	{ "--tmpfs with --share=mnt refused", SH(MNT), true, false, false, false, false, "--tmpfs /x needs a mount namespace", false, false, false, false, false, false, ROOT, false, false },
	{ "--ephemeral with --share=mnt refused", SH(MNT), false, true, false, false, false, "needs a mount namespace of its own", false, false, false, false, false, false, ROOT, false, false },
	{ "--ephemeral with --keep-changes refused", 0, false, true, true, false, false, "--ephemeral and --keep-changes /k", false, false, false, false, false, false, ROOT, false, false },
	{ "--keep-changes, root inside is nobody: made inside", 0, false, false, true, false, false, NULL, true, true, true, true, true, false, ROOT, false, false },
	{ "--keep-changes --map-identity: the parent makes the overlay", 0, false, false, true, false, false, NULL, true, true, true, true, true, true, ROOT, false, true },
	{ "--ephemeral as root, root inside is nobody: made inside, where it may write", 0, false, true, false, false, false, NULL, true, true, true, true, true, false, ROOT, false, false },
	{ "--ephemeral --map-identity: the parent makes the overlay", 0, false, true, false, false, false, NULL, true, true, true, true, true, true, ROOT, false, true },
	{ "--ephemeral rootless: nothing to lend", 0, false, true, false, false, false, NULL, true, true, true, true, true, false, ROOTLESS, false, false },
	{ "--ephemeral nested root: makes it (or the kernel refuses: then the child)", 0, false, true, false, false, false, NULL, true, true, true, true, true, true, NESTED_ROOT, false, false },
	{ "--ephemeral --share=user: the parent makes it too", SH(USER), false, true, false, false, false, NULL, true, true, true, true, true, true, ROOT, false, false },
	{ "--ephemeral --root: not the host's root", 0, false, true, false, false, false, NULL, true, true, true, true, true, false, ROOT, true, false },
	{ "no --ephemeral: nothing to lend", 0, false, false, false, false, false, NULL, true, true, true, true, true, false, ROOT, false, false },
	{ "--rw without --read-only refused", 0, false, false, false, false, true, "--rw /w keeps a path writable under --read-only", false, false, false, false, false, false, ROOT, false, false },
	{ "--read-only --rw", 0, false, false, false, true, true, NULL, true, true, true, true, true, false, ROOT, false, false },
};

static void add_op(struct vec *v, const char *dest, const char *origin)
{
	struct error err = { 0 };
	struct mount_op *op = vec_push(v, &err);

	if (op) {
		op->kind = MOUNT_TMPFS;
		op->dest = strdup(dest);
		op->origin = strdup(origin);
		op->perms = MOUNT_PERMS_DEFAULT;
	}
}

static void run_fs_row(const struct fs_row *r)
{
	struct hostfacts f = facts_of(r->who);
	struct error err = { 0 };
	struct spec s;
	struct plan p;
	int rc;

	spec_init(&s);
	s.share = r->share;
	if (r->identity)
		s.map = MAP_IDENTITY;
	if (r->root_dir) {
		s.fs.root = strdup("/r");
		s.fs.root_origin = strdup("--root /r");
	}
	if (r->tmpfs) {
		add_op(&s.fs.ops, "/x", "--tmpfs /x");
		s.fs.first_origin = strdup("--tmpfs /x");
	}
	if (r->ephemeral) {
		s.fs.ephemeral = true;
		s.fs.first_origin = s.fs.first_origin ? s.fs.first_origin : strdup("--ephemeral");
	}
	if (r->keep) {
		s.fs.keep_changes = strdup("/k");
		s.fs.keep_origin = strdup("--keep-changes /k");
	}
	s.fs.read_only = r->read_only;
	if (r->rw)
		add_op(&s.fs.rw, "/w", "--rw /w");
	rc = plan_resolve(&s, &f, &p, &err);
	if (r->refusal)
		ok(rc < 0 && strstr(err.msg, r->refusal), "fs: %s (%s)", r->name, err.msg);
	else
		ok(rc == 0 && p.fs.new_mnt == r->new_mnt && p.fs.fresh_proc == r->proc &&
			   p.fs.private_ipc == r->ipc && p.fs.fresh_sys == r->sys && p.fs.etc_files == r->etc &&
			   p.fs.lend_root == r->lend && p.fs.lend_userxattr == (r->who == NESTED_ROOT),
		   "fs: %s (rc %d%s%s)", r->name, rc, rc ? ", " : "", rc ? err.msg : "");
	spec_free(&s);
}

/* Hosts for the cgroup rows: which hierarchies exist, and where the caller is. */
enum cg_host { HYBRID, PURE_V2, V1_ONLY, V2_DELEGATED };

static void cgroup_facts(struct hostfacts *f, enum cg_host h)
{
	struct cgroup_facts *cg = &f->cg;
	const char *why;

	*cg = (struct cgroup_facts){ .probed = true };
	(void)parse_cpuset("0-3", &cg->cpus, &why);
	if (h == HYBRID || h == V1_ONLY) {
		for (int c = 0; c < CG_CONTROLLERS; c++) {
			(void)snprintf(cg->v1_mount[c], sizeof(cg->v1_mount[c]), "/sys/fs/cgroup/%s", cg_controller_names[c]);
			(void)snprintf(cg->v1_self[c], sizeof(cg->v1_self[c]), c == CG_MEMORY ? "/session" : "/");
		}
	}
	if (h == HYBRID) {
		(void)strcpy(cg->v2_mount, "/sys/fs/cgroup/unified");
		(void)strcpy(cg->v2_self, "/");
	}
	if (h == PURE_V2 || h == V2_DELEGATED) {
		(void)strcpy(cg->v2_mount, "/sys/fs/cgroup");
		(void)strcpy(cg->v2_self, "/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope");
		cg->v2_root_controllers = CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) | CG_BIT(CG_CPU) | CG_BIT(CG_CPUSET);
		cg->v2_self_controllers = CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) | CG_BIT(CG_CPU);
		cg->v2_self_writable = h == V2_DELEGATED;
	}
	cg->runtime_dir = "/run/user/1000";
}

struct cg_row {
	const char *name;
	enum who who;
	enum cg_host host;
	uint64_t memory;
	bool cpuset, cpu_time, report, timeout_share_pid;
	/* expected: a refusal containing this, or the version, controllers and base[] */
	const char *refusal;
	enum cg_version version;
	unsigned controllers;
	const char *base; /* base[0] on v2, base[memory or pids] on v1 */
};

#define B(c) CG_BIT(CG_##c)

static const struct cg_row cg_rows[] = {
	{ "no limit, no cgroup", ROOT, HYBRID, 0, false, false, false, false, NULL, CG_NONE, 0, NULL },
	{ "hybrid root --memory: v1, under the caller's memory cgroup", ROOT, HYBRID, 64 << 20, false, false, false, false,
	  NULL, CG_V1, B(MEMORY), "/sys/fs/cgroup/memory/session/isolate" },
	{ "hybrid root --cpu-time: v2 (cpu.stat needs no controller)", ROOT, HYBRID, 0, false, true, false, false,
	  NULL, CG_V2, 0, "/sys/fs/cgroup/unified/isolate" },
	{ "hybrid root --report: v2, without the fields of controllers it lacks", ROOT, HYBRID, 0, false, false, true, false,
	  NULL, CG_V2, 0, "/sys/fs/cgroup/unified/isolate" },
	{ "hybrid root --memory --report: v1 with pids and cpuacct for the report", ROOT, HYBRID, 64 << 20, false, false, true,
	  false, NULL, CG_V1, B(MEMORY) | B(PIDS) | B(CPUACCT), "/sys/fs/cgroup/memory/session/isolate" },
	{ "hybrid root --memory --cpu-time: v1 with cpuacct", ROOT, HYBRID, 64 << 20, false, true, false, false,
	  NULL, CG_V1, B(MEMORY) | B(CPUACCT), "/sys/fs/cgroup/memory/session/isolate" },
	{ "hybrid root --timeout --share=pid: a cgroup to find every process", ROOT, HYBRID, 0, false, false, false, true,
	  NULL, CG_V2, 0, "/sys/fs/cgroup/unified/isolate" },
	{ "pure v2 root --memory --cpuset: v2 at the root's isolate/", ROOT, PURE_V2, 64 << 20, true, false, false, false,
	  NULL, CG_V2, B(MEMORY) | B(CPUSET), "/sys/fs/cgroup/isolate" },
	{ "v1-only root --memory", ROOT, V1_ONLY, 64 << 20, false, false, false, false, NULL, CG_V1, B(MEMORY),
	  "/sys/fs/cgroup/memory/session/isolate" },
	{ "hybrid rootless --memory: v1 is root's", ROOTLESS, HYBRID, 64 << 20, false, false, false, false,
	  "the memory controller is on cgroup v1 here, which only root may use", CG_NONE, 0, NULL },
	{ "hybrid rootless --cpu-time: not delegated", ROOTLESS, HYBRID, 0, false, true, false, false,
	  "systemd-run --user --scope -p Delegate=yes", CG_NONE, 0, NULL },
	{ "hybrid rootless --report: no cgroup, and no refusal", ROOTLESS, HYBRID, 0, false, false, true, false,
	  NULL, CG_NONE, 0, NULL },
	{ "v1-only rootless --memory refused", ROOTLESS, V1_ONLY, 64 << 20, false, false, false, false,
	  "cgroup v1 only, which only root may use", CG_NONE, 0, NULL },
	{ "pure v2 rootless, not delegated", ROOTLESS, PURE_V2, 64 << 20, false, false, false, false,
	  "no delegated cgroup v2 subtree", CG_NONE, 0, NULL },
	{ "pure v2 rootless, delegated: under the caller's scope", ROOTLESS, V2_DELEGATED, 64 << 20, false, false, true, false,
	  NULL, CG_V2, B(MEMORY) | B(PIDS), "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope/isolate" },
	{ "pure v2 rootless, delegated, cpuset not delegated", ROOTLESS, V2_DELEGATED, 0, true, false, false, false,
	  "the cpuset controller is not delegated", CG_NONE, 0, NULL },
};

static void run_cg_row(const struct cg_row *r)
{
	struct hostfacts f = facts_of(r->who);
	struct error err = { 0 };
	struct spec s;
	struct plan p;
	const char *why, *base = "";
	int rc;

	cgroup_facts(&f, r->host);
	spec_init(&s);
	s.limits.memory = r->memory;
	s.limits.cpu_time = r->cpu_time ? NSEC_PER_SEC : 0;
	if (r->cpuset) {
		(void)parse_cpuset("1", &s.limits.cpuset, &why);
		s.limits.has_cpuset = true;
		s.limits.cpuset_origin = strdup("--cpuset 1");
	}
	if (r->memory || r->cpuset || r->cpu_time)
		s.limits.cgroup_origin = strdup(r->memory ? "--memory 64M" : r->cpuset ? "--cpuset 1" : "--cpu-time 1");
	if (r->report)
		s.limits.report_path = strdup("/dev/null");
	if (r->timeout_share_pid) {
		s.limits.timeout = NSEC_PER_SEC;
		s.share = SH(PID);
	}
	rc = plan_resolve(&s, &f, &p, &err);
	if (rc == 0 && p.cgroup.version != CG_NONE)
		base = p.cgroup.version == CG_V2 ? p.cgroup.base[0]
		       : p.cgroup.controllers & B(MEMORY) ? p.cgroup.base[CG_MEMORY] : p.cgroup.base[CG_PIDS];
	if (r->refusal)
		ok(rc < 0 && strstr(err.msg, r->refusal), "cgroup: %s (%s)", r->name, err.msg);
	else
		ok(rc == 0 && p.cgroup.version == r->version && p.cgroup.controllers == r->controllers &&
			   strcmp(base, r->base ? r->base : "") == 0,
		   "cgroup: %s (rc %d, v%d, controllers 0x%x, %s%s)", r->name, rc, (int)p.cgroup.version,
		   p.cgroup.controllers, base, rc ? err.msg : "");
	spec_free(&s);
}

/* Who writes the id maps, and whether the child waits for "go" (resolve_handoff). */
struct handoff_row {
	const char *name;
	enum who who;
	enum net_mode net;
	enum map_mode map;
	unsigned share;
	bool delegated_memory; /* --memory on a host that delegates cgroup v2 to the caller */
	bool maps_by_child, await_go;
};

static const struct handoff_row handoff_rows[] = {
	{ "rootless default: the child maps itself, no go", ROOTLESS, NET_DEFAULT, MAP_DEFAULT, 0, false, true, false },
	{ "rootless --map-root=own ids: the child", ROOTLESS, NET_NONE, MAP_SINGLE, 0, false, true, false },
	{ "rootless --net=host: the child", ROOTLESS, NET_HOST, MAP_DEFAULT, 0, false, true, false },
	{ "rootless --share=net: the child", ROOTLESS, NET_DEFAULT, MAP_DEFAULT, SH(NET), false, true, false },
	{ "nested root (unshare -r): the child maps 0 to 0", NESTED_ROOT, NET_DEFAULT, MAP_DEFAULT, 0, false, true, false },
	{ "rootless --net=pasta: the parent (pasta joins the mapped namespace)", ROOTLESS, NET_PASTA, MAP_DEFAULT, 0, false, false, true },
	{ "rootless --map-auto: the parent (newuidmap)", ROOTLESS, NET_NONE, MAP_AUTO, 0, false, false, true },
	{ "rootless --memory, delegated v2: the parent (may join after clone)", ROOTLESS, NET_NONE, MAP_DEFAULT, 0, true, false, true },
	{ "rootless --share=all: no map, go", ROOTLESS, NET_DEFAULT, MAP_DEFAULT,
	  SH(USER) | SH(NET) | SH(UTS) | SH(IPC) | SH(MNT) | SH(PID) | SH(CGROUP), false, false, true },
	{ "root --net=none: the parent (nobody is not root's own id)", ROOT, NET_NONE, MAP_DEFAULT, 0, false, false, true },
	{ "root --map-root=0 --net=none: the parent", ROOT, NET_NONE, MAP_SINGLE, 0, false, false, true },
	{ "root default (veth): the parent", ROOT, NET_DEFAULT, MAP_DEFAULT, 0, false, false, true },
};

/* Whether the child waits for "start" after its setup (resolve_handoff). */
enum start_cause { CAUSE_NONE, CAUSE_VETH, CAUSE_RLIMIT, CAUSE_INFO_FD, CAUSE_JSON_FD, CAUSE_DETACH, CAUSE_CTTY };

struct start_row {
	const char *name;
	enum who who;
	enum start_cause cause;
	bool await_start;
};

static const struct start_row start_rows[] = {
	{ "root --net=none, nothing before PROGRAM: no wait", ROOT, CAUSE_NONE, false },
	{ "rootless --net=none, nothing before PROGRAM: no wait", ROOTLESS, CAUSE_NONE, false },
	{ "root veth: the nftables rules come first", ROOT, CAUSE_VETH, true },
	{ "--rlimit: the parent sets it first", ROOT, CAUSE_RLIMIT, true },
	{ "--info-fd: the report comes first", ROOT, CAUSE_INFO_FD, true },
	{ "--json-status-fd: the report comes first", ROOTLESS, CAUSE_JSON_FD, true },
	{ "--detach: the record comes first", ROOT, CAUSE_DETACH, true },
	{ "a controlling terminal: handed over first", ROOTLESS, CAUSE_CTTY, true },
};

static void run_start_row(const struct start_row *r)
{
	struct hostfacts f = facts_of(r->who);
	struct error err = { 0 };
	struct rlimit_op *op;
	struct spec s;
	struct plan p;
	int rc;

	spec_init(&s);
	s.net.mode = NET_NONE;
	switch (r->cause) {
	case CAUSE_VETH:
		s.net.mode = NET_VETH;
		break;
	case CAUSE_RLIMIT:
		if ((op = vec_push(&s.limits.rlimits, &err))) {
			*op = (struct rlimit_op){ .resource = RLIMIT_NOFILE, .soft = 64, .hard = 64 };
			op->origin = strdup("--rlimit nofile=64");
		}
		break;
	case CAUSE_INFO_FD:
		s.info_fd = 5;
		f.info_fd_open = true;
		break;
	case CAUSE_JSON_FD:
		s.json_status_fd = 6;
		f.json_status_fd_open = true;
		break;
	case CAUSE_DETACH:
		s.detach = true;
		break;
	case CAUSE_CTTY:
		f.ctty = true;
		break;
	case CAUSE_NONE:
		break;
	}
	rc = plan_resolve(&s, &f, &p, &err);
	ok(rc == 0 && p.await_start == r->await_start, "start: %s (rc %d, await_start %d%s%s)", r->name, rc,
	   (int)p.await_start, rc ? ", " : "", rc ? err.msg : "");
	spec_free(&s);
}

static void run_handoff_row(const struct handoff_row *r)
{
	struct hostfacts f = facts_of(r->who);
	struct error err = { 0 };
	struct spec s;
	struct plan p;
	int rc;

	spec_init(&s);
	s.net.mode = r->net;
	s.map = r->map;
	s.map_uid = f.euid;
	s.map_gid = f.egid;
	s.share = r->share;
	if (r->delegated_memory) {
		cgroup_facts(&f, V2_DELEGATED);
		s.limits.memory = 64 << 20;
		s.limits.cgroup_origin = strdup("--memory 64M");
	}
	rc = plan_resolve(&s, &f, &p, &err);
	ok(rc == 0 && p.maps_by_child == r->maps_by_child && p.await_go == r->await_go,
	   "handoff: %s (rc %d, maps_by_child %d, await_go %d%s%s)", r->name, rc, (int)p.maps_by_child,
	   (int)p.await_go, rc ? ", " : "", rc ? err.msg : "");
	spec_free(&s);
}

static void test_limits(void)
{
	struct hostfacts f = facts_of(ROOT);
	struct error err = { 0 };
	struct spec s;
	struct plan p;
	const char *why;

	cgroup_facts(&f, HYBRID);
	spec_init(&s);
	s.limits.millicpus = 4500;
	s.limits.cpus_origin = strdup("--cpus 4.5");
	s.limits.cgroup_origin = strdup("--cpus 4.5");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--cpus 4.5: more than the 4 CPUs"), "--cpus above the host's CPUs (%s)", err.msg);
	s.limits.millicpus = 5;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "below 0.01"), "--cpus below 0.01");
	s.limits.millicpus = 4000;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.cgroup.version == CG_V1 && p.kill_after == DEFAULT_KILL_AFTER,
	   "--cpus 4 on 4 CPUs: v1, and the default --kill-after");
	(void)parse_cpuset("2-5", &s.limits.cpuset, &why);
	s.limits.has_cpuset = true;
	s.limits.cpuset_origin = strdup("--cpuset 2-5");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--cpuset 2-5: CPU 4 is not one"), "--cpuset outside the host's CPUs (%s)", err.msg);
	s.limits.has_cpuset = false;
	s.limits.kill_after = NSEC_PER_SEC;
	s.limits.kill_after_origin = strdup("--kill-after 1");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--kill-after 1 applies to --timeout and --cpu-time only"),
	   "--kill-after alone");
	s.limits.timeout = NSEC_PER_SEC;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.kill_after == NSEC_PER_SEC, "--kill-after with --timeout");
	s.limits.report_fd = 4;
	s.limits.report_origin = strdup("--report-fd 4");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--report-fd 4: Bad file descriptor"), "--report-fd closed");
	f.report_fd_open = true;
	s.preserve_fds = 2;
	f.open_fds = 2;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "also passed on to PROGRAM by --preserve-fds=2"),
	   "--report-fd inside --preserve-fds");
	s.preserve_fds = 1;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.report, "--report-fd above --preserve-fds");
	spec_free(&s);
}

/* --landlock, --rw and --no-userns: the Landlock ABI decides what can be promised. */
static void test_security(void)
{
	struct hostfacts f = facts_of(ROOTLESS);
	struct error err = { 0 };
	struct spec s;
	struct plan p;

	spec_init(&s);
	s.landlock = true;
	f.landlock_abi = -38;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--landlock: this kernel does not offer Landlock"),
	   "--landlock without Landlock refused");
	f.landlock_abi = 1;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.landlock && !p.no_userns && p.landlock_abi == 1 &&
		   !p.landlock_deny_tcp && p.net.mode == NET_NONE,
	   "--landlock: ABI 1 is enough, namespaces as usual");
	add_op(&s.fs.rw, "/tmp", "--rw /tmp");
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.landlock && p.fs.new_mnt, "--landlock --rw without --read-only");
	s.landlock = false;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "neither of which is given"),
	   "--rw alone refused");
	s.no_userns = true;
	f.landlock_abi = 0;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--no-userns needs Landlock"),
	   "--no-userns without Landlock refused");
	f.landlock_abi = 4;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.no_userns && p.landlock && p.landlock_deny_tcp &&
		   p.share == ns_made_mask() && p.net.mode == NET_HOST && p.map == MAP_IDENTITY &&
		   !p.maps_by_child && p.await_go && p.await_start,
	   "--no-userns: every namespace the host's, Landlock, no TCP, no map, the child waits for go and start");
	s.net.mode = NET_HOST;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && !p.landlock_deny_tcp, "--no-userns --net=host: TCP allowed");
	s.net.mode = NET_NONE;
	f.landlock_abi = 3;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "cannot refuse TCP"),
	   "--no-userns --net=none on ABI 3 refused");
	s.net.mode = NET_DEFAULT;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.landlock_deny_tcp, "--no-userns by default on ABI 3: best effort");
	s.hostname = strdup("x");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--hostname cannot be used with --no-userns"),
	   "--no-userns --hostname refused");
	free(s.hostname);
	s.hostname = NULL;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && !p.fs.new_mnt, "--no-userns --rw: no mount namespace, no view");
	add_op(&s.fs.ops, "/x", "--tmpfs /x");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--tmpfs /x cannot be used with --no-userns"),
	   "--no-userns --tmpfs refused");
	s.as_pid_1 = true;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--as-pid-1 cannot be used"), "--no-userns --as-pid-1 refused");
	spec_free(&s);
}

/* Instances and status: --log, --detach, the status fds and the state directory. */
static void test_instances(void)
{
	struct hostfacts f = facts_of(ROOT);
	struct error err = { 0 };
	char dir[64];
	struct spec s;
	struct plan p;

	spec_init(&s);
	s.log_path = strdup("/tmp/log");
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--log applies to --detach only") &&
		   error_kind_of(&err) == ERRK_CONFIG, "--log without --detach (config)");
	s.detach = true;
	ok(plan_resolve(&s, &f, &p, &err) == 0 && p.lifetime == LIFETIME_DETACHED && p.register_name &&
		   strcmp(p.state_dir, ROOT_STATE_DIR) == 0, "--detach: detached, registered, root's state directory");
	s.die_with_parent = true;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "contradict"), "--detach with --die-with-parent");
	s.die_with_parent = false;
	f = facts_of(ROOTLESS);
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "XDG_RUNTIME_DIR is not set"),
	   "rootless without XDG_RUNTIME_DIR: refused");
	f.runtime_dir_env = "/run/user/1000";
	ok(plan_resolve(&s, &f, &p, &err) == 0 && strcmp(p.state_dir, "/run/user/1000/isolate") == 0,
	   "rootless: $XDG_RUNTIME_DIR/isolate");
	f.state_dir_env = "/tmp/st";
	ok(plan_state_dir(&f, dir, sizeof(dir), &err) == 0 && strcmp(dir, "/tmp/st") == 0,
	   "$ISOLATE_STATE_DIR wins");
	f.state_dir_env = "relative";
	ok(plan_state_dir(&f, dir, sizeof(dir), &err) < 0 && strstr(err.msg, "not an absolute path"),
	   "a relative $ISOLATE_STATE_DIR is refused");
	f = facts_of(NESTED_ROOT);
	f.runtime_dir_env = "/xdg";
	ok(plan_state_dir(&f, dir, sizeof(dir), &err) == 0 && strcmp(dir, "/xdg/isolate") == 0,
	   "root of a nested user namespace is not host root: its runtime directory");
	spec_free(&s);

	spec_init(&s);
	f = facts_of(ROOT);
	s.json_status_fd = 7;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && err.errnum == EBADF && !p.register_name,
	   "--json-status-fd of a closed fd");
	f.json_status_fd_open = true;
	ok(plan_resolve(&s, &f, &p, &err) == 0, "--json-status-fd of an open fd");
	s.preserve_fds = 5;
	f.open_fds = 5;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "--preserve-fds=5 passes on"),
	   "--json-status-fd among the preserved fds");
	s.preserve_fds = 0;
	s.info_fd = 7;
	f.info_fd_open = true;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && strstr(err.msg, "the same fd 7"), "the same fd twice");
	spec_free(&s);

	f = facts_of(ROOTLESS);
	spec_init(&s);
	s.net.mode = NET_VETH;
	ok(plan_resolve(&s, &f, &p, &err) < 0 && error_kind_of(&err) == ERRK_PERMISSION,
	   "rootless --net=veth is a permission error");
	spec_free(&s);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(fs_rows) / sizeof(fs_rows[0]); i++)
		run_fs_row(&fs_rows[i]);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		run_row(&rows[i]);
	for (size_t i = 0; i < sizeof(home_rows) / sizeof(home_rows[0]); i++)
		run_home_row(&home_rows[i]);
	test_defaults();
	test_net();
	test_egress_publish();
	for (size_t i = 0; i < sizeof(cg_rows) / sizeof(cg_rows[0]); i++)
		run_cg_row(&cg_rows[i]);
	for (size_t i = 0; i < sizeof(handoff_rows) / sizeof(handoff_rows[0]); i++)
		run_handoff_row(&handoff_rows[i]);
	for (size_t i = 0; i < sizeof(start_rows) / sizeof(start_rows[0]); i++)
		run_start_row(&start_rows[i]);
	test_limits();
	test_security();
	test_instances();
	return tap_done();
}
