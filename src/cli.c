/* cli.c - getopt_long parsing into struct isolate_config, and the --help/--version text. */
#include "cli.h"

#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include "caplist.h"
#include "parse.h"

enum {
	OPT_HOSTNAME = 0x100,
	OPT_SHARE,
	OPT_MAP_ROOT,
	OPT_MAP_IDENTITY,
	OPT_MAP_AUTO,
	OPT_AS_PID_1,
	OPT_DIE_WITH_PARENT,
	OPT_NET,
	OPT_ADDRESS,
	OPT_HOST_ADDRESS,
	OPT_NET_POOL,
	OPT_VETH_HOST,
	OPT_VETH_PEER,
	OPT_MTU,
	OPT_CAP_ADD,
	OPT_CAP_DROP,
	OPT_ALLOW_NEW_PRIVS,
	OPT_UID,
	OPT_GID,
	OPT_PRESERVE_FDS,
	OPT_CHDIR,
	OPT_SETENV,
	OPT_UNSETENV,
	OPT_CLEARENV,
};

/* execve(2) refuses any single argument or environment string longer than this. */
#define ARG_STRLEN_MAX ((size_t)32 * 4096)

static const struct option long_options[] = {
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "share", required_argument, NULL, OPT_SHARE },
	{ "map-root", required_argument, NULL, OPT_MAP_ROOT },
	{ "map-identity", no_argument, NULL, OPT_MAP_IDENTITY },
	{ "map-auto", no_argument, NULL, OPT_MAP_AUTO },
	{ "as-pid-1", no_argument, NULL, OPT_AS_PID_1 },
	{ "die-with-parent", no_argument, NULL, OPT_DIE_WITH_PARENT },
	{ "net", required_argument, NULL, OPT_NET },
	{ "address", required_argument, NULL, OPT_ADDRESS },
	{ "host-address", required_argument, NULL, OPT_HOST_ADDRESS },
	{ "net-pool", required_argument, NULL, OPT_NET_POOL },
	{ "veth-host", required_argument, NULL, OPT_VETH_HOST },
	{ "veth-peer", required_argument, NULL, OPT_VETH_PEER },
	{ "mtu", required_argument, NULL, OPT_MTU },
	{ "cap-add", required_argument, NULL, OPT_CAP_ADD },
	{ "cap-drop", required_argument, NULL, OPT_CAP_DROP },
	{ "allow-new-privs", no_argument, NULL, OPT_ALLOW_NEW_PRIVS },
	{ "uid", required_argument, NULL, OPT_UID },
	{ "gid", required_argument, NULL, OPT_GID },
	{ "preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS },
	{ "chdir", required_argument, NULL, OPT_CHDIR },
	{ "setenv", required_argument, NULL, OPT_SETENV },
	{ "unsetenv", required_argument, NULL, OPT_UNSETENV },
	{ "clearenv", no_argument, NULL, OPT_CLEARENV },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char usage_text[] =
	"Usage: isolate [OPTIONS] [--] PROGRAM [ARGS...]\n"
	"Run PROGRAM in new user, network, UTS, IPC, mount and PID namespaces.\n"
	"\n"
	"Namespaces and identity:\n"
	"      --share=NS[,NS...]   keep the host's namespace instead of a new one\n"
	"                           (user, net, uts, ipc, mnt, pid, all)\n"
	"      --hostname=NAME      hostname inside (default: " DEFAULT_HOSTNAME ")\n"
	"      --map-root=UID[:GID] map root inside to this host id\n"
	"      --map-identity       map every id to itself (root inside is host root)\n"
	"      --map-auto           also map ids 1... to your ranges in /etc/subuid and\n"
	"                           /etc/subgid (through newuidmap/newgidmap)\n"
	"\n"
	"Network:\n"
	"      --net=MODE           veth (default as root: a link to the host),\n"
	"                           pasta (outbound through pasta, also rootless),\n"
	"                           none (loopback only), host (the host's network)\n"
	"      --address=CIDR       the sandbox's address (default: from the pool)\n"
	"      --host-address=CIDR  the host end's address (default: from the pool)\n"
	"      --net-pool=CIDR      allocate /30 subnets from CIDR (default: $" NET_POOL_ENV ",\n"
	"                           else " DEFAULT_NET_POOL ")\n"
	"      --veth-host=NAME     the host end's name (default: iso<PID>)\n"
	"      --veth-peer=NAME     the sandbox end's name (default: " DEFAULT_VETH_PEER ")\n"
	"      --mtu=N              MTU of both ends of the veth pair\n"
	"\n"
	"Processes:\n"
	"      --as-pid-1           exec PROGRAM as PID 1 instead of under isolate's init\n"
	"      --die-with-parent    kill the sandbox when isolate's parent dies\n"
	"      --uid=UID            run PROGRAM as this user id inside (default 0)\n"
	"      --gid=GID            run PROGRAM as this group id inside (default 0)\n"
	"      --chdir=DIR          run PROGRAM in DIR (default: the current directory)\n"
	"      --preserve-fds=N     pass fds 3..N+2 on to PROGRAM (sets LISTEN_FDS)\n"
	"\n"
	"Environment:\n"
	"      --setenv KEY VALUE   set KEY=VALUE for PROGRAM\n"
	"      --unsetenv=KEY       remove KEY from PROGRAM's environment\n"
	"      --clearenv           start PROGRAM with an empty environment\n"
	"\n"
	"Security:\n"
	"      --cap-add=CAP[,CAP...]   give PROGRAM these capabilities too (or ALL)\n"
	"      --cap-drop=CAP[,CAP...]  take these from the default set (or ALL)\n"
	"      --allow-new-privs    let setuid and file capabilities work (no_new_privs off)\n"
	"\n"
	"Other:\n"
	"  -v, --verbose            trace each setup step on stderr\n"
	"  -h, --help               show this help and exit\n"
	"  -V, --version            show the version and exit\n"
	"\n"
	"Exit status: PROGRAM's own, 128+N if it was killed by signal N, 125 if isolate\n"
	"failed, 126 if PROGRAM cannot be executed, 127 if it was not found.\n"
	"See isolate(1) for details.\n";

/* Name of the option at argv[optind-1] as the user typed it, for messages. */
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
	for (const struct option *o = long_options; o->name; o++)
		if (o->has_arg == no_argument && strlen(o->name) == (size_t)(eq - typed - 2) &&
		    strncmp(o->name, typed + 2, (size_t)(eq - typed - 2)) == 0)
			return true;
	return false;
}

