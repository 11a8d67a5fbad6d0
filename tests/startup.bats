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

@test "a --net=none run maps no shared library besides libc and the loader" {
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
	# libcap, libnftnl and json-c are linked from their archives; libmnl, libseccomp
	# and json-c's shared copy are loaded only by the runs that use them.
	! grep -vE '^(libc\.so\.6|ld-linux[^ ]*\.so\.[0-9]+)$' <<<"$libs"
}

@test "a veth run loads libmnl once, before clone, and the sandbox inherits it" {
	require_root
	grep -aq 'libmnl\.so' "$ISOLATE" || skip "this build links libmnl from its archive"
	command -v strace >/dev/null || skip "strace is not installed (contrib/install-deps installs it)"
	no_leak_check
	local trace=$BATS_TEST_TMPDIR/trace
	run strace -f -qq -o "$trace" -e trace=openat,clone,clone3 -e status=successful "$ISOLATE" --net=veth true
	cat "$trace"
	[ "$status" -eq 0 ]
	# One open, the parent's, before its first clone. The child's netlink setup calls
	# into the library too, and would open it again had it not inherited it.
	[ "$(grep -c 'openat(.*libmnl\.so' "$trace")" -eq 1 ]
	[ "$(grep -m 1 -E 'libmnl\.so|clone' "$trace" | grep -c libmnl)" -eq 1 ]
}

# KiB resident in init's clone stack (the anonymous 256 KiB mapping isolate gives the
# child), or "none" if init has no such mapping.
clone_stack_rss() {
	python3 - "$1" <<'PY'
import re, sys
cur, rss = False, None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(\S*)", line)
    if m:
        cur = int(m[2], 16) - int(m[1], 16) == 256 * 1024 and m[3] == "rw-p" and not m[4]
    elif cur and line.startswith("Rss:"):
        rss = int(line.split()[1])
print(rss if rss is not None else "none")
PY
}

stack_given_back() {
	local rss
	rss=$(clone_stack_rss "$1")
	# 8 KiB here (16 in the sanitized build, whose frames have redzones); 28 kept
	# before, when nothing was given back.
	[ "$rss" != none ] && [ "$rss" -le 20 ]
}

# KiB resident in process $1's main stack ([stack]; init's is its copy of isolate's).
main_stack_rss() { awk '/^[0-9a-f]+-/ { s = ($6 == "[stack]") } s && /^Rss:/ { print $2; exit }' "/proc/$1/smaps"; }

# 28-36 KiB here, in both builds, with the environment below; 44-52 before init gave
# back the part below the frame that cloned it.
inherited_stack_given_back() {
	local rss
	rss=$(main_stack_rss "$1")
	[ -n "$rss" ] && [ "$rss" -le 40 ]
}

# init_gives_back CHECK MEASURE WHAT [COMMAND...]: for --net=none and, as root, veth,
# start a sleeping sandbox (through COMMAND, e.g. an environment), wait until CHECK
# holds for its init's pid, print WHAT with MEASURE's KiB, and end the sandbox.
init_gives_back() {
	local check=$1 measure=$2 what=$3 mode top init ok
	shift 3
	for mode in --net=none --net=veth; do
		[ "$mode" = --net=none ] || [ "$(id -u)" -eq 0 ] || continue
		"$@" "$ISOLATE" "$mode" sleep 30 3>&- &
		top=$!
		wait_until pgrep -P "$top" >/dev/null
		init=$(pgrep -P "$top" | head -n 1)
		ok=0
		wait_until "$check" "$init" || ok=$?
		echo "$mode: $what resident: $("$measure" "$init") KiB"
		kill -TERM "$top"
		wait "$top" || true
		[ "$ok" -eq 0 ] || return 1
	done
}

# init runs on a clone stack of its own, and its copy of isolate's stack holds, below
# the frame that cloned it, only what isolate's steps wrote before clone: dead for init.
@test "once PROGRAM runs, init keeps no more of its copy of isolate's stack than the frames above clone" {
	# A small environment: its strings lie at the top of the stack, in every copy.
	init_gives_back inherited_stack_given_back main_stack_rss "init's copy of isolate's stack" \
		env -i PATH=/usr/bin:/bin ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"}
}

# isolate waits as long as the sandbox lives: its steps' frames (netlink buffers on the
# veth path) go back once PROGRAM runs, 256 KiB below the waiting frame at most.
@test "once PROGRAM runs, isolate gives back its setup's stack before it waits" {
	local trace=$BATS_TEST_TMPDIR/trace
	no_leak_check # LeakSanitizer cannot stop a traced process
	run strace -qq -o "$trace" -e trace=madvise,signalfd4 "$ISOLATE" --net=none true
	[ "$status" -eq 0 ]
	grep -E '^madvise\(0x[0-9a-f]+, 262144, MADV_DONTNEED\)' "$trace"
	# Before the wait loop, which starts with its signalfd.
	[ "$(grep -m 1 -E 'madvise\(0x[0-9a-f]+, 262144|signalfd' "$trace" | grep -c madvise)" -eq 1 ]
}

# init lives as long as the sandbox: the pages of its stack that only the setup and
# PROGRAM's way to execve used go back once PROGRAM runs.
@test "once PROGRAM runs, init keeps no more of its clone stack than its own frames" {
	init_gives_back stack_given_back clone_stack_rss "clone stack"
}
