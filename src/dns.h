/* dns.h - names inside the sandbox: its /etc/resolv.conf, made from the host's so that
 * DNS works whenever the host's does. A nameserver on the host's loopback (a stub such
 * as systemd-resolved's 127.0.0.53, dnsmasq's 127.0.0.1) is not there for a sandbox with
 * its own network namespace: it gets the stub's upstream servers, or a forwarder. The
 * content is resolv_conf_for_sandbox()'s (resolv.h); the file goes over /etc/resolv.conf
 * through the filesystem view's generated files (fs.h). /etc/hosts is fs.c's. */
#ifndef ISOLATE_DNS_H
#define ISOLATE_DNS_H

#include <stdbool.h>

#include "cidr.h"
#include "fs.h"
#include "plan.h"
#include "util.h"

/* pasta forwards DNS queries sent to this address to the host's first nameserver
 * (its --dns-forward), as podman configures it. */
#define PASTA_DNS_FORWARD "169.254.1.1"

/*
 * Parent, --net=veth: whether the sandbox needs the host end to forward its DNS to a
 * loopback nameserver of the host (the host's resolv.conf lists one and no upstream
 * list replaces it). Returns true with *to set to that nameserver (same family as the
 * sandbox's address); false when nothing is to be forwarded.
 */
bool dns_forward_for_veth(const struct plan *plan, const struct cidr *sandbox, struct cidr *to);

/*
 * Child, before the mounts: ask for a generated /etc/resolv.conf when the host's would
 * not work inside. gateway: --net=veth's host end when the parent forwards DNS there
 * (NULL otherwise).
 */
int dns_child_setup(const struct plan *plan, const struct cidr *gateway, struct fs_generated *files,
		    struct error *err);

#endif
