/* seccomp-profile.h - the seccomp profile format of docker and podman (JSON), parsed into
 * rules. Pure: text in, rules out; no I/O, no globals. json-c is reached through a table
 * of its functions, because isolate loads it only when a profile is given (see
 * seccomp-file.c); the unit tests and the fuzz target pass the linked functions. */
#ifndef ISOLATE_SECCOMP_PROFILE_H
#define ISOLATE_SECCOMP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;
struct json_tokener;
enum json_type;
enum json_tokener_error;

/* The json-c functions the parser calls (see jsonc_linked() and seccomp-file.c). */
struct jsonc_api {
	struct json_tokener *(*tokener_new_ex)(int depth);
	struct json_object *(*tokener_parse_ex)(struct json_tokener *tok, const char *str, int len);
	enum json_tokener_error (*tokener_get_error)(struct json_tokener *tok);
	const char *(*tokener_error_desc)(enum json_tokener_error jerr);
	size_t (*tokener_get_parse_end)(struct json_tokener *tok);
	void (*tokener_free)(struct json_tokener *tok);
	enum json_type (*object_get_type)(const struct json_object *obj);
	int (*object_object_get_ex)(const struct json_object *obj, const char *key, struct json_object **value);
	size_t (*object_array_length)(const struct json_object *obj);
	struct json_object *(*object_array_get_idx)(const struct json_object *obj, size_t idx);
	const char *(*object_get_string)(struct json_object *obj);
	int (*object_get_string_len)(const struct json_object *obj);
	int64_t (*object_get_int64)(const struct json_object *obj);
	uint64_t (*object_get_uint64)(const struct json_object *obj);
	int (*object_put)(struct json_object *obj);
};

/* The largest profile accepted: podman's own is 16 KiB. */
#define PROFILE_MAX_BYTES ((size_t)1 << 20)
/* Nesting deeper than a profile ever needs is refused by the tokenizer. */
#define PROFILE_MAX_DEPTH 16
#define PROFILE_MAX_ARGS 6

/* One argument comparison; op as libseccomp's enum scmp_compare (1 NE .. 7 MASKED_EQ). */
struct profile_arg {
	unsigned index;
	unsigned op;
	uint64_t value, value_two;
};

/* One entry of "syscalls", with its conditions still to be judged (profile_rule_applies). */
struct profile_rule {
	char **names;
	size_t n_names;
	uint32_t action;            /* SECCOMP_RET_* with its data (errno, trace message) */
	struct profile_arg args[PROFILE_MAX_ARGS];
	size_t n_args;
	uint64_t caps_in, caps_out; /* includes.caps (all needed), excludes.caps (any refuses) */
	char **arches_in, **arches_out; /* Go architecture names: "amd64", "arm64", ... */
	size_t n_arches_in, n_arches_out;
	unsigned min_kernel[2];     /* includes.minKernel "MAJOR.MINOR"; 0.0: none */
	size_t index;               /* its place in "syscalls", from 0, for messages */
};

struct profile {
	uint32_t default_action;
	char **arches;              /* "architectures": SCMP_ARCH_* names */
	size_t n_arches;
	char **arch_map;            /* "archMap": per entry, architecture then its subs, "" ends one */
	size_t n_arch_map;
	unsigned flags;             /* SECCOMP_FILTER_FLAG_LOG / _SPEC_ALLOW asked for */
	struct profile_rule *rules;
	size_t n_rules;
};

/* What the conditions of a rule are judged against. */
struct profile_context {
	const char *go_arch;        /* the native architecture in Go's spelling: "amd64" */
	uint64_t caps;              /* PROGRAM's capabilities */
	unsigned kernel[2];         /* the running kernel's MAJOR.MINOR */
};

/*
 * Parse text (len bytes, need not be NUL-terminated) into *p. On failure returns -1 with
 * a message in why (size bytes): "invalid JSON at line 3, column 7: unexpected
 * character", "syscalls[4].action: unknown action 'SCMP_ACT_FOO'". *p is then empty.
 */
int profile_parse(const struct jsonc_api *J, const char *text, size_t len, struct profile *p,
		  char *why, size_t size);
void profile_free(struct profile *p);

/* Whether a rule's includes/excludes keep it for this context. */
bool profile_rule_applies(const struct profile_rule *r, const struct profile_context *ctx);

/* The name of a SECCOMP_RET_* action as a profile spells it ("SCMP_ACT_ERRNO"). */
const char *profile_action_name(uint32_t action);

/* The json-c functions as linked into this program (tests and fuzz targets). */
const struct jsonc_api *jsonc_linked(void);

#endif
