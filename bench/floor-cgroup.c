/* floor-cgroup.c - the kernel's floor for the memory-pids budget where the memory and
 * pids controllers are on cgroup v1 hierarchies (hybrid hosts): floor-clone's start
 * (one clone(2) with isolate's six namespace flags, a fresh /proc, exec PROGRAM, wait)
 * plus the cgroup work `isolate --memory 256M --pids 512` asks of the kernel there. In
 * each of the two hierarchies, under the caller's cgroup, as isolate lays them out: the
 * directory isolate/ and a cgroup floor-PID in it, the limit (memory.limit_in_bytes, and
 * memory.memsw.limit_in_bytes where swap is accounted; pids.max), the child's move by
 * its own write of "0" to tasks, and at the end both removed, the cgroup first (isolate/
 * only if empty, as isolate does). No owner
 * lock, no stale cleanup, no statistics, no checks beyond a message.
 * Usage: floor-cgroup PROGRAM [ARGS...]. Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "floor.h"

#define HIERARCHIES 2

static const char *const controller[HIERARCHIES] = { "memory", "pids" };
static char base[HIERARCHIES][600], leaf[HIERARCHIES][700];
static int tasks[HIERARCHIES] = { -1, -1 };

/* The caller's cgroup in the hierarchy of ctl, from /proc/self/cgroup ("N:ctl:/path"). */
static int own_cgroup(const char *ctl, char *path, size_t size)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[1024];
	int found = -1;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		char *ctls = strchr(line, ':'), *p;

		if (!ctls || !(p = strchr(ctls + 1, ':')))
			continue;
		*p++ = '\0';
		p[strcspn(p, "\n")] = '\0';
		for (char *c = strtok(ctls + 1, ","); c; c = strtok(NULL, ","))
			if (strcmp(c, ctl) == 0 && snprintf(path, size, "%s", strcmp(p, "/") == 0 ? "" : p) < (int)size)
				found = 0;
	}
	fclose(f);
	return found;
}

static int put(const char *dir, const char *file, const char *value)
{
	char path[800];
	int fd, r;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	r = write(fd, value, strlen(value)) == (ssize_t)strlen(value) ? 0 : -1;
	close(fd);
	return r;
}

static int make(int h)
{
	char own[500], path[800];

	if (own_cgroup(controller[h], own, sizeof(own)) < 0) {
		fprintf(stderr, "floor-cgroup: no v1 %s hierarchy in /proc/self/cgroup\n", controller[h]);
		return -1;
	}
	snprintf(base[h], sizeof(base[h]), "/sys/fs/cgroup/%s%s/isolate", controller[h], own);
	snprintf(leaf[h], sizeof(leaf[h]), "%s/floor-%d", base[h], (int)getpid());
	if ((mkdir(base[h], 0755) < 0 && errno != EEXIST) || mkdir(leaf[h], 0755) < 0) {
		fprintf(stderr, "floor-cgroup: mkdir %s: ", leaf[h]);
		perror(NULL);
		return -1;
	}
	if (h == 0 ? put(leaf[h], "memory.limit_in_bytes", "268435456") < 0 ||
			     (put(leaf[h], "memory.memsw.limit_in_bytes", "268435456") < 0 && errno != ENOENT)
		   : put(leaf[h], "pids.max", "512") < 0) {
		fprintf(stderr, "floor-cgroup: limit in %s: ", leaf[h]);
		perror(NULL);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/tasks", leaf[h]);
	if ((tasks[h] = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
		perror("floor-cgroup: open tasks");
		return -1;
	}
	return 0;
}

static void unmake(void)
{
	for (int h = 0; h < HIERARCHIES; h++) {
		if (tasks[h] >= 0)
			close(tasks[h]);
		if (leaf[h][0])
			rmdir(leaf[h]);
		if (base[h][0])
			rmdir(base[h]);
	}
}

static int child(void *arg)
{
	char **argv = arg;

	for (int h = 0; h < HIERARCHIES; h++)
		if (write(tasks[h], "0", 1) != 1) {
			perror("floor-cgroup: join");
			return 125;
		}
	if (floor_mount_proc("floor-cgroup", "/proc") < 0)
		return 125;
	return floor_exec("floor-cgroup", argv);
}

int main(int argc, char **argv)
{
	pid_t pid = -1;
	int status = 125;

	if (argc < 2) {
		fprintf(stderr, "usage: floor-cgroup PROGRAM [ARGS...]\n");
		return 125;
	}
	if (make(0) == 0 && make(1) == 0 && (pid = floor_clone("floor-cgroup", child, argv + 1)) > 0)
		status = floor_wait(pid);
	unmake();
	return status;
}
