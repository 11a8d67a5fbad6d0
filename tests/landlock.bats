#!/usr/bin/env bats
# Landlock: --landlock with --rw, and --no-userns (no namespaces: Landlock, seccomp and
# no_new_privs only), where user namespaces are blocked.

load helpers

setup() {
	record_baseline
	DIR=$(mktemp -d /tmp/isolate-landlock.XXXXXX)
	OUT=$(mktemp -d /tmp/isolate-landlock-out.XXXXXX)
	# Writable by anyone: only Landlock stands between PROGRAM and OUT.
	chmod 0777 "$DIR" "$OUT"
}

teardown() {
	rm -rf "$DIR" "$OUT"
	teardown_shared_binary
	check_no_leaks
}

abi() { "$ISOLATE" --quiet -v --net=none --landlock true 2>&1 | sed -n 's/.*landlock: ABI \([0-9]*\).*/\1/p'; }

@test "--landlock --rw DIR: writes under DIR work, writes elsewhere fail even with CAP_DAC_OVERRIDE" {
	# The control: without Landlock the same write outside succeeds.
	run "$ISOLATE" --quiet --net=none touch "$OUT/control"
	[ "$status" -eq 0 ]
	[ -e "$OUT/control" ]
	run "$ISOLATE" --quiet --net=none --cap-add=ALL --landlock --rw "$DIR" sh -c '
		grep -q "^CapEff:.*[1-9a-f]" /proc/self/status || exit 9
		touch "$1/in" && echo in-ok
		touch "$2/out" || echo out-refused
		mkdir "$2/d" || echo mkdir-refused
		rm "$2/control" || echo rm-refused' sh "$DIR" "$OUT"
	[ "$status" -eq 0 ]
	[[ "$output" == *in-ok* ]]
	[[ "$output" == *out-refused* ]]
	[[ "$output" == *mkdir-refused* ]]
	[[ "$output" == *rm-refused* ]]
	[ -e "$DIR/in" ]
	[ ! -e "$OUT/out" ]
	[ -e "$OUT/control" ]
}

@test "--landlock: reading and executing everywhere, /dev/null and the terminal devices still work" {
	run "$ISOLATE" --quiet --net=none --landlock sh -c 'cat /etc/hostname >/dev/null && echo x >/dev/null && ls / >/dev/null && echo fine'
	[ "$status" -eq 0 ]
	[ "$output" = fine ]
}

@test "--landlock rootless: the same confinement" {
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" --net=none --landlock --rw "$DIR" sh -c 'touch "$1/in" && echo in-ok; touch "$2/out" || echo out-refused' sh "$DIR" "$OUT"
	[ "$status" -eq 0 ]
	[[ "$output" == *in-ok*out-refused* ]]
	[ ! -e "$OUT/out" ]
}

@test "--landlock -v says what this kernel's ABI enforces" {
	run "$ISOLATE" --quiet -v --net=none --landlock --rw "$DIR" true
	[ "$status" -eq 0 ]
	[[ "$output" == *"landlock: ABI "*"write under 1 --rw path(s)"* ]]
	[[ "$output" == *"UDP and other sockets are not restricted"* ]]
}

@test "--rw without --read-only, --landlock or --no-userns is refused" {
	run "$ISOLATE" --quiet --net=none --rw "$DIR" true
	[ "$status" -eq 125 ]
	assert_one_error_line "--rw $DIR keeps a path writable under --read-only or --landlock"
}

@test "--landlock --read-only --rw DIR: the issue's case, Landlock under the read-only view" {
	run "$ISOLATE" --quiet --net=none --cap-add=ALL --landlock --read-only --rw "$DIR" sh -c '
		touch "$1/in" && echo in-ok
		touch "$2/out" 2>&1 || echo out-refused' sh "$DIR" "$OUT"
	[ "$status" -eq 0 ]
	[[ "$output" == *in-ok*out-refused* ]]
	[ ! -e "$OUT/out" ]
}

@test "--landlock follows the view: --tmpfs, --bind and --private-tmp are writable, --ro-bind is not" {
	mkdir -p "$OUT/src"
	chmod 0777 "$OUT/src"
	run "$ISOLATE" --quiet --net=none --landlock --tmpfs /mnt --bind "$OUT/src" /srv --private-tmp \
		--ro-bind "$DIR" /opt sh -c '
		touch /mnt/t && echo tmpfs-ok
		touch /srv/b && echo bind-ok
		touch /tmp/p && echo tmp-ok
		touch /dev/shm/s && echo shm-ok
		touch /opt/r 2>/dev/null || echo ro-refused
		touch /etc/x 2>/dev/null || echo host-refused'
	[ "$status" -eq 0 ]
	[[ "$output" == *tmpfs-ok*bind-ok*tmp-ok*shm-ok*ro-refused*host-refused* ]]
	[ -e "$OUT/src/b" ]
}

