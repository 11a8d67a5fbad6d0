/* test-cidr.c - unit tests of the CIDR parser, the link checks and the subnet allocator (TAP). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cidr.h"
#include "parse.h"
#include "tap.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Parse s, which must be valid, for use as a fixture. */
static struct cidr C(const char *s)
{
	struct cidr c = { 0 };
	const char *why = NULL;

	if (cidr_parse(s, &c, &why) < 0)
		printf("# fixture '%s' does not parse: %s\n", s, why);
	return c;
}

static bool is(const struct cidr *c, const char *text)
{
	char buf[CIDR_STRLEN];

	cidr_format(c, buf, sizeof(buf));
	if (strcmp(buf, text) != 0) {
		printf("# got %s, expected %s\n", buf, text);
		return false;
	}
	return true;
}

static void test_parse(void)
{
	struct cidr c = { 0 };
	const char *why = NULL;

	ok(cidr_parse("10.0.0.2/30", &c, &why) == 0 && c.family == AF_INET && c.prefix == 30 &&
	   c.addr[0] == 10 && c.addr[3] == 2, "parse: IPv4 with prefix");
	ok(cidr_parse("0.0.0.0/0", &c, &why) == 0 && c.prefix == 0, "parse: /0");
	ok(cidr_parse("255.255.255.255/32", &c, &why) == 0 && c.prefix == 32, "parse: /32");
	ok(cidr_parse("fd00::1/64", &c, &why) == 0 && c.family == AF_INET6 && c.prefix == 64 &&
	   c.addr[0] == 0xfd && c.addr[15] == 1, "parse: IPv6");
	ok(cidr_parse("::/128", &c, &why) == 0 && c.prefix == 128, "parse: IPv6 /128");
	ok(cidr_parse("::ffff:10.0.0.1/120", &c, &why) == 0 && c.family == AF_INET6, "parse: IPv4-mapped IPv6");
	ok(cidr_parse("10.0.0.2", &c, &why) < 0 && strstr(why, "missing /PREFIX"), "parse: no prefix");
	ok(cidr_parse("10.0.0.2/33", &c, &why) < 0 && strstr(why, "0 to 32"), "parse: IPv4 prefix 33");
	ok(cidr_parse("fd00::1/129", &c, &why) < 0 && strstr(why, "0 to 128"), "parse: IPv6 prefix 129");
	ok(cidr_parse("10.0.0.2/-1", &c, &why) < 0, "parse: negative prefix");
	ok(cidr_parse("10.0.0.2/", &c, &why) < 0, "parse: empty prefix");
	ok(cidr_parse("10.0.0.2/3x", &c, &why) < 0, "parse: junk in prefix");
	ok(cidr_parse("10.0.0.2/ 3", &c, &why) < 0, "parse: space in prefix");
	ok(cidr_parse("10.0.0.256/24", &c, &why) < 0 && strstr(why, "not an IPv4 or IPv6"), "parse: octet 256");
	ok(cidr_parse("10.0.0/24", &c, &why) < 0, "parse: three octets");
	ok(cidr_parse("10.0.0.1.5/24", &c, &why) < 0, "parse: five octets");
	ok(cidr_parse("/24", &c, &why) < 0, "parse: no address");
	ok(cidr_parse("", &c, &why) < 0 && strcmp(why, "empty value") == 0, "parse: empty");
	ok(cidr_parse(NULL, &c, &why) < 0, "parse: NULL");
	ok(cidr_parse("fd00:::1/64", &c, &why) < 0, "parse: bad IPv6");
	ok(cidr_parse("host.example/24", &c, &why) < 0, "parse: a name is not an address");
	ok(cidr_parse("10.0.0.1/24/24", &c, &why) < 0, "parse: two slashes");
	ok(cidr_parse("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/1", &c, &why) < 0,
	   "parse: overlong address");
}

