/* netlink.h - a thin libmnl layer over rtnetlink: a socket, batches of requests sent
 * with one sendto and acknowledged one by one (with the kernel's extended ACK message
 * on failure), and the two dumps the subnet allocator needs. */
#ifndef ISOLATE_NETLINK_H
#define ISOLATE_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cidr.h"
#include "util.h"

struct mnl_socket;
struct nlmsghdr;

struct nl {
	struct mnl_socket *sock;
	uint32_t seq;
	bool verbose;
	const char *who; /* "parent" or "child", for -v traces */
	int watch_index; /* nl_watch_link(): the link whose operstate we wait for */
	bool watch_up;   /* ... and it has been seen up */
};

/* Fixed sizes: every request we build is a few hundred bytes at most. */
#define NL_BATCH_SIZE 2048
#define NL_BATCH_MAX 6
#define NL_WHAT_SIZE 112

/* Requests built in memory, then sent together by nl_batch_run(). */
struct nl_batch {
	char buf[NL_BATCH_SIZE];
	size_t len;
	unsigned n;
	bool overflow;
	int failed;                        /* index of the first refused request, or -1 */
	size_t off[NL_BATCH_MAX];          /* where each request starts in buf */
	char what[NL_BATCH_MAX][NL_WHAT_SIZE]; /* "RTM_NEWADDR eth0 10.0.0.2/30", for traces and errors */
};

int nl_open(struct nl *nl, const char *who, bool verbose, struct error *err);
void nl_close(struct nl *nl);

void nl_batch_init(struct nl_batch *b);

/* A veth pair: host end `host` created down in our namespace, peer `peer` in the network
 * namespace of process peer_pid. mtu 0 keeps the kernel's default. host_index and
 * peer_index: the ifindexes to give them (Linux 3.7), or 0 to let the kernel choose;
 * a chosen index lets later requests of the same batch name the new links. */
void nl_veth_create(struct nl_batch *b, const char *host, int host_index, const char *peer,
		    int peer_index, pid_t peer_pid, unsigned mtu);
/* The link called name; its reply reaches nl_batch_run()'s callback (see nl_parse_link). */
void nl_link_get(struct nl_batch *b, const char *name);
void nl_link_up(struct nl_batch *b, int index, const char *name);
/* Delete by index, or by name when index is 0. */
void nl_link_del(struct nl_batch *b, int index, const char *name);
void nl_addr_add(struct nl_batch *b, int index, const char *name, const struct cidr *addr);
void nl_route_default(struct nl_batch *b, int index, const char *name, const struct cidr *gateway);

/* Called for each reply that is not an ACK; returns 0, or -1 to fail the batch. */
typedef int (*nl_reply_cb)(const struct nlmsghdr *nlh, void *data);

/*
 * Send the batch in one datagram: the kernel handles the requests in order and
 * acknowledges each. Returns 0 when all succeeded; else -1 with err naming the first
 * refused request (b->failed is its index), its errno and the kernel's message.
 */
int nl_batch_run(struct nl *nl, struct nl_batch *b, nl_reply_cb cb, void *data,
		 struct error *err);

/*
 * A link is usable only once the kernel's linkwatch work has seen its carrier: until
 * then its transmit queue is the no-op one that drops every packet. That work runs
 * asynchronously, up to a second later, unless an RTM_GETLINK of the link runs it
 * (rtnl_getlink syncs it, since Linux 5.x). nl_watch_link() subscribes to link
 * notifications (call it before the batch that brings the link up, so none is
 * missed) and notes any RTM_NEWLINK reply or notification that shows the link
 * operationally up; nl_wait_link_up() returns 1 at once if one did, else waits at
 * most timeout_ms for it, and returns 0 on timeout.
 */
int nl_watch_link(struct nl *nl, int index, struct error *err);
int nl_wait_link_up(struct nl *nl, int timeout_ms, struct error *err);

/* From an RTM_NEWLINK reply: the interface's index and, for a veth, its peer's index
 * in the peer's namespace. Returns 0, or -1 if the message is not a link. */
int nl_parse_link(const struct nlmsghdr *nlh, int *index, int *peer_index);

struct nlmsghdr;
struct mnl_socket;

/* Called with each entry of a dump by nl_dump_read(). */
typedef void (*nl_entry_cb)(const struct nlmsghdr *entry, void *data);

/*
 * Read the answers to the dump request of sequence seq just sent on sock, into buf (of
 * size bytes), to NLMSG_DONE: each entry goes to entry(). Not mnl_cb_run(): that stops
 * at the first message flagged NLM_F_DUMP_INTR and drops the rest of the buffer,
 * NLMSG_DONE included, and the next read then waits for ever. Returns 0; 1 when a
 * change interrupted the dump (the entries may be incomplete: redo it); or -1 with
 * errno set, from the read or from the kernel's error answer, which *answer then points
 * to (inside buf), else NULL.
 */
int nl_dump_read(struct mnl_socket *sock, uint32_t seq, void *buf, size_t size, nl_entry_cb entry,
		 void *data, const struct nlmsghdr **answer);

/* Called with each prefix found by nl_dump_prefixes(). */
typedef void (*nl_prefix_cb)(const struct cidr *prefix, void *data);

/*
 * Dump every address (routes false) or every route, of all tables (routes true), of
 * one family in our namespace, and pass the prefix of each to add. Returns 0; 1 if
 * the kernel flagged the dump as interrupted by a change (call again); -1 on error.
 */
int nl_dump_prefixes(struct nl *nl, int family, bool routes, nl_prefix_cb add, void *data,
		     struct error *err);

/*
 * Ask the kernel's route lookup (RTM_GETROUTE with RTM_F_FIB_MATCH, one datagram)
 * about each address of subnet (at most 4: a /30 or /126): 1 if the host has a route
 * longer than /0 to one of them (an address of its own shows as a local route, another
 * link as a prefix route) or one of type unreachable, blackhole or prohibit; 0 if only
 * the default route or nothing matches; -1 with err. *found: the matching prefix, or
 * family 0 for such a typed route.
 */
int nl_route_probe(struct nl *nl, const struct cidr *subnet, struct cidr *found, struct error *err);

#endif
