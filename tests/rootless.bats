#!/usr/bin/env bats
# Rootless mode: an unprivileged user (nobody), no setuid bit, a single-id map.

load helpers

setup() {
	require_root
	record_baseline
	setup_shared_binary
}

teardown() {
	teardown_shared_binary
	check_no_leaks
}

ns_inode() { readlink "/proc/self/ns/$1"; }

@test "rootless: the installed binary needs no setuid bit or file capability" {
	[ ! -u "$SHARED_ISOLATE" ]
	[ -z "$(getcap "$SHARED_ISOLATE" 2>/dev/null)" ]
	run as_user "$SHARED_ISOLATE" true
	[ "$status" -eq 0 ]
}

@test "rootless: every namespace differs from the host's" {
	local ns
	for ns in user net uts ipc mnt pid; do
		run as_user "$SHARED_ISOLATE" readlink "/proc/self/ns/$ns"
		[ "$status" -eq 0 ]
		[ -n "$output" ]
		[ "$output" != "$(ns_inode "$ns")" ] || { echo "$ns is the host's"; return 1; }
	done
}

@test "rootless: id is root inside" {
	run as_user "$SHARED_ISOLATE" id
	[ "$status" -eq 0 ]
	[ "$output" = "uid=0(root) gid=0(root) groups=0(root)" ]
}

@test "rootless: a single-id map of the caller, setgroups denied first" {
	run as_user "$SHARED_ISOLATE" sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" =~ ^\ +0\ +$NOBODY_UID\ +1$ ]]
	[[ "${lines[1]}" =~ ^\ +0\ +$NOBODY_GID\ +1$ ]]
	[ "${lines[2]}" = deny ]
}

# Who writes the map is the plan's choice (plan.c resolve_handoff): the child itself for a
# rootless single-id map with nothing else to set up first; the parent when it must write
# another id (root's nobody) or, rootless, when a step between clone and "go" needs it.
@test "rootless: the child writes its own single-id map; as root the parent writes it" {
	run --separate-stderr as_user "$SHARED_ISOLATE" -v cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^\ +0\ +$NOBODY_UID\ +1$ ]]
	[[ "$stderr" == *"child: uid_map 0 $NOBODY_UID 1, gid_map 0 $NOBODY_GID 1"* ]]
	[[ "$stderr" != *"parent: uid_map"* ]]
	run --separate-stderr env -u SUDO_UID -u SUDO_GID "$SHARED_ISOLATE" -v --net=none cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"parent: uid_map 0 65534 1"* ]]
	[[ "$stderr" != *"child: uid_map"* ]]
}

@test "rootless: ps aux shows only the sandbox, isolate's init as PID 1" {
	run as_user "$SHARED_ISOLATE" ps aux
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]   # header, init, ps
	[[ "${lines[1]}" =~ ^root\ +1\ .*isolate ]]
	[[ "${lines[2]}" =~ ^root\ +[0-9]+\ .*ps\ aux ]]
}

@test "rootless: hostname is set inside, the host's is unchanged" {
	local before
	before=$(hostname)
	run as_user "$SHARED_ISOLATE" hostname
	[ "$status" -eq 0 ]
	[ "$output" = isolated ]
	run as_user "$SHARED_ISOLATE" --hostname=rootless-box hostname
	[ "$status" -eq 0 ]
	[ "$output" = rootless-box ]
	[ "$(hostname)" = "$before" ]
}

@test "rootless: the network namespace has loopback only" {
	run as_user "$SHARED_ISOLATE" ip -o link show
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *": lo: "* ]]
}

@test "rootless: the program's exit status passes through" {
	run as_user "$SHARED_ISOLATE" sh -c 'exit 7'
	[ "$status" -eq 7 ]
}

@test "rootless: --map-root to another id is refused in one line" {
	run -125 as_user "$SHARED_ISOLATE" --map-root=1000 true
	assert_one_error_line "--map-root=1000:1000" "only your own ids (65534:65534)" "--map-auto"
}

