#!/usr/bin/env bats
# Start-up costs that tests can see (timing itself is bench/run's): a run maps only the
# shared libraries it uses.

load helpers

setup() { record_baseline; }
teardown() { check_no_leaks; }

# The shared objects mapped by a process, one base name per line.
mapped_libs() {
	awk '$6 ~ /\.so/ { n = split($6, p, "/"); print p[n] }' "/proc/$1/maps" | sort -u
}

@test "a default run maps no shared library besides libc, the loader and libmnl" {
	local init libs
	# The sanitized copy maps its runtime (libasan, libubsan and their dependencies).
	[ -z "${ASAN_OPTIONS:-}" ] || skip "the AddressSanitizer build maps its own runtime libraries"
	"$ISOLATE" --net=none sleep 30 3>&- &
	local top=$!
	wait_until pgrep -P "$top" >/dev/null
	init=$(pgrep -P "$top" | head -n 1)
	libs=$(mapped_libs "$init")
	kill -TERM "$top"
	wait "$top" || true
	echo "mapped: $libs"
	[ -n "$libs" ]
	# libcap, libseccomp, libnftnl and json-c are linked from their archives or loaded
	# only where used; only what Debian ships without an archive stays shared.
	! grep -vE '^(libc\.so\.6|ld-linux[^ ]*\.so\.[0-9]+|libmnl\.so\.0(\.[0-9.]+)?)$' <<<"$libs"
}
