/* cidr.h - pure IPv4/IPv6 prefix arithmetic: parsing, containment and the subnet
 * allocator. No I/O, no globals; unit-tested in tests/unit/test-cidr.c. */
#ifndef ISOLATE_CIDR_H
#define ISOLATE_CIDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An address with a prefix length; family 0 means "not set". */
struct cidr {
	uint8_t family;   /* AF_INET or AF_INET6 */
	uint8_t prefix;   /* 0..32 or 0..128 */
	uint8_t addr[16]; /* network byte order; IPv4 uses the first 4 bytes */
};

/* Large enough for "ffff:...:ffff/128". */
#define CIDR_STRLEN 56

/* The subnet size the allocator hands out: a /30 (IPv4) or /126 (IPv6) holds the
 * host end, the sandbox and, for IPv4, a network and a broadcast address. */
#define CIDR_ALLOC_PREFIX4 30
#define CIDR_ALLOC_PREFIX6 126

/* "ADDRESS/PREFIX", IPv4 dotted quad or IPv6; the prefix is required. Returns 0, or -1
 * with a short reason in *why (a static string). */
int cidr_parse(const char *s, struct cidr *out, const char **why);

/* A pool: like cidr_parse, but the host bits must be zero and the prefix must leave
 * room for at least one allocated subnet. */
int cidr_parse_pool(const char *s, struct cidr *out, const char **why);

/* "ADDRESS/PREFIX" and "ADDRESS" into buf (CIDR_STRLEN bytes are always enough). */
void cidr_format(const struct cidr *c, char *buf, size_t len);
void cidr_format_addr(const struct cidr *c, char *buf, size_t len);

/* Bytes of address for the family: 4, 16, or 0 for an unknown family. */
size_t cidr_addr_len(int family);

/* c with its host bits cleared. */
struct cidr cidr_network(const struct cidr *c);

/* Whether the subnet net (its prefix) contains the address of a (same family only). */
bool cidr_contains(const struct cidr *net, const struct cidr *a);

/* Whether the two prefixes share any address (same family only). */
bool cidr_overlaps(const struct cidr *a, const struct cidr *b);

/* The address `index` inside a's subnet, with a's prefix length; -1 if out of it. */
int cidr_host(const struct cidr *a, uint64_t index, struct cidr *out);

/*
 * The other end of a point-to-point link: given one end's address and prefix, the
 * first host address of the subnet that is not a (the second if a is the first;
 * for a /31 or /127 the other address of the pair). -1 with *why for a /32 or /128,
 * which has room for only one address.
 */
int cidr_peer(const struct cidr *a, struct cidr *out, const char **why);

/*
 * Check that the sandbox address and the host end's address can form one link: same
 * family, different addresses, the host end inside the sandbox's subnet (the default
 * route goes through it), neither the IPv4 network nor broadcast address.
 */
int cidr_check_link(const struct cidr *sandbox, const struct cidr *host, const char **why);

/*
 * The first subnet of length `prefix` inside pool that overlaps none of used[0..n).
 * Returns 0 with *out set to its network address, or -1 when the pool is exhausted.
 * Entries of used[] in another family are ignored. Sorts used[] in place: O(n log n).
 */
int cidr_alloc(const struct cidr *pool, unsigned prefix, struct cidr *used, size_t n,
	       struct cidr *out);

/* Sort prefixes for cidr_alloc_from: by family, network address, then size. */
void cidr_sort(struct cidr *used, size_t n);

/*
 * The allocator as an iterator over a sorted list, for callers that may find a free
 * subnet taken after all (claimed by another process, say): from *cand (family 0: the
 * pool's start; *pos is then reset), the first subnet that overlaps none of sorted[].
 * To go on past a subnet, step *cand to the next block (cidr_next_block) and call again
 * with the same *pos. Each call is O(n), all calls of one walk together O(n) too.
 */
int cidr_alloc_from(const struct cidr *pool, unsigned prefix, const struct cidr *sorted, size_t n,
		    size_t *pos, struct cidr *cand);

/* How many blocks of length prefix pool holds: 0 if prefix is shorter than pool's,
 * UINT64_MAX if the count does not fit. */
uint64_t cidr_blocks(const struct cidr *pool, unsigned prefix);

/* The index-th block of length prefix inside pool (its network address, with that
 * prefix); -1 if index is past the pool's end or the offset does not fit 64 bits. */
int cidr_block(const struct cidr *pool, unsigned prefix, uint64_t index, struct cidr *out);

/* The next block of c's size after c; -1 past the end of the address space. */
int cidr_next_block(struct cidr *c);

#endif
