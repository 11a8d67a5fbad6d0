/* nat.c - egress and --publish for --net=veth over nftables (see nat.h). */
#include "nat.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "fwcheck.h"
#include "lifetime.h"
#include "sysctl.h"

/* PUBLISH_MAX rules in two chains, a few hundred bytes each, and the rest. */
#define NFT_BUF_SIZE 65536
/* Hook priorities, as nft(8) names them. */
#define PRIO_RAW (-300)
#define PRIO_DSTNAT (-100)
#define PRIO_FILTER 0
#define PRIO_SRCNAT 100

/* One transaction under construction: the messages, and whether any allocation failed. */
struct tx {
	char *buf;
	size_t len;
	uint32_t seq;
	unsigned n;               /* messages after the batch begin */
	unsigned failed;          /* the message the kernel refused, counted from 1; 0: none */
	bool full;
	char *table;              /* NAT_TABLE_NAME_MAX bytes: commit_named may rename it */
	const char *host_end;
	int family;               /* the sandbox's: AF_INET or AF_INET6 */
};

/* A rule under construction: expressions are added while r is not NULL. */
struct rule {
	struct nftnl_rule *r;
	bool oom;
};

static void add(struct rule *rb, struct nftnl_expr *e)
{
	if (!e || !rb->r) {
		rb->oom = true;
		if (e)
			nftnl_expr_free(e);
		return;
	}
	nftnl_rule_add_expr(rb->r, e);
}

static struct nftnl_expr *expr(const char *name)
{
	return nftnl_expr_alloc(name);
}

static void cmp(struct rule *rb, uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr("cmp");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
		nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	}
	add(rb, e);
}

static void meta(struct rule *rb, uint32_t key)
{
	struct nftnl_expr *e = expr("meta");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	}
	add(rb, e);
}

/* iifname/oifname OP name: the whole IFNAMSIZ buffer, so "iso1" never matches "iso12". */
static void ifname(struct rule *rb, uint32_t key, uint32_t op, const char *name)
{
	char buf[IFNAMSIZ] = { 0 };

	(void)snprintf(buf, sizeof(buf), "%s", name);
	meta(rb, key);
	cmp(rb, op, buf, sizeof(buf));
}

static void nfproto(struct rule *rb, int family)
{
	uint8_t p = family == AF_INET ? NFPROTO_IPV4 : NFPROTO_IPV6;

	meta(rb, NFT_META_NFPROTO);
	cmp(rb, NFT_CMP_EQ, &p, sizeof(p));
}

static void l4proto(struct rule *rb, uint8_t proto)
{
	meta(rb, NFT_META_L4PROTO);
	cmp(rb, NFT_CMP_EQ, &proto, sizeof(proto));
}

static void payload(struct rule *rb, uint32_t base, uint32_t offset, uint32_t len)
{
	struct nftnl_expr *e = expr("payload");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	}
	add(rb, e);
}

/* ip/ip6 saddr or daddr OP address (the rule must have matched the family first). */
static void addr(struct rule *rb, const struct cidr *a, bool dst, uint32_t op)
{
	uint32_t len = (uint32_t)cidr_addr_len(a->family);
	uint32_t off = a->family == AF_INET ? (dst ? 16 : 12) : (dst ? 24 : 8);

	payload(rb, NFT_PAYLOAD_NETWORK_HEADER, off, len);
	cmp(rb, op, a->addr, len);
}

/* ip saddr/daddr 127.0.0.0/8 */
static void loopback_net(struct rule *rb, bool dst)
{
	static const uint8_t mask[4] = { 255, 0, 0, 0 }, xor[4] = { 0 }, net[4] = { 127, 0, 0, 0 };
	struct nftnl_expr *e;

	payload(rb, NFT_PAYLOAD_NETWORK_HEADER, dst ? 16 : 12, 4);
	e = expr("bitwise");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 4);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, 4);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, xor, 4);
	}
	add(rb, e);
	cmp(rb, NFT_CMP_EQ, net, 4);
}

