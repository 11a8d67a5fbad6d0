#!/usr/bin/env bats
# Interactive use on a real terminal, driven through tmux: a usable shell, Ctrl-C
# delivered exactly once, Ctrl-Z and fg, job control inside, the terminal restored.

load helpers

setup() {
	record_baseline
	TM_DIR=$(mktemp -d /tmp/isolate-tty.XXXXXX)
	chmod 0755 "$TM_DIR"
	TM=(tmux -S "$TM_DIR/sock" -f /dev/null)
	# No history file: bash writes it into HOME as it exits, after kill-server has
	# returned, and that write would race teardown's removal of TM_DIR.
	"${TM[@]}" new-session -d -s t -x 150 -y 50 \
		env -i PATH="$PATH" TERM=xterm HOME="$TM_DIR" HISTFILE=/dev/null PS1='outer$ ' ISOLATE="$ISOLATE" \
		bash --norc --noprofile -i
	tm_wait '^outer\$'
}

teardown() {
	"${TM[@]}" kill-server 2>/dev/null || true
	rm -rf "$TM_DIR"
	check_no_leaks
}

@test "isolate bash is a usable shell inside the sandbox" {
	tm_line 'PS1="inner# " "$ISOLATE" bash --norc --noprofile -i'
	tm_wait '^inner#'
	tm_line 'echo "in:$(hostname):$$:$(id -u)"'
	tm_wait '^in:isolated:2:0$'
	tm_line 'exit 4'
	tm_line 'echo "rc=$?"'
	tm_wait '^rc=4$'
}

# PROGRAM for the Ctrl-C tests: a shell that appends a line to $TM_DIR/sigs for each
# SIGINT and SIGCONT it handles. Root inside may be nobody on the host: the file is 0666.
# Sets PROGRAM_PID, INIT_PID (isolate's init) and PARENT_PID (isolate).
start_counter() {
	: >"$TM_DIR/sigs"
	chmod 0666 "$TM_DIR/sigs"
	tm_line '"$ISOLATE" sh -c '\''trap "echo INT >>\"\$1\"" INT; trap "echo CONT >>\"\$1\"" CONT; echo "sta""rted"; i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done'\'' sh "$HOME/sigs"'
	tm_wait '^started$'
	# The oldest: each `sleep` of the loop is for a moment a forked copy of that shell.
	PROGRAM_PID=$(pgrep -o -f '^sh -c trap "echo INT')
	INIT_PID=$(ps -o ppid= -p "$PROGRAM_PID" | tr -d ' ')
	PARENT_PID=$(ps -o ppid= -p "$INIT_PID" | tr -d ' ')
	[ -n "$PARENT_PID" ]
}
int_count() { grep -c '^INT$' "$TM_DIR/sigs" || true; }
has_int() { [ "$(int_count)" -ge 1 ]; }
has_cont() { grep -q '^CONT$' "$TM_DIR/sigs"; }
# SIGCONT sent to isolate travels the same way as any copy of SIGINT it would pass on,
# and after it (sigwaitinfo takes the lowest pending signal first): once PROGRAM has
# logged CONT, any SIGINT passed on has been handled too.
flush_forwarding() {
	kill -CONT "$PARENT_PID"
	wait_until has_cont
}
end_counter() {
	[ "$(int_count)" -eq 1 ] || { echo "PROGRAM handled:"; cat "$TM_DIR/sigs"; return 1; }
	tm_send 'C-\'
	tm_wait 'outer\$ ?$'
	tm_line 'echo "rc=$?"'
	tm_wait '^rc=131$'
}

@test "Ctrl-C reaches PROGRAM exactly once" {
	start_counter
	tm_send C-c
	wait_until has_int
	flush_forwarding
	end_counter
}

# The terminal signals isolate, its init and PROGRAM at once, so a copy passed on would
# usually arrive while PROGRAM's own is still pending, and merge with it. With init
# stopped, PROGRAM handles its own copy first; isolate's SIGCONT resumes init.
@test "Ctrl-C reaches PROGRAM exactly once while isolate's init is slow to run" {
	start_counter
	kill -STOP "$INIT_PID"
	stopped() { [ "$(awk '{ print $3 }' "/proc/$INIT_PID/stat")" = T ]; }
	wait_until stopped
	tm_send C-c
	wait_until has_int
	flush_forwarding
	end_counter
}

@test "Ctrl-C ends a PROGRAM without a handler: 130" {
	tm_line '"$ISOLATE" sleep 1009.5'
	wait_until pgrep -f '^sleep 1009.5$' >/dev/null
	tm_send C-c
	tm_line 'echo "rc=$?"'
	tm_wait '^rc=130$'
}

@test "Ctrl-Z stops the sandbox and fg continues it" {
	tm_line '"$ISOLATE" sh -c '\''i=0; while [ $i -lt 500 ]; do i=$((i+1)); echo "tick-$i"; sleep 0.1; done'\'''
	tm_wait '^tick-3$'
	tm_send C-z
	tm_wait 'Stopped'
	local last
	last=$(tm_screen | grep -oE '^tick-[0-9]+$' | tail -1)
	sleep 0.5
	# stopped: no new tick
	[ "$(tm_screen | grep -oE '^tick-[0-9]+$' | tail -1)" = "$last" ]
	tm_line 'fg'
	tm_wait "^tick-$((${last#tick-} + 3))\$"
	tm_send C-c
	tm_line 'echo "rc=$?"'
	tm_wait '^rc=130$'
}

