/* cidr.c - pure prefix arithmetic and the subnet allocator (see cidr.h). */
#include "cidr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "parse.h"

size_t cidr_addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static unsigned max_prefix(int family)
{
	return (unsigned)cidr_addr_len(family) * 8;
}

int cidr_parse(const char *s, struct cidr *out, const char **why)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = s ? strchr(s, '/') : NULL;
	struct cidr c = { 0 };
	unsigned long prefix;
	size_t n;

	if (!s || !*s) {
		*why = "empty value";
		return -1;
	}
	if (!slash) {
		*why = "missing /PREFIX (e.g. 10.0.0.2/30)";
		return -1;
	}
	n = (size_t)(slash - s);
	if (n == 0 || n >= sizeof(addr)) {
		*why = "not an IPv4 or IPv6 address";
		return -1;
	}
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, c.addr) == 1) {
		c.family = AF_INET;
	} else if (inet_pton(AF_INET6, addr, c.addr) == 1) {
		c.family = AF_INET6;
	} else {
		*why = "not an IPv4 or IPv6 address";
		return -1;
	}
	if (parse_uint(slash + 1, 0, max_prefix(c.family), &prefix, why) < 0) {
		*why = c.family == AF_INET ? "prefix length must be 0 to 32"
					   : "prefix length must be 0 to 128";
		return -1;
	}
	c.prefix = (uint8_t)prefix;
	*out = c;
	return 0;
}

int cidr_parse_pool(const char *s, struct cidr *out, const char **why)
{
	struct cidr c, net;

	if (cidr_parse(s, &c, why) < 0)
		return -1;
	net = cidr_network(&c);
	if (memcmp(net.addr, c.addr, sizeof(c.addr)) != 0) {
		*why = "host bits are set (a pool is a network address, e.g. 10.11.0.0/16)";
		return -1;
	}
	if (c.prefix > (c.family == AF_INET ? CIDR_ALLOC_PREFIX4 : CIDR_ALLOC_PREFIX6)) {
		*why = c.family == AF_INET ? "a pool must be a /30 or larger"
					   : "a pool must be a /126 or larger";
		return -1;
	}
	*out = c;
	return 0;
}

void cidr_format_addr(const struct cidr *c, char *buf, size_t len)
{
	if (!inet_ntop(c->family, c->addr, buf, (socklen_t)len))
		(void)snprintf(buf, len, "?");
}

void cidr_format(const struct cidr *c, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	cidr_format_addr(c, a, sizeof(a));
	(void)snprintf(buf, len, "%s/%u", a, (unsigned)c->prefix);
}

struct cidr cidr_network(const struct cidr *c)
{
	struct cidr n = *c;
	size_t len = cidr_addr_len(c->family);

	for (size_t i = 0; i < len; i++) {
		unsigned bits = c->prefix > i * 8 ? c->prefix - (unsigned)(i * 8) : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff00u >> bits);
		n.addr[i] &= mask;
	}
	for (size_t i = len; i < sizeof(n.addr); i++)
		n.addr[i] = 0;
	return n;
}

bool cidr_contains(const struct cidr *net, const struct cidr *a)
{
	struct cidr x = *a, n;

	if (net->family != a->family)
		return false;
	x.prefix = net->prefix;
	x = cidr_network(&x);
	n = cidr_network(net);
	return memcmp(x.addr, n.addr, sizeof(x.addr)) == 0;
}

bool cidr_overlaps(const struct cidr *a, const struct cidr *b)
{
	/* Two prefixes overlap exactly when the shorter one contains the other. */
	return a->prefix <= b->prefix ? cidr_contains(a, b) : cidr_contains(b, a);
}

/* Add 2^(bits - prefix) to a big-endian address: step to the next block of that
 * size. Returns true when it wraps past the end of the address space. */
static bool add_block(uint8_t *addr, unsigned prefix)
{
	unsigned carry;
	size_t i;

	if (prefix == 0)
		return true;
	i = (prefix - 1) / 8;
	carry = 1u << (7 - (prefix - 1) % 8);
	for (;;) {
		unsigned sum = addr[i] + carry;
		addr[i] = (uint8_t)sum;
		carry = sum >> 8;
		if (!carry)
			return false;
		if (i == 0)
			return true;
		i--;
	}
}

int cidr_host(const struct cidr *a, uint64_t index, struct cidr *out)
{
	unsigned host_bits = max_prefix(a->family) - a->prefix;
	struct cidr c = cidr_network(a);
	size_t len = cidr_addr_len(a->family);
	unsigned carry = 0;

	if (len == 0 || (host_bits < 64 && index >> host_bits))
		return -1;
	for (size_t i = len; i-- > 0 && (index || carry); index >>= 8) {
		unsigned sum = c.addr[i] + (unsigned)(index & 0xff) + carry;
		c.addr[i] = (uint8_t)sum;
		carry = sum >> 8;
	}
	*out = c;
	return 0;
}

uint64_t cidr_blocks(const struct cidr *pool, unsigned prefix)
{
	unsigned max = max_prefix(pool->family);

	if (max == 0 || prefix > max || prefix < pool->prefix)
		return 0;
	return prefix - pool->prefix >= 64 ? UINT64_MAX : (uint64_t)1 << (prefix - pool->prefix);
}

int cidr_block(const struct cidr *pool, unsigned prefix, uint64_t index, struct cidr *out)
{
	unsigned max = max_prefix(pool->family);
	unsigned shift = max - prefix;
	struct cidr wide = cidr_network(pool);

	if (index >= cidr_blocks(pool, prefix) || shift >= 64 || (shift && index >> (64 - shift)))
		return -1;
	/* The pool's own prefix, so that cidr_host() accepts every offset inside it. */
	if (cidr_host(&wide, index << shift, out) < 0)
		return -1;
	out->prefix = (uint8_t)prefix;
	return 0;
}

