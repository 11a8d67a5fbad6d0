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
# one behind. Prints "leaked" or "kept" on failure.
keyring_check() {
	local iso=$1
	keyctl session - sh -c '
		keyctl add user planted hunter2 @s >/dev/null
		"$1" --net=none sh -c "keyctl print %user:planted 2>/dev/null && echo leaked; keyctl add user added x @s >/dev/null"
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
	run -127 "$ISOLATE" -v --net=none $'tr\nue'
	! grep -q '^ue' <<<"$output"
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