static int bad_value(struct error *err, const char *opt, const char *value, const char *why)
{
	return error_set(err, 0, "--%s '%s': %s", opt, value, why);
}

/* Options of --net=veth: each may be given once. */
static int net_option(int c, const char *name, const char *value, struct net_config *net,
		      struct error *err)
{
	const char *why = NULL;
	unsigned long mtu;
	struct cidr *addr = NULL;
	const char **ifname = NULL;

	switch (c) {
	case OPT_ADDRESS:
	case OPT_HOST_ADDRESS:
		addr = c == OPT_ADDRESS ? &net->address : &net->host_address;
		if (addr->family)
			return error_set(err, 0, "--%s given twice", name);
		if (cidr_parse(value, addr, &why) < 0)
			return bad_value(err, name, value, why);
		break;
	case OPT_NET_POOL:
		if (net->pool.family)
			return error_set(err, 0, "--%s given twice", name);
		if (cidr_parse_pool(value, &net->pool, &why) < 0)
			return bad_value(err, name, value, why);
		break;
	case OPT_VETH_HOST:
	case OPT_VETH_PEER:
		ifname = c == OPT_VETH_HOST ? &net->veth_host : &net->veth_peer;
		if (*ifname)
			return error_set(err, 0, "--%s given twice", name);
		if (check_ifname(value, &why) < 0)
			return bad_value(err, name, value, why);
		/* The sandbox's namespace starts with its loopback already named "lo". */
		if (c == OPT_VETH_PEER && strcmp(value, "lo") == 0)
			return bad_value(err, name, value, "the sandbox's loopback already has that name");
		*ifname = value;
		break;
	case OPT_MTU:
		if (net->mtu)
			return error_set(err, 0, "--%s given twice", name);
		/* ETH_MIN_MTU and ETH_MAX_MTU: what the kernel's veth driver accepts. */
		if (parse_uint(value, 68, 65535, &mtu, &why) < 0)
			return bad_value(err, name, value,
					 strcmp(why, "out of range") == 0 ? "must be 68 to 65535" : why);
		net->mtu = (unsigned)mtu;
		break;
	default:
		return error_set(err, 0, "--%s: not a network option", name);
	}
	net->veth_options = true;
	return 0;
}

static int bad_cap(struct error *err, const char *opt, const char *value, const char *why,
		   const char *bad, size_t bad_len)
{
	if (bad && bad_len)
		error_set(err, 0, "--%s '%s': %s '%.*s'", opt, value, why, (int)bad_len, bad);
	else
		bad_value(err, opt, value, why);
	return error_hint(err, "names as in capabilities(7), e.g. NET_ADMIN, or ALL");
}

static int parse_id_option(const char *opt, const char *value, bool *seen, unsigned long *out,
			   struct error *err)
{
	const char *why = NULL;