/* ct state established,related */
static void ct_established(struct rule *rb)
{
	uint32_t mask = NF_CT_STATE_BIT(IP_CT_ESTABLISHED) | NF_CT_STATE_BIT(IP_CT_RELATED), zero = 0;
	uint32_t none = 0;
	struct nftnl_expr *e = expr("ct");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, NFT_CT_STATE);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, NFT_REG_1);
	}
	add(rb, e);
	e = expr("bitwise");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 4);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, 4);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, 4);
	}
	add(rb, e);
	cmp(rb, NFT_CMP_NEQ, &none, 4);
}

/* fib daddr type OP type: RTN_LOCAL for the host's own addresses, RTN_UNICAST for
 * what would be routed on. */
static void daddr_type(struct rule *rb, uint32_t op, uint32_t type)
{
	struct nftnl_expr *e = expr("fib");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
		nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_FLAGS, NFTA_FIB_F_DADDR);
	}
	add(rb, e);
	cmp(rb, op, &type, sizeof(type));
}

static void verdict(struct rule *rb, int v)
{
	struct nftnl_expr *e = expr("immediate");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)v);
	}
	add(rb, e);
}

/* Fail at once, never by timeout: TCP gets a reset, the rest ICMP administratively prohibited. */
static void reject(struct rule *rb, bool tcp)
{
	struct nftnl_expr *e = expr("reject");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, tcp ? NFT_REJECT_TCP_RST : NFT_REJECT_ICMPX_UNREACH);
		nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE, tcp ? 0 : NFT_REJECT_ICMPX_ADMIN_PROHIBITED);
	}
	add(rb, e);
}

static void masquerade(struct rule *rb)
{
	add(rb, expr("masq"));
}

/* th dport == port, then dnat to the sandbox's to:port. */
static void dnat(struct rule *rb, const struct cidr *to, uint16_t port)
{
	struct nftnl_expr *e = expr("immediate");
	uint16_t be = htons(port);

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
		nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, to->addr, (uint32_t)cidr_addr_len(to->family));
	}
	add(rb, e);
	e = expr("immediate");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_2);
		nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, &be, sizeof(be));
	}
	add(rb, e);
	e = expr("nat");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, to->family == AF_INET ? NFPROTO_IPV4 : NFPROTO_IPV6);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
	}
	add(rb, e);
}

static void dport(struct rule *rb, uint16_t port)
{
	uint16_t be = htons(port);

	/* Destination port: bytes 2-3 of both the TCP and the UDP header. */
	payload(rb, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
	cmp(rb, NFT_CMP_EQ, &be, sizeof(be));
}

/* Room for one more message in the transaction, or mark it full. */
static char *slot(struct tx *t)
{
	if (t->len + 2048 > NFT_BUF_SIZE) {
		t->full = true;
		return NULL;
	}
	return t->buf + t->len;
}

static void put(struct tx *t, const struct nlmsghdr *nlh)
{
	t->len += NLMSG_ALIGN(nlh->nlmsg_len);
	t->n++;
}

static struct rule rule_start(struct tx *t, const char *chain)
{
	struct rule rb = { .r = nftnl_rule_alloc() };

	if (!rb.r) {
		rb.oom = true;
		return rb;
	}
	nftnl_rule_set_u32(rb.r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	nftnl_rule_set_str(rb.r, NFTNL_RULE_TABLE, t->table);
	nftnl_rule_set_str(rb.r, NFTNL_RULE_CHAIN, chain);
	return rb;
}

/* Seal the rule into the transaction; returns false when memory or room ran out. */
static bool rule_end(struct tx *t, struct rule *rb)
{
	char *buf = slot(t);

	if (!rb->oom && buf) {
		struct nlmsghdr *nlh = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_NEWRULE, NFPROTO_INET,
						 NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, ++t->seq);
		nftnl_rule_nlmsg_build_payload(nlh, rb->r);
		put(t, nlh);
	}
	if (rb->r)
		nftnl_rule_free(rb->r);
	rb->r = NULL;
	return !rb->oom && buf;
}

static bool chain(struct tx *t, const char *name, const char *type, uint32_t hook, int prio)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	char *buf = slot(t);
	struct nlmsghdr *nlh;

	if (!c || !buf) {
		if (c)
			nftnl_chain_free(c);
		return false;
	}
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, t->table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, type);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, prio);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nlh = nftnl_chain_nlmsg_build_hdr(buf, NFT_MSG_NEWCHAIN, NFPROTO_INET, NLM_F_CREATE | NLM_F_ACK,
					  ++t->seq);
	nftnl_chain_nlmsg_build_payload(nlh, c);
	nftnl_chain_free(c);
	put(t, nlh);
	return true;
}

