/* net.c - network modes and the veth pair: allocation, creation, addresses, routes.
 * pasta's specifics live in pasta.c. */
#include "net.h"

#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "channel.h"
#include "dns.h"
#include "netlink.h"
#include "pasta.h"
#include "pool.h"
#include "sysctl.h"

/* Every network namespace registers its loopback first, as index 1 (LOOPBACK_IFINDEX). */
#define LOOPBACK_INDEX 1
/* The kernel's linkwatch delays a non-urgent link event by at most a second. */
#define LINK_UP_TIMEOUT_MS 3000

struct host_link {
	int index;      /* host end's ifindex, 0 until known */
	int peer_index; /* sandbox end's ifindex in the sandbox */
};

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

/*
 * The host end must never take configuration from the sandbox: an IPv6 router
 * advertisement sent by PROGRAM would otherwise install a default route through the
 * sandbox and a SLAAC address on the host (docker's CVE-2020-13401), and a redirect
 * would reroute the host's traffic. Set while the host end is still down.
 */
static const struct {
	const char *proto, *key, *value;
} host_end_sysctls[] = {
	{ "ipv6", "accept_ra", "0" },
	{ "ipv6", "accept_redirects", "0" },
	{ "ipv6", "autoconf", "0" },
	{ "ipv4", "accept_redirects", "0" },
};

static int harden_host_end(const char *name, struct error *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(host_end_sysctls); i++)
		if (sysctl_link_set(host_end_sysctls[i].proto, name, host_end_sysctls[i].key,
				    host_end_sysctls[i].value, err) < 0)
			return error_hint(err, "the host end must not accept router advertisements or redirects from the sandbox");
	return 0;
}

/* Tries of other names when the default host end name is taken (see create_pair). */
#define NAME_TRIES 8

/*
 * How long a name given with --veth-host that is taken is waited for. The pair of a run
 * that has just ended lingers until the kernel has torn its namespace down in the
 * background: 13-53 ms after isolate exited, measured here over 30 runs.
 * Polled: the wait happens only when the name is taken, and a name taken for good
 * costs its error this long.
 */
#define NAME_LINGER_MS 500
#define NAME_POLL_MS 2

/* Whether the interface name went within NAME_LINGER_MS. */
static bool name_freed(const char *name)
{
	for (unsigned waited = 0; waited < NAME_LINGER_MS; waited += NAME_POLL_MS) {
		if (if_nametoindex(name) == 0)
			return true;
		sleep_ms(NAME_POLL_MS);
	}
	return if_nametoindex(name) == 0;
}

/*
 * Our own choice of ifindex for both ends (the same number: they live in different
 * namespaces). With it, one datagram creates the pair, addresses the host end and
 * brings it up, with no round trip to learn the indexes. High and random, so that
 * neither the kernel's own numbering (counting up from 1) nor a racing isolate is
 * likely to hold it; if one does, the kernel refuses (EEXIST) and we choose again.
 */
static int pick_index(void)
{
	return (int)(0x1000000u | ((random_tag() << 12) ^ random_tag()));
}

/*
 * Create the pair, address the host end and bring it up, in one batch. The default
 * name iso<PID> is unique only within one PID namespace, and a dead sandbox's pair
 * lingers during the kernel's teardown: when it is taken, try iso<PID>-<random>. A
 * name the user chose is never replaced; it is waited for once (name_freed).
 *
 * Up before its sysctls are set (harden_host_end) is safe: the peer stays down until
 * the sandbox gets "go", so the host end has no carrier and nothing can arrive on it.
 */
static int create_pair(struct nl *nl, const struct net_config *net, pid_t child,
		       const struct cidr *host_addr, char name[IFNAMSIZ], struct host_link *link,
		       struct error *err)
{
	const char *peer = net->veth_peer ? net->veth_peer : DEFAULT_VETH_PEER;
	unsigned name_try = 0;
	bool waited = false;
	struct nl_batch b;

	for (unsigned try = 0;; try++) {
		if (net->veth_host)
			(void)snprintf(name, IFNAMSIZ, "%s", net->veth_host);
		else if (name_try == 0)
			(void)snprintf(name, IFNAMSIZ, "iso%d", (int)getpid());
		else
			(void)snprintf(name, IFNAMSIZ, "iso%d-%x", (int)getpid(), random_tag());
		link->index = link->peer_index = pick_index();
		nl_batch_init(&b);
		nl_veth_create(&b, name, link->index, peer, link->peer_index, child, net->mtu);
		nl_addr_add(&b, link->index, name, host_addr);
		nl_link_up(&b, link->index, name);
		if (nl_batch_run(nl, &b, NULL, NULL, err) == 0)
			return 0;
		/* The pair exists, its host end half set up: delete it. */
		if (b.failed != 0) {
			delete_host_end(nl, link->index, name);
			return -1;
		}
		/* The creation itself failed: nothing exists; a taken name is the usual cause. */
		if (err->errnum != EEXIST || try + 1 >= 2 * NAME_TRIES)
			return -1;
		if (if_nametoindex(name) == 0) {
			trace(nl->verbose, "parent: index %d is taken; choosing another", link->index);
			continue;
		}
		/* Once: a pair of a run that just ended, going with its namespace. */
		if (net->veth_host && !waited) {
			waited = true;
			if (name_freed(name)) {
				trace(nl->verbose, "parent: %s was still going with a namespace; it is free now", name);
				continue;
			}
		}
		if (net->veth_host || ++name_try >= NAME_TRIES)
			return error_hint(err, "an interface named '%s' exists already: choose another with --veth-host", name);
		trace(nl->verbose, "parent: %s is taken; trying another name", name);
	}
}

