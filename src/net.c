/* net.c - network modes and the veth pair: allocation, creation, addresses, routes.
 * pasta's specifics live in pasta.c. */
#include "net.h"

#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include "channel.h"
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

/* Not a secret, only different from a racing isolate's: getrandom, else the clock. */
static unsigned name_suffix(void)
{
	unsigned r;
	struct timespec ts;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r & 0xfff;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned)ts.tv_nsec & 0xfff;
}

/*
 * Create the pair, host end down, and learn both indexes in one round trip. The
 * default name iso<PID> is unique only within one PID namespace, and a dead
 * sandbox's pair lingers during the kernel's teardown: when it is taken, try
 * iso<PID>-<random>. A name the user chose is never replaced.
 */
static int create_pair(struct nl *nl, const struct net_config *net, pid_t child, char name[IFNAMSIZ],
		       struct host_link *link, struct error *err)
{
	const char *peer = net->veth_peer ? net->veth_peer : DEFAULT_VETH_PEER;
	struct nl_batch b;

	for (unsigned try = 0;; try++) {
		if (net->veth_host)
			(void)snprintf(name, IFNAMSIZ, "%s", net->veth_host);
		else if (try == 0)
			(void)snprintf(name, IFNAMSIZ, "iso%d", (int)getpid());
		else
			(void)snprintf(name, IFNAMSIZ, "iso%d-%x", (int)getpid(), name_suffix());
		nl_batch_init(&b);
		nl_veth_create(&b, name, peer, child, net->mtu);
		nl_link_get(&b, name);
		if (nl_batch_run(nl, &b, link_reply, link, err) == 0)
			break;
		/* The pair exists but we do not know its index: delete it by the name we just gave it. */
		if (b.failed != 0) {
			delete_host_end(nl, 0, name);
			return -1;
		}
		/* The creation itself failed: nothing exists; a taken name is the usual cause. */
		if (err->errnum != EEXIST)
			return -1;
		if (net->veth_host || try + 1 >= NAME_TRIES)
			return error_hint(err, "an interface named '%s' exists already: choose another with --veth-host", name);
		trace(nl->verbose, "parent: %s is taken; trying another name", name);
	}
	if (link->index <= 0 || link->peer_index <= 0) {
		delete_host_end(nl, link->index > 0 ? link->index : 0, name);
		return error_set(err, 0, "RTM_GETLINK %s: no interface index in the answer", name);
	}
	return 0;
}

/* The addresses: explicit ones checked against the host's, or a subnet of the pool. */
static int choose_addresses(struct nl *nl, const struct plan *plan, struct cidr *sandbox,
			    struct cidr *host, struct error *err)
{
	/* The spec's addresses are the ones the user typed, to name in an error. */
	if (sandbox->family)
		return pool_check_explicit(nl, &plan->spec->net, sandbox, err);
	return pool_allocate(nl, &plan->net.pool, sandbox, host, err);
}

static int setup_veth(const struct plan *plan, struct nl *nl, pid_t child,
		      struct net_child_info *info, struct net_host *made, struct error *err)
{
	const struct net_config *net = &plan->net;
	struct cidr sandbox = net->address, host = net->host_address;
	struct host_link link = { 0 };
	/* Held, never read: closing it when this function returns releases the lock. */
	// cppcheck-suppress [unreadVariable, variableScope]
	_cleanup_fd_ int lock = -1;
	char name[IFNAMSIZ];
	struct nl_batch b;

	/* Explicit addresses too: of two isolates given the same, the second must see the first. */
	lock = pool_lock(err);
	if (lock < 0 || choose_addresses(nl, plan, &sandbox, &host, err) < 0 ||
	    create_pair(nl, net, child, name, &link, err) < 0)
		return -1;

	nl_batch_init(&b);
	nl_addr_add(&b, link.index, name, &host);
	nl_link_up(&b, link.index, name);
	if (harden_host_end(name, err) < 0 || nl_batch_run(nl, &b, NULL, NULL, err) < 0 ||
	    nat_setup(plan, name, &sandbox, &host, &made->nat, err) < 0) {
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
	nat_close(&host->nat);
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