@test "rootless: --map-identity is refused in one line" {
	run -125 as_user "$SHARED_ISOLATE" --map-identity true
	assert_one_error_line "--map-identity" "CAP_SETUID"
}

@test "rootless: --map-root with the caller's own ids is accepted" {
	run as_user "$SHARED_ISOLATE" --map-root="$NOBODY_UID:$NOBODY_GID" id -u
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]
}

@test "detection uses capabilities: root without CAP_NET_ADMIN gets rootless defaults" {
	# uid 0 without CAP_NET_ADMIN: the caller (0) maps to itself, one id, setgroups denied.
	run setpriv --bounding-set=-net_admin --inh-caps=-net_admin \
		"$SHARED_ISOLATE" sh -c 'cat /proc/self/uid_map /proc/self/setgroups'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ +0\ +0\ +1$ ]]
	[ "${lines[1]}" = deny ]
}

@test "detection: root with every capability gets root's defaults" {
	run env -u SUDO_UID -u SUDO_GID "$SHARED_ISOLATE" sh -c 'cat /proc/self/uid_map /proc/self/setgroups'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ +0\ +65534\ +1$ ]]
	[ "${lines[1]}" = allow ]
}

@test "nested: inside another user namespace isolate is rootless even as its root" {
	# unshare -r makes the caller root of a user namespace of its own: its capabilities
	# there are no privilege over the host, so isolate maps the one id it has (0).
	run as_user unshare --user --map-root-user \
		"$SHARED_ISOLATE" sh -c 'cat /proc/self/uid_map /proc/self/setgroups; id -u'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ +0\ +0\ +1$ ]]
	[ "${lines[1]}" = deny ]
	[ "${lines[2]}" = 0 ]
}

@test "blocked user namespaces: the error names user.max_user_namespaces" {
	# The limit is per user namespace: set it to 0 in a namespace of our own, so the
	# host's sysctl (and other test runs on this machine) stay untouched.
	run -125 as_user unshare --user --map-root-user sh -c \
		'echo 0 > /proc/sys/user/max_user_namespaces && exec "$1" true' sh "$SHARED_ISOLATE"
	assert_one_error_line "clone new namespaces" "sysctl user.max_user_namespaces=0" \
		"sysctl -w user.max_user_namespaces="
}

@test "blocked user namespaces as a rootless caller leave no process behind" {
	run as_user unshare --user --map-root-user sh -c \
		'echo 0 > /proc/sys/user/max_user_namespaces && "$1" sleep 4321; echo "status $?"' sh "$SHARED_ISOLATE"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "isolate: clone new namespaces: "* ]]
	[ "${lines[1]}" = "status 125" ]
	no_isolate_left
	! pgrep -f -x 'sleep 4321'
}

@test "rootless: SIGKILL to isolate during the run leaves nothing behind" {
	as_user "$SHARED_ISOLATE" sleep 4321 &
	local pid=$!
	wait_until pgrep -f -x 'sleep 4321' >/dev/null
	kill -KILL "$(isolate_pids | head -n 1)"
	wait "$pid" || true
	wait_until no_isolate_left
	wait_until eval "! pgrep -f -x 'sleep 4321' >/dev/null"
}

@test "rootless: isolate bash runs an interactive shell on a terminal" {
	# script(1) gives the shell a real terminal; its own shell runs the command line.
	run -3 bash -c 'printf "%s\n" "echo \"in:\$(id -u):\$(hostname):\$(tty)\"" "exit 3" |
		timeout 30 setpriv --reuid="$2" --regid="$2" --clear-groups --reset-env \
		env PATH="$3" TERM=dumb SHELL=/bin/sh script -qec "$1 bash --norc --noprofile -i" /dev/null' \
		sh "$SHARED_ISOLATE" "$NOBODY_UID" "$USER_PATH"
	[[ "$output" == *"in:0:isolated:/dev/pts/"* ]]
}
