/* join.c - --join (see join.h).
 *
 * What a joiner may do is read from the kernel, from the instance's PROGRAM as it runs
 * now: its capability sets, its no_new_privs bit, its ids. Anything that process has,
 * the sandbox has already, so a joiner bounded by it adds nothing. The rest comes from
 * the supervisor's sealed copy of the record (instance.c), which nothing in the sandbox
 * can write: every pid in it is checked against its start time and held as a pidfd;
 * the environment and the directory grant nothing; the seccomp profile and the Landlock
 * rules are the instance's own, each Landlock rule held to the file it named when the
 * instance was made (landlock.c). */
#include "join.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "cgroup.h"
#include "channel.h"
#include "exec.h"
#include "hex.h"
#include "init.h"
#include "instance.h"
#include "landlock.h"
#include "lifetime.h"
#include "plan.h"
#include "proc.h"
#include "seccomp-policy.h"
#include "status.h"
#include "signals.h"
#include "tty.h"
#include "userns.h"

/*
 * The joiner's PROGRAM shares isolate's process group, as PROGRAM did before the sandbox
 * had a group of its own (jobctl.c): what the terminal sends (Ctrl-C, a window size
 * change) reaches it directly, with si_code SI_KERNEL; only the rest is passed on.
 */
static bool from_terminal(int si_code)
{
	return si_code == SI_KERNEL;
}

/* What the instance's PROGRAM holds now, as /proc/PID/status says. */
struct privs {
	uint64_t permitted, bounding;
	bool no_new_privs;
	uid_t uid; /* effective ids, as the host sees them */
	gid_t gid;
};

static int ending(struct error *err, const char *name, const char *what)
{
	return error_set(err, 0, "--join %s: the instance is ending (%s)", name, what),
	       error_kind(err, ERRK_NOT_FOUND);
}

static uint64_t status_hex(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

static unsigned long status_second(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	char *end;

	if (!p)
		return (unsigned long)-1;
	(void)strtoul(p + strlen(key), &end, 10); /* real; the effective id follows */
	return strtoul(end, NULL, 10);
}

/*
 * Read PROGRAM's privileges through a pidfd taken first: if the process is still alive
 * after the read, and is still a child of the instance's init, the text was its own and
 * not that of a process that took over a reused pid.
 */
static int read_privs(pid_t program, pid_t init, struct privs *pv, int *program_fd, struct error *err)
{
	_cleanup_fd_ int pidfd = (int)syscall(SYS_pidfd_open, program, 0), fd = -1;
	char path[64], text[4096];
	pid_t ppid = 0;
	ssize_t n;

	if (pidfd < 0)
		return -2;
	(void)snprintf(path, sizeof(path), "/proc/%d/status", (int)program);
	fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC));
	if (fd < 0 || (n = read_all(fd, text, sizeof(text) - 1)) < 0)
		return -2;
	text[n] = '\0';
	if (proc_stat(program, &ppid, NULL) < 0 || (program != init && ppid != init) || proc_signal(pidfd, 0) < 0)
		return -2;
	*pv = (struct privs){
		.permitted = status_hex(text, "\nCapPrm:"),
		.bounding = status_hex(text, "\nCapBnd:"),
		.no_new_privs = strstr(text, "\nNoNewPrivs:\t1") != NULL,
		.uid = (uid_t)status_second(text, "\nUid:"),
		.gid = (gid_t)status_second(text, "\nGid:"),
	};
	if (pv->uid == (uid_t)-1 || pv->gid == (gid_t)-1)
		return error_set(err, EINVAL, "read %s", path);
	*program_fd = steal_fd(&pidfd);
	return 0;
}

/* A host id as the instance's user namespace names it: /proc/INIT/{uid,gid}_map, inverted. */
static int inside_id(pid_t init, const char *map, unsigned long host, unsigned long *inside)
{
	char path[64], line[128];
	FILE *f;
	int r = -1;

	(void)snprintf(path, sizeof(path), "/proc/%d/%s", (int)init, map);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (r < 0 && fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		unsigned long in = strtoul(p, &end, 10), out, count;

		if (end == p)
			continue;
		out = strtoul(p = end, &end, 10);
		if (end == p)
			continue;
		count = strtoul(p = end, &end, 10);
		if (end != p && host >= out && host - out < count) {
			*inside = in + (host - out);
			r = 0;
		}
	}
	(void)fclose(f);
	return r;
}

