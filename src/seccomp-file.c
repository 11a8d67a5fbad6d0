/* seccomp-file.c - --seccomp FILE: read a docker/podman profile, compile it with
 * libseccomp into a classic-BPF program, and check it before anything is created.
 *
 * json-c and libseccomp are loaded here with dlopen, only when a profile file is given:
 * linked into isolate, the dynamic loader would map and relocate both at every start,
 * a cost every run would pay for an option few use (bench/README.md). */
#include "seccomp-file.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "bpf.h"
#include "caps.h"
#include "dlsyms.h"
#include "seccomp-policy.h"

/* The libseccomp functions used, loaded by name. */
struct scmp_api {
	scmp_filter_ctx (*init)(uint32_t def_action);
	void (*release)(scmp_filter_ctx ctx);
	int (*arch_add)(scmp_filter_ctx ctx, uint32_t arch_token);
	uint32_t (*arch_resolve_name)(const char *arch_name);
	int (*attr_set)(scmp_filter_ctx ctx, enum scmp_filter_attr attr, uint32_t value);
	int (*syscall_resolve_name)(const char *name);
	int (*rule_add_array)(scmp_filter_ctx ctx, uint32_t action, int syscall, unsigned int arg_cnt,
			      const struct scmp_arg_cmp *arg_array);
	int (*export_bpf)(scmp_filter_ctx ctx, int fd);
	const struct scmp_version *(*version)(void);
};

/* Open lib and fill the function pointers at api (dl_load), or say which option needed it. */
static int load(const char *lib, const struct dl_symbol *syms, size_t n, void *api, const char *origin,
		struct error *err)
{
	if (dl_load(lib, syms, n, api, "install it (Debian: libseccomp2 and libjson-c5), or use --seccomp=default",
		    err) < 0)
		return error_wrap(err, "%s", origin);
	return 0;
}

static int load_jsonc(struct jsonc_api *J, const char *origin, struct error *err)
{
	static const struct dl_symbol syms[] = {
		DL_SYMBOL(struct jsonc_api, tokener_new_ex, json_tokener_new_ex),
		DL_SYMBOL(struct jsonc_api, tokener_parse_ex, json_tokener_parse_ex),
		DL_SYMBOL(struct jsonc_api, tokener_get_error, json_tokener_get_error),
		DL_SYMBOL(struct jsonc_api, tokener_error_desc, json_tokener_error_desc),
		DL_SYMBOL(struct jsonc_api, tokener_get_parse_end, json_tokener_get_parse_end),
		DL_SYMBOL(struct jsonc_api, tokener_free, json_tokener_free),
		DL_SYMBOL(struct jsonc_api, object_get_type, json_object_get_type),
		DL_SYMBOL(struct jsonc_api, object_object_get_ex, json_object_object_get_ex),
		DL_SYMBOL(struct jsonc_api, object_array_length, json_object_array_length),
		DL_SYMBOL(struct jsonc_api, object_array_get_idx, json_object_array_get_idx),
		DL_SYMBOL(struct jsonc_api, object_get_string, json_object_get_string),
		DL_SYMBOL(struct jsonc_api, object_get_string_len, json_object_get_string_len),
		DL_SYMBOL(struct jsonc_api, object_get_int64, json_object_get_int64),
		DL_SYMBOL(struct jsonc_api, object_get_uint64, json_object_get_uint64),
		DL_SYMBOL(struct jsonc_api, object_put, json_object_put),
	};

	return load(LIBJSONC_SONAME, syms, ARRAY_SIZE(syms), J, origin, err);
}

static int load_libseccomp(struct scmp_api *S, const char *origin, struct error *err)
{
	static const struct dl_symbol syms[] = {
		DL_SYMBOL(struct scmp_api, init, seccomp_init),
		DL_SYMBOL(struct scmp_api, release, seccomp_release),
		DL_SYMBOL(struct scmp_api, arch_add, seccomp_arch_add),
		DL_SYMBOL(struct scmp_api, arch_resolve_name, seccomp_arch_resolve_name),
		DL_SYMBOL(struct scmp_api, attr_set, seccomp_attr_set),
		DL_SYMBOL(struct scmp_api, syscall_resolve_name, seccomp_syscall_resolve_name),
		DL_SYMBOL(struct scmp_api, rule_add_array, seccomp_rule_add_array),
		DL_SYMBOL(struct scmp_api, export_bpf, seccomp_export_bpf),
		DL_SYMBOL(struct scmp_api, version, seccomp_version),
	};

	return load(LIBSECCOMP_SONAME, syms, ARRAY_SIZE(syms), S, origin, err);
}

/* The whole file, at most PROFILE_MAX_BYTES; *text is malloc'ed. */
static int read_profile(const char *path, const char *origin, char **text, size_t *len, struct error *err)
{
	_cleanup_fd_ int fd = TEMP_FAILURE_RETRY(open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY));
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return error_set(err, errno, "%s", origin);
	if (fstat(fd, &st) < 0)
		return error_set(err, errno, "%s", origin);
	if (S_ISDIR(st.st_mode))
		return error_set(err, EISDIR, "%s", origin);
	/* One byte more than allowed tells "too large" from "exactly the limit", fifos included. */
	if (!(*text = malloc(PROFILE_MAX_BYTES + 1)))
		return error_set(err, ENOMEM, "%s", origin);
	n = read_all(fd, *text, PROFILE_MAX_BYTES + 1);
	if (n < 0) {
		int e = errno;

		free(*text);
		*text = NULL;
		return error_set(err, e, "%s", origin);
	}
	*len = (size_t)n;
	return 0;
}