static void test_pool(void)
{
	struct cidr c = { 0 };
	const char *why = NULL;

	ok(cidr_parse_pool("10.11.0.0/16", &c, &why) == 0 && c.prefix == 16, "pool: /16");
	ok(cidr_parse_pool("10.11.0.4/30", &c, &why) == 0, "pool: a single /30");
	ok(cidr_parse_pool("10.11.0.1/16", &c, &why) < 0 && strstr(why, "host bits"), "pool: host bits set");
	ok(cidr_parse_pool("10.11.0.0/31", &c, &why) < 0 && strstr(why, "/30 or larger"), "pool: /31 too small");
	ok(cidr_parse_pool("fd00:11::/64", &c, &why) == 0 && c.family == AF_INET6, "pool: IPv6");
	ok(cidr_parse_pool("fd00::/127", &c, &why) < 0 && strstr(why, "/126"), "pool: IPv6 /127 too small");
	ok(cidr_parse_pool("nonsense", &c, &why) < 0, "pool: not a CIDR");
}

static void test_arith(void)
{
	struct cidr a = C("10.1.2.3/24"), b, n;
	const char *why = NULL;

	n = cidr_network(&a);
	ok(is(&n, "10.1.2.0/24"), "network of 10.1.2.3/24");
	a = C("10.1.2.3/0");
	n = cidr_network(&a);
	ok(is(&n, "0.0.0.0/0"), "network of a /0");
	a = C("fd00::1:2:3/100");
	n = cidr_network(&a);
	ok(is(&n, "fd00::1:0:0/100"), "network of an IPv6 /100");

	a = C("10.0.0.0/8");
	b = C("10.200.0.1/32");
	ok(cidr_contains(&a, &b), "10/8 contains 10.200.0.1");
	b = C("11.0.0.1/32");
	ok(!cidr_contains(&a, &b), "10/8 does not contain 11.0.0.1");
	b = C("::a00:1/128");
	ok(!cidr_contains(&a, &b), "families differ: not contained");

	a = C("10.0.0.0/30");
	b = C("10.0.0.4/30");
	ok(!cidr_overlaps(&a, &b) && !cidr_overlaps(&b, &a), "adjacent /30s do not overlap");
	b = C("10.0.0.0/16");
	ok(cidr_overlaps(&a, &b) && cidr_overlaps(&b, &a), "a /30 and its /16 overlap both ways");
	b = C("10.0.0.3/32");
	ok(cidr_overlaps(&a, &b), "a /30 and its broadcast /32 overlap");

	a = C("10.0.0.0/30");
	ok(cidr_host(&a, 1, &b) == 0 && is(&b, "10.0.0.1/30"), "host 1 of a /30");
	ok(cidr_host(&a, 3, &b) == 0 && is(&b, "10.0.0.3/30"), "host 3 of a /30");
	ok(cidr_host(&a, 4, &b) < 0, "host 4 is outside a /30");
	a = C("10.0.0.0/16");
	ok(cidr_host(&a, 258, &b) == 0 && is(&b, "10.0.1.2/16"), "host 258 carries into the next byte");
	a = C("10.0.0.255/23");
	ok(cidr_host(&a, 256, &b) == 0 && is(&b, "10.0.1.0/23"), "host index counts from the network");
	a = C("fd00::/64");
	ok(cidr_host(&a, 0x10001, &b) == 0 && is(&b, "fd00::1:1/64"), "IPv6 host index");

	a = C("10.0.0.2/30");
	ok(cidr_peer(&a, &b, &why) == 0 && is(&b, "10.0.0.1/30"), "peer of .2/30 is .1");
	a = C("10.0.0.1/30");
	ok(cidr_peer(&a, &b, &why) == 0 && is(&b, "10.0.0.2/30"), "peer of .1/30 is .2");
	a = C("10.0.0.9/24");
	ok(cidr_peer(&a, &b, &why) == 0 && is(&b, "10.0.0.1/24"), "peer of .9/24 is .1");
	a = C("10.0.0.4/31");
	ok(cidr_peer(&a, &b, &why) == 0 && is(&b, "10.0.0.5/31"), "peer in a /31 is the other address");
	a = C("10.0.0.5/31");
	ok(cidr_peer(&a, &b, &why) == 0 && is(&b, "10.0.0.4/31"), "peer in a /31, the other way");
	a = C("10.0.0.5/32");
	ok(cidr_peer(&a, &b, &why) < 0 && strstr(why, "/32"), "no peer in a /32");
	a = C("fd00::2/64");
	ok(cidr_peer(&a, &b, &why) == 0 && is(&b, "fd00::1/64"), "IPv6 peer");
	a = C("fd00::1/127");
	ok(cidr_peer(&a, &b, &why) == 0 && is(&b, "fd00::/127"), "IPv6 /127 peer");
	a = C("fd00::1/128");
	ok(cidr_peer(&a, &b, &why) < 0, "no peer in a /128");
}