/* The record's string array into a NULL-terminated vector (owned by the record). */
static const char **record_strings(struct json_object *record, const char *key)
{
	struct json_object *a;
	const char **v;
	size_t n;

	if (!json_object_object_get_ex(record, key, &a) || !json_object_is_type(a, json_type_array))
		return NULL;
	n = json_object_array_length(a);
	v = calloc(n + 1, sizeof(*v));
	for (size_t i = 0; v && i < n; i++)
		v[i] = json_object_get_string(json_object_array_get_idx(a, i));
	return v;
}

static unsigned record_share(struct json_object *record)
{
	const char **names = record_strings(record, "shared-namespaces");
	unsigned share = 0;

	for (size_t i = 0; names && names[i]; i++) {
		int kind = ns_by_name(names[i], strlen(names[i]));

		if (kind >= 0)
			share |= NS_BIT(kind);
	}
	free((void *)names);
	return share;
}

struct joiner {
	const struct spec *caller;     /* the --join command line */
	struct spec spec;              /* what PROGRAM runs with: the caller's, bounded */
	struct plan plan;
	struct instance_ref ref;
	int program;                   /* pidfd of the instance's PROGRAM */
	pid_t program_pid;
	char seccomp_origin[PATH_MAX + 64];
	const char **environment;      /* the instance PROGRAM's, from the record */
	struct landlock_rule *landlock_rules; /* the instance's, from the record */
	struct cgroup cg;              /* the instance's own cgroups, as the kernel says */
	char *argv[2];                 /* the default: a shell */
};

/* The bounds: PROGRAM's capabilities minus the joiner's --cap-drop; its ids; its no_new_privs. */
static int bound_joiner(struct joiner *j, const struct hostfacts *f, struct error *err)
{
	const char *name = j->caller->target;
	struct json_object *rec = j->ref.record;
	struct privs pv;
	unsigned long uid = 0, gid = 0;
	uint64_t caps;
	pid_t program = instance_program_pid(&j->ref);
	int r;

	if (program <= 0)
		return ending(err, name, "its PROGRAM has exited");
	r = read_privs(program, j->ref.child_pid, &pv, &j->program, err);
	j->program_pid = program;
	if (r < 0)
		return r == -2 ? ending(err, name, "its PROGRAM has exited") : -1;
	j->plan.share = record_share(rec);
	if (!(j->plan.share & NS_BIT(NS_USER)) &&
	    (inside_id(j->ref.child_pid, "uid_map", pv.uid, &uid) < 0 ||
	     inside_id(j->ref.child_pid, "gid_map", pv.gid, &gid) < 0))
		return error_set(err, 0, "--join %s: PROGRAM's ids %u:%u are not mapped in its user namespace",
				 name, (unsigned)pv.uid, (unsigned)pv.gid);
	if (j->plan.share & NS_BIT(NS_USER)) {
		uid = pv.uid;
		gid = pv.gid;
	}
	caps = pv.permitted & pv.bounding;
	caps &= j->caller->cap_drop.all ? 0 : ~j->caller->cap_drop.bits;
	j->spec.cap_drop = (struct cap_list){ .all = true };
	j->spec.cap_add = (struct cap_list){ .bits = caps };
	j->spec.allow_new_privs = !pv.no_new_privs;
	j->spec.set_uid = j->spec.set_gid = true;
	j->spec.uid = (uid_t)uid;
	j->spec.gid = (gid_t)gid;
	j->plan.privileged = f->initial_userns && f->cap_sys_admin && f->cap_setuid && f->cap_setgid;
	trace(j->caller->verbose, "join: PROGRAM pid %d: ids %lu:%lu inside, capabilities 0x%llx, no_new_privs %d",
	      (int)program, uid, gid, (unsigned long long)caps, pv.no_new_privs);
	return 0;
}

