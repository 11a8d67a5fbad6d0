/* test-idmap.c - unit tests of the /etc/subuid parser, the ranged map layout, the
 * initial-namespace check and the user-namespace blocker diagnosis (TAP). */
#include <string.h>

#include "idmap.h"
#include "tap.h"

static void test_subid_parse(void)
{
	struct id_range r[8];
	size_t n, bad;

	n = subid_parse("alice:100000:65536\n", "alice", 1000, r, 8, &bad);
	ok(n == 1 && r[0].start == 100000 && r[0].count == 65536 && bad == 0, "subid: one entry by name");
	n = subid_parse("1000:200000:10\n", "alice", 1000, r, 8, &bad);
	ok(n == 1 && r[0].start == 200000 && r[0].count == 10, "subid: entry by uid");
	n = subid_parse("1000:200000:10\n", NULL, 1000, r, 8, &bad);
	ok(n == 1, "subid: by uid without a name");
	n = subid_parse("bob:100000:65536\nalice:165536:65536\n", "alice", 1000, r, 8, &bad);
	ok(n == 1 && r[0].start == 165536, "subid: other users' lines are not ours");
	n = subid_parse("alice:100000:5\nbob:1:1\nalice:300000:7\n1000:400000:9", "alice", 1000, r, 8, &bad);
	ok(n == 3 && r[0].start == 100000 && r[1].start == 300000 && r[2].start == 400000 &&
		   r[2].count == 9,
	   "subid: several ranges in file order, last line without newline");
	n = subid_parse("# comment alice:1:1\n\n   \nalice:100000:5\n", "alice", 1000, r, 8, &bad);
	ok(n == 1 && bad == 0, "subid: comments and blank lines skipped");
	n = subid_parse("alice:100000:5\r\n", "alice", 1000, r, 8, &bad);
	ok(n == 1 && r[0].count == 5, "subid: CRLF line");
	n = subid_parse("alice:x:5\nalice:1\nalice::5\nalice:5:\nalice:1:0\n:1:5\nalice:-1:5\nalice:1:2:3\n"
			"alice:4294967295:1\nalice:4294967290:10\nalice: 1:5\n",
			"alice", 1000, r, 8, &bad);
	ok(n == 0 && bad == 11, "subid: malformed lines skipped and counted (%zu)", bad);
	n = subid_parse("alice:4294967294:1\n", "alice", 1000, r, 8, &bad);
	ok(n == 1 && r[0].start == 4294967294U, "subid: the last id is a valid range");
	n = subid_parse("alicex:1:5\nalic:1:5\n10000:1:5\n", "alice", 1000, r, 8, &bad);
	ok(n == 0 && bad == 0, "subid: prefixes and other uids do not match");
	n = subid_parse("", "alice", 1000, r, 8, &bad);
	ok(n == 0 && bad == 0, "subid: empty file");
	n = subid_parse("a:1:1\na:2:1\na:3:1\n", "a", 1, r, 2, &bad);
	ok(n == 2 && r[1].start == 2, "subid: stops at max");
}

static void test_layout(void)
{
	struct id_range r[3] = { { 100000, 65536 }, { 300000, 10 }, { 500000, 4294967295U } };
	struct id_extent e[4];
	size_t n;

	n = idmap_layout(1000, r, 0, e, 4);
	ok(n == 1 && e[0].inside == 0 && e[0].outside == 1000 && e[0].count == 1, "layout: root only");
	n = idmap_layout(1000, r, 2, e, 4);
	ok(n == 3 && e[1].inside == 1 && e[1].outside == 100000 && e[1].count == 65536 &&
		   e[2].inside == 65537 && e[2].outside == 300000 && e[2].count == 10,
	   "layout: ranges follow root contiguously");
	n = idmap_layout(1000, r, 3, e, 4);
	ok(n == 4 && e[3].inside == 65547 && (unsigned long)e[3].inside + e[3].count - 1 == 4294967294UL,
	   "layout: a range past the last id inside is cut short");
	n = idmap_layout(1000, r, 3, e, 2);
	ok(n == 2, "layout: at most max extents");
}

static void test_initial(void)
{
	ok(idmap_is_initial("         0          0 4294967295\n"), "initial: the kernel's format");
	ok(idmap_is_initial("0 0 4294967295"), "initial: plain");
	ok(!idmap_is_initial("         0       1000          1\n"), "initial: single map is not");
	ok(!idmap_is_initial("0 0 4294967295\n1 2 3\n"), "initial: extra lines are not");
	ok(!idmap_is_initial("0 0 65536\n"), "initial: partial range is not");
	ok(!idmap_is_initial(""), "initial: empty (unmapped namespace) is not");
	ok(!idmap_is_initial(NULL), "initial: NULL");
}

static void test_blocker(void)
{
	const char *s;

	s = userns_blocker(0, -1, -1, false);
	ok(s && strstr(s, "user.max_user_namespaces=0"), "blocker: max_user_namespaces=0");
	s = userns_blocker(0, -1, -1, true);
	ok(s && strstr(s, "user.max_user_namespaces=0"), "blocker: max=0 stops root too");
	s = userns_blocker(1000, 0, -1, false);
	ok(s && strstr(s, "kernel.unprivileged_userns_clone=0"), "blocker: Debian's unprivileged_userns_clone");
	s = userns_blocker(1000, 0, -1, true);
	ok(s == NULL, "blocker: unprivileged_userns_clone does not apply to root");
	s = userns_blocker(1000, 1, 1, false);
	ok(s && strstr(s, "kernel.apparmor_restrict_unprivileged_userns=1"), "blocker: AppArmor restriction");
	s = userns_blocker(1000, -1, 0, false);
	ok(s == NULL, "blocker: nothing set");
	s = userns_blocker(-1, -1, -1, false);
	ok(s == NULL, "blocker: no knobs at all");
}

int main(void)
{
	test_subid_parse();
	test_layout();
	test_initial();
	test_blocker();
	return tap_done();
}
