/* pasta.c - --net=pasta: start pasta(1) on the sandbox's namespaces, wait until the
 * interface is configured, and end it with the sandbox. */
#include "pasta.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#include "dns.h"
#include "helper.h"
#include "netlink.h"

/* pasta configures one interface in a few milliseconds; this bounds a pasta that hangs. */
#define PASTA_READY_TIMEOUT_MS 30000
#define TUN_DEVICE "/dev/net/tun"

/* What pasta wrote on standard error before it was ready (or failed): the tail of it. */
struct pasta_log {
	char text[2048];
	size_t used;
};

static void log_append(struct pasta_log *log, const char *buf, size_t n)
{
	size_t room = sizeof(log->text) - 1;

	if (n >= room) {
		buf += n - room;
		n = room;
	}
	/* Keep the end: a fatal error is the last thing pasta says. */
	if (log->used + n > room) {
		size_t drop = log->used + n - room;
		memmove(log->text, log->text + drop, log->used - drop);
		log->used -= drop;
	}
	memcpy(log->text + log->used, buf, n);
	log->used += n;
	log->text[log->used] = '\0';
}

/* The last non-empty line, without its newline. */
static void log_last_line(const struct pasta_log *log, char *line, size_t size)
{
	size_t end = log->used;

	line[0] = '\0';
	while (end > 0 && (log->text[end - 1] == '\n' || log->text[end - 1] == '\r'))
		end--;
	if (end > 0) {
		size_t start = end;
		while (start > 0 && log->text[start - 1] != '\n')
			start--;
		(void)snprintf(line, size, "%.*s", (int)(end - start), log->text + start);
	}
}

