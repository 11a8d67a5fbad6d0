/* instance.c - named instances (see instance.h).
 *
 * The record says where an instance is and what its PROGRAM was given. It is written by
 * the supervisor (isolate's parent side, outside the sandbox) and read only by the same
 * user's isolate. Every pid in it is checked against its start time and then held as a
 * pidfd, so that a pid the kernel has handed to another process since is never
 * signalled or entered.
 *
 * The file NAME.json only locates the supervisor: a sandbox that runs as the caller
 * (rootless) may be able to write it. What --join, --stop, --signal and --list act on
 * is the supervisor's own copy, a memfd sealed against every change (F_SEAL_WRITE,
 * SHRINK, GROW, SEAL) before the file names it, read through /proc/PID/fd of the
 * verified supervisor. Nothing the sandbox can reach can write or replace it. */
#include "instance.h"

#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "caps.h"
#include "hex.h"
#include "landlock.h"
#include "parse.h"
#include "proc.h"
#include "status.h"
#include "state.h"

extern char **environ;

/* How long --stop waits for the supervisor to finish once the sandbox is killed. */
#define STOP_REAP_MS 10000

long long record_int(struct json_object *record, const char *key, long long fallback)
{
	struct json_object *v;

	if (!json_object_object_get_ex(record, key, &v) || !json_object_is_type(v, json_type_int))
		return fallback;
	return (long long)json_object_get_int64(v);
}

const char *record_string(struct json_object *record, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(record, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int instance_reserve(struct sandbox *sb, struct error *err)
{
	struct instance_hold *h = &sb->instance;
	const struct spec *s = sb->plan->spec;

	if (!sb->plan->register_name)
		return 0;
	/* A detached sandbox without --name: the supervisor's pid is unique among the living. */
	(void)snprintf(h->name, sizeof(h->name), "%s", s->name ? s->name : "");
	if (!s->name)
		(void)snprintf(h->name, sizeof(h->name), "iso-%d", (int)getpid());
	h->dir = state_dir_open(sb->plan->state_dir, true, err);
	if (h->dir < 0)
		return -1;
	h->lock = state_reserve(h->dir, h->name, err);
	if (h->lock < 0) {
		close_fd(&h->dir);
		h->name[0] = '\0';
		return -1;
	}
	trace(s->verbose, "parent: registered the name %s in %s", h->name, sb->plan->state_dir);
	return 0;
}

void instance_release(struct sandbox *sb)
{
	struct instance_hold *h = &sb->instance;

	if (h->lock >= 0)
		state_release(h->dir, h->name, h->lock);
	h->lock = -1;
	/* After the record: a reader that found the file finds the copy gone ("ending"). */
	close_fd(&h->sealed);
	close_fd(&h->dir);
}

static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v)
		return -1;
	return json_object_object_add(o, key, v);
}