@test "--landlock --ephemeral: the whole view is writable, and the writes vanish" {
	run "$ISOLATE" --quiet --net=none --landlock --ephemeral sh -c 'touch /etc/isolate-landlock-eph && echo ok'
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
	[ ! -e /etc/isolate-landlock-eph ]
}

@test "--no-userns runs id in no namespace at all, and refuses writes outside --rw (root: no capabilities)" {
	run "$ISOLATE" --quiet --no-userns --rw "$DIR" sh -c '
		id -u
		grep "^CapEff:" /proc/self/status
		[ "$(readlink /proc/self/ns/user)" = "$1" ] && echo same-userns
		touch "$2/in" && echo in-ok
		touch "$3/out" || echo out-refused' sh "$(readlink /proc/self/ns/user)" "$DIR" "$OUT"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *"CapEff:	0000000000000000"* ]]
	[[ "$output" == *same-userns*in-ok*out-refused* ]]
	[ ! -e "$OUT/out" ]
}

@test "--no-userns rootless: id is the caller, writes outside --rw refused" {
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" --no-userns --rw "$DIR" sh -c 'id -u; touch "$1/in" && echo in-ok; touch "$2/out" || echo out-refused' sh "$DIR" "$OUT"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 65534 ]
	[[ "$output" == *in-ok*out-refused* ]]
}

@test "--no-userns: TCP is refused unless --net=host (Landlock ABI 4)" {
	[ "$(abi)" -ge 4 ] || skip "Landlock ABI $(abi) cannot restrict TCP (needs Linux 6.7)"
	local port=47123 connect='import socket, sys
s = socket.socket()
s.settimeout(5)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
    print("connected")
except OSError as e:
    print("refused", e.errno)'
	python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4); time.sleep(20)' "$port" </dev/null >/dev/null 2>&1 3>&- &
	local listener=$!
	wait_until python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port"
	run "$ISOLATE" --quiet --no-userns python3 -c "$connect" "$port"
	local denied=$output
	run "$ISOLATE" --quiet --no-userns --net=host python3 -c "$connect" "$port"
	kill "$listener" 2>/dev/null || true
	wait "$listener" 2>/dev/null || true
	[ "$denied" = "refused 13" ]
	[ "$output" = connected ]
}

@test "--no-userns: PROGRAM cannot signal processes outside the sandbox (Landlock ABI 6)" {
	[ "$(abi)" -ge 6 ] || skip "Landlock ABI $(abi) has no signal scoping (needs Linux 6.12)"
	sleep 30 </dev/null >/dev/null 2>&1 3>&- &
	local victim=$!
	run "$ISOLATE" --quiet --no-userns --net=host kill -TERM "$victim"
	local refused=$status
	kill -0 "$victim"
	kill "$victim"
	wait "$victim" 2>/dev/null || true
	[ "$refused" -ne 0 ]
}

@test "where user namespaces are blocked, the error names the setting and --no-userns, which then works" {
	# An isolate inside one whose user namespace allows no more (a per-namespace sysctl).
	run "$ISOLATE" --quiet --net=none --cap-add=SYS_RESOURCE sh -c 'echo 0 >/proc/sys/user/max_user_namespaces && "$1" --net=none true' sh "$ISOLATE"
	[ "$status" -eq 125 ]
	assert_one_error_line "user.max_user_namespaces=0" "--no-userns"
	run "$ISOLATE" --quiet --net=none --cap-add=SYS_RESOURCE sh -c 'echo 0 >/proc/sys/user/max_user_namespaces && "$1" --no-userns --rw /tmp sh -c "id -u; touch /etc/x || echo refused"' sh "$ISOLATE"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *refused* ]]
	# A seccomp filter that refuses new user namespaces (a container's) is named too.
	run "$ISOLATE" --quiet --net=none --disable-userns "$ISOLATE" --quiet --net=none true
	[ "$status" -eq 125 ]
	assert_one_error_line "Operation not permitted" "--no-userns"
}

@test "--landlock on a kernel without Landlock: one line, nothing started" {
	local prof=$DIR/nolandlock.json
	# The kernel "without Landlock" is simulated for an inner isolate by a profile that
	# answers landlock_create_ruleset with ENOSYS, as such a kernel does.
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["landlock_create_ruleset"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}' >"$prof"
	run "$ISOLATE" --quiet --net=none --seccomp="$prof" "$ISOLATE" --quiet --net=none --landlock touch "$DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "--landlock: this kernel does not offer Landlock"
	[ ! -e "$DIR/ran" ]
	run "$ISOLATE" --quiet --net=none --seccomp="$prof" "$ISOLATE" --quiet --no-userns touch "$DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "--no-userns needs Landlock"
}
