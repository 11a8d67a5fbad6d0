/* net.c - network modes and the veth pair: allocation, creation, addresses, routes.
 * pasta's specifics live in pasta.c. */
#include "net.h"

#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "channel.h"
#include "netlink.h"
#include "pasta.h"

/* Every network namespace registers its loopback first, as index 1 (LOOPBACK_IFINDEX). */
#define LOOPBACK_INDEX 1
/* The kernel's linkwatch delays a non-urgent link event by at most a second. */
#define LINK_UP_TIMEOUT_MS 3000

/* Prefixes in use on the host that overlap the pool. */
struct used_prefixes {
	const struct cidr *pool;
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
	if (prefix->prefix == 0 || !cidr_overlaps(prefix, u->pool) || u->no_memory)
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
 * Serialize allocations: a write lock, held from the scan of the host's addresses
 * until the host end holds its address, so the next isolate's scan sees it. Only
 * allocations in the same network namespace can collide, so the lock is one byte
 * of the lock file at the namespace's inode number: isolates in other namespaces
 * never wait for us. It is an open-file-description lock, which the kernel drops
 * when the fd closes, also when isolate is killed, so a stale lock cannot exist.
 */
static int lock_pool(struct error *err)
{
	static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct flock range = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 1 };
	_cleanup_fd_ int fd = -1;
	sigset_t stop, saved;
	struct stat netns;
	int locked, e;

