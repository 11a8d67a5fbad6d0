/* channel.c - typed messages with fds over a SOCK_SEQPACKET socketpair (see channel.h). */
#include "channel.h"

#include <string.h>
#include <sys/socket.h>

_Static_assert(sizeof(struct error) <= CHANNEL_MAX_PAYLOAD, "an error report fits one message");

/* Every message: its type, then the payload. */
struct msg_header {
	uint32_t type;
};

int channel_pair(int fds[2], struct error *err)
{
	/*
	 * SEQPACKET keeps message boundaries and, unlike a datagram pair, reports the
	 * other end's close as EOF (and POLLHUP): a child that dies mid-setup, or a parent
	 * killed before "go", is noticed at once.
	 */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return error_set(err, errno, "create the parent-child channel (socketpair)");
	return 0;
}

int channel_send(int fd, enum msg_type type, const void *data, size_t len, const int *fds,
		 size_t nfds, struct error *err)
{
	struct msg_header h = { .type = (uint32_t)type };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)data, len } };
	union {
		char buf[CMSG_SPACE(sizeof(int) * CHANNEL_MAX_FDS)];
		struct cmsghdr align;
	} control;
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
	ssize_t n;

	if (nfds > CHANNEL_MAX_FDS || len > CHANNEL_MAX_PAYLOAD)
		return error_set(err, EMSGSIZE, "channel message %d", (int)type);
	if (nfds) {
		struct cmsghdr *c;

		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	/* MSG_NOSIGNAL: a peer that died must be an error here, not a SIGPIPE. */
	n = TEMP_FAILURE_RETRY(sendmsg(fd, &msg, MSG_NOSIGNAL));
	if (n < 0)
		return error_set(err, errno, "send message %d to the %s", (int)type,
				 type == MSG_ERROR || type == MSG_CREATED ? "parent" : "sandbox");
	return 0;
}

/* Take the fds a message carried: hand them out, or close them. */
static void take_fds(struct msghdr *msg, int *fds, size_t *nfds)
{
	size_t got = 0;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int f;

			memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (fds && got < CHANNEL_MAX_FDS)
				fds[got++] = f;
			else
				(void)close(f);
		}
	}
	if (nfds)
		*nfds = got;
}

int channel_recv(int fd, void *data, size_t size, size_t *len, int *fds, size_t *nfds,
		 bool dontwait, struct error *err)
{
	struct msg_header h = { 0 };
	char payload[CHANNEL_MAX_PAYLOAD];
	struct iovec iov[2] = { { &h, sizeof(h) }, { payload, sizeof(payload) } };
	union {
		char buf[CMSG_SPACE(sizeof(int) * CHANNEL_MAX_FDS)];
		struct cmsghdr align;
	} control;
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	ssize_t n;

	if (nfds)
		*nfds = 0;
	n = TEMP_FAILURE_RETRY(recvmsg(fd, &msg, MSG_CMSG_CLOEXEC | (dontwait ? MSG_DONTWAIT : 0)));
	if (n < 0 && dontwait && (errno == EAGAIN || errno == EWOULDBLOCK))
		return MSG_NONE;
	/* ECONNRESET: the other end closed with our message unread; as good as EOF. */
	if (n == 0 || (n < 0 && errno == ECONNRESET))
		return MSG_NONE;
	if (n < 0)
		return error_set(err, errno, "receive from the channel");
	take_fds(&msg, fds, nfds);
	if ((size_t)n < sizeof(h) || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		return error_set(err, EBADMSG, "receive from the channel");
	n -= (ssize_t)sizeof(h);
	if (data)
		memcpy(data, payload, (size_t)n < size ? (size_t)n : size);
	if (len)
		*len = (size_t)n;
	return (int)h.type;
}

int channel_take_report(struct error *got, struct error *err)
{
	got->msg[sizeof(got->msg) - 1] = '\0';
	if (got->status < 1 || got->status > 255)
		got->status = EXIT_ISOLATE;
	if (got->kind < ERRK_NONE || got->kind >= ERROR_KINDS)
		got->kind = ERRK_NONE;
	*err = *got;
	return -1;
}

void channel_report(int fd, const struct error *err)
{
	struct error ignored;

	(void)channel_send(fd, MSG_ERROR, err, sizeof(*err), NULL, 0, &ignored);
}

void child_fail(int fd, const struct error *err)
{
	channel_report(fd, err);
	_exit(err->status);
}
