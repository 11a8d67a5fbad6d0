/* fwcheck.c - does another nftables table drop what the host would forward for the
 * sandbox? (see fwcheck.h) */
#include "fwcheck.h"

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
};

/* The request of one query; each query reads its answers to the end. */
static int query(struct mnl_socket *sock, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[FW_BUF] __attribute__((aligned(4)));
	unsigned portid = mnl_socket_get_portid(sock);
	uint32_t seq = nlh->nlmsg_seq;
	int r = MNL_CB_OK;

	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		return -1;
	/* Until the dump's NLMSG_DONE or the request's ACK (MNL_CB_STOP), or an error. */
	while (r > 0 || (r < 0 && errno == EINTR)) {
		ssize_t n = mnl_socket_recvfrom(sock, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		r = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
	}
	return r < 0 ? -1 : 0;
}

/* A base chain on the forward hook with policy drop, of a table not isolate's. */
static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fw_hooks *h = data;
	struct nftnl_chain *c = nftnl_chain_alloc();
	const char *table, *name;

	if (!c)
		return MNL_CB_OK;
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
	return MNL_CB_OK;
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

	return query(sock, nlh, chain_cb, h);
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

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	if (r && nftnl_rule_nlmsg_parse(nlh, r) == 0)
		(void)nftnl_expr_foreach(r, expr_cb, data);
	if (r)
		nftnl_rule_free(r);
	return MNL_CB_OK;
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
	if (query(sock, nlh, rule_cb, &found) < 0)
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
