/* cli.c - the command line as a table: one row per option (name, argument, once-only,
 * section, help, handler). getopt_long's table, --help and the "given twice" check are
 * all made from the rows; adding an option is one row and one handler. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "mountspec.h"
#include "parse.h"
#include "rlimits.h"
#include "units.h"

/* execve(2) refuses any single argument or environment string longer than this. */
#define ARG_STRLEN_MAX ((size_t)32 * 4096)

enum section { SEC_NS, SEC_NET, SEC_FS, SEC_PROC, SEC_ENV, SEC_SECURITY, SEC_LIMITS, SEC_OTHER, SECTIONS };
static const char *const section_title[SECTIONS] = {
	"Namespaces and identity", "Network", "Filesystem (applied in the order given)", "Processes",
	"Environment", "Security", "Limits and accounting", "Other",
};

/*
 * What an option takes: nothing, one value, or a KEY and a VALUE. ARG_PAIR's rule: an
 * argument with '=' is KEY=VALUE, split at its first '='; without one it is KEY and
 * the next argument is VALUE. A KEY never holds '=', so the two forms never overlap,
 * and `--setenv FOO true` stays FOO=true however much "true" looks like PROGRAM.
 */
enum arg_kind { ARG_NONE, ARG_ONE, ARG_PAIR, ARG_TWO };
/* ARG_TWO: two arguments, as bubblewrap takes SRC DEST; never split at '=' (paths may hold it). */

/* One option as the handler sees it: its value(s) and how the user typed it. */
struct opt_use {
	const char *name;   /* long name, without "--" */
	const char *value;  /* NULL for ARG_NONE */
	const char *value2; /* ARG_PAIR's VALUE, ARG_TWO's second argument */
	const char *origin; /* e.g. "--setenv FOO bar", as typed */
};

/* Field order follows how a row reads, not packing: a few dozen rows, a few bytes each. */
struct cli_option { // NOLINT(clang-analyzer-optin.performance.Padding)
	const char *name;
	char short_name;    /* 0: none */
	enum arg_kind arg;
	const char *metavar;/* shown in --help: "--name=METAVAR", or "--name METAVAR" for ARG_PAIR */
	bool once;          /* a second use is "given twice" */
	int group;          /* nonzero: only one option of the group may be given */
	enum section section;
	const char *help;   /* lines after the first are indented under it */
	int (*handle)(struct spec *s, const struct opt_use *u, struct error *err);
};

static int bad_value(struct error *err, const struct opt_use *u, const char *why)
{
	return error_set(err, 0, "--%s '%s': %s", u->name, u->value, why);
}

static int take_string(char **field, const struct opt_use *u, struct error *err)
{
	*field = spec_strdup(u->value, err);
	return *field ? 0 : -1;
}

static int opt_hostname(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	if (check_hostname(u->value, &why) < 0)
		return bad_value(err, u, why);
	return take_string(&s->hostname, u, err);
}

static int opt_share(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	return parse_ns_list(u->value, &s->share, &why) < 0 ? bad_value(err, u, why) : 0;
}

static int set_map(struct spec *s, enum map_mode mode, const struct opt_use *u, struct error *err)
{
	s->map = mode;
	s->map_origin = spec_strdup(u->origin, err);
	return s->map_origin ? 0 : -1;
}

static int opt_map_root(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	if (parse_id_pair(u->value, &s->map_uid, &s->map_gid, &why) < 0)
		return bad_value(err, u, why);
	return set_map(s, MAP_SINGLE, u, err);
}

static int opt_map_identity(struct spec *s, const struct opt_use *u, struct error *err)
{
	return set_map(s, MAP_IDENTITY, u, err);
}

static int opt_map_auto(struct spec *s, const struct opt_use *u, struct error *err)
{
	return set_map(s, MAP_AUTO, u, err);
}

static int opt_net(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	return parse_net_mode(u->value, &s->net.mode, &why) < 0 ? bad_value(err, u, why) : 0;
}

/* Options only --net=veth uses: plan.c refuses them with another mode, naming the first. */
static int veth_option(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (!s->net.veth_origin && !(s->net.veth_origin = spec_strdup(u->origin, err)))
		return -1;
	return 0;
}

static int opt_address(struct spec *s, const struct opt_use *u, struct error *err)
{
	struct cidr *addr = strcmp(u->name, "address") == 0 ? &s->net.address : &s->net.host_address;
	const char *why;

	if (cidr_parse(u->value, addr, &why) < 0)
		return bad_value(err, u, why);
	return veth_option(s, u, err);
}

static int opt_net_pool(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	if (cidr_parse_pool(u->value, &s->net.pool, &why) < 0)
		return bad_value(err, u, why);
	return veth_option(s, u, err);
}

static int opt_veth_name(struct spec *s, const struct opt_use *u, struct error *err)
{
	bool peer = strcmp(u->name, "veth-peer") == 0;
	const char *why;

	if (check_ifname(u->value, &why) < 0)
		return bad_value(err, u, why);
	/* The sandbox's namespace starts with its loopback already named "lo". */
	if (peer && strcmp(u->value, "lo") == 0)
		return bad_value(err, u, "the sandbox's loopback already has that name");
	if (take_string(peer ? &s->net.veth_peer : &s->net.veth_host, u, err) < 0)
		return -1;
	return veth_option(s, u, err);
}

static int opt_mtu(struct spec *s, const struct opt_use *u, struct error *err)
{
	unsigned long mtu;
	const char *why;

	/* ETH_MIN_MTU and ETH_MAX_MTU: what the kernel's veth driver accepts. */
	if (parse_uint(u->value, 68, 65535, &mtu, &why) < 0)
		return bad_value(err, u, strcmp(why, "out of range") == 0 ? "must be 68 to 65535" : why);
	s->net.mtu = (unsigned)mtu;
	return veth_option(s, u, err);
}