static bool json_uint(struct json_object *o, const char *key, uint64_t *v)
{
	struct json_object *x;

	if (!json_object_object_get_ex(o, key, &x) || !json_object_is_type(x, json_type_int))
		return false;
	*v = json_object_get_uint64(x);
	return true;
}

/*
 * The instance's Landlock rules, from its sealed record, rebuilt by the joiner's PROGRAM
 * in the instance's mount namespace, in a ruleset of its own. Each rule applies only
 * while its path names the file it named when the instance was made (landlock.c): so
 * the joiner can write where the instance's PROGRAM can, and nowhere else.
 */
static int same_landlock(struct joiner *j, struct error *err)
{
	struct json_object *rec = j->ref.record, *rules;
	const char *name = j->caller->target;
	struct landlock_rule *out;
	size_t n;
	int abi;

	if (!json_object_get_boolean(json_object_object_get(rec, "landlock")))
		return 0;
	if (!json_object_object_get_ex(rec, "landlock-rules", &rules) || !json_object_is_type(rules, json_type_array))
		return error_set(err, 0, "--join %s: the instance runs under --landlock, and its record holds no rules to take over",
				 name),
		       error_kind(err, ERRK_INTERNAL);
	abi = landlock_abi();
	if (abi <= 0)
		return error_set(err, -abi, "--join %s: the instance runs under --landlock", name);
	n = json_object_array_length(rules);
	out = calloc(n ? n : 1, sizeof(*out));
	if (!out)
		return error_set(err, ENOMEM, "--join %s: the instance's Landlock rules", name);
	j->landlock_rules = out;
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(rules, i);
		const char *path = r ? record_string(r, "path") : NULL;

		if (!path || path[0] != '/' || !json_uint(r, "dev", &out[i].dev) || !json_uint(r, "ino", &out[i].ino))
			return error_set(err, 0, "--join %s: the record's Landlock rule %zu is damaged", name, i),
			       error_kind(err, ERRK_INTERNAL);
		out[i].path = out[i].origin = path;
		out[i].write = json_object_get_boolean(json_object_object_get(r, "write"));
		out[i].same_file = true;
	}
	j->plan.landlock = true;
	j->plan.landlock_abi = abi;
	j->plan.landlock_deny_tcp = json_object_get_boolean(json_object_object_get(rec, "landlock-deny-tcp"));
	j->plan.landlock_rules = out;
	j->plan.landlock_nrules = n;
	trace(j->caller->verbose, "join: %zu Landlock rules of the instance", n);
	return 0;
}

/*
 * --seccomp FILE: the program the instance compiled at its start, from the sealed
 * record (instance.c), never the file again: it may have changed since.
 */
static int same_seccomp_program(struct joiner *j, struct error *err)
{
	struct json_object *rec = j->ref.record;
	const char *hex = record_string(rec, "seccomp-program"), *sigsys = record_string(rec, "seccomp-sigsys");
	struct seccomp_compiled *c = &j->plan.seccomp_file;
	size_t len = hex ? strlen(hex) : 0, n = len / 2;
	unsigned char *bytes;

	/* BPF_MAXINSNS: the kernel takes no longer program. */
	if (!hex || len % (2 * sizeof(*c->prog)) != 0 || n == 0 || n / sizeof(*c->prog) > BPF_MAXINSNS)
		return error_set(err, 0, "--join %s: the record holds no seccomp program of the instance's profile",
				 j->caller->target),
		       error_kind(err, ERRK_INTERNAL);
	bytes = malloc(n);
	if (!bytes)
		return error_set(err, ENOMEM, "--join %s: the instance's seccomp program", j->caller->target);
	if (hex_decode(hex, bytes, n) < 0) {
		free(bytes);
		return error_set(err, 0, "--join %s: the record's seccomp program is damaged", j->caller->target),
		       error_kind(err, ERRK_INTERNAL);
	}
	c->prog = (struct sock_filter *)(void *)bytes;
	c->len = n / sizeof(*c->prog);
	c->flags = (unsigned)json_object_get_int(json_object_object_get(rec, "seccomp-flags"));
	c->default_sigsys = json_object_get_boolean(json_object_object_get(rec, "seccomp-default-sigsys"));
	(void)snprintf(c->sigsys, sizeof(c->sigsys), "%s", sigsys ? sigsys : "");
	return 0;
}

