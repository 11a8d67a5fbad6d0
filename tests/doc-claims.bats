#!/usr/bin/env bats
# Claims of isolate(1) and the README that no other test file checked: the rest of the
# forwarded signal set (SIGWINCH, SIGCONT), and --share=pid's init as a subreaper.

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
		wait_until grep -q ready "$DIR/out"
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