static int opt_egress(struct spec *s, const struct opt_use *u, struct error *err)
{
	for (int e = EGRESS_DEFAULT + 1; e < EGRESS_MODES; e++)
		if (strcmp(u->value, egress_names[e]) == 0) {
			s->net.egress = (enum egress)e;
			s->net.egress_origin = spec_strdup(u->origin, err);
			return s->net.egress_origin ? 0 : -1;
		}
	return bad_value(err, u, "unknown egress (expected nat or none)");
}

static int opt_publish(struct spec *s, const struct opt_use *u, struct error *err)
{
	struct publish_rule *r;
	struct publish p;
	const char *why;

	if (publish_parse(u->value, &p, &why) < 0)
		return bad_value(err, u, why), error_hint(err, "e.g. 8080:80 or 127.0.0.1:5353:53/udp");
	for (size_t i = 0; i < s->publish.n; i++) {
		const struct publish_rule *o = VEC_AT(&s->publish, struct publish_rule, i);

		/* One host port per protocol and address: a second rule could never receive. */
		if (o->rule.host_port == p.host_port && o->rule.proto == p.proto &&
		    (!o->rule.host_ip.family || !p.host_ip.family ||
		     memcmp(&o->rule.host_ip, &p.host_ip, sizeof(p.host_ip)) == 0))
			return error_set(err, 0, "%s: host port %u/%s is already published by '%s'", u->origin,
					 (unsigned)p.host_port, publish_proto_name(p.proto), o->origin);
	}
	r = vec_push(&s->publish, err);
	if (!r)
		return -1;
	r->rule = p;
	r->origin = spec_strdup(u->origin, err);
	return r->origin ? 0 : -1;
}

/* --- filesystem: each option is one operation, kept in order (see fs.c) --- */

/* The first filesystem option as typed: plan.c names it when the view cannot be had. */
static int fs_option(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (!s->fs.first_origin && !(s->fs.first_origin = spec_strdup(u->origin, err)))
		return -1;
	return 0;
}

static const struct {
	const char *name;
	enum mount_kind kind;
	unsigned flags;
} mount_options[] = {
	{ "bind", MOUNT_BIND, 0 },
	{ "bind-try", MOUNT_BIND, MOUNT_OP_TRY },
	{ "ro-bind", MOUNT_RO_BIND, 0 },
	{ "ro-bind-try", MOUNT_RO_BIND, MOUNT_OP_TRY },
	{ "dev-bind", MOUNT_DEV_BIND, 0 },
	{ "dev-bind-try", MOUNT_DEV_BIND, MOUNT_OP_TRY },
	{ "tmpfs", MOUNT_TMPFS, 0 },
	{ "dev", MOUNT_DEV, 0 },
	{ "dir", MOUNT_DIR, 0 },
	{ "symlink", MOUNT_SYMLINK, 0 },
	{ "remount-ro", MOUNT_REMOUNT_RO, 0 },
	{ "hide", MOUNT_HIDE, 0 },
};

/* A pending --size/--perms goes to this operation, or it is misplaced (bubblewrap's rule). */
static int take_pending(struct spec *s, struct mount_op *op, struct error *err)
{
	struct fs_config *fs = &s->fs;
	bool size_ok = op->kind == MOUNT_TMPFS;
	bool perms_ok = op->kind == MOUNT_TMPFS || op->kind == MOUNT_DIR;

	if (!fs->next_origin)
		return 0;
	if ((fs->next_size && !size_ok) || (fs->next_perms != MOUNT_PERMS_DEFAULT && !perms_ok))
		return error_set(err, 0, "%s must be followed by %s, not %s", fs->next_origin,
				 fs->next_size ? "--tmpfs" : "--tmpfs or --dir", op->origin);
	op->size = fs->next_size;
	op->perms = fs->next_perms;
	fs->next_size = 0;
	fs->next_perms = MOUNT_PERMS_DEFAULT;
	free(fs->next_origin);
	fs->next_origin = NULL;
	return 0;
}

static int opt_mount(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *dest = u->value2 ? u->value2 : u->value;
	struct mount_op *op;
	const char *why;
	size_t k = 0;

	while (strcmp(mount_options[k].name, u->name) != 0)
		k++;
	if (check_view_path(dest, &why) < 0)
		return error_set(err, 0, "%s: %s '%s': %s", u->origin, u->value2 ? "DEST" : "PATH",
				 dest, why);
	if (u->value2 && !*u->value)
		return error_set(err, 0, "%s: empty %s", u->origin,
				 mount_options[k].kind == MOUNT_SYMLINK ? "TARGET" : "SRC");
	if (fs_option(s, u, err) < 0 || !(op = vec_push(&s->fs.ops, err)))
		return -1;
	op->kind = mount_options[k].kind;
	op->flags = mount_options[k].flags;
	op->perms = MOUNT_PERMS_DEFAULT;
	if (!(op->origin = spec_strdup(u->origin, err)) || !(op->dest = spec_strdup(dest, err)) ||
	    (u->value2 && !(op->src = spec_strdup(u->value, err))))
		return -1;
	return take_pending(s, op, err);
}

static int opt_rw(struct spec *s, const struct opt_use *u, struct error *err)
{
	struct mount_op *op;
	const char *why;

	if (check_view_path(u->value, &why) < 0)
		return bad_value(err, u, why);
	if (fs_option(s, u, err) < 0 || !(op = vec_push(&s->fs.rw, err)))
		return -1;
	if (!(op->origin = spec_strdup(u->origin, err)) || !(op->dest = spec_strdup(u->value, err)))
		return -1;
	return 0;
}