static struct json_object *string_array(char *const *strings)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && strings && strings[i]; i++)
		if (json_object_array_add(a, json_object_new_string(strings[i])) < 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

/* The environment PROGRAM started with: ours, then --clearenv, --unsetenv, --setenv. */
static bool env_removed(const struct spec *s, const char *entry)
{
	size_t klen = strcspn(entry, "=");

	if (s->clearenv)
		return true;
	for (size_t i = 0; i < s->env.n; i++) {
		const struct env_op *op = VEC_AT(&s->env, struct env_op, i);

		if (strlen(op->key) == klen && strncmp(op->key, entry, klen) == 0)
			return true;
	}
	return false;
}

static struct json_object *program_environment(const struct spec *s)
{
	struct json_object *a = json_object_new_array();

	for (char **e = environ; a && e && *e; e++)
		if (!env_removed(s, *e) && json_object_array_add(a, json_object_new_string(*e)) < 0)
			goto fail;
	for (size_t i = 0; a && i < s->env.n; i++) {
		const struct env_op *op = VEC_AT(&s->env, struct env_op, i);
		char *kv;

		if (!op->value)
			continue;
		if (asprintf(&kv, "%s=%s", op->key, op->value) < 0)
			goto fail;
		if (json_object_array_add(a, json_object_new_string(kv)) < 0) {
			free(kv);
			goto fail;
		}
		free(kv);
	}
	return a;
fail:
	json_object_put(a);
	return NULL;
}

static struct json_object *shared_namespaces(unsigned share)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < ARRAY_SIZE(ns_table); i++)
		if (ns_table[i].made && (share & NS_BIT(ns_table[i].kind)) &&
		    json_object_array_add(a, json_object_new_string(ns_table[i].name)) < 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

struct rule_list {
	struct json_object *array;
	const struct landlock_ids *ids;
	size_t i;
	const char *cwd;
};

/* One Landlock rule that named a file when the sandbox was made: its path (absolute, as
 * the sandbox saw it) and that file's identity. A path that named nothing gave no rule. */
static int add_landlock_rule(const struct landlock_rule *rule, void *data)
{
	struct rule_list *l = data;
	const struct landlock_id *id = &l->ids->id[l->i++];
	struct json_object *o;
	char *path = NULL;

	if (!id->ino)
		return 0;
	/* A relative --rw meant the directory PROGRAM started from, the caller's. */
	if (rule->path[0] != '/' && asprintf(&path, "%s/%s", l->cwd, rule->path) < 0)
		return -1;
	o = json_object_new_object();
	if (!o || add(o, "path", json_object_new_string(path ? path : rule->path)) < 0 ||
	    add(o, "write", json_object_new_boolean(rule->write)) < 0 ||
	    add(o, "dev", json_object_new_uint64(id->dev)) < 0 || add(o, "ino", json_object_new_uint64(id->ino)) < 0 ||
	    json_object_array_add(l->array, o) < 0) {
		free(path);
		json_object_put(o);
		return -1;
	}
	free(path);
	return 0;
}

/*
 * The instance's Landlock rules, for its joiners: each with the identity of the file it
 * named when the sandbox was made, as the child saw it before PROGRAM ran. Left out
 * when the child could not say (more rules than one message holds): such an instance
 * cannot be joined.
 */
static int add_landlock(const struct sandbox *sb, struct json_object *r)
{
	const struct plan *p = sb->plan;
	struct rule_list l = { .ids = &sb->landlock_ids };
	char cwd[PATH_MAX];

	if (add(r, "landlock", json_object_new_boolean(p->landlock)) < 0)
		return -1;
	if (!p->landlock || !sb->has_landlock_ids || sb->landlock_ids.n > LANDLOCK_IDS_MAX)
		return 0;
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	l.cwd = cwd;
	l.array = json_object_new_array();
	if (!l.array || landlock_each_rule(p, add_landlock_rule, &l) < 0 || l.i != sb->landlock_ids.n) {
		json_object_put(l.array);
		return -1;
	}
	return add(r, "landlock-deny-tcp", json_object_new_boolean(p->landlock_deny_tcp)) < 0
		       ? (json_object_put(l.array), -1)
		       : add(r, "landlock-rules", l.array);
}

/*
 * --seccomp FILE: the program compiled from it at the start, in hex, with its flags and
 * what the SIGSYS note needs, not only the file's path: the file may change after the
 * start (or be writable from inside the sandbox), and a joiner must get exactly the
 * instance's filter, never one rebuilt from whatever the path holds then.
 */
static int add_seccomp_program(const struct seccomp_compiled *c, struct json_object *r)
{
	char *hex = hex_encode(c->prog, c->len * sizeof(*c->prog));
	int rc;

	if (!hex)
		return -1;
	rc = add(r, "seccomp-program", json_object_new_string(hex));
	free(hex);
	if (rc < 0 || add(r, "seccomp-flags", json_object_new_int((int)c->flags)) < 0 ||
	    add(r, "seccomp-default-sigsys", json_object_new_boolean(c->default_sigsys)) < 0)
		return -1;
	return add(r, "seccomp-sigsys", json_object_new_string(c->sigsys));
}

/* The filters a joiner must get too: the seccomp profile (for a file, its compiled
 * program; the path only to show), --disable-userns and the Landlock rules. */
static int add_confinement(const struct sandbox *sb, struct json_object *r)
{
	static const char *const modes[] = {
		[SECCOMP_DEFAULT] = "default", [SECCOMP_FILE] = "file", [SECCOMP_UNCONFINED] = "unconfined",
	};
	const struct spec *s = sb->plan->spec;
	char path[PATH_MAX];

	if (add(r, "seccomp", json_object_new_string(modes[s->seccomp])) < 0 ||
	    add(r, "disable-userns", json_object_new_boolean(s->disable_userns)) < 0 || add_landlock(sb, r) < 0)
		return -1;
	if (s->seccomp != SECCOMP_FILE)
		return 0;
	if (!realpath(s->seccomp_file, path))
		return -1;
	if (add_seccomp_program(&sb->plan->seccomp_file, r) < 0)
		return -1;
	return add(r, "seccomp-file", json_object_new_string(path));
}

/* Everything a joiner, --list and --stop need, next to the status object's fields. */
static int fill_record(const struct sandbox *sb, struct json_object *r)
{
	const struct plan *p = sb->plan;
	const struct spec *s = p->spec;
	unsigned long long child_start = 0, own_start = 0;
	char cwd[PATH_MAX], caps[32];

	if (proc_stat(sb->child, NULL, &child_start) < 0 || proc_stat(getpid(), NULL, &own_start) < 0)
		return -1;
	if (!s->chdir && !getcwd(cwd, sizeof(cwd)))
		return -1;
	(void)snprintf(caps, sizeof(caps), "0x%llx", (unsigned long long)caps_program(p));
	return add(r, "version", json_object_new_int(2)) < 0 ||
	       add(r, "child-start-time", json_object_new_uint64(child_start)) < 0 ||
	       add(r, "supervisor-pid", json_object_new_int(getpid())) < 0 ||
	       add(r, "supervisor-start-time", json_object_new_uint64(own_start)) < 0 ||
	       add(r, "created", json_object_new_int64((int64_t)time(NULL))) < 0 ||
	       add(r, "command", string_array(s->argv)) < 0 ||
	       add(r, "shared-namespaces", shared_namespaces(p->share)) < 0 ||
	       add(r, "as-pid-1", json_object_new_boolean(s->as_pid_1)) < 0 ||
	       add(r, "detached", json_object_new_boolean(p->lifetime == LIFETIME_DETACHED)) < 0 ||
	       add(r, "uid", json_object_new_int64(s->uid)) < 0 ||
	       add(r, "gid", json_object_new_int64(s->gid)) < 0 ||
	       add(r, "capabilities", json_object_new_string(caps)) < 0 ||
	       add(r, "no-new-privs", json_object_new_boolean(!s->allow_new_privs)) < 0 ||
	       add(r, "cwd", json_object_new_string(s->chdir ? s->chdir : cwd)) < 0 ||
	       add(r, "environment", program_environment(s)) < 0 || add_confinement(sb, r) < 0
		       ? -1
		       : 0;
}

/* The sealed copy's name, as /proc/PID/fd shows it: "/memfd:" SEALED_NAME " (deleted)". */
#define SEALED_NAME "isolate-record"
#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

/* The record into a memfd of its own, sealed: from now on no one can change it. */
static int seal_record(struct json_object *r, int fd, struct error *err)
{
	size_t len = 0;
	const char *text = json_object_to_json_string_length(r, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);

	if (!text)
		return error_set(err, ENOMEM, "seal the record");
	if (write_all(fd, text, len) < 0 || fcntl(fd, F_ADD_SEALS, SEALS) < 0)
		return error_set(err, errno, "seal the record");
	return 0;
}

int instance_register(struct sandbox *sb, struct error *err)
{
	struct instance_hold *h = &sb->instance;
	struct json_object *r = NULL;
	int rc;

	if (h->lock < 0)
		return 0;
	h->sealed = memfd_create(SEALED_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (h->sealed < 0)
		return error_set(err, errno, "memfd_create for the record of %s", h->name);
	if (!sb->status || json_object_deep_copy(sb->status, &r, NULL) < 0 || fill_record(sb, r) < 0 ||
	    add(r, "record-fd", json_object_new_int(h->sealed)) < 0) {
		json_object_put(r);
		return error_set(err, errno ? errno : ENOMEM, "make the record of %s", h->name);
	}
	rc = seal_record(r, h->sealed, err);
	if (rc == 0)
		rc = state_write(h->dir, h->name, r, err);
	json_object_put(r);
	return rc;
}

/* --- operations by name --- */

static int not_found(struct error *err, const char *name)
{
	return error_set(err, 0, "no instance named '%s' is running", name), error_kind(err, ERRK_NOT_FOUND),
	       error_hint(err, "see isolate --list");
}

void instance_close(struct instance_ref *ref)
{
	json_object_put(ref->record);
	ref->record = NULL;
	close_fd(&ref->child);
	close_fd(&ref->supervisor);
}

static int damaged(struct error *err, const char *name, const char *why)
{
	return error_set(err, 0, "instance '%s': the supervisor's sealed record %s; refusing it", name, why),
	       error_kind(err, ERRK_INTERNAL);
}

/* Whether fd is the supervisor's sealed copy: a memfd of that name, sealed for good. */
static int check_sealed(int fd, const char *name, struct stat *st, struct error *err)
{
	char self[64], link[128];
	ssize_t n;
	int seals = fcntl(fd, F_GET_SEALS);

	(void)snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	n = readlink(self, link, sizeof(link) - 1);
	if (n < 0 || fstat(fd, st) < 0)
		return error_set(err, errno, "instance '%s': the supervisor's sealed record", name);
	link[n] = '\0';
	if (strcmp(link, "/memfd:" SEALED_NAME " (deleted)") != 0 || seals < 0 || (seals & SEALS) != SEALS ||
	    !S_ISREG(st->st_mode))
		return damaged(err, name, "is not a sealed memfd of isolate's");
	if ((size_t)st->st_size > (size_t)1024 * 1024)
		return damaged(err, name, "is larger than 1 MiB");
	return 0;
}

/*
 * Replace ref->record (the file's, only a locator) by the supervisor's sealed copy,
 * opened through /proc/PID/fd of the supervisor held as a verified pidfd: alive after
 * the open, so the pid was still its own. The copy must be of this name and this
 * supervisor. -2 if the supervisor has closed it (the instance is ending).
 */
static int read_sealed(struct instance_ref *ref, const char *name, struct error *err)
{
	char path[64], *text = NULL;
	_cleanup_fd_ int fd = -1;
	struct json_object *sealed;
	const char *sealed_name;
	struct stat st;
	ssize_t n;

	(void)snprintf(path, sizeof(path), "/proc/%d/fd/%lld", (int)ref->supervisor_pid,
		       record_int(ref->record, "record-fd", -1));
	fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK));
	if (fd < 0 && errno == ENOENT)
		return -2;
	if (fd < 0)
		return error_set(err, errno, "instance '%s': open the supervisor's sealed record %s", name, path),
		       error_default_kind(err, errno == EACCES || errno == EPERM ? ERRK_PERMISSION : ERRK_INTERNAL);
	if (proc_signal(ref->supervisor, 0) < 0)
		return -2;
	if (check_sealed(fd, name, &st, err) < 0)
		return -1;
	text = malloc((size_t)st.st_size + 1);
	if (!text)
		return error_set(err, ENOMEM, "instance '%s': read the sealed record", name);
	n = pread(fd, text, (size_t)st.st_size, 0);
	if (n != (ssize_t)st.st_size) {
		free(text);
		return error_set(err, n < 0 ? errno : EIO, "instance '%s': read the sealed record", name);
	}
	text[n] = '\0';
	sealed = json_tokener_parse(text);
	free(text);
	sealed_name = sealed && json_object_is_type(sealed, json_type_object) ? record_string(sealed, "name") : NULL;
	if (!sealed_name || strcmp(sealed_name, name) != 0 ||
	    record_int(sealed, "supervisor-pid", 0) != (long long)ref->supervisor_pid ||
	    record_int(sealed, "supervisor-start-time", -1) != record_int(ref->record, "supervisor-start-time", -2)) {
		json_object_put(sealed);
		return damaged(err, name, "is not this instance's");
	}
	json_object_put(ref->record);
	ref->record = sealed;
	return 0;
}

