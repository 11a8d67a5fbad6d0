/* spec.c - the spec's vectors and owned strings (see spec.h). */
#include "spec.h"

#include <string.h>

void *vec_push(struct vec *v, struct error *err)
{
	void *slot;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void *items = reallocarray(v->items, cap, v->size);

		if (!items)
			return error_set(err, ENOMEM, "grow a list of options"), NULL;
		v->items = items;
		v->cap = cap;
	}
	slot = (char *)v->items + v->n++ * v->size;
	memset(slot, 0, v->size);
	return slot;
}

char *spec_strdup(const char *s, struct error *err)
{
	char *copy = strdup(s);

	if (!copy)
		error_set(err, ENOMEM, "copy an option's value");
	return copy;
}

void spec_init(struct spec *s)
{
	*s = (struct spec){
		.map = MAP_DEFAULT,
		.env = VEC_INIT(struct env_op),
		.publish = VEC_INIT(struct publish_rule),
		.limits = { .report_fd = -1, .rlimits = VEC_INIT(struct rlimit_op) },
		.fs = {
			.ops = VEC_INIT(struct mount_op),
			.rw = VEC_INIT(struct mount_op),
			.next_perms = MOUNT_PERMS_DEFAULT,
		},
	};
}

static void free_mount_ops(struct vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		struct mount_op *op = VEC_AT(v, struct mount_op, i);

		free(op->src);
		free(op->dest);
		free(op->origin);
	}
	free(v->items);
}

void spec_free(struct spec *s)
{
	for (size_t i = 0; i < s->env.n; i++) {
		struct env_op *op = VEC_AT(&s->env, struct env_op, i);

		free(op->key);
		free(op->value);
		free(op->origin);
	}
	free(s->env.items);
	for (size_t i = 0; i < s->limits.rlimits.n; i++)
		free(VEC_AT(&s->limits.rlimits, struct rlimit_op, i)->origin);
	free(s->limits.rlimits.items);
	free(s->limits.cpus_origin);
	free(s->limits.cpuset_origin);
	free(s->limits.cgroup_origin);
	free(s->limits.kill_after_origin);
	free(s->limits.report_path);
	free(s->limits.report_origin);
	for (size_t i = 0; i < s->publish.n; i++)
		free(VEC_AT(&s->publish, struct publish_rule, i)->origin);
	free(s->publish.items);
	free(s->net.egress_origin);
	free(s->hostname);
	free(s->chdir);
	free(s->map_origin);
	free(s->seccomp_file);
	free(s->seccomp_origin);
	free(s->net.veth_host);
	free(s->net.veth_peer);
	free(s->net.veth_origin);
	free_mount_ops(&s->fs.ops);
	free_mount_ops(&s->fs.rw);
	free(s->fs.root);
	free(s->fs.root_origin);
	free(s->fs.keep_changes);
	free(s->fs.keep_origin);
	free(s->fs.first_origin);
	free(s->fs.next_origin);
	spec_init(s);
}