	if (*seen)
		return error_set(err, 0, "--%s given twice", opt);
	*seen = true;
	/* (uid_t)-1 means "no change" to setresuid(2) and is never a real id. */
	if (parse_uint(value, 0, 4294967294UL, out, &why) < 0)
		return bad_value(err, opt, value, why);
	return 0;
}

/* A key for setenv(3): not empty, no '=', and KEY=VALUE must fit execve's string limit. */
static int check_env_key(const char *opt, const char *key, size_t value_len, struct error *err)
{
	if (!*key)
		return error_set(err, 0, "--%s: empty variable name", opt);
	if (strchr(key, '='))
		return error_set(err, 0, "--%s '%s': a variable name cannot contain '='", opt, key);
	if (strlen(key) + 1 + value_len >= ARG_STRLEN_MAX)
		return error_set(err, 0, "--%s '%.32s...': KEY=VALUE is longer than execve(2) allows (%zu bytes)",
				 opt, key, ARG_STRLEN_MAX);
	return 0;
}

/* Each variable is set or unset at most once: a second mention is a mistake, not an override. */
static int add_env(struct isolate_config *cfg, const char *opt, const char *key, const char *value,
		   struct error *err)
{
	for (size_t i = 0; i < cfg->n_env; i++)
		if (cfg->env[i].key && strcmp(cfg->env[i].key, key) == 0)
			return error_set(err, 0, "--%s '%s': the variable is already set or unset by an earlier option",
					 opt, key);
	cfg->env[cfg->n_env++] = (struct env_op){ .key = key, .value = value };
	return 0;
}

static int check_caps(const struct isolate_config *cfg, struct error *err)
{
	uint64_t both = cfg->cap_add.bits & cfg->cap_drop.bits;

	if (both) {
		char *name = cap_to_name((cap_value_t)__builtin_ctzll(both));

		for (char *p = name; p && *p; p++)
			*p = (char)toupper((unsigned char)*p);
		error_set(err, 0, "%s is given to both --cap-add and --cap-drop", name ? name : "a capability");
		if (name)
			(void)cap_free(name);
		return -1;
	}
	if (cfg->cap_add.all && cfg->cap_drop.all)
		return error_set(err, 0, "--cap-add=ALL and --cap-drop=ALL contradict each other");
	return 0;
}

enum cli_result cli_parse(int argc, char **argv, struct isolate_config *cfg, struct error *err)
{
	bool seen_map = false, seen_net = false, seen_fds = false;
	unsigned long num = 0;
	int c, index = -1;

