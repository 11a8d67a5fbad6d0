#!/usr/bin/env bats
# Exit status: PROGRAM's own, 128+N, and 125/126/127 with one clear line each.

load helpers

setup() {
	record_baseline
	DIR=$(mktemp -d)
	chmod 0755 "$DIR"
}
teardown() {
	rm -rf "$DIR"
	check_no_leaks
}

@test "status 0 passes through" {
	run "$ISOLATE" true
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "status 3 passes through" {
	run "$ISOLATE" sh -c 'exit 3'
	[ "$status" -eq 3 ]
}

@test "status 255 passes through" {
	run "$ISOLATE" sh -c 'exit 255'
	[ "$status" -eq 255 ]
}

@test "a bad option exits 125" {
	run "$ISOLATE" --no-such-option true
	[ "$status" -eq 125 ]
	assert_one_error_line "--no-such-option"
}

# A plain PATH: as execvp, isolate says "Permission denied" (126) when some PATH directory
# could not be searched, and root's PATH may name /root/... (see exec.bats).
@test "PROGRAM not found in PATH exits 127 with one line" {
	PATH=/usr/bin:/bin run -127 "$ISOLATE" no-such-program-xyz
	[ "$status" -eq 127 ]
	assert_one_error_line "'no-such-program-xyz'" "No such file or directory" "not found in PATH"
}

@test "PROGRAM path that does not exist exits 127" {
	run -127 "$ISOLATE" /no/such/program
	[ "$status" -eq 127 ]
	assert_one_error_line "'/no/such/program'" "No such file or directory"
}

@test "PROGRAM that is not executable exits 126 with one line" {
	printf '#!/bin/sh\necho hi\n' >"$DIR/script"
	chmod 0644 "$DIR/script"
	run "$ISOLATE" "$DIR/script"
	[ "$status" -eq 126 ]
	assert_one_error_line "'$DIR/script'" "Permission denied"
}

@test "PROGRAM in PATH but not executable exits 126" {
	printf '#!/bin/sh\n' >"$DIR/notexec"
	chmod 0644 "$DIR/notexec"
	PATH="$DIR:$PATH" run "$ISOLATE" notexec
	[ "$status" -eq 126 ]
	assert_one_error_line "'notexec'" "Permission denied"
}

@test "a directory as PROGRAM exits 126" {
	run "$ISOLATE" "$DIR"
	[ "$status" -eq 126 ]
	assert_one_error_line "Permission denied"
}

@test "a script whose interpreter is missing exits 127 as under env(1), and the line names the interpreter" {
	printf '#!/no/such/interpreter\n' >"$DIR/badinterp"
	chmod 0755 "$DIR/badinterp"
	run -127 "$ISOLATE" "$DIR/badinterp"
	assert_one_error_line "'$DIR/badinterp'" "No such file or directory" "interpreter '/no/such/interpreter' was not found"
	PATH="$DIR:/usr/bin:/bin" run -127 "$ISOLATE" badinterp
	assert_one_error_line "'badinterp'" "'$DIR/badinterp' exists" "interpreter '/no/such/interpreter'"
}

@test "PROGRAM's own 126/127 pass through silently" {
	# --quiet: as root in a directory the sandbox's root cannot write, isolate adds a
	# note about the mapping (notes.bats); its own lines are what this test is about.
	run -127 "$ISOLATE" --quiet sh -c 'exit 127'
	[ "$status" -eq 127 ]
	[ -z "$output" ]
}

@test "PROGRAM killed by a signal gives 128+N" {
	run "$ISOLATE" sh -c 'kill -USR1 $$'
	[ "$status" -eq $((128 + 10)) ]
}

@test "PROGRAM killed by SIGTERM from outside gives 143" {
	"$ISOLATE" sleep 1001.25 &
	local pid=$! prog=
	wait_until pgrep -f '^sleep 1001.25$' >/dev/null
	prog=$(pgrep -f '^sleep 1001.25$')
	kill -TERM "$prog"
	local rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ]
}

@test "PROGRAM killed by SIGKILL from outside gives 137" {
	"$ISOLATE" sleep 1001.5 &
	local pid=$!
	wait_until pgrep -f '^sleep 1001.5$' >/dev/null
	pkill -KILL -f '^sleep 1001.5$'
	local rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 137 ]
}

@test "--as-pid-1: PROGRAM's status passes through" {
	run "$ISOLATE" --as-pid-1 sh -c 'exit 7'
	[ "$status" -eq 7 ]
	PATH=/usr/bin:/bin run -127 "$ISOLATE" --as-pid-1 no-such-program-xyz
	[ "$status" -eq 127 ]
	assert_one_error_line "not found in PATH"
}
