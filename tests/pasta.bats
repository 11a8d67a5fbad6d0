#!/usr/bin/env bats
# --net=pasta: outbound connectivity through pasta(1), rootless and as root.
# Every test that starts pasta runs inside a network and mount namespace it creates
# first (in_pasta_host); "the host" below is that namespace, and no packet leaves it.

load helpers

setup() {
	require_root
	record_baseline
	setup_shared_binary
	command -v pasta >/dev/null || skip "pasta is not installed (contrib/install-deps installs passt)"
}

teardown() {
	teardown_shared_binary
	check_no_leaks
}

# The gateway and the sandbox's address, copied by pasta from the template below.
GATEWAY=192.0.2.1
SANDBOX_ADDR=192.0.2.2
PORT=5555

# Give the throwaway namespace what pasta copies into the sandbox: an interface with
# an address and a default route. TEST-NET-1 (192.0.2.0/24) is never routed, and
# nothing is sent there: pasta answers for the gateway itself and maps it to this
# namespace's loopback. A veth pair rather than a dummy interface: it needs no more
# of the kernel than isolate's own veth does.
pasta_host_setup() {
	ip link set lo up
	ip link add tmpl0 type veth peer name tmpl1
	ip addr add "$SANDBOX_ADDR/24" dev tmpl0
	ip link set tmpl0 up
	ip link set tmpl1 up
	ip route add default via "$GATEWAY"
	# Some systems make /dev/net/tun root-only (0600), where no unprivileged pasta can
	# work. Give the test user the usual 0666 node, in this mount namespace only.
	if ! as_user sh -c 'test -r /dev/net/tun && test -w /dev/net/tun'; then
		mount -t tmpfs -o mode=0755 tmpfs /dev/net
		mknod -m 0666 /dev/net/tun c 10 200
	fi
}

# Run FN with ARGS in a new network and mount namespace set up by pasta_host_setup.
# The mount namespace is private (unshare's default), so /dev/net stays the host's.
in_pasta_host() {
	local fn=$1
	shift
	unshare -n -m -- bash -euo pipefail -c \
		"$(declare -p ISOLATE SHARED_ISOLATE SHARED_DIR NOBODY_UID NOBODY_GID USER_PATH GATEWAY SANDBOX_ADDR PORT connect_cmd)
		$(declare -f "$fn" pasta_host_setup as_user $POLL_FUNCS pasta_left no_pasta_left listen)
		pasta_host_setup; $fn \"\$@\"" in_pasta_host "$@"
}

pasta_ok() {
	run in_pasta_host "$@"
	[ "$status" -eq 0 ] || { echo "in_pasta_host $* exited $status:"; echo "$output"; return 1; }
}

# pasta processes serving from this network namespace that are still alive (a zombie
# has ended; its reaping is up to whoever inherited it).
pasta_left() {
	local p me
	me=$(readlink /proc/self/ns/net)
	for p in /proc/[0-9]*; do
		case "$(cat "$p/comm" 2>/dev/null)" in
		pasta | passt | passt.avx2 | pasta.avx2) ;;
		*) continue ;;
		esac
		[ "$(readlink "$p/ns/net" 2>/dev/null)" = "$me" ] || continue
		grep -q '^State:.*Z' "$p/status" 2>/dev/null && continue
		echo "${p#/proc/}"
	done
}
no_pasta_left() { [ -z "$(pasta_left)" ]; }

# A one-shot TCP server on this namespace's 127.0.0.1:PORT that greets its client;
# returns once it listens. Bounded: it gives up after 60 s without a client.
listen() {
	local ready=$SHARED_DIR/listening
	rm -f "$ready"
	/usr/bin/python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
open(sys.argv[2], "w").close()
s.settimeout(60)
c, _ = s.accept()
c.sendall(b"hello from the host\n")
c.close()' "$PORT" "$ready" >/dev/null 2>&1 &
	wait_long test -e "$ready"
}

# The sandbox's side of a connection to the listener, through the gateway address.
connect_cmd="exec 3<>/dev/tcp/$GATEWAY/$PORT && head -n 1 <&3"

# --- the sandbox's view --------------------------------------------------------

t_view() {
	as_user "$SHARED_ISOLATE" --net=pasta sh -c 'ip -o -4 addr show; ip -4 route'
	wait_until no_pasta_left
}
@test "rootless --net=pasta: a non-loopback interface with an address and a default route, ready when PROGRAM starts" {
	pasta_ok t_view
	[[ "$output" =~ [0-9]+:\ lo\ +inet\ 127\.0\.0\.1/8 ]]
	# pasta copies the host's interface: its name, address and gateway.
	[[ "$output" =~ [0-9]+:\ tmpl0\ +inet\ 192\.0\.2\.2/24 ]]
	grep -qx "default via $GATEWAY dev tmpl0 *" <<<"$output"
}