static void test_link(void)
{
	struct cidr s = C("10.0.0.2/30"), h = C("10.0.0.1/30");
	const char *why = NULL;

	ok(cidr_check_link(&s, &h, &why) == 0, "link: .2 and .1 in a /30");
	h = C("10.0.0.1/24");
	ok(cidr_check_link(&s, &h, &why) == 0, "link: host prefix may differ if inside");
	h = C("10.0.0.2/30");
	ok(cidr_check_link(&s, &h, &why) < 0 && strstr(why, "same address"), "link: same address");
	h = C("10.0.1.1/30");
	ok(cidr_check_link(&s, &h, &why) < 0 && strstr(why, "outside"), "link: host outside the subnet");
	h = C("fd00::1/64");
	ok(cidr_check_link(&s, &h, &why) < 0 && strstr(why, "families"), "link: mixed families");
	h = C("10.0.0.3/30");
	ok(cidr_check_link(&s, &h, &why) < 0 && strstr(why, "broadcast"), "link: broadcast refused");
	s = C("10.0.0.0/30");
	h = C("10.0.0.1/30");
	ok(cidr_check_link(&s, &h, &why) < 0 && strstr(why, "network"), "link: network address refused");
	s = C("10.0.0.0/31");
	ok(cidr_check_link(&s, &h, &why) == 0, "link: both addresses of a /31 are hosts");
	s = C("fd00::2/64");
	h = C("fd00::1/64");
	ok(cidr_check_link(&s, &h, &why) == 0, "link: IPv6");
}

static void test_alloc(void)
{
	struct cidr pool = C("10.11.0.0/16"), got, used[4];
	struct cidr ipv6pool = C("fd00:11::/120");

	ok(cidr_alloc(&pool, 30, NULL, 0, &got) == 0 && is(&got, "10.11.0.0/30"), "alloc: empty host gets the first /30");
	used[0] = C("10.11.0.1/30");
	ok(cidr_alloc(&pool, 30, used, 1, &got) == 0 && is(&got, "10.11.0.4/30"), "alloc: skips a used /30");
	used[0] = C("10.11.0.0/24");
	ok(cidr_alloc(&pool, 30, used, 1, &got) == 0 && is(&got, "10.11.1.0/30"), "alloc: jumps over a used /24");
	used[0] = C("10.11.0.6/32");
	ok(cidr_alloc(&pool, 30, used, 1, &got) == 0 && is(&got, "10.11.0.0/30"), "alloc: a /32 elsewhere is no obstacle");
	used[0] = C("10.11.0.2/32");
	used[1] = C("10.11.0.4/30");
	used[2] = C("10.11.0.9/29");
	ok(cidr_alloc(&pool, 30, used, 3, &got) == 0 && is(&got, "10.11.0.16/30"), "alloc: several in a row, in any order");
	used[0] = C("10.0.0.0/8");
	ok(cidr_alloc(&pool, 30, used, 1, &got) < 0, "alloc: a covering prefix exhausts the pool");
	used[0] = C("0.0.0.0/0");
	ok(cidr_alloc(&pool, 30, used, 1, &got) < 0, "alloc: a /0 in the list exhausts the pool (callers drop default routes)");
	used[0] = C("10.11.255.252/30");
	pool = C("10.11.255.248/29");
	used[1] = C("10.11.255.249/30");
	ok(cidr_alloc(&pool, 30, used, 2, &got) < 0, "alloc: every subnet of a small pool used");
	pool = C("255.255.255.252/30");
	used[0] = C("255.255.255.253/30");
	ok(cidr_alloc(&pool, 30, used, 1, &got) < 0, "alloc: the top of the address space does not wrap");
	used[0] = C("255.0.0.0/8");
	ok(cidr_alloc(&pool, 30, used, 1, &got) < 0, "alloc: a large used block at the top does not wrap");
	pool = C("10.11.0.0/16");
	used[0] = C("fd00::/8");
	ok(cidr_alloc(&pool, 30, used, 1, &got) == 0 && is(&got, "10.11.0.0/30"), "alloc: other families are ignored");
	ok(cidr_alloc(&pool, 15, NULL, 0, &got) < 0, "alloc: a subnet larger than the pool");

	ok(cidr_alloc(&ipv6pool, 126, NULL, 0, &got) == 0 && is(&got, "fd00:11::/126"), "alloc: IPv6 first /126");
	used[0] = C("fd00:11::1/126");
	used[1] = C("fd00:11::4/126");
	ok(cidr_alloc(&ipv6pool, 126, used, 2, &got) == 0 && is(&got, "fd00:11::8/126"), "alloc: IPv6 skips used /126s");

	/* Many sandboxes one after another: each sees the host ends of those before it. */
	{
		struct cidr taken[64];
		size_t n = 0;
		bool distinct = true;

		pool = C("10.11.0.0/16");
		for (; n < 64; n++) {
			struct cidr host;
			if (cidr_alloc(&pool, 30, taken, n, &got) < 0 || cidr_host(&got, 1, &host) < 0) {
				distinct = false;
				break;
			}
			for (size_t i = 0; i < n; i++)
				if (cidr_overlaps(&got, &taken[i]))
					distinct = false;
			taken[n] = host;
		}
		ok(distinct && n == 64 && is(&got, "10.11.0.252/30"), "alloc: 64 in a row are distinct and packed");
	}
}


