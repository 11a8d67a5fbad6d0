/* netlink.c - rtnetlink requests over libmnl (see netlink.h). */
#include "netlink.h"

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/*
 * Replies: ACKs are small (NETLINK_CAP_ACK leaves our request out of them). A dump
 * fills as much of the buffer as we offer, up to the kernel's 32 KiB, so a larger
 * buffer means fewer recvmsg calls.
 */
#define NL_ACK_BUF 4096
#define NL_DUMP_BUF 32768
/* The largest single request we build, checked before each one. */
#define NL_MSG_MAX 512

int nl_open(struct nl *nl, const char *who, bool verbose, struct error *err)
{
	int one = 1;

	*nl = (struct nl){ .who = who, .verbose = verbose };
	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->sock)
		return error_set(err, errno, "open a netlink socket");
	/*
	 * Extended ACKs carry the kernel's own explanation of a refusal ("IPv6 is disabled
	 * on this device"); kernels before 4.12 lack them, which only costs that text.
	 * No bind(): the kernel binds the socket to a free port id on the first send.
	 */
	if ((mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one)) < 0 ||
	     mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one)) < 0) &&
	    errno != ENOPROTOOPT) {
		int e = errno;
		nl_close(nl);
		return error_set(err, e, "set netlink socket options");
	}
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sock && mnl_socket_close(nl->sock) < 0)
		trace(nl->verbose, "%s: close the netlink socket: %s", nl->who, strerror(errno));
	nl->sock = NULL;
}

void nl_batch_init(struct nl_batch *b)
{
	b->len = 0;
	b->n = 0;
	b->overflow = false;
	b->failed = -1;
}

/* Start a request, or return NULL (and mark the batch) when it would not fit. */
__attribute__((format(printf, 4, 5))) static struct nlmsghdr *
start(struct nl_batch *b, uint16_t type, uint16_t flags, const char *fmt, ...)
{
	struct nlmsghdr *nlh;
	va_list ap;

	if (b->n >= NL_BATCH_MAX || b->len + NL_MSG_MAX > sizeof(b->buf)) {
		b->overflow = true;
		return NULL;
	}
	memset(b->buf + b->len, 0, NL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(b->buf + b->len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	b->off[b->n] = b->len;
	va_start(ap, fmt);
	(void)vsnprintf(b->what[b->n], sizeof(b->what[b->n]), fmt, ap);
	va_end(ap);
	return nlh;
}

/* Seal the request started last: its length is final now. */
static void finish(struct nl_batch *b, const struct nlmsghdr *nlh)
{
	b->len += MNL_ALIGN(nlh->nlmsg_len);
	b->n++;
}

static struct ifinfomsg *put_ifinfo(struct nlmsghdr *nlh, int index, unsigned flags, unsigned change)
{
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = index;
	ifm->ifi_flags = flags;
	ifm->ifi_change = change;
	return ifm;
}

/*
 * veth defaults to one queue pair per possible CPU, each with its own sysfs objects
 * to create and, at the end, to destroy: on a large host that is most of the cost of
 * a pair. One sandbox link needs one.
 */
static void put_one_queue(struct nlmsghdr *nlh)
{
	mnl_attr_put_u32(nlh, IFLA_NUM_TX_QUEUES, 1);
	mnl_attr_put_u32(nlh, IFLA_NUM_RX_QUEUES, 1);
}

void nl_veth_create(struct nl_batch *b, const char *host, int host_index, const char *peer,
		    int peer_index, pid_t peer_pid, unsigned mtu)
{
	struct nlattr *linkinfo, *data, *peer_nest;
	struct ifinfomsg *peer_ifm;
	struct nlmsghdr *nlh;

	/* EXCL: an existing interface of that name is an error, never reused. */
	nlh = start(b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		    "RTM_NEWLINK veth %s (index %d) <-> %s (index %d) in the netns of pid %d", host,
		    host_index, peer, peer_index, (int)peer_pid);
	if (!nlh)
		return;
	/* With NLM_F_EXCL an index in use is refused (EEXIST), never the existing link changed. */
	put_ifinfo(nlh, host_index, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, host);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	put_one_queue(nlh);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/*
	 * VETH_INFO_PEER holds an ifinfomsg and then the peer's own attributes. Creating
	 * the peer directly in the sandbox's namespace (IFLA_NET_NS_PID) means it never
	 * exists in ours, so no other process can see or grab it on the way.
	 */
	peer_nest = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	peer_ifm = mnl_nlmsg_get_payload_tail(nlh);
	memset(peer_ifm, 0, sizeof(*peer_ifm));
	peer_ifm->ifi_family = AF_UNSPEC;
	/* The kernel takes the peer's index only along with the host end's (veth_newlink). */
	peer_ifm->ifi_index = host_index ? peer_index : 0;
	nlh->nlmsg_len += MNL_ALIGN(sizeof(*peer_ifm));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_PID, (uint32_t)peer_pid);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	put_one_queue(nlh);
	mnl_attr_nest_end(nlh, peer_nest);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	finish(b, nlh);
}

void nl_link_get(struct nl_batch *b, const char *name)
{
	struct nlmsghdr *nlh = start(b, RTM_GETLINK, 0, "RTM_GETLINK %s", name);

	if (!nlh)
		return;
	put_ifinfo(nlh, 0, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	finish(b, nlh);
}

void nl_link_up(struct nl_batch *b, int index, const char *name)
{
	struct nlmsghdr *nlh = start(b, RTM_NEWLINK, 0, "RTM_NEWLINK %s (index %d) up", name, index);

	if (!nlh)
		return;
	put_ifinfo(nlh, index, IFF_UP, IFF_UP);
	finish(b, nlh);
}

void nl_link_del(struct nl_batch *b, int index, const char *name)
{
	struct nlmsghdr *nlh = start(b, RTM_DELLINK, 0, "RTM_DELLINK %s (index %d)", name, index);

	if (!nlh)
		return;
	put_ifinfo(nlh, index, 0, 0);
	if (index == 0)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	finish(b, nlh);
}

void nl_addr_add(struct nl_batch *b, int index, const char *name, const struct cidr *addr)
{
	size_t len = cidr_addr_len(addr->family);
	char text[CIDR_STRLEN];
	struct ifaddrmsg *ifa;
	struct nlmsghdr *nlh;

	cidr_format(addr, text, sizeof(text));
	nlh = start(b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWADDR %s %s", name, text);
	if (!nlh)
		return;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = addr->family;
	ifa->ifa_prefixlen = addr->prefix;
	/* Duplicate address detection cannot find anyone on a two-ended link, and would
	 * hold the IPv6 address back (tentative) for a second after PROGRAM starts. */
	ifa->ifa_flags = addr->family == AF_INET6 ? IFA_F_NODAD : 0;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)index;
	mnl_attr_put(nlh, IFA_LOCAL, len, addr->addr);
	mnl_attr_put(nlh, IFA_ADDRESS, len, addr->addr);
	finish(b, nlh);
}

void nl_route_default(struct nl_batch *b, int index, const char *name, const struct cidr *gateway)
{
	size_t len = cidr_addr_len(gateway->family);
	char text[CIDR_STRLEN];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	cidr_format_addr(gateway, text, sizeof(text));
	nlh = start(b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWROUTE default via %s dev %s",
		    text, name);
	if (!nlh)
		return;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = gateway->family;
	rtm->rtm_dst_len = 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_GATEWAY, len, gateway->addr);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)index);
	finish(b, nlh);
}