static bool table(struct tx *t)
{
	struct nftnl_table *tb = nftnl_table_alloc();
	char *buf = slot(t);
	struct nlmsghdr *nlh;

	if (!tb || !buf) {
		if (tb)
			nftnl_table_free(tb);
		return false;
	}
	nftnl_table_set_u32(tb, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_str(tb, NFTNL_TABLE_NAME, t->table);
	/* Owned by this socket: the kernel deletes the table when it closes, however we end. */
	nftnl_table_set_u32(tb, NFTNL_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	nlh = nftnl_table_nlmsg_build_hdr(buf, NFT_MSG_NEWTABLE, NFPROTO_INET,
					  NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, ++t->seq);
	nftnl_table_nlmsg_build_payload(nlh, tb);
	nftnl_table_free(tb);
	put(t, nlh);
	return true;
}

/* What the rules need to know about this run. */
struct nat_want {
	const struct plan *plan;
	const struct cidr *sandbox, *host;
	bool egress_nat;
	bool fib_reject;   /* IPv6 without forwarding on the host: reject what would be dropped */
	bool publish_v4;   /* a --publish rule reachable from 127.0.0.1 */
	const struct cidr *dns; /* the host's loopback nameserver to forward DNS to, or NULL */
};

/*
 * Traffic from the sandbox: replies pass; egress=none rejects all but the host end.
 * With nothing to reject there is no chain: an accept ends only its own base chain's
 * walk, so a chain of accepts alone decides nothing, and every base chain is one more
 * hook that each of the host's packets passes and one more chain in every chain dump
 * (fwcheck.c reads the dump at each start: among 1000 live sandboxes, it was half of it).
 */
static bool filter_rules(struct tx *t, const struct nat_want *w)
{
	struct rule rb;

	if (w->egress_nat && !w->fib_reject)
		return true;
	if (!chain(t, "sandbox-in", "filter", NF_INET_PRE_ROUTING, PRIO_FILTER))
		return false;
	rb = rule_start(t, "sandbox-in");
	ifname(&rb, NFT_META_IIFNAME, NFT_CMP_EQ, t->host_end);
	ct_established(&rb);
	verdict(&rb, NF_ACCEPT);
	if (!rule_end(t, &rb))
		return false;
	/* DNS forwarded to the host's loopback nameserver (dns_rules): translated before
	 * this chain, and only ours can be (loopback_guard drops the rest). */
	if (w->dns) {
		rb = rule_start(t, "sandbox-in");
		ifname(&rb, NFT_META_IIFNAME, NFT_CMP_EQ, t->host_end);
		nfproto(&rb, AF_INET);
		addr(&rb, w->dns, true, NFT_CMP_EQ);
		dport(&rb, 53);
		verdict(&rb, NF_ACCEPT);
		if (!rule_end(t, &rb))
			return false;
	}
	for (int tcp = 1; tcp >= 0; tcp--) {
		rb = rule_start(t, "sandbox-in");
		ifname(&rb, NFT_META_IIFNAME, NFT_CMP_EQ, t->host_end);
		nfproto(&rb, t->family);
		/*
		 * --egress=nat without IPv6 forwarding: what would be routed on. --egress=none:
		 * all but the host end; over IPv6 only unicast that is routed on, since neighbour
		 * discovery needs multicast and link-local addresses.
		 */
		if (!w->egress_nat)
			addr(&rb, w->host, true, NFT_CMP_NEQ);
		if (w->egress_nat || t->family == AF_INET6)
			daddr_type(&rb, NFT_CMP_EQ, RTN_UNICAST);
		if (tcp)
			l4proto(&rb, IPPROTO_TCP);
		reject(&rb, tcp);
		if (!rule_end(t, &rb))
			return false;
	}
	return true;
}

/* Masquerade what leaves the host; and what the host sends from 127.0.0.1 to --publish. */
static bool srcnat_rules(struct tx *t, const struct nat_want *w)
{
	struct rule rb;

	if (!w->egress_nat && !w->publish_v4)
		return true;
	if (!chain(t, "srcnat", "nat", NF_INET_POST_ROUTING, PRIO_SRCNAT))
		return false;
	if (w->egress_nat) {
		rb = rule_start(t, "srcnat");
		nfproto(&rb, t->family);
		addr(&rb, w->sandbox, false, NFT_CMP_EQ);
		ifname(&rb, NFT_META_OIFNAME, NFT_CMP_NEQ, t->host_end);
		masquerade(&rb);
		if (!rule_end(t, &rb))
			return false;
	}
	if (w->publish_v4) {
		rb = rule_start(t, "srcnat");
		nfproto(&rb, AF_INET);
		ifname(&rb, NFT_META_OIFNAME, NFT_CMP_EQ, t->host_end);
		loopback_net(&rb, false);
		masquerade(&rb);
		if (!rule_end(t, &rb))
			return false;
	}
	return true;
}

/*
 * route_localnet on the host end (for --publish from 127.0.0.1 and for DNS forwarded to
 * a loopback nameserver) lets 127.0.0.0/8 be routed through it, so it must not let the
 * sandbox reach the host's loopback (CVE-2020-8558): before conntrack and NAT, drop what
 * comes from the sandbox to 127.0.0.0/8. The DNS forward below is translated later, in
 * prerouting's NAT, from the host end's own address.
 */
static bool loopback_guard(struct tx *t, const struct nat_want *w)
{
	struct rule rb;

	if (!w->publish_v4 && !w->dns)
		return true;
	if (!chain(t, "sandbox-raw", "filter", NF_INET_PRE_ROUTING, PRIO_RAW))
		return false;
	rb = rule_start(t, "sandbox-raw");
	ifname(&rb, NFT_META_IIFNAME, NFT_CMP_EQ, t->host_end);
	nfproto(&rb, AF_INET);
	loopback_net(&rb, true);
	verdict(&rb, NF_DROP);
	return rule_end(t, &rb);
}

/*
 * The host's resolv.conf names a nameserver on its loopback (a stub resolver) and no
 * upstream list replaces it: the sandbox's resolv.conf names the host end, and its
 * queries there (UDP and TCP port 53) go on to that nameserver.
 */
static bool dns_rules(struct tx *t, const struct nat_want *w)
{
	if (!w->dns)
		return true;
	if (!chain(t, "dns", "nat", NF_INET_PRE_ROUTING, PRIO_DSTNAT))
		return false;
	for (int tcp = 0; tcp < 2; tcp++) {
		struct rule rb = rule_start(t, "dns");

		ifname(&rb, NFT_META_IIFNAME, NFT_CMP_EQ, t->host_end);
		nfproto(&rb, AF_INET);
		addr(&rb, w->host, true, NFT_CMP_EQ);
		l4proto(&rb, tcp ? IPPROTO_TCP : IPPROTO_UDP);
		dport(&rb, 53);
		dnat(&rb, w->dns, 53);
		if (!rule_end(t, &rb))
			return false;
	}
	return true;
}

/* --publish: DNAT in prerouting (from elsewhere) and output (from the host itself). */
static bool dstnat_rules(struct tx *t, const struct nat_want *w)
{
	static const struct {
		const char *name;
		uint32_t hook;
	} chains[] = { { "publish", NF_INET_PRE_ROUTING }, { "publish-local", NF_INET_LOCAL_OUT } };
	const struct spec *s = w->plan->spec;
	struct rule rb;

	if (!s->publish.n)
		return true;
	for (size_t c = 0; c < ARRAY_SIZE(chains); c++) {
		if (!chain(t, chains[c].name, "nat", chains[c].hook, PRIO_DSTNAT))
			return false;
		for (size_t i = 0; i < s->publish.n; i++) {
			const struct publish *p = &VEC_AT(&s->publish, struct publish_rule, i)->rule;

			rb = rule_start(t, chains[c].name);
			/* The sandbox's own packets are never turned back to it (no hairpin). */
			if (chains[c].hook == NF_INET_PRE_ROUTING)
				ifname(&rb, NFT_META_IIFNAME, NFT_CMP_NEQ, t->host_end);
			nfproto(&rb, t->family);
			if (p->host_ip.family)
				addr(&rb, &p->host_ip, true, NFT_CMP_EQ);
			else
				daddr_type(&rb, NFT_CMP_EQ, RTN_LOCAL);
			l4proto(&rb, p->proto == PUBLISH_UDP ? IPPROTO_UDP : IPPROTO_TCP);
			dport(&rb, p->host_port);
			dnat(&rb, w->sandbox, p->port);
			if (!rule_end(t, &rb))
				return false;
		}
	}
	return true;
}

/* The kernel's answers to the transaction: all are queued by the time sendto returns. */
static int read_acks(struct mnl_socket *sock, struct tx *t, uint32_t first, struct error *err)
{
	char buf[8192] __attribute__((aligned(4)));
	unsigned acked = 0;

	while (acked < t->n) {
		ssize_t n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		int left = (int)n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return error_set(err, errno, "nftables: read the answer");
		}
		for (const struct nlmsghdr *h = (const void *)buf; mnl_nlmsg_ok(h, left);
		     h = mnl_nlmsg_next(h, &left)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

			if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq < first)
				continue;
			acked++;
			if (mnl_nlmsg_get_payload_len(h) < sizeof(*e))
				return error_set(err, EBADMSG, "nftables: a short answer");
			if (e->error) {
				t->failed = h->nlmsg_seq - first + 1;
				return error_set(err, -e->error, "nftables: create table %s (message %u of %u)",
						 t->table, t->failed, t->n);
			}
		}
	}
	return 0;
}

