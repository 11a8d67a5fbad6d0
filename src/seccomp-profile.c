/* seccomp-profile.c - docker/podman seccomp profiles (JSON) into rules (see seccomp-profile.h).
 *
 * The format, as moby's profiles/seccomp and containers/common read it: "defaultAction"
 * (required), "defaultErrnoRet", "architectures" or "archMap", "flags", and "syscalls":
 * entries of "names" (or the older "name"), "action", "errnoRet", "args" (index, value,
 * valueTwo, op) and "includes"/"excludes" by "caps", "arches" and "minKernel". Keys the
 * format does not define are ignored, as those readers do; a known key of the wrong type,
 * an unknown action, operator or architecture is refused. */
#include "seccomp-profile.h"

#include <json-c/json.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caplist.h"

/* Where parsing is, for messages: "syscalls[4].args[0].op". */
struct ctx {
	const struct jsonc_api *J;
	char *why;
	size_t size;
};

__attribute__((format(printf, 2, 3))) static int fail(const struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(c->why, c->size, fmt, ap);
	va_end(ap);
	/* Values from the profile are echoed: a control character in one must not forge a
	 * second line of output or move the terminal's cursor. */
	for (char *p = c->why; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return -1;
}

static const struct {
	const char *name;
	uint32_t action;
	bool data; /* takes errnoRet: the errno, or the tracer's message */
} actions[] = {
	{ "SCMP_ACT_KILL", SECCOMP_RET_KILL_THREAD, false },
	{ "SCMP_ACT_KILL_THREAD", SECCOMP_RET_KILL_THREAD, false },
	{ "SCMP_ACT_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS, false },
	{ "SCMP_ACT_TRAP", SECCOMP_RET_TRAP, false },
	{ "SCMP_ACT_ERRNO", SECCOMP_RET_ERRNO, true },
	{ "SCMP_ACT_TRACE", SECCOMP_RET_TRACE, true },
	{ "SCMP_ACT_LOG", SECCOMP_RET_LOG, false },
	{ "SCMP_ACT_ALLOW", SECCOMP_RET_ALLOW, false },
	{ "SCMP_ACT_NOTIFY", SECCOMP_RET_USER_NOTIF, false },
};

static const char *const ops[] = { NULL, "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
				   "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ" };

/* The architectures libseccomp knows, as profiles name them. */
static const char *const arch_names[] = {
	"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64",
	"SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
	"SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
	"SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC",
	"SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K",
	"SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
};

const char *profile_action_name(uint32_t action)
{
	/* From the first: SCMP_ACT_KILL is the older spelling of SCMP_ACT_KILL_THREAD. */
	for (size_t i = 1; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (actions[i].action == (action & SECCOMP_RET_ACTION_FULL))
			return actions[i].name;
	return "an unknown action";
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void profile_free(struct profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		struct profile_rule *r = &p->rules[i];

		free_strings(r->names, r->n_names);
		free_strings(r->arches_in, r->n_arches_in);
		free_strings(r->arches_out, r->n_arches_out);
	}
	free(p->rules);
	free_strings(p->arches, p->n_arches);
	free_strings(p->arch_map, p->n_arch_map);
	*p = (struct profile){ 0 };
}

/* obj[key] if present and of type t; 0 if absent (or null); -1 (why set) if of another type. */
static int member(const struct ctx *c, struct json_object *obj, const char *where, const char *key,
		  enum json_type t, struct json_object **out)
{
	static const char *const type_names[] = { "null", "a boolean", "a number", "a number",
						  "an object", "an array", "a string" };
	enum json_type got;

	*out = NULL;
	if (!c->J->object_object_get_ex(obj, key, out) || !*out)
		return 0;
	got = c->J->object_get_type(*out);
	if (got == t)
		return 1;
	return fail(c, "%s%s%s: must be %s", where, *where ? "." : "", key,
		    (unsigned)t < sizeof(type_names) / sizeof(type_names[0]) ? type_names[t] : "another type");
}

static int take_string(const struct ctx *c, struct json_object *s, const char *where, char **out)
{
	const char *v = c->J->object_get_string(s);
	int len = c->J->object_get_string_len(s);

	*out = NULL;
	if (!v || len <= 0 || (size_t)len != strlen(v))
		return fail(c, "%s: must be a non-empty string without NUL bytes", where);
	if (!(*out = strdup(v)))
		return fail(c, "%s: out of memory", where);
	return 0;
}

/* An array of strings (each checked by ok, if given) into a new vector. */
static int string_array(const struct ctx *c, struct json_object *a, const char *where, char ***out,
			size_t *n, int (*ok)(const struct ctx *c, const char *s, const char *where))
{
	size_t len = c->J->object_array_length(a);
	char here[128];

	*out = NULL;
	*n = 0;
	if (len == 0)
		return 0;
	if (!(*out = calloc(len, sizeof(**out))))
		return fail(c, "%s: out of memory", where);
	for (size_t i = 0; i < len; i++) {
		struct json_object *s = c->J->object_array_get_idx(a, i);

		(void)snprintf(here, sizeof(here), "%s[%zu]", where, i);
		if (!s || c->J->object_get_type(s) != json_type_string)
			return fail(c, "%s: must be a string", here);
		if (take_string(c, s, here, &(*out)[i]) < 0)
			return -1;
		(*n)++;
		if (ok && ok(c, (*out)[i], here) < 0)
			return -1;
	}
	return 0;
}

static int check_arch(const struct ctx *c, const char *s, const char *where)
{
	if (!s)
		return fail(c, "%s: missing", where);
	for (size_t i = 0; i < sizeof(arch_names) / sizeof(arch_names[0]); i++)
		if (strcmp(arch_names[i], s) == 0)
			return 0;
	return fail(c, "%s: unknown architecture '%.64s' (SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64, ...)", where, s);
}

/* A system call name: what libseccomp could know. Whether it does is asked when compiling. */
static int check_syscall_name(const struct ctx *c, const char *s, const char *where)
{
	size_t len = s ? strlen(s) : 0;

	if (!s || len > 64 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
		return fail(c, "%s: '%.64s' is not a system call name", where, s ? s : "");
	return 0;
}

/* An integer member in [0, max]; 0 if absent. */
static int member_uint(const struct ctx *c, struct json_object *obj, const char *where, const char *key,
		       uint64_t max, uint64_t *out)
{
	struct json_object *v;
	int r = member(c, obj, where, key, json_type_int, &v);

	*out = 0;
	if (r <= 0)
		return r;
	if (c->J->object_get_int64(v) < 0 || (*out = c->J->object_get_uint64(v)) > max)
		return fail(c, "%s%s%s: out of range (0 to %llu)", where, *where ? "." : "", key,
			    (unsigned long long)max);
	return 1;
}

/* An action name and, where it takes one, its errno or trace message (errnoRet). */
static int parse_action(const struct ctx *c, struct json_object *obj, const char *where, const char *key,
			const char *ret_key, uint64_t default_data, uint32_t *out)
{
	struct json_object *a;
	uint64_t data;
	const char *name;
	int r = member(c, obj, where, key, json_type_string, &a);

	if (r < 0)
		return -1;
	if (r == 0)
		return fail(c, "%s%s%s: missing", where, *where ? "." : "", key);
	name = c->J->object_get_string(a);
	if ((r = member_uint(c, obj, where, ret_key, SECCOMP_RET_DATA, &data)) < 0)
		return -1;
	if (r == 0)
		data = default_data;
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strcmp(actions[i].name, name) != 0)
			continue;
		if (actions[i].action == SECCOMP_RET_USER_NOTIF)
			return fail(c, "%s%s%s: SCMP_ACT_NOTIFY needs a listener process, which isolate does not run",
				    where, *where ? "." : "", key);
		*out = actions[i].action | (actions[i].data ? (uint32_t)data : 0);
		return 0;
	}
	return fail(c, "%s%s%s: unknown action '%.64s' (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL_PROCESS, ...)",
		    where, *where ? "." : "", key, name);
}

static int parse_arg(const struct ctx *c, struct json_object *o, const char *where, struct profile_arg *a)
{
	struct json_object *op;
	uint64_t index;
	int r;

	if (c->J->object_get_type(o) != json_type_object)
		return fail(c, "%s: must be an object", where);
	if ((r = member_uint(c, o, where, "index", PROFILE_MAX_ARGS - 1, &index)) < 0)
		return -1;
	if (r == 0)
		return fail(c, "%s.index: missing", where);
	a->index = (unsigned)index;
	if (member_uint(c, o, where, "value", UINT64_MAX, &a->value) < 0 ||
	    member_uint(c, o, where, "valueTwo", UINT64_MAX, &a->value_two) < 0 ||
	    (r = member(c, o, where, "op", json_type_string, &op)) < 0)
		return -1;
	if (r == 0)
		return fail(c, "%s.op: missing", where);
	for (unsigned i = 1; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(ops[i], c->J->object_get_string(op)) == 0) {
			a->op = i;
			return 0;
		}
	}
	return fail(c, "%s.op: unknown operator '%.64s' (SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ, ...)", where,
		    c->J->object_get_string(op));
}

/* Capability names into bits; an unknown name sets *unknown (a newer profile's). */
static int cap_bits(const struct ctx *c, struct json_object *a, const char *where, uint64_t *bits, bool *unknown)
{
	char **names;
	size_t n;

	if (string_array(c, a, where, &names, &n, NULL) < 0)
		return free_strings(names, n), -1;
	for (size_t i = 0; i < n; i++) {
		struct cap_list l = { 0 };
		const char *why, *bad;
		size_t bad_len;

		if (strchr(names[i], ',') || strcasecmp(names[i], "ALL") == 0 ||
		    parse_cap_list(names[i], &l, &why, &bad, &bad_len) < 0)
			*unknown = true;
		else
			*bits |= l.bits;
	}
	free_strings(names, n);
	return 0;
}

/* "MAJOR.MINOR" of includes.minKernel. */
static int parse_kernel(const struct ctx *c, const char *s, const char *where, unsigned out[2])
{
	unsigned long major, minor;
	char *end;

	if (*s < '0' || *s > '9')
		return fail(c, "%s: '%.32s' is not a kernel version (MAJOR.MINOR)", where, s);
	major = strtoul(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return fail(c, "%s: '%.32s' is not a kernel version (MAJOR.MINOR)", where, s);
	minor = strtoul(end + 1, &end, 10);
	if ((*end && *end != '.' && *end != '-') || major > 1000 || minor > 1000)
		return fail(c, "%s: '%.32s' is not a kernel version (MAJOR.MINOR)", where, s);
	out[0] = (unsigned)major;
	out[1] = (unsigned)minor;
	return 0;
}

/* includes or excludes: caps, arches, minKernel (includes only). */
static int parse_filter(const struct ctx *c, struct json_object *rule, const char *where, bool in,
			struct profile_rule *r)
{
	const char *key = in ? "includes" : "excludes";
	struct json_object *f, *v;
	char here[128];
	bool unknown = false;
	int got = member(c, rule, where, key, json_type_object, &f);

	if (got <= 0)
		return got;
	(void)snprintf(here, sizeof(here), "%s.%s", where, key);
	if ((got = member(c, f, here, "caps", json_type_array, &v)) < 0 ||
	    (got && cap_bits(c, v, here, in ? &r->caps_in : &r->caps_out, &unknown) < 0))
		return -1;
	/* A capability this build does not know: nobody holds it. */
	if (unknown && in)
		r->caps_in = UINT64_MAX;
	if ((got = member(c, f, here, "arches", json_type_array, &v)) < 0 ||
	    (got && string_array(c, v, here, in ? &r->arches_in : &r->arches_out,
				 in ? &r->n_arches_in : &r->n_arches_out, NULL) < 0))
		return -1;
	if (in && (got = member(c, f, here, "minKernel", json_type_string, &v)) != 0) {
		(void)snprintf(here, sizeof(here), "%s.includes.minKernel", where);
		if (got < 0 || parse_kernel(c, c->J->object_get_string(v), here, r->min_kernel) < 0)
			return -1;
	}
	return 0;
}

static int parse_names(const struct ctx *c, struct json_object *o, const char *where, struct profile_rule *r)
{
	struct json_object *v;
	char here[128];
	int got = member(c, o, where, "names", json_type_array, &v);

	if (got < 0)
		return -1;
	(void)snprintf(here, sizeof(here), "%s.names", where);
	if (got && string_array(c, v, here, &r->names, &r->n_names, check_syscall_name) < 0)
		return -1;
	/* The older format: one "name". */
	if ((got = member(c, o, where, "name", json_type_string, &v)) < 0)
		return -1;
	if (got) {
		char **more = realloc(r->names, (r->n_names + 1) * sizeof(*more));

		(void)snprintf(here, sizeof(here), "%s.name", where);
		if (!more)
			return fail(c, "%s: out of memory", here);
		r->names = more;
		if (take_string(c, v, here, &r->names[r->n_names]) < 0)
			return -1;
		r->n_names++;
		if (check_syscall_name(c, r->names[r->n_names - 1], here) < 0)
			return -1;
	}
	if (r->n_names == 0)
		return fail(c, "%s: names a no system call (\"names\": [...])", where);
	return 0;
}

static int parse_rule(const struct ctx *c, struct json_object *o, size_t i, uint32_t def_errno,
		      struct profile_rule *r)
{
	struct json_object *args;
	char where[64];
	int got;

	(void)snprintf(where, sizeof(where), "syscalls[%zu]", i);
	r->index = i;
	if (c->J->object_get_type(o) != json_type_object)
		return fail(c, "%s: must be an object", where);
	if (parse_names(c, o, where, r) < 0 ||
	    parse_action(c, o, where, "action", "errnoRet", def_errno, &r->action) < 0 ||
	    (got = member(c, o, where, "args", json_type_array, &args)) < 0)
		return -1;
	if (got) {
		r->n_args = c->J->object_array_length(args);
		if (r->n_args > PROFILE_MAX_ARGS)
			return fail(c, "%s.args: more than %d comparisons", where, PROFILE_MAX_ARGS);
		for (size_t k = 0; k < r->n_args; k++) {
			char here[96];

			(void)snprintf(here, sizeof(here), "%s.args[%zu]", where, k);
			if (parse_arg(c, c->J->object_array_get_idx(args, k), here, &r->args[k]) < 0)
				return -1;
		}
	}
	if (parse_filter(c, o, where, true, r) < 0 || parse_filter(c, o, where, false, r) < 0)
		return -1;
	return 0;
}

/* "archMap": [{"architecture": A, "subArchitectures": [B, C]}] into A, B, C, "". */
static int parse_arch_map(const struct ctx *c, struct json_object *map, struct profile *p)
{
	size_t n = c->J->object_array_length(map), cap = 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *e = c->J->object_array_get_idx(map, i), *a, *subs = NULL;
		char where[64], **list = NULL;
		size_t n_list = 0;
		int got;

		(void)snprintf(where, sizeof(where), "archMap[%zu]", i);
		if (!e || c->J->object_get_type(e) != json_type_object)
			return fail(c, "%s: must be an object", where);
		if ((got = member(c, e, where, "architecture", json_type_string, &a)) <= 0)
			return got < 0 ? -1 : fail(c, "%s.architecture: missing", where);
		if (member(c, e, where, "subArchitectures", json_type_array, &subs) < 0 ||
		    (subs && string_array(c, subs, where, &list, &n_list, check_arch) < 0))
			return free_strings(list, n_list), -1;
		if (p->n_arch_map + n_list + 2 > cap) {
			char **more = realloc(p->arch_map, (cap = (p->n_arch_map + n_list + 2) * 2) * sizeof(*more));

			if (!more)
				return free_strings(list, n_list), fail(c, "archMap: out of memory");
			p->arch_map = more;
		}
		if (take_string(c, a, where, &p->arch_map[p->n_arch_map]) < 0)
			return free_strings(list, n_list), -1;
		p->n_arch_map++;
		if (check_arch(c, p->arch_map[p->n_arch_map - 1], where) < 0)
			return free_strings(list, n_list), -1;
		if (n_list)
			memcpy(&p->arch_map[p->n_arch_map], list, n_list * sizeof(*list));
		p->n_arch_map += n_list;
		free(list);
		if (!(p->arch_map[p->n_arch_map] = strdup("")))
			return fail(c, "archMap: out of memory");
		p->n_arch_map++;
	}
	return 0;
}

static int parse_flags(const struct ctx *c, struct json_object *flags, struct profile *p)
{
	char **names;
	size_t n;
	int r = 0;

	if (string_array(c, flags, "flags", &names, &n, NULL) < 0)
		return free_strings(names, n), -1;
	for (size_t i = 0; names && i < n && r == 0; i++) {
		const char *f = names[i] ? names[i] : "";

		if (strcmp(f, "SECCOMP_FILTER_FLAG_LOG") == 0)
			p->flags |= SECCOMP_FILTER_FLAG_LOG;
		else if (strcmp(f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
			p->flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
		else if (strcmp(f, "SECCOMP_FILTER_FLAG_TSYNC") != 0) /* one thread: nothing to do */
			r = fail(c, "flags[%zu]: unknown flag '%.64s'", i, f);
	}
	free_strings(names, n);
	return r;
}

static int parse_top(const struct ctx *c, struct json_object *root, struct profile *p)
{
	struct json_object *v;
	uint64_t def_errno;
	int got;

	if (c->J->object_get_type(root) != json_type_object)
		return fail(c, "the profile must be a JSON object");
	if ((got = member_uint(c, root, "", "defaultErrnoRet", SECCOMP_RET_DATA, &def_errno)) < 0)
		return -1;
	if (got == 0)
		def_errno = 1; /* EPERM, as docker and podman default */
	if (parse_action(c, root, "", "defaultAction", "defaultErrnoRet", def_errno, &p->default_action) < 0)
		return -1;
	if ((got = member(c, root, "", "architectures", json_type_array, &v)) < 0 ||
	    (got && string_array(c, v, "architectures", &p->arches, &p->n_arches, check_arch) < 0))
		return -1;
	if ((got = member(c, root, "", "archMap", json_type_array, &v)) < 0 ||
	    (got && parse_arch_map(c, v, p) < 0))
		return -1;
	if ((got = member(c, root, "", "flags", json_type_array, &v)) < 0 || (got && parse_flags(c, v, p) < 0))
		return -1;
	if ((got = member(c, root, "", "syscalls", json_type_array, &v)) < 0)
		return -1;
	if (!got)
		return 0;
	p->n_rules = 0;
	if (c->J->object_array_length(v) &&
	    !(p->rules = calloc(c->J->object_array_length(v), sizeof(*p->rules))))
		return fail(c, "syscalls: out of memory");
	for (size_t i = 0; i < c->J->object_array_length(v); i++) {
		p->n_rules++;
		if (parse_rule(c, c->J->object_array_get_idx(v, i), i, def_errno, &p->rules[i]) < 0)
			return -1;
	}
	return 0;
}

/* Whether text[0..len) is JSON whitespace only (text need not be NUL-terminated). */
static bool only_space(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", text[i]) || !text[i])
			return false;
	return true;
}

/* "line L, column C" of offset off in text. */
static void position(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int profile_parse(const struct jsonc_api *J, const char *text, size_t len, struct profile *p,
		  char *why, size_t size)
{
	struct ctx c = { J, why, size };
	struct json_tokener *tok;
	struct json_object *root;
	size_t end, line, col;
	int r;

	*p = (struct profile){ 0 };
	if (len > PROFILE_MAX_BYTES)
		return fail(&c, "larger than %zu KiB", PROFILE_MAX_BYTES / 1024);
	if (len == 0)
		return fail(&c, "empty: a profile is a JSON object with at least \"defaultAction\"");
	if (memchr(text, '\0', len))
		return fail(&c, "contains a NUL byte: not a JSON text");
	if (!(tok = J->tokener_new_ex(PROFILE_MAX_DEPTH)))
		return fail(&c, "out of memory");
	root = J->tokener_parse_ex(tok, text, (int)len);
	end = J->tokener_get_parse_end(tok);
	if (end > len)
		end = len;
	if (!root || J->tokener_get_error(tok) != json_tokener_success) {
		/* Incomplete input (json_tokener_continue) ends where the text ends. */
		position(text, end < len ? end : len, &line, &col);
		r = fail(&c, "invalid JSON at line %zu, column %zu: %s", line, col,
			 root ? "trailing text" : J->tokener_get_error(tok) == json_tokener_continue
							  ? "unexpected end of the text"
							  : J->tokener_error_desc(J->tokener_get_error(tok)));
	} else if (!only_space(text + end, len - end)) {
		position(text, end, &line, &col);
		r = fail(&c, "invalid JSON at line %zu, column %zu: text after the profile", line, col);
	} else {
		r = parse_top(&c, root, p);
	}
	if (root)
		(void)J->object_put(root);
	J->tokener_free(tok);
	if (r < 0)
		profile_free(p);
	return r;
}

static bool listed(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

bool profile_rule_applies(const struct profile_rule *r, const struct profile_context *ctx)
{
	if ((r->caps_in & ctx->caps) != r->caps_in || (r->caps_out & ctx->caps))
		return false;
	if (r->n_arches_in && !listed(r->arches_in, r->n_arches_in, ctx->go_arch))
		return false;
	if (listed(r->arches_out, r->n_arches_out, ctx->go_arch))
		return false;
	if (ctx->kernel[0] < r->min_kernel[0] ||
	    (ctx->kernel[0] == r->min_kernel[0] && ctx->kernel[1] < r->min_kernel[1]))
		return false;
	return true;
}
