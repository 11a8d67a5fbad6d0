/* test-resolv.c - unit tests of the sandbox's resolv.conf generator (TAP), table-driven. */
#include <string.h>
#include <sys/socket.h>

#include "resolv.h"
#include "tap.h"

#define STUB "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch example.test\n"
#define UPSTREAM "# This is /run/systemd/resolve/resolv.conf\nnameserver 192.0.2.53\nnameserver 2001:db8::53\nsearch example.test\n"
#define NOTE_UP "# isolate: the host's nameserver is on its loopback; these are the servers it forwards to\n"
#define NOTE_FW "# isolate: the host's nameserver is on its loopback; this address forwards to it\n"
#define NOTE_NONE "# isolate: the host's nameserver is on its loopback, which the sandbox cannot reach\n"

static const struct row {
	const char *name, *host, *upstream;
	enum resolv_mode mode;
	const char *forward, *want;
	int flags;
} rows[] = {
	{ "plain servers are kept as they are", "nameserver 192.0.2.1\nsearch a.test\n", UPSTREAM,
	  RESOLV_UPSTREAM, "10.11.0.1", "nameserver 192.0.2.1\nsearch a.test\n", 0 },
	{ "a stub with upstream servers: the upstream list, options and search kept", STUB, UPSTREAM,
	  RESOLV_UPSTREAM, "10.11.0.1",
	  NOTE_UP "nameserver 192.0.2.53\nnameserver 2001:db8::53\noptions edns0 trust-ad\nsearch example.test\n",
	  RESOLV_CHANGED | RESOLV_USED_UPSTREAM },
	{ "a stub without an upstream file: the forward address", STUB, NULL, RESOLV_UPSTREAM, "10.11.0.1",
	  NOTE_FW "nameserver 10.11.0.1\noptions edns0 trust-ad\nsearch example.test\n",
	  RESOLV_CHANGED | RESOLV_USED_FORWARD },
	{ "an upstream file that lists only loopback: the forward address", STUB, "nameserver 127.0.0.1\n",
	  RESOLV_UPSTREAM, "10.11.0.1", NOTE_FW "nameserver 10.11.0.1\noptions edns0 trust-ad\nsearch example.test\n",
	  RESOLV_CHANGED | RESOLV_USED_FORWARD },
	{ "no upstream, no forward: said in a comment", STUB, NULL, RESOLV_UPSTREAM, NULL,
	  NOTE_NONE "options edns0 trust-ad\nsearch example.test\n", RESOLV_CHANGED | RESOLV_NO_SERVER },
	{ "pasta forwards even when an upstream list exists", STUB, UPSTREAM, RESOLV_FORWARD, "169.254.1.1",
	  NOTE_FW "nameserver 169.254.1.1\noptions edns0 trust-ad\nsearch example.test\n",
	  RESOLV_CHANGED | RESOLV_USED_FORWARD },
	{ "--net=host keeps the stub", STUB, UPSTREAM, RESOLV_KEEP, "10.11.0.1", STUB, 0 },
	{ "--net=none drops loopback servers only", "nameserver 127.0.0.1\nnameserver 192.0.2.9\n", UPSTREAM,
	  RESOLV_DROP, "10.11.0.1", NOTE_NONE "nameserver 192.0.2.9\n", RESOLV_CHANGED | RESOLV_NO_SERVER },
	{ "replacements stand where the first loopback server stood",
	  "nameserver 192.0.2.1\nnameserver 127.0.0.1\nnameserver 192.0.2.2\nnameserver ::1\n", NULL,
	  RESOLV_UPSTREAM, "10.11.0.1",
	  "nameserver 192.0.2.1\n" NOTE_FW "nameserver 10.11.0.1\nnameserver 192.0.2.2\n",
	  RESOLV_CHANGED | RESOLV_USED_FORWARD },
	{ "::1, 0.0.0.0, :: and ::ffff:127.0.0.1 are the host too",
	  "nameserver ::1\nnameserver 0.0.0.0\nnameserver ::\nnameserver ::ffff:127.0.0.1\n", NULL,
	  RESOLV_FORWARD, "169.254.1.1", NOTE_FW "nameserver 169.254.1.1\n", RESOLV_CHANGED | RESOLV_USED_FORWARD },
	{ "a tab, a trailing comment and a last line without newline",
	  "nameserver\t127.0.0.53 # stub\nsearch x", NULL, RESOLV_FORWARD, "169.254.1.1",
	  NOTE_FW "nameserver 169.254.1.1\nsearch x\n", RESOLV_CHANGED | RESOLV_USED_FORWARD },
	{ "a scoped link-local server is kept", "nameserver fe80::1%eth0\n", NULL, RESOLV_UPSTREAM, "10.11.0.1",
	  "nameserver fe80::1%eth0\n", 0 },
	{ "glibc ignores indented and commented lines, and so do we",
	  " nameserver 127.0.0.1\n#nameserver 127.0.0.1\n;nameserver 127.0.0.1\nnameservers 127.0.0.1\n", NULL,
	  RESOLV_FORWARD, "169.254.1.1",
	  " nameserver 127.0.0.1\n#nameserver 127.0.0.1\n;nameserver 127.0.0.1\nnameservers 127.0.0.1\n", 0 },
	{ "not an address: kept for the resolver to ignore", "nameserver localhost\n", NULL, RESOLV_FORWARD,
	  "169.254.1.1", "nameserver localhost\n", 0 },
	{ "128.0.0.1 and 126.255.255.255 are not loopback", "nameserver 128.0.0.1\nnameserver 126.255.255.255\n",
	  NULL, RESOLV_FORWARD, "169.254.1.1", "nameserver 128.0.0.1\nnameserver 126.255.255.255\n", 0 },
	{ "an empty file stays empty", "", UPSTREAM, RESOLV_UPSTREAM, "10.11.0.1", "", 0 },
};

