/* userns.c - writing the child's uid_map/gid_map (and setgroups) from the parent. */
#include "userns.h"

#include <stdio.h>
#include <string.h>

static int write_proc(pid_t pid, const char *file, const char *text, struct error *err)
{
	char path[64];

	(void)snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (write_file(path, text, strlen(text)) < 0)
		return error_set(err, errno, "write %s", path);
	return 0;
}

int userns_write_maps(const struct isolate_config *cfg, pid_t pid, struct error *err)
{
	char uid_map[64], gid_map[64];

	if (cfg->share & NS_BIT(NS_USER))
		return 0;

	switch (cfg->map) {
	case MAP_IDENTITY:
		/* The kernel's largest extent: every id but (uid_t)-1. */
		(void)snprintf(uid_map, sizeof(uid_map), "0 0 4294967295\n");
		(void)snprintf(gid_map, sizeof(gid_map), "0 0 4294967295\n");
		break;
	case MAP_SINGLE:
	default:
		(void)snprintf(uid_map, sizeof(uid_map), "0 %u 1\n", (unsigned)cfg->map_uid);
		(void)snprintf(gid_map, sizeof(gid_map), "0 %u 1\n", (unsigned)cfg->map_gid);
		break;
	}

	/*
	 * Kernel rule (user_namespaces(7), since 3.19): without CAP_SETGID in the parent
	 * namespace, gid_map may be written only after setgroups is set to "deny", or an
	 * unprivileged user could drop a group that restricts access to a file.
	 */
	if (!cfg->privileged && write_proc(pid, "setgroups", "deny", err) < 0)
		return -1;
	if (write_proc(pid, "uid_map", uid_map, err) < 0 || write_proc(pid, "gid_map", gid_map, err) < 0)
		return -1;
	trace(cfg->verbose, "parent: uid_map %.*s, gid_map %.*s", (int)strcspn(uid_map, "\n"), uid_map,
	      (int)strcspn(gid_map, "\n"), gid_map);
	return 0;
}
