/* net.h - the sandbox's network: modes, the veth pair, addresses and routes. */
#ifndef ISOLATE_NET_H
#define ISOLATE_NET_H

#include <net/if.h>
#include <stdint.h>
#include <sys/types.h>

#include "nat.h"
#include "plan.h"
#include "util.h"

/* MSG_NET's payload: what the child learns only after clone (--net=veth). */
struct net_child_info {
	int32_t peer_index;   /* the sandbox end's ifindex in the sandbox */
	struct cidr address;  /* the sandbox's address */
	struct cidr gateway;  /* the host end's address, the default route */
	int32_t dns_forward;  /* 1: the host end forwards DNS to the host's loopback nameserver */
};

/* What the parent made for the sandbox's network, for the undo step. */
struct net_host {
	pid_t pasta;             /* --net=pasta: pasta's pid; 0: none */
	int host_index;          /* --net=veth: the host end's ifindex; 0: none */
	char host_name[IFNAMSIZ];
	struct cidr address;      /* --net=veth: the sandbox's address */
	struct cidr host_address; /* --net=veth: the host end's */
	struct nat nat;           /* --net=veth: the nftables table and held ports */
	struct cidr dns;          /* --net=veth: the host's nameserver the host end forwards to */
	bool forward_dns;
	bool claimed;             /* --net=veth: claim holds the subnet's claim (pool.h) */
	int claim;
};

/*
 * Parent, in the host's namespaces, after clone and before "go": create the host side
 * (--net=veth: allocate a subnet, create the pair with the peer in child's network
 * namespace, address the host end; --net=pasta: start pasta and wait until it has
 * configured the sandbox's interface) and send the child what it needs over chan.
 * On failure nothing it made is left behind; on success net_parent_undo ends it.
 */
int net_parent_setup(const struct plan *plan, pid_t child, int chan, struct net_host *host,
		     struct error *err);

/*
 * Parent, after "go", while the child sets itself up: --net=veth: the sandbox's
 * nftables table (nat.h), which must be in place before PROGRAM runs but not before the
 * child's own steps. On failure the table is gone; on success nat_close() ends it.
 */
int net_parent_firewall(const struct plan *plan, struct net_host *host, struct error *err);

/*
 * Parent, on failure or once the child is gone: end what setup started. pasta always
 * (it would keep the namespace alive); the host end only if the sandbox was never
 * released, since from "go" on the pair lives and dies with the sandbox's namespace.
 */
void net_parent_undo(const struct plan *plan, struct net_host *host, bool released);

/* Child, in the sandbox after "go": loopback up; --net=veth: the peer's address, up,
 * and the default route through the host end. */
int net_child_setup(const struct plan *plan, const struct net_child_info *go, struct error *err);

#endif
