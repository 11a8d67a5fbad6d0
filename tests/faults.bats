#!/usr/bin/env bats
# The fault matrix: make each setup step fail and check for one clear line, exit 125,
# and nothing left behind (processes, mounts; the teardown checks both).

load helpers

# A uid of its own for the process-limit faults: RLIMIT_NPROC counts every process of
# the uid, and other runs (nobody) must not change the count.
FAULT_UID=${FAULT_UID:-61234}

setup() {
	record_baseline
	setup_shared_binary
}
teardown() {
	teardown_shared_binary
	check_no_leaks
}

# Under the sanitizer run (tests/sanitizers.sh): LeakSanitizer needs /proc and a spare
# process at exit, which these faults take away; its other checks stay on.
no_leak_check() {
	[ -z "${ASAN_OPTIONS:-}" ] || export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
}

@test "fault: clone fails at the process limit (RLIMIT_NPROC=1)" {
	require_root
	no_leak_check
	run prlimit --nproc=1:1 setpriv --reuid="$FAULT_UID" --regid="$FAULT_UID" --clear-groups \
		"$SHARED_ISOLATE" true
	[ "$status" -eq 125 ]
	assert_one_error_line "clone new namespaces" "Resource temporarily unavailable" "ulimit -u"
}

@test "fault: init cannot fork PROGRAM at the process limit (RLIMIT_NPROC=2)" {
	require_root
	no_leak_check
	run prlimit --nproc=2:2 setpriv --reuid="$FAULT_UID" --regid="$FAULT_UID" --clear-groups \
		"$SHARED_ISOLATE" true
	[ "$status" -eq 125 ]
	assert_one_error_line "fork PROGRAM 'true'" "Resource temporarily unavailable"
}

@test "fault: no user namespace may be created (user.max_user_namespaces=0 in a nested namespace)" {
	run unshare --user --map-root-user sh -c 'echo 0 >/proc/sys/user/max_user_namespaces && exec "$1" true' sh "$SHARED_ISOLATE"
	[ "$status" -eq 125 ]
	assert_one_error_line "clone new namespaces" "max_user_namespaces"
}

@test "fault: /proc is missing, so the id map cannot be written" {
	require_root
	# The sanitizer runtime reads its options and memory map from /proc before main().
	[ -z "${ASAN_OPTIONS:-}" ] || skip "AddressSanitizer's runtime cannot start without /proc"
	run unshare --mount sh -c 'mount -t tmpfs none /proc && exec "$1" true' sh "$SHARED_ISOLATE"
	[ "$status" -eq 125 ]
	assert_one_error_line "id map: write /proc/" "uid_map" "No such file or directory"
}

@test "fault: the id map is unwritable (read-only /proc)" {
	require_root
	run unshare --mount sh -c 'mount -o remount,bind,ro /proc && exec "$1" true' sh "$SHARED_ISOLATE"
	[ "$status" -eq 125 ]
	assert_one_error_line "id map: write /proc/" "uid_map" "Read-only file system"
}

@test "fault: rootless, setgroups is unwritable (read-only /proc)" {
	require_root
	run unshare --mount sh -c 'mount -o remount,bind,ro /proc && exec setpriv --reuid="$2" --regid="$2" --clear-groups "$1" true' \
		sh "$SHARED_ISOLATE" "$FAULT_UID"
	[ "$status" -eq 125 ]
	assert_one_error_line "id map: write /proc/" "setgroups" "Read-only file system"
}

@test "fault: the kernel refuses a fresh /proc (part of the host's is hidden by a mount)" {
	require_root
	run unshare --mount sh -c 'mount -t tmpfs none /proc/sys && exec "$1" true' sh "$SHARED_ISOLATE"
	[ "$status" -eq 125 ]
	assert_one_error_line "mount proc on /proc" "Operation not permitted" "--share=pid"
}

@test "fault: --chdir to a missing directory" {
	run "$ISOLATE" --chdir /nonexistent/dir true
	[ "$status" -eq 125 ]
	assert_one_error_line "--chdir '/nonexistent/dir'" "No such file or directory"
}

@test "fault: --chdir fails in PROGRAM under --as-pid-1 too" {
	run "$ISOLATE" --as-pid-1 --chdir /nonexistent/dir true
	[ "$status" -eq 125 ]
	assert_one_error_line "--chdir '/nonexistent/dir'"
}