/* Build and commit the table in one transaction. */
static int commit(struct mnl_socket *sock, const struct nat_want *w, struct tx *t, struct error *err)
{
	uint32_t first;
	ssize_t sent;

	/* A retry's sequence numbers go on from the last try's: its late answers are skipped. */
	t->n = 0;
	t->failed = 0;
	t->full = false;
	nftnl_batch_begin(t->buf, t->seq++);
	t->len = NLMSG_ALIGN(((struct nlmsghdr *)(void *)t->buf)->nlmsg_len);
	first = t->seq + 1;
	if (!table(t) || !filter_rules(t, w) || !srcnat_rules(t, w) || !loopback_guard(t, w) ||
	    !dns_rules(t, w) || !dstnat_rules(t, w) || t->full)
		return error_set(err, t->full ? EMSGSIZE : ENOMEM, "nftables: build table %s", t->table);
	nftnl_batch_end(t->buf + t->len, ++t->seq);
	t->len += NLMSG_ALIGN(((struct nlmsghdr *)(void *)(t->buf + t->len))->nlmsg_len);
	do
		sent = mnl_socket_sendto(sock, t->buf, t->len);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return error_set(err, errno, "nftables: send the table %s", t->table);
	return read_acks(sock, t, first, err);
}

/* Tries of another table name when the host end's is taken (commit_named). */
#define TABLE_TRIES 4

