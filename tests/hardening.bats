#!/usr/bin/env bats
# Process, signal and identity hardening (issue 17): the session keyring, the sandbox's
# own process group, signals delivered once, the parent-death signal after --uid,
# hangups, --share=pid leftovers, inherited dispositions and closed standard fds.
# Each case runs as root and, where it applies, as an unprivileged user.

load helpers

setup() {
	record_baseline
	DIR=$(mktemp -d /tmp/isolate-harden.XXXXXX)
	chmod 0755 "$DIR"
}
teardown() {
	[ -n "${BG:-}" ] && kill -KILL "$BG" 2>/dev/null
	drop_subid_user
	rm -rf "$DIR"
	teardown_shared_binary
	check_no_leaks
}

# --- F2: a fresh session keyring ---

# In a session keyring of its own, plant a key; PROGRAM must neither read it nor leave
# one behind. Prints "leaked" or "kept" on failure. --seccomp=unconfined: the default
# profile refuses keyctl(2) too, which would hide whether the keyring is the caller's.
keyring_check() {
	local iso=$1
	keyctl session - sh -c '
		keyctl add user planted hunter2 @s >/dev/null
		"$1" --net=none --seccomp=unconfined sh -c "keyctl print %user:planted 2>/dev/null && echo leaked; keyctl add user added x @s >/dev/null"
		keyctl search @s user added >/dev/null 2>&1 && echo kept
		keyctl print %user:planted' sh "$iso"
}

@test "PROGRAM does not get the caller's session keyring (root)" {
	command -v keyctl >/dev/null || skip "keyctl (keyutils) is not installed"
	run --separate-stderr keyring_check "$ISOLATE"
	[ "$status" -eq 0 ]
	[ "$output" = hunter2 ]
}

@test "PROGRAM does not get the caller's session keyring (rootless)" {
	command -v keyctl >/dev/null || skip "keyctl (keyutils) is not installed"
	setup_shared_binary
	run --separate-stderr as_user bash -c "$(declare -f keyring_check); keyring_check '$SHARED_ISOLATE'"
	[ "$status" -eq 0 ]
	[ "$output" = hunter2 ]
}

# --- F8: inherited dispositions ---

@test "started with SIGCHLD ignored, isolate still returns PROGRAM's status" {
	run timeout 20 perl -e '$SIG{CHLD}="IGNORE"; exec @ARGV' "$ISOLATE" --net=none sh -c 'exit 7'
	[ "$status" -eq 7 ]
}

@test "started with SIGCHLD ignored, PROGRAM gets it at default and can wait for children" {
	# bit 17 (SIGCHLD) of SigIgn, as PROGRAM sees it
	run timeout 20 /usr/bin/python3 -c '
import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$ISOLATE" --net=none sh -c '
		ign=$(sed -n "s/^SigIgn:\t//p" /proc/self/status)
		echo $(( (0x$ign >> 16) & 1 ))
		sleep 0.1 & wait $!; echo "wait=$?"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = wait=0 ]
}

@test "a caller's ignored SIGHUP (nohup) is still PROGRAM's" {
	run nohup "$ISOLATE" --net=none sh -c 'ign=$(sed -n "s/^SigIgn:\t//p" /proc/self/status); echo $(( 0x$ign & 1 ))' 2>/dev/null
	[ "$status" -eq 0 ]
	[ "$output" = 1 ] || [ "$(cat nohup.out 2>/dev/null)" = 1 ]
	rm -f nohup.out
}

# --- F21: closed standard fds ---

@test "with stderr closed, -v neither fails nor writes into its own sockets" {
	run sh -c "'$ISOLATE' -v true 2>&-"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run sh -c "'$ISOLATE' -v --net=none readlink /proc/self/fd/2 2>&-"
	[ "$status" -eq 0 ]
	[ "$output" = /dev/null ]
}

@test "with stdin, stdout and stderr closed, isolate runs and PROGRAM finds them open" {
	chmod 1777 "$DIR" # sandbox root is nobody as root
	run sh -c "'$ISOLATE' --net=none sh -c 'for f in 0 2; do readlink /proc/self/fd/\$f; done > $DIR/fds' <&- >&- 2>&-"
	[ "$status" -eq 0 ]
	[ "$(cat "$DIR/fds")" = "$(printf '/dev/null\n/dev/null')" ]
}

