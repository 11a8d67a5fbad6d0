#!/usr/bin/env bats
# Claims of isolate(1) and the README that no other test file checked: the rest of the
# forwarded signal set (SIGWINCH, SIGCONT), --share=pid's init as a subreaper, and ping
# through --net=pasta.

load helpers

setup() {
	record_baseline
	DIR=$(mktemp -d /tmp/isolate-claims.XXXXXX)
	chmod 0755 "$DIR"
}

teardown() {
	[ -z "${PID:-}" ] || kill -KILL "$PID" 2>/dev/null || true
	rm -rf "$DIR"
	check_no_leaks
}

@test "SIGWINCH and SIGCONT sent to isolate reach PROGRAM" {
	local sig
	for sig in WINCH:50 CONT:51; do
		env --default-signal "$ISOLATE" --net=none sh -c "
			trap 'echo got-${sig%:*}; exit ${sig#*:}' ${sig%:*}
			echo ready
			i=0; while [ \$i -lt 600 ]; do sleep 0.05; i=\$((i+1)); done
			exit 99" >"$DIR/out" 2>&1 &
		PID=$!
		wait_until grep -qs ready "$DIR/out"
		kill -"${sig%:*}" "$PID"
		local rc=0
		wait "$PID" || rc=$?
		PID=
		[ "$rc" -eq "${sig#*:}" ] || { echo "$sig gave $rc: $(cat "$DIR/out")"; return 1; }
		grep -q "got-${sig%:*}" "$DIR/out"
	done
}

@test "--share=pid: init is not PID 1, and reaps orphans as a subreaper" {
	# PROGRAM starts a grandchild and lets its parent exit: the orphan's new parent is
	# isolate's init (PROGRAM's parent), and once it exits it is reaped, not a zombie.
	run "$ISOLATE" --net=none --share=pid sh -c '
		orphan=$(sh -c "sleep 0.5 >/dev/null 2>&1 & echo \$!")
		echo "init=$PPID"
		echo "orphan-parent=$(awk "/^PPid:/ { print \$2 }" /proc/$orphan/status)"
		i=0
		while [ -e /proc/$orphan ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
		[ -e /proc/$orphan ] && grep "^State:" /proc/$orphan/status || echo reaped'
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	local init=${lines[0]#init=}
	[ "$init" -ne 1 ]
	[ "${lines[1]}" = "orphan-parent=$init" ]
	[ "${lines[2]}" = reaped ]
}

# In a network namespace of its own with what pasta copies (an address, a default
# route) and a second address standing for a remote host: ping from a --net=pasta
# sandbox, first with the kernel's default ping_group_range "1 0", then with one that
# includes root's group. ping_group_range belongs to the network namespace.
pasta_ping() {
	ip link set lo up
	ip link add tmpl0 type veth peer name tmpl1
	ip addr add 192.0.2.2/24 dev tmpl0
	ip addr add 198.51.100.1/32 dev tmpl1
	ip link set tmpl0 up
	ip link set tmpl1 up
	ip route add default via 192.0.2.1
	sysctl -qw net.ipv4.ping_group_range="1 0"
	# --quiet: as root in a directory nobody may write, a failure would add a note.
	if "$ISOLATE" --quiet --net=pasta ping -c 1 -W 2 198.51.100.1 >/dev/null; then
		echo "closed: replied"
	else
		echo "closed: no reply"
	fi
	sysctl -qw net.ipv4.ping_group_range="0 0"
	"$ISOLATE" --net=pasta ping -c 1 -W 5 198.51.100.1 | grep -c " 1 received"
}

@test "--net=pasta: ping works only where the host's ping_group_range includes the caller's group" {
	require_root
	command -v pasta >/dev/null || skip "pasta is not installed (contrib/install-deps --test installs passt)"
	run unshare -n -- bash -euo pipefail -c "$(declare -p ISOLATE); $(declare -f pasta_ping); pasta_ping"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "${lines[0]}" = "closed: no reply" ]
	[ "${lines[1]}" = 1 ]
}
