#!/usr/bin/env bats
# Status for tools: --json-status-fd and --info-fd with bubblewrap's field names, the
# final object's error-kind (each kind produced here at least once), and --config.

load helpers

# A uid of its own for the process-limit fault: faults.bats and the sanitizer run use
# 61234 and 61235, and RLIMIT_NPROC counts every process of the uid.
FAULT_UID=61236

setup() {
	record_baseline
	setup_instance_dirs
}

teardown() {
	# Instances of this file are stopped by their tests; a failed test's are stopped here.
	local n
	for n in $(ls "$ISOLATE_STATE_DIR" 2>/dev/null | sed -n 's/\.lock$//p'); do
		"$ISOLATE" --stop "$n" --kill-after 1ms || true
	done
	teardown_shared_binary
	check_no_leaks
}

# Check the JSON lines in FILE with python3: each line an object; print KEY=VALUE lines.
json_lines() {
	/usr/bin/python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1])):
    obj = json.loads(line)
    assert isinstance(obj, dict), line
    for k, v in obj.items():
        print("%d:%s=%s" % (n, k, v))
' "$1"
}

# The last object's error-kind, exit-code and whether the line count is as expected.
last_kind() {
	/usr/bin/python3 -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
print(objs[-1]["error-kind"], objs[-1]["exit-code"])
' "$1"
}

@test "status: --json-status-fd writes the start with bubblewrap's names, then exit-code" {
	run "$ISOLATE" --json-status-fd 3 sh -c 'exit 3' 3>"$DIR/status"
	[ "$status" -eq 3 ]
	run json_lines "$DIR/status"
	[ "$status" -eq 0 ]
	local key
	# bwrap(1): child-pid and the <kind>-namespace ids in the first object, exit-code last.
	for key in child-pid ipc-namespace mnt-namespace net-namespace pid-namespace uts-namespace user-namespace; do
		grep -q "^0:$key=[0-9][0-9]*$" <<<"$output" || { echo "no $key: $output"; return 1; }
	done
	grep -qx '1:exit-code=3' <<<"$output"
	[ "$(wc -l <"$DIR/status")" -eq 2 ]
}

@test "status: namespace ids are the sandbox's, and a shared namespace is not reported" {
	"$ISOLATE" --share uts --json-status-fd 3 sh -c 'stat -L -c %i /proc/self/ns/net /proc/self/ns/pid_for_children >"$1"' sh "$DIR/ids" 3>"$DIR/status"
	run json_lines "$DIR/status"
	grep -qx "0:net-namespace=$(sed -n 1p "$DIR/ids")" <<<"$output"
	grep -qx "0:pid-namespace=$(sed -n 2p "$DIR/ids")" <<<"$output"
	! grep -q "uts-namespace" <<<"$output"
}

@test "status: cgroup-paths name the sandbox's cgroups, published-ports its --publish rules" {
	require_root
	# PROGRAM waits until the test has looked (the cgroups live as long as it does).
	"$ISOLATE" --pids 20 --memory 64M -p 127.0.0.1:18080:80 -p 19090:90/udp --json-status-fd 3 \
		sh -c 'while [ ! -e "$1" ]; do sleep 0.05; done' sh "$DIR/done" 3>"$DIR/status" >/dev/null 2>&1 &
	local pid=$!
	wait_until test -s "$DIR/status"
	run /usr/bin/python3 - "$DIR/status" <<'PY'
import json, os, sys
o = json.loads(open(sys.argv[1]).readline())
ports = [(p["protocol"], p["host-ip"], p["host-port"], p["port"]) for p in o["published-ports"]]
assert ports == [("tcp", "127.0.0.1", 18080, 80), ("udp", None, 19090, 90)], ports
paths = o["cgroup-paths"]
assert paths, o
for d in paths:
    # Under isolate's own subtree, and holding the sandbox's init.
    assert "/isolate/" in d, d
    assert str(o["child-pid"]) in open(os.path.join(d, "cgroup.procs")).read().split(), d
    print(d)
PY
	echo "$output"
	[ "$status" -eq 0 ]
	# One for each limit's hierarchy on v1 (pids, memory), one on v2.
	[ "${#lines[@]}" -ge 1 ]
	touch "$DIR/done"
	wait "$pid"
	local d
	for d in "${lines[@]}"; do [ ! -e "$d" ]; done
	# Without limits or --publish, neither field is written.
	"$ISOLATE" --net none --json-status-fd 3 true 3>"$DIR/plain"
	! grep -q -e cgroup-paths -e published-ports "$DIR/plain"
}

@test "status: exit-code is 128+N when PROGRAM is killed by signal N" {
	run "$ISOLATE" --json-status-fd 3 sh -c 'kill -TERM $$' 3>"$DIR/status"
	[ "$status" -eq 143 ]
	run json_lines "$DIR/status"
	grep -qx '1:exit-code=143' <<<"$output"
}

