/* floor-veth.c - the kernel's floor for `isolate true` (a veth with NAT) with milestone
 * 2's defaults, as root: floor-view's start (id maps, the release, the default view,
 * the hostname; floor-view.h) plus the kernel work of the network that `isolate true`
 * makes, each part made the way isolate makes it:
 *   - before the release, one rtnetlink datagram creates the veth pair with both
 *     ifindexes chosen and its peer in the child's network namespace, addresses the
 *     host end and brings it up; the host end's four hardening sysctls and its
 *     forwarding sysctl are written;
 *   - after the release, while the child sets up, one nftables transaction makes an
 *     inet table owned by the parent's socket, a nat chain on postrouting and one
 *     masquerade rule;
 *   - the child, in one rtnetlink datagram, brings lo and its end up, addresses its end
 *     and adds the default route, then waits until its end is operationally up;
 *   - at the end, the table's socket is left to a forked copy that dies with the
 *     parent, so that the kernel's release of the table (an RCU grace period) comes
 *     after the exit, as isolate leaves it (src/lifetime.c).
 * Messages are built by hand, so that no library but libc is loaded. No address pool, no
 * firewall check, no init. `floor-veth true` against `isolate true`
 * is what isolate adds over the kernel's work. Benchmark tool only; not installed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>

#include "floor-view.h"

#define WHO "floor-veth"
/* Both ends get this ifindex (they live in different namespaces); the host's own
 * numbering counts up from 1 and never gets near it. Per run: the pair of the run before
 * lingers in the host's namespace until the kernel has torn the last child's down. */
#define INDEX_BASE 0x2000000
#define PEER "eth0"
/* A TEST-NET-2 /30 of the throwaway namespace bench/run runs in: host .1, sandbox .2. */
#define HOST_ADDR "198.51.100.1"
#define SANDBOX_ADDR "198.51.100.2"
#define PREFIX 30
#define LINK_UP_TIMEOUT_MS 3000

static int go[2];
static int ifindex;

/* ---- netlink messages, by hand ---------------------------------------------------- */

struct msgbuf {
	char buf[4096] __attribute__((aligned(4)));
	size_t used;
	unsigned seq;
};

static struct nlmsghdr *msg_start(struct msgbuf *m, uint16_t type, uint16_t flags, const void *hdr, size_t len)
{
	struct nlmsghdr *h = (void *)(m->buf + m->used);

	memset(h, 0, NLMSG_HDRLEN + NLMSG_ALIGN(len));
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = ++m->seq;
	h->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + NLMSG_ALIGN(len));
	memcpy(NLMSG_DATA(h), hdr, len);
	return h;
}

static void msg_end(struct msgbuf *m, struct nlmsghdr *h)
{
	m->used += NLMSG_ALIGN(h->nlmsg_len);
}

static struct nlattr *attr(struct nlmsghdr *h, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (void *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void attr_str(struct nlmsghdr *h, uint16_t type, const char *s)
{
	attr(h, type, s, strlen(s) + 1);
}

static void attr_u32(struct nlmsghdr *h, uint16_t type, uint32_t v)
{
	attr(h, type, &v, sizeof(v));
}

static struct nlattr *nest(struct nlmsghdr *h, uint16_t type)
{
	return attr(h, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct nlmsghdr *h, struct nlattr *n)
{
	n->nla_len = (uint16_t)((char *)h + h->nlmsg_len - (char *)n);
}

static int nl_socket(int proto, unsigned groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return fd;
}

/*
 * Send the batch and read an ACK for each of want messages; with watch, also read link
 * events until the link ifindex is operationally up (or the timeout). 0, or -1 with
 * errno.
 */
static int run(int fd, struct msgbuf *m, unsigned want, bool watch)
{
	char buf[8192] __attribute__((aligned(4)));
	unsigned acked = 0;
	bool up = !watch;
	struct timespec t0, t;

	if (send(fd, m->buf, m->used, 0) != (ssize_t)m->used)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (acked < want || !up) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int left;

		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 > LINK_UP_TIMEOUT_MS)
			return acked < want ? (errno = ETIMEDOUT, -1) : 0;
		if (poll(&p, 1, 100) < 0 && errno != EINTR)
			return -1;
		if (!(p.revents & POLLIN))
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -1;
		left = (int)n;
		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (e->error) {
					errno = -e->error;
					return -1;
				}
				acked++;
			} else if (h->nlmsg_type == RTM_NEWLINK) {
				const struct ifinfomsg *ifi = NLMSG_DATA(h);
				int alen = (int)IFLA_PAYLOAD(h);

				if (ifi->ifi_index != ifindex)
					continue;
				for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen))
					if (a->rta_type == IFLA_OPERSTATE && *(const uint8_t *)RTA_DATA(a) == IF_OPER_UP)
						up = true;
			}
		}
	}
	return 0;
}

