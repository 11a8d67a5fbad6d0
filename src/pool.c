/* pool.c - the subnet pool of --net=veth: the per-network-namespace allocation lock,
 * the scan of the host's addresses and routes, and the check of explicit addresses. */
#include "pool.h"

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "netlink.h"

/* Prefixes in use on the host that overlap the range of interest. */
struct used_prefixes {
	const struct cidr *range;
	struct cidr *list;
	size_t n, cap;
	bool no_memory;
};

static void cleanup_used(struct used_prefixes *u)
{
	free(u->list);
}

static void add_used(const struct cidr *prefix, void *data)
{
	struct used_prefixes *u = data;

	/* A default route (0/0) reaches every subnet but occupies none of them. */
	if (prefix->prefix == 0 || !cidr_overlaps(prefix, u->range) || u->no_memory)
		return;
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 32;
		struct cidr *list = realloc(u->list, cap * sizeof(*list));
		if (!list) {
			u->no_memory = true;
			return;
		}
		u->list = list;
		u->cap = cap;
	}
	u->list[u->n++] = *prefix;
}

/*
 * Whoever holds the lock: isolate runs as root of the user namespace it allocates in
 * (host root, or root of an `unshare -r` namespace) or as the caller's own uid. Anyone
 * else can bind an abstract name too, but must not be able to stall every isolate of
 * the network namespace: fail at once, naming the process.
 */
static int check_holder(int fd, struct error *err)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return error_set(err, errno, "the subnet lock @%s: SO_PEERCRED", POOL_LOCK_NAME);
	if (cred.uid == 0 || cred.uid == geteuid())
		return 0;
	return error_set(err, 0, "the subnet lock @%s is held by pid %d, uid %u, which is not isolate's user",
			 POOL_LOCK_NAME, (int)cred.pid, (unsigned)cred.uid),
	       error_hint(err, "give --address to choose the subnet yourself");
}

/*
 * Wait until the holder closes its socket: a connection it never accepts is reset
 * when it does (also when it is killed), which wakes poll() with POLLHUP. Returns 0
 * to try the bind again, or -1.
 */
static int wait_holder(const struct sockaddr_un *a, socklen_t alen, struct error *err)
{
	_cleanup_fd_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct pollfd p = { .events = POLLIN | POLLRDHUP };

	if (fd < 0)
		return error_set(err, errno, "the subnet lock @%s: socket", POOL_LOCK_NAME);
	if (connect(fd, (const struct sockaddr *)a, alen) < 0) {
		/* Bound but not listening yet, just released, or its queue is full: soon again. */
		if (errno == ECONNREFUSED || errno == EAGAIN || errno == EINTR) {
			sleep_ms(1);
			return 0;
		}
		return error_set(err, errno, "the subnet lock @%s: connect", POOL_LOCK_NAME);
	}
	if (check_holder(fd, err) < 0)
		return -1;
	p.fd = fd;
	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			return error_set(err, errno, "the subnet lock @%s: poll", POOL_LOCK_NAME);
	return 0;
}

/* An abstract name: a leading NUL, then the bytes, no terminator. */
static socklen_t abstract_addr(const char *name, struct sockaddr_un *a)
{
	size_t len = strlen(name);

	if (len > sizeof(a->sun_path) - 1)
		len = sizeof(a->sun_path) - 1; /* never: our names are short */

	*a = (struct sockaddr_un){ .sun_family = AF_UNIX };
	memcpy(a->sun_path + 1, name, len);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
}

/* Bind the abstract name: the bound fd; -1 with errno EADDRINUSE if it is taken. */
static int bind_abstract(const struct sockaddr_un *a, socklen_t alen)
{
	_cleanup_fd_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (const struct sockaddr *)a, alen) < 0)
		return -1;
	return steal_fd(&fd);
}

/* Bind the lock's name, or wait for its holder; returns the held fd, or -1. */
static int take_lock(struct error *err)
{
	struct sockaddr_un a;
	socklen_t alen = abstract_addr(POOL_LOCK_NAME, &a);

	for (;;) {
		_cleanup_fd_ int fd = bind_abstract(&a, alen);

		if (fd >= 0) {
			if (listen(fd, SOMAXCONN) < 0)
				return error_set(err, errno, "the subnet lock @%s: listen", POOL_LOCK_NAME);
			return steal_fd(&fd);
		}
		if (errno != EADDRINUSE)
			return error_set(err, errno, "the subnet lock @%s: bind", POOL_LOCK_NAME);
		if (wait_holder(&a, alen, err) < 0)
			return -1;
	}
}