static int set_pending(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (s->fs.next_origin && ((strcmp(u->name, "size") == 0) == (s->fs.next_size != 0)))
		return error_set(err, 0, "%s: %s is still waiting for its --tmpfs or --dir", u->origin,
				 s->fs.next_origin);
	free(s->fs.next_origin);
	s->fs.next_origin = spec_strdup(u->origin, err);
	return s->fs.next_origin ? 0 : -1;
}

static int opt_size(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;
	uint64_t bytes;

	if (parse_size(u->value, &bytes, &why) < 0)
		return bad_value(err, u, why);
	if (set_pending(s, u, err) < 0)
		return -1;
	s->fs.next_size = bytes;
	return 0;
}

static int opt_perms(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;
	mode_t mode;

	if (parse_perms(u->value, &mode, &why) < 0)
		return bad_value(err, u, why);
	if (set_pending(s, u, err) < 0)
		return -1;
	s->fs.next_perms = mode;
	return 0;
}

static int opt_root(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (!*u->value)
		return bad_value(err, u, "empty directory");
	if (strlen(u->value) >= PATH_MAX)
		return error_set(err, 0, "--root '%.32s...': longer than PATH_MAX (%d)", u->value, PATH_MAX);
	if (fs_option(s, u, err) < 0 || take_string(&s->fs.root, u, err) < 0)
		return -1;
	s->fs.root_origin = spec_strdup(u->origin, err);
	return s->fs.root_origin ? 0 : -1;
}

static int opt_keep_changes(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (!*u->value)
		return bad_value(err, u, "empty directory");
	if (strlen(u->value) >= PATH_MAX)
		return error_set(err, 0, "--keep-changes '%.32s...': longer than PATH_MAX (%d)", u->value, PATH_MAX);
	if (fs_option(s, u, err) < 0 || take_string(&s->fs.keep_changes, u, err) < 0)
		return -1;
	s->fs.keep_origin = spec_strdup(u->origin, err);
	return s->fs.keep_origin ? 0 : -1;
}

static int opt_fs_flag(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (fs_option(s, u, err) < 0)
		return -1;
	if (strcmp(u->name, "ephemeral") == 0)
		s->fs.ephemeral = true;
	else if (strcmp(u->name, "read-only") == 0)
		s->fs.read_only = true;
	else
		s->fs.private_tmp = true;
	return 0;
}

static int opt_as_pid_1(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->as_pid_1 = true;
	return 0;
}

static int opt_die_with_parent(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->die_with_parent = true;
	return 0;
}

static int opt_cap(struct spec *s, const struct opt_use *u, struct error *err)
{
	struct cap_list *l = strcmp(u->name, "cap-add") == 0 ? &s->cap_add : &s->cap_drop;
	const char *why, *bad;
	size_t bad_len;

	if (parse_cap_list(u->value, l, &why, &bad, &bad_len) == 0)
		return 0;
	if (bad && bad_len)
		error_set(err, 0, "--%s '%s': %s '%.*s'", u->name, u->value, why, (int)bad_len, bad);
	else
		bad_value(err, u, why);
	return error_hint(err, "names as in capabilities(7), e.g. NET_ADMIN, or ALL");
}

static int opt_allow_new_privs(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->allow_new_privs = true;
	return 0;
}

static int opt_seccomp(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (!*u->value)
		return bad_value(err, u, "empty: default, unconfined, or a profile file");
	if (strcmp(u->value, "default") == 0)
		s->seccomp = SECCOMP_DEFAULT;
	else if (strcmp(u->value, "unconfined") == 0)
		s->seccomp = SECCOMP_UNCONFINED;
	else if (take_string(&s->seccomp_file, u, err) < 0)
		return -1;
	else
		s->seccomp = SECCOMP_FILE;
	s->seccomp_origin = spec_strdup(u->origin, err);
	return s->seccomp_origin ? 0 : -1;
}

static int opt_disable_userns(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->disable_userns = true;
	return 0;
}

static int opt_landlock(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->landlock = true;
	return 0;
}

static int opt_no_userns(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->no_userns = true;
	return 0;
}

static int opt_id(struct spec *s, const struct opt_use *u, struct error *err)
{
	unsigned long id;
	const char *why;

	if (parse_uint(u->value, 0, ID_MAX, &id, &why) < 0)
		return bad_value(err, u, why);
	if (strcmp(u->name, "uid") == 0) {
		s->set_uid = true;
		s->uid = (uid_t)id;
	} else {
		s->set_gid = true;
		s->gid = (gid_t)id;
	}
	return 0;
}

static int opt_preserve_fds(struct spec *s, const struct opt_use *u, struct error *err)
{
	unsigned long n;
	const char *why;

	if (parse_uint(u->value, 0, PRESERVE_FDS_MAX, &n, &why) < 0)
		return bad_value(err, u, why);
	s->preserve_fds = (unsigned)n;
	return 0;
}

static int opt_chdir(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (!*u->value)
		return bad_value(err, u, "empty directory");
	if (strlen(u->value) >= PATH_MAX)
		return error_set(err, 0, "--chdir '%.32s...': longer than PATH_MAX (%d)", u->value, PATH_MAX);
	return take_string(&s->chdir, u, err);
}

/* How each environment option is written, for the hint of its errors. */
#define SETENV_USAGE "usage: --setenv KEY=VALUE, or --setenv KEY VALUE"
#define UNSETENV_USAGE "usage: --unsetenv KEY"