static int ext_ack_attr(const struct nlattr *attr, void *data)
{
	const char **msg = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		*msg = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

/* The kernel's text from an extended ACK, or NULL. */
static const char *ext_ack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);
	const char *msg = NULL;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	/* Without NLM_F_CAPPED our whole request is echoed between the header and the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr))
			return NULL;
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (off > mnl_nlmsg_get_payload_len(nlh))
		return NULL;
	if (mnl_attr_parse(nlh, (unsigned)off, ext_ack_attr, &msg) < 0)
		return NULL;
	return msg;
}

/* An NLMSG_ERROR's errno: 0 for an ACK, EBADMSG if it is too short to say. */
static int error_code(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return EBADMSG;
	return e->error < 0 ? -e->error : e->error;
}

/* Parse IFLA_LINK and IFLA_OPERSTATE out of an RTM_NEWLINK. */
static int link_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type == IFLA_LINK && mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		tb[IFLA_LINK] = attr;
	else if (type == IFLA_OPERSTATE && mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
		tb[IFLA_OPERSTATE] = attr;
	return MNL_CB_OK;
}

/* A link notification or reply: is it the watched link, operationally up? */
static void note_notification(struct nl *nl, const struct nlmsghdr *h)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct ifinfomsg *ifm;

	if (!nl->watch_index || h->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(h) < sizeof(*ifm))
		return;
	ifm = mnl_nlmsg_get_payload(h);
	if (ifm->ifi_index != nl->watch_index || mnl_attr_parse(h, sizeof(*ifm), link_attr, tb) < 0)
		return;
	/* The kernel sends this only after linkwatch has attached the real queue. */
	if (tb[IFLA_OPERSTATE] && mnl_attr_get_u8(tb[IFLA_OPERSTATE]) == IF_OPER_UP)
		nl->watch_up = true;
}

