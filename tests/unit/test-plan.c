/* test-plan.c - table-driven unit tests of plan_resolve(): who runs isolate (root, sudo,
 * rootless, nested) x each --share x each map mode -> the mapping, net mode and
 * refusals. No privilege needed: the host facts are made up (TAP). */
#include <string.h>

#include "plan.h"
#include "tap.h"

/* Who runs isolate. */
enum who { ROOT, SUDO, SUDO_ROOT, ROOTLESS, NESTED_ROOT };

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
	{ "rootless --share=all", ROOTLESS, { .share = SH(USER) | SH(NET) | SH(UTS) | SH(IPC) | SH(MNT) | SH(PID) }, NULL, MAP_IDENTITY, 0, 0, NET_HOST, false },
	{ "rootless --share=all --cap-add refused", ROOTLESS, { .share = SH(USER) | SH(NET) | SH(UTS) | SH(IPC) | SH(MNT) | SH(PID), .cap_add = true }, "--cap-add with --share=user needs privilege", 0, 0, 0, 0, false },
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
};

static const struct fs_row fs_rows[] = {
	{ "default: every mount of a new namespace", 0, false, false, false, false, false, NULL, true, true, true, true, true },
	{ "--share=mnt: the host's view, nothing mounted", SH(MNT), false, false, false, false, false, NULL, false, false, false, false, false },
	{ "--share=pid: no fresh /proc", SH(PID), false, false, false, false, false, NULL, true, false, true, true, true },
	{ "--share=ipc: the host's /dev/shm", SH(IPC), false, false, false, false, false, NULL, true, true, false, true, true },
	{ "--share=net: the host's /sys", SH(NET), false, false, false, false, false, NULL, true, true, true, false, true },
	{ "--share=uts: the host's /etc/hosts", SH(UTS), false, false, false, false, false, NULL, true, true, true, true, false },
	{ "--tmpfs with --share=mnt refused", SH(MNT), true, false, false, false, false, "--tmpfs /x needs a mount namespace", false, false, false, false, false },
	{ "--ephemeral with --share=mnt refused", SH(MNT), false, true, false, false, false, "needs a mount namespace of its own", false, false, false, false, false },
	{ "--ephemeral with --keep-changes refused", 0, false, true, true, false, false, "--ephemeral and --keep-changes /k", false, false, false, false, false },
	{ "--keep-changes alone", 0, false, false, true, false, false, NULL, true, true, true, true, true },
	{ "--rw without --read-only refused", 0, false, false, false, false, true, "--rw /w keeps a path writable under --read-only", false, false, false, false, false },
	{ "--read-only --rw", 0, false, false, false, true, true, NULL, true, true, true, true, true },
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
	struct hostfacts f = facts_of(ROOT);
	struct error err = { 0 };
	struct spec s;
	struct plan p;
	int rc;

	spec_init(&s);
	s.share = r->share;
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
			   p.fs.private_ipc == r->ipc && p.fs.fresh_sys == r->sys && p.fs.etc_files == r->etc,
		   "fs: %s (rc %d%s%s)", r->name, rc, rc ? ", " : "", rc ? err.msg : "");
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
	return tap_done();
}