# --- F17: one failure, one line ---

@test "a newline or escape in an environment value stays on the error's one line" {
	run env ISOLATE_NET_POOL=$'x\nisolate: forged\e[2J' "$ISOLATE" true
	[ "$status" -eq 125 ]
	assert_one_error_line "ISOLATE_NET_POOL 'x\x0aisolate: forged\x1b[2J'"
	run env SUDO_UID=$'1\nisolate: forged' "$ISOLATE" true
	[ "$status" -eq 125 ]
	assert_one_error_line "SUDO_UID '1\x0aisolate: forged'"
}

@test "PROGRAM's name is escaped in its exec failure" {
	run -127 "$ISOLATE" --net=none $'/nonexistent\nisolate: forged'
	assert_one_error_line "execute '/nonexistent\x0aisolate: forged'"
}

@test "-v traces escape what they echo" {
	run -127 "$ISOLATE" -v --net=none $'/nonexistent/tr\nue'
	! grep -q '^ue' <<<"$output" || false
	grep -qF 'tr\x0aue' <<<"$output"
}

# --- F5: the parent-death signal after --uid/--gid ---

# Start isolate with ARGS and PROGRAM `sleep TAG` via RUNNER (empty: as root), kill -9
# isolate, and check PROGRAM goes with it.
survives_kill9() {
	local tag=$1 iso
	shift
	setsid "$@" sleep "$tag" </dev/null >"$DIR/out" 2>&1 3>&- &
	BG=$!
	wait_until pgrep -f "^sleep $tag\$" >/dev/null || { cat "$DIR/out"; return 1; }
	iso=$(pgrep -f -- "--uid.* sleep $tag\$" | head -1)
	[ -n "$iso" ] || return 1
	kill -KILL "$iso" || return 1
	wait_until sh -c "! pgrep -f '^sleep $tag\$' >/dev/null" || { echo "PROGRAM outlived isolate"; pkill -KILL -f "^sleep $tag\$"; return 1; }
}

@test "--as-pid-1 --uid: PROGRAM dies with isolate's kill -9 (root)" {
	require_root
	survives_kill9 1101.5 "$ISOLATE" --net=none --as-pid-1 --map-identity --uid=1000 --gid=1000
}

@test "--share=pid --uid: PROGRAM dies with isolate's kill -9 (root)" {
	require_root
	survives_kill9 1102.5 "$ISOLATE" --net=none --share=pid --map-identity --uid=1000 --gid=1000
}

# A user with subordinate ids, for rootless --map-auto --uid; removed in the test.
with_subid_user() {
	SUBID_USER="isoharden$$"
	useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$SUBID_USER"
	usermod --add-subuids 2200000000-2200065535 --add-subgids 2200000000-2200065535 "$SUBID_USER"
	SUBID_UID=$(id -u "$SUBID_USER")
	SUBID_GID=$(id -g "$SUBID_USER")
}
drop_subid_user() {
	[ -n "${SUBID_USER:-}" ] || return 0
	userdel "$SUBID_USER" 2>/dev/null || true
	sed -i "/^$SUBID_USER:/d" /etc/subuid /etc/subgid
	SUBID_USER=
}

@test "--as-pid-1 --uid: PROGRAM dies with isolate's kill -9 (rootless, --map-auto)" {
	require_root # to create the test user
	command -v newuidmap >/dev/null || skip "newuidmap (uidmap) is not installed"
	setup_shared_binary
	with_subid_user
	local rc=0
	survives_kill9 1103.5 setpriv --reuid="$SUBID_UID" --regid="$SUBID_GID" --clear-groups --reset-env \
		env PATH="$USER_PATH" HOME=/ "$SHARED_ISOLATE" --net=none --as-pid-1 --map-auto --uid=1 --gid=1 || rc=$?
	drop_subid_user
	[ "$rc" -eq 0 ]
}

# --- F3: the sandbox's own process group; F4: each signal once; F6: hangups ---