/* The addresses: explicit ones checked against the host's and claimed, or a subnet of
 * the pool. Returns the claim's fd, or -1. */
static int choose_addresses(struct nl *nl, const struct plan *plan, struct cidr *sandbox,
			    struct cidr *host, int *lock, struct error *err)
{
	struct cidr block;
	char text[CIDR_STRLEN];
	int claim;

	if (!sandbox->family)
		return pool_allocate(nl, &plan->net.pool, sandbox, host, err);
	/*
	 * Explicit addresses: of two isolates given the same, the second must see the
	 * first, so the lock stays held until the host end has its address. The claim of
	 * the pool-sized block around the address keeps a concurrent pool allocation,
	 * which scanned before we were there, off it.
	 */
	*lock = pool_lock(err);
	if (*lock < 0 || pool_check_explicit(nl, &plan->spec->net, sandbox, err) < 0)
		return -1;
	block = *sandbox;
	block.prefix = sandbox->family == AF_INET ? CIDR_ALLOC_PREFIX4 : CIDR_ALLOC_PREFIX6;
	if (block.prefix < sandbox->prefix)
		block.prefix = sandbox->prefix;
	claim = pool_claim(&block, err);
	if (claim != -2)
		return claim;
	cidr_format(sandbox, text, sizeof(text));
	return error_set(err, 0, "%s %s: another isolate is setting up this subnet",
			 plan->spec->net.address.family ? "--address" : "--host-address", text),
	       error_hint(err, "choose another address, or leave --address out to take one from the pool");
}

static int setup_veth(const struct plan *plan, struct nl *nl, pid_t child,
		      struct net_child_info *info, struct net_host *made, struct error *err)
{
	const struct net_config *net = &plan->net;
	struct cidr sandbox = net->address, host = net->host_address;
	struct host_link link = { 0 };
	/* Explicit addresses only: held, never read; closing it releases the lock. */
	// cppcheck-suppress [unreadVariable, variableScope]
	_cleanup_fd_ int lock = -1;
	_cleanup_fd_ int claim = -1;
	char name[IFNAMSIZ];
	struct cidr dns = { 0 };
	bool forward_dns;

	claim = choose_addresses(nl, plan, &sandbox, &host, &lock, err);
	if (claim < 0 || create_pair(nl, net, child, &host, name, &link, err) < 0)
		return -1;
	forward_dns = dns_forward_for_veth(plan, &sandbox, &dns);
	if (harden_host_end(name, err) < 0) {
		delete_host_end(nl, link.index, name);
		return -1;
	}
	made->host_index = link.index;
	made->dns = dns;
	made->forward_dns = forward_dns;
	(void)snprintf(made->host_name, sizeof(made->host_name), "%s", name);
	made->address = sandbox;
	made->host_address = host;
	made->claim = steal_fd(&claim);
	made->claimed = true;
	info->peer_index = link.peer_index;
	info->address = sandbox;
	info->gateway = host;
	info->dns_forward = forward_dns;
	if (forward_dns) {
		char ns[CIDR_STRLEN];

		cidr_format_addr(&dns, ns, sizeof(ns));
		trace(plan->spec->verbose, "parent: DNS to the host end goes on to the host's nameserver %s", ns);
	}
	if (plan->spec->verbose) {
		char a[CIDR_STRLEN], g[CIDR_STRLEN];

		cidr_format(&sandbox, a, sizeof(a));
		cidr_format_addr(&host, g, sizeof(g));
		trace(true, "parent: the sandbox's address is %s on %s, its gateway %s on %s", a,
		      net->veth_peer ? net->veth_peer : DEFAULT_VETH_PEER, g, name);
	}
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

/*
 * The table is made after "go", not with the pair: the child's own steps (keyring,
 * mounts, /etc files: ~1 ms) then run while the kernel commits it, and the firewall
 * check's dump, which grows with the number of live sandboxes (~2.5 ms among 1000),
 * is off their path. PROGRAM cannot run before "start", so the rules are in place first.
 */
int net_parent_firewall(const struct plan *plan, struct net_host *host, struct error *err)
{
	if (plan->net.mode != NET_VETH || host->host_index <= 0)
		return 0;
	return nat_setup(plan, host->host_name, &host->address, &host->host_address,
			 host->forward_dns ? &host->dns : NULL, &host->nat, err);
}

void net_parent_undo(const struct plan *plan, struct net_host *host, bool released)
{
	if (host->pasta > 0)
		pasta_stop(plan, host->pasta);
	host->pasta = 0;
	/* The subnet's claim goes with the sandbox: its address goes with its namespace. */
	if (host->claimed)
		(void)close(host->claim);
	host->claimed = false;
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

/*
 * Loopback alone: the classic interface ioctls on any socket of this network
 * namespace, rather than a netlink socket, a request and its ACK. An AF_UNIX socket is
 * the cheapest to make; the kernel passes an ioctl its family does not know on to
 * dev_ioctl() (sock_do_ioctl), which checks CAP_NET_ADMIN over the socket's namespace.
 * Measured in bench/README.md ("lo by ioctl").
 */
static int loopback_up(bool verbose, struct error *err)
{
	_cleanup_fd_ int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = { .ifr_name = "lo" };

	if (fd < 0)
		return error_set(err, errno, "bring lo up: an AF_UNIX socket");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return error_set(err, errno, "bring lo up: SIOCGIFFLAGS");
	/* --net=pasta: pasta brought it up already. */
	if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP);
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			return error_set(err, errno, "bring lo up: SIOCSIFFLAGS");
	}
	trace(verbose, "child: lo up (SIOCSIFFLAGS): ok");
	return 0;
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
	case NET_PASTA:
		return loopback_up(plan->spec->verbose, err);
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
