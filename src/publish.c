/* publish.c - parse --publish rules (see publish.h). */
#include "publish.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

const char *publish_proto_name(enum publish_proto p)
{
	return p == PUBLISH_UDP ? "udp" : "tcp";
}

/* A port: decimal, 1..65535, no sign, no leading zero (it would read as octal elsewhere). */
static int parse_port(const char *s, size_t len, uint16_t *out, const char **why)
{
	unsigned long v = 0;

	if (len == 0) {
		*why = "empty port";
		return -1;
	}
	if (s[0] == '0' && len > 1) {
		*why = "a port has no leading zero";
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*why = "a port is a decimal number";
			return -1;
		}
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535) {
			*why = "a port is 1 to 65535";
			return -1;
		}
	}
	if (v == 0) {
		*why = "a port is 1 to 65535";
		return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

/* The HOSTIP part, text of length len: IPv4, or [IPv6]. */
static int parse_host_ip(const char *s, size_t len, struct cidr *out, const char **why)
{
	char buf[INET6_ADDRSTRLEN + 2];
	bool v6 = len >= 2 && s[0] == '[' && s[len - 1] == ']';

	if (len == 0) {
		*why = "empty HOSTIP (leave it out, with its ':', for every address)";
		return -1;
	}
	if (v6) {
		s++;
		len -= 2;
	}
	if (len >= sizeof(buf)) {
		*why = "HOSTIP is not an IPv4 address or an [IPv6] address";
		return -1;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (!v6 && inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = AF_INET;
		out->prefix = 32;
		return 0;
	}
	if (v6 && inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = AF_INET6;
		out->prefix = 128;
		return 0;
	}
	*why = v6 || !strchr(buf, ':') ? "HOSTIP is not an IPv4 address or an [IPv6] address"
				       : "an IPv6 HOSTIP goes in brackets: [ADDRESS]:HOSTPORT:PORT";
	return -1;
}

int publish_parse(const char *s, struct publish *out, const char **why)
{
	const char *slash, *end, *last, *mid;

	if (!s || !*s) {
		*why = "empty rule (want [HOSTIP:]HOSTPORT:PORT[/tcp|/udp])";
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->proto = PUBLISH_TCP;
	slash = strrchr(s, '/');
	end = slash ? slash : s + strlen(s);
	if (slash) {
		if (strcmp(slash + 1, "tcp") == 0)
			out->proto = PUBLISH_TCP;
		else if (strcmp(slash + 1, "udp") == 0)
			out->proto = PUBLISH_UDP;
		else {
			*why = "the protocol is tcp or udp";
			return -1;
		}
	}
	/* PORT is after the last ':' before the protocol; HOSTPORT after the one before. */
	last = NULL;
	for (const char *p = s; p < end; p++)
		if (*p == ':')
			last = p;
	if (!last) {
		*why = "want [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]";
		return -1;
	}
	if (parse_port(last + 1, (size_t)(end - last - 1), &out->port, why) < 0)
		return -1;
	mid = NULL;
	for (const char *p = s; p < last; p++)
		if (*p == ':' && (s[0] != '[' || memchr(s, ']', (size_t)(p - s))))
			mid = p;
	if (!mid)
		return parse_port(s, (size_t)(last - s), &out->host_port, why);
	if (parse_port(mid + 1, (size_t)(last - mid - 1), &out->host_port, why) < 0)
		return -1;
	return parse_host_ip(s, (size_t)(mid - s), &out->host_ip, why);
}

void publish_format(const struct publish *p, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN] = "";

	if (p->host_ip.family && !inet_ntop(p->host_ip.family, p->host_ip.addr, ip, sizeof(ip)))
		ip[0] = '\0';
	(void)snprintf(buf, len, "%s%s%s%s%u:%u/%s", p->host_ip.family == AF_INET6 ? "[" : "", ip,
		       p->host_ip.family == AF_INET6 ? "]" : "", p->host_ip.family ? ":" : "",
		       (unsigned)p->host_port, (unsigned)p->port, publish_proto_name(p->proto));
}
