/* test-parse.c - unit tests of the pure option-value parsers (TAP). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <linux/capability.h>

#include "caplist.h"
#include "hex.h"
#include "model.h"
#include "parse.h"
#include "tap.h"

static void test_uint(void)
{
	unsigned long v = 0;
	const char *why = NULL;

	ok(parse_uint("0", 0, 10, &v, &why) == 0 && v == 0, "uint: 0");
	ok(parse_uint("10", 0, 10, &v, &why) == 0 && v == 10, "uint: max is inclusive");
	ok(parse_uint("11", 0, 10, &v, &why) < 0 && strcmp(why, "out of range") == 0, "uint: above max");
	ok(parse_uint("4", 5, 10, &v, &why) < 0, "uint: below min");
	ok(parse_uint("", 0, 10, &v, &why) < 0 && strcmp(why, "empty value") == 0, "uint: empty");
	ok(parse_uint(NULL, 0, 10, &v, &why) < 0, "uint: NULL");
	ok(parse_uint("-1", 0, 10, &v, &why) < 0, "uint: negative refused");
	ok(parse_uint("+1", 0, 10, &v, &why) < 0, "uint: sign refused");
	ok(parse_uint(" 1", 0, 10, &v, &why) < 0, "uint: leading space refused");
	ok(parse_uint("1 ", 0, 10, &v, &why) < 0, "uint: trailing space refused");
	ok(parse_uint("1x", 0, 10, &v, &why) < 0, "uint: trailing junk refused");
	ok(parse_uint("0x10", 0, 100, &v, &why) < 0, "uint: hex refused");
	ok(parse_uint("99999999999999999999999", 0, (unsigned long)-1, &v, &why) < 0, "uint: overflow");
}

static void test_id_pair(void)
{
	uid_t u = 0;
	gid_t g = 0;
	const char *why = NULL;

	ok(parse_id_pair("1000", &u, &g, &why) == 0 && u == 1000 && g == 1000, "ids: UID alone sets GID");
	ok(parse_id_pair("1000:100", &u, &g, &why) == 0 && u == 1000 && g == 100, "ids: UID:GID");
	ok(parse_id_pair("0:0", &u, &g, &why) == 0 && u == 0 && g == 0, "ids: 0:0");
	ok(parse_id_pair("4294967294", &u, &g, &why) == 0 && u == 4294967294U, "ids: largest id");
	ok(parse_id_pair("4294967295", &u, &g, &why) < 0, "ids: (uid_t)-1 refused");
	ok(parse_id_pair(":100", &u, &g, &why) < 0, "ids: missing UID");
	ok(parse_id_pair("100:", &u, &g, &why) < 0, "ids: missing GID");
	ok(parse_id_pair("1:2:3", &u, &g, &why) < 0, "ids: two colons");
	ok(parse_id_pair("abc", &u, &g, &why) < 0, "ids: not a number");
	ok(parse_id_pair("", &u, &g, &why) < 0, "ids: empty");
	ok(parse_id_pair("12345678901234567890:1", &u, &g, &why) < 0, "ids: huge UID");
}

static void test_ns_list(void)
{
	unsigned m;
	const char *why = NULL;

	m = 0;
	ok(parse_ns_list("net", &m, &why) == 0 && m == NS_BIT(NS_NET), "ns: net");
	m = 0;
	ok(parse_ns_list("net,pid,uts", &m, &why) == 0 &&
		   m == (NS_BIT(NS_NET) | NS_BIT(NS_PID) | NS_BIT(NS_UTS)),
	   "ns: list");
	m = 0;
	ok(parse_ns_list("mount", &m, &why) == 0 && m == NS_BIT(NS_MNT), "ns: mount is mnt");
	m = 0;
	ok(parse_ns_list("all", &m, &why) == 0 && m == ns_made_mask(), "ns: all");
	m = NS_BIT(NS_IPC);
	ok(parse_ns_list("user", &m, &why) == 0 && m == (NS_BIT(NS_IPC) | NS_BIT(NS_USER)),
	   "ns: accumulates over repeated options");
	m = 0;
	ok(parse_ns_list("time", &m, &why) < 0 && m == 0, "ns: unknown name refused, mask untouched");
	m = 0;
	ok(parse_ns_list("cgroup", &m, &why) == 0 && m == NS_BIT(NS_CGROUP), "ns: cgroup");
	ok(parse_ns_list("net,", &m, &why) < 0, "ns: trailing comma");
	ok(parse_ns_list(",net", &m, &why) < 0, "ns: leading comma");
	ok(parse_ns_list("", &m, &why) < 0, "ns: empty");
	ok(parse_ns_list("ne", &m, &why) < 0, "ns: prefix is not a name");
	ok(parse_ns_list("netx", &m, &why) < 0, "ns: longer word is not a name");
}

static void test_hostname(void)
{
	char name[80];
	const char *why = NULL;

	ok(check_hostname("isolated", &why) == 0, "hostname: plain");
	ok(check_hostname("a-b.c_d9", &why) == 0, "hostname: punctuation allowed");
	memset(name, 'a', 64);
	name[64] = '\0';
	ok(check_hostname(name, &why) == 0, "hostname: 64 bytes");
	name[64] = 'a';
	name[65] = '\0';
	ok(check_hostname(name, &why) < 0 && strstr(why, "64"), "hostname: 65 bytes refused");
	ok(check_hostname("", &why) < 0, "hostname: empty");
	ok(check_hostname("a b", &why) < 0, "hostname: space");
	ok(check_hostname("a/b", &why) < 0, "hostname: slash");
	ok(check_hostname("a\nb", &why) < 0, "hostname: newline");
}

#define CAPBIT(c) (UINT64_C(1) << (c))

static void test_cap_list(void)
{
	struct cap_list l;
	const char *why = NULL, *bad = NULL, *s;
	size_t bad_len = 0;

	l = (struct cap_list){ 0 };
	ok(parse_cap_list("NET_ADMIN", &l, &why, &bad, &bad_len) == 0 && l.bits == CAPBIT(CAP_NET_ADMIN) && !l.all,
	   "caps: one name");
	l = (struct cap_list){ 0 };
	ok(parse_cap_list("cap_chown,Kill,CAP_SYS_ADMIN", &l, &why, &bad, &bad_len) == 0 &&
		   l.bits == (CAPBIT(CAP_CHOWN) | CAPBIT(CAP_KILL) | CAPBIT(CAP_SYS_ADMIN)),
	   "caps: any case, with or without CAP_");
	l = (struct cap_list){ 0 };
	ok(parse_cap_list("ALL", &l, &why, &bad, &bad_len) == 0 && l.all && l.bits == 0, "caps: ALL");
	l = (struct cap_list){ 0 };
	ok(parse_cap_list("all,chown", &l, &why, &bad, &bad_len) == 0 && l.all, "caps: all with others");
	l = (struct cap_list){ .bits = CAPBIT(CAP_KILL) };
	ok(parse_cap_list("chown", &l, &why, &bad, &bad_len) == 0 &&
		   l.bits == (CAPBIT(CAP_KILL) | CAPBIT(CAP_CHOWN)),
	   "caps: accumulates over repeated options");
	l = (struct cap_list){ 0 };
	s = "CHOWN,FOO";
	ok(parse_cap_list(s, &l, &why, &bad, &bad_len) < 0 && bad == s + 6 && bad_len == 3 && l.bits == 0 &&
		   strcmp(why, "unknown capability") == 0,
	   "caps: unknown name is pointed at, list untouched");
	ok(parse_cap_list("", &l, &why, &bad, &bad_len) < 0 && strcmp(why, "empty list") == 0, "caps: empty");
	ok(parse_cap_list("chown,", &l, &why, &bad, &bad_len) < 0 && strcmp(why, "empty capability name") == 0,
	   "caps: trailing comma");
	ok(parse_cap_list(",chown", &l, &why, &bad, &bad_len) < 0, "caps: leading comma");
	ok(parse_cap_list("12", &l, &why, &bad, &bad_len) < 0, "caps: numbers refused");
	ok(parse_cap_list("CAP_", &l, &why, &bad, &bad_len) < 0, "caps: bare prefix");
	ok(parse_cap_list("cap_cap_chown", &l, &why, &bad, &bad_len) < 0, "caps: double prefix");
	ok(parse_cap_list("chown kill", &l, &why, &bad, &bad_len) < 0, "caps: space refused");
	ok(parse_cap_list("=ep", &l, &why, &bad, &bad_len) < 0, "caps: libcap text syntax refused");
	ok(parse_cap_list("checkpoint_restore_and_then_some_more", &l, &why, &bad, &bad_len) < 0,
	   "caps: over-long name");
	l = (struct cap_list){ 0 };
	ok(parse_cap_list("checkpoint_restore", &l, &why, &bad, &bad_len) == 0 &&
		   l.bits == CAPBIT(CAP_CHECKPOINT_RESTORE),
	   "caps: the longest name");
}

static void test_instance_name(void)
{
	const char *why = NULL;
	char big[80];

	memset(big, 'a', sizeof(big));
	big[65] = '\0';
	ok(check_instance_name("web", &why) == 0, "name: plain");
	ok(check_instance_name("a.b-c_9", &why) == 0, "name: . - _ and digits inside");
	ok(check_instance_name("", &why) < 0 && strcmp(why, "empty name") == 0, "name: empty");
	ok(check_instance_name(NULL, &why) < 0, "name: NULL");
	ok(check_instance_name(big, &why) < 0, "name: 65 bytes refused");
	big[64] = '\0';
	ok(check_instance_name(big, &why) == 0, "name: 64 bytes allowed");
	ok(check_instance_name("a/b", &why) < 0 && strstr(why, "'/'"), "name: slash");
	ok(check_instance_name("..", &why) < 0, "name: ..");
	ok(check_instance_name(".hidden", &why) < 0, "name: leading dot");
	ok(check_instance_name("-x", &why) < 0, "name: leading dash");
	ok(check_instance_name("a\nb", &why) < 0 && strstr(why, "control"), "name: newline");
	ok(check_instance_name("a\x7f", &why) < 0, "name: DEL");
	ok(check_instance_name("caf\xc3\xa9", &why) < 0, "name: non-ASCII");
}

static void test_signal(void)
{
	char name[65];
	const char *why = NULL;
	int sig = 0;

	ok(parse_signal("TERM", &sig, &why) == 0 && sig == SIGTERM, "signal: TERM");
	ok(parse_signal("SIGKILL", &sig, &why) == 0 && sig == SIGKILL, "signal: SIGKILL");
	ok(parse_signal("10", &sig, &why) == 0 && sig == 10, "signal: number");
	ok(parse_signal("0", &sig, &why) < 0, "signal: 0 refused");
	ok(parse_signal("65", &sig, &why) < 0, "signal: above SIGRTMAX");
	ok(parse_signal("RTMIN+2", &sig, &why) == 0 && sig == SIGRTMIN + 2, "signal: RTMIN+2");
	ok(parse_signal("RTMAX", &sig, &why) == 0 && sig == SIGRTMAX, "signal: RTMAX");
	ok(parse_signal("RTMIN+99", &sig, &why) < 0, "signal: RTMIN+99");
	ok(parse_signal("term", &sig, &why) < 0, "signal: names are upper case");
	ok(parse_signal("", &sig, &why) < 0, "signal: empty");
	ok(parse_name_signal("web:HUP", name, sizeof(name), &sig, &why) == 0 && strcmp(name, "web") == 0 &&
		   sig == SIGHUP, "name:signal");
	ok(parse_name_signal("web", name, sizeof(name), &sig, &why) < 0, "name:signal: no colon");
	ok(parse_name_signal(":HUP", name, sizeof(name), &sig, &why) < 0, "name:signal: no name");
	ok(parse_name_signal("a/b:HUP", name, sizeof(name), &sig, &why) < 0, "name:signal: bad name");
}

/* Split and join the words with '|' for comparison. */
static const char *split(const char *line)
{
	static char out[256];
	char buf[256], *words[4];
	const char *why = NULL;
	size_t n = 0, used = 0;

	if (split_config_line(line, buf, sizeof(buf), words, 4, &n, &why) < 0) {
		(void)snprintf(out, sizeof(out), "error: %s", why);
		return out;
	}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s", i ? "|" : "", words[i]);
	return out;
}