static int env_usage(const char *opt, struct error *err)
{
	return error_hint(err, "%s", strcmp(opt, "setenv") == 0 ? SETENV_USAGE : UNSETENV_USAGE);
}

/* A key for setenv(3): not empty, no '=', and KEY=VALUE must fit execve's string limit. */
static int check_env_key(const char *opt, const char *key, size_t value_len, struct error *err)
{
	if (!*key)
		return error_set(err, 0, "--%s: empty variable name", opt), env_usage(opt, err);
	if (strchr(key, '='))
		return error_set(err, 0, "--%s '%s': a variable name cannot contain '='", opt, key),
		       env_usage(opt, err);
	if (strlen(key) + 1 + value_len >= ARG_STRLEN_MAX)
		return error_set(err, 0, "--%s '%.32s...': KEY=VALUE is longer than execve(2) allows (%zu bytes)",
				 opt, key, ARG_STRLEN_MAX);
	return 0;
}

/* Each variable is set or unset at most once: a second mention is a mistake, not an override. */
static int add_env(struct spec *s, const struct opt_use *u, struct error *err)
{
	struct env_op *op;

	if (check_env_key(u->name, u->value, u->value2 ? strlen(u->value2) : 0, err) < 0)
		return -1;
	for (size_t i = 0; i < s->env.n; i++)
		if (strcmp(VEC_AT(&s->env, struct env_op, i)->key, u->value) == 0)
			return error_set(err, 0, "--%s '%s': the variable is already set or unset by an earlier option",
					 u->name, u->value);
	op = vec_push(&s->env, err);
	if (!op || !(op->key = spec_strdup(u->value, err)) ||
	    (u->value2 && !(op->value = spec_strdup(u->value2, err))) ||
	    !(op->origin = spec_strdup(u->origin, err)))
		return -1;
	return 0;
}

static int opt_clearenv(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->clearenv = true;
	return 0;
}

static int keep_origin(char **field, const struct opt_use *u, struct error *err)
{
	*field = spec_strdup(u->origin, err);
	return *field ? 0 : -1;
}

/* The first option that needs a cgroup: plan.c names it when none can be made. */
static int cgroup_option(struct spec *s, const struct opt_use *u, struct error *err)
{
	if (!s->limits.cgroup_origin && !(s->limits.cgroup_origin = spec_strdup(u->origin, err)))
		return -1;
	return 0;
}

/* PID_MAX_LIMIT: no more processes can exist at once. */
#define PIDS_MAX 4194304UL

static int opt_memory(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	if (parse_size(u->value, &s->limits.memory, &why) < 0)
		return bad_value(err, u, why);
	return cgroup_option(s, u, err);
}

static int opt_pids(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	if (parse_uint(u->value, 1, PIDS_MAX, &s->limits.pids, &why) < 0)
		return bad_value(err, u, strcmp(why, "out of range") == 0 ? "must be 1 to 4194304" : why);
	return cgroup_option(s, u, err);
}

static int opt_cpus(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	if (parse_cpus(u->value, &s->limits.millicpus, &why) < 0)
		return bad_value(err, u, why);
	if (keep_origin(&s->limits.cpus_origin, u, err) < 0)
		return -1;
	return cgroup_option(s, u, err);
}

static int opt_cpuset(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;

	if (parse_cpuset(u->value, &s->limits.cpuset, &why) < 0)
		return bad_value(err, u, why);
	s->limits.has_cpuset = true;
	if (keep_origin(&s->limits.cpuset_origin, u, err) < 0)
		return -1;
	return cgroup_option(s, u, err);
}

/* Each resource once: a second --rlimit for it is a mistake, not an override. */
static int opt_rlimit(struct spec *s, const struct opt_use *u, struct error *err)
{
	struct rlimit_op *op;
	struct rlimit l;
	const char *why;
	int resource;

	if (parse_rlimit(u->value, &resource, &l, &why) < 0)
		return bad_value(err, u, why);
	for (size_t i = 0; i < s->limits.rlimits.n; i++)
		if (VEC_AT(&s->limits.rlimits, struct rlimit_op, i)->resource == resource)
			return bad_value(err, u, "this resource is already limited by an earlier --rlimit");
	op = vec_push(&s->limits.rlimits, err);
	if (!op || !(op->origin = spec_strdup(u->origin, err)))
		return -1;
	op->resource = resource;
	op->soft = l.rlim_cur;
	op->hard = l.rlim_max;
	return 0;
}

static int opt_duration(struct spec *s, const struct opt_use *u, struct error *err)
{
	uint64_t *field = strcmp(u->name, "timeout") == 0	 ? &s->limits.timeout
			  : strcmp(u->name, "cpu-time") == 0 ? &s->limits.cpu_time
							     : &s->limits.kill_after;
	const char *why;

	if (parse_duration(u->value, field, &why) < 0)
		return bad_value(err, u, why);
	if (field == &s->limits.kill_after)
		return keep_origin(&s->limits.kill_after_origin, u, err);
	/* The CPU time of the whole sandbox is read from its cgroup. */
	return field == &s->limits.cpu_time ? cgroup_option(s, u, err) : 0;
}

static int opt_report(struct spec *s, const struct opt_use *u, struct error *err)
{
	const char *why;
	unsigned long fd;

	if (strcmp(u->name, "report") == 0) {
		if (!*u->value)
			return bad_value(err, u, "empty file name");
		if (take_string(&s->limits.report_path, u, err) < 0)
			return -1;
	} else {
		if (parse_uint(u->value, 0, INT_MAX, &fd, &why) < 0)
			return bad_value(err, u, why);
		s->limits.report_fd = (int)fd;
	}
	return keep_origin(&s->limits.report_origin, u, err);
}