# A PROGRAM that logs every INT, HUP and USR1 it gets to FILE, one line per delivery:
# perl's unsafe signals run the handler at each delivery (its default, deferred ones
# merge two deliveries into one call), and SA_NODEFER keeps the signal unblocked in its
# handler. It exits on TERM with 42 or, if given, on the signal named by its second
# argument with 44.
make_counter() {
	cat >"$DIR/counter" <<'EOS'
#!/usr/bin/perl
BEGIN { if (!$ENV{COUNTER_UNSAFE}) { $ENV{COUNTER_UNSAFE} = $ENV{PERL_SIGNALS} = "unsafe"; exec($^X, $0, @ARGV); } }
use strict; use warnings; use IO::Handle; use POSIX ();
my ($file, $last) = @ARGV;
open(my $log, '>>', $file) or die "$file: $!";
$log->autoflush(1);
for my $s (qw(INT HUP USR1)) {
	my $handler = sub { print $log "got-$s\n"; POSIX::_exit(44) if defined $last && $last eq $s; };
	POSIX::sigaction(POSIX->can("SIG$s")->(),
		POSIX::SigAction->new($handler, POSIX::SigSet->new(), POSIX::SA_NODEFER()));
}
$SIG{TERM} = sub { POSIX::_exit(42) };
print $log "ready\n";
select(undef, undef, undef, 0.05) for 1 .. 600;
exit 99;
EOS
	chmod 0755 "$DIR/counter"
	: >"$DIR/log"
	chmod 0666 "$DIR/log"
}

count_in_log() { grep -c "^$1\$" "$DIR/log" || true; }

@test "PROGRAM's kill(0, SIGTERM) reaches only the sandbox (root, --map-identity)" {
	require_root
	run setsid bash -c "'$ISOLATE' --net=none --map-identity /usr/bin/python3 -c 'import os; os.kill(0, 15)'; echo \"rc=\$? survived\""
	[ "$output" = "rc=143 survived" ]
}

@test "PROGRAM's kill(0, SIGTERM) reaches only the sandbox (rootless)" {
	setup_shared_binary
	run as_user setsid bash -c "'$SHARED_ISOLATE' --net=none /usr/bin/python3 -c 'import os; os.kill(0, 15)'; echo \"rc=\$? survived\""
	[ "$output" = "rc=143 survived" ]
}

@test "PROGRAM's kill(0) still reaches the whole sandbox: a shell's 'kill 0' ends its jobs" {
	run timeout 20 "$ISOLATE" --net=none sh -c 'sleep 1104.5 & trap "" TERM; kill 0; wait; echo ended'
	[ "$status" -eq 0 ]
	[ "$output" = ended ]
}

# Run the counter under isolate (ARGS) as the leader of a new process group: PGID=PID.
start_counter() {
	make_counter
	setsid env --default-signal "$ISOLATE" --net=none "$@" "$DIR/counter" "$DIR/log" </dev/null >"$DIR/out" 2>&1 3>&- &
	BG=$!
	wait_until grep -qs ready "$DIR/log"
}

stop_counter() {
	local rc=0
	kill -TERM "$BG"
	wait "$BG" || rc=$?
	BG=
	[ "$rc" -eq 42 ] || { echo "counter ended with $rc"; cat "$DIR/out"; return 1; }
}

# Send sig to the process group pgid N times, 0.1 s apart; PROGRAM must log N.
# (A copy passed on may merge with PROGRAM's own while that is still pending, so one
# signal alone does not show a duplicate reliably; ten do.)
signal_group_n_times() {
	local sig=$1 pgid=$2 n=$3 i
	for i in $(seq "$n"); do
		kill -"$sig" -- "-$pgid"
		sleep 0.1
	done
	wait_until test "$(count_in_log "got-$sig")" -ge "$n"
	sleep 0.5 # a further copy, if one were passed on, would have arrived by now
	[ "$(count_in_log "got-$sig")" -eq "$n" ] || { echo "$n sent, $(count_in_log "got-$sig") received"; return 1; }
}

@test "a signal to isolate's process group reaches PROGRAM once" {
	local mode
	for mode in "" --as-pid-1; do
		start_counter $mode
		signal_group_n_times INT "$BG" 10 || { echo "mode '$mode'"; return 1; }
		stop_counter
	done
}