/*
 * The instance's filters, as its sealed record names them: the same seccomp profile
 * (for a file, the program the instance compiled), --disable-userns and the Landlock
 * rules.
 */
static int same_filters(struct joiner *j, struct error *err)
{
	struct json_object *rec = j->ref.record;
	const char *mode = record_string(rec, "seccomp"), *file = record_string(rec, "seccomp-file");

	if (same_landlock(j, err) < 0)
		return -1;
	j->spec.disable_userns = json_object_get_boolean(json_object_object_get(rec, "disable-userns"));
	if (!mode || strcmp(mode, "default") == 0) {
		j->spec.seccomp = SECCOMP_DEFAULT;
	} else if (strcmp(mode, "unconfined") == 0) {
		j->spec.seccomp = SECCOMP_UNCONFINED;
	} else if (strcmp(mode, "file") == 0 && file) {
		j->spec.seccomp = SECCOMP_FILE;
		j->spec.seccomp_file = (char *)file;
		(void)snprintf(j->seccomp_origin, sizeof(j->seccomp_origin), "the instance's --seccomp=%s", file);
		j->spec.seccomp_origin = j->seccomp_origin;
		return same_seccomp_program(j, err);
	} else {
		return error_set(err, 0, "--join %s: the record names no seccomp profile isolate knows", j->caller->target),
		       error_kind(err, ERRK_INTERNAL);
	}
	return 0;
}

/*
 * The instance's cgroups: those its init is in and its supervisor is not, read from the
 * kernel, never from the record. The entering process moves itself into them before
 * it enters the instance's cgroup namespace (after, the kernel would refuse a move from
 * a cgroup outside that namespace's root), so the joiner's PROGRAM is forked inside
 * them and counts against the instance's limits from its first instruction.
 */
static int same_cgroups(struct joiner *j, const struct hostfacts *f, struct error *err)
{
	if (cgroup_of_instance(&f->cg, j->ref.child_pid, j->ref.child, j->ref.supervisor_pid, j->ref.supervisor,
			       &j->cg, err) < 0)
		/* ENOENT: its supervisor may have removed a cgroup that init has just left. */
		return err->errnum == ESRCH || (err->errnum == ENOENT && proc_signal(j->ref.child, 0) < 0)
			       ? ending(err, j->caller->target, "its init has exited")
			       : error_wrap(err, "--join %s", j->caller->target);
	for (size_t i = 0; i < j->cg.ndirs; i++)
		trace(j->caller->verbose, "join: the instance's cgroup %s", j->cg.dirs[i].path);
	return 0;
}

static int prepare(struct joiner *j, const struct hostfacts *f, struct error *err)
{
	const char *shell = getenv("SHELL");

	if (instance_open(f, j->caller->target, &j->ref, err) < 0 || same_cgroups(j, f, err) < 0)
		return -1;
	j->spec = *j->caller;
	j->spec.share = 0;
	j->spec.as_pid_1 = false;
	if (!j->spec.argv) {
		j->argv[0] = (char *)(shell && *shell ? shell : "/bin/sh");
		j->argv[1] = NULL;
		j->spec.argv = j->argv;
	}
	if (!j->spec.chdir)
		j->spec.chdir = (char *)(record_string(j->ref.record, "cwd") ? record_string(j->ref.record, "cwd") : "/");
	j->environment = record_strings(j->ref.record, "environment");
	j->plan = (struct plan){ .spec = &j->spec, .hostname = "", .joining = true, .map = MAP_SINGLE };
	return bound_joiner(j, f, err) < 0 ? -1 : same_filters(j, err);
}

