/* fwcheck.c - does another nftables table drop what the host would forward for the
 * sandbox? (see fwcheck.h) */
#include "fwcheck.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nat.h"
#include "netlink.h"

/* Dropping forward chains: a few on any host; more are not looked at. */
#define FW_CHAINS_MAX 16
#define FW_BUF 16384

struct fw_chain {
	int family;
	char table[64], name[64];
};

struct fw_hooks {
	struct fw_chain chain[FW_CHAINS_MAX];
	size_t n;
	size_t base; /* n before the dump under way: what its retry keeps */
};

/* Tries of a dump that another table's change interrupted, before its answer is used as is. */
#define FW_DUMP_TRIES 3

/*
 * Send one dump request and read its answers (nl_dump_read): 0, or 1 if a change in the
 * ruleset interrupted it (NLM_F_DUMP_INTR), or -1. Sandboxes starting at once change the
 * ruleset all the time.
 */
static int query_once(struct mnl_socket *sock, const struct nlmsghdr *req, nl_entry_cb cb, void *data)
{
	char buf[FW_BUF] __attribute__((aligned(4)));
	const struct nlmsghdr *answer;
	ssize_t sent;

	do
		sent = mnl_socket_sendto(sock, req, req->nlmsg_len);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return -1;
	return nl_dump_read(sock, req->nlmsg_seq, buf, sizeof(buf), cb, data, &answer);
}

/*
 * One dump, redone while a change interrupts it; reset() clears what an interrupted
 * try gathered. The last try's answer is used even if interrupted: what is looked for
 * is the host's own firewall, which the other sandboxes' changes leave alone.
 */
static int query(struct mnl_socket *sock, const struct nlmsghdr *req, nl_entry_cb cb, void *data,
		 void (*reset)(void *))
{
	int r = 1;

	for (int i = 0; i < FW_DUMP_TRIES && r == 1; i++) {
		reset(data);
		r = query_once(sock, req, cb, data);
	}
	return r < 0 ? -1 : 0;
}

/* A base chain on the forward hook with policy drop, of a table not isolate's. */
static void chains_reset(void *data)
{
	struct fw_hooks *h = data;

	h->n = h->base;
}

/*
 * A look at the message's own attributes, before any parse: a chain of one of isolate's
 * tables, or one with no hook, is not what is looked for. Among 1000 live sandboxes the
 * inet dump holds 1000 and more such chains (3000 when this was written), and a full
 * parse of each cost ~3 ms a start.
 */
static bool may_drop_forward(const struct nlmsghdr *nlh)
{
	const struct nlattr *a;
	bool hooked = false;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		switch (mnl_attr_get_type(a)) {
		case NFTA_CHAIN_TABLE:
			if (strncmp(mnl_attr_get_payload(a), NAT_TABLE_PREFIX, strlen(NAT_TABLE_PREFIX)) == 0)
				return false;
			break;
		case NFTA_CHAIN_HOOK:
			hooked = true;
			break;
		default:
			break;
		}
	}
	return hooked;
}

static void chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fw_hooks *h = data;
	struct nftnl_chain *c;
	const char *table, *name;

	if (!may_drop_forward(nlh))
		return;
	c = nftnl_chain_alloc();
	if (!c)
		return;
	if (nftnl_chain_nlmsg_parse(nlh, c) == 0 && nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM) &&
	    nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM) == NF_INET_FORWARD &&
	    nftnl_chain_is_set(c, NFTNL_CHAIN_POLICY) && nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY) == NF_DROP &&
	    (table = nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE)) && (name = nftnl_chain_get_str(c, NFTNL_CHAIN_NAME)) &&
	    strncmp(table, NAT_TABLE_PREFIX, strlen(NAT_TABLE_PREFIX)) != 0 && h->n < FW_CHAINS_MAX) {
		struct fw_chain *fc = &h->chain[h->n++];

		fc->family = (int)nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY);
		(void)snprintf(fc->table, sizeof(fc->table), "%s", table);
		(void)snprintf(fc->name, sizeof(fc->name), "%s", name);
	}
	nftnl_chain_free(c);
}

/*
 * The dropping forward chains of one family. The kernel cannot filter a chain dump by
 * hook or table, only by family: the ip and ip6 families hold none of isolate's own
 * tables (they are inet), so their dumps stay small whatever the number of sandboxes.
 */
static int drop_chains(struct mnl_socket *sock, int nfproto, uint32_t *seq, struct fw_hooks *h)
{
	char buf[512] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = nftnl_chain_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, (uint16_t)nfproto, NLM_F_DUMP, ++*seq);

	h->base = h->n;
	return query(sock, nlh, chain_cb, h, chains_reset);
}

/* Does an expression compare something with a name starting "iso" (iifname "iso*")? */
static int expr_cb(struct nftnl_expr *e, void *data)
{
	uint32_t len = 0;
	const char *d;

	if (strcmp(nftnl_expr_get_str(e, NFTNL_EXPR_NAME), "cmp") != 0)
		return 0;
	d = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
	if (d && len >= 3 && memcmp(d, "iso", 3) == 0)
		*(bool *)data = true;
	return 0;
}

static void found_reset(void *data)
{
	*(bool *)data = false;
}

static void rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	if (r && nftnl_rule_nlmsg_parse(nlh, r) == 0)
		(void)nftnl_expr_foreach(r, expr_cb, data);
	if (r)
		nftnl_rule_free(r);
}

/* Whether a rule of the chain names isolate's host ends, as the hint's fix does. */
static bool chain_names_isolate(struct mnl_socket *sock, uint32_t *seq, const struct fw_chain *fc)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	bool found = false;

	if (!r)
		return false;
	/* A dump filtered by table and chain (the kernel's nft_rule_dump_ctx). */
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, fc->table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, fc->name);
	nlh = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, (uint16_t)fc->family, NLM_F_DUMP, ++*seq);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	if (query(sock, nlh, rule_cb, &found, found_reset) < 0)
		return false;
	return found;
}

static const char *family_name(int family)
{
	switch (family) {
	case NFPROTO_IPV4:
		return "ip";
	case NFPROTO_IPV6:
		return "ip6";
	case NFPROTO_INET:
		return "inet";
	default:
		return "?";
	}
}

int fw_forward_drop(struct mnl_socket *sock, int family, bool verbose, char *what, size_t size)
{
	struct fw_hooks h = { .n = 0 };
	uint32_t seq = 0x1500;

	if (drop_chains(sock, family == AF_INET6 ? NFPROTO_IPV6 : NFPROTO_IPV4, &seq, &h) < 0 ||
	    drop_chains(sock, NFPROTO_INET, &seq, &h) < 0) {
		trace(verbose, "parent: cannot list the host's nftables chains: %s", strerror(errno));
		return 0;
	}
	for (size_t i = 0; i < h.n; i++) {
		const struct fw_chain *c = &h.chain[i];

		if (chain_names_isolate(sock, &seq, c)) {
			trace(verbose, "parent: chain %s %s %s drops forwarded traffic by policy, but a rule names iso*",
			      family_name(c->family), c->table, c->name);
			continue;
		}
		(void)snprintf(what, size, "%s %s %s", family_name(c->family), c->table, c->name);
		return 1;
	}
	return 0;
}
