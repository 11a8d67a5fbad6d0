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
	# --net=none: the network steps read /proc/sys too, and this fault is about /proc.
	run unshare --mount sh -c 'mount -t tmpfs none /proc/sys && exec "$1" --net=none true' sh "$SHARED_ISOLATE"
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
	PATH=/usr/bin:/bin run -127 "$ISOLATE" no-such-program-anywhere
	assert_one_error_line "execute 'no-such-program-anywhere'" "not found in PATH"
}

# Run isolate with fd 5 open and stderr on a full pipe: its error line blocks it at the
# moment it reports, when everything it made must be gone already. Prints isolate's
# fds and children at that moment, then its exit status and its error line.
at_report_py='import fcntl, os, subprocess, sys, time
os.dup2(os.open("/dev/null", os.O_RDONLY), 5, inheritable=True)
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: one page to fill
os.set_blocking(w, False)
try:
    while True:
        os.write(w, b"x" * 4096)
except BlockingIOError:
    pass
os.set_blocking(w, True)
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=w, pass_fds=(5,))
os.close(w)
def wchan():
    try:
        with open("/proc/%d/wchan" % p.pid) as f:
            return f.read()
    except OSError:
        return ""
for _ in range(200):
    if wchan().endswith("pipe_write") or p.poll() is not None:
        break
    time.sleep(0.05)
if not wchan().endswith("pipe_write"):
    sys.exit("isolate did not block writing its error (wchan %r, status %r)" % (wchan(), p.poll()))
fd_dir = "/proc/%d/fd/" % p.pid
# Sanitizer runs (tests/sanitizers.sh): the sanitizer log file is not a caller fd.
fds = [fd for fd in os.listdir(fd_dir) if "/sanitizer-logs/" not in os.readlink(fd_dir + fd)]
print("fds:", " ".join(sorted(fds, key=int)))
kids = ""
for t in os.listdir("/proc/%d/task" % p.pid):
    with open("/proc/%d/task/%s/children" % (p.pid, t)) as f:
        kids += f.read()
print("children:", kids.strip() or "none")
err = b""
while True:
    d = os.read(r, 65536)
    if not d:
        break
    err += d
print("status:", p.wait(timeout=10))
print(err.lstrip(b"x").decode(errors="replace"), end="")'