/*
 * The table is named after the host end, whose name is free on the host right now. Yet
 * a table of that name can outlive its sandbox by 10-30 ms, held by the copy that hands
 * its release to the kernel after isolate's exit (lifetime_hold_past_exit): when the
 * same host end name comes right back (--veth-host NAME run again, or iso<PID> in
 * another PID namespace). Then the transaction fails whole (EEXIST on the table, which
 * is message 1), and another name, with a random tag, is tried.
 */
static int commit_named(struct mnl_socket *sock, const struct nat_want *w, struct tx *t, struct error *err)
{
	for (unsigned try = 1;; try++) {
		if (commit(sock, w, t, err) == 0)
			return 0;
		if (err->errnum != EEXIST || t->failed != 1 || try >= TABLE_TRIES)
			return -1;
		trace(w->plan->spec->verbose, "parent: nftables table %s exists; trying another name", t->table);
		*err = (struct error){ 0 };
		(void)snprintf(t->table, NAT_TABLE_NAME_MAX, NAT_TABLE_PREFIX "%s-%x", t->host_end, random_tag());
	}
}

/*
 * Hold each published host port with a bound socket for the sandbox's life, as podman
 * does: a port in use is refused now, in one line, and nothing else can take it later.
 * A HOSTIP that is not the host's fails here too (EADDRNOTAVAIL).
 */