int pool_claim(const struct cidr *subnet, struct error *err)
{
	char name[sizeof(POOL_CLAIM_PREFIX) + CIDR_STRLEN], text[CIDR_STRLEN];
	struct cidr net = cidr_network(subnet);
	struct sockaddr_un a;
	socklen_t alen;
	int claim;

	cidr_format(&net, text, sizeof(text));
	(void)snprintf(name, sizeof(name), POOL_CLAIM_PREFIX "%s", text);
	alen = abstract_addr(name, &a);
	claim = bind_abstract(&a, alen);
	if (claim < 0 && errno == EADDRINUSE)
		return -2;
	if (claim < 0)
		return error_set(err, errno, "claim the subnet %s: bind @%s", text, name);
	return claim;
}

int pool_lock(struct error *err)
{
	static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	sigset_t stop, saved;
	int fd, e;

	/*
	 * Another isolate may hold the lock for a while (one stopped with Ctrl-Z, say).
	 * The forwarded signals are blocked for the signalfd, which would make this wait
	 * deaf to Ctrl-C and kill; let the terminating ones act meanwhile. Nothing needs
	 * cleaning up yet: the host end comes after the lock, and the child dies with us
	 * by its parent-death signal.
	 */
	(void)sigemptyset(&stop);
	for (unsigned i = 0; i < ARRAY_SIZE(stop_signals); i++)
		(void)sigaddset(&stop, stop_signals[i]);
	if (sigprocmask(SIG_UNBLOCK, &stop, &saved) < 0)
		return error_set(err, errno, "unblock signals");
	fd = take_lock(err);
	e = errno;
	if (sigprocmask(SIG_SETMASK, &saved, NULL) < 0) {
		if (fd >= 0)
			(void)close(fd);
		return error_set(err, errno, "block signals");
	}
	errno = e;
	return fd;
}

/* Dump the host's addresses (routes false) or routes of the family into used. */
static int scan(struct nl *nl, int family, bool routes, struct used_prefixes *used, struct error *err)
{
	size_t keep = used->n;
	int r, tries = 0;

	/* A dump the kernel flags as interrupted may have missed entries: do it again. */
	while ((r = nl_dump_prefixes(nl, family, routes, add_used, used, err)) == 1 && ++tries < 3)
		used->n = keep;
	if (r < 0)
		return -1;
	if (used->no_memory)
		return error_set(err, ENOMEM, "netlink: %s dump", routes ? "RTM_GETROUTE" : "RTM_GETADDR");
	return 0;
}

/*
 * Walk the free subnets of the sorted list and claim the first nobody else has: one
 * that another isolate took after our scan shows as a claim we cannot bind.
 */
static int claim_first_free(const struct cidr *pool, unsigned prefix, const struct used_prefixes *used,
			    struct cidr *subnet, unsigned *skipped, struct error *err)
{
	size_t pos = 0;

	*subnet = (struct cidr){ 0 };
	for (;;) {
		int fd;

		if (cidr_alloc_from(pool, prefix, used->list, used->n, &pos, subnet) < 0)
			return -2;
		fd = pool_claim(subnet, err);
		if (fd != -2)
			return fd;
		(*skipped)++;
		if (cidr_next_block(subnet) < 0)
			return -2;
	}
}

/*
 * The fast path: claim a candidate, then ask the kernel's route lookup about its
 * addresses only. No dump, so a start costs the same with 1000 live sandboxes as with
 * none (the dumps of their addresses and routes took ~9 ms at 1000; bench/README.md).
 * The first PROBE_IN_ORDER subnets go in order, so that the first sandboxes get the
 * predictable addresses the docs show (10.11.0.2, then 10.11.0.6); then random ones:
 * with 1000 of the default pool's 16384 /30s live, one is free 94% of the time.
 * What it cannot see, the scan below does: an address on a link that is down (it has
 * its local route only) whose prefix would cover the candidate without holding one of
 * its addresses. Returns the claim, -2 when no candidate was free, -1 with err.
 */
#define PROBE_IN_ORDER 8
#define PROBE_RANDOM 24

struct probe_stats {
	unsigned claimed, routed;
};

/* xorshift64*: spreads the random probes; nothing depends on its quality. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545F4914F6CDD1DULL;
}

static int probe_free(struct nl *nl, const struct cidr *pool, unsigned prefix, struct cidr *subnet,
		      struct probe_stats *st, struct error *err)
{
	uint64_t blocks = cidr_blocks(pool, prefix), state;
	struct timespec now = { 0 };

	(void)clock_gettime(CLOCK_MONOTONIC, &now); /* cannot fail for this clock */
	state = ((uint64_t)getpid() << 32 ^ (uint64_t)now.tv_nsec) | 1;
	for (unsigned i = 0; i < PROBE_IN_ORDER + PROBE_RANDOM && blocks; i++) {
		uint64_t index = i < PROBE_IN_ORDER ? i : next_random(&state) % blocks;
		struct cidr found;
		int claim, r;

		/* A pool this small was walked whole in order: the scan says why it is full. */
		if (i < PROBE_IN_ORDER ? index >= blocks : blocks <= PROBE_IN_ORDER)
			break;
		if (cidr_block(pool, prefix, index, subnet) < 0)
			break;
		claim = pool_claim(subnet, err);
		if (claim == -2) {
			st->claimed++;
			continue;
		}
		if (claim < 0)
			return -1;
		r = nl_route_probe(nl, subnet, &found, err);
		if (r == 0)
			return claim;
		(void)close(claim); /* only bound: nothing to flush */
		if (r < 0)
			return -1;
		st->routed++;
	}
	return -2;
}