@test "job control works inside isolate bash" {
	tm_line 'PS1="inner# " "$ISOLATE" bash --norc --noprofile -i'
	tm_wait '^inner#'
	tm_line 'sleep 1010.5'
	wait_until pgrep -f '^sleep 1010.5$' >/dev/null
	tm_send C-z
	tm_wait 'Stopped.*sleep 1010.5'
	tm_line 'jobs'
	tm_wait '^\[1\]\+ +Stopped +sleep 1010.5'
	tm_line 'fg'
	tm_send C-c
	tm_line 'echo "inner-rc=$?"'
	tm_wait '^inner-rc=130$'
	tm_line 'exit'
	tm_wait 'outer\$ ?$'
}

@test "the terminal is left as it was when PROGRAM changes it" {
	tm_line 'stty -g > "$HOME/before"'
	tm_line '"$ISOLATE" stty -echo -icanon'
	tm_line 'stty -g > "$HOME/after"; echo "sa""ved"'
	tm_wait '^saved$'
	[ -s "$TM_DIR/before" ]
	[ "$(cat "$TM_DIR/before")" = "$(cat "$TM_DIR/after")" ]
}

@test "a pipeline stopped with Ctrl-Z resumes as a whole with fg" {
	# Both sides of the pipe are in the sandbox's foreground group: the stop hits
	# both, and fg must continue both (isolate passes SIGCONT to PROGRAM's group).
	tm_line '"$ISOLATE" sh -c '\''i=0; while [ $i -lt 500 ]; do i=$((i+1)); echo "pipe-$i"; sleep 0.1; done | cat'\'''
	tm_wait '^pipe-3$'
	tm_send C-z
	tm_wait 'Stopped'
	local last
	last=$(tm_screen | grep -oE '^pipe-[0-9]+$' | tail -1)
	tm_line 'fg'
	tm_wait "^pipe-$((${last#pipe-} + 3))\$"
	tm_send C-c
	tm_line 'echo "rc=$?"'
	tm_wait '^rc=130$'
}

@test "started in the background, PROGRAM stops reading the terminal; fg gives it the terminal" {
	tm_line '"$ISOLATE" sh -c '\''read -r line; echo "read:$line"'\'' &'
	# bash reports a background job's stop at its next prompt: ask until it has one.
	local i
	for i in $(seq 50); do
		tm_line 'jobs'
		tm_screen | grep -qE '^\[1\]\+ +Stopped' && break
		sleep 0.2
	done
	tm_wait '^\[1\]\+ +Stopped'
	tm_line 'fg'
	sleep 0.5
	tm_line 'typed-in-fg'
	tm_wait '^read:typed-in-fg$'
	tm_line 'echo "rc=$?"'
	tm_wait '^rc=0$'
}

@test "PROGRAM's kill(0) does not reach the rest of the shell's job" {
	require_root # --map-identity: sandbox root is host root, allowed to signal cat
	# In the job's process group it would kill the pipeline's cat too.
	tm_line '"$ISOLATE" --map-identity sh -c '\''kill -TERM 0'\'' | cat; echo "after=${PIPESTATUS[*]}"'
	tm_wait '^after=143 0$'
}

@test "in a pipeline the terminal stays the job's: a later command still reads it" {
	# isolate does not take the foreground for the sandbox when a pipe joins it to the
	# job's other commands: the reader here would stop at its first read.
	tm_line '"$ISOLATE" echo from-sandbox | sh -c '\''cat; read -r x </dev/tty; echo "got:$x"'\'''
	tm_wait '^from-sandbox$'
	sleep 0.3
	tm_line 'typed-line'
	tm_wait '^got:typed-line$'
}

@test "in a pipeline Ctrl-C reaches PROGRAM once and Ctrl-Z stops the sandbox with the job" {
	# The terminal's signals reach isolate (and cat, which ignores SIGINT here), and
	# isolate passes them on; PROGRAM's stop then stops isolate.
	: >"$TM_DIR/sigs"
	chmod 0666 "$TM_DIR/sigs"
	tm_line '"$ISOLATE" sh -c '\''trap "echo INT >>\"\$1\"" INT; i=0; while [ $i -lt 500 ]; do i=$((i+1)); echo "pl-$i"; sleep 0.1; done'\'' sh "$HOME/sigs" | sh -c '\''trap "" INT; cat'\'''
	tm_wait '^pl-3$'
	tm_send C-c
	wait_until grep -qs '^INT$' "$TM_DIR/sigs"
	tm_send C-z
	tm_wait 'Stopped'
	local last
	last=$(tm_screen | grep -oE '^pl-[0-9]+$' | tail -1)
	sleep 0.5
	[ "$(tm_screen | grep -oE '^pl-[0-9]+$' | tail -1)" = "$last" ] # the sandbox stopped too
	tm_line 'fg'
	tm_wait "^pl-$((${last#pl-} + 3))\$"
	[ "$(grep -c '^INT$' "$TM_DIR/sigs")" -eq 1 ]
	tm_send 'C-\'
	tm_wait 'outer\$ ?$'
}