@test "fault: --cap-add with the host's user namespace and no privilege" {
	run as_user "$SHARED_ISOLATE" --share=all --cap-add=NET_ADMIN true
	[ "$status" -eq 125 ]
	assert_one_error_line "--cap-add with --share=user needs privilege"
}

@test "fault: PROGRAM cannot be executed (126) and is not found (127): one line each" {
	: >"$SHARED_DIR/not-executable"
	chmod 0644 "$SHARED_DIR/not-executable"
	run -126 "$ISOLATE" "$SHARED_DIR/not-executable"
	assert_one_error_line "execute '$SHARED_DIR/not-executable'" "Permission denied"
	run -127 "$ISOLATE" no-such-program-anywhere
	assert_one_error_line "execute 'no-such-program-anywhere'" "not found in PATH"
}

@test "fault: a failure leaves the caller's fds as they were" {
	local before after
	no_leak_check
	before=$(ls /proc/$$/fd | sort | tr '\n' ' ')
	run unshare --mount sh -c 'mount -t tmpfs none /proc/sys && exec "$1" true' sh "$SHARED_ISOLATE"
	[ "$status" -eq 125 ]
	run prlimit --nproc=2:2 setpriv --reuid="$FAULT_UID" --regid="$FAULT_UID" --clear-groups "$SHARED_ISOLATE" true
	[ "$status" -eq 125 ]
	after=$(ls /proc/$$/fd | sort | tr '\n' ' ')
	[ "$before" = "$after" ]
}

# The cgroup steps: each failure is one line, exit 125, and nothing is left (the teardown
# checks isolate's cgroup subtrees and owner locks too).

@test "fault: cgroup: the sandbox's cgroup cannot be made (read-only v1 hierarchy)" {
	require_root
	[ -d /sys/fs/cgroup/memory ] && [ "$(stat -f -c %T /sys/fs/cgroup/memory)" = cgroupfs ] ||
		skip "no cgroup v1 memory hierarchy on this host"
	run unshare --mount sh -c 'mount -o remount,bind,ro /sys/fs/cgroup/memory && exec "$1" --memory 64M touch "$2"' \
		sh "$SHARED_ISOLATE" "$SHARED_DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "cgroup: create /sys/fs/cgroup/memory" "Read-only file system"
	[ ! -e "$SHARED_DIR/ran" ]
}

@test "fault: cgroup: the owner lock cannot be taken (/run/isolate read-only)" {
	require_root
	run unshare --mount sh -c 'mkdir -p /run/isolate && mount -t tmpfs -o ro none /run/isolate && exec "$1" --memory 64M touch "$2"' \
		sh "$SHARED_ISOLATE" "$SHARED_DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "cgroup: create /run/isolate/cgroups" "Read-only file system"
	[ ! -e "$SHARED_DIR/ran" ]
}

@test "fault: cgroup: init cannot fork PROGRAM at --pids 1" {
	require_root
	run "$SHARED_ISOLATE" --pids 1 touch "$SHARED_DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "fork PROGRAM 'touch'" "Resource temporarily unavailable"
	[ ! -e "$SHARED_DIR/ran" ]
}

@test "fault: rlimits: the kernel refuses a limit after the cgroup was made" {
	require_root
	run "$SHARED_ISOLATE" --memory 64M --rlimit nofile=99999999 touch "$SHARED_DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "--rlimit nofile=99999999" "Operation not permitted"
	[ ! -e "$SHARED_DIR/ran" ]
}

@test "fault: cgroup v2: the cgroup cannot be made (read-only unified tree)" {
	require_root
	local v2
	v2=$(v2_mount)
	[ -n "$v2" ] || skip "no cgroup2 mount on this host"
	run unshare --mount sh -c 'mount -o remount,bind,ro "$3" && exec "$1" --cpu-time 5 touch "$2"' \
		sh "$SHARED_ISOLATE" "$SHARED_DIR/ran" "$v2"
	[ "$status" -eq 125 ]
	assert_one_error_line "cgroup: create $v2/isolate" "Read-only file system"
	[ ! -e "$SHARED_DIR/ran" ]
}
