/* net.h - the sandbox's network: modes, the veth pair, addresses and routes. */
#ifndef ISOLATE_NET_H
#define ISOLATE_NET_H

#include <sys/types.h>

#include "config.h"
#include "sync.h"
#include "util.h"

/* The lock that serializes subnet allocation between isolates (see net.c). */
#define NET_RUN_DIR "/run/isolate"
#define NET_LOCK_PATH NET_RUN_DIR "/net.lock"

/* What the parent started for the sandbox's network, to end when the sandbox ends. */
struct net_host {
	pid_t pasta; /* --net=pasta: pasta's pid; 0: none */
};

/*
 * Parent, in the host's namespaces, after clone and before "go": create the host side
 * (--net=veth: allocate a subnet, create the pair with the peer in child's network
 * namespace, address the host end; --net=pasta: start pasta and wait until it has
 * configured the sandbox's interface) and fill in what the child needs. On failure
 * nothing it made is left behind.
 */
int net_parent_setup(const struct isolate_config *cfg, pid_t child, struct sync_go *go,
		     struct net_host *host, struct error *err);

/* Parent, once the child is gone (reaped, or killed before "go"): end what setup started. */
void net_parent_end(const struct isolate_config *cfg, struct net_host *host);

/* Child, in the sandbox after "go": loopback up; --net=veth: the peer's address, up,
 * and the default route through the host end. */
int net_child_setup(const struct isolate_config *cfg, const struct sync_go *go, struct error *err);

#endif
