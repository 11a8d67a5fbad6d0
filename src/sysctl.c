/* sysctl.c - network sysctls (see sysctl.h). */
#include "sysctl.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int sysctl_set(const char *path, const char *value, struct error *err)
{
	char full[256];

	(void)snprintf(full, sizeof(full), "/proc/sys/%s", path);
	if (write_file(full, value, strlen(value)) < 0)
		return error_set(err, errno, "set %s to %s", full, value);
	return 0;
}

int sysctl_get(const char *path, char *buf, size_t size, struct error *err)
{
	char full[256];
	_cleanup_fd_ int fd = -1;
	ssize_t n;

	(void)snprintf(full, sizeof(full), "/proc/sys/%s", path);
	fd = TEMP_FAILURE_RETRY(open(full, O_RDONLY | O_CLOEXEC));
	if (fd < 0 || (n = read_all(fd, buf, size - 1)) < 0)
		return error_set(err, errno, "read %s", full);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int sysctl_link_set(const char *proto, const char *ifname, const char *key, const char *value,
		    struct error *err)
{
	char dir[128], path[192];
	struct stat st;

	(void)snprintf(dir, sizeof(dir), "/proc/sys/net/%s/conf", proto);
	if (stat(dir, &st) < 0 && errno == ENOENT)
		return 1;
	(void)snprintf(path, sizeof(path), "net/%s/conf/%s/%s", proto, ifname, key);
	return sysctl_set(path, value, err);
}
