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

/*
 * Parent, in the host's namespaces, after clone and before "go": create the host side
 * (--net=veth: allocate a subnet, create the pair with the peer in child's network
 * namespace, address the host end) and fill in what the child needs. On failure
 * nothing it made is left behind.
 */
int net_parent_setup(const struct isolate_config *cfg, pid_t child, struct sync_go *go,
		     struct error *err);

/* Child, in the sandbox after "go": loopback up; --net=veth: the peer's address, up,
 * and the default route through the host end. */
int net_child_setup(const struct isolate_config *cfg, const struct sync_go *go, struct error *err);

#endif
