/* test-mountspec.c - unit tests of the filesystem options' pure parsers (TAP). */
#include <string.h>

#include "mountspec.h"
#include "tap.h"

static void test_size(void)
{
	uint64_t b = 0;
	const char *why = NULL;

	ok(parse_size("1", &b, &why) == 0 && b == 1, "size: 1 byte");
	ok(parse_size("4096", &b, &why) == 0 && b == 4096, "size: bytes, as bubblewrap takes them");
	ok(parse_size("64k", &b, &why) == 0 && b == 65536, "size: k");
	ok(parse_size("64K", &b, &why) == 0 && b == 65536, "size: K");
	ok(parse_size("2m", &b, &why) == 0 && b == 2u << 20, "size: m");
	ok(parse_size("2MiB", &b, &why) == 0 && b == 2u << 20, "size: MiB");
	ok(parse_size("2MB", &b, &why) == 0 && b == 2u << 20, "size: MB is binary too");
	ok(parse_size("1g", &b, &why) == 0 && b == (uint64_t)1 << 30, "size: g");
	ok(parse_size("3t", &b, &why) == 0 && b == (uint64_t)3 << 40, "size: t");
	ok(parse_size("4194304t", &b, &why) == 0 && b == (uint64_t)1 << 62, "size: the largest");
	ok(parse_size("4194305t", &b, &why) < 0 && strcmp(why, "too large") == 0, "size: too large after the suffix");
	ok(parse_size("99999999999999999999999", &b, &why) < 0 && strcmp(why, "too large") == 0, "size: overflow");
	ok(parse_size("0", &b, &why) < 0, "size: 0 refused");
	ok(parse_size("", &b, &why) < 0 && strcmp(why, "empty value") == 0, "size: empty");
	ok(parse_size(NULL, &b, &why) < 0, "size: NULL");
	ok(parse_size("-1", &b, &why) < 0, "size: negative");
	ok(parse_size("1x", &b, &why) < 0, "size: unknown suffix");
	ok(parse_size("1kk", &b, &why) < 0, "size: two suffixes");
	ok(parse_size("1 k", &b, &why) < 0, "size: a space");
	ok(parse_size("k", &b, &why) < 0, "size: no digits");
	ok(parse_size("0x10", &b, &why) < 0, "size: hex refused");
	ok(parse_size("1%", &b, &why) < 0, "size: percent refused");
}

static void test_perms(void)
{
	mode_t m = 0;
	const char *why = NULL;

	ok(parse_perms("0755", &m, &why) == 0 && m == 0755, "perms: 0755");
	ok(parse_perms("755", &m, &why) == 0 && m == 0755, "perms: 755");
	ok(parse_perms("1777", &m, &why) == 0 && m == 01777, "perms: sticky");
	ok(parse_perms("07777", &m, &why) == 0 && m == 07777, "perms: all bits");
	ok(parse_perms("0", &m, &why) == 0 && m == 0, "perms: 0");
	ok(parse_perms("000000000000755", &m, &why) < 0, "perms: too many digits");
	ok(parse_perms("17777", &m, &why) < 0 && strstr(why, "out of range"), "perms: above 07777");
	ok(parse_perms("0999", &m, &why) < 0 && strstr(why, "octal"), "perms: not octal");
	ok(parse_perms("u+rwx", &m, &why) < 0, "perms: symbolic refused");
	ok(parse_perms("", &m, &why) < 0, "perms: empty");
	ok(parse_perms("-755", &m, &why) < 0, "perms: sign refused");
}

static void test_paths(void)
{
	char out[64];
	const char *why = NULL;

	ok(check_view_path("/a/b", &why) == 0, "path: absolute");
	ok(check_view_path("a/b", &why) == 0, "path: relative");
	ok(check_view_path("/a/..b/c..", &why) == 0, "path: '..' inside a name is a name");
	ok(check_view_path("/a/../b", &why) < 0 && strstr(why, "'..'"), "path: '..' component refused");
	ok(check_view_path("..", &why) < 0, "path: '..' alone");
	ok(check_view_path("/a/..", &why) < 0, "path: trailing '..'");
	ok(check_view_path("../a", &why) < 0, "path: leading '..'");
	ok(check_view_path("", &why) < 0, "path: empty");
	ok(normalize_path("/a//b/./c/", out, sizeof(out), &why) == 0 && strcmp(out, "/a/b/c") == 0, "normalize: slashes and dots");
	ok(normalize_path("/", out, sizeof(out), &why) == 0 && strcmp(out, "/") == 0, "normalize: root");
	ok(normalize_path("//.//", out, sizeof(out), &why) == 0 && strcmp(out, "/") == 0, "normalize: root, spelled oddly");
	ok(normalize_path("a/b", out, sizeof(out), &why) < 0, "normalize: relative refused");
	ok(normalize_path("/a/../b", out, sizeof(out), &why) < 0, "normalize: '..' refused");
	ok(normalize_path("/abcdefgh", out, 5, &why) < 0, "normalize: too long for the buffer");
}

int main(void)
{
	test_size();
	test_perms();
	test_paths();
	return tap_done();
}
