/* floor-nat.c - the kernel's floor for the nftables part of a veth start: floor-clone's
 * start (one clone(2) with isolate's six namespace flags, a fresh /proc, exec PROGRAM,
 * wait) after one nftables transaction that makes an inet table owned by this process's
 * netlink socket, with the base chain a default `isolate true` has (a nat chain on
 * postrouting with one masquerade rule). The
 * socket is closed at the end, where the kernel deletes the table. No veth, no address:
 * `floor-nat true` against `floor-clone true` is what the owned NAT table costs the
 * kernel, made and released. Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <string.h>

#include "floor.h"

static char msgs[16384] __attribute__((aligned(4)));
static size_t used;
static uint32_t seq;

static int child(void *arg)
{
	char **argv = arg;

	if (floor_mount_proc("floor-nat", "/proc") < 0)
		return 125;
	return floor_exec("floor-nat", argv);
}

static void added(void)
{
	used += NLMSG_ALIGN(((struct nlmsghdr *)(void *)(msgs + used))->nlmsg_len);
}

static void base_chain(const char *table, const char *name, const char *type, uint32_t hook, int prio)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *nlh;

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, type);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, prio);
	nlh = nftnl_chain_nlmsg_build_hdr(msgs + used, NFT_MSG_NEWCHAIN, NFPROTO_INET, NLM_F_CREATE | NLM_F_ACK, ++seq);
	nftnl_chain_nlmsg_build_payload(nlh, c);
	nftnl_chain_free(c);
	added();
}

/* One transaction: the owned table, its base chain, a masquerade rule. */
static struct mnl_socket *owned_table(void)
{
	struct mnl_socket *sock = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	struct nftnl_table *t;
	struct nftnl_rule *r;
	struct nlmsghdr *nlh;
	char table[32], ack[8192] __attribute__((aligned(4)));
	unsigned want, acked = 0;

	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return NULL;
	(void)snprintf(table, sizeof(table), "floor-nat-%d", (int)getpid());
	nftnl_batch_begin(msgs, ++seq);
	added();
	t = nftnl_table_alloc();
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, table);
	nftnl_table_set_u32(t, NFTNL_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	nlh = nftnl_table_nlmsg_build_hdr(msgs + used, NFT_MSG_NEWTABLE, NFPROTO_INET,
					  NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, ++seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	added();
	base_chain(table, "out", "nat", NF_INET_POST_ROUTING, 100);
	r = nftnl_rule_alloc();
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, "out");
	nftnl_rule_add_expr(r, nftnl_expr_alloc("masq"));
	nlh = nftnl_rule_nlmsg_build_hdr(msgs + used, NFT_MSG_NEWRULE, NFPROTO_INET,
					 NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, ++seq);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	added();
	want = 3;
	nftnl_batch_end(msgs + used, ++seq);
	added();
	if (mnl_socket_sendto(sock, msgs, used) < 0)
		return NULL;
	while (acked < want) {
		ssize_t n = mnl_socket_recvfrom(sock, ack, sizeof(ack));
		int left = (int)n;

		if (n < 0)
			return NULL;
		for (const struct nlmsghdr *h = (const void *)ack; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (e->error) {
				errno = -e->error;
				return NULL;
			}
			acked++;
		}
	}
	return sock;
}

int main(int argc, char **argv)
{
	struct mnl_socket *sock;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: floor-nat PROGRAM [ARGS...]\n");
		return 125;
	}
	sock = owned_table();
	if (!sock) {
		perror("floor-nat: nftables table");
		return 125;
	}
	pid = floor_clone("floor-nat", child, argv + 1);
	status = pid < 0 ? 125 : floor_wait(pid);
	/* The kernel deletes the owned table here, as it does when isolate exits. */
	mnl_socket_close(sock);
	return status;
}