/* In the joiner's PROGRAM: inside the PID namespace, the instance's environment, then exec. */
static _Noreturn void joiner_main(struct joiner *j, int chan, const sigset_t *mask, pid_t parent)
{
	/* The terminal is the joiner's: its type goes with it. */
	const char *term = getenv("TERM");
	char *own_term = term ? strdup(term) : NULL;
	struct exec_prep prep;
	struct error err = { 0 };

	if (clearenv() != 0)
		_exit(EXIT_ISOLATE);
	for (size_t i = 0; j->environment && j->environment[i]; i++) {
		const char *kv = j->environment[i], *eq = strchr(kv, '=');
		char key[256];

		if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key))
			continue;
		(void)snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
		(void)setenv(key, eq + 1, 1); /* out of memory: PROGRAM lacks one variable */
	}
	if (own_term)
		(void)setenv("TERM", own_term, 1);
	/* Root of the user namespace first (the caller's host groups dropped), then PROGRAM's ids. */
	if (userns_become_root(&j->plan, &err) < 0 || close_other_fds(&j->plan, chan, 1, &err) < 0 ||
	    exec_prepare(&j->plan, &prep, &err) < 0)
		child_fail(chan, &err);
	exec_program(&j->plan, &prep, chan, mask, parent);
}

/* Wait for the joiner's PROGRAM, passing signals on, as the sandbox's parent does. */
static int wait_program(pid_t pid, bool verbose, int *wstatus, struct error *err)
{
	_cleanup_fd_ int sfd = -1;
	sigset_t set;

	signals_wait_set(&set);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return error_set(err, errno, "signalfd");
	for (;;) {
		struct signalfd_siginfo si;
		ssize_t n = TEMP_FAILURE_RETRY(read(sfd, &si, sizeof(si)));

		if (n != (ssize_t)sizeof(si))
			return error_set(err, n < 0 ? errno : EIO, "read the signalfd");
		if (si.ssi_signo == SIGCHLD) {
			pid_t r = waitpid(pid, wstatus, WNOHANG);

			if (r == pid)
				return 0;
			if (r < 0 && errno != EINTR)
				return error_set(err, errno, "waitpid %d", (int)pid);
		} else if (!from_terminal(si.ssi_code)) {
			trace(verbose, "join: forwarding signal %u", si.ssi_signo);
			if (kill(pid, (int)si.ssi_signo) < 0 && errno != ESRCH)
				return error_set(err, errno, "forward signal %u", si.ssi_signo);
		}
	}
}

/* PROGRAM's exec or its report: the channel's EOF means it runs. */
static int await_exec(int chan, struct error *err)
{
	struct error got = { 0 };
	size_t len = 0;
	int r = channel_recv(chan, &got, sizeof(got), &len, NULL, NULL, false, err);

	if (r == MSG_NONE)
		return 0;
	if (r == MSG_ERROR && len == sizeof(got)) {
		got.msg[sizeof(got.msg) - 1] = '\0';
		if (got.status < 1 || got.status > 255)
			got.status = EXIT_ISOLATE;
		if (got.kind < ERRK_NONE || got.kind >= ERROR_KINDS)
			got.kind = ERRK_NONE;
		*err = got;
		return -1;
	}
	return r < 0 ? -1 : error_set(err, EBADMSG, "wait for PROGRAM to start");
}

/*
 * The entering process, a child of isolate's: enter the instance, fork PROGRAM into its
 * PID namespace, say PROGRAM's pid, then pass signals on and end with PROGRAM's status.
 * isolate itself never enters: it stays a plain process of the caller's namespaces,
 * holding no capability in the instance's user namespace.
 */
/* Every namespace the instance made, the cgroup namespace (made late, by unshare) too. */
static int instance_flags(unsigned share)
{
	int flags = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ns_table); i++)
		if (ns_table[i].made && !(share & NS_BIT(ns_table[i].kind)))
			flags |= ns_table[i].clone_flag;
	return flags;
}