static ssize_t nl_send(struct nl *nl, const void *buf, size_t len)
{
	ssize_t n;

	do
		n = mnl_socket_sendto(nl->sock, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

static ssize_t nl_recv(struct nl *nl, void *buf, size_t size)
{
	ssize_t n;

	do
		n = mnl_socket_recvfrom(nl->sock, buf, size);
	while (n < 0 && errno == EINTR);
	return n;
}

int nl_batch_run(struct nl *nl, struct nl_batch *b, nl_reply_cb cb, void *data,
		 struct error *err)
{
	char buf[NL_ACK_BUF] __attribute__((aligned(4)));
	uint32_t first = nl->seq + 1;
	unsigned acked = 0;
	ssize_t sent;

	b->failed = -1;
	if (b->overflow)
		return error_set(err, 0, "netlink: a batch of requests does not fit in %zu bytes",
				 sizeof(b->buf));
	for (unsigned i = 0; i < b->n; i++)
		((struct nlmsghdr *)(void *)(b->buf + b->off[i]))->nlmsg_seq = ++nl->seq;
	if (b->n == 0)
		return 0;
	sent = nl_send(nl, b->buf, b->len);
	if (sent < 0 || (size_t)sent != b->len)
		return error_set(err, sent < 0 ? errno : EMSGSIZE, "netlink: send %s", b->what[0]);

	while (acked < b->n) {
		ssize_t n = nl_recv(nl, buf, sizeof(buf));
		int left = (int)n;

		if (n < 0)
			return error_set(err, errno, "netlink: the answer to %s", b->what[acked]);
		for (const struct nlmsghdr *h = (const void *)buf; mnl_nlmsg_ok(h, left);
		     h = mnl_nlmsg_next(h, &left)) {
			unsigned i = h->nlmsg_seq - first;
			const char *msg;
			int code;

			if (h->nlmsg_seq == 0 && h->nlmsg_pid == 0) {
				note_notification(nl, h);
				continue;
			}
			if (h->nlmsg_seq < first || i >= b->n)
				continue; /* not an answer to this batch */
			if (h->nlmsg_type != NLMSG_ERROR) {
				note_notification(nl, h);
				if (h->nlmsg_type >= NLMSG_MIN_TYPE && cb && b->failed < 0 && cb(h, data) < 0) {
					b->failed = (int)i;
					(void)error_set(err, EBADMSG, "netlink: the answer to %s", b->what[i]);
				}
				continue;
			}
			acked++;
			code = error_code(h);
			msg = code ? ext_ack_msg(h) : NULL;
			trace(nl->verbose, "%s: %s: %s%s%s", nl->who, b->what[i], code ? strerror(code) : "ok",
			      msg ? ": " : "", msg ? msg : "");
			if (code && b->failed < 0) {
				b->failed = (int)i;
				(void)error_set(err, code, "%s", b->what[i]);
				if (msg)
					(void)error_hint(err, "kernel: %s", msg);
			}
		}
	}
	return b->failed < 0 ? 0 : -1;
}

int nl_parse_link(const struct nlmsghdr *nlh, int *index, int *peer_index)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct ifinfomsg *ifm;

	if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return -1;
	ifm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ifm), link_attr, tb) < 0)
		return -1;
	*index = ifm->ifi_index;
	/* The kernel leaves IFLA_LINK out when it equals the interface's own index. */
	*peer_index = tb[IFLA_LINK] ? (int)mnl_attr_get_u32(tb[IFLA_LINK]) : ifm->ifi_index;
	return 0;
}

int nl_watch_link(struct nl *nl, int index, struct error *err)
{
	int group = RTNLGRP_LINK;

	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		return error_set(err, errno, "netlink: subscribe to link notifications");
	nl->watch_index = index;
	nl->watch_up = false;
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int nl_wait_link_up(struct nl *nl, int timeout_ms, struct error *err)
{
	char buf[NL_ACK_BUF] __attribute__((aligned(4)));
	long long deadline = now_ms() + timeout_ms;

	while (!nl->watch_up) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl->sock), .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;
		int r, len;

		if (left <= 0)
			return 0;
		r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno != EINTR)
			return error_set(err, errno, "netlink: wait for link notifications");
		if (r <= 0)
			continue;
		n = nl_recv(nl, buf, sizeof(buf));
		if (n < 0)
			return error_set(err, errno, "netlink: read link notifications");
		len = (int)n;
		for (const struct nlmsghdr *h = (const void *)buf; mnl_nlmsg_ok(h, len);
		     h = mnl_nlmsg_next(h, &len))
			if (h->nlmsg_seq == 0 && h->nlmsg_pid == 0)
				note_notification(nl, h);
	}
	return 1;
}

