/* dns.c - the sandbox's /etc/resolv.conf (see dns.h). */
#include "dns.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "resolv.h"

/* The text of a small file, NUL-terminated, or NULL (missing, unreadable, too large). */
static char *read_text(const char *path)
{
	_cleanup_fd_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	char *buf;
	ssize_t n;

	if (fd < 0)
		return NULL;
	buf = malloc(RESOLV_MAX + 1);
	if (!buf)
		return NULL;
	n = read_all(fd, buf, RESOLV_MAX + 1);
	if (n < 0 || n > RESOLV_MAX) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

bool dns_forward_for_veth(const struct plan *plan, const struct cidr *sandbox, struct cidr *to)
{
	_cleanup_free_ char *host = read_text(RESOLV_CONF_PATH);
	_cleanup_free_ char *upstream = NULL;

	if (!host || !resolv_loopback_nameserver(host, to))
		return false;
	upstream = read_text(RESOLV_UPSTREAM_PATH);
	if (resolv_has_routable_nameserver(upstream))
		return false;
	/* IPv6 has no route_localnet: ::1 cannot be reached from another interface. */
	if (to->family != sandbox->family || to->family != AF_INET) {
		trace(plan->spec->verbose, "parent: the host's nameserver is on its loopback, of another family than the sandbox's address: DNS is not forwarded");
		return false;
	}
	return true;
}

int dns_child_setup(const struct plan *plan, const struct cidr *gateway, struct fs_generated *files,
		    struct error *err)
{
	_cleanup_free_ char *host = NULL, *upstream = NULL, *out = NULL;
	char forward[CIDR_STRLEN] = "";
	enum resolv_mode mode;
	int flags;

	switch (plan->net.mode) {
	case NET_VETH:
		mode = RESOLV_UPSTREAM;
		if (gateway)
			cidr_format_addr(gateway, forward, sizeof(forward));
		break;
	case NET_PASTA:
		mode = RESOLV_FORWARD;
		(void)snprintf(forward, sizeof(forward), "%s", PASTA_DNS_FORWARD);
		break;
	default:
		/* --net=none: no DNS either way; --net=host: the host's file works as it is. */
		return 0;
	}
	host = read_text(RESOLV_CONF_PATH);
	if (!host)
		return 0; /* no file: the resolver's defaults, as on the host */
	if (mode == RESOLV_UPSTREAM)
		upstream = read_text(RESOLV_UPSTREAM_PATH);
	out = malloc(2 * RESOLV_MAX + 512);
	if (!out)
		return error_set(err, ENOMEM, "generate /etc/resolv.conf");
	flags = resolv_conf_for_sandbox(host, upstream, mode, forward[0] ? forward : NULL, out, 2 * RESOLV_MAX + 512);
	if (flags < 0)
		return error_set(err, EFBIG, "generate /etc/resolv.conf");
	if (!(flags & RESOLV_CHANGED)) {
		trace(plan->spec->verbose, "child: the host's /etc/resolv.conf works inside as it is");
		return 0;
	}
	if (flags & RESOLV_USED_UPSTREAM)
		trace(plan->spec->verbose, "child: /etc/resolv.conf: the host's loopback nameserver replaced by the upstream servers of %s",
		      RESOLV_UPSTREAM_PATH);
	else if (flags & RESOLV_USED_FORWARD)
		trace(plan->spec->verbose, "child: /etc/resolv.conf: the host's loopback nameserver reached through %s", forward);
	else
		trace(plan->spec->verbose, "child: /etc/resolv.conf: the host's nameserver is on its loopback and nothing forwards to it: DNS fails at once inside");
	return fs_generated_file(files, "resolv.conf", out, err);
}