@test "a signal to the sandbox's process group is not passed on again by init" {
	start_counter
	local prog pgid
	prog=$(pgrep -f "^/usr/bin/perl $DIR/counter" | head -1)
	pgid=$(ps -o pgid= -p "$prog" | tr -d ' ')
	[ -n "$pgid" ] && [ "$pgid" != "$BG" ]
	signal_group_n_times USR1 "$pgid" 10
	stop_counter
}

# The parent hands the terminal over before "start" (jobctl.c), so PROGRAM reads and sets
# it as the foreground job; a job in the background would be stopped by SIGTTIN.
@test "on isolate's terminal, the sandbox's process group is the foreground, PROGRAM's too with --as-pid-1" {
	local mode
	for mode in "" --as-pid-1; do
		run on_pty "$ISOLATE" --net=none $mode /usr/bin/python3 -c 'import os; print("foreground", os.tcgetpgrp(0) == os.getpgrp())'
		[[ "$output" == *"foreground True"* ]] || { echo "mode '$mode': $output"; return 1; }
		[[ "$output" == *"status 0"* ]]
	done
}

@test "a terminal hangup reaches PROGRAM when isolate leads the session" {
	make_counter
	# pty.fork: the child is a session leader with the pty as its terminal; closing
	# the master hangs the terminal up, and the kernel sends SIGHUP to the leader only.
	run timeout 30 /usr/bin/python3 -c '
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
log = sys.argv[-2]
for _ in range(200):
    if "ready" in open(log).read():
        break
    time.sleep(0.05)
os.close(fd)
for _ in range(200):
    r, st = os.waitpid(pid, os.WNOHANG)
    if r:
        print(os.waitstatus_to_exitcode(st))
        sys.exit(0)
    time.sleep(0.05)
os.kill(pid, 9)
print("still running")
' "$ISOLATE" --net=none "$DIR/counter" "$DIR/log" HUP
	[ "$output" = 44 ]
	[ "$(count_in_log got-HUP)" -eq 1 ]
}

# --- F7: --share=pid ends what PROGRAM started ---

gone() { ! pgrep -f "^sleep $1\$" >/dev/null; }

@test "--share=pid: background processes, daemonized ones too, end with PROGRAM (root)" {
	# Their output goes elsewhere: a leftover holding bats' pipe would hang the test.
	run timeout 20 "$ISOLATE" --net=none --share=pid sh -c 'exec >/dev/null 2>&1
		sleep 1111.5 & (setsid sleep 1112.5 &) ; sh -c "sleep 1113.5 & exec sleep 1114.5" & sleep 0.2; exit 4'
	[ "$status" -eq 4 ]
	local t
	for t in 1111.5 1112.5 1113.5 1114.5; do
		wait_until gone "$t" || { echo "sleep $t outlived isolate"; pkill -KILL -f "^sleep $t\$"; return 1; }
	done
}

@test "--share=pid: background processes end with PROGRAM (rootless)" {
	setup_shared_binary
	run as_user timeout 20 "$SHARED_ISOLATE" --net=none --share=pid sh -c 'exec >/dev/null 2>&1; sleep 1115.5 & (setsid sleep 1116.5 &); exit 5'
	[ "$status" -eq 5 ]
	wait_until gone 1115.5 || { pkill -KILL -f '^sleep 1115.5$'; return 1; }
	wait_until gone 1116.5 || { pkill -KILL -f '^sleep 1116.5$'; return 1; }
}

@test "--share=pid: kill -9 of isolate ends PROGRAM's background processes" {
	setsid "$ISOLATE" --net=none --share=pid sh -c 'sleep 1117.5 & sleep 1118.5' </dev/null >/dev/null 2>&1 3>&- &
	BG=$!
	wait_until pgrep -f '^sleep 1118.5$' >/dev/null
	wait_until pgrep -f '^sleep 1117.5$' >/dev/null
	kill -KILL "$BG"
	wait_until gone 1117.5 || { pkill -KILL -f '^sleep 1117.5$'; return 1; }
	wait_until gone 1118.5 || { pkill -KILL -f '^sleep 1118.5$'; return 1; }
}