struct prefix_attrs {
	int family;
	const struct nlattr *a, *b; /* IFA_ADDRESS/IFA_LOCAL, or RTA_DST */
	bool routes;
};

static int prefix_attr(const struct nlattr *attr, void *data)
{
	struct prefix_attrs *p = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_get_payload_len(attr) != cidr_addr_len(p->family))
		return MNL_CB_OK;
	if (p->routes ? type == RTA_DST : type == IFA_ADDRESS)
		p->a = attr;
	else if (!p->routes && type == IFA_LOCAL)
		p->b = attr;
	return MNL_CB_OK;
}

static void pass_prefix(const struct nlattr *attr, int family, unsigned prefix, nl_prefix_cb add,
			void *data)
{
	struct cidr c = { .family = (uint8_t)family, .prefix = (uint8_t)prefix };

	if (attr)
		memcpy(c.addr, mnl_attr_get_payload(attr), cidr_addr_len(family));
	add(&c, data);
}

/* One dumped address or route: pass on its prefix. */
static void dump_entry(const struct nlmsghdr *h, int family, bool routes, nl_prefix_cb add, void *data)
{
	struct prefix_attrs p = { .family = family, .routes = routes };

	if (routes) {
		const struct rtmsg *rtm = mnl_nlmsg_get_payload(h);
		if (h->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(h) < sizeof(*rtm) ||
		    rtm->rtm_family != family || mnl_attr_parse(h, sizeof(*rtm), prefix_attr, &p) < 0)
			return;
		/* A route without RTA_DST is a default route, 0/0. */
		pass_prefix(p.a, family, rtm->rtm_dst_len, add, data);
	} else {
		const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(h);
		if (h->nlmsg_type != RTM_NEWADDR || mnl_nlmsg_get_payload_len(h) < sizeof(*ifa) ||
		    ifa->ifa_family != family || mnl_attr_parse(h, sizeof(*ifa), prefix_attr, &p) < 0)
			return;
		/* On a point-to-point link IFA_ADDRESS is the peer's and IFA_LOCAL ours: both are in use. */
		if (p.a)
			pass_prefix(p.a, family, ifa->ifa_prefixlen, add, data);
		if (p.b)
			pass_prefix(p.b, family, ifa->ifa_prefixlen, add, data);
	}
}

int nl_dump_read(struct mnl_socket *sock, uint32_t seq, void *buf, size_t size, nl_entry_cb entry,
		 void *data, const struct nlmsghdr **answer)
{
	unsigned portid = mnl_socket_get_portid(sock);
	bool interrupted = false;

	*answer = NULL;
	for (;;) {
		ssize_t n;
		int left;

		do
			n = mnl_socket_recvfrom(sock, buf, size);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -1;
		left = (int)n;
		for (const struct nlmsghdr *h = buf; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
			/* Port id 0: a socket the kernel bound at its first send (nl_open). */
			if (h->nlmsg_seq != seq || (portid && h->nlmsg_pid != portid))
				continue;
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				interrupted = true;
			if (h->nlmsg_type == NLMSG_DONE)
				return interrupted ? 1 : 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				int code = error_code(h);

				*answer = h;
				errno = code ? code : EBADMSG;
				return -1;
			}
			entry(h, data);
		}
	}
}

/* What nl_dump_prefixes() gives each entry of its dump. */
struct prefix_dump {
	int family;
	bool routes;
	nl_prefix_cb add;
	void *data;
	size_t entries;
};

static void prefix_entry(const struct nlmsghdr *h, void *data)
{
	struct prefix_dump *d = data;

	d->entries++;
	dump_entry(h, d->family, d->routes, d->add, d->data);
}

int nl_dump_prefixes(struct nl *nl, int family, bool routes, nl_prefix_cb add, void *data,
		     struct error *err)
{
	char buf[NL_DUMP_BUF] __attribute__((aligned(4)));
	const char *what = routes ? "RTM_GETROUTE dump" : "RTM_GETADDR dump";
	struct prefix_dump d = { .family = family, .routes = routes, .add = add, .data = data };
	const struct nlmsghdr *answer;
	struct nlmsghdr *nlh;
	uint32_t seq = ++nl->seq;
	ssize_t sent;
	int r;