static int opt_verbose(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->verbose = true;
	return 0;
}

static int opt_quiet(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)u, (void)err;
	s->quiet = true;
	return 0;
}

/* --help and --version end the parse: cli_parse recognises their handlers. */
static int opt_help(struct spec *s, const struct opt_use *u, struct error *err);
static int opt_version(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)s, (void)u, (void)err;
	(void)printf("isolate %s\n", PACKAGE_VERSION);
	return 0;
}

enum { GROUP_MAP = 1, GROUP_REPORT };

static const struct cli_option options[] = {
	{ "share", 0, ARG_ONE, "NS[,NS...]", false, 0, SEC_NS,
	  "keep the host's namespace instead of a new one\n(user, net, uts, ipc, mnt, pid, cgroup, all)", opt_share },
	{ "hostname", 0, ARG_ONE, "NAME", true, 0, SEC_NS,
	  "hostname inside (default: " DEFAULT_HOSTNAME ")", opt_hostname },
	{ "map-root", 0, ARG_ONE, "UID[:GID]", true, GROUP_MAP, SEC_NS,
	  "map root inside to this host id", opt_map_root },
	{ "map-identity", 0, ARG_NONE, NULL, true, GROUP_MAP, SEC_NS,
	  "map every id to itself (root inside is host root)", opt_map_identity },
	{ "map-auto", 0, ARG_NONE, NULL, true, GROUP_MAP, SEC_NS,
	  "also map ids 1... to your ranges in /etc/subuid and\n/etc/subgid (through newuidmap/newgidmap)", opt_map_auto },

	{ "net", 0, ARG_ONE, "MODE", true, 0, SEC_NET,
	  "veth (default as root: a link to the host),\npasta (outbound through pasta, also rootless),\nnone (loopback only), host (the host's network)", opt_net },
	{ "address", 0, ARG_ONE, "CIDR", true, 0, SEC_NET,
	  "the sandbox's address (default: from the pool)", opt_address },
	{ "host-address", 0, ARG_ONE, "CIDR", true, 0, SEC_NET,
	  "the host end's address (default: from the pool)", opt_address },
	{ "net-pool", 0, ARG_ONE, "CIDR", true, 0, SEC_NET,
	  "allocate /30 subnets from CIDR (default: $" NET_POOL_ENV ",\nelse " DEFAULT_NET_POOL ")", opt_net_pool },
	{ "veth-host", 0, ARG_ONE, "NAME", true, 0, SEC_NET,
	  "the host end's name (default: iso<PID>)", opt_veth_name },
	{ "veth-peer", 0, ARG_ONE, "NAME", true, 0, SEC_NET,
	  "the sandbox end's name (default: " DEFAULT_VETH_PEER ")", opt_veth_name },
	{ "mtu", 0, ARG_ONE, "N", true, 0, SEC_NET, "MTU of both ends of the veth pair", opt_mtu },
	{ "egress", 0, ARG_ONE, "nat|none", true, 0, SEC_NET,
	  "veth: nat (default: routed and masqueraded out of the\nhost) or none (the host end only; the rest fails at once)", opt_egress },
	{ "publish", 'p', ARG_ONE, "RULE", false, 0, SEC_NET,
	  "forward a host port to the sandbox, RULE being\n[HOSTIP:]HOSTPORT:PORT[/tcp|/udp] (veth or pasta)", opt_publish },

	{ "bind", 0, ARG_TWO, "SRC DEST", false, 0, SEC_FS,
	  "bind-mount the host's SRC on DEST", opt_mount },
	{ "bind-try", 0, ARG_TWO, "SRC DEST", false, 0, SEC_FS, "the same, skipped if SRC is missing", opt_mount },
	{ "ro-bind", 0, ARG_TWO, "SRC DEST", false, 0, SEC_FS,
	  "bind-mount SRC on DEST, recursively read-only", opt_mount },
	{ "ro-bind-try", 0, ARG_TWO, "SRC DEST", false, 0, SEC_FS, "the same, skipped if SRC is missing", opt_mount },
	{ "dev-bind", 0, ARG_TWO, "SRC DEST", false, 0, SEC_FS,
	  "bind-mount SRC on DEST, device files usable", opt_mount },
	{ "dev-bind-try", 0, ARG_TWO, "SRC DEST", false, 0, SEC_FS, "the same, skipped if SRC is missing", opt_mount },
	{ "tmpfs", 0, ARG_ONE, "DEST", false, 0, SEC_FS, "mount an empty tmpfs on DEST", opt_mount },
	{ "size", 0, ARG_ONE, "BYTES", false, 0, SEC_FS,
	  "size of the next --tmpfs (suffixes k, m, g)", opt_size },
	{ "perms", 0, ARG_ONE, "OCTAL", false, 0, SEC_FS,
	  "mode of the next --tmpfs or --dir (default 0755)", opt_perms },
	{ "dev", 0, ARG_ONE, "DEST", false, 0, SEC_FS,
	  "mount a minimal /dev on DEST (null, zero, full, random,\nurandom, tty, a private devpts, shm)", opt_mount },
	{ "dir", 0, ARG_ONE, "DEST", false, 0, SEC_FS, "create the directory DEST", opt_mount },
	{ "symlink", 0, ARG_TWO, "TARGET LINK", false, 0, SEC_FS,
	  "create the symbolic link LINK pointing to TARGET", opt_mount },
	{ "remount-ro", 0, ARG_ONE, "DEST", false, 0, SEC_FS,
	  "make the mounts at DEST recursively read-only", opt_mount },
	{ "root", 0, ARG_ONE, "DIR", true, 0, SEC_FS,
	  "make DIR the root (pivot_root); the host's is detached", opt_root },
	{ "ephemeral", 0, ARG_NONE, NULL, true, 0, SEC_FS,
	  "writable layer over the root, in memory, gone at exit", opt_fs_flag },
	{ "keep-changes", 0, ARG_ONE, "DIR", true, 0, SEC_FS,
	  "the same, but the written files are kept in DIR", opt_keep_changes },
	{ "read-only", 0, ARG_NONE, NULL, true, 0, SEC_FS,
	  "make the whole view recursively read-only", opt_fs_flag },
	{ "rw", 0, ARG_ONE, "PATH", false, 0, SEC_FS,
	  "keep PATH writable under --read-only, --landlock\nor --no-userns", opt_rw },
	{ "hide", 0, ARG_ONE, "PATH", false, 0, SEC_FS,
	  "mask PATH: an empty directory or file in its place", opt_mount },
	{ "private-tmp", 0, ARG_NONE, NULL, true, 0, SEC_FS,
	  "a fresh tmpfs on /tmp and /var/tmp", opt_fs_flag },

	{ "as-pid-1", 0, ARG_NONE, NULL, false, 0, SEC_PROC,
	  "exec PROGRAM as PID 1 instead of under isolate's init", opt_as_pid_1 },
	{ "die-with-parent", 0, ARG_NONE, NULL, false, 0, SEC_PROC,
	  "kill the sandbox when isolate's parent dies", opt_die_with_parent },
	{ "uid", 0, ARG_ONE, "UID", true, 0, SEC_PROC,
	  "run PROGRAM as this user id inside (default 0)", opt_id },
	{ "gid", 0, ARG_ONE, "GID", true, 0, SEC_PROC,
	  "run PROGRAM as this group id inside (default 0)", opt_id },
	{ "chdir", 0, ARG_ONE, "DIR", true, 0, SEC_PROC,
	  "run PROGRAM in DIR (default: the current directory)", opt_chdir },
	{ "preserve-fds", 0, ARG_ONE, "N", true, 0, SEC_PROC,
	  "pass fds 3..N+2 on to PROGRAM (sets LISTEN_FDS)", opt_preserve_fds },

	{ "setenv", 'e', ARG_PAIR, "KEY=VALUE", false, 0, SEC_ENV,
	  "set KEY to VALUE for PROGRAM; also as two\narguments: --setenv KEY VALUE", add_env },
	{ "unsetenv", 0, ARG_ONE, "KEY", false, 0, SEC_ENV, "remove KEY from PROGRAM's environment", add_env },
	{ "clearenv", 0, ARG_NONE, NULL, true, 0, SEC_ENV,
	  "start PROGRAM with an empty environment", opt_clearenv },

	{ "cap-add", 0, ARG_ONE, "CAP[,CAP...]", false, 0, SEC_SECURITY,
	  "give PROGRAM these capabilities too (or ALL)", opt_cap },
	{ "cap-drop", 0, ARG_ONE, "CAP[,CAP...]", false, 0, SEC_SECURITY,
	  "take these from the default set (or ALL)", opt_cap },
	{ "allow-new-privs", 0, ARG_NONE, NULL, false, 0, SEC_SECURITY,
	  "let setuid and file capabilities work (no_new_privs off)", opt_allow_new_privs },
	{ "seccomp", 0, ARG_ONE, "PROFILE", true, 0, SEC_SECURITY,
	  "syscall filter: default (isolate's), unconfined,\nor a docker/podman JSON profile file", opt_seccomp },
	{ "disable-userns", 0, ARG_NONE, NULL, true, 0, SEC_SECURITY,
	  "PROGRAM cannot create user namespaces", opt_disable_userns },
	{ "landlock", 0, ARG_NONE, NULL, true, 0, SEC_SECURITY,
	  "confine PROGRAM with Landlock: read and execute\neverywhere, write only where the view is\nmade writable (--rw, --bind, --tmpfs, ...)", opt_landlock },
	{ "no-userns", 0, ARG_NONE, NULL, true, 0, SEC_SECURITY,
	  "no namespaces: Landlock, seccomp and no_new_privs\nonly (where user namespaces are blocked)", opt_no_userns },

	{ "memory", 0, ARG_ONE, "SIZE", true, 0, SEC_LIMITS,
	  "memory of the whole sandbox, swap included (512K, 64M, 2G)", opt_memory },
	{ "pids", 0, ARG_ONE, "N", true, 0, SEC_LIMITS,
	  "processes and threads of the whole sandbox", opt_pids },
	{ "cpus", 0, ARG_ONE, "N", true, 0, SEC_LIMITS,
	  "CPU bandwidth, in CPUs (0.5, 2)", opt_cpus },
	{ "cpuset", 0, ARG_ONE, "LIST", true, 0, SEC_LIMITS,
	  "the CPUs the sandbox may run on (0-3,8)", opt_cpuset },
	{ "rlimit", 0, ARG_ONE, "NAME=SOFT[:HARD]", false, 0, SEC_LIMITS,
	  "a resource limit (nofile, nproc, fsize, core, stack, as,\ncpu, ...; a number or unlimited)", opt_rlimit },
	{ "timeout", 0, ARG_ONE, "DURATION", true, 0, SEC_LIMITS,
	  "wall-clock time from PROGRAM's start (1.5, 500ms, 2m);\nthen SIGTERM to the sandbox, exit 124", opt_duration },
	{ "cpu-time", 0, ARG_ONE, "DURATION", true, 0, SEC_LIMITS,
	  "CPU time of the whole sandbox; then as --timeout", opt_duration },
	{ "kill-after", 0, ARG_ONE, "DURATION", true, 0, SEC_LIMITS,
	  "SIGKILL this long after a time limit's SIGTERM (default 2s)", opt_duration },
	{ "report", 0, ARG_ONE, "FILE", true, GROUP_REPORT, SEC_LIMITS,
	  "write what PROGRAM used, as one JSON object, to FILE", opt_report },
	{ "report-fd", 0, ARG_ONE, "N", true, GROUP_REPORT, SEC_LIMITS,
	  "the same, to file descriptor N", opt_report },

	{ "verbose", 'v', ARG_NONE, NULL, false, 0, SEC_OTHER, "trace each setup step on stderr", opt_verbose },
	{ "quiet", 'q', ARG_NONE, NULL, false, 0, SEC_OTHER,
	  "no notes from isolate (errors are still printed)", opt_quiet },
	{ "help", 'h', ARG_NONE, NULL, false, 0, SEC_OTHER, "show this help and exit", opt_help },
	{ "version", 'V', ARG_NONE, NULL, false, 0, SEC_OTHER, "show the version and exit", opt_version },
};
#define N_OPTIONS ARRAY_SIZE(options)
/* getopt_long's val for row i; above any short option's character. */
#define ROW_VAL(i) (0x100 + (int)(i))

