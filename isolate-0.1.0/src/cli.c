/* cli.c - getopt_long parsing into struct isolate_config, and the --help/--version text. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

enum {
	OPT_HOSTNAME = 0x100,
	OPT_SHARE,
	OPT_MAP_ROOT,
	OPT_MAP_IDENTITY,
	OPT_MAP_AUTO,
	OPT_AS_PID_1,
	OPT_DIE_WITH_PARENT,
};

static const struct option long_options[] = {
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "share", required_argument, NULL, OPT_SHARE },
	{ "map-root", required_argument, NULL, OPT_MAP_ROOT },
	{ "map-identity", no_argument, NULL, OPT_MAP_IDENTITY },
	{ "map-auto", no_argument, NULL, OPT_MAP_AUTO },
	{ "as-pid-1", no_argument, NULL, OPT_AS_PID_1 },
	{ "die-with-parent", no_argument, NULL, OPT_DIE_WITH_PARENT },
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
	"Processes:\n"
	"      --as-pid-1           exec PROGRAM as PID 1 instead of under isolate's init\n"
	"      --die-with-parent    kill the sandbox when isolate's parent dies\n"
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

static int bad_value(struct error *err, const char *opt, const char *value, const char *why)
{
	return error_set(err, 0, "--%s '%s': %s", opt, value, why);
}

enum cli_result cli_parse(int argc, char **argv, struct isolate_config *cfg, struct error *err)
{
	bool seen_map = false;
	int c, index = -1;

	*cfg = (struct isolate_config){ .map = MAP_DEFAULT };
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
		case OPT_AS_PID_1:
			cfg->as_pid_1 = true;
			break;
		case OPT_DIE_WITH_PARENT:
			cfg->die_with_parent = true;
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
	cfg->argv = argv + optind;
	if (!cfg->hostname)
		cfg->hostname = DEFAULT_HOSTNAME;
	return CLI_RUN;
}