	memset(buf, 0, NL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = routes ? RTM_GETROUTE : RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	/* The header the kernel's strict checking expects for each request, zero but for the family. */
	if (routes)
		((struct rtmsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtmsg)))->rtm_family =
			(uint8_t)family;
	else
		((struct ifaddrmsg *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifaddrmsg)))
			->ifa_family = (uint8_t)family;
	sent = nl_send(nl, nlh, nlh->nlmsg_len);
	if (sent < 0)
		return error_set(err, errno, "netlink: send %s", what);
	r = nl_dump_read(nl->sock, seq, buf, sizeof(buf), prefix_entry, &d, &answer);
	if (r < 0) {
		const char *msg = answer ? ext_ack_msg(answer) : NULL;

		(void)error_set(err, errno, "netlink: %s", what);
		return msg ? error_hint(err, "kernel: %s", msg) : -1;
	}
	trace(nl->verbose, "%s: %s: %zu entries%s", nl->who, what, d.entries,
	      r == 1 ? ", interrupted by a change" : "");
	return r;
}

/* The addresses a probe looks up: all of a /30 or /126. */
#define PROBE_MAX 4
#define PROBE_MSG 64

/* One answer of nl_route_probe(): 1 for a route that makes the subnet used, else 0. */
static int probe_answer(const struct nlmsghdr *h, int family, struct cidr *found)
{
	const struct rtmsg *rtm;
	const struct nlattr *attr;

	if (h->nlmsg_type == NLMSG_ERROR)
		/*
		 * No route at all is ENETUNREACH. A route of type unreachable, blackhole or
		 * prohibit fails the lookup with EHOSTUNREACH, EINVAL or EACCES: someone
		 * reserved the range, so it is used.
		 */
		return error_code(h) == ENETUNREACH ? 0 : (*found = (struct cidr){ 0 }, 1);
	if (h->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(h) < sizeof(*rtm))
		return 0;
	rtm = mnl_nlmsg_get_payload(h);
	if (rtm->rtm_dst_len == 0)
		return 0; /* the default route */
	*found = (struct cidr){ .family = (uint8_t)family, .prefix = rtm->rtm_dst_len };
	mnl_attr_for_each(attr, h, sizeof(*rtm))
		if (mnl_attr_get_type(attr) == RTA_DST && mnl_attr_get_payload_len(attr) == cidr_addr_len(family))
			memcpy(found->addr, mnl_attr_get_payload(attr), cidr_addr_len(family));
	return 1;
}

int nl_route_probe(struct nl *nl, const struct cidr *subnet, struct cidr *found, struct error *err)
{
	char req[PROBE_MAX * PROBE_MSG] __attribute__((aligned(4)));
	char buf[NL_ACK_BUF] __attribute__((aligned(4)));
	size_t alen = cidr_addr_len(subnet->family), len = 0;
	uint64_t n = cidr_blocks(subnet, subnet->family == AF_INET ? 32 : 128);
	uint32_t first = nl->seq + 1;
	unsigned answered = 0;
	int used = 0;
	ssize_t sent;

	if (alen == 0 || n == 0 || n > PROBE_MAX)
		return error_set(err, EINVAL, "netlink: RTM_GETROUTE: a probe covers at most %d addresses", PROBE_MAX);
	memset(req, 0, sizeof(req));
	for (uint64_t i = 0; i < n; i++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(req + len);
		struct rtmsg *rtm;
		struct cidr a;

		(void)cidr_host(subnet, i, &a); /* i < n: inside the subnet */
		nlh->nlmsg_type = RTM_GETROUTE;
		nlh->nlmsg_flags = NLM_F_REQUEST; /* one answer each: the route, or an error */
		nlh->nlmsg_seq = ++nl->seq;
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = subnet->family;
		rtm->rtm_dst_len = (unsigned char)(alen * 8);
		rtm->rtm_flags = RTM_F_FIB_MATCH; /* the route itself, not a route cache entry */
		mnl_attr_put(nlh, RTA_DST, alen, a.addr);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	sent = nl_send(nl, req, len);
	if (sent < 0)
		return error_set(err, errno, "netlink: send RTM_GETROUTE");
	while (answered < n) {
		ssize_t got = nl_recv(nl, buf, sizeof(buf));
		int left = (int)got;

		if (got < 0)
			return error_set(err, errno, "netlink: RTM_GETROUTE");
		for (const struct nlmsghdr *h = (const void *)buf; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
			if (h->nlmsg_seq - first >= n)
				continue; /* not ours: a notification, or an older request's */
			answered++;
			if (!used)
				used = probe_answer(h, subnet->family, found);
		}
	}
	if (nl->verbose) {
		char text[CIDR_STRLEN];

		cidr_format(subnet, text, sizeof(text));
		trace(true, "%s: RTM_GETROUTE lookups of %s: %s", nl->who, text, used ? "used" : "free");
	}
	return used;
}