@test "status: --info-fd is one JSON object, and the fd is closed once written" {
	# The reader sees EOF while PROGRAM still runs: the fd was written and closed at the start.
	mkfifo "$DIR/fifo"
	(cat "$DIR/fifo" >"$DIR/info"; echo eof >"$DIR/eof") 3>&- &
	"$ISOLATE" --info-fd 3 sleep 30 3>"$DIR/fifo" >/dev/null 2>&1 &
	local pid=$!
	wait_long test -e "$DIR/eof"
	/usr/bin/python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["child-pid"] > 0 and o["pid-namespace"] > 0' "$DIR/info"
	kill "$pid"
	wait "$pid" || true
}

@test "status: --info-fd and --json-status-fd together; the child-pid is the sandbox's init" {
	"$ISOLATE" --info-fd 4 --json-status-fd 3 sh -c 'echo $PPID >"$1"' sh "$DIR/ppid" 3>"$DIR/status" 4>"$DIR/info"
	# PROGRAM's parent is init, pid 1 inside.
	[ "$(cat "$DIR/ppid")" = 1 ]
	/usr/bin/python3 -c '
import json, sys
info = json.load(open(sys.argv[1]))
first = json.loads(open(sys.argv[2]).readline())
assert info["child-pid"] == first["child-pid"], (info, first)
' "$DIR/info" "$DIR/status"
}

@test "status: the status fd is not passed on to PROGRAM" {
	"$ISOLATE" --json-status-fd 3 sh -c 'ls -l /proc/$$/fd >"$1"' sh "$DIR/fds" 3>"$DIR/status"
	! grep -q "$DIR/status" "$DIR/fds" || false
	grep -q "$DIR/fds" "$DIR/fds" # the listing itself is there: the check can fail
}

@test "status: a reader that went away does not kill isolate (SIGPIPE)" {
	run "$ISOLATE" --json-status-fd 3 sh -c 'sleep 0.2; exit 4' 3> >(head -c 1 >/dev/null)
	[ "$status" -eq 4 ]
}

# --- error kinds: each is produced by at least one test below ---

@test "error-kind config: an unknown option, with exit-code 125" {
	run "$ISOLATE" --json-status-fd 3 --frobnicate true 3>"$DIR/status"
	[ "$status" -eq 125 ]
	[ "$(last_kind "$DIR/status")" = "config 125" ]
	grep -q '"error":"unknown option' "$DIR/status"
}

@test "error-kind not-found: PROGRAM is not in PATH (127)" {
	# A PATH of system directories: root's may hold some the sandbox cannot search (126).
	PATH=/usr/bin:/bin run -127 "$ISOLATE" --json-status-fd 3 no-such-program-xyz 3>"$DIR/status"
	[ "$(last_kind "$DIR/status")" = "not-found 127" ]
	# The sandbox was made: its start was reported before the exec failed.
	head -1 "$DIR/status" | grep -q '"child-pid"'
}

@test "error-kind not-executable: PROGRAM is not executable (126)" {
	printf 'data\n' >"$DIR/notexec"
	chmod 0644 "$DIR/notexec"
	run -126 "$ISOLATE" --json-status-fd 3 "$DIR/notexec" 3>"$DIR/status"
	[ "$(last_kind "$DIR/status")" = "not-executable 126" ]
}

@test "error-kind permission: rootless --net=veth needs CAP_NET_ADMIN" {
	run as_user "$SHARED_ISOLATE" --net veth --json-status-fd 1 true
	[ "$status" -eq 125 ]
	grep -q '"error-kind":"permission"' <<<"$output"
}

@test "error-kind resource-limit: clone at the process limit" {
	require_root
	no_leak_check
	run prlimit --nproc=1:1 setpriv --reuid="$FAULT_UID" --regid="$FAULT_UID" --clear-groups \
		"$SHARED_ISOLATE" --net none --json-status-fd 3 true 3>"$DIR/status"
	[ "$status" -eq 125 ]
	[ "$(last_kind "$DIR/status")" = "resource-limit 125" ]
}

@test "error-kind userns-blocked: user.max_user_namespaces=0" {
	run unshare --user --map-root-user sh -c \
		'echo 0 >/proc/sys/user/max_user_namespaces && exec "$1" --json-status-fd 3 true 3>"$2"' \
		sh "$SHARED_ISOLATE" "$DIR/status"
	[ "$status" -eq 125 ]
	[ "$(last_kind "$DIR/status")" = "userns-blocked 125" ]
}

@test "error-kind network: the host end's name is taken" {
	require_root
	run "$ISOLATE" --veth-host lo --json-status-fd 3 true 3>"$DIR/status"
	[ "$status" -eq 125 ]
	[ "$(last_kind "$DIR/status")" = "network 125" ]
}