static int hold_ports(const struct spec *s, int family, struct nat *nat, struct error *err)
{
	if (!s->publish.n)
		return 0;
	nat->ports = calloc(s->publish.n, sizeof(*nat->ports));
	if (!nat->ports)
		return error_set(err, ENOMEM, "hold the published ports");
	for (size_t i = 0; i < s->publish.n; i++) {
		const struct publish_rule *r = VEC_AT(&s->publish, struct publish_rule, i);
		struct sockaddr_storage ss = { 0 };
		int fam = r->rule.host_ip.family ? r->rule.host_ip.family : family;
		socklen_t len;
		int fd;

		if (fam == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;
			a->sin_family = AF_INET;
			a->sin_port = htons(r->rule.host_port);
			memcpy(&a->sin_addr, r->rule.host_ip.addr, r->rule.host_ip.family ? 4 : 0);
			len = sizeof(*a);
		} else {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
			a->sin6_family = AF_INET6;
			a->sin6_port = htons(r->rule.host_port);
			memcpy(&a->sin6_addr, r->rule.host_ip.addr, r->rule.host_ip.family ? 16 : 0);
			len = sizeof(*a);
		}
		fd = socket(fam, (r->rule.proto == PUBLISH_UDP ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return error_set(err, errno, "%s: socket", r->origin);
		nat->ports[nat->n_ports++] = fd;
		if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
			int e = errno;
			(void)error_set(err, e, "%s: bind the host port", r->origin);
			if (e == EADDRINUSE)
				return error_hint(err, "something on the host uses port %u/%s already",
						  (unsigned)r->rule.host_port, publish_proto_name(r->rule.proto));
			if (e == EADDRNOTAVAIL)
				return error_hint(err, "HOSTIP must be an address of the host");
			return -1;
		}
	}
	return 0;
}

/*
 * Routing beyond the host end. IPv4: forwarding is decided per input interface, and
 * replies come in through the uplink, so the host end's own setting is not enough:
 * net.ipv4.ip_forward is turned on if it was off (and never turned off again, since
 * other sandboxes may rely on it). IPv6: turning forwarding on globally would make
 * the host stop accepting router advertisements on its uplinks, so isolate does not;
 * without it the sandbox's packets beyond the host are rejected at once.
 */
static int forwarding(const struct plan *plan, const char *host_end, int family, struct nat_want *w,
		      struct error *err)
{
	char value[16];

	if (family == AF_INET6) {
		if (sysctl_get("net/ipv6/conf/all/forwarding", value, sizeof(value), err) < 0)
			return -1;
		w->fib_reject = w->egress_nat && strcmp(value, "0") == 0;
		if (w->fib_reject)
			trace(plan->spec->verbose, "parent: IPv6 forwarding is off on the host: the sandbox reaches the host only");
		return 0;
	}
	/* 127.0.0.1 to --publish: the DNAT'd packet leaves through the host end from
	 * 127.0.0.1; DNS to a loopback nameserver: its answer does. */
	if ((w->publish_v4 || w->dns) && sysctl_link_set("ipv4", host_end, "route_localnet", "1", err) < 0)
		return -1;
	if (!w->egress_nat && !plan->spec->publish.n)
		return 0;
	if (sysctl_get("net/ipv4/ip_forward", value, sizeof(value), err) < 0)
		return -1;
	if (strcmp(value, "0") == 0) {
		if (sysctl_set("net/ipv4/ip_forward", "1", err) < 0)
			return error_hint(err, "IPv4 forwarding is off; use --egress=none to do without it");
		trace(plan->spec->verbose, "parent: net.ipv4.ip_forward was 0, set to 1");
	}
	return sysctl_link_set("ipv4", host_end, "forwarding", "1", err);
}

/*
 * Another table drops forwarded traffic by policy: the sandbox's packets beyond the host
 * would vanish there. Reject them in our table instead, at once, and say why in one line
 * with the fix (--quiet keeps it to -v).
 */
static int firewall(const struct plan *plan, struct mnl_socket *sock, struct nat_want *w)
{
	char what[200], fam[8], tbl[64], name[64];

	if (!w->egress_nat && !plan->spec->publish.n)
		return 0;
	if (fw_forward_drop(sock, w->sandbox->family, plan->spec->verbose, what, sizeof(what)) <= 0)
		return 0;
	w->fib_reject = w->egress_nat;
	if (sscanf(what, "%7s %63s %63s", fam, tbl, name) != 3)
		return 0;
	if (plan->spec->quiet && !plan->spec->verbose)
		return 0;
	(void)fprintf(stderr,
		      "isolate: note: the host's firewall drops forwarded traffic (chain %s, policy drop): the sandbox reaches "
		      "the host only, and beyond it is refused at once; to let sandboxes out: nft insert rule %s %s %s "
		      "iifname \"iso*\" accept; nft insert rule %s %s %s oifname \"iso*\" ct state established,related accept\n",
		      what, fam, tbl, name, fam, tbl, name);
	return 0;
}

int nat_setup(const struct plan *plan, const char *host_end, const struct cidr *sandbox,
	      const struct cidr *host, const struct cidr *dns, struct nat *nat, struct error *err)
{
	char *buf = malloc(NFT_BUF_SIZE);
	char name[NAT_TABLE_NAME_MAX];
	struct nat_want w = { .plan = plan, .sandbox = sandbox, .host = host,
			      .egress_nat = plan->net.egress == EGRESS_NAT };
	struct tx t = { .buf = buf, .seq = 1, .table = name, .host_end = host_end,
			.family = sandbox->family };

	*nat = (struct nat){ 0 };
	if (!buf)
		return error_set(err, ENOMEM, "nftables: a transaction buffer");
	w.publish_v4 = sandbox->family == AF_INET && plan->spec->publish.n > 0;
	w.dns = dns && dns->family == AF_INET && sandbox->family == AF_INET ? dns : NULL;
	(void)snprintf(name, sizeof(name), NAT_TABLE_PREFIX "%s", host_end);
	if (hold_ports(plan->spec, sandbox->family, nat, err) < 0 ||
	    forwarding(plan, host_end, sandbox->family, &w, err) < 0)
		goto fail;
	nat->sock = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!nat->sock) {
		(void)error_set(err, errno, "nftables: open a netlink socket");
		goto fail;
	}
	if (mnl_socket_bind(nat->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		(void)error_set(err, errno, "nftables: bind the netlink socket");
		goto fail;
	}
	if (firewall(plan, nat->sock, &w) < 0 || commit_named(nat->sock, &w, &t, err) < 0) {
		if (err->errnum == EOPNOTSUPP || err->errnum == ENOENT)
			(void)error_hint(err, "the kernel lacks nftables NAT, fib or reject (Linux 5.12 or later with nf_tables); use --net=pasta or --egress=none");
		goto fail;
	}
	trace(plan->spec->verbose, "parent: nftables table inet %s: %u messages: ok", name, t.n);
	free(buf);
	return 0;
fail:
	free(buf);
	nat_close(nat);
	return -1;
}

void nat_close(struct nat *nat)
{
	/* The ports first: the copy that takes the table's socket must not hold them. */
	for (size_t i = 0; i < nat->n_ports; i++)
		(void)close(nat->ports[i]);
	free(nat->ports);
	nat->ports = NULL;
	nat->n_ports = 0;
	if (nat->sock) {
		/* The kernel deletes the table when the copy's reference goes, with isolate. */
		lifetime_hold_past_exit(mnl_socket_get_fd(nat->sock));
		(void)mnl_socket_close(nat->sock);
	}
	nat->sock = NULL;
}
