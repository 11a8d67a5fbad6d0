#!/usr/bin/env bats
# Signal forwarding, zombie reaping, the sandbox ending with PROGRAM, and SIGKILL at
# each process of the hierarchy leaving nothing behind.

load helpers

setup() {
	record_baseline
	DIR=$(mktemp -d)
	chmod 0755 "$DIR"
	# A PROGRAM that reports each signal it gets, then exits with a code per signal.
	cat >"$DIR/catcher" <<'EOS'
#!/bin/sh
for s in TERM:42 INT:43 HUP:44 USR1:45 USR2:46 QUIT:47; do
	trap "echo got-${s%:*}; exit ${s#*:}" "${s%:*}"
done
echo ready
i=0
while [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done
exit 99
EOS
	chmod 0755 "$DIR/catcher"
}
teardown() {
	pkill -KILL -f "$DIR/catcher" 2>/dev/null || true
	rm -rf "$DIR"
	check_no_leaks
}

# Start catcher under isolate in the background with default dispositions (a
# non-interactive shell's background jobs would otherwise ignore SIGINT/SIGQUIT).
start_catcher() {
	env --default-signal "$ISOLATE" "$@" "$DIR/catcher" >"$DIR/out" 2>&1 3>&- &
	PID=$!
	wait_until grep -qs ready "$DIR/out"
}

finish() {
	RC=0
	wait "$PID" || RC=$?
}

@test "SIGTERM to isolate reaches PROGRAM; its handler's exit code comes back" {
	start_catcher
	kill -TERM "$PID"
	finish
	[ "$RC" -eq 42 ]
	[ "$(grep -c got-TERM "$DIR/out")" -eq 1 ]
}

@test "SIGINT to isolate reaches PROGRAM exactly once" {
	start_catcher
	kill -INT "$PID"
	finish
	[ "$RC" -eq 43 ]
	[ "$(grep -c got-INT "$DIR/out")" -eq 1 ]
}

@test "SIGHUP, SIGUSR1, SIGUSR2 and SIGQUIT are forwarded" {
	local sig code
	for sig in HUP:44 USR1:45 USR2:46 QUIT:47; do
		start_catcher
		kill -"${sig%:*}" "$PID"
		finish
		[ "$RC" -eq "${sig#*:}" ] || { echo "$sig gave $RC"; return 1; }
		grep -q "got-${sig%:*}" "$DIR/out"
	done
}

@test "with --as-pid-1 a PROGRAM with handlers still gets forwarded signals" {
	start_catcher --as-pid-1
	kill -TERM "$PID"
	finish
	[ "$RC" -eq 42 ]
}

@test "an unhandled SIGTERM kills PROGRAM: 143" {
	"$ISOLATE" sleep 1002.5 3>&- &
	PID=$!
	wait_until pgrep -f '^sleep 1002.5$' >/dev/null
	kill -TERM "$PID"
	finish
	[ "$RC" -eq 143 ]
}

@test "orphans are reaped: no zombie stays in the sandbox" {
	run "$ISOLATE" sh -c '( sleep 0.1 & ) ; ( true & ) ; sleep 0.6; ps -eo stat= | grep -c "^Z" || true'
	[ "$status" -eq 0 ]
	[ "$output" -eq 0 ]
}

@test "isolate returns when PROGRAM exits, even with a background child running" {
	run timeout 20 "$ISOLATE" sh -c 'sleep 1003.5 & exit 5'
	[ "$status" -eq 5 ]
	# the background child ended with the PID namespace
	wait_until sh -c '! pgrep -f "^sleep 1003.5$" >/dev/null'
}

@test "SIGKILL to isolate's parent process ends the whole sandbox" {
	"$ISOLATE" sleep 1004.5 3>&- &
	PID=$!
	wait_until pgrep -f '^sleep 1004.5$' >/dev/null
	kill -KILL "$PID"
	finish
	[ "$RC" -eq 137 ]
	wait_until sh -c '! pgrep -f "^sleep 1004.5$" >/dev/null'
}

@test "SIGKILL to the sandbox's init ends the run: 137, nothing left" {
	"$ISOLATE" sleep 1005.5 3>&- &
	PID=$!
	wait_until pgrep -f '^sleep 1005.5$' >/dev/null
	local init
	init=$(pgrep -P "$PID")
	[ -n "$init" ]
	kill -KILL "$init"
	finish
	[ "$RC" -eq 137 ]
	wait_until sh -c '! pgrep -f "^sleep 1005.5$" >/dev/null'
}

@test "SIGKILL to isolate during setup leaves nothing" {
	local i
	for i in $(seq 1 20); do
		"$ISOLATE" sleep 1006.5 3>&- &
		sleep "0.00$i"
		kill -KILL $! 2>/dev/null || true
		wait $! 2>/dev/null || true
	done
	wait_until sh -c '! pgrep -f "^sleep 1006.5$" >/dev/null'
}

@test "--die-with-parent: the sandbox dies with the process that started isolate" {
	setsid sh -c "'$ISOLATE' --die-with-parent sleep 1007.5 & exec sleep 1000" 3>&- &
	local starter=$!
	wait_until pgrep -f '^sleep 1007.5$' >/dev/null
	kill -KILL "$starter"
	wait "$starter" 2>/dev/null || true
	wait_until sh -c '! pgrep -f "^sleep 1007.5$" >/dev/null'
}

@test "--die-with-parent follows the parent process, not the thread that started isolate" {
	# A multi-threaded caller: a short-lived thread starts isolate and exits. The
	# sandbox must live on while the process does (PR_SET_PDEATHSIG would fire here),
	# and end when the process exits.
	cat >"$DIR/threads.py" <<'EOS'
import subprocess, sys, threading, time
def start():
    subprocess.Popen([sys.argv[1], "--die-with-parent", "sleep", "1009.5"],
                     stdout=subprocess.DEVNULL, stderr=open(sys.argv[2], "w"))
t = threading.Thread(target=start)
t.start()
t.join()
open(sys.argv[3], "w").write("thread gone\n")
time.sleep(30)
EOS
	setsid /usr/bin/python3 "$DIR/threads.py" "$ISOLATE" "$DIR/stderr" "$DIR/joined" 3>&- &
	local caller=$!
	wait_until test -s "$DIR/joined"
	wait_until pgrep -f '^sleep 1009.5$' >/dev/null
	# The thread that forked isolate is gone: the sandbox is still there a while later.
	sleep 0.3
	pgrep -f '^sleep 1009.5$' >/dev/null
	kill -KILL "$caller"
	wait "$caller" 2>/dev/null || true
	wait_until sh -c '! pgrep -f "^sleep 1009.5$" >/dev/null'
}

@test "without --die-with-parent the sandbox outlives the process that started it" {
	setsid sh -c "'$ISOLATE' sleep 1008.5 & exec sleep 1000" 3>&- &
	local starter=$!
	wait_until pgrep -f '^sleep 1008.5$' >/dev/null
	kill -KILL "$starter"
	wait "$starter" 2>/dev/null || true
	sleep 0.3
	pgrep -f '^sleep 1008.5$' >/dev/null
	pkill -TERM -f '^sleep 1008.5$'  # PROGRAM's end ends the sandbox
	wait_until sh -c '! pgrep -f "^sleep 1008.5$" >/dev/null'
}