static void link_up(struct msgbuf *m, int index)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index, .ifi_flags = IFF_UP,
				 .ifi_change = IFF_UP };

	msg_end(m, msg_start(m, RTM_NEWLINK, NLM_F_ACK, &ifi, sizeof(ifi)));
}

static void addr_add(struct msgbuf *m, int index, const char *text)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = PREFIX, .ifa_index = (uint32_t)index };
	struct in_addr a;
	struct nlmsghdr *h = msg_start(m, RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa));

	inet_pton(AF_INET, text, &a);
	attr(h, IFA_LOCAL, &a, sizeof(a));
	attr(h, IFA_ADDRESS, &a, sizeof(a));
	msg_end(m, h);
}

/* ---- the parent's side ------------------------------------------------------------- */

static int write_sysctl(const char *proto, const char *name, const char *key)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", proto, name, key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, key[0] == 'f' ? "1" : "0", 1) != 1)
		return -1;
	return close(fd);
}

static int host_end(pid_t child, char name[IFNAMSIZ])
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct ifinfomsg peer = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct msgbuf m = { .used = 0 };
	struct nlattr *info, *data, *p;
	struct nlmsghdr *h;
	int fd = nl_socket(NETLINK_ROUTE, 0), r;

	if (fd < 0)
		return -1;
	h = msg_start(&m, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	attr_str(h, IFLA_IFNAME, name);
	info = nest(h, IFLA_LINKINFO);
	attr_str(h, IFLA_INFO_KIND, "veth");
	data = nest(h, IFLA_INFO_DATA);
	p = nest(h, VETH_INFO_PEER);
	/* The peer's own struct ifinfomsg, then its attributes. */
	memcpy((char *)h + h->nlmsg_len, &peer, sizeof(peer));
	h->nlmsg_len += (uint32_t)NLMSG_ALIGN(sizeof(peer));
	attr_str(h, IFLA_IFNAME, PEER);
	attr_u32(h, IFLA_NET_NS_PID, (uint32_t)child);
	nest_end(h, p);
	nest_end(h, data);
	nest_end(h, info);
	msg_end(&m, h);
	addr_add(&m, ifindex, HOST_ADDR);
	link_up(&m, ifindex);
	r = run(fd, &m, 3, false);
	close(fd);
	if (r < 0 || write_sysctl("ipv6", name, "accept_ra") < 0 || write_sysctl("ipv6", name, "accept_redirects") < 0 ||
	    write_sysctl("ipv6", name, "autoconf") < 0 || write_sysctl("ipv4", name, "accept_redirects") < 0 ||
	    write_sysctl("ipv4", name, "forwarding") < 0)
		return -1;
	return 0;
}

static void nft_msg(struct msgbuf *m, uint16_t type, uint16_t flags, uint8_t family, struct nlmsghdr **h)
{
	struct nfgenmsg g = { .nfgen_family = family, .version = NFNETLINK_V0 };

	if (type == NFNL_MSG_BATCH_BEGIN || type == NFNL_MSG_BATCH_END)
		g.res_id = htons(NFNL_SUBSYS_NFTABLES);
	else
		type = (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | type);
	*h = msg_start(m, type, flags, &g, sizeof(g));
}

