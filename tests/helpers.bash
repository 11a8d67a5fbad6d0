# helpers.bash - shared setup for the bats tests. Load with: load helpers

bats_require_minimum_version 1.5.0

# The binary under test: set by `make check`, or the one in the build tree.
: "${ISOLATE:=$(cd "$BATS_TEST_DIRNAME/.." && pwd)/isolate}"
export ISOLATE

# An unprivileged user for rootless tests (nobody), with a plain system PATH.
NOBODY_UID=65534
NOBODY_GID=65534
USER_PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (the suite runs as root in CI)"
}

# The tests of isolate's cgroup v1 path (hybrid and legacy hosts).
require_v1_pids() {
	[ -d /sys/fs/cgroup/pids ] && [ "$(stat -f -c %T /sys/fs/cgroup/pids)" = cgroupfs ] ||
		skip "no cgroup v1 pids hierarchy on this host"
}

# A copy of isolate that any user can run: the checkout may be unreadable to them.
# Sets SHARED_DIR (0755) and SHARED_ISOLATE.
setup_shared_binary() {
	SHARED_DIR=$(mktemp -d /tmp/isolate-test.XXXXXX)
	chmod 0755 "$SHARED_DIR"
	SHARED_ISOLATE="$SHARED_DIR/isolate"
	cp "$ISOLATE" "$SHARED_ISOLATE"
	chmod 0755 "$SHARED_ISOLATE"
}

teardown_shared_binary() {
	[ -n "${SHARED_DIR:-}" ] && rm -rf "$SHARED_DIR"
	SHARED_DIR=
}

# Run a command as an unprivileged user (default nobody) with a clean environment.
as_user() {
	local uid=${AS_UID:-$NOBODY_UID} gid=${AS_GID:-$NOBODY_GID}
	setpriv --reuid="$uid" --regid="$gid" --clear-groups --reset-env \
		env PATH="$USER_PATH" HOME=/ ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
		${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} "$@"
}

# Processes still running from the binary under test, as "pid" lines.
isolate_pids() {
	local exe p
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case "$exe" in
		"$ISOLATE" | "${SHARED_ISOLATE:-/nonexistent}") echo "${p#/proc/}" ;;
		esac
	done
}

