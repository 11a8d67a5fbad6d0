#!/bin/sh
# Lint contrib/apparmor/isolate.in with apparmor_parser's parse-only mode (-Q: nothing is
# loaded into the kernel); TAP. AppArmor 3 parsers do not know the profile's "userns"
# rule (AppArmor 4, Ubuntu 24.04): they check the rest of it, and the test says so.
src=$TESTS_DIR/../contrib/apparmor/isolate.in
parser=$(command -v apparmor_parser || echo /sbin/apparmor_parser)
if [ ! -x "$parser" ]; then
	echo "1..0 # SKIP apparmor_parser is not installed (Debian: apparmor; contrib/install-deps)"
	exit 0
fi
echo "1..1"
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
version=$("$parser" --version 2>/dev/null | sed -n '1s/.*version \([0-9]*\).*/\1/p')
sed 's#@BINDIR@#/usr/local/bin#' "$src" >"$dir/isolate"
note=
if [ "${version:-0}" -lt 4 ]; then
	sed -i -e '/^[[:space:]]*userns,/d' -e 's#abi <abi/4.0>#abi <abi/3.0>#' "$dir/isolate"
	note=" (AppArmor $version: without the userns rule, which needs AppArmor 4)"
fi
if out=$("$parser" -Q -K "$dir/isolate" 2>&1 | grep -v 'Cache read/write disabled'); [ -z "$out" ] &&
	"$parser" -Q -K "$dir/isolate" >/dev/null 2>&1; then
	echo "ok 1 - contrib/apparmor/isolate.in parses$note"
else
	echo "not ok 1 - contrib/apparmor/isolate.in does not parse$note"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