/* The live instance name in the state directory dir (see instance_open). */
static int open_in(int dir, const char *name, struct instance_ref *ref, struct error *err)
{
	int r;

	*ref = (struct instance_ref){ .child = -1, .supervisor = -1 };
	r = state_live(dir, name, err);
	if (r <= 0)
		return r < 0 ? -1 : not_found(err, name);
	r = state_read(dir, name, &ref->record, err);
	if (r <= 0)
		return r < 0 ? -1 : (not_found(err, name), error_hint(err, "it is still starting"));
	ref->supervisor_pid = (pid_t)record_int(ref->record, "supervisor-pid", 0);
	/* -2 from any: that process is gone, or its pid names another one now. */
	r = ref->supervisor = proc_pidfd(ref->supervisor_pid,
					 (unsigned long long)record_int(ref->record, "supervisor-start-time", -1), err);
	if (r >= 0)
		r = read_sealed(ref, name, err);
	if (r >= 0) {
		ref->child_pid = (pid_t)record_int(ref->record, "child-pid", 0);
		r = ref->child = proc_pidfd(ref->child_pid,
					    (unsigned long long)record_int(ref->record, "child-start-time", -1), err);
	}
	if (r >= 0)
		return 0;
	if (ref->supervisor == -2)
		ref->supervisor = -1;
	if (ref->child == -2)
		ref->child = -1;
	instance_close(ref);
	return r == -2 ? not_found(err, name) : -1;
}

