#!/bin/sh
# Build each libFuzzer target (one per pure parser) with clang and run it for a bounded
# time; TAP output. Skips when clang (with libFuzzer) is not installed.
: "${FUZZ_SECONDS:=5}"
src=$TESTS_DIR/..
out=$BUILD_DIR/tests/fuzz
set -- $FUZZ_TARGETS
if [ -z "$CLANG" ] || ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "1..0 # SKIP clang is not installed (contrib/install-deps installs it)"
	exit 0
fi
mkdir -p "$out" || exit 1
# The pure parser library, as Makefile.am lists it: every target links all of it.
parse_c=
for f in $PARSE_SOURCES; do
	case $f in *.c) parse_c="$parse_c $src/$f" ;; esac
done
echo "1..$#"
n=0
for t in "$@"; do
	n=$((n + 1))
	bin=$out/fuzz-$t
	corpus=$(mktemp -d) || exit 1
	# A seed where the input has structure to find (JSON profiles).
	[ -d "$src/tests/fuzz/seed-$t" ] && cp "$src/tests/fuzz/seed-$t"/* "$corpus/"
	# JSON profiles need room; option values are short.
	case $t in seccomp_profile) max_len=8192 ;; *) max_len=256 ;; esac
	# shellcheck disable=SC2086 # LIBCAP_* and JSONC_* are flag lists
	if ! "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-include "$BUILD_CONFIG_H" -I"$src/src" $LIBCAP_CFLAGS $JSONC_CFLAGS -o "$bin" "$src/tests/fuzz/fuzz-$t.c" \
		$parse_c "$src/src/jsonc-linked.c" $LIBCAP_LIBS $JSONC_LIBS >"$out/fuzz-$t.build.log" 2>&1; then
		echo "not ok $n - fuzz-$t builds"
		sed 's/^/# /' "$out/fuzz-$t.build.log"
	elif "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=1024 -max_len="$max_len" \
		-artifact_prefix="$out/crash-$t-" "$corpus" >"$out/fuzz-$t.log" 2>&1; then
		echo "ok $n - fuzz-$t: crash-free for ${FUZZ_SECONDS}s ($(grep -o 'Done [0-9]* runs' "$out/fuzz-$t.log"))"
	else
		echo "not ok $n - fuzz-$t found a crash (input saved as $out/crash-$t-*)"
		tail -n 30 "$out/fuzz-$t.log" | sed 's/^/# /'
	fi
	rm -rf "$corpus"
done