/* One transaction: the owned table, its nat chain, a masquerade rule. The socket, or -1. */
static int owned_table(void)
{
	struct msgbuf m = { .used = 0 };
	struct nlmsghdr *h;
	struct nlattr *hook, *exprs, *elem;
	char table[32];
	int fd = nl_socket(NETLINK_NETFILTER, 0);

	if (fd < 0)
		return -1;
	snprintf(table, sizeof(table), "floor-veth-%d", (int)getpid());
	nft_msg(&m, NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, &h);
	msg_end(&m, h);
	nft_msg(&m, NFT_MSG_NEWTABLE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, NFPROTO_INET, &h);
	attr_str(h, NFTA_TABLE_NAME, table);
	attr_u32(h, NFTA_TABLE_FLAGS, htonl(NFT_TABLE_F_OWNER));
	msg_end(&m, h);
	nft_msg(&m, NFT_MSG_NEWCHAIN, NLM_F_ACK | NLM_F_CREATE, NFPROTO_INET, &h);
	attr_str(h, NFTA_CHAIN_TABLE, table);
	attr_str(h, NFTA_CHAIN_NAME, "srcnat");
	hook = nest(h, NFTA_CHAIN_HOOK);
	attr_u32(h, NFTA_HOOK_HOOKNUM, htonl(NF_INET_POST_ROUTING));
	attr_u32(h, NFTA_HOOK_PRIORITY, htonl(100));
	nest_end(h, hook);
	attr_str(h, NFTA_CHAIN_TYPE, "nat");
	msg_end(&m, h);
	nft_msg(&m, NFT_MSG_NEWRULE, NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND, NFPROTO_INET, &h);
	attr_str(h, NFTA_RULE_TABLE, table);
	attr_str(h, NFTA_RULE_CHAIN, "srcnat");
	exprs = nest(h, NFTA_RULE_EXPRESSIONS);
	elem = nest(h, NFTA_LIST_ELEM);
	attr_str(h, NFTA_EXPR_NAME, "masq");
	nest_end(h, elem);
	nest_end(h, exprs);
	msg_end(&m, h);
	nft_msg(&m, NFNL_MSG_BATCH_END, 0, AF_UNSPEC, &h);
	msg_end(&m, h);
	if (run(fd, &m, 3, false) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The table goes when its socket does: leave that to a copy that dies with us. */
static void release_after_exit(int table)
{
	pid_t parent = getpid();

	if (fork() == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(0);
		for (int fd = 0; fd < 3; fd++)
			close(fd);
		for (;;)
			pause();
	}
	close(table);
}

/* ---- the child's side -------------------------------------------------------------- */

static int sandbox_end(void)
{
	struct rtmsg rt = { .rtm_family = AF_INET, .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
			    .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST };
	struct ifinfomsg get = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct msgbuf m = { .used = 0 };
	struct in_addr gw;
	struct nlmsghdr *h;
	int fd = nl_socket(NETLINK_ROUTE, RTMGRP_LINK), r;

	if (fd < 0)
		return -1;
	link_up(&m, 1);
	addr_add(&m, ifindex, SANDBOX_ADDR);
	link_up(&m, ifindex);
	h = msg_start(&m, RTM_NEWROUTE, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, &rt, sizeof(rt));
	inet_pton(AF_INET, HOST_ADDR, &gw);
	attr(h, RTA_GATEWAY, &gw, sizeof(gw));
	attr_u32(h, RTA_OIF, (uint32_t)ifindex);
	msg_end(&m, h);
	/* As isolate: the kernel then finishes the link's carrier event now, not up to a
	 * second later (linkwatch). */
	msg_end(&m, msg_start(&m, RTM_GETLINK, 0, &get, sizeof(get)));
	r = run(fd, &m, 4, true);
	close(fd);
	return r;
}

static int child(void *arg)
{
	if (floor_view_released(go))
		return 125;
	if (sandbox_end() < 0)
		return floor_fail(WHO, "the sandbox's end of the veth");
	return floor_view_exec(WHO, arg);
}

int main(int argc, char **argv)
{
	char name[IFNAMSIZ];
	int table, status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: " WHO " PROGRAM [ARGS...] (as root)\n");
		return 125;
	}
	ifindex = INDEX_BASE + (int)(getpid() & 0xfffff);
	snprintf(name, sizeof(name), "fv%d", (int)getpid());
	if (pipe2(go, O_CLOEXEC) < 0)
		return floor_fail(WHO, "pipe");
	pid = floor_clone(WHO, child, argv + 1);
	if (pid < 0)
		return 125;
	close(go[0]);
	if (floor_view_maps(pid) < 0 || host_end(pid, name) < 0 || write(go[1], "g", 1) != 1) {
		floor_fail(WHO, "id maps or the host's end of the veth");
		kill(pid, SIGKILL);
		floor_wait(pid);
		return 125;
	}
	close(go[1]);
	table = owned_table();
	if (table < 0) {
		floor_fail(WHO, "nftables table");
		kill(pid, SIGKILL);
		floor_wait(pid);
		return 125;
	}
	status = floor_wait(pid);
	release_after_exit(table);
	return status;
}