@test "error-kind filesystem: --chdir to a missing directory" {
	run "$ISOLATE" --chdir /nonexistent-dir --json-status-fd 3 true 3>"$DIR/status"
	[ "$status" -eq 125 ]
	[ "$(last_kind "$DIR/status")" = "filesystem 125" ]
}

@test "error-kind internal: --join finds a damaged record" {
	run "$ISOLATE" --name damaged --detach --net none sleep 60
	[ "$status" -eq 0 ]
	echo 'not json' >"$ISOLATE_STATE_DIR/damaged.json"
	run "$ISOLATE" --join damaged --json-status-fd 3 true 3>"$DIR/status"
	[ "$status" -eq 125 ]
	[ "$(last_kind "$DIR/status")" = "internal 125" ]
	assert_one_error_line "damaged.json is damaged"
	# --stop reads the record too; the instance ends with its supervisor's SIGKILL.
	pkill -KILL -f "isolate --name damaged" || true
	wait_until no_isolate_left
	# The stale record is gone at the next look.
	run "$ISOLATE" --list
	[ ! -e "$ISOLATE_STATE_DIR/damaged.json" ]
}

@test "status fd: not open, or one of the preserved fds, is refused" {
	run "$ISOLATE" --json-status-fd 9 true
	[ "$status" -eq 125 ]
	assert_one_error_line "--json-status-fd 9: Bad file descriptor"
	run "$ISOLATE" --preserve-fds 1 --info-fd 3 true 3>/dev/null
	[ "$status" -eq 125 ]
	assert_one_error_line "--info-fd 3: the fd is one --preserve-fds=1 passes on"
}

# --- --config FILE ---

@test "config: options from a file, with comments, blank lines and quoting" {
	cat >"$DIR/policy" <<'EOF'
# the sandbox's name and environment
--hostname=box

--setenv GREETING "hello  world"   # two spaces kept
--setenv SINGLE 'a "b" c'
--setenv ESC "back\\slash \"q\""
--net none
EOF
	run "$ISOLATE" --config "$DIR/policy" sh -c 'echo "$(hostname)|$GREETING|$SINGLE|$ESC"'
	[ "$status" -eq 0 ]
	[ "$output" = 'box|hello  world|a "b" c|back\slash "q"' ]
}

@test "config: options after --config override it; list options add to it" {
	printf -- '--hostname box\n--setenv A file\n--setenv B file\n--net none\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" --hostname cli --setenv A cli sh -c 'echo "$(hostname) $A $B"'
	[ "$status" -eq 0 ]
	[ "$output" = "cli cli file" ]
}

@test "config: an unknown option is refused with its line number" {
	printf -- '--hostname box\n# comment\n--bogus 1\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	[ "$status" -eq 125 ]
	assert_one_error_line "$DIR/policy:3: unknown option '--bogus'"
}

@test "config: given twice within the file, bad values and quotes name the line" {
	printf -- '--hostname a\n--hostname b\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	assert_one_error_line "$DIR/policy:2: --hostname given twice"
	printf -- '--mtu 1\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	assert_one_error_line "$DIR/policy:1: --mtu '1': must be 68 to 65535"
	printf -- '\n--setenv A "open\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	assert_one_error_line "$DIR/policy:2: unterminated \""
	printf -- 'hostname=box\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	assert_one_error_line "$DIR/policy:1: 'hostname=box' is not an option"
	printf -- '--clearenv yes\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	assert_one_error_line "$DIR/policy:1: option '--clearenv' takes no value"
	printf -- '--hostname a b\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	assert_one_error_line "$DIR/policy:1: option '--hostname': too many values"
	printf -- '--setenv A=1\n--setenv B 2\n--setenv=C 3\n--net none\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" sh -c 'echo "$A$B$C"'
	[ "$output" = 123 ]
	printf -- '--config /etc/hostname\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" true
	assert_one_error_line "--config cannot be used inside a --config file"
}

@test "config: a missing or unreadable file is refused" {
	run "$ISOLATE" --config "$DIR/missing" true
	[ "$status" -eq 125 ]
	assert_one_error_line "--config '$DIR/missing': No such file or directory"
	printf -- '--net none\n' >"$DIR/secret"
	chmod 0600 "$DIR/secret"
	run as_user "$SHARED_ISOLATE" --config "$DIR/secret" true
	[ "$status" -eq 125 ]
	assert_one_error_line "Permission denied"
	run "$ISOLATE" --config "$DIR" true
	assert_one_error_line "not a regular file"
}

@test "config: a command-line PROGRAM still runs as given, and ps aux stays a PROGRAM" {
	printf -- '--net none\n' >"$DIR/policy"
	run "$ISOLATE" --config "$DIR/policy" ps aux
	[ "$status" -eq 0 ]
	grep -q "ps aux" <<<"$output"
}
