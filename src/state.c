/* state.c - the instance records (see state.h).
 *
 * The directory is the caller's own (0700), so no other user can plant or swap a file in
 * it; every file in it is still opened relative to the directory's fd with O_NOFOLLOW,
 * so that a link planted before we looked is refused rather than followed (firejail's
 * CVE-2022-31214 was a --join that trusted what it found). Liveness is an
 * open-file-description lock on NAME.lock held by the instance's supervisor: the
 * kernel drops it when that process dies, so a record never outlives its instance
 * unnoticed, and a stale one is removed by the next look. */
#include "state.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"

/* A record is a few hundred bytes plus PROGRAM's environment. */
#define RECORD_MAX ((size_t)1024 * 1024)
/* A lock file unlinked under us is retried; more than a few in a row is not a race. */
#define RESERVE_TRIES 8

static int dir_error(struct error *err, int errnum, const char *path, const char *why)
{
	error_set(err, errnum, "state directory %s%s%s", path, why ? ": " : "", why ? why : "");
	return error_kind(err, ERRK_FILESYSTEM);
}

int state_dir_open(const char *path, bool create, struct error *err)
{
	_cleanup_fd_ int parent = -1, fd = -1;
	const char *slash = strrchr(path, '/');
	char up[PATH_MAX];
	struct stat st;

	if (path[0] != '/' || !slash || !slash[1] || (size_t)(slash - path) >= sizeof(up))
		return dir_error(err, 0, path, "not an absolute path");
	(void)snprintf(up, sizeof(up), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	parent = TEMP_FAILURE_RETRY(open(up, O_PATH | O_DIRECTORY | O_CLOEXEC));
	if (parent < 0)
		return dir_error(err, errno, up, NULL);
	if (create && mkdirat(parent, slash + 1, 0700) < 0 && errno != EEXIST)
		return dir_error(err, errno, path, NULL);
	fd = TEMP_FAILURE_RETRY(openat(parent, slash + 1, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
	if (fd < 0 && errno == ENOENT && !create)
		return -2; /* nothing was ever registered */
	if (fd < 0)
		return errno == ELOOP || errno == ENOTDIR
			       ? dir_error(err, 0, path, "not a directory (a symbolic link is never followed)")
			       : dir_error(err, errno, path, NULL);
	if (fstat(fd, &st) < 0)
		return dir_error(err, errno, path, NULL);
	if (st.st_uid != geteuid())
		return dir_error(err, 0, path, "owned by another user"),
		       error_hint(err, "remove it, or set ISOLATE_STATE_DIR");
	/* Ours, but open to others: close it before anything is written into it. */
	if ((st.st_mode & 077) && fchmod(fd, 0700) < 0)
		return dir_error(err, errno, path, "chmod 0700");
	return steal_fd(&fd);
}

static void file_name(char *buf, size_t size, const char *name, const char *suffix)
{
	(void)snprintf(buf, size, "%s%s", name, suffix);
}

/* Same file: the fd we locked is still the one the name points to. */
static bool still_linked(int dir, const char *file, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && fstatat(dir, file, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void remove_record(int dir, const char *name)
{
	char file[INSTANCE_NAME_MAX + 16];

	file_name(file, sizeof(file), name, ".json");
	(void)unlinkat(dir, file, 0); /* may not exist: a holder that died before writing it */
	file_name(file, sizeof(file), name, ".json.tmp");
	(void)unlinkat(dir, file, 0);
}

/* Open NAME.lock (creating it if create) and try to lock it: the fd, -2 if a live holder has it, or -1. */
static int try_lock(int dir, const char *name, bool create, struct error *err)
{
	struct flock whole = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char file[INSTANCE_NAME_MAX + 16];

	file_name(file, sizeof(file), name, ".lock");
	for (int i = 0; i < RESERVE_TRIES; i++) {
		_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(
			openat(dir, file, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (create ? O_CREAT : 0), 0600));
		struct stat st;

		if (fd < 0)
			return error_set(err, errno, "open %s", file);
		if (fstat(fd, &st) < 0)
			return error_set(err, errno, "stat %s", file);
		if (!S_ISREG(st.st_mode) || st.st_uid != geteuid())
			return error_set(err, 0, "%s: not a regular file of ours; refusing it", file),
			       error_kind(err, ERRK_FILESYSTEM);
		if (fcntl(fd, F_OFD_SETLK, &whole) < 0) {
			if (errno == EAGAIN || errno == EACCES)
				return -2;
			return error_set(err, errno, "lock %s", file);
		}
		/* The previous holder's cleanup may have unlinked it after we opened it. */
		if (still_linked(dir, file, fd))
			return steal_fd(&fd);
	}
	return error_set(err, EBUSY, "lock %s", file);
}

int state_reserve(int dir, const char *name, struct error *err)
{
	int fd = try_lock(dir, name, true, err);

	if (fd == -2)
		return error_set(err, 0, "--name %s: an instance of that name is running", name),
		       error_kind(err, ERRK_CONFIG),
		       error_hint(err, "choose another name, or stop it with isolate --stop %s", name);
	if (fd >= 0)
		remove_record(dir, name); /* a stale record of a holder that died is replaced */
	return fd;
}

void state_release(int dir, const char *name, int lock)
{
	char file[INSTANCE_NAME_MAX + 16];

	remove_record(dir, name);
	file_name(file, sizeof(file), name, ".lock");
	/* Unlinked while still held: whoever opened it meanwhile sees it unlinked and retries. */
	(void)unlinkat(dir, file, 0);
	(void)close(lock);
}

int state_live(int dir, const char *name, struct error *err)
{
	int fd = try_lock(dir, name, false, err);

	if (fd >= 0) {
		state_release(dir, name, fd);
		return 0;
	}
	if (fd == -2)
		return 1;
	if (err->errnum == ENOENT)
		return 0;
	return -1;
}

int state_write(int dir, const char *name, struct json_object *record, struct error *err)
{
	char tmp[INSTANCE_NAME_MAX + 16], file[INSTANCE_NAME_MAX + 16];
	_cleanup_fd_ int fd = -1;
	const char *text;
	size_t len = 0;

	file_name(tmp, sizeof(tmp), name, ".json.tmp");
	file_name(file, sizeof(file), name, ".json");
	text = json_object_to_json_string_length(record, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (!text)
		return error_set(err, ENOMEM, "write %s", file);
	fd = TEMP_FAILURE_RETRY(openat(dir, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
	if (fd < 0 || write_all(fd, text, len) < 0 || write_all(fd, "\n", 1) < 0)
		return error_set(err, errno, "write %s", tmp), error_kind(err, ERRK_FILESYSTEM);
	if (renameat(dir, tmp, dir, file) < 0)
		return error_set(err, errno, "rename %s", tmp), error_kind(err, ERRK_FILESYSTEM);
	return 0;
}

int state_read(int dir, const char *name, struct json_object **record, struct error *err)
{
	char file[INSTANCE_NAME_MAX + 16];
	_cleanup_fd_ int fd = -1;
	_cleanup_free_ char *text = NULL;
	struct stat st;
	ssize_t n;

	file_name(file, sizeof(file), name, ".json");
	/* O_NONBLOCK: a FIFO planted in place of the record must not hang us. */
	fd = TEMP_FAILURE_RETRY(openat(dir, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0)
		return error_set(err, errno, "open the record %s", file), error_kind(err, ERRK_FILESYSTEM);
	if (fstat(fd, &st) < 0)
		return error_set(err, errno, "stat %s", file);
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || (size_t)st.st_size > RECORD_MAX)
		return error_set(err, 0, "the record %s is not a regular file of ours of at most 1 MiB; refusing it", file),
		       error_kind(err, ERRK_FILESYSTEM);
	text = malloc((size_t)st.st_size + 1);
	if (!text)
		return error_set(err, ENOMEM, "read %s", file);
	n = read_all(fd, text, (size_t)st.st_size);
	if (n < 0)
		return error_set(err, errno, "read %s", file);
	text[n] = '\0';
	*record = json_tokener_parse(text);
	if (!*record || !json_object_is_type(*record, json_type_object)) {
		json_object_put(*record);
		*record = NULL;
		return error_set(err, 0, "the record %s is damaged (not a JSON object)", file),
		       error_kind(err, ERRK_INTERNAL);
	}
	return 1;
}

int state_each(int dir, int (*fn)(const char *name, void *data), void *data, struct error *err)
{
	int copy = fcntl(dir, F_DUPFD_CLOEXEC, 0);
	DIR *d;
	int r = 0;

	if (copy < 0)
		return error_set(err, errno, "read the state directory");
	d = fdopendir(copy);
	if (!d) {
		(void)close(copy);
		return error_set(err, errno, "read the state directory");
	}
	rewinddir(d);
	for (struct dirent *e; r == 0 && (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		char name[INSTANCE_NAME_MAX + 1];
		const char *why;

		if (len <= 5 || len - 5 > INSTANCE_NAME_MAX || strcmp(e->d_name + len - 5, ".lock") != 0)
			continue;
		(void)snprintf(name, sizeof(name), "%.*s", (int)(len - 5), e->d_name);
		if (check_instance_name(name, &why) == 0)
			r = fn(name, data);
	}
	(void)closedir(d);
	return r;
}