static bool same_addr(const struct cidr *a, const struct cidr *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

int cidr_peer(const struct cidr *a, struct cidr *out, const char **why)
{
	unsigned max = max_prefix(a->family);
	struct cidr first;

	if (a->prefix >= max) {
		*why = a->family == AF_INET ? "a /32 leaves no room for the other end of the link"
					    : "a /128 leaves no room for the other end of the link";
		return -1;
	}
	if (a->prefix == max - 1) {
		/* RFC 3021: both addresses of a /31 (and /127) are hosts. */
		*out = *a;
		out->addr[cidr_addr_len(a->family) - 1] ^= 1;
		return 0;
	}
	if (cidr_host(a, 1, &first) < 0)
		return -1;
	if (same_addr(&first, a))
		return cidr_host(a, 2, out);
	*out = first;
	return 0;
}

/* IPv4 subnets of /30 and larger reserve their first (network) and last (broadcast) address. */
static bool reserved_v4(const struct cidr *a)
{
	struct cidr net, bcast;

	if (a->family != AF_INET || a->prefix >= 31)
		return false;
	net = cidr_network(a);
	bcast = net;
	for (unsigned bit = a->prefix; bit < 32; bit++)
		bcast.addr[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
	return same_addr(a, &net) || same_addr(a, &bcast);
}

int cidr_check_link(const struct cidr *sandbox, const struct cidr *host, const char **why)
{
	if (sandbox->family != host->family) {
		*why = "the two addresses are of different families";
		return -1;
	}
	if (same_addr(sandbox, host)) {
		*why = "the sandbox and the host end have the same address";
		return -1;
	}
	if (!cidr_contains(sandbox, host)) {
		*why = "the host end's address is outside the sandbox's subnet, so the default route cannot reach it";
		return -1;
	}
	if (reserved_v4(sandbox) || reserved_v4(host)) {
		*why = "the network or broadcast address of the subnet is not a host address";
		return -1;
	}
	return 0;
}

/* Order for the allocator: family, then network address, then the larger block first. */
static int cidr_cmp(const void *pa, const void *pb)
{
	const struct cidr *a = pa, *b = pb;
	struct cidr na, nb;
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	na = cidr_network(a);
	nb = cidr_network(b);
	c = memcmp(na.addr, nb.addr, sizeof(na.addr));
	if (c)
		return c;
	return (int)a->prefix - (int)b->prefix;
}

void cidr_sort(struct cidr *used, size_t n)
{
	if (n > 1)
		qsort(used, n, sizeof(*used), cidr_cmp);
}

/* The last address of c's block. */
static struct cidr block_end(const struct cidr *c)
{
	struct cidr e = cidr_network(c);

	for (unsigned bit = c->prefix; bit < max_prefix(c->family); bit++)
		e.addr[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
	return e;
}

static int addr_cmp(const struct cidr *a, const struct cidr *b)
{
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

int cidr_alloc_from(const struct cidr *pool, unsigned prefix, const struct cidr *sorted, size_t n,
		    size_t *pos, struct cidr *cand)
{
	size_t len = cidr_addr_len(pool->family);

	if (len == 0 || prefix > max_prefix(pool->family) || prefix < pool->prefix)
		return -1;
	if (cand->family != pool->family) {
		*cand = cidr_network(pool);
		cand->prefix = (uint8_t)prefix;
		*pos = 0;
	}
	/*
	 * One walk up the pool and the sorted list together. A used prefix that ends
	 * before the candidate can never meet a later one: step over it for good. One
	 * that starts after the candidate ends leaves the candidate free, and so does
	 * every later one (they start later still). Otherwise the candidate jumps to the
	 * first block after the used prefix's end. Both only move forward: O(n) per call.
	 */
	for (;;) {
		struct cidr end;

		if (!cidr_contains(pool, cand))
			return -1;
		end = block_end(cand);
		while (*pos < n) {
			const struct cidr *u = &sorted[*pos];
			struct cidr u_start, u_end;

			if (u->family != pool->family) {
				(*pos)++;
				continue;
			}
			u_end = block_end(u);
			if (addr_cmp(&u_end, cand) < 0) {
				(*pos)++;
				continue;
			}
			u_start = cidr_network(u);
			if (addr_cmp(&u_start, &end) > 0)
				return 0;
			break;
		}
		if (*pos == n)
			return 0;
		/* The block holding the used prefix's last address overlaps it: the next one. */
		end = block_end(&sorted[*pos]);
		end.prefix = (uint8_t)prefix;
		end = cidr_network(&end);
		if (add_block(end.addr, prefix))
			return -1;
		memcpy(cand->addr, end.addr, sizeof(cand->addr));
		(*pos)++;
	}
}

int cidr_next_block(struct cidr *c)
{
	struct cidr n = cidr_network(c);

	if (add_block(n.addr, c->prefix))
		return -1;
	memcpy(c->addr, n.addr, sizeof(c->addr));
	return 0;
}

int cidr_alloc(const struct cidr *pool, unsigned prefix, struct cidr *used, size_t n, struct cidr *out)
{
	struct cidr cand = { 0 };
	size_t pos = 0;

	cidr_sort(used, n);
	if (cidr_alloc_from(pool, prefix, used, n, &pos, &cand) < 0)
		return -1;
	*out = cand;
	return 0;
}