static _Noreturn void enter_main(struct joiner *j, int chan, const sigset_t *mask, pid_t isolate)
{
	int flags = instance_flags(j->plan.share);
	struct error err = { 0 };
	sigset_t waitset;
	pid_t pid;

	if (lifetime_tie_to_parent(isolate, chan, &err) != 0)
		_exit(EXIT_ISOLATE);
	/* Soon with capabilities in the instance's user namespace, and pidfds: not dumpable
	 * (spelled 0L: tests/mutants.sh anchors its "dumpable" mutant on init's call). */
	if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) < 0) {
		error_set(&err, errno, "prctl(PR_SET_DUMPABLE)");
		child_fail(chan, &err);
	}
	/* Before the cgroup namespace (see same_cgroups). A rootless caller may move itself
	 * only within a cgroup subtree delegated to it, which the instance's is in. */
	if (cgroup_enter(&j->cg, "join the instance's cgroup", &err) < 0) {
		if (err.errnum == ENOENT || err.errnum == ENODEV)
			ending(&err, j->caller->target, "its cgroup has been removed");
		else
			error_wrap(&err, "--join %s", j->caller->target);
		if (err.errnum == EACCES || err.errnum == EPERM)
			error_kind(&err, ERRK_PERMISSION),
				error_hint(&err, "run isolate --join from within the cgroup subtree delegated to the instance's user, e.g. systemd-run --user --scope -p Delegate=yes isolate --join %s",
					   j->caller->target);
		child_fail(chan, &err);
	}
	/*
	 * All at once (Linux 5.8): the user namespace first, so that it owns our view of the
	 * rest. Through PROGRAM's pidfd: a pidfd's setns asks for ptrace read access to its
	 * process, which init (non-dumpable, see init_protect) denies to an unprivileged
	 * caller; PROGRAM, the caller's own in its user namespace, allows it. Root may use
	 * init's, which stays when PROGRAM made itself non-dumpable.
	 */
	if (syscall(SYS_setns, j->program, flags) < 0 && (errno != EPERM || syscall(SYS_setns, j->ref.child, flags) < 0)) {
		if (errno == ESRCH)
			ending(&err, j->caller->target, "its init has exited");
		else
			error_set(&err, errno, "--join %s: setns", j->caller->target),
				error_default_kind(&err, errno == EPERM ? ERRK_PERMISSION : ERRK_INTERNAL);
		child_fail(chan, &err);
	}
	trace(j->caller->verbose, "join: entered the namespaces of %s (flags 0x%x)", j->caller->target, (unsigned)flags);
	pid = fork();
	if (pid < 0) {
		/* The PID namespace's init has exited: the kernel refuses new members (ENOMEM). */
		if (errno == ENOMEM)
			ending(&err, j->caller->target, "its PID namespace is closing");
		else if (errno == EAGAIN && j->cg.ndirs)
			error_set(&err, errno, "--join %s: fork PROGRAM in the instance", j->caller->target),
				error_hint(&err, "the instance may be at its --pids limit, which counts the joiner's PROGRAM and the process that waits for it");
		else
			error_set(&err, errno, "--join %s: fork PROGRAM in the instance", j->caller->target);
		child_fail(chan, &err);
	}
	if (pid == 0)
		joiner_main(j, chan, mask, 0); /* outside its PID namespace: the channel is the lifeline */
	if (channel_send(chan, MSG_CREATED, &pid, sizeof(pid), NULL, 0, &err) < 0)
		_exit(EXIT_ISOLATE); /* isolate is gone; PROGRAM dies with us */
	(void)close(chan); /* PROGRAM's copy alone is left: its execve closes it, which isolate sees */
	signals_wait_set(&waitset);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&waitset, &si), wstatus;

		if (sig == SIGCHLD) {
			if (waitpid(pid, &wstatus, WNOHANG) == pid)
				_exit(status_to_exit_code(wstatus));
		} else if (sig > 0 && si.si_code == SI_USER && si.si_pid == isolate) {
			/* Only what isolate passes on: in the instance's cgroup, this process also
			 * gets what the instance's time limits send to every process there, which
			 * PROGRAM has had directly. */
			(void)kill(pid, sig); /* ESRCH: it has just ended, and SIGCHLD is on its way */
		}
	}
}