int instance_open(const struct hostfacts *facts, const char *name, struct instance_ref *ref,
		  struct error *err)
{
	char path[4096];
	_cleanup_fd_ int dir = -1;

	*ref = (struct instance_ref){ .child = -1, .supervisor = -1 };
	if (plan_state_dir(facts, path, sizeof(path), err) < 0)
		return -1;
	dir = state_dir_open(path, false, err);
	if (dir == -2)
		return not_found(err, name);
	if (dir < 0)
		return -1;
	return open_in(dir, name, ref, err);
}

/* PROGRAM: init itself with --as-pid-1, else init's oldest child (orphans come later). */
pid_t instance_program_pid(const struct instance_ref *ref)
{
	bool as_pid_1 = json_object_get_boolean(json_object_object_get(ref->record, "as-pid-1"));
	char path[64], buf[4096];
	_cleanup_fd_ int fd = -1;
	unsigned long long best_start = ~0ULL;
	pid_t best = 0;
	ssize_t n;

	if (as_pid_1)
		return ref->child_pid;
	(void)snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)ref->child_pid, (int)ref->child_pid);
	fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	if (fd < 0 || (n = read_all(fd, buf, sizeof(buf) - 1)) < 0)
		return 0;
	buf[n] = '\0';
	for (char *p = buf, *end; *p; p = end) {
		long pid = strtol(p, &end, 10);
		unsigned long long start;
		pid_t ppid;

		if (end == p)
			break;
		if (proc_stat((pid_t)pid, &ppid, &start) == 0 && ppid == ref->child_pid && start < best_start) {
			best = (pid_t)pid;
			best_start = start;
		}
	}
	return best;
}

