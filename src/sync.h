/* sync.h - the messages between the parent and the child over their two pipes. */
#ifndef ISOLATE_SYNC_H
#define ISOLATE_SYNC_H

#include <stdint.h>

#include "cidr.h"
#include "util.h"

/*
 * "go": parent -> child, once the parent has written the id maps and set up the
 * host side. It carries what the child learns only after clone(), such as the
 * addresses the parent allocated.
 */
struct sync_go {
	uint32_t magic;
	int32_t peer_index;   /* --net=veth: the sandbox end's ifindex in the sandbox */
	struct cidr address;  /* --net=veth: the sandbox's address */
	struct cidr gateway;  /* --net=veth: the host end's address, the default route */
};
#define SYNC_GO_MAGIC 0x69736f31u /* "iso1" */

int sync_send_go(int fd, const struct sync_go *go, struct error *err);
/* 1: got it; 0: the parent closed the pipe without sending (it failed or died). */
int sync_recv_go(int fd, struct sync_go *go);

/*
 * Error reports: child/PROGRAM -> parent over a close-on-exec pipe, so a successful
 * execve closes it and the parent learns of failures (and their errno) only.
 */
void sync_report(int fd, const struct error *err);
/* 1: a report was read into *err; 0: none was sent. */
int sync_read_report(int fd, struct error *err);

/* In the child: report the error to the parent and exit with its status. */
_Noreturn void child_fail(int report_fd, const struct error *err);

#endif