	if (stat("/proc/self/ns/net", &netns) < 0)
		return error_set(err, errno, "stat /proc/self/ns/net");
	if (mkdir(NET_RUN_DIR, 0755) < 0 && errno != EEXIST)
		return error_set(err, errno, "create %s", NET_RUN_DIR),
		       error_hint(err, "give --address to choose the subnet yourself");
	fd = TEMP_FAILURE_RETRY(open(NET_LOCK_PATH, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
	if (fd < 0)
		return error_set(err, errno, "open %s", NET_LOCK_PATH),
		       error_hint(err, "give --address to choose the subnet yourself");
	range.l_start = (off_t)netns.st_ino;
	/*
	 * Another isolate may hold the lock for a while (one stopped with Ctrl-Z, say).
	 * The forwarded signals are blocked for sigwaitinfo, which would make this wait
	 * deaf to Ctrl-C and kill; let the terminating ones act meanwhile. Nothing needs
	 * cleaning up yet: the host end comes after the lock, and the child dies with us
	 * by its parent-death signal.
	 */
	(void)sigemptyset(&stop);
	for (unsigned i = 0; i < ARRAY_SIZE(stop_signals); i++)
		(void)sigaddset(&stop, stop_signals[i]);
	if (sigprocmask(SIG_UNBLOCK, &stop, &saved) < 0)
		return error_set(err, errno, "unblock signals");
	locked = TEMP_FAILURE_RETRY(fcntl(fd, F_OFD_SETLKW, &range));
	e = errno;
	if (sigprocmask(SIG_SETMASK, &saved, NULL) < 0)
		return error_set(err, errno, "block signals");
	if (locked < 0)
		return error_set(err, e, "lock %s", NET_LOCK_PATH);
	return steal_fd(&fd);
}

/* Scan the host's addresses and routes and take the first free subnet of the pool. */
static int allocate(struct nl *nl, const struct net_config *net, struct cidr *sandbox,
		    struct cidr *host, struct error *err)
{
	__attribute__((cleanup(cleanup_used))) struct used_prefixes used = { .pool = &net->pool };
	unsigned prefix = net->pool.family == AF_INET ? CIDR_ALLOC_PREFIX4 : CIDR_ALLOC_PREFIX6;
	char pool[CIDR_STRLEN], got[CIDR_STRLEN];
	struct cidr subnet;

	cidr_format(&net->pool, pool, sizeof(pool));
	for (int routes = 0; routes < 2; routes++) {
		int r, tries = 0;
		size_t keep = used.n;

		/* A dump the kernel flags as interrupted may have missed entries: do it again. */
		while ((r = nl_dump_prefixes(nl, net->pool.family, routes, add_used, &used, err)) == 1 &&
		       ++tries < 3)
			used.n = keep;
		if (r < 0)
			return error_wrap(err, "allocate a subnet from %s", pool);
	}
	if (used.no_memory)
		return error_set(err, ENOMEM, "allocate a subnet from %s", pool);
	if (cidr_alloc(&net->pool, prefix, used.list, used.n, &subnet) < 0)
		return error_set(err, 0, "allocate a subnet from %s: the pool is exhausted, every /%u in it overlaps an address or route on the host",
				 pool, prefix),
		       error_hint(err, "choose another pool with --net-pool or %s, or give --address", NET_POOL_ENV);
	/* The host end takes the first address, the sandbox the second. */
	if (cidr_host(&subnet, 1, host) < 0 || cidr_host(&subnet, 2, sandbox) < 0)
		return error_set(err, 0, "allocate a subnet from %s: no room for two addresses", pool);
	cidr_format(&subnet, got, sizeof(got));
	trace(nl->verbose, "parent: allocated %s from pool %s (%zu prefixes on the host overlap the pool)",
	      got, pool, used.n);
	return 0;
}

struct host_link {
	int index;      /* host end's ifindex, 0 until known */
	int peer_index; /* sandbox end's ifindex in the sandbox */
};

static int link_reply(const struct nlmsghdr *nlh, void *data)
{
	struct host_link *l = data;

	return nl_parse_link(nlh, &l->index, &l->peer_index);
}

/* Best effort on a path that is failing already: the first error is the one to report. */
static void delete_host_end(struct nl *nl, int index, const char *name)
{
	struct nl_batch b;
	struct error ignored = { 0 };

	nl_batch_init(&b);
	nl_link_del(&b, index, name);
	if (nl_batch_run(nl, &b, NULL, NULL, &ignored) < 0)
		trace(nl->verbose, "parent: could not delete %s: %s", name, ignored.msg);
}

static int setup_veth(const struct plan *plan, struct nl *nl, pid_t child,
		      struct net_child_info *info, struct net_host *made, struct error *err)
{
	const struct net_config *net = &plan->net;
	const char *peer = net->veth_peer ? net->veth_peer : DEFAULT_VETH_PEER;
	struct cidr sandbox = net->address, host = net->host_address;
	struct host_link link = { 0 };
	/* Held, never read: closing it when this function returns releases the lock. */
	// cppcheck-suppress [unreadVariable, variableScope]
	_cleanup_fd_ int lock = -1;
	char name[IFNAMSIZ];
	struct nl_batch b;

	if (net->veth_host)
		(void)snprintf(name, sizeof(name), "%s", net->veth_host);
	else
		(void)snprintf(name, sizeof(name), "iso%d", (int)getpid());

	if (!sandbox.family) {
		lock = lock_pool(err);
		if (lock < 0 || allocate(nl, net, &sandbox, &host, err) < 0)
			return -1;
	}

	/* Create the pair and learn the host end's index (and the peer's) in one round trip. */
	nl_batch_init(&b);
	nl_veth_create(&b, name, peer, child, net->mtu);
	nl_link_get(&b, name);
	if (nl_batch_run(nl, &b, link_reply, &link, err) < 0) {
		/* The creation itself failed: nothing exists; a taken name is the usual cause. */
		if (b.failed == 0)
			return err->errnum == EEXIST
				       ? error_hint(err, "an interface named '%s' exists already: choose another with --veth-host", name)
				       : -1;
		/* The pair exists but we do not know its index: delete it by the name we just gave it. */
		delete_host_end(nl, 0, name);
		return -1;
	}
	if (link.index <= 0 || link.peer_index <= 0) {
		delete_host_end(nl, link.index > 0 ? link.index : 0, name);
		return error_set(err, 0, "RTM_GETLINK %s: no interface index in the answer", name);
	}

	nl_batch_init(&b);
	nl_addr_add(&b, link.index, name, &host);
	if (nl_batch_run(nl, &b, NULL, NULL, err) < 0) {
		delete_host_end(nl, link.index, name);
		return -1;
	}
	/* From here on the scan of the next isolate sees our subnet: the lock may go. */
	made->host_index = link.index;
	(void)snprintf(made->host_name, sizeof(made->host_name), "%s", name);
	made->address = sandbox;
	made->host_address = host;
	info->peer_index = link.peer_index;
	info->address = sandbox;
	info->gateway = host;
	return 0;
}

int net_parent_setup(const struct plan *plan, pid_t child, int chan, struct net_host *host,
		     struct error *err)
{
	struct net_child_info info = { 0 };
	struct nl nl;
	int r;

	switch (plan->net.mode) {
	case NET_VETH:
		break;
	case NET_PASTA:
		/* pasta enters the child's namespaces from outside, as the veth's peer does. */
		return pasta_start(plan, child, &host->pasta, err) < 0 ? error_wrap(err, "--net=pasta") : 0;
	case NET_NONE:    /* the child brings its loopback up itself */
	case NET_HOST:    /* nothing of ours to set up */
	case NET_DEFAULT: /* resolved by plan_resolve() */
	case NET_MODES:
		return 0;
	}
	if (nl_open(&nl, "parent", plan->spec->verbose, err) < 0)
		return error_wrap(err, "--net=veth");
	r = setup_veth(plan, &nl, child, &info, host, err);
	nl_close(&nl);
	if (r < 0)
		return -1;
	return channel_send(chan, MSG_NET, &info, sizeof(info), NULL, 0, err);
}

void net_parent_undo(const struct plan *plan, struct net_host *host, bool released)
{
	if (host->pasta > 0)
		pasta_stop(plan, host->pasta);
	host->pasta = 0;
	if (host->host_index > 0 && !released) {
		struct nl nl;
		struct error ignored = { 0 };

		if (nl_open(&nl, "parent", plan->spec->verbose, &ignored) == 0) {
			delete_host_end(&nl, host->host_index, host->host_name);
			nl_close(&nl);
		}
	}
	host->host_index = 0;
}

int net_child_setup(const struct plan *plan, const struct net_child_info *go, struct error *err)
{
	const char *peer = plan->net.veth_peer ? plan->net.veth_peer : DEFAULT_VETH_PEER;
	struct nl_batch b;
	struct nl nl;
	int r;

	nl_batch_init(&b);
	switch (plan->net.mode) {
	case NET_HOST:
	case NET_DEFAULT:
	case NET_MODES:
		return 0;
	case NET_NONE:
	case NET_PASTA: /* pasta brought both up before "go"; lo again costs nothing */
		nl_link_up(&b, LOOPBACK_INDEX, "lo");
		break;
	case NET_VETH:
		if (go->peer_index <= 0 || !go->address.family)
			return error_set(err, 0, "--net=veth: the parent sent no address for the sandbox");
		/*
		 * One datagram, handled by the kernel in this order: the route needs the
		 * address (its prefix makes the gateway reachable) and the link up. The
		 * final RTM_GETLINK makes the kernel finish the link's carrier event now
		 * rather than up to a second later (see nl_watch_link).
		 */
		nl_link_up(&b, LOOPBACK_INDEX, "lo");
		nl_addr_add(&b, go->peer_index, peer, &go->address);
		nl_link_up(&b, go->peer_index, peer);
		nl_route_default(&b, go->peer_index, peer, &go->gateway);
		nl_link_get(&b, peer);
		break;
	}
	if (nl_open(&nl, "child", plan->spec->verbose, err) < 0)
		return -1;
	r = plan->net.mode == NET_VETH ? nl_watch_link(&nl, go->peer_index, err) : 0;
	if (r == 0)
		r = nl_batch_run(&nl, &b, NULL, NULL, err);
	/* PROGRAM's first packet must not meet the queue that drops everything. */
	if (r == 0 && plan->net.mode == NET_VETH) {
		r = nl_wait_link_up(&nl, LINK_UP_TIMEOUT_MS, err);
		if (r == 0)
			trace(plan->spec->verbose, "child: %s is not operationally up after %d ms; going on", peer,
			      LINK_UP_TIMEOUT_MS);
		else if (r == 1)
			trace(plan->spec->verbose, "child: %s is operationally up", peer);
	}
	nl_close(&nl);
	return r < 0 ? -1 : 0;
}
