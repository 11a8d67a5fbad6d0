#!/usr/bin/env bats
# Hardening: capabilities, no_new_privs, fd hygiene, /proc/1/exe, TIOCSTI.

load helpers

setup() { record_baseline; }
teardown() {
	[ -n "${SUID_DIR:-}" ] && rm -rf "$SUID_DIR"
	teardown_shared_binary
	check_no_leaks
}

# The default set (see caps.c): Docker's 14 plus CAP_NET_ADMIN, as /proc/PID/status shows it.
DEFAULT_CAPS=00000000a80435fb

cap_line() { grep "^$1:" <<<"$output" | cut -f2; }

@test "PROGRAM gets the documented default set in every set, nothing ambient" {
	run "$ISOLATE" grep ^Cap /proc/self/status
	[ "$status" -eq 0 ]
	[ "$(cap_line CapPrm)" = "$DEFAULT_CAPS" ]
	[ "$(cap_line CapEff)" = "$DEFAULT_CAPS" ]
	[ "$(cap_line CapInh)" = "$DEFAULT_CAPS" ]
	[ "$(cap_line CapBnd)" = "$DEFAULT_CAPS" ]
	[ "$(cap_line CapAmb)" = 0000000000000000 ]
}

@test "--as-pid-1 gets the same set" {
	run "$ISOLATE" --as-pid-1 grep ^CapBnd /proc/self/status
	[ "$status" -eq 0 ]
	[ "$(cap_line CapBnd)" = "$DEFAULT_CAPS" ]
}

@test "--cap-drop=ALL leaves nothing, the bounding set included" {
	run "$ISOLATE" --cap-drop=ALL grep ^Cap /proc/self/status
	[ "$status" -eq 0 ]
	for set in CapPrm CapEff CapInh CapBnd CapAmb; do
		[ "$(cap_line $set)" = 0000000000000000 ] || { echo "$set: $(cap_line $set)"; return 1; }
	done
}

@test "--cap-drop removes one capability: NET_RAW (bit 13)" {
	run "$ISOLATE" --cap-drop=net_raw grep ^CapBnd /proc/self/status
	[ "$status" -eq 0 ]
	[ "$(cap_line CapBnd)" = "$(printf '%016x' $((0x$DEFAULT_CAPS & ~(1 << 13))))" ]
}

@test "--cap-drop=ALL --cap-add=CAP_KILL keeps exactly KILL" {
	run "$ISOLATE" --cap-drop=ALL --cap-add=CAP_KILL grep ^CapEff /proc/self/status
	[ "$status" -eq 0 ]
	[ "$(cap_line CapEff)" = "$(printf '%016x' $((1 << 5)))" ]
}

@test "--cap-add=ALL gives every capability the kernel has" {
	local last
	last=$(cat /proc/sys/kernel/cap_last_cap)
	run "$ISOLATE" --cap-add=ALL grep ^CapBnd /proc/self/status
	[ "$status" -eq 0 ]
	[ "$(cap_line CapBnd)" = "$(printf '%016x' $(((1 << (last + 1)) - 1)))" ]
}

@test "CAP_SYS_ADMIN is not in the default set: mount fails without --cap-add" {
	run "$ISOLATE" mount -t tmpfs tmpfs /mnt
	[ "$status" -ne 0 ]
	run "$ISOLATE" --cap-add=sys_admin mount -t tmpfs tmpfs /mnt
	[ "$status" -eq 0 ]
}

@test "CAP_NET_ADMIN is in the default set: the sandbox configures its own loopback" {
	run "$ISOLATE" sh -c 'ip link set lo up && ip -o link show lo'
	[ "$status" -eq 0 ]
	[[ "$output" == *"state UNKNOWN"* || "$output" == *",UP"* ]]
}

@test "--uid makes PROGRAM non-root with only --cap-add capabilities, ambient" {
	require_root
	run "$ISOLATE" --map-identity --uid=1000 --gid=1000 --cap-add=NET_ADMIN sh -c 'id -u; id -g; grep ^Cap /proc/self/status'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1000 ]
	[ "${lines[1]}" = 1000 ]
	[ "$(cap_line CapEff)" = "$(printf '%016x' $((1 << 12)))" ]
	[ "$(cap_line CapAmb)" = "$(printf '%016x' $((1 << 12)))" ]
	# The bounding set is still the full configured set.
	[ "$(cap_line CapBnd)" = "$(printf '%016x' $((0x$DEFAULT_CAPS)))" ]
}