/* libseccomp's arch token for a profile's "SCMP_ARCH_X86_64". */
static uint32_t arch_token(const struct scmp_api *S, const char *name)
{
	char lower[32];
	size_t i;

	name += strlen("SCMP_ARCH_");
	for (i = 0; name[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	lower[i] = '\0';
	return S->arch_resolve_name(lower);
}

static int add_arch(const struct scmp_api *S, scmp_filter_ctx ctx, const char *name, const char *origin,
		    struct error *err)
{
	uint32_t token = arch_token(S, name);
	int r;

	if (!token)
		return error_set(err, 0, "%s: architecture %s is unknown to libseccomp %u.%u", origin, name,
				 S->version()->major, S->version()->minor);
	r = S->arch_add(ctx, token);
	if (r < 0 && r != -EEXIST)
		return error_set(err, -r, "%s: add architecture %s", origin, name);
	return 0;
}

/*
 * As docker does: with an archMap, the native architecture's entry and its
 * sub-architectures; else the "architectures" list. The native one is always there.
 */
static int add_arches(const struct scmp_api *S, scmp_filter_ctx ctx, const struct profile *p,
		      const char *origin, struct error *err)
{
	bool mapped = false;

	for (size_t i = 0; i < p->n_arch_map; i++) {
		bool native = strcmp(p->arch_map[i], SECCOMP_NATIVE_ARCH_NAME) == 0;

		for (; i < p->n_arch_map && p->arch_map[i][0]; i++)
			if (native && add_arch(S, ctx, p->arch_map[i], origin, err) < 0)
				return -1;
		mapped |= native;
	}
	for (size_t i = 0; !mapped && i < p->n_arches; i++)
		if (add_arch(S, ctx, p->arches[i], origin, err) < 0)
			return -1;
	return 0;
}

struct compile {
	const struct scmp_api *S;
	scmp_filter_ctx ctx;
	const char *origin;
	bool verbose;
	struct seccomp_compiled *out;
	struct error *err;
	size_t sigsys_names;
};

/* Remember which names end a process with SIGSYS, for the explanation after it. */
static void note_sigsys(struct compile *c, const struct profile_rule *r, const char *name)
{
	uint32_t act = r->action & SECCOMP_RET_ACTION_FULL;
	size_t used = strlen(c->out->sigsys);

	if (act != SECCOMP_RET_KILL_PROCESS && act != SECCOMP_RET_KILL_THREAD && act != SECCOMP_RET_TRAP)
		return;
	if (c->sigsys_names++ < 4)
		(void)snprintf(c->out->sigsys + used, sizeof(c->out->sigsys) - used, "%s%s", used ? ", " : "", name);
	else if (c->sigsys_names == 5)
		(void)snprintf(c->out->sigsys + used, sizeof(c->out->sigsys) - used, ", ...");
}

static int add_rule(struct compile *c, const struct profile *p, const struct profile_rule *r, const char *name)
{
	struct scmp_arg_cmp cmp[PROFILE_MAX_ARGS];
	bool same_index = false;
	int nr = c->S->syscall_resolve_name(name), e;

	/* Like docker and podman: names this libseccomp does not know are left out, so that
	 * one profile serves old and new systems alike. */
	if (nr == __NR_SCMP_ERROR) {
		trace(c->verbose, "seccomp: %s: syscalls[%zu]: '%s' is unknown to libseccomp, skipped",
		      c->origin, r->index, name);
		return 0;
	}
	/* libseccomp refuses a rule that repeats the default action; it changes nothing. */
	if (r->action == p->default_action)
		return 0;
	note_sigsys(c, r, name);
	for (size_t i = 0; i < r->n_args; i++) {
		cmp[i] = (struct scmp_arg_cmp){ r->args[i].index, (enum scmp_compare)r->args[i].op,
						r->args[i].value, r->args[i].value_two };
		for (size_t k = 0; k < i; k++)
			same_index |= r->args[k].index == r->args[i].index;
	}
	/* Comparisons of one argument are alternatives in docker's format: a rule each. */
	for (size_t i = 0; same_index && i < r->n_args; i++)
		if ((e = c->S->rule_add_array(c->ctx, r->action, nr, 1, &cmp[i])) < 0 && e != -EEXIST)
			goto fail;
	if (!same_index && (e = c->S->rule_add_array(c->ctx, r->action, nr, (unsigned)r->n_args, cmp)) < 0 &&
	    e != -EEXIST)
		goto fail;
	return 0;
fail:
	return error_set(c->err, -e, "%s: syscalls[%zu]: rule for %s", c->origin, r->index, name);
}

/* libseccomp writes the program into an fd: a memfd, read back whole. */
static int export_program(const struct compile *c, struct error *err)
{
	_cleanup_fd_ int fd = memfd_create("isolate-seccomp", MFD_CLOEXEC);
	off_t size;
	int r;

	if (fd < 0)
		return error_set(err, errno, "%s: memfd_create", c->origin);
	if ((r = c->S->export_bpf(c->ctx, fd)) < 0)
		return error_set(err, -r, "%s: export the compiled filter", c->origin);
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % (off_t)sizeof(struct sock_filter) || size > 4096 * (off_t)sizeof(struct sock_filter))
		return error_set(err, 0, "%s: the compiled filter has %lld bytes: more than the kernel's 4096 instructions",
				 c->origin, (long long)size);
	c->out->len = (size_t)size / sizeof(struct sock_filter);
	if (!(c->out->prog = malloc((size_t)size)))
		return error_set(err, ENOMEM, "%s", c->origin);
	if (pread(fd, c->out->prog, (size_t)size, 0) != size)
		return error_set(err, errno ? errno : EIO, "%s: read the compiled filter", c->origin);
	return 0;
}

static int build(struct compile *c, const struct profile *p, const struct profile_context *pc, struct error *err)
{
	int r;

	c->ctx = c->S->init(p->default_action);
	if (!c->ctx)
		return error_set(err, EINVAL, "%s: defaultAction", c->origin);
	if ((r = c->S->attr_set(c->ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0)
		return error_set(err, -r, "%s: set the action for other architectures", c->origin);
	if (add_arches(c->S, c->ctx, p, c->origin, err) < 0)
		return -1;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *rule = &p->rules[i];

		if (!profile_rule_applies(rule, pc))
			continue;
		for (size_t k = 0; k < rule->n_names; k++)
			if (add_rule(c, p, rule, rule->names[k]) < 0)
				return -1;
	}
	return export_program(c, err);
}

/* Whether the program lets PROGRAM's own execve through; it is the last call isolate makes. */
static int check_execve(const struct compile *c, struct error *err)
{
	struct seccomp_data d = { .nr = SECCOMP_NATIVE_NR_EXECVE, .arch = SECCOMP_NATIVE_AUDIT_ARCH };
	uint32_t ret = bpf_seccomp_eval(c->out->prog, c->out->len, &d), act = ret & SECCOMP_RET_ACTION_FULL;

	if (act == SECCOMP_RET_ALLOW || act == SECCOMP_RET_LOG)
		return 0;
	if (act == SECCOMP_RET_ERRNO)
		error_set(err, 0, "%s: the profile refuses execve (%s with errno %u: %s), so PROGRAM could not be started",
			  c->origin, profile_action_name(ret), ret & SECCOMP_RET_DATA, strerror((int)(ret & SECCOMP_RET_DATA)));
	else
		error_set(err, 0, "%s: the profile refuses execve (%s), so PROGRAM could not be started",
			  c->origin, profile_action_name(ret));
	return error_hint(err, "allow execve in the profile; isolate installs the filter just before it executes PROGRAM");
}

static void context_for(const struct plan *plan, struct profile_context *pc)
{
	struct utsname u;
	char *end;

	*pc = (struct profile_context){ .go_arch = SECCOMP_NATIVE_GO_ARCH, .caps = caps_program(plan) };
	if (uname(&u) < 0)
		return; /* 0.0: a rule with a minKernel is left out */
	pc->kernel[0] = (unsigned)strtoul(u.release, &end, 10);
	pc->kernel[1] = *end == '.' ? (unsigned)strtoul(end + 1, NULL, 10) : 0;
}

int seccomp_file_compile(const struct plan *plan, struct seccomp_compiled *out, struct error *err)
{
	static struct jsonc_api J;
	static struct scmp_api S;
	const char *origin = plan->spec->seccomp_origin;
	struct compile c = { .S = &S, .origin = origin, .verbose = plan->spec->verbose, .out = out, .err = err };
	struct profile p;
	struct profile_context pc;
	char *text = NULL, why[400];
	size_t len = 0;
	int r;

	*out = (struct seccomp_compiled){ 0 };
	if (read_profile(plan->spec->seccomp_file, origin, &text, &len, err) < 0)
		return -1;
	if (load_jsonc(&J, origin, err) < 0 || load_libseccomp(&S, origin, err) < 0) {
		free(text);
		return -1;
	}
	r = profile_parse(&J, text, len, &p, why, sizeof(why));
	free(text);
	if (r < 0)
		return error_set(err, 0, "%s: %s", origin, why);
	context_for(plan, &pc);
	r = build(&c, &p, &pc, err);
	out->flags = p.flags;
	out->default_sigsys = (p.default_action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_PROCESS ||
			      (p.default_action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_THREAD ||
			      (p.default_action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRAP;
	if (c.ctx)
		S.release(c.ctx);
	profile_free(&p);
	if (r < 0 || check_execve(&c, err) < 0) {
		free(out->prog);
		out->prog = NULL;
		return -1;
	}
	trace(plan->spec->verbose, "seccomp: %s: %zu instructions", origin, out->len);
	return 0;
}