t_reach_host_loopback() {
	listen
	as_user "$SHARED_ISOLATE" --net=pasta bash -c "$connect_cmd"
	wait_until no_pasta_left
}
@test "rootless --net=pasta: the sandbox reaches a listener on the host's loopback through the gateway" {
	pasta_ok t_reach_host_loopback
	[ "${lines[-1]}" = "hello from the host" ]
}

t_own_loopback() {
	listen
	# 127.0.0.1 inside is the sandbox's own: nothing listens there.
	as_user "$SHARED_ISOLATE" --net=pasta bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && return 1
	echo refused
	# Let the listener go: it is still waiting for its one client.
	exec 3<>"/dev/tcp/127.0.0.1/$PORT" && head -n 1 <&3 >/dev/null
	wait_until no_pasta_left
}
@test "--net=pasta: the sandbox's own loopback is not the host's, no port is forwarded" {
	pasta_ok t_own_loopback
	[ "${lines[-1]}" = refused ]
}

t_root() {
	listen
	"$ISOLATE" --net=pasta bash -c "id -u; ip -o -4 addr show tmpl0; $connect_cmd"
	wait_until no_pasta_left
}
@test "root --net=pasta: the same interface and connectivity, root inside mapped as usual" {
	pasta_ok t_root
	[ "${lines[-3]}" = 0 ]
	[[ "${lines[-2]}" =~ tmpl0\ +inet\ 192\.0\.2\.2/24 ]]
	[ "${lines[-1]}" = "hello from the host" ]
}

# --- errors ----------------------------------------------------------------------

@test "pasta not in PATH: one line naming the passt package and --net=none, nothing left" {
	run -125 as_user env PATH=/nonexistent "$SHARED_ISOLATE" --net=pasta sleep 4321
	assert_one_error_line "--net=pasta: pasta not found in PATH" "install the passt package" "--net=none"
	no_isolate_left
	! pgrep -f -x 'sleep 4321'
}

# A stand-in for pasta that warns, then fails as pasta does: its fatal error comes last.
fake_pasta() {
	mkdir -p "$SHARED_DIR/bin"
	printf '#!/bin/sh\necho "a warning first" >&2\necho "%s" >&2\nexit %s\n' "$1" "$2" \
		>"$SHARED_DIR/bin/pasta"
	chmod 0755 "$SHARED_DIR/bin" "$SHARED_DIR/bin/pasta"
}

@test "pasta failing: one line with its fatal error (its last line), status 125, nothing left" {
	fake_pasta "Couldn't do the thing" 1
	run -125 as_user env PATH="$SHARED_DIR/bin:$USER_PATH" "$SHARED_ISOLATE" --net=pasta sleep 4321
	assert_one_error_line "--net=pasta: pasta: Couldn't do the thing"
	[[ "$output" != *"a warning first"* ]]
	no_isolate_left
	! pgrep -f -x 'sleep 4321'
}

@test "pasta exiting without a word before it is ready: its status, status 125" {
	printf '#!/bin/sh\nexit 0\n' >"$SHARED_DIR/pasta"
	chmod 0755 "$SHARED_DIR/pasta"
	run -125 as_user env PATH="$SHARED_DIR:$USER_PATH" "$SHARED_ISOLATE" --net=pasta true
	assert_one_error_line "--net=pasta: pasta exited with status 0 before it had configured the network"
}

t_tun_denied() {
	# A root-only tun device, as some systems have: pasta cannot create the interface.
	mount -t tmpfs -o mode=0755 tmpfs /dev/net
	mknod -m 0600 /dev/net/tun c 10 200
	as_user "$SHARED_ISOLATE" --net=pasta sleep 4321 2>&1 && return 1
	wait_until no_pasta_left
	! pgrep -f -x 'sleep 4321'
}
@test "rootless --net=pasta without access to /dev/net/tun: pasta's error and the fix in one line" {
	pasta_ok t_tun_denied
	assert_one_error_line "--net=pasta: pasta: " \
		"/dev/net/tun is not readable and writable for uid $NOBODY_UID" "mode 0666"
}

t_no_default_route() {
	ip route del default
	as_user "$SHARED_ISOLATE" --net=pasta true 2>&1 && return 1
	wait_until no_pasta_left
}
@test "--net=pasta on a host without a default route: pasta's error and why in one line" {
	pasta_ok t_no_default_route
	assert_one_error_line "--net=pasta: pasta: " "the host has no default route" "--net=none"
}

@test "--net=pasta with --share=user is refused in one line" {
	run -125 "$ISOLATE" --net=pasta --share=user true
	assert_one_error_line "--net=pasta" "--share=user"
}

@test "--net=pasta with --share=net is refused in one line" {
	run -125 "$ISOLATE" --net=pasta --share=net true
	assert_one_error_line "--net=pasta" "--share=net"
}

@test "--net=pasta with a veth option is refused in one line" {
	run -125 "$ISOLATE" --net=pasta --address=10.9.0.2/30 true
	assert_one_error_line "--net=veth only, not --net=pasta"
}