/* The reference: the first /prefix of pool that overlaps nothing, by brute force. */
static int alloc_reference(const struct cidr *pool, unsigned prefix, const struct cidr *used, size_t n,
			   struct cidr *out)
{
	struct cidr cand = cidr_network(pool);

	cand.prefix = (uint8_t)prefix;
	while (cidr_contains(pool, &cand)) {
		size_t i = 0;
		while (i < n && !(used[i].family == pool->family && cidr_overlaps(&cand, &used[i])))
			i++;
		if (i == n) {
			*out = cand;
			return 0;
		}
		if (cidr_next_block(&cand) < 0)
			return -1;
	}
	return -1;
}

/* A small deterministic generator: the tests must fail the same way every time. */
static uint32_t rnd(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

static void test_alloc_table(void)
{
	static const struct {
		const char *pool;
		unsigned prefix;
		const char *used[6];
		const char *want; /* NULL: exhausted */
	} rows[] = {
		{ "10.11.0.0/16", 30, { "10.11.0.0/16" }, NULL },
		{ "10.11.0.0/16", 30, { "10.11.0.4/30", "10.11.0.0/30" }, "10.11.0.8/30" },
		{ "10.11.0.0/16", 30, { "10.11.0.0/30", "10.11.0.0/24", "10.11.0.1/32" }, "10.11.1.0/30" },
		{ "10.11.0.0/16", 30, { "10.11.0.0/23", "10.11.1.200/30" }, "10.11.2.0/30" },
		{ "10.11.0.0/16", 30, { "10.11.0.8/29", "10.11.0.2/31" }, "10.11.0.4/30" },
		{ "10.11.0.0/16", 30, { "10.10.0.0/16", "10.12.0.0/16" }, "10.11.0.0/30" },
		{ "10.11.0.0/16", 29, { "10.11.0.5/32" }, "10.11.0.8/29" },
		{ "10.11.0.0/30", 30, { "10.11.0.3/32" }, NULL },
		{ "fd00:11::/120", 126, { "fd00:11::/125", "fd00:11::9/128" }, "fd00:11::c/126" },
	};

	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		struct cidr pool = C(rows[r].pool), used[6], got;
		size_t n = 0;
		int rc;

		while (n < 6 && rows[r].used[n]) {
			used[n] = C(rows[r].used[n]);
			n++;
		}
		rc = cidr_alloc(&pool, rows[r].prefix, used, n, &got);
		ok(rows[r].want ? rc == 0 && is(&got, rows[r].want) : rc < 0, "alloc table %zu: %s /%u -> %s", r,
		   rows[r].pool, rows[r].prefix, rows[r].want ? rows[r].want : "exhausted");
	}
}

