/* resolv.c - the sandbox's resolv.conf from the host's (see resolv.h). */
#include "resolv.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Text appended to a bounded buffer; full once anything did not fit. */
struct out {
	char *buf;
	size_t size, len;
	bool full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->size - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* One line without its newline. */
struct line {
	const char *s;
	size_t n;
};

static bool next_line(const char **p, struct line *l)
{
	if (!**p)
		return false;
	l->s = *p;
	l->n = strcspn(*p, "\n");
	*p += l->n + (l->s[l->n] == '\n');
	return true;
}

/*
 * A "nameserver" line's address as glibc's resolver reads it (res_init.c): the keyword
 * at the very start of the line, then blanks, then the address up to a blank or a
 * comment; an IPv6 address may carry a %scope. Returns false for any other line.
 */
static bool nameserver(const struct line *l, struct cidr *ns)
{
	static const char kw[] = "nameserver";
	char addr[INET6_ADDRSTRLEN + 1];
	size_t i = sizeof(kw) - 1, n;

	if (l->n <= i || memcmp(l->s, kw, i) != 0 || (l->s[i] != ' ' && l->s[i] != '\t'))
		return false;
	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	for (n = 0; i + n < l->n && !strchr(";# \t\r%", l->s[i + n]); n++)
		;
	if (n == 0 || n >= sizeof(addr))
		return false;
	memcpy(addr, l->s + i, n);
	addr[n] = '\0';
	*ns = (struct cidr){ 0 };
	if (inet_pton(AF_INET, addr, ns->addr) == 1)
		ns->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, ns->addr) == 1)
		ns->family = AF_INET6;
	else
		return false;
	ns->prefix = (uint8_t)(cidr_addr_len(ns->family) * 8);
	return true;
}

/* Addresses that mean "this host" to the resolver: glibc sends a nameserver of 0.0.0.0
 * (or ::) to the local host. In another network namespace none of them is the host. */
static bool loopback(const struct cidr *a)
{
	static const uint8_t v6_loop[16] = { [15] = 1 }, zero[16] = { 0 },
			     v4_mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (a->family == AF_INET)
		return a->addr[0] == 127 || memcmp(a->addr, zero, 4) == 0;
	if (memcmp(a->addr, v6_loop, 16) == 0 || memcmp(a->addr, zero, 16) == 0)
		return true;
	return memcmp(a->addr, v4_mapped, 12) == 0 && (a->addr[12] == 127 || memcmp(a->addr + 12, zero, 4) == 0);
}

bool resolv_loopback_nameserver(const char *text, struct cidr *ns)
{
	struct line l;

	while (text && next_line(&text, &l))
		if (nameserver(&l, ns) && loopback(ns))
			return true;
	return false;
}

bool resolv_has_routable_nameserver(const char *text)
{
	struct cidr ns;
	struct line l;

	while (text && next_line(&text, &l))
		if (nameserver(&l, &ns) && !loopback(&ns))
			return true;
	return false;
}

/* upstream's nameservers that the sandbox can reach, as they are written there. */
static void put_upstream(struct out *o, const char *upstream)
{
	struct cidr ns;
	struct line l;

	while (next_line(&upstream, &l))
		if (nameserver(&l, &ns) && !loopback(&ns)) {
			put(o, l.s, l.n);
			put(o, "\n", 1);
		}
}

/* What stands where the host's first loopback nameserver stood. */
static int replacement(struct out *o, enum resolv_mode mode, const char *upstream, const char *forward)
{
	if (mode == RESOLV_UPSTREAM && resolv_has_routable_nameserver(upstream)) {
		put_str(o, "# isolate: the host's nameserver is on its loopback; these are the servers it forwards to\n");
		put_upstream(o, upstream);
		return RESOLV_USED_UPSTREAM;
	}
	if ((mode == RESOLV_UPSTREAM || mode == RESOLV_FORWARD) && forward && *forward) {
		put_str(o, "# isolate: the host's nameserver is on its loopback; this address forwards to it\n");
		put_str(o, "nameserver ");
		put_str(o, forward);
		put_str(o, "\n");
		return RESOLV_USED_FORWARD;
	}
	put_str(o, "# isolate: the host's nameserver is on its loopback, which the sandbox cannot reach\n");
	return RESOLV_NO_SERVER;
}

int resolv_conf_for_sandbox(const char *host, const char *upstream, enum resolv_mode mode,
			    const char *forward, char *out, size_t size)
{
	struct out o = { .buf = out, .size = size };
	struct line l;
	int flags = 0;

	if (size == 0)
		return -1;
	out[0] = '\0';
	while (next_line(&host, &l)) {
		struct cidr ns;

		if (mode == RESOLV_KEEP || !nameserver(&l, &ns) || !loopback(&ns)) {
			put(&o, l.s, l.n);
			put(&o, "\n", 1);
			continue;
		}
		/* All replacements where the first loopback server stood: the order of the
		 * servers is the order the resolver tries them in. */
		if (!(flags & RESOLV_CHANGED))
			flags |= RESOLV_CHANGED | replacement(&o, mode, upstream, forward);
	}
	return o.full ? -1 : flags;
}