static void test_config_line(void)
{
	char tiny[4], *words[4];
	const char *why = NULL;
	size_t n = 0;

	ok(strcmp(split("--hostname=box"), "--hostname=box") == 0, "config: one word");
	ok(strcmp(split("  --bind /a  /b  "), "--bind|/a|/b") == 0, "config: blanks");
	ok(strcmp(split("# all comment"), "") == 0, "config: comment line");
	ok(strcmp(split(""), "") == 0, "config: empty line");
	ok(strcmp(split("--a b # c d"), "--a|b") == 0, "config: trailing comment");
	ok(strcmp(split("--a b#c"), "--a|b#c") == 0, "config: # inside a word");
	ok(strcmp(split("--setenv K \"a b\""), "--setenv|K|a b") == 0, "config: double quotes");
	ok(strcmp(split("--setenv K 'a \"b\" $c'"), "--setenv|K|a \"b\" $c") == 0, "config: single quotes literal");
	ok(strcmp(split("x \"\\\" \\\\\""), "x|\" \\") == 0, "config: escapes in double quotes");
	ok(strcmp(split("x \"\\n\""), "x|\\n") == 0, "config: other backslashes kept in double quotes");
	ok(strcmp(split("a\\ b"), "a b") == 0, "config: escaped blank");
	ok(strcmp(split("x '' y"), "x||y") == 0, "config: empty word");
	ok(strncmp(split("x \"open"), "error: unterminated", 19) == 0, "config: unterminated double quote");
	ok(strncmp(split("x 'open"), "error: unterminated", 19) == 0, "config: unterminated single quote");
	ok(strncmp(split("x \\"), "error: a backslash", 18) == 0, "config: trailing backslash");
	ok(strcmp(split("a b c d e"), "error: too many words") == 0, "config: too many words");
	ok(split_config_line("abcdef", tiny, sizeof(tiny), words, 4, &n, &why) < 0, "config: buffer too small");
	ok(split_config_line("'' '' ''", tiny, 2, words, 4, &n, &why) < 0, "config: empty words overflow");
}

