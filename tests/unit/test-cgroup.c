/* test-cgroup.c - the cgroup limit files, v2 and v1, written into a plain temporary
 * directory that stands in for a cgroup (TAP). No privilege, no cgroup touched. */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "tap.h"

static char top[64];

static void make_file(const char *dir, const char *name, const char *content)
{
	char path[256];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		(void)fputs(content, f);
		(void)fclose(f);
	}
}

static const char *content(const char *dir, const char *name)
{
	static char buf[256];
	char path[256];
	FILE *f;
	size_t n;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return "(missing)";
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	(void)fclose(f);
	return buf;
}

static int open_dir(const char *dir)
{
	return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static struct limits_spec limits(void)
{
	struct limits_spec l = { .memory = 64ULL << 20, .pids = 32, .millicpus = 500, .report_fd = -1 };
	const char *why;

	(void)parse_cpuset("0-1,3", &l.cpuset, &why);
	l.has_cpuset = true;
	return l;
}

static void test_v2(void)
{
	char dir[128];
	struct limits_spec l = limits();
	struct error err = { 0 };
	int fd;

	(void)snprintf(dir, sizeof(dir), "%s/v2", top);
	(void)mkdir(dir, 0755);
	for (const char *const *f = (const char *const[]){ "memory.max", "memory.swap.max", "pids.max",
							      "cpu.max", "cpuset.cpus", NULL };
	     *f; f++)
		make_file(dir, *f, "");
	fd = open_dir(dir);
	ok(cgroup_write_limits(fd, CG_V2, CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) | CG_BIT(CG_CPU) | CG_BIT(CG_CPUSET),
			       &l, &err) == 0,
	   "v2: all limits written (%s)", err.msg);
	ok(strcmp(content(dir, "memory.max"), "67108864") == 0, "v2: memory.max in bytes");
	ok(strcmp(content(dir, "memory.swap.max"), "0") == 0, "v2: no swap");
	ok(strcmp(content(dir, "pids.max"), "32") == 0, "v2: pids.max");
	ok(strcmp(content(dir, "cpu.max"), "50000 100000") == 0, "v2: cpu.max is quota and period (%s)",
	   content(dir, "cpu.max"));
	ok(strcmp(content(dir, "cpuset.cpus"), "0-1,3") == 0, "v2: cpuset.cpus in list format");

	/* Without swap accounting there is no memory.swap.max: not an error. */
	(void)unlinkat(fd, "memory.swap.max", 0);
	ok(cgroup_write_limits(fd, CG_V2, CG_BIT(CG_MEMORY), &l, &err) == 0, "v2: memory.swap.max may be absent");
	/* Only the controllers the directory has are written. */
	make_file(dir, "pids.max", "max");
	ok(cgroup_write_limits(fd, CG_V2, CG_BIT(CG_MEMORY), &l, &err) == 0 &&
		   strcmp(content(dir, "pids.max"), "max") == 0,
	   "v2: a controller not in the directory is left alone");
	(void)unlinkat(fd, "memory.max", 0);
	ok(cgroup_write_limits(fd, CG_V2, CG_BIT(CG_MEMORY), &l, &err) < 0 &&
		   strstr(err.msg, "--memory: write '67108864' to memory.max: No such file"),
	   "v2: a missing limit file is named (%s)", err.msg);
	l = (struct limits_spec){ .report_fd = -1 };
	ok(cgroup_write_limits(fd, CG_V2, CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS), &l, &err) == 0,
	   "v2: no limits asked, nothing written");
	(void)close(fd);
}

static void test_v1(void)
{
	char parent[128], dir[160];
	struct limits_spec l = limits();
	struct error err = { 0 };
	int fd;

	(void)snprintf(parent, sizeof(parent), "%s/v1", top);
	(void)snprintf(dir, sizeof(dir), "%s/sandbox", parent);
	(void)mkdir(parent, 0755);
	(void)mkdir(dir, 0755);
	make_file(parent, "cpuset.mems", "0\n");
	make_file(parent, "cpuset.cpus", "0-3\n");
	for (const char *const *f = (const char *const[]){ "memory.limit_in_bytes", "memory.memsw.limit_in_bytes",
							      "pids.max", "cpu.cfs_period_us", "cpu.cfs_quota_us",
							      "cpuset.cpus", "cpuset.mems", NULL };
	     *f; f++)
		make_file(dir, *f, "");
	fd = open_dir(dir);
	ok(cgroup_write_limits(fd, CG_V1, CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) | CG_BIT(CG_CPU) | CG_BIT(CG_CPUSET),
			       &l, &err) == 0,
	   "v1: all limits written (%s)", err.msg);
	ok(strcmp(content(dir, "memory.limit_in_bytes"), "67108864") == 0, "v1: memory.limit_in_bytes");
	ok(strcmp(content(dir, "memory.memsw.limit_in_bytes"), "67108864") == 0, "v1: memsw equal: no swap");
	ok(strcmp(content(dir, "cpu.cfs_period_us"), "100000") == 0 &&
		   strcmp(content(dir, "cpu.cfs_quota_us"), "50000") == 0,
	   "v1: CFS period and quota");
	ok(strcmp(content(dir, "cpuset.mems"), "0") == 0, "v1: memory nodes copied from the parent");
	ok(strcmp(content(dir, "cpuset.cpus"), "0-1,3") == 0, "v1: cpuset.cpus");
	l.has_cpuset = false;
	ok(cgroup_write_limits(fd, CG_V1, CG_BIT(CG_CPUSET), &l, &err) == 0 &&
		   strcmp(content(dir, "cpuset.cpus"), "0-3") == 0,
	   "v1: without --cpuset, the parent's CPUs (a new v1 cpuset has none)");
	(void)close(fd);
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	return remove(path);
}

int main(void)
{
	(void)snprintf(top, sizeof(top), "/tmp/isolate-test-cgroup.XXXXXX");
	if (!mkdtemp(top)) {
		perror("mkdtemp");
		return 1;
	}
	test_v2();
	test_v1();
	if (nftw(top, remove_one, 8, FTW_DEPTH | FTW_PHYS) != 0)
		(void)fprintf(stderr, "could not remove %s\n", top);
	return tap_done();
}