/* Wait until the pidfd's process has exited; 1 if it did within ms, 0 if not. */
static int wait_exit(int pidfd, int ms)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int r = TEMP_FAILURE_RETRY(poll(&p, 1, ms));

	return r > 0 ? 1 : 0;
}

/*
 * Signal the instance's PROGRAM itself: init passes on only what its own isolate sends
 * (signals.c). Through a pidfd taken before the check that the process is still init's
 * child (or init, with --as-pid-1): a pid reused meanwhile is not signalled.
 */
static int signal_program(const struct instance_ref *ref, int sig)
{
	pid_t pid = instance_program_pid(ref), ppid = 0;
	_cleanup_fd_ int fd = -1;

	if (pid <= 0)
		return errno = ESRCH, -1;
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -1;
	if (proc_stat(pid, &ppid, NULL) < 0 || (pid != ref->child_pid && ppid != ref->child_pid) ||
	    proc_signal(fd, 0) < 0)
		return errno = ESRCH, -1;
	return proc_signal(fd, sig);
}

static int stop(const struct spec *s, const struct hostfacts *f, struct error *err)
{
	/* --kill-after, as it works for --timeout; at most a day (parse_duration), so an int of ms. */
	uint64_t kill_after = s->limits.kill_after ? s->limits.kill_after : DEFAULT_KILL_AFTER;
	struct instance_ref ref;

	if (instance_open(f, s->target, &ref, err) < 0)
		return -1;
	/* The supervisor's end is the instance's end: it reaps, undoes and removes the record. */
	if (signal_program(&ref, SIGTERM) < 0 && errno != ESRCH) {
		error_set(err, errno, "--stop %s: signal the sandbox", s->target);
		return instance_close(&ref), -1;
	}
	if (!wait_exit(ref.supervisor, (int)(kill_after / 1000000))) {
		trace(s->verbose, "--stop %s: still running after %llu ms: SIGKILL", s->target,
		      (unsigned long long)(kill_after / 1000000));
		(void)proc_signal(ref.child, SIGKILL); /* ESRCH: it ended meanwhile */
		if (!wait_exit(ref.supervisor, STOP_REAP_MS)) {
			error_set(err, 0, "--stop %s: the sandbox was killed, but its supervisor (pid %d) has not finished after %d s",
				  s->target, (int)ref.supervisor_pid, STOP_REAP_MS / 1000);
			return instance_close(&ref), -1;
		}
	}
	instance_close(&ref);
	return 0;
}

static int send_signal(const struct spec *s, const struct hostfacts *f, struct error *err)
{
	struct instance_ref ref;
	int r = 0;

	if (instance_open(f, s->target, &ref, err) < 0)
		return -1;
	if (signal_program(&ref, s->signal) < 0)
		r = errno == ESRCH ? not_found(err, s->target)
				   : error_set(err, errno, "--signal %s:%d", s->target, s->signal);
	instance_close(&ref);
	return r;
}