# A child cannot change its caller's fd table, so the check is on isolate itself: what
# it holds when it reports a failure is what it was given, and nothing of the run holds
# the caller's fds any more. Once on the host side (the id map) and once in the sandbox
# (its /proc).
@test "fault: when isolate reports a failure, it holds only the caller's fds and has no child" {
	require_root
	no_leak_check
	run unshare --mount sh -c 'mount -o remount,bind,ro /proc && exec python3 -c "$1" "$2" true' \
		sh "$at_report_py" "$SHARED_ISOLATE"
	[ "${lines[0]}" = "fds: 0 1 2 5" ] || { echo "$output"; return 1; }
	[ "${lines[1]}" = "children: none" ] || { echo "$output"; return 1; }
	[ "${lines[2]}" = "status: 125" ]
	[[ "${lines[3]}" == "isolate: id map: write /proc/"* ]]
	run unshare --mount sh -c 'mount -t tmpfs none /proc/sys && exec python3 -c "$1" "$2" --net=none true' \
		sh "$at_report_py" "$SHARED_ISOLATE"
	[ "${lines[0]}" = "fds: 0 1 2 5" ] || { echo "$output"; return 1; }
	[ "${lines[1]}" = "children: none" ] || { echo "$output"; return 1; }
	[ "${lines[2]}" = "status: 125" ]
	[[ "${lines[3]}" == "isolate: mount proc on /proc"* ]]
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

# v1: the child moves itself into its cgroup, first thing after "go" (steps.c). Its first
# poll (the check that isolate is alive, right after clone) is held 1 s, and meanwhile
# the empty cgroup is removed, as a cleanup of another program's might do.
@test "fault: cgroup: the sandbox cannot move itself in (its v1 cgroup removed meanwhile)" {
	require_root
	require_v1_pids
	no_leak_check # LeakSanitizer cannot stop a traced process
	local out=$BATS_TEST_TMPDIR/out tracer iso dir='' i st=0
	strace -f -qq -o /dev/null -e trace=poll -e inject=poll:delay_enter=1000000:when=1 \
		"$SHARED_ISOLATE" --net=none --pids 50 touch "$SHARED_DIR/ran" >"$out" 2>&1 &
	tracer=$!
	for ((i = 0; i < 100; i++)); do
		iso=$(pgrep -P "$tracer" | head -n 1 || true)
		[ -z "$iso" ] || dir=$(find /sys/fs/cgroup/pids -mindepth 2 -maxdepth 4 -type d -path "*/isolate/$iso-*" | head -n 1)
		[ -z "$dir" ] || break
		sleep 0.05
	done
	[ -n "$dir" ]
	rmdir "$dir"
	wait "$tracer" || st=$?
	[ "$st" -eq 125 ] || { echo "status $st"; cat "$out"; false; }
	run cat "$out"
	assert_one_error_line "cgroup: move the sandbox into $dir" "No such file or directory"
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

# --net=none brings lo up with two ioctls on an AF_UNIX socket (net.c loopback_up). strace
# counts injections per process, and the child's second ioctl is SIOCSIFFLAGS (its first,
# SIOCGIFFLAGS, reads the flags); the parent's second is a harmless TCGETS on a pipe.
@test "fault: libmnl cannot be loaded: a veth run says so in one line; --net=none never loads it" {
	require_root
	grep -aq 'libmnl\.so' "$SHARED_ISOLATE" || skip "this build links libmnl from its archive"
	local dir
	dir=$(mktemp -d)
	# An empty file first in the loader's path: dlopen finds it and refuses it.
	: >"$dir/libmnl.so.0"
	run env LD_LIBRARY_PATH="$dir" "$SHARED_ISOLATE" --net=veth true
	[ "$status" -eq 125 ]
	assert_one_error_line "--net=veth: cannot load libmnl.so.0:" "too short" "libmnl0"
	run env LD_LIBRARY_PATH="$dir" "$SHARED_ISOLATE" --net=none echo ran
	rm -rf "$dir"
	[ "$status" -eq 0 ]
	[ "$output" = ran ]
}

@test "fault: libseccomp cannot be loaded: --seccomp FILE says so in one line; the default profile never loads it" {
	local dir
	dir=$(mktemp -d)
	chmod 0755 "$dir"
	: >"$dir/libseccomp.so.2"
	echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$dir/profile.json"
	run env LD_LIBRARY_PATH="$dir" "$SHARED_ISOLATE" --net=none --seccomp="$dir/profile.json" true
	[ "$status" -eq 125 ] || { rm -rf "$dir"; echo "$output"; return 1; }
	assert_one_error_line "--seccomp=$dir/profile.json: cannot load libseccomp.so.2:" "too short" "libseccomp2" ||
		{ rm -rf "$dir"; return 1; }
	run env LD_LIBRARY_PATH="$dir" "$SHARED_ISOLATE" --net=none echo ran
	rm -rf "$dir"
	[ "$status" -eq 0 ]
	[ "$output" = ran ]
}

@test "fault: --net=none: the kernel refuses to bring lo up (SIOCSIFFLAGS)" {
	command -v strace >/dev/null || skip "strace is not installed (contrib/install-deps installs it)"
	no_leak_check
	run strace -f -qq -o /dev/null -e trace=ioctl -e inject=ioctl:error=EPERM:when=2 \
		"$SHARED_ISOLATE" --net=none touch "$SHARED_DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "sandbox network: bring lo up: SIOCSIFFLAGS" "Operation not permitted"
	[ ! -e "$SHARED_DIR/ran" ]
}

# The child killed during its setup (at sethostname, its last step) sends no report: the
# parent says so, whether the child would then have waited for "start" (--rlimit) or not.
@test "fault: the sandbox killed during its setup: one line, 125, PROGRAM never runs" {
	command -v strace >/dev/null || skip "strace is not installed (contrib/install-deps installs it)"
	no_leak_check
	local args
	for args in --net=none "--net=none --rlimit=nofile=64"; do
		# shellcheck disable=SC2086 # args is a list of options
		run strace -f -qq -o /dev/null -e trace=sethostname -e inject=sethostname:signal=KILL \
			"$SHARED_ISOLATE" $args touch "$SHARED_DIR/ran"
		[ "$status" -eq 125 ] || { echo "$args: status $status: $output"; return 1; }
		assert_one_error_line "the sandbox ended during its setup without a report" ""
		[ ! -e "$SHARED_DIR/ran" ]
	done
}