/* The entering process's first word: PROGRAM's pid, or why it could not start. */
static int await_program_pid(int chan, pid_t *pid, struct error *err)
{
	union {
		struct error error;
		pid_t pid;
	} got;
	size_t len = 0;
	int r = channel_recv(chan, &got, sizeof(got), &len, NULL, NULL, false, err);

	if (r == MSG_CREATED && len == sizeof(got.pid)) {
		*pid = got.pid;
		return 0;
	}
	if (r == MSG_ERROR && len == sizeof(got.error))
		return channel_take_report(&got.error, err);
	return r < 0 ? -1 : error_set(err, 0, "--join: the process entering the instance ended without a word");
}

/* --info-fd and --json-status-fd: the joiner's PROGRAM in the instance's namespaces. */
/* The instance's network, as its sealed record has it, beside the joiner's own fields. */
static int add_instance_fields(struct json_object *o, struct json_object *record)
{
	static const char *const keys[] = { "network", "address", "host-address", "host-end", "pasta-pid", "published-ports" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		struct json_object *v;

		if (json_object_object_get_ex(record, keys[i], &v) && json_object_object_add(o, keys[i], json_object_get(v)) < 0)
			return -1;
	}
	return 0;
}

static int report_joiner(const struct joiner *j, pid_t program, struct error *err)
{
	/* The instance PROGRAM's namespaces: readable, unlike those of our not yet executed one. */
	struct json_object *o;
	const char *cg_paths[ARRAY_SIZE(j->cg.dirs)];
	int r;

	if (j->caller->info_fd < 0 && j->caller->json_status_fd < 0)
		return 0;
	for (size_t i = 0; i < j->cg.ndirs; i++)
		cg_paths[i] = j->cg.dirs[i].path;
	o = status_sandbox_object(&j->plan, j->program_pid, NULL, j->caller->target);
	if (!o || json_object_object_add(o, "child-pid", json_object_new_int(program)) < 0 ||
	    add_instance_fields(o, j->ref.record) < 0 || status_add_cgroup_paths(o, cg_paths, j->cg.ndirs) < 0) {
		json_object_put(o);
		return error_set(err, ENOMEM, "report the joiner's start");
	}
	r = status_started(j->caller, o, err);
	json_object_put(o);
	return r;
}

static int enter_and_run(struct joiner *j, int *exit_code, struct error *err)
{
	int fds[2], wstatus = 0;
	_cleanup_fd_ int chan = -1, child_end = -1;
	pid_t isolate = getpid(), pid, program = 0;
	sigset_t waitset, mask;

	signals_wait_set(&waitset);
	if (sigprocmask(SIG_BLOCK, &waitset, &mask) < 0)
		return error_set(err, errno, "block signals");
	if (channel_pair(fds, err) < 0)
		return -1;
	chan = fds[0];
	child_end = fds[1];
	pid = fork();
	if (pid < 0)
		return error_set(err, errno, "--join: fork");
	if (pid == 0) {
		close_fd(&chan);
		enter_main(j, child_end, &mask, isolate);
	}
	close_fd(&child_end);
	if (await_program_pid(chan, &program, err) < 0 || report_joiner(j, program, err) < 0 ||
	    await_exec(chan, err) < 0 || wait_program(pid, j->caller->verbose, &wstatus, err) < 0) {
		(void)kill(pid, SIGKILL); /* its PROGRAM dies with it (parent-death signal) */
		(void)waitpid(pid, NULL, 0);
		return -1;
	}
	*exit_code = status_to_exit_code(wstatus);
	return 0;
}

int join_run(const struct spec *spec, const struct hostfacts *facts, int *exit_code, struct error *err)
{
	struct joiner j = { .caller = spec, .program = -1 };

	cgroup_init(&j.cg);
	struct tty_state tty;
	int r;

	r = prepare(&j, facts, err);
	if (r == 0) {
		tty_save(&tty);
		r = enter_and_run(&j, exit_code, err);
		tty_restore(&tty);
	}
	seccomp_policy_free(&j.plan);
	instance_close(&j.ref);
	close_fd(&j.program);
	free(j.environment);
	free(j.landlock_rules);
	cgroup_close(&j.cg);
	return r;
}