# --- pasta's lifetime --------------------------------------------------------------

t_kill_isolate() {
	local job pid
	as_user "$SHARED_ISOLATE" --net=pasta sleep 4321 &
	job=$!
	wait_long eval '[ -n "$(pasta_left)" ] && pgrep -f -x "sleep 4321" >/dev/null'
	echo "pasta before: $(pasta_left | wc -l)"
	# The sandbox's first process has isolate's command line too; isolate is the older.
	pid=$(pgrep -o -x -f "$SHARED_ISOLATE --net=pasta sleep 4321")
	kill -KILL "$pid"
	wait "$job" || true
	wait_until no_pasta_left
	wait_until eval '! pgrep -f -x "sleep 4321" >/dev/null'
	echo "pasta after: $(pasta_left | wc -l)"
}
@test "SIGKILL to isolate while PROGRAM runs leaves no pasta process" {
	pasta_ok t_kill_isolate
	grep -qx "pasta before: 1" <<<"$output"
	[ "${lines[-1]}" = "pasta after: 0" ]
}

t_program_fails() {
	local status=0
	as_user "$SHARED_ISOLATE" --net=pasta no-such-program-4321 2>/dev/null || status=$?
	echo "status $status"
	wait_until no_pasta_left
}
@test "PROGRAM not found with --net=pasta: status 127, and pasta is stopped" {
	pasta_ok t_program_fails
	[ "${lines[-1]}" = "status 127" ]
}

t_terminal_interrupt() {
	local pid flag=$SHARED_DIR/go
	listen
	# As an interactive shell runs a job: in a process group of its own, with SIGINT
	# not ignored (without job control, bash would start it with SIGINT ignored).
	set -m
	setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups --reset-env \
		env PATH="$USER_PATH" "$SHARED_ISOLATE" --net=pasta bash -c \
		"trap '' INT; for i in \$(seq 600); do [ -e $flag ] && break; sleep 0.05; done; $connect_cmd" \
		>"$SHARED_DIR/out" &
	pid=$!
	wait_long eval '[ -n "$(pasta_left)" ]'
	# Ctrl-C signals the whole foreground process group: PROGRAM ignores it, and pasta,
	# in a session of its own, must not get it.
	kill -INT -- "-$pid"
	touch "$flag"
	wait "$pid"
	# With job control on, bash reports finished jobs (the listener's) whenever it
	# notices them, which may be after this line: it is found by content, not place.
	set +m
	echo "PROGRAM said: $(cat "$SHARED_DIR/out")"
	wait_until no_pasta_left
}
@test "an interrupt to isolate's process group does not end pasta" {
	pasta_ok t_terminal_interrupt
	grep -qx "PROGRAM said: hello from the host" <<<"$output"
}

# --- --publish -----------------------------------------------------------------

t_publish() {
	local pid out=$SHARED_DIR/out
	# No --net: rootless, -p alone picks pasta, as podman's rootless -p works.
	as_user "$SHARED_ISOLATE" -p 18080:80 -p 127.0.0.1:18081:80 sh -c \
		'echo up; exec /usr/bin/python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((\"0.0.0.0\", 80)); s.listen(2)
for _ in range(2):
    c, _ = s.accept(); c.sendall(b\"hello from the sandbox\n\"); c.close()
"' >"$out" 2>&1 &
	pid=$!
	wait_long grep -qs up "$out"
	try() { timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/18080 && head -n 1 <&3' 2>/dev/null | grep -q sandbox; }
	wait_long try
	echo "18081: $(timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/18081 && head -n 1 <&3')"
	wait "$pid" || true
	wait_until no_pasta_left
}
@test "rootless --publish through pasta: the host's ports reach the sandbox's server" {
	pasta_ok t_publish
	[ "${lines[-1]}" = "18081: hello from the sandbox" ]
}

t_publish_in_use() {
	listen
	as_user "$SHARED_ISOLATE" --net=pasta -p "$PORT:80" true 2>&1 || echo "status: $?"
	exec 3<>"/dev/tcp/127.0.0.1/$PORT" && head -n 1 <&3 >/dev/null
	wait_until no_pasta_left
}
@test "rootless --publish of a port in use: pasta's error in one line, status 125" {
	pasta_ok t_publish_in_use
	[[ "${lines[0]}" == "isolate: --net=pasta: "* ]]
	[ "${lines[1]}" = "status: 125" ]
}

# Without --publish isolate leaves pasta's slow exit (its tap device's teardown) to the
# kernel; with it, isolate waits, so that the host port is free when it returns.
t_publish_again() {
	local i
	for i in 1 2 3; do
		as_user "$SHARED_ISOLATE" -p 18090:80 true 2>&1 || echo "run $i: status $?"
	done
	echo "runs done"
	wait_until no_pasta_left
}
@test "rootless --publish: the host port is free as soon as isolate returns" {
	pasta_ok t_publish_again
	[ "$output" = "runs done" ]
}
