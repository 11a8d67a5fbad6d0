#!/bin/sh
# Run the whole bats suite once more against tests/san/isolate, isolate built with
# AddressSanitizer and UndefinedBehaviorSanitizer; TAP output, with one more test at the
# end: no sanitizer report in any process of the run.
san=$BUILD_DIR/tests/san/isolate
if [ ! -x "$san" ]; then
	echo "1..0 # SKIP the compiler cannot build with -fsanitize=address,undefined"
	exit 0
fi
logs=$BUILD_DIR/tests/sanitizer-logs
rm -rf "$logs" && mkdir -p "$logs" || exit 1
chmod 0777 "$logs" # rootless tests run isolate as nobody
ISOLATE=$san
# Its own uid for the process-limit faults, which the plain run may be testing right now.
FAULT_UID=61235
# Reports go to files, not stderr: the child runs on the stack clone(2) gave it, which
# ASan does not know, and it warns about that ("ignoring __asan_handle_no_return") on
# stderr, which tests compare. halt_on_error still ends isolate at the first real report.
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=99:log_path=$logs/asan
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan
# One in-netns run holds the whole suite: its time limit is for all the files together.
ISOLATE_TEST_TIMEOUT=${ISOLATE_TEST_TIMEOUT:-1800}
export ISOLATE FAULT_UID ASAN_OPTIONS UBSAN_OPTIONS ISOLATE_TEST_TIMEOUT
cd "$TESTS_DIR/.." || exit 1
out=$(mktemp) || exit 1
# As for the plain run: in a throwaway network namespace (veth host ends land there).
# shellcheck disable=SC2086 # BATS_FILES is a list of paths
sh "$TESTS_DIR/in-netns" bats --tap $BATS_FILES >"$out"
n=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out" | head -n 1)
echo "1..$((${n:-0} + 1))"
grep -v '^1\.\.[0-9]*$' "$out"
rm -f "$out"
reports=$(grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$logs"/* 2>/dev/null)
if [ -z "$reports" ]; then
	echo "ok $((${n:-0} + 1)) - no AddressSanitizer or UndefinedBehaviorSanitizer report"
else
	echo "not ok $((${n:-0} + 1)) - sanitizer reports in: $reports"
	cat $reports | head -n 60 | sed 's/^/# /'
fi
