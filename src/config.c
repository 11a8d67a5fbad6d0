/* config.c - defaults that depend on who runs isolate, and cross-option checks. */
#include "config.h"

#include <stdlib.h>
#include <sys/capability.h>
#include <unistd.h>

#include "parse.h"
#include "util.h"

/* True when every capability in caps[] is in our effective set. */
static bool have_caps(const cap_value_t *caps, int n)
{
	cap_t cur = cap_get_proc();
	bool all = cur != NULL;

	for (int i = 0; all && i < n; i++) {
		cap_flag_value_t v = CAP_CLEAR;
		if (cap_get_flag(cur, caps[i], CAP_EFFECTIVE, &v) < 0 || v != CAP_SET)
			all = false;
	}
	if (cur && cap_free(cur) < 0)
		all = false;
	return all;
}

/*
 * Root's default: sandbox root is the user who ran sudo, or nobody. Never host root:
 * the root filesystem is shared, so host root inside could rewrite host files.
 */
static int default_root_mapping(struct isolate_config *cfg, struct error *err)
{
	const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
	const char *why;
	unsigned long uid, gid;

	cfg->map = MAP_SINGLE;
	cfg->map_uid = FALLBACK_UID;
	cfg->map_gid = FALLBACK_GID;
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
	}
	return 0;
}

int config_finalize(struct isolate_config *cfg, struct error *err)
{
	static const cap_value_t admin[] = { CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID };

	cfg->caller_uid = geteuid();
	cfg->caller_gid = getegid();
	cfg->privileged = have_caps(admin, (int)ARRAY_SIZE(admin));

	if (cfg->share & NS_BIT(NS_USER)) {
		if (cfg->map != MAP_DEFAULT)
			return error_set(err, 0, "--share=user keeps the host's user namespace, so there is no id map to set"),
			       error_hint(err, "drop --map-root/--map-identity");
		if (!cfg->privileged && (cfg->share & NS_ALL) != NS_ALL)
			return error_set(err, 0, "--share=user: new namespaces without a new user namespace need CAP_SYS_ADMIN"),
			       error_hint(err, "run as root, or do not share the user namespace");
		return 0;
	}

	if (cfg->privileged) {
		if (cfg->map == MAP_DEFAULT)
			return default_root_mapping(cfg, err);
		return 0;
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
			       error_hint(err, "run as root");
		return 0;
	case MAP_IDENTITY:
		return error_set(err, 0, "--map-identity needs CAP_SETUID and CAP_SETGID in the initial user namespace"),
		       error_hint(err, "run as root");
	case MAP_AUTO:
		return 0;
	}
	return 0;
}
