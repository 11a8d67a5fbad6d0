/* pool.h - subnets for --net=veth: the allocation lock, the pool, explicit addresses. */
#ifndef ISOLATE_POOL_H
#define ISOLATE_POOL_H

#include "cidr.h"
#include "netlink.h"
#include "spec.h"
#include "util.h"

/*
 * The lock that serializes subnet allocation: an abstract unix socket bound to this
 * name. Abstract names belong to the network namespace, so only isolates that can
 * collide (they scan the same addresses) wait for each other, whatever their mount
 * namespace or /run; no file is needed, nested isolates included; and the kernel
 * releases the name when the socket closes, also when isolate is killed.
 */
#define POOL_LOCK_NAME "isolate/net-pool"

/* Take the lock (waiting for its holder, deaf only to stop signals); returns the fd
 * that holds it, to close once the subnet is claimed (explicit addresses: once the
 * host end holds its address); -1 with err. */
int pool_lock(struct error *err);

/*
 * A subnet's claim: an abstract unix socket bound to POOL_CLAIM_PREFIX and the subnet,
 * per network namespace like the lock and released by the kernel with its fd. An
 * isolate holds its claim for its whole life: another one that scanned before our
 * host end had its address cannot take the subnet, and no lock need be held while
 * the pair is made. Returns the fd, -2 when the subnet is claimed already, -1 with err.
 */
#define POOL_CLAIM_PREFIX "isolate/net-subnet/"
int pool_claim(const struct cidr *subnet, struct error *err);

/* Under the lock (taken and released here), scan the host's addresses and routes and
 * claim the first free subnet of pool: the host end gets its first address, the
 * sandbox its second. Returns the claim's fd, to hold as long as the sandbox lives;
 * -1 with err. */
int pool_allocate(struct nl *nl, const struct cidr *pool, struct cidr *sandbox, struct cidr *host,
		  struct error *err);

/* Refuse an explicit --address/--host-address whose link overlaps an address or a
 * route of the host, as the pool would. given: the addresses as the user gave them
 * (to name the option); sandbox: the resolved sandbox address. */
int pool_check_explicit(struct nl *nl, const struct net_config *given, const struct cidr *sandbox,
			struct error *err);

#endif