/* --- --list --- */

struct listing {
	int dir;
	bool json;
	struct json_object *array;
	time_t now;
	struct error *err;
};

static void format_age(char *buf, size_t size, long long secs)
{
	if (secs < 0)
		secs = 0;
	if (secs < 120)
		(void)snprintf(buf, size, "%llds", secs);
	else if (secs < 7200)
		(void)snprintf(buf, size, "%lldm", secs / 60);
	else if (secs < 172800)
		(void)snprintf(buf, size, "%lldh", secs / 3600);
	else
		(void)snprintf(buf, size, "%lldd", secs / 86400);
}

static void print_row(struct json_object *r)
{
	struct json_object *cmd;
	const char *addr = record_string(r, "address"), *name = record_string(r, "name");
	char age_text[32];

	format_age(age_text, sizeof(age_text), record_int(r, "age-seconds", 0));
	(void)printf("%-16s %-8lld %-6s %-18s", name ? name : "?", record_int(r, "child-pid", 0), age_text,
		     addr ? addr : record_string(r, "network") ? record_string(r, "network") : "-");
	if (json_object_object_get_ex(r, "command", &cmd) && json_object_is_type(cmd, json_type_array))
		for (size_t i = 0; i < json_object_array_length(cmd); i++)
			(void)printf(" %s", json_object_get_string(json_object_array_get_idx(cmd, i)));
	(void)putchar('\n');
}

static int list_one(const char *name, void *data)
{
	struct listing *l = data;
	struct instance_ref ref;
	struct json_object *r;
	struct error ignored = { 0 };
	long long age;

	/* A name that ends or is starting while we look, or whose sealed copy is not the
	 * supervisor's, is not listed. */
	if (open_in(l->dir, name, &ref, &ignored) < 0)
		return 0;
	r = json_object_get(ref.record);
	instance_close(&ref);
	age = (long long)l->now - record_int(r, "created", (long long)l->now);
	json_object_object_del(r, "environment"); /* a joiner's business, not a listing's */
	if (json_object_object_add(r, "age-seconds", json_object_new_int64(age)) < 0 ||
	    json_object_array_add(l->array, r) < 0) {
		json_object_put(r);
		return error_set(l->err, ENOMEM, "--list");
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const char *x = record_string(*(struct json_object *const *)a, "name");
	const char *y = record_string(*(struct json_object *const *)b, "name");

	return strcmp(x ? x : "", y ? y : "");
}

static int list(const struct spec *s, const struct hostfacts *f, struct error *err)
{
	struct listing l = { .json = s->json, .now = time(NULL), .err = err };
	char path[4096];
	int r = 0;

	if (plan_state_dir(f, path, sizeof(path), err) < 0)
		return -1;
	l.dir = state_dir_open(path, false, err);
	if (l.dir == -1)
		return -1;
	l.array = json_object_new_array();
	if (!l.array) {
		close_fd(&l.dir);
		return error_set(err, ENOMEM, "--list");
	}
	if (!l.json)
		(void)printf("%-16s %-8s %-6s %-18s %s\n", "NAME", "PID", "AGE", "ADDRESS", "COMMAND");
	if (l.dir >= 0)
		r = state_each(l.dir, list_one, &l, err);
	json_object_array_sort(l.array, by_name);
	if (r == 0 && l.json) {
		if (status_write(STDOUT_FILENO, l.array, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED) < 0)
			r = error_set(err, errno, "--list: write");
	} else if (r == 0) {
		for (size_t i = 0; i < json_object_array_length(l.array); i++)
			print_row(json_object_array_get_idx(l.array, i));
	}
	json_object_put(l.array);
	if (l.dir >= 0)
		close_fd(&l.dir);
	if (r == 0 && fflush(stdout) != 0)
		r = error_set(err, errno, "--list: write");
	return r;
}

int instance_operate(const struct spec *spec, const struct hostfacts *facts, struct error *err)
{
	switch (spec->op) {
	case OP_LIST:
		return list(spec, facts, err) < 0 ? -1 : 0;
	case OP_STOP:
		return stop(spec, facts, err) < 0 ? -1 : 0;
	case OP_SIGNAL:
		return send_signal(spec, facts, err) < 0 ? -1 : 0;
	case OP_RUN:
	case OP_JOIN:
		break;
	}
	return error_set(err, 0, "no operation on instances was asked for");
}
