/* nat.h - --net=veth beyond the host end: egress (masquerade, or reject at once),
 * --publish (DNAT, and the host port held), as nftables rules in a table that isolate's
 * netlink socket owns, plus the forwarding sysctls that routing needs. */
#ifndef ISOLATE_NAT_H
#define ISOLATE_NAT_H

#include <stdbool.h>

#include "cidr.h"
#include "plan.h"
#include "util.h"

struct mnl_socket;

/* What nat_setup made: closing the socket makes the kernel delete the table. */
struct nat {
	struct mnl_socket *sock; /* NULL: no table */
	int *ports;              /* one socket per --publish rule, holding the host port */
	size_t n_ports;
};

/* The table's name for host end host_end: "isolate-<host end>", or, when a table of that
 * name stands still, "isolate-<host end>-<tag>". */
#define NAT_TABLE_PREFIX "isolate-"
/* Room for the prefix, a host end's name and a tag (nat.c). */
#define NAT_TABLE_NAME_MAX 64

/*
 * In the host's network namespace, once the host end (host_end, at host) is up and the
 * sandbox will have address sandbox: hold each published host port, set the
 * sysctls, and create the table with its chains and rules in one transaction, owned
 * by a netlink socket kept open in *nat (NFT_TABLE_F_OWNER, Linux 5.12): the kernel
 * deletes the table when that socket closes, which isolate's exit does, even by
 * SIGKILL. dns: a nameserver on the host's loopback that the sandbox's DNS queries to the
 * host end go on to (IPv4 only), or NULL. On failure nothing of it is left.
 */
int nat_setup(const struct plan *plan, const char *host_end, const struct cidr *sandbox,
	      const struct cidr *host, const struct cidr *dns, struct nat *nat, struct error *err);

/* Close the socket (the kernel deletes the table) and the held ports. */
void nat_close(struct nat *nat);

#endif