/* Random host tables against the brute-force reference. */
static void test_alloc_random(void)
{
	static struct cidr used[300], copy[300];
	uint32_t seed = 12345;
	unsigned bad = 0, runs = 400;

	for (unsigned run = 0; run < runs; run++) {
		struct cidr pool = C("10.11.0.0/22"), a, b;
		size_t n = rnd(&seed) % 300;
		unsigned prefix = 28 + rnd(&seed) % 3;

		for (size_t i = 0; i < n; i++) {
			struct cidr *u = &used[i];
			uint32_t x = rnd(&seed);
			*u = (struct cidr){ .family = AF_INET, .prefix = (uint8_t)(20 + x % 13) };
			u->addr[0] = 10;
			u->addr[1] = (x >> 8) % 8 == 0 ? 12 : 11; /* some outside the pool */
			u->addr[2] = (uint8_t)((x >> 11) % 4);
			u->addr[3] = (uint8_t)(x >> 13);
			copy[i] = *u;
		}
		int want = alloc_reference(&pool, prefix, used, n, &a);
		int got = cidr_alloc(&pool, prefix, copy, n, &b);
		if (want != got || (want == 0 && memcmp(&a, &b, sizeof(a)) != 0))
			bad++;
	}
	ok(bad == 0, "alloc: %u random host tables agree with the brute-force reference (%u differ)", runs, bad);
}

/* Callers skip subnets claimed by others: the iterator goes on from where it stood. */
static void test_alloc_iterator(void)
{
	struct cidr pool = C("10.11.0.0/16"), used[3] = { C("10.11.0.1/30"), C("10.11.0.9/30"), C("10.11.0.17/30") };
	struct cidr cand = { 0 };
	char seen[4][CIDR_STRLEN];
	size_t pos = 0;
	int k = 0;

	cidr_sort(used, 3);
	for (; k < 4; k++) {
		if (cidr_alloc_from(&pool, 30, used, 3, &pos, &cand) < 0)
			break;
		cidr_format(&cand, seen[k], sizeof(seen[k]));
		if (cidr_next_block(&cand) < 0)
			break;
	}
	ok(k == 4 && !strcmp(seen[0], "10.11.0.4/30") && !strcmp(seen[1], "10.11.0.12/30") &&
		   !strcmp(seen[2], "10.11.0.20/30") && !strcmp(seen[3], "10.11.0.24/30"),
	   "alloc: the iterator yields each free subnet in turn");
}

static void test_block(void)
{
	static const struct {
		const char *pool;
		unsigned prefix;
		uint64_t index;
		const char *want; /* NULL: refused */
	} rows[] = {
		{ "10.11.0.0/16", 30, 0, "10.11.0.0/30" },
		{ "10.11.0.0/16", 30, 1, "10.11.0.4/30" },
		{ "10.11.0.0/16", 30, 300, "10.11.4.176/30" },
		{ "10.11.0.0/16", 30, 16383, "10.11.255.252/30" },
		{ "10.11.0.0/16", 30, 16384, NULL },
		{ "10.11.0.0/16", 30, UINT64_MAX, NULL },
		{ "10.11.0.0/30", 30, 0, "10.11.0.0/30" },
		{ "10.11.0.0/30", 30, 1, NULL },
		{ "10.11.0.0/24", 16, 0, NULL },
		{ "0.0.0.0/0", 30, 1073741823, "255.255.255.252/30" },
		{ "fd00::/64", 126, 1, "fd00::4/126" },
		{ "fd00::/64", 126, 0x123456789, "fd00::4:8d15:9e24/126" },
		{ "fd00::/120", 126, 63, "fd00::fc/126" },
		{ "fd00::/120", 126, 64, NULL },
		{ "::/0", 126, 0x3fffffffffffffffULL, "::ffff:ffff:ffff:fffc/126" },
		{ "::/0", 126, 0x4000000000000000ULL, NULL }, /* an offset past 64 bits */
	};

	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		struct cidr pool = C(rows[i].pool), out = { 0 };
		int r = cidr_block(&pool, rows[i].prefix, rows[i].index, &out);

		if (rows[i].want)
			ok(r == 0 && is(&out, rows[i].want), "block %llu of /%u in %s is %s",
			   (unsigned long long)rows[i].index, rows[i].prefix, rows[i].pool, rows[i].want);
		else
			ok(r < 0, "block %llu of /%u in %s is refused", (unsigned long long)rows[i].index,
			   rows[i].prefix, rows[i].pool);
	}
	ok(cidr_blocks(&(struct cidr){ .family = AF_INET, .prefix = 16 }, 30) == 16384, "a /16 holds 16384 /30s");
	ok(cidr_blocks(&(struct cidr){ .family = AF_INET6, .prefix = 0 }, 126) == UINT64_MAX,
	   "::/0's count of /126s saturates");
	ok(cidr_blocks(&(struct cidr){ .family = AF_INET, .prefix = 24 }, 16) == 0, "a shorter prefix has no blocks");
}