static void log_trace(bool verbose, const struct pasta_log *log)
{
	const char *p = log->text;

	while (verbose && *p) {
		int len = (int)strcspn(p, "\n");
		if (len > 0)
			trace(verbose, "parent: pasta says: %.*s", len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return PASTA_READY_TIMEOUT_MS;
	return (now.tv_sec - since->tv_sec) * 1000L + (now.tv_nsec - since->tv_nsec) / 1000000L;
}

/*
 * Wait for the line pasta writes to its PID file "once initialisation is done"
 * (pasta(1), --pid): by then the interface has its addresses and routes. The PID
 * file is our pipe, so its end of file means pasta exited first.
 * Returns 1 when ready, 0 when pasta exited or timed out, -1 on our own failure.
 */
static int wait_ready(int ready_fd, int stderr_fd, struct pasta_log *log, struct error *err)
{
	struct pollfd p[2] = { { .fd = ready_fd, .events = POLLIN }, { .fd = stderr_fd, .events = POLLIN } };
	struct timespec start;
	char buf[512];

	if (clock_gettime(CLOCK_MONOTONIC, &start) < 0)
		return error_set(err, errno, "clock_gettime");
	for (;;) {
		long left = PASTA_READY_TIMEOUT_MS - elapsed_ms(&start);
		int r;

		if (left <= 0) {
			static const char late[] = "did not report ready within 30 s\n";
			log_append(log, late, sizeof(late) - 1);
			return 0;
		}
		r = poll(p, 2, (int)left);
		if (r < 0 && errno != EINTR)
			return error_set(err, errno, "poll pasta's pipes");
		if (r <= 0)
			continue;
		/* Drain standard error first: on failure, pasta's last words precede its exit. */
		if (p[1].revents) {
			ssize_t n = TEMP_FAILURE_RETRY(read(stderr_fd, buf, sizeof(buf)));
			if (n > 0)
				log_append(log, buf, (size_t)n);
			else
				p[1].fd = -1; /* closed: poll ignores negative fds */
			continue;
		}
		if (p[0].revents) {
			ssize_t n = TEMP_FAILURE_RETRY(read(ready_fd, buf, sizeof(buf)));
			if (n < 0)
				return error_set(err, errno, "read pasta's PID file pipe");
			/* pasta writes "PID\n" in one write(2); any byte means it is done. */
			return n > 0 ? 1 : 0;
		}
	}
}

/* Kill and reap; a pid of ours is never reused before waitpid, so the kill is safe. */
static void reap(pid_t pid, int sig, int *wstatus)
{
	if (sig)
		(void)kill(pid, sig);
	while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
		;
}

static void find_default(const struct cidr *prefix, void *data)
{
	if (prefix->prefix == 0)
		*(bool *)data = true;
}

/* Whether the host has a default route, IPv4 or IPv6; true when we cannot tell. */
static bool host_has_default_route(bool verbose)
{
	struct error ignored = { 0 };
	bool found = false;
	struct nl nl;

	if (nl_open(&nl, "parent", verbose, &ignored) < 0)
		return true;
	for (int i = 0; i < 2 && !found; i++) {
		int r = nl_dump_prefixes(&nl, i ? AF_INET6 : AF_INET, true, find_default, &found, &ignored);
		if (r != 0)
			found = true;
	}
	nl_close(&nl);
	return found;
}

/* pasta did not get ready: say why in one line, with what it said last. */
static int explain_failure(const struct plan *plan, pid_t pasta,
			   const struct pasta_log *log, struct error *err)
{
	char line[400];
	int wstatus = 0;

	/* It exited, or hangs; either way it must not stay. */
	reap(pasta, SIGKILL, &wstatus);
	log_trace(plan->spec->verbose, log);
	log_last_line(log, line, sizeof(line));
	if (line[0])
		error_set(err, 0, "pasta: %s", line);
	else if (WIFSIGNALED(wstatus))
		error_set(err, 0, "pasta was killed by signal %d", WTERMSIG(wstatus));
	else
		error_set(err, 0, "pasta exited with status %d before it had configured the network",
			  WEXITSTATUS(wstatus));
	/*
	 * pasta opens the tun device inside the sandbox's user namespace, where only
	 * the file's permissions for our own uid count: some systems make it 0600.
	 */
	if (faccessat(AT_FDCWD, TUN_DEVICE, R_OK | W_OK, AT_EACCESS) < 0)
		return error_hint(err, "%s is not readable and writable for uid %u, and pasta needs it: ask an administrator to make it mode 0666, the usual default, or use --net=none",
				  TUN_DEVICE, (unsigned)plan->caller_uid);
	/* pasta copies the address and routes of the host's interface with the default route. */
	if (!host_has_default_route(plan->spec->verbose))
		return error_hint(err, "the host has no default route for pasta to take its addresses from: use --net=none for loopback only");
	return -1;
}

/*
 * --publish as pasta's -t/-u: "[ADDR/]HOSTPORT:PORT" (pasta's own syntax); with none
 * of a protocol, "none", since pasta's default would forward every bound port.
 */
static size_t publish_args(const struct spec *s, char **argv, size_t a,
			   char specs[PASTA_PUBLISH_MAX][64])
{
	bool any[2] = { false, false };

	for (size_t i = 0; i < s->publish.n && i < PASTA_PUBLISH_MAX; i++) {
		const struct publish *p = &VEC_AT(&s->publish, struct publish_rule, i)->rule;
		char ip[INET6_ADDRSTRLEN] = "";

		if (p->host_ip.family && !inet_ntop(p->host_ip.family, p->host_ip.addr, ip, sizeof(ip)))
			ip[0] = '\0';
		(void)snprintf(specs[i], sizeof(specs[i]), "%s%s%u:%u", ip, ip[0] ? "/" : "",
			       (unsigned)p->host_port, (unsigned)p->port);
		argv[a++] = p->proto == PUBLISH_UDP ? "--udp-ports" : "--tcp-ports";
		argv[a++] = specs[i];
		any[p->proto == PUBLISH_UDP] = true;
	}
	if (!any[PUBLISH_TCP]) {
		argv[a++] = "--tcp-ports";
		argv[a++] = "none";
	}
	if (!any[PUBLISH_UDP]) {
		argv[a++] = "--udp-ports";
		argv[a++] = "none";
	}
	return a;
}

int pasta_start(const struct plan *plan, pid_t child, pid_t *pasta, struct error *err)
{
	_cleanup_fd_ int ready_rd = -1, ready_wr = -1, stderr_fd = -1;
	struct pasta_log log = { .used = 0 };
	char path[4096], pid_file[64], runas[32], target[64];
	char *argv[24 + 2 * PASTA_PUBLISH_MAX];
	char specs[PASTA_PUBLISH_MAX][64];
	size_t a = 0;
	int fds[2], r;
	pid_t pid = -1;

	if (helper_find("pasta", "passt", path, sizeof(path), err) < 0)
		return error_set(err, 0, "pasta not found in PATH"),
		       error_hint(err, "install the passt package, or use --net=none for loopback only");
	if (pipe2(fds, O_CLOEXEC) < 0)
		return error_set(err, errno, "create a pipe for pasta");
	ready_rd = fds[0];
	ready_wr = fds[1];

	(void)snprintf(pid_file, sizeof(pid_file), "/proc/self/fd/%d", ready_wr);
	/*
	 * As the caller, also as root: pasta would switch from root to nobody, who may
	 * not enter a user namespace that root owns; and a change of uid would clear
	 * the parent-death signal that ends pasta with isolate.
	 */
	(void)snprintf(runas, sizeof(runas), "%u:%u", (unsigned)plan->caller_uid,
		       (unsigned)plan->caller_gid);
	argv[a++] = "pasta";
	argv[a++] = "--config-net"; /* addresses, routes and link up, done by pasta itself */
	argv[a++] = "--foreground"; /* stays our child: we reap it, and it keeps the death signal */
	argv[a++] = "--quiet";
	/* Not syslog: one sandbox, one set of log lines; errors still reach its stderr at startup. */
	argv[a++] = "--log-file";
	argv[a++] = "/dev/null";
	argv[a++] = "--pid";
	argv[a++] = pid_file;
	argv[a++] = "--runas";
	argv[a++] = runas;
	/* Queries to this address go to the host's first nameserver, from the host's side:
	 * a loopback stub (127.0.0.53) works too. The sandbox's resolv.conf names it (dns.c). */
	argv[a++] = "--dns-forward";
	argv[a++] = PASTA_DNS_FORWARD;
	/* Only --publish's host ports are forwarded into the sandbox, none the other way. */
	a = publish_args(plan->spec, argv, a, specs);
	argv[a++] = "--tcp-ns";
	argv[a++] = "none";
	argv[a++] = "--udp-ns";
	argv[a++] = "none";
	/* A PID: pasta joins its user namespace, which owns its network namespace. */
	(void)snprintf(target, sizeof(target), "%d", (int)child);
	argv[a++] = target;
	argv[a] = NULL;

	trace(plan->spec->verbose, "parent: starting %s for child %d", path, (int)child);
	if (helper_spawn(path, argv, ready_wr, &pid, &stderr_fd, err) < 0)
		return -1;
	/* Only pasta may hold the write end now, so its exit ends our read. */
	close_fd(&ready_wr);

	r = wait_ready(ready_rd, stderr_fd, &log, err);
	if (r < 0) {
		reap(pid, SIGKILL, NULL);
		return -1;
	}
	if (r == 0)
		return explain_failure(plan, pid, &log, err);
	log_trace(plan->spec->verbose, &log);
	trace(plan->spec->verbose, "parent: pasta %d has configured the sandbox's network", (int)pid);
	*pasta = pid;
	return 0;
}

void pasta_stop(const struct plan *plan, pid_t pasta)
{
	/*
	 * Nothing of pasta's state outlives it: the namespace it served is gone. Its exit
	 * is slow for the kernel's reason, not pasta's: closing the sandbox's tap device
	 * unregisters it, and netdev_run_todo() waits in rcu_barrier(), 20-40 ms measured
	 * (bench/README.md, "pasta"), most of a --net=pasta run. A SIGKILLed pasta runs no
	 * more code of its own, so isolate does not wait for that: when isolate exits,
	 * whoever inherits the dying pasta (init, or a subreaper) reaps it. With --publish
	 * it does wait: pasta's listening sockets hold the host's ports until its exit has
	 * closed them, after the tap device, and the next run on the same port must find
	 * them free.
	 */
	if (plan->spec->publish.n > 0) {
		reap(pasta, SIGKILL, NULL);
		trace(plan->spec->verbose, "parent: pasta %d stopped", (int)pasta);
		return;
	}
	(void)kill(pasta, SIGKILL);
	if (waitpid(pasta, NULL, WNOHANG) == pasta)
		trace(plan->spec->verbose, "parent: pasta %d stopped", (int)pasta);
	else
		trace(plan->spec->verbose, "parent: pasta %d killed; the kernel finishes its exit without us",
		      (int)pasta);
}