@test "--uid without --cap-add: a non-root PROGRAM has no effective capabilities" {
	require_root
	run "$ISOLATE" --map-identity --uid=1000 grep ^CapEff /proc/self/status
	[ "$status" -eq 0 ]
	[ "$(cap_line CapEff)" = 0000000000000000 ]
}

@test "no_new_privs is on by default and off with --allow-new-privs" {
	run "$ISOLATE" grep ^NoNewPrivs /proc/self/status
	[ "$status" -eq 0 ]
	[[ "$output" == *1 ]]
	run "$ISOLATE" --allow-new-privs grep ^NoNewPrivs /proc/self/status
	[ "$status" -eq 0 ]
	[[ "$output" == *0 ]]
}

# A setuid-root copy of cat and a file only host root may read.
make_suid_cat() {
	SUID_DIR=$(mktemp -d /tmp/isolate-suid.XXXXXX)
	chmod 0755 "$SUID_DIR"
	cp /bin/cat "$SUID_DIR/cat"
	chown 0:0 "$SUID_DIR/cat"
	chmod 4755 "$SUID_DIR/cat"
	echo secret >"$SUID_DIR/secret"
	chmod 0600 "$SUID_DIR/secret"
	# The test means nothing where setuid is off (nosuid mount).
	setpriv --reuid=1000 --regid=1000 --clear-groups "$SUID_DIR/cat" "$SUID_DIR/secret" >/dev/null 2>&1 ||
		skip "setuid binaries do not work in $SUID_DIR (nosuid mount?)"
}

@test "a setuid-root binary gains no host privilege: default mapping, with and without no_new_privs" {
	require_root
	make_suid_cat
	run "$ISOLATE" "$SUID_DIR/cat" "$SUID_DIR/secret"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
	run "$ISOLATE" --allow-new-privs "$SUID_DIR/cat" "$SUID_DIR/secret"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
}

@test "a setuid-root binary gains no host privilege: rootless" {
	require_root
	make_suid_cat
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" --allow-new-privs "$SUID_DIR/cat" "$SUID_DIR/secret"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
	run as_user "$SHARED_ISOLATE" "$SUID_DIR/cat" "$SUID_DIR/secret"
	[ "$status" -ne 0 ]
}

@test "a setuid-root binary gains nothing under --map-identity --uid unless --allow-new-privs" {
	require_root
	make_suid_cat
	run "$ISOLATE" --map-identity --uid=1000 --gid=1000 "$SUID_DIR/cat" "$SUID_DIR/secret"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
	# The control: without no_new_privs the same binary does become host root here.
	run "$ISOLATE" --map-identity --uid=1000 --gid=1000 --allow-new-privs "$SUID_DIR/cat" "$SUID_DIR/secret"
	[ "$status" -eq 0 ]
	[ "$output" = secret ]
}

# The fds PROGRAM has open, probed with fstat (listing /proc/self/fd would open one more).
fds_py='import os
def is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
print(" ".join(str(fd) for fd in range(1100) if is_open(fd)))'

@test "PROGRAM sees only fds 0-2, with extra fds open in the caller" {
	run "$ISOLATE" /usr/bin/python3 -c "$fds_py" 5</dev/null 7</dev/null 9>/dev/null 20</dev/null 1000</dev/null
	[ "$status" -eq 0 ]
	[ "$output" = "0 1 2" ]
}

@test "--as-pid-1: PROGRAM sees only fds 0-2" {
	run "$ISOLATE" --as-pid-1 /usr/bin/python3 -c "$fds_py" 5</dev/null 7</dev/null 20</dev/null
	[ "$status" -eq 0 ]
	[ "$output" = "0 1 2" ]
}

@test "isolate's init holds only fds 0-2 while PROGRAM runs" {
	local pid init fds
	"$ISOLATE" sleep 30 7</dev/null 8</dev/null 9</dev/null >/dev/null 2>&1 &
	pid=$!
	wait_until pgrep -P "$pid" >/dev/null
	init=$(pgrep -P "$pid")
	wait_until pgrep -P "$init" >/dev/null
	# Sanitizer runs: the runtime's own log file (tests/sanitizers.sh) is not the caller's.
	# Besides 0-2, init keeps one fd of isolate's own: its channel to the parent (a
	# socket), over which it reports PROGRAM's stops for job control.
	fds=$(for fd in /proc/"$init"/fd/*; do
		case "$(readlink "$fd")" in
		*/sanitizer-logs/*) ;;
		socket:*) [ "${fd##*/}" -gt 2 ] && echo chan || echo "${fd##*/}" ;;
		*) echo "${fd##*/}" ;;
		esac
	done | sort | tr '\n' ' ')
	fds=${fds% }
	kill "$pid"
	wait "$pid" || true
	[ "$fds" = "0 1 2 chan" ] || { echo "init fds: $fds"; return 1; }
}

