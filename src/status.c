/* status.c - --info-fd and --json-status-fd (see status.h). */
#include "status.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/*
 * bubblewrap writes "<kind>-namespace" for the namespaces it unshares, and not the user
 * namespace, which it does not know yet at that point (bubblewrap.c, ns_infos and
 * namespace_ids_write, v0.11.1). isolate knows it: "user-namespace" is added.
 */
static int add_namespaces(struct json_object *o, const struct plan *plan, pid_t child)
{
	for (size_t i = 0; i < ARRAY_SIZE(ns_table); i++) {
		const struct ns_row *ns = &ns_table[i];
		char path[64], key[32];
		struct stat st;

		if (!ns->made || (plan->share & NS_BIT(ns->kind)))
			continue;
		(void)snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)child, ns->name);
		if (stat(path, &st) < 0)
			continue; /* as bubblewrap: what cannot be read is not written */
		(void)snprintf(key, sizeof(key), "%s-namespace", ns->name);
		if (json_object_object_add(o, key, json_object_new_uint64((uint64_t)st.st_ino)) < 0)
			return -1;
	}
	return 0;
}

static int add_string(struct json_object *o, const char *key, const char *value)
{
	struct json_object *v = json_object_new_string(value);

	if (!v)
		return -1;
	return json_object_object_add(o, key, v);
}

static int add_cidr(struct json_object *o, const char *key, const struct cidr *c)
{
	char text[CIDR_STRLEN];

	if (!c->family)
		return 0;
	cidr_format(c, text, sizeof(text));
	return add_string(o, key, text);
}

/* One --publish rule: {"protocol", "host-ip" (null: every address), "host-port", "port"}. */
static struct json_object *published_port(const struct publish *p)
{
	struct json_object *o = json_object_new_object();
	char ip[CIDR_STRLEN];

	if (!o)
		return NULL;
	if (p->host_ip.family)
		cidr_format_addr(&p->host_ip, ip, sizeof(ip));
	if (add_string(o, "protocol", publish_proto_name(p->proto)) < 0 ||
	    json_object_object_add(o, "host-ip", p->host_ip.family ? json_object_new_string(ip) : NULL) < 0 ||
	    json_object_object_add(o, "host-port", json_object_new_int(p->host_port)) < 0 ||
	    json_object_object_add(o, "port", json_object_new_int(p->port)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* "published-ports", in command-line order; absent without --publish. */
static int add_published(struct json_object *o, const struct spec *s)
{
	struct json_object *a;

	if (!s->publish.n)
		return 0;
	a = json_object_new_array();
	if (!a)
		return -1;
	for (size_t i = 0; i < s->publish.n; i++) {
		struct json_object *port = published_port(&VEC_AT(&s->publish, struct publish_rule, i)->rule);

		if (!port || json_object_array_add(a, port) < 0) {
			json_object_put(port);
			json_object_put(a);
			return -1;
		}
	}
	return json_object_object_add(o, "published-ports", a);
}

int status_add_cgroup_paths(struct json_object *o, const char *const *paths, size_t n)
{
	struct json_object *a;

	if (!n)
		return 0;
	a = json_object_new_array();
	if (!a)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_new_string(paths[i]);

		if (!v || json_object_array_add(a, v) < 0) {
			json_object_put(v);
			json_object_put(a);
			return -1;
		}
	}
	return json_object_object_add(o, "cgroup-paths", a);
}

struct json_object *status_sandbox_object(const struct plan *plan, pid_t child,
					  const struct net_host *net, const char *name)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (json_object_object_add(o, "child-pid", json_object_new_int(child)) < 0 ||
	    add_namespaces(o, plan, child) < 0 || (name && add_string(o, "name", name) < 0) ||
	    (net && (add_string(o, "network", net_mode_names[plan->net.mode]) < 0 ||
		     add_cidr(o, "address", &net->address) < 0 ||
		     add_cidr(o, "host-address", &net->host_address) < 0 ||
		     (net->host_name[0] && add_string(o, "host-end", net->host_name) < 0) ||
		     (net->pasta > 0 && json_object_object_add(o, "pasta-pid", json_object_new_int(net->pasta)) < 0) ||
		     add_published(o, plan->spec) < 0))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int status_write(int fd, struct json_object *obj, int flags)
{
	size_t len = 0;
	const char *text = json_object_to_json_string_length(obj, flags | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	sigset_t pipe_set, saved;
	struct timespec now = { 0, 0 };
	char *line;
	int r, e;

	if (!text)
		return errno = ENOMEM, -1;
	line = malloc(len + 1);
	if (!line)
		return errno = ENOMEM, -1;
	memcpy(line, text, len);
	line[len] = '\n';
	(void)sigemptyset(&pipe_set);
	(void)sigaddset(&pipe_set, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &pipe_set, &saved) < 0) {
		free(line);
		return -1;
	}
	r = write_all(fd, line, len + 1);
	e = errno;
	/* A reader that went away left a SIGPIPE pending: take it before unblocking. */
	if (r < 0 && e == EPIPE && !sigismember(&saved, SIGPIPE))
		(void)sigtimedwait(&pipe_set, NULL, &now);
	(void)sigprocmask(SIG_SETMASK, &saved, NULL);
	free(line);
	errno = e;
	return r;
}

int status_started(const struct spec *spec, struct json_object *sandbox, struct error *err)
{
	if (spec->info_fd >= 0) {
		int r = status_write(spec->info_fd, sandbox, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED);
		int e = errno;

		(void)close(spec->info_fd); /* bubblewrap closes it too: EOF tells the reader it is all */
		if (r < 0)
			return error_set(err, e, "--info-fd %d: write", spec->info_fd);
	}
	if (spec->json_status_fd >= 0 && status_write(spec->json_status_fd, sandbox, JSON_C_TO_STRING_PLAIN) < 0)
		return error_set(err, errno, "--json-status-fd %d: write", spec->json_status_fd);
	return 0;
}

static void status_last(const struct spec *spec, struct json_object *o)
{
	/* The run is over: a reader that went away changes nothing. */
	if (o)
		(void)status_write(spec->json_status_fd, o, JSON_C_TO_STRING_PLAIN);
	json_object_put(o);
	(void)close(spec->json_status_fd);
}

void status_exit(const struct spec *spec, int exit_code)
{
	struct json_object *o;

	if (spec->json_status_fd < 0)
		return;
	o = json_object_new_object();
	if (o && json_object_object_add(o, "exit-code", json_object_new_int(exit_code)) < 0) {
		json_object_put(o);
		o = NULL;
	}
	status_last(spec, o);
}

void status_error(const struct spec *spec, const struct error *err)
{
	struct json_object *o;

	if (spec->json_status_fd < 0)
		return;
	o = json_object_new_object();
	if (o && (json_object_object_add(o, "exit-code", json_object_new_int(err->status)) < 0 ||
		  add_string(o, "error-kind", error_kind_names[error_kind_of(err)]) < 0 ||
		  add_string(o, "error", err->msg) < 0)) {
		json_object_put(o);
		o = NULL;
	}
	status_last(spec, o);
}