/* The slow path: dump every address and route of the family, then walk the pool. */
static int scan_and_claim(struct nl *nl, const struct cidr *pool, unsigned prefix, struct cidr *subnet,
			  size_t *overlapping, unsigned *skipped, struct error *err)
{
	__attribute__((cleanup(cleanup_used))) struct used_prefixes used = { .range = pool };

	if (scan(nl, pool->family, false, &used, err) < 0 || scan(nl, pool->family, true, &used, err) < 0)
		return -1;
	cidr_sort(used.list, used.n);
	*overlapping = used.n;
	return claim_first_free(pool, prefix, &used, subnet, skipped, err);
}

int pool_allocate(struct nl *nl, const struct cidr *pool, struct cidr *sandbox, struct cidr *host,
		  struct error *err)
{
	unsigned prefix = pool->family == AF_INET ? CIDR_ALLOC_PREFIX4 : CIDR_ALLOC_PREFIX6;
	char text[CIDR_STRLEN], got[CIDR_STRLEN];
	/* Held for the probes (or the scan) and the claim only: the claim keeps the subnet. */
	// cppcheck-suppress [unreadVariable, variableScope]
	_cleanup_fd_ int lock = pool_lock(err);
	struct probe_stats st = { 0 };
	struct cidr subnet = { 0 };
	size_t overlapping = 0;
	unsigned skipped = 0;
	bool scanned = false;
	int claim;

	if (lock < 0)
		return -1;
	cidr_format(pool, text, sizeof(text));
	claim = probe_free(nl, pool, prefix, &subnet, &st, err);
	if (claim == -2) {
		trace(nl->verbose, "parent: no free subnet among %u probed in pool %s (%u claimed by other isolates, %u used by the host): scanning",
		      st.claimed + st.routed, text, st.claimed, st.routed);
		claim = scan_and_claim(nl, pool, prefix, &subnet, &overlapping, &skipped, err);
		scanned = true;
	}
	if (claim == -2)
		return error_set(err, 0, "allocate a subnet from %s: the pool is exhausted, every /%u in it overlaps an address or route on the host or is claimed by another isolate",
				 text, prefix),
		       error_hint(err, "choose another pool with --net-pool or %s, or give --address", NET_POOL_ENV);
	if (claim < 0)
		return error_wrap(err, "allocate a subnet from %s", text);
	/* The host end takes the first address, the sandbox the second. */
	if (cidr_host(&subnet, 1, host) < 0 || cidr_host(&subnet, 2, sandbox) < 0) {
		(void)close(claim);
		return error_set(err, 0, "allocate a subnet from %s: no room for two addresses", text);
	}
	cidr_format(&subnet, got, sizeof(got));
	if (scanned)
		trace(nl->verbose, "parent: allocated %s from pool %s by a scan (%zu prefixes on the host overlap the pool, %u claimed by other isolates)",
		      got, text, overlapping, skipped);
	else
		trace(nl->verbose, "parent: allocated %s from pool %s (%u probed before it: %u claimed by other isolates, %u used by the host)",
		      got, text, st.claimed + st.routed, st.claimed, st.routed);
	return claim;
}

int pool_check_explicit(struct nl *nl, const struct net_config *given, const struct cidr *sandbox,
			struct error *err)
{
	struct cidr link = cidr_network(sandbox);
	char found[CIDR_STRLEN];
	const char *opt = given->address.family ? "--address" : "--host-address";
	char typed[CIDR_STRLEN];

	cidr_format(given->address.family ? &given->address : &given->host_address, typed, sizeof(typed));
	for (int routes = 0; routes < 2; routes++) {
		__attribute__((cleanup(cleanup_used))) struct used_prefixes used = { .range = &link };

		if (scan(nl, link.family, routes, &used, err) < 0)
			return error_wrap(err, "%s %s: check the host's addresses and routes", opt, typed);
		if (used.n == 0)
			continue;
		/*
		 * The host would answer ARP for, or route away from, an address it already
		 * uses elsewhere (a LAN gateway's, say): refuse rather than take it over.
		 */
		cidr_format(&used.list[0], found, sizeof(found));
		return error_set(err, 0, "%s %s: the link overlaps %s, %s on the host", opt, typed,
				 found, routes ? "a route" : "an address"),
		       error_hint(err, "choose a subnet the host does not use, or leave --address out to take one from the pool");
	}
	return 0;
}