@test "--preserve-fds=2 passes fds 3 and 4 and sets LISTEN_FDS and LISTEN_PID" {
	run "$ISOLATE" --preserve-fds=2 sh -c 'python3 -c "$1"; echo "$LISTEN_FDS $LISTEN_PID $$"; cat <&3; cat <&4' sh "$fds_py" \
		3< <(echo three) 4< <(echo four) 5</dev/null 6</dev/null
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0 1 2 3 4" ]
	read -r n lpid self <<<"${lines[1]}"
	[ "$n" = 2 ]
	[ "$lpid" = "$self" ]
	[ "${lines[2]}" = three ]
	[ "${lines[3]}" = four ]
}

@test "--preserve-fds naming a closed fd is refused before anything starts" {
	run "$ISOLATE" --preserve-fds=2 true 3</dev/null 4<&-
	[ "$status" -eq 125 ]
	assert_one_error_line "--preserve-fds=2: fd 4" "Bad file descriptor"
}

@test "every fd isolate opens is close-on-exec (source check)" {
	local src=$BATS_TEST_DIRNAME/../src
	# open/openat/pipe2/socket/accept4/dup calls must carry CLOEXEC on the same line.
	run grep -nE '\b(open|openat|pipe2|socket|socketpair|signalfd|timerfd_create|accept4|dup3|mnl_socket_open2|memfd_create)\(' "$src"/*.c
	while IFS= read -r line; do
		[[ -z "$line" || "$line" == *CLOEXEC* ]] || { echo "no CLOEXEC: $line"; return 1; }
	done <<<"$output"
	! grep -nE '\b(pipe|dup|accept|mnl_socket_open)\(' "$src"/*.c || false
	# fopen only with "e" in its mode (O_CLOEXEC); glibc's opendir sets O_CLOEXEC itself.
	! grep -nE '\bfopen\(' "$src"/*.c | grep -vE '\bfopen\([^;]*"[rwa]\+?e"' || false
	# dup2 only onto 0-2, which are meant to be inherited.
	! grep -nE '\bdup2\(' "$src"/*.c | grep -v '_FILENO'
}

open_exe_for_write='import os, sys
try:
    os.open("/proc/1/exe", os.O_WRONLY)
except OSError as e:
    print("refused", e.strerror)
    sys.exit(0)
print("OPENED")
sys.exit(1)'

@test "/proc/1/exe (isolate's init) cannot be opened for writing inside (CVE-2019-5736)" {
	run "$ISOLATE" /usr/bin/python3 -c "$open_exe_for_write"
	[ "$status" -eq 0 ]
	[[ "$output" == refused* ]]
}

@test "/proc/1/exe stays closed even with every capability and host root inside" {
	require_root
	run "$ISOLATE" --map-identity --cap-add=ALL --allow-new-privs /usr/bin/python3 -c "$open_exe_for_write"
	[ "$status" -eq 0 ]
	[[ "$output" == refused* ]]
}

@test "/proc/1/exe cannot be opened for writing rootless or as PID 1" {
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" /usr/bin/python3 -c "$open_exe_for_write"
	[ "$status" -eq 0 ]
	[[ "$output" == refused* ]]
	run "$ISOLATE" --as-pid-1 /usr/bin/python3 -c "$open_exe_for_write"
	[ "$status" -eq 0 ]
	[[ "$output" == refused* ]]
}

# Open /proc/1/exe for reading, read /proc/1/environ, open /proc/1/mem: one line each,
# with the exact errno. Writing exe is refused anyway (ETXTBSY), so only these show
# whether init is non-dumpable.
proc1_py='import errno, os
def probe(name, f):
    try:
        f()
        print(name, "allowed")
    except OSError as e:
        print(name, errno.errorcode[e.errno])
probe("exe", lambda: os.close(os.open("/proc/1/exe", os.O_RDONLY)))
probe("environ", lambda: os.read(os.open("/proc/1/environ", os.O_RDONLY), 1))
probe("mem", lambda: os.close(os.open("/proc/1/mem", os.O_RDONLY)))'
PROC1_DENIED='exe EACCES
environ EACCES
mem EACCES'

# As root with the default mapping, the change of host uid in the sandbox makes init
# non-dumpable by itself; with --map-identity and rootless the uid stays the same, and
# only prctl(PR_SET_DUMPABLE, 0) keeps /proc/1 closed to a PROGRAM with CAP_SYS_PTRACE.
@test "/proc/1/exe, environ and mem: EACCES with CAP_SYS_PTRACE, rootless and with --map-identity" {
	require_root
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" --cap-add=SYS_PTRACE /usr/bin/python3 -c "$proc1_py"
	[ "$status" -eq 0 ]
	[ "$output" = "$PROC1_DENIED" ] || { echo "rootless: $output"; return 1; }
	run "$ISOLATE" --map-identity --cap-add=SYS_PTRACE /usr/bin/python3 -c "$proc1_py"
	[ "$status" -eq 0 ]
	[ "$output" = "$PROC1_DENIED" ] || { echo "--map-identity: $output"; return 1; }
	run "$ISOLATE" --cap-add=SYS_PTRACE /usr/bin/python3 -c "$proc1_py"
	[ "$status" -eq 0 ]
	[ "$output" = "$PROC1_DENIED" ] || { echo "default mapping: $output"; return 1; }
}

@test "PROGRAM cannot read init's fds or memory through /proc/1" {
	run "$ISOLATE" --cap-add=SYS_PTRACE sh -c 'ls /proc/1/fd >/dev/null 2>&1 && echo fd-readable; cat /proc/1/environ >/dev/null 2>&1 && echo environ-readable; echo done'
	[ "$status" -eq 0 ]
	[ "$output" = done ]
}

# Try to push "id\n" into the terminal, then (outside the sandbox, in the same
# session) count the bytes waiting as input.
inject='import fcntl, termios
try:
    for c in b"id\n":
        fcntl.ioctl(0, termios.TIOCSTI, bytes([c]))
    print("injected")
except OSError as e:
    print("refused", e.errno)'
count_pending='import array, fcntl, termios
a = array.array("i", [0])
fcntl.ioctl(0, termios.FIONREAD, a)
print("pending", a[0])'

@test "PROGRAM on the caller's terminal cannot inject input with TIOCSTI (CVE-2017-5226)" {
	local sysctl=/proc/sys/dev/tty/legacy_tiocsti old=
	if [ -e "$sysctl" ]; then
		old=$(cat "$sysctl")
		[ "$old" = 1 ] || echo 1 >"$sysctl" 2>/dev/null ||
			skip "the kernel refuses TIOCSTI (dev.tty.legacy_tiocsti=0) and it cannot be changed"
	fi
	# The control: without isolate the injection works on this kernel.
	run on_pty sh -c 'python3 -c "$1"; stty -echo; python3 -c "$2"' sh "$inject" "$count_pending"
	[[ "$output" == *injected*"pending 3"* ]] || { [ -n "$old" ] && echo "$old" >"$sysctl"; skip "TIOCSTI does not work on this terminal: $output"; }
	run on_pty sh -c '"$3" python3 -c "$1"; stty -echo; python3 -c "$2"' sh "$inject" "$count_pending" "$ISOLATE"
	[ -n "$old" ] && echo "$old" >"$sysctl"
	[[ "$output" == *"refused 1"* ]]
	[[ "$output" == *"pending 0"* ]]
}

@test "TIOCSTI stays refused with every capability and with --as-pid-1" {
	run on_pty "$ISOLATE" --cap-add=ALL --allow-new-privs /usr/bin/python3 -c "$inject"
	[[ "$output" == *"refused 1"* ]]
	run on_pty "$ISOLATE" --as-pid-1 /usr/bin/python3 -c "$inject"
	[[ "$output" == *"refused 1"* ]]
}

# The default profile holds the guard; without it (unconfined, or a FILE that allows every
# call) the guard is a filter of its own.
@test "TIOCSTI stays refused under --seccomp=unconfined and under a profile that allows everything" {
	local prof
	prof=$(mktemp /tmp/isolate-allow-all.XXXXXX)
	echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$prof"
	chmod 0644 "$prof"
	run on_pty "$ISOLATE" --seccomp=unconfined /usr/bin/python3 -c "$inject"
	local unconfined=$output
	run on_pty "$ISOLATE" --seccomp="$prof" /usr/bin/python3 -c "$inject"
	rm -f "$prof"
	[[ "$unconfined" == *"refused 1"* ]]
	[[ "$output" == *"refused 1"* ]]
}

@test "ordinary terminal ioctls still work under the filter" {
	run on_pty "$ISOLATE" stty size
	[[ "$output" =~ [0-9]+\ [0-9]+ ]]
}