# Poll until cmd succeeds, at most N tries 50 ms apart: poll_for N cmd [args...]
poll_for() {
	local n=$1 i
	shift
	for i in $(seq 1 "$n"); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# Bounded at 5 s: the kernel tears namespaces down asynchronously.
wait_until() { poll_for 100 "$@"; }

# "The internet" for the network tests, inside the network namespace the test made (the
# host): a second namespace held by a sleeping process (INET_PID), behind the uplink
# veth up0 (the host's, 203.0.113.2/24) / up1 (the internet's, 203.0.113.1/24, and
# 203.0.113.53 on its lo for a DNS server), and the host's default route through it.
# The internet has no route back to the sandboxes' pool: only masqueraded packets can be
# answered. TEST-NET-3 only; no packet leaves these namespaces.
make_internet() {
	unshare -n sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	INET_PID=$!
	wait_until test -e "/proc/$INET_PID/ns/net"
	wait_until eval '[ "$(readlink /proc/$INET_PID/ns/net)" != "$(readlink /proc/self/ns/net)" ]'
	ip link add up0 type veth peer name up1 netns "$INET_PID"
	ip addr add 203.0.113.2/24 dev up0
	ip link set up0 up
	inet ip link set lo up
	inet ip addr add 203.0.113.1/24 dev up1
	inet ip addr add 203.0.113.53/32 dev lo
	inet ip link set up1 up
	ip route add default via 203.0.113.1
}
inet() { nsenter -t "$INET_PID" -n "$@"; }

# For the instance tests: a copy of isolate any user can run (setup_shared_binary), a
# work directory anyone may write in (DIR), and a state directory of the test's own
# (ISOLATE_STATE_DIR): root's records would otherwise go to /run/isolate.
setup_instance_dirs() {
	setup_shared_binary
	DIR=$SHARED_DIR/work
	mkdir "$DIR"
	chmod 0777 "$DIR"
	export ISOLATE_STATE_DIR=$SHARED_DIR/state
}

# tmux, for the tests on a real terminal: TM is the file's tmux command line (its own
# socket), and the session is named t.
tm_send() { "${TM[@]}" send-keys -t t "$@"; }
tm_line() { "${TM[@]}" send-keys -t t -l "$1"; "${TM[@]}" send-keys -t t Enter; }
tm_screen() { "${TM[@]}" capture-pane -p -t t -S -500; }
# Wait (bounded: 10 s) until a line of the screen matches the extended regex.
tm_wait() {
	local i
	for i in $(seq 1 100); do
		tm_screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	echo "timed out waiting for /$1/ on:" >&2
	tm_screen >&2
	return 1
}
tm_count() { tm_screen | grep -cE -- "$1" || true; }

# Run a command on a fresh pty, its controlling terminal (pty.fork makes it a session
# leader): print all it wrote there, then "status N" with its exit code. Bounded: 30 s
# without output ends the read.
on_pty() {
	python3 - "$@" <<'PY'
import os, pty, select, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
while True:
    r, _, _ = select.select([fd], [], [], 30)
    if not r:
        break
    try:
        d = os.read(fd, 4096)
    except OSError:
        break
    if not d:
        break
    out += d
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
print("\nstatus", os.waitstatus_to_exitcode(st))
PY
}

# The polling helpers, for `declare -f $POLL_FUNCS` into a fresh shell.
POLL_FUNCS="poll_for wait_until wait_long"

no_isolate_left() { [ -z "$(isolate_pids)" ]; }

# Leak baseline: call from setup(); check from teardown() with check_no_leaks.
record_baseline() {
	BASE_MOUNTS=$(cat /proc/self/mountinfo)
	record_cgroups
}

check_no_leaks() {
	if ! wait_until no_isolate_left; then
		echo "leaked isolate processes: $(isolate_pids | tr '\n' ' ')" >&2
		return 1
	fi
	if [ "$(cat /proc/self/mountinfo)" != "$BASE_MOUNTS" ]; then
		echo "host mount table changed:" >&2
		diff <(echo "$BASE_MOUNTS") /proc/self/mountinfo >&2 || true
		return 1
	fi
	if ! wait_until no_new_cgroups; then
		echo "cgroups left: $(comm -13 <(echo "$BASE_CG") <(cg_dirs) | tr '\n' ' ')" \
			"lock files left: $(comm -13 <(echo "$BASE_LOCKS") <(cg_locks) | tr '\n' ' ')" >&2
		return 1
	fi
}

# Assert the last `run` printed exactly one line on stderr/stdout starting "isolate: "
# and containing each given fragment.
assert_one_error_line() {
	local line frag
	[ "${#lines[@]}" -eq 1 ] || { echo "expected one line, got ${#lines[@]}: $output" >&2; return 1; }
	line=${lines[0]}
	[[ "$line" == "isolate: "* ]] || { echo "not an isolate error line: $line" >&2; return 1; }
	for frag in "$@"; do
		[[ "$line" == *"$frag"* ]] || { echo "missing '$frag' in: $line" >&2; return 1; }
	done
}

# cgroups: isolate makes them only under its own subtrees, and a test checks that none
# is left: record_cgroups in setup(), then `wait_until no_new_cgroups` (other test files
# running at the same time may have theirs for a moment). check_no_leaks does it.

# The cgroup2 mount, if any.
v2_mount() { findmnt -n -t cgroup2 -o TARGET | head -n 1; }

# isolate's subtrees: "isolate" under our own cgroup of each v1 hierarchy, and v2's at
# its root (where isolate puts it as root).
cg_subtrees() {
	local c path v2
	for c in memory pids cpu cpuacct cpuset; do
		path=$(awk -F: -v c="$c" '$2 ~ "(^|,)" c "(,|$)" { print $3 }' /proc/self/cgroup)
		[ -d "/sys/fs/cgroup/$c" ] && [ -n "$path" ] && echo "/sys/fs/cgroup/$c${path%/}/isolate"
	done
	v2=$(v2_mount)
	[ -z "$v2" ] || echo "$v2/isolate"
}
# A cgroup subtree that a failed test delegated by hand (DELEG) and left, from teardown:
# its sandboxes are gone by then, since isolate waits for them.
remove_delegated() {
	[ -z "${DELEG:-}" ] || find "$DELEG" -depth -type d -exec rmdir {} \; 2>/dev/null || true
}
# Directories named test-* are a test's own (a subtree delegated by hand, a base to move
# into): that test removes them, and checks what isolate made inside them itself. Left
# out here, they are never taken for a leak of a test file running at the same time.
cg_dirs() {
	local t
	for t in $(cg_subtrees); do
		[ -d "$t" ] && find "$t" -mindepth 1 -maxdepth 1 -type d ! -name 'test-*'
	done | sort
	return 0
}
cg_locks() { ls /run/isolate/cgroups 2>/dev/null | sort; return 0; }
record_cgroups() {
	BASE_CG=$(cg_dirs)
	BASE_LOCKS=$(cg_locks)
}
# cgroups have no namespace: test files running at the same time (make -j2 check runs the
# suite and its sanitized copy side by side) see each other's. A new cgroup or lock file
# is a leak only when its owner is gone: its owner lock (see src/cgroup.c) can be taken.
cg_owner_alive() {
	/usr/bin/python3 - "/run/isolate/cgroups/$1.lock" <<'PY'
import errno, fcntl, sys
try:
    fd = open(sys.argv[1], "rb+")
except FileNotFoundError:
    sys.exit(1)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError as e:
    sys.exit(0 if e.errno in (errno.EAGAIN, errno.EACCES) else 1)
sys.exit(1)
PY
}
no_new_cgroups() {
	local d
	for d in $(comm -13 <(echo "$BASE_CG") <(cg_dirs)); do
		cg_owner_alive "${d##*/}" || return 1
	done
	for d in $(comm -13 <(echo "$BASE_LOCKS") <(cg_locks)); do
		cg_owner_alive "${d%.lock}" || return 1
	done
}

# Network tests: run the function FN (defined in the .bats file) with ARGS inside a
# network namespace made for this call only. "The host" of the sandbox is then that
# namespace: every interface the test or isolate creates dies with it, and no packet
# leaves it. The helpers below are passed along.
in_netns() {
	local fn=$1
	shift
	unshare -n -- bash -euo pipefail -c \
		"$(declare -f "$fn" $POLL_FUNCS hold_pool_lock release_pool_lock waiting_for_lock iso_links no_iso_links); $fn \"\$@\"" \
		in_netns "$@"
}

# Hold isolate's subnet-allocation lock of the current network namespace (the abstract
# unix socket @isolate/net-pool, see src/pool.h) until release_pool_lock.
# The holder outlives a test that fails before release_pool_lock, so it keeps none of
# bats' fds (bats would wait for them to close) and ends by itself after 120 s.
hold_pool_lock() {
	POOL_LOCK_DIR=$(mktemp -d)
	mkfifo "$POOL_LOCK_DIR/release"
	/usr/bin/python3 -c '
import signal, socket, sys
signal.alarm(120)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0isolate/net-pool")
s.listen(128)
print("held", flush=True)
open(sys.argv[1]).read()
' "$POOL_LOCK_DIR/release" </dev/null >"$POOL_LOCK_DIR/state" 2>"$POOL_LOCK_DIR/err" 3>&- &
	POOL_LOCK_PID=$!
	wait_until grep -qs held "$POOL_LOCK_DIR/state"
}
# Where a process waiting for the lock sleeps (/proc/PID/wchan): in poll.
waiting_for_lock() { grep -qE "poll" "/proc/$1/wchan" 2>/dev/null; }
release_pool_lock() {
	echo >"$POOL_LOCK_DIR/release"
	wait "$POOL_LOCK_PID" || true
	rm -rf "$POOL_LOCK_DIR"
}

# `run in_netns FN`, then show its output if it failed: the assertions run inside.
netns_ok() {
	run in_netns "$@"
	[ "$status" -eq 0 ] || { echo "in_netns $* exited $status:"; echo "$output"; return 1; }
}

# Bounded at 30 s, for work that scales with the machine's load.
wait_long() { poll_for 600 "$@"; }

# Under the sanitizer run (tests/sanitizers.sh), turn LeakSanitizer off for the rest of
# the test: it cannot run under ptrace (strace), and it needs /proc and a spare process
# at exit, which some faults take away. ASan's and UBSan's other checks stay on.
no_leak_check() {
	[ -z "${ASAN_OPTIONS:-}" ] || export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
}

# Host ends of isolate's veth pairs in the current network namespace (default names).
iso_links() { ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep '^iso' || true; }
no_iso_links() { [ -z "$(iso_links)" ]; }

# Interfaces of the real host, for the leak check of network tests.
record_host_links() { BASE_LINKS=$(ip -o link show | awk -F': ' '{ print $2 }' | sort); }
host_links_unchanged() { [ "$(ip -o link show | awk -F': ' '{ print $2 }' | sort)" = "$BASE_LINKS" ]; }
check_no_host_links() {
	wait_until host_links_unchanged || {
		echo "host interfaces changed:" >&2
		diff <(echo "$BASE_LINKS") <(ip -o link show | awk -F': ' '{ print $2 }' | sort) >&2 || true
		return 1
	}
}