/* Where the help texts start: the widest "  -x, --name=METAVAR" plus two spaces. */
#define HELP_COLUMN 27

static int opt_help(struct spec *s, const struct opt_use *u, struct error *err)
{
	(void)s, (void)u, (void)err;
	(void)fputs("Usage: isolate [OPTIONS] [--] PROGRAM [ARGS...]\n"
		    "Run PROGRAM in new user, network, UTS, IPC, mount, PID and cgroup namespaces.\n", stdout);
	for (int sec = 0; sec < SECTIONS; sec++) {
		(void)printf("\n%s:\n", section_title[sec]);
		for (size_t i = 0; i < N_OPTIONS; i++) {
			const struct cli_option *o = &options[i];
			const char *h = o->help;
			char left[64];
			int n;

			if (o->section != (enum section)sec)
				continue;
			n = snprintf(left, sizeof(left), "  %c%c%c --%s%s%s", o->short_name ? '-' : ' ',
				     o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ', o->name,
				     o->metavar ? (o->arg == ARG_PAIR || o->arg == ARG_TWO ? " " : "=") : "",
				     o->metavar ? o->metavar : "");
			/* Each help line: the first beside the option, the rest under it. */
			for (bool first = true; *h; first = false) {
				int len = (int)strcspn(h, "\n");

				if (first)
					(void)printf("%s%*s%.*s\n", left, n < HELP_COLUMN - 1 ? HELP_COLUMN - n : 2,
						     "", len, h);
				else
					(void)printf("%*s%.*s\n", HELP_COLUMN, "", len, h);
				h += len + (h[len] == '\n');
			}
		}
	}
	(void)fputs("\nExit status: PROGRAM's own, 128+N if it was killed by signal N, 124 if a time\n"
		    "limit ended it, 125 if isolate failed, 126 if PROGRAM cannot be executed, 127\n"
		    "if it was not found.\n"
		    "See isolate(1) for details.\n", stdout);
	return 0;
}

