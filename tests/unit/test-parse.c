/* test-parse.c - unit tests of the pure option-value parsers (TAP). */
#include <string.h>

#include <linux/capability.h>

#include "caplist.h"
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

int main(void)
{
	test_uint();
	test_id_pair();
	test_ns_list();
	test_hostname();
	test_cap_list();
	return tap_done();
}