static void table(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		char out[1024];
		int got = resolv_conf_for_sandbox(r->host, r->upstream, r->mode, r->forward, out, sizeof(out));

		ok(got == r->flags && strcmp(out, r->want) == 0, "%s (flags %d, want %d)", r->name, got, r->flags);
		if (strcmp(out, r->want) != 0)
			printf("# got:\n%s# want:\n%s", out, r->want);
	}
}

static void bounds(void)
{
	char out[64];
	size_t need;

	ok(resolv_conf_for_sandbox(STUB, UPSTREAM, RESOLV_UPSTREAM, NULL, out, sizeof(out)) == -1,
	   "a result larger than the buffer is refused");
	ok(resolv_conf_for_sandbox("x", NULL, RESOLV_KEEP, NULL, out, 0) == -1, "a zero-sized buffer is refused");
	need = strlen("nameserver 192.0.2.1\n");
	ok(resolv_conf_for_sandbox("nameserver 192.0.2.1\n", NULL, RESOLV_KEEP, NULL, out, need) == -1,
	   "no room for the terminator: refused");
	ok(resolv_conf_for_sandbox("nameserver 192.0.2.1\n", NULL, RESOLV_KEEP, NULL, out, need + 1) == 0 &&
		   strlen(out) == need,
	   "exactly enough room: accepted");
}

static void helpers(void)
{
	struct cidr ns;

	ok(resolv_loopback_nameserver(STUB, &ns) && ns.family == AF_INET && ns.addr[0] == 127 && ns.addr[3] == 53 &&
		   ns.prefix == 32,
	   "the stub's loopback nameserver is found");
	ok(resolv_loopback_nameserver("nameserver 192.0.2.1\nnameserver ::1\n", &ns) && ns.family == AF_INET6 &&
		   ns.prefix == 128,
	   "::1 after a routable server is found");
	ok(!resolv_loopback_nameserver("nameserver 192.0.2.1\n", &ns), "no loopback nameserver: none found");
	ok(!resolv_loopback_nameserver(NULL, &ns), "no text: none found");
	ok(resolv_has_routable_nameserver(UPSTREAM), "the upstream list has routable servers");
	ok(!resolv_has_routable_nameserver(STUB), "the stub has none");
	ok(!resolv_has_routable_nameserver(NULL), "no text has none");
}

int main(void)
{
	table();
	bounds();
	helpers();
	return tap_done();
}