/* 100000 used prefixes (sorted once, walked once) finish at once; the old allocator
 * took seconds. A ceiling of work, not of time: the walk must not revisit. */
static void test_alloc_many(void)
{
	enum { N = 100000 };
	struct cidr *used = calloc(N, sizeof(*used)), pool = C("10.0.0.0/8"), got;
	uint32_t seed = 7;

	if (!used) {
		ok(0, "alloc: memory for the large case");
		return;
	}
	for (size_t i = 0; i < N; i++) {
		/* the first N /30s, shuffled by a random swap below */
		used[i] = (struct cidr){ .family = AF_INET, .prefix = 32 };
		uint32_t a = (uint32_t)(10u << 24) + (uint32_t)i * 4 + 1;
		used[i].addr[0] = (uint8_t)(a >> 24);
		used[i].addr[1] = (uint8_t)(a >> 16);
		used[i].addr[2] = (uint8_t)(a >> 8);
		used[i].addr[3] = (uint8_t)a;
	}
	for (size_t i = N - 1; i > 0; i--) {
		size_t j = rnd(&seed) % (i + 1);
		struct cidr t = used[i];
		used[i] = used[j];
		used[j] = t;
	}
	ok(cidr_alloc(&pool, 30, used, N, &got) == 0 && is(&got, "10.6.26.128/30"),
	   "alloc: 100000 used /30s, shuffled: the next one after them");
	free(used);
}

static void test_ifname(void)
{
	const char *why = NULL;

	ok(check_ifname("eth0", &why) == 0, "ifname: eth0");
	ok(check_ifname("abcdefghijklmno", &why) == 0, "ifname: 15 bytes");
	ok(check_ifname("abcdefghijklmnop", &why) < 0 && strstr(why, "IFNAMSIZ"), "ifname: 16 bytes");
	ok(check_ifname("", &why) < 0, "ifname: empty");
	ok(check_ifname("a/b", &why) < 0, "ifname: slash");
	ok(check_ifname("a b", &why) < 0, "ifname: space");
	ok(check_ifname("a\tb", &why) < 0, "ifname: tab");
	ok(check_ifname("a:b", &why) < 0, "ifname: colon");
	ok(check_ifname("..", &why) < 0, "ifname: ..");
	ok(check_ifname("h%d", &why) < 0 && strstr(why, "template"), "ifname: a kernel name template");
}

static void test_net_mode(void)
{
	enum net_mode m = NET_DEFAULT;
	const char *why = NULL;

	ok(parse_net_mode("veth", &m, &why) == 0 && m == NET_VETH, "mode: veth");
	ok(parse_net_mode("none", &m, &why) == 0 && m == NET_NONE, "mode: none");
	ok(parse_net_mode("host", &m, &why) == 0 && m == NET_HOST, "mode: host");
	ok(parse_net_mode("pasta", &m, &why) == 0 && m == NET_PASTA, "mode: pasta");
	ok(parse_net_mode("bridge", &m, &why) < 0 && strstr(why, "veth, pasta, none or host"), "mode: unknown");
	ok(parse_net_mode("pasta ", &m, &why) < 0, "mode: trailing space");
	ok(parse_net_mode("", &m, &why) < 0, "mode: empty");
	ok(parse_net_mode("VETH", &m, &why) < 0, "mode: case matters");
}

int main(void)
{
	test_parse();
	test_pool();
	test_arith();
	test_link();
	test_alloc();
	test_alloc_table();
	test_alloc_random();
	test_alloc_iterator();
	test_block();
	test_alloc_many();
	test_ifname();
	test_net_mode();
	return tap_done();
}
