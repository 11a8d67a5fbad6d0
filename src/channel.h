/* channel.h - the one link between the parent and the sandbox: a SOCK_SEQPACKET
 * socketpair carrying typed messages, each with optional fds (SCM_RIGHTS). A message is
 * one datagram, so it arrives whole or not at all. Payloads belong to their domains
 * (net.h defines the network's); the channel knows only the types. */
#ifndef ISOLATE_CHANNEL_H
#define ISOLATE_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum msg_type {
	MSG_NONE = 0,  /* what channel_recv returns at EOF: the other side is gone */
	MSG_NET,       /* parent -> child: the network's payload (net.h) */
	MSG_FS,        /* parent -> child, after MSG_GO: the overlay over the root and its tmpfs, 0-2 fds (fs_lend_overlay) */
	MSG_GO,        /* parent -> child: the host side is ready, set yourself up */
	MSG_CREATED,   /* child -> parent: barrier: set up, waiting to start PROGRAM */
	MSG_START,     /* parent -> child: barrier: start PROGRAM */
	MSG_ERROR,     /* child/PROGRAM -> parent: a struct error, then the sender exits */
	MSG_DETACHED,  /* detached supervisor -> the isolate command: PROGRAM runs; the name */
	MSG_EXIT,      /* init -> parent: PROGRAM's wait status (an int), then init exits */
	MSG_RUNNING,   /* init -> parent: PROGRAM has been executed (when init keeps its end) */
	MSG_NOTICE,    /* PROGRAM -> parent: what it met before its execve (notice.h) */
	MSG_STOPPED,   /* init -> parent: PROGRAM was stopped by this signal (an int) */
};

/* The largest payload of one message (a notice, an error report). */
#define CHANNEL_MAX_PAYLOAD 4096

/* The most fds one message carries. */
#define CHANNEL_MAX_FDS 8

/* fds[0] is the parent's end, fds[1] the child's; both close-on-exec. */
int channel_pair(int fds[2], struct error *err);

/* Send one message with nfds fds (0..CHANNEL_MAX_FDS). */
int channel_send(int fd, enum msg_type type, const void *data, size_t len, const int *fds,
		 size_t nfds, struct error *err);

/*
 * Receive one message: its type, MSG_NONE at EOF, or -1 with err. The payload is copied
 * into data (at most size bytes; *len gets its length if len is not NULL); received
 * fds go to fds[] (close-on-exec, *nfds of them), or are closed if fds is NULL.
 * dontwait: return MSG_NONE rather than wait when nothing is queued.
 */
int channel_recv(int fd, void *data, size_t size, size_t *len, int *fds, size_t *nfds,
		 bool dontwait, struct error *err);

/* The error report of a failing child, PROGRAM or init; if the parent is gone, no one hears. */
void channel_report(int fd, const struct error *err);
/*
 * In the parent: take got, a MSG_ERROR's payload, as err, made safe to use (its sender
 * may be PROGRAM's process): the message terminated, a status isolate may exit with, a
 * known kind. Returns -1.
 */
int channel_take_report(struct error *got, struct error *err);
/* In the child: report err to the parent and exit with its status. */
_Noreturn void child_fail(int fd, const struct error *err);

#endif
