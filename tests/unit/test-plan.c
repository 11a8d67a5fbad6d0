/* test-plan.c - table-driven unit tests of plan_resolve(): who runs isolate (root, sudo,
 * rootless, nested) x each --share x each map mode -> the mapping, net mode and
 * refusals. No privilege needed: the host facts are made up (TAP). */
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

int main(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		run_row(&rows[i]);
	test_defaults();
	return tap_done();
}