/* The record's hex: lowercase both ways; anything else is a damaged record. */
struct hex_row {
	const char *text;
	size_t n;
	int rc;
	const char *bytes;
};

static const struct hex_row hex_rows[] = {
	{ "", 0, 0, "" },
	{ "00ff1a", 3, 0, "\x00\xff\x1a" },
	{ "0123456789abcdef", 8, 0, "\x01\x23\x45\x67\x89\xab\xcd\xef" },
	{ "00FF", 2, -1, NULL },  /* uppercase: the encoder never writes it */
	{ "0g", 1, -1, NULL },
	{ "g0", 1, -1, NULL },
	{ "0", 1, -1, NULL },     /* the string ends mid-byte */
	{ "12 4", 2, -1, NULL },
};

static void test_hex(void)
{
	for (size_t i = 0; i < sizeof(hex_rows) / sizeof(hex_rows[0]); i++) {
		const struct hex_row *r = &hex_rows[i];
		unsigned char out[16] = { 0 };
		int rc = hex_decode(r->text, out, r->n);
		char *again = rc == 0 ? hex_encode(out, r->n) : NULL;

		ok(rc == r->rc && (rc < 0 || (memcmp(out, r->bytes, r->n) == 0 && again && strcmp(again, r->text) == 0)),
		   "hex: '%s' (%zu bytes) -> %d", r->text, r->n, rc);
		free(again);
	}
}

int main(void)
{
	test_uint();
	test_hex();
	test_id_pair();
	test_ns_list();
	test_hostname();
	test_cap_list();
	test_instance_name();
	test_signal();
	test_config_line();
	return tap_done();
}