/* Name of the option at argv[index-1] as the user typed it, for messages. */
static const char *typed_option(char **argv, int index)
{
	return index > 0 ? argv[index - 1] : "?";
}

/* "--flag=value" for a flag without a value: getopt_long reports it as unknown. */
static bool takes_no_value(const char *typed)
{
	const char *eq = strchr(typed, '=');

	if (strncmp(typed, "--", 2) != 0 || !eq)
		return false;
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (options[i].arg == ARG_NONE && strlen(options[i].name) == (size_t)(eq - typed - 2) &&
		    strncmp(options[i].name, typed + 2, (size_t)(eq - typed - 2)) == 0)
			return true;
	return false;
}

/* getopt's verdicts other than a known option: one line naming what was typed. */
static int unknown_option(int c, char **argv, struct error *err)
{
	const char *typed = typed_option(argv, optind);

	if (c == ':')
		return error_set(err, 0, "option '%s' requires a value (see isolate --help)", typed);
	if (optopt && optopt < 0x100)
		return error_set(err, 0, "unknown option '-%c' (see isolate --help)", optopt);
	if (takes_no_value(typed))
		return error_set(err, 0, "option '%.*s' takes no value", (int)strcspn(typed, "="), typed);
	return error_set(err, 0, "unknown option '%s' (see isolate --help)", typed);
}

/* The "given twice" and "only one of" rules, from the rows. */
static int check_repeats(size_t row, bool seen[N_OPTIONS], struct error *err)
{
	const struct cli_option *o = &options[row];
	char names[256];
	size_t used = 0, total = 0, shown = 0;

	for (size_t i = 0; o->group && i < N_OPTIONS; i++)
		if (options[i].group == o->group && seen[i])
			total++;
	if (o->once && seen[row] && !total)
		return error_set(err, 0, "--%s given twice", o->name);
	seen[row] = true;
	if (total == 0)
		return 0;
	names[0] = '\0';
	total = 0;
	for (size_t i = 0; i < N_OPTIONS; i++)
		total += options[i].group == o->group;
	for (size_t i = 0; i < N_OPTIONS && used < sizeof(names); i++) {
		if (options[i].group != o->group)
			continue;
		shown++;
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s--%s",
					 shown == 1 ? "" : shown == total ? " and " : ", ", options[i].name);
	}
	return error_set(err, 0, "--%s: only one of %s may be given", o->name, names);
}