	*cfg = (struct isolate_config){ .map = MAP_DEFAULT };
	/* At most one env op per argument: the array never needs to grow. */
	cfg->env = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*cfg->env));
	if (!cfg->env)
		return error_set(err, errno, "allocate the option table"), CLI_ERROR;
	opterr = 0; /* we print our own messages, in our own format */
	optind = 1;
	/* '+': stop at PROGRAM so its own options stay its own; ':': report missing values. */
	while ((c = getopt_long(argc, argv, "+:hvV", long_options, &index)) != -1) {
		const char *name = index >= 0 ? long_options[index].name : NULL;
		const char *why = NULL;

		switch (c) {
		case OPT_HOSTNAME:
			if (cfg->hostname)
				return error_set(err, 0, "--hostname given twice"), CLI_ERROR;
			if (check_hostname(optarg, &why) < 0)
				return bad_value(err, name, optarg, why), CLI_ERROR;
			cfg->hostname = optarg;
			break;
		case OPT_SHARE:
			if (parse_ns_list(optarg, &cfg->share, &why) < 0)
				return bad_value(err, name, optarg, why), CLI_ERROR;
			break;
		case OPT_MAP_ROOT:
		case OPT_MAP_IDENTITY:
		case OPT_MAP_AUTO:
			if (seen_map)
				return error_set(err, 0, "--%s: only one of --map-root, --map-identity and --map-auto may be given",
						 name), CLI_ERROR;
			seen_map = true;
			if (c == OPT_MAP_IDENTITY) {
				cfg->map = MAP_IDENTITY;
			} else if (c == OPT_MAP_AUTO) {
				cfg->map = MAP_AUTO;
			} else {
				if (parse_id_pair(optarg, &cfg->map_uid, &cfg->map_gid, &why) < 0)
					return bad_value(err, name, optarg, why), CLI_ERROR;
				cfg->map = MAP_SINGLE;
			}
			break;
		case OPT_NET:
			if (seen_net)
				return error_set(err, 0, "--net given twice"), CLI_ERROR;
			seen_net = true;
			if (parse_net_mode(optarg, &cfg->net.mode, &why) < 0)
				return bad_value(err, name, optarg, why), CLI_ERROR;
			break;
		case OPT_ADDRESS:
		case OPT_HOST_ADDRESS:
		case OPT_NET_POOL:
		case OPT_VETH_HOST:
		case OPT_VETH_PEER:
		case OPT_MTU:
			if (net_option(c, name, optarg, &cfg->net, err) < 0)
				return CLI_ERROR;
			break;
		case OPT_AS_PID_1:
			cfg->as_pid_1 = true;
			break;
		case OPT_DIE_WITH_PARENT:
			cfg->die_with_parent = true;
			break;
		case OPT_CAP_ADD:
		case OPT_CAP_DROP: {
			const char *bad;
			size_t bad_len;
			struct cap_list *l = c == OPT_CAP_ADD ? &cfg->cap_add : &cfg->cap_drop;
			if (parse_cap_list(optarg, l, &why, &bad, &bad_len) < 0)
				return bad_cap(err, name, optarg, why, bad, bad_len), CLI_ERROR;
			break;
		}
		case OPT_ALLOW_NEW_PRIVS:
			cfg->allow_new_privs = true;
			break;
		case OPT_UID:
			if (parse_id_option(name, optarg, &cfg->set_uid, &num, err) < 0)
				return CLI_ERROR;
			cfg->uid = (uid_t)num;
			break;
		case OPT_GID:
			if (parse_id_option(name, optarg, &cfg->set_gid, &num, err) < 0)
				return CLI_ERROR;
			cfg->gid = (gid_t)num;
			break;
		case OPT_PRESERVE_FDS:
			if (seen_fds)
				return error_set(err, 0, "--preserve-fds given twice"), CLI_ERROR;
			seen_fds = true;
			if (parse_uint(optarg, 0, PRESERVE_FDS_MAX, &num, &why) < 0)
				return bad_value(err, name, optarg, why), CLI_ERROR;
			cfg->preserve_fds = (unsigned)num;
			break;
		case OPT_CHDIR:
			if (cfg->chdir)
				return error_set(err, 0, "--chdir given twice"), CLI_ERROR;
			if (!*optarg)
				return bad_value(err, name, optarg, "empty directory"), CLI_ERROR;
			if (strlen(optarg) >= PATH_MAX)
				return error_set(err, 0, "--chdir '%.32s...': longer than PATH_MAX (%d)", optarg,
						 PATH_MAX), CLI_ERROR;
			cfg->chdir = optarg;
			break;
		case OPT_SETENV: {
			/* Two values, as bwrap and env(1) users expect: the second is the next argument. */
			const char *value = optind < argc ? argv[optind] : NULL;
			if (!value)
				return error_set(err, 0, "--setenv '%s' requires a VALUE after KEY", optarg),
				       CLI_ERROR;
			optind++;
			if (check_env_key(name, optarg, strlen(value), err) < 0 ||
			    add_env(cfg, name, optarg, value, err) < 0)
				return CLI_ERROR;
			break;
		}
		case OPT_UNSETENV:
			if (check_env_key(name, optarg, 0, err) < 0 || add_env(cfg, name, optarg, NULL, err) < 0)
				return CLI_ERROR;
			break;
		case OPT_CLEARENV:
			if (cfg->clearenv)
				return error_set(err, 0, "--clearenv given twice"), CLI_ERROR;
			cfg->clearenv = true;
			break;
		case 'v':
			cfg->verbose = true;
			break;
		case 'h':
			(void)fputs(usage_text, stdout);
			return CLI_EXIT;
		case 'V':
			(void)printf("isolate %s\n", PACKAGE_VERSION);
			return CLI_EXIT;
		case ':':
			return error_set(err, 0, "option '%s' requires a value (see isolate --help)",
					 typed_option(argv, optind)), CLI_ERROR;
		default:
			if (optopt && optopt < 0x100)
				return error_set(err, 0, "unknown option '-%c' (see isolate --help)", optopt),
				       CLI_ERROR;
			if (takes_no_value(typed_option(argv, optind)))
				return error_set(err, 0, "option '%.*s' takes no value",
						 (int)strcspn(typed_option(argv, optind), "="),
						 typed_option(argv, optind)), CLI_ERROR;
			return error_set(err, 0, "unknown option '%s' (see isolate --help)",
					 typed_option(argv, optind)), CLI_ERROR;
		}
		index = -1;
	}
	if (optind >= argc)
		return error_set(err, 0, "no PROGRAM given (usage: isolate [OPTIONS] [--] PROGRAM [ARGS...])"),
		       CLI_ERROR;
	if (argv[optind][0] == '\0')
		return error_set(err, 0, "PROGRAM is an empty string"), CLI_ERROR;
	if (check_caps(cfg, err) < 0)
		return CLI_ERROR;
	cfg->argv = argv + optind;
	if (!cfg->hostname)
		cfg->hostname = DEFAULT_HOSTNAME;
	return CLI_RUN;
}