/* The option as typed, with what it took from the arguments after it. */
static void format_origin(char *buf, size_t size, const char *typed, const char *next1, const char *next2)
{
	(void)snprintf(buf, size, "%s%s%s%s%s", typed, next1 ? " " : "", next1 ? next1 : "",
		       next2 ? " " : "", next2 ? next2 : "");
}

/*
 * ARG_PAIR (see enum arg_kind): split KEY=VALUE into *key (allocated) and the VALUE
 * inside arg, or take VALUE from the next argument. *separate says which.
 */
static int take_pair(const char *opt, const char *arg, int argc, char **argv, char **key,
		     const char **value, bool *separate, struct error *err)
{
	const char *eq = strchr(arg, '=');

	*separate = !eq;
	if (eq) {
		*key = strndup(arg, (size_t)(eq - arg));
		*value = eq + 1;
		return *key ? 0 : error_set(err, ENOMEM, "--%s", opt);
	}
	if (optind >= argc)
		return error_set(err, 0, "--%s '%s' requires a VALUE after KEY", opt, arg), env_usage(opt, err);
	*value = argv[optind++];
	return 0;
}

/*
 * No PROGRAM: say so; and if the last argument was a pair's separate VALUE (origin is
 * that option as typed), that the pair took it, which is likely what the user missed.
 */
static int no_program(const char *pair_origin, const char *value, struct error *err)
{
	if (!pair_origin)
		return error_set(err, 0, "no PROGRAM given (usage: isolate [OPTIONS] [--] PROGRAM [ARGS...])");
	return error_set(err, 0, "no PROGRAM given: '%s' took '%s' as its VALUE", pair_origin, value),
	       error_hint(err, "%s, then PROGRAM", SETENV_USAGE);
}

enum cli_result cli_parse(int argc, char **argv, struct spec *s, struct error *err)
{
	struct option long_options[N_OPTIONS + 1];
	char shorts[2 + 2 * N_OPTIONS + 1] = "+:"; /* '+': stop at PROGRAM; ':': report missing values */
	bool seen[N_OPTIONS] = { false };
	char pair_origin[512] = ""; /* the last option that took the next argument as VALUE */
	int pair_value_at = -1;     /* where that VALUE was */
	size_t ns = 2;
	int c;

	spec_init(s);
	for (size_t i = 0; i < N_OPTIONS; i++) {
		long_options[i] = (struct option){ options[i].name,
						   options[i].arg == ARG_NONE ? no_argument : required_argument,
						   NULL, ROW_VAL(i) };
		if (options[i].short_name) {
			shorts[ns++] = options[i].short_name;
			if (options[i].arg != ARG_NONE)
				shorts[ns++] = ':';
		}
	}
	long_options[N_OPTIONS] = (struct option){ NULL, 0, NULL, 0 };
	shorts[ns] = '\0';
	opterr = 0; /* we print our own messages, in our own format */
	optind = 1;
	while ((c = getopt_long(argc, argv, shorts, long_options, NULL)) != -1) {
		_cleanup_free_ char *key = NULL;
		struct opt_use use = { 0 };
		bool value_separate, pair_separate = false;
		const char *typed;
		char origin[512];
		size_t row = N_OPTIONS;

		for (size_t i = 0; i < N_OPTIONS && row == N_OPTIONS; i++)
			if (c == ROW_VAL(i) || (options[i].short_name && c == options[i].short_name))
				row = i;
		if (row == N_OPTIONS)
			return unknown_option(c, argv, err), CLI_ERROR;
		use.name = options[row].name;
		use.value = options[row].arg == ARG_NONE ? NULL : optarg;
		/* A value given as the next argument: the option itself is the one before it. */
		value_separate = use.value && optind >= 2 && optarg == argv[optind - 1];
		typed = value_separate ? argv[optind - 2] : typed_option(argv, optind);
		if (options[row].arg == ARG_TWO) {
			const char *second = strchr(options[row].metavar, ' ') + 1;

			if (optind >= argc)
				return error_set(err, 0, "--%s '%s' requires a %s after %.*s", use.name, optarg,
						 second, (int)(second - 1 - options[row].metavar),
						 options[row].metavar),
				       CLI_ERROR;
			use.value2 = argv[optind++];
			pair_separate = true;
		} else if (options[row].arg == ARG_PAIR) {
			if (take_pair(use.name, optarg, argc, argv, &key, &use.value2, &pair_separate, err) < 0)
				return CLI_ERROR;
			if (key)
				use.value = key;
			if (pair_separate)
				pair_value_at = optind - 1;
		}
		format_origin(origin, sizeof(origin), typed, value_separate ? optarg : NULL,
			      pair_separate ? use.value2 : NULL);
		use.origin = origin;
		if (pair_separate)
			(void)snprintf(pair_origin, sizeof(pair_origin), "%s", origin);
		if (check_repeats(row, seen, err) < 0 || options[row].handle(s, &use, err) < 0)
			return CLI_ERROR;
		if (options[row].handle == opt_help || options[row].handle == opt_version)
			return CLI_EXIT;
	}
	if (s->fs.next_origin)
		return error_set(err, 0, "%s must be followed by %s", s->fs.next_origin,
				 s->fs.next_size ? "--tmpfs" : "--tmpfs or --dir"),
		       CLI_ERROR;
	if (optind >= argc)
		return no_program(pair_value_at == argc - 1 ? pair_origin : NULL, argv[argc - 1], err), CLI_ERROR;
	if (argv[optind][0] == '\0')
		return error_set(err, 0, "PROGRAM is an empty string"), CLI_ERROR;
	s->argv = argv + optind;
	return CLI_RUN;
}
