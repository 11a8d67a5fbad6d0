#!/usr/bin/env bats
# Named instances: --name, --detach, --list, --stop, --signal, --join; root and rootless;
# the state directory's safety and the races. Every instance a test starts is stopped
# by it (teardown stops what a failed test left), and no record may be left behind.

load helpers

setup() {
	record_baseline
	setup_instance_dirs
	# The rootless user's runtime directory.
	USER_RUN=$SHARED_DIR/run
	mkdir "$USER_RUN"
	chown "$NOBODY_UID:$NOBODY_GID" "$USER_RUN"
	chmod 0700 "$USER_RUN"
}

teardown() {
	local n
	[ -z "${TM_SOCK:-}" ] || tmux -S "$TM_SOCK" kill-server 2>/dev/null || true
	for n in $(ls "$ISOLATE_STATE_DIR" 2>/dev/null | sed -n 's/\.lock$//p'); do
		"$ISOLATE" --stop "$n" --kill-after 1ms || true
	done
	for n in $(ls "$USER_RUN/isolate" 2>/dev/null | sed -n 's/\.lock$//p'); do
		as_nobody "$SHARED_ISOLATE" --stop "$n" --kill-after 1ms || true
	done
	remove_delegated # its instance is stopped above
	teardown_shared_binary
	check_no_leaks
}

as_nobody() { as_user env XDG_RUNTIME_DIR="$USER_RUN" "$@"; }

# No record, lock or temporary file left in the state directory.
state_empty() { [ -z "$(ls -A "${1:-$ISOLATE_STATE_DIR}" 2>/dev/null)" ]; }

# A JSON field of --list --json's entry for a name: field NAME KEY
field() {
	"$ISOLATE" --list --json | /usr/bin/python3 -c '
import json, sys
for o in json.load(sys.stdin):
    if o["name"] == sys.argv[1]:
        print(o[sys.argv[2]])
' "$1" "$2"
}

@test "detach: prints the name and returns once PROGRAM runs; list, json and stop" {
	run "$ISOLATE" --name web --detach --hostname box sh -c 'echo started >"$1"; exec sleep 1000' sh "$DIR/started"
	[ "$status" -eq 0 ]
	[ "$output" = web ]
	# PROGRAM has been executed (its first line may still be to come).
	wait_until test -s "$DIR/started"
	[ "$(cat "$DIR/started")" = started ]
	run "$ISOLATE" --list
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "NAME"*"PID"*"AGE"*"ADDRESS"*"COMMAND" ]]
	[[ "${lines[1]}" =~ ^web\ +[0-9]+\ +[0-9]+s\ +10\.[0-9.]+/30\ +sh\ -c ]]
	[ "$(field web network)" = veth ]
	local pid
	pid=$(field web child-pid)
	[ "$(cat /proc/"$pid"/comm)" = isolate ]
	run "$ISOLATE" --stop web
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ ! -e /proc/"$pid" ]
	state_empty
	run "$ISOLATE" --list --json
	[ "$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$output")" = 0 ]
}

@test "detach: without --name the printed name is generated; PROGRAM's output goes to --log or nowhere" {
	run "$ISOLATE" --detach --net none sh -c 'echo leaked; echo to-stderr >&2; exec sleep 1000'
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^iso-[0-9]+$ ]]
	"$ISOLATE" --stop "$output"
	run "$ISOLATE" --detach --net none --log "$DIR/log" sh -c 'echo out; echo err >&2; exec sleep 1000'
	[ "$status" -eq 0 ]
	local name=$output
	wait_until grep -qsx err "$DIR/log"
	grep -qx out "$DIR/log"
	"$ISOLATE" --stop "$name"
	state_empty
}

@test "detach: with a terminal on stdin, PROGRAM's stdin is /dev/null and the command returns" {
	run script -qec "$ISOLATE --detach --name tty --net none sh -c 'readlink /proc/self/fd/0 >$DIR/stdin; exec sleep 1000'" /dev/null
	[ "$status" -eq 0 ]
	[ "$(cat "$DIR/stdin")" = /dev/null ]
	# The supervisor has no terminal: a session of its own.
	local sup
	sup=$(field tty supervisor-pid)
	[ "$(ps -o tty= -p "$sup" | tr -d ' ')" = "?" ]
	"$ISOLATE" --stop tty
}

@test "detach: a PROGRAM that cannot start is reported by the command itself" {
	# A PATH of system directories: root's may hold some the sandbox cannot search (126).
	PATH=/usr/bin:/bin run -127 "$ISOLATE" --detach --name broken --net none no-such-program-xyz
	assert_one_error_line "execute 'no-such-program-xyz'"
	state_empty
	run "$ISOLATE" --detach --net none --log /nonexistent-dir/log true
	[ "$status" -eq 125 ]
	assert_one_error_line "--log '/nonexistent-dir/log'"
}

@test "name: an attached run is listed while it runs, and its record goes with it" {
	"$ISOLATE" --name attached --net none sleep 1000 3>&- >/dev/null 2>&1 &
	local pid=$!
	wait_long "$ISOLATE" --join attached true
	run "$ISOLATE" --list
	[[ "$output" == *"attached"*"none"*"sleep 1000"* ]]
	kill -TERM "$pid"
	local rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ]
	state_empty
}

@test "name: a name in use is refused; a stale record of a killed supervisor is replaced" {
	"$ISOLATE" --name dup --detach --net none sleep 1000
	run "$ISOLATE" --name dup --net none true
	[ "$status" -eq 125 ]
	assert_one_error_line "--name dup: an instance of that name is running"
	# SIGKILL the supervisor: the sandbox dies with it, its record stays behind.
	local sup
	sup=$(field dup supervisor-pid)
	kill -KILL "$sup"
	wait_until no_isolate_left
	[ -e "$ISOLATE_STATE_DIR/dup.json" ]
	run "$ISOLATE" --list
	[ "${#lines[@]}" -eq 1 ]
	state_empty
	# And a new run of the name replaces a stale record too.
	"$ISOLATE" --name dup --detach --net none sleep 1000
	kill -KILL "$(field dup supervisor-pid)"
	wait_until no_isolate_left
	run "$ISOLATE" --name dup --net none echo reused
	[ "$status" -eq 0 ]
	[ "$output" = reused ]
	state_empty
}

@test "race: two --name web at once, exactly one wins (5 rounds)" {
	local round a b
	for round in 1 2 3 4 5; do
		"$ISOLATE" --name race --detach --net none sleep 1000 >"$DIR/a" 2>&1 3>&- &
		a=$!
		"$ISOLATE" --name race --detach --net none sleep 1000 >"$DIR/b" 2>&1 3>&- &
		b=$!
		local sa=0 sb=0
		wait "$a" || sa=$?
		wait "$b" || sb=$?
		[ $((sa + sb)) -eq 125 ] || { echo "round $round: $sa $sb: $(cat "$DIR/a" "$DIR/b")"; return 1; }
		grep -q "an instance of that name is running" "$DIR/a" "$DIR/b"
		"$ISOLATE" --stop race
		state_empty
	done
}

@test "join: sees the instance's processes, hostname, network and mounts" {
	require_root
	mkdir "$DIR/mnt"
	"$ISOLATE" --name j --detach --hostname jhost --cap-add SYS_ADMIN \
		sh -c 'mount -t tmpfs none "$1" && touch "$1/inside" && exec sleep 1000' sh "$DIR/mnt"
	local addr
	addr=$(field j address)
	run "$ISOLATE" --join j sh -c 'hostname; ps -e -o comm=; ip -4 -o addr show dev eth0; test -e "$1/inside" && echo mounted' sh "$DIR/mnt"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = jhost ]
	grep -qx sleep <<<"$output"
	grep -qx isolate <<<"$output" # the sandbox's init
	grep -q "inet ${addr%/*}/30" <<<"$output"
	grep -qx mounted <<<"$output"
	[ ! -e "$DIR/mnt/inside" ] # the host does not see the instance's mount
	# The same namespaces, by inode, as the record and --list say.
	run "$ISOLATE" --join j stat -L -c %i /proc/self/ns/net /proc/self/ns/mnt /proc/self/ns/uts
	[ "${lines[0]}" = "$(field j net-namespace)" ]
	[ "${lines[1]}" = "$(field j mnt-namespace)" ]
	[ "${lines[2]}" = "$(field j uts-namespace)" ]
	"$ISOLATE" --stop j
}

@test "join: the joiner gets the instance PROGRAM's privileges, never more" {
	"$ISOLATE" --name caps --detach --net none --cap-drop ALL --cap-add NET_BIND_SERVICE sleep 1000
	run "$ISOLATE" --join caps sh -c 'grep -E "^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status; id -u'
	[ "$status" -eq 0 ]
	# NET_BIND_SERVICE is bit 10.
	grep -qx $'CapEff:\t0000000000000400' <<<"$output"
	grep -qx $'CapBnd:\t0000000000000400' <<<"$output"
	grep -qx $'NoNewPrivs:\t1' <<<"$output"
	grep -qx $'Seccomp:\t2' <<<"$output"
	[ "${lines[-1]}" = 0 ]
	# Options that would widen them are refused.
	run "$ISOLATE" --join caps --cap-add ALL true
	[ "$status" -eq 125 ]
	assert_one_error_line "--join: --cap-add is refused"
	run "$ISOLATE" --join caps --allow-new-privs true
	assert_one_error_line "--join: --allow-new-privs is refused"
	# A joiner may take fewer.
	run "$ISOLATE" --join caps --cap-drop NET_BIND_SERVICE grep CapEff /proc/self/status
	[ "$output" = $'CapEff:\t0000000000000000' ]
	"$ISOLATE" --stop caps
}

@test "join: exit status 0, N, 127, 128+N; environment and directory of the instance" {
	# The joiner gets the instance's environment, PATH included: one of system directories.
	PATH=/usr/bin:/bin "$ISOLATE" --name st --detach --net none --setenv FROM instance --chdir /tmp sleep 1000
	run "$ISOLATE" --join st sh -c 'echo "$FROM $(pwd)"; exit 3'
	[ "$status" -eq 3 ]
	[ "$output" = "instance /tmp" ]
	run "$ISOLATE" --join st --setenv FROM joiner --chdir / sh -c 'echo "$FROM $(pwd)"'
	[ "$output" = "joiner /" ]
	run -127 "$ISOLATE" --join st no-such-program-xyz
	assert_one_error_line "execute 'no-such-program-xyz'"
	run "$ISOLATE" --join st sh -c 'kill -KILL $$'
	[ "$status" -eq 137 ]
	run "$ISOLATE" --join missing true
	[ "$status" -eq 125 ]
	assert_one_error_line "no instance named 'missing' is running"
	"$ISOLATE" --stop st
}

@test "join: no fd of the joiner's isolate reaches its PROGRAM" {
	"$ISOLATE" --name fds --detach --net none sleep 1000
	run "$ISOLATE" --join fds sh -c 'ls /proc/$$/fd' 5</etc/hostname
	[ "$status" -eq 0 ]
	[ "$(echo $output)" = "0 1 2" ] || [ "$(echo $output)" = "0 1 2 3" ]
	run "$ISOLATE" --join fds sh -c 'ls -l /proc/$$/fd' 5</etc/hostname
	! grep -q hostname <<<"$output" || false
	! grep -q pidfd <<<"$output" || false
	"$ISOLATE" --stop fds
}

@test "rootless: detach, list, join and stop as an unprivileged user" {
	run as_nobody "$SHARED_ISOLATE" --name rl --detach --hostname rlhost sleep 1000
	[ "$status" -eq 0 ]
	[ "$output" = rl ]
	[ "$(stat -c %a "$USER_RUN/isolate")" = 700 ]
	run as_nobody "$SHARED_ISOLATE" --list
	[[ "${lines[1]}" == "rl "*"none"*"sleep 1000" ]]
	run as_nobody "$SHARED_ISOLATE" --join rl sh -c 'hostname; id -u; ps -e -o comm='
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = rlhost ]
	[ "${lines[1]}" = 0 ]
	grep -qx sleep <<<"$output"
	# root's records are elsewhere: root does not see a user's instance.
	run "$ISOLATE" --join rl true
	[ "$status" -eq 125 ]
	run as_nobody "$SHARED_ISOLATE" --stop rl
	[ "$status" -eq 0 ]
	state_empty "$USER_RUN/isolate"
}

@test "rootless: without XDG_RUNTIME_DIR a name is refused, with a hint" {
	run as_user "$SHARED_ISOLATE" --name x true
	[ "$status" -eq 125 ]
	assert_one_error_line "XDG_RUNTIME_DIR is not set" "ISOLATE_STATE_DIR"
}

@test "state directory: a planted symbolic link or another user's directory is never followed" {
	require_root
	# Another user's directory behind a link at the state directory's path.
	mkdir "$DIR/elsewhere"
	chown 1234:1234 "$DIR/elsewhere"
	ln -s "$DIR/elsewhere" "$USER_RUN/isolate"
	run as_nobody "$SHARED_ISOLATE" --name x --net none true
	[ "$status" -eq 125 ]
	assert_one_error_line "a symbolic link is never followed"
	[ -z "$(ls -A "$DIR/elsewhere")" ]
	rm "$USER_RUN/isolate"
	# A directory that is not ours.
	mkdir "$USER_RUN/isolate"
	chown 1234:1234 "$USER_RUN/isolate"
	run as_nobody "$SHARED_ISOLATE" --name x --net none true
	assert_one_error_line "owned by another user"
	rm -rf "$USER_RUN/isolate"
	# A link planted in place of a lock or a record.
	mkdir -m 0700 "$ISOLATE_STATE_DIR"
	ln -s /etc/passwd "$ISOLATE_STATE_DIR/x.lock"
	run "$ISOLATE" --name x --net none true
	[ "$status" -eq 125 ]
	assert_one_error_line "x.lock" "Too many levels of symbolic links"
	rm "$ISOLATE_STATE_DIR/x.lock"
	"$ISOLATE" --name y --detach --net none sleep 1000
	mv "$ISOLATE_STATE_DIR/y.json" "$DIR/y.json"
	ln -s /etc/passwd "$ISOLATE_STATE_DIR/y.json"
	run "$ISOLATE" --join y true
	assert_one_error_line "y.json" "Too many levels of symbolic links"
	mv -f "$DIR/y.json" "$ISOLATE_STATE_DIR/y.json"
	"$ISOLATE" --stop y
	# An open directory of ours is tightened to 0700 before use.
	chmod 0755 "$ISOLATE_STATE_DIR"
	"$ISOLATE" --name z --net none true
	[ "$(stat -c %a "$ISOLATE_STATE_DIR")" = 700 ]
}

@test "stop: SIGTERM first, SIGKILL after --kill-after, and waits for the end" {
	"$ISOLATE" --name stubborn --detach --net none sh -c 'trap "" TERM; while :; do sleep 1; done'
	local start end
	start=$(date +%s%N)
	run "$ISOLATE" --stop stubborn --kill-after 300ms
	end=$(date +%s%N)
	[ "$status" -eq 0 ]
	[ $(((end - start) / 1000000)) -ge 300 ]
	state_empty
	# A PROGRAM that handles SIGTERM ends at once.
	"$ISOLATE" --name polite --detach --net none sh -c 'trap "echo term >$1; exit 0" TERM; while :; do sleep 0.1; done' sh "$DIR/term"
	run "$ISOLATE" --stop polite --kill-after 1h
	[ "$status" -eq 0 ]
	[ "$(cat "$DIR/term")" = term ]
	run "$ISOLATE" --stop polite
	[ "$status" -eq 125 ]
	assert_one_error_line "no instance named 'polite' is running"
}

@test "signal: --signal NAME:SIG reaches PROGRAM through init" {
	"$ISOLATE" --name sig --detach --net none sh -c 'trap "echo usr1 >>$1" USR1; while :; do sleep 0.1; done' sh "$DIR/sig"
	run "$ISOLATE" --signal sig:USR1
	[ "$status" -eq 0 ]
	wait_until grep -qsx usr1 "$DIR/sig"
	run "$ISOLATE" --signal sig:SIGUSR1
	[ "$status" -eq 0 ]
	twice() { [ "$(grep -c usr1 "$DIR/sig")" -eq 2 ]; }
	wait_until twice
	"$ISOLATE" --stop sig
}

@test "race: --stop never signals a process that took over a recorded pid" {
	# A record that names a live victim as child-pid with another start time, held by a
	# live "supervisor" (python, with its own start time, the lock and a sealed copy of
	# the record, as isolate's supervisor has): only the start time tells them apart.
	mkdir -m 0700 "$ISOLATE_STATE_DIR"
	sleep 1000 3>&- &
	local victim=$!
	/usr/bin/python3 - "$ISOLATE_STATE_DIR" "$victim" <<'EOF' 3>&- &
import fcntl, json, os, sys, time
d, victim = sys.argv[1], int(sys.argv[2])
def start(pid):
    s = open("/proc/%d/stat" % pid).read()
    return int(s[s.rindex(")") + 2:].split()[19])
# "fake" names the victim with a start time that is not its own; "same", the control,
# with its own: the start time is all that differs.
for name, off in (("same", 0), ("fake", 1)):
    fd = os.open(d + "/%s.lock" % name, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    sealed = os.memfd_create("isolate-record", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    rec = {"name": name, "child-pid": victim, "child-start-time": start(victim) + off,
           "supervisor-pid": os.getpid(), "supervisor-start-time": start(os.getpid()), "created": 0,
           "record-fd": sealed}
    os.write(sealed, json.dumps(rec).encode())
    fcntl.fcntl(sealed, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE)
    open(d + "/%s.json" % name, "w").write(json.dumps(rec))
time.sleep(30)
EOF
	local holder=$!
	wait_until test -e "$ISOLATE_STATE_DIR/fake.json"
	wait_until test -e "$ISOLATE_STATE_DIR/same.json"
	run "$ISOLATE" --stop fake --kill-after 1ms
	[ "$status" -eq 125 ]
	assert_one_error_line "no instance named 'fake' is running"
	run "$ISOLATE" --signal fake:KILL
	[ "$status" -eq 125 ]
	run "$ISOLATE" --join fake true
	[ "$status" -eq 125 ]
	kill -0 "$victim" # never signalled
	# The check can fail: the control, with the victim's own start time, is taken
	# (--list shows it alone), so it is the start time that refused "fake" above.
	run "$ISOLATE" --list
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == "same "* ]]
	kill "$victim" "$holder"
	wait "$victim" "$holder" || true
	rm -f "$ISOLATE_STATE_DIR"/fake.* "$ISOLATE_STATE_DIR"/same.*
}

@test "race: --join while the instance exits: one line and 125, or PROGRAM's status; nothing left" {
	local i rc
	# Odd rounds with a cgroup (as root), whose removal the joiner may meet too.
	local -a limit
	for i in 1 2 3 4 5 6 7 8; do
		limit=()
		[ $((i % 2)) -eq 0 ] || [ "$(id -u)" -ne 0 ] || limit=(--pids 50)
		"$ISOLATE" --name ending --detach --net none "${limit[@]}" sleep 0.$((i * 5))
		run "$ISOLATE" --join ending true
		rc=$status
		if [ "$rc" -ne 0 ]; then
			[ "$rc" -eq 125 ] || [ "$rc" -eq 137 ] || { echo "join: $rc: $output"; return 1; }
			[ "$rc" -eq 137 ] || assert_one_error_line "ending"
		fi
		wait_long state_empty
	done
}

@test "join: a terminal works: a shell, Ctrl-C and the window size" {
	require_root
	"$ISOLATE" --name tty --detach --net none --hostname ttybox sleep 1000
	local tm_dir
	tm_dir=$(mktemp -d /tmp/isolate-tty.XXXXXX)
	TM_SOCK=$tm_dir/sock
	local -a tm=(tmux -S "$TM_SOCK" -f /dev/null)
	"${tm[@]}" new-session -d -s t -x 120 -y 40 \
		env -i PATH="$PATH" TERM=xterm HOME="$tm_dir" HISTFILE=/dev/null PS1='outer$ ' ISOLATE_STATE_DIR="$ISOLATE_STATE_DIR" \
		bash --norc --noprofile -i
	screen_has() { "${tm[@]}" capture-pane -p -t t | grep -qE -- "$1"; }
	line() { "${tm[@]}" send-keys -t t -l "$1"; "${tm[@]}" send-keys -t t Enter; }
	wait_until screen_has '^outer\$'
	# The joiner gets the instance's environment (and its own TERM): PS1 by --setenv.
	line "$ISOLATE --join tty --setenv PS1 'in# ' bash --norc --noprofile -i"
	wait_long screen_has '^in#'
	line 'echo "host:$(hostname) cols:$(tput cols)"'
	wait_until screen_has '^host:ttybox cols:120$'
	line 'sleep 1000'
	wait_until pgrep -x -f 'sleep 1000' -P "$(pgrep -d, -f 'bash --norc --noprofile -i')"
	"${tm[@]}" send-keys -t t C-c
	line 'echo "after:$?"'
	wait_until screen_has '^after:130$'
	"${tm[@]}" resize-window -t t -x 100 -y 30
	line 'echo "cols:$(tput cols)"'
	wait_until screen_has '^cols:100$'
	line 'exit 5'
	line 'echo "rc=$?"'
	wait_until screen_has '^rc=5$'
	"${tm[@]}" kill-server || true
	rm -rf "$tm_dir"
	"$ISOLATE" --stop tty
}

@test "join: the joiner runs under the instance's seccomp profile" {
	# A profile that refuses mkdir: the instance's PROGRAM and the joiner alike.
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}' >"$DIR/nomkdir.json"
	"$ISOLATE" --name filt --detach --net none --seccomp "$DIR/nomkdir.json" sleep 1000
	run "$ISOLATE" --join filt mkdir "$DIR/made"
	[ "$status" -ne 0 ]
	[ ! -e "$DIR/made" ]
	# The joiner gets the program compiled at the instance's start, not the file as it
	# is now: emptied of its rule (or removed), it changes nothing for a joiner.
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}' >"$DIR/nomkdir.json"
	run "$ISOLATE" --join filt mkdir "$DIR/made"
	[ "$status" -ne 0 ]
	[ ! -e "$DIR/made" ]
	rm "$DIR/nomkdir.json"
	run "$ISOLATE" --join filt mkdir "$DIR/made"
	[ "$status" -ne 0 ]
	[ ! -e "$DIR/made" ]
	# The check can fail: a joiner of an instance without the profile makes the directory.
	"$ISOLATE" --name plain --detach --net none sleep 1000
	run "$ISOLATE" --join plain mkdir "$DIR/made"
	[ "$status" -eq 0 ]
	[ -d "$DIR/made" ]
	"$ISOLATE" --stop filt
	"$ISOLATE" --stop plain
}

# Landlock as the kernel offers it: the tests below need it.
require_landlock() {
	"$ISOLATE" --landlock --net none true 2>/dev/null || skip "this kernel does not offer Landlock"
}

@test "join: a --landlock instance's joiner writes where the instance can, and nowhere else" {
	require_landlock
	mkdir -m 0777 "$DIR/rw"
	"$ISOLATE" --name ll --detach --net none --landlock --rw "$DIR/rw" sleep 1000
	run "$ISOLATE" --join ll sh -c 'touch "$1/rw/in" && echo rw-ok; echo x >/dev/null && echo null-ok; touch "$1/out" 2>/dev/null || echo out-refused' sh "$DIR"
	[ "$status" -eq 0 ]
	[ "$output" = $'rw-ok\nnull-ok\nout-refused' ]
	[ -e "$DIR/rw/in" ]
	[ ! -e "$DIR/out" ]
	# A joiner's own --cap-drop still applies, and it cannot widen the rules.
	run "$ISOLATE" --join ll --rw "$DIR" true
	[ "$status" -eq 125 ]
	assert_one_error_line "--join: --rw is refused"
	"$ISOLATE" --stop ll
	# The check can fail: a joiner of an instance without --landlock writes there.
	"$ISOLATE" --name plain --detach --net none sleep 1000
	"$ISOLATE" --join plain touch "$DIR/out"
	[ -e "$DIR/out" ]
	"$ISOLATE" --stop plain
	state_empty
}

@test "join: a Landlock rule whose path the sandbox has replaced by a symbolic link is left out" {
	require_landlock
	mkdir -m 0777 "$DIR/rw" "$DIR/rw/sub" "$DIR/secret"
	# --rw of a directory and of one beneath it; PROGRAM replaces the inner one by a
	# link to a directory it may not write (its rule held the old directory's inode).
	"$ISOLATE" --name swap --detach --net none --landlock --rw "$DIR/rw" --rw "$DIR/rw/sub" \
		sh -c 'rmdir "$1/rw/sub" && ln -s "$1/secret" "$1/rw/sub" && echo swapped >"$1/rw/done"; touch "$1/rw/sub/by-instance"; exec sleep 1000' sh "$DIR"
	wait_until test -s "$DIR/rw/done"
	[ -L "$DIR/rw/sub" ]
	[ ! -e "$DIR/secret/by-instance" ]
	# The joiner's rule for rw/sub would now open the link's target: it is left out.
	run "$ISOLATE" --join swap touch "$DIR/rw/sub/by-joiner"
	[ "$status" -ne 0 ]
	[ ! -e "$DIR/secret/by-joiner" ]
	run "$ISOLATE" --join swap touch "$DIR/rw/still"
	[ "$status" -eq 0 ]
	"$ISOLATE" --stop swap
}

@test "rootless: a --landlock instance that rewrites its record's rules does not widen its joiners'" {
	require_landlock
	mkdir -m 0777 "$DIR/rw"
	# The instance may write the state directory (--rw of its parent): it points its
	# rule for rw at the whole work directory, with that directory's identity.
	run as_nobody "$SHARED_ISOLATE" --name llr --detach --landlock --rw "$USER_RUN" --rw "$DIR/rw" \
		/usr/bin/python3 -c '
import json, os, sys, time
rec, work = sys.argv[1], sys.argv[2]
# The record is written once PROGRAM runs ("register" follows "running"): wait for it.
for _ in range(200):
    if os.path.exists(rec):
        break
    time.sleep(0.05)
r = json.load(open(rec))
st = os.stat(work)
for rule in r["landlock-rules"]:
    if rule["path"] == work + "/rw":
        rule.update(path=work, dev=st.st_dev, ino=st.st_ino)
open(rec + ".new", "w").write(json.dumps(r))
os.rename(rec + ".new", rec)
open(work + "/rw/forged", "w").write("forged")
time.sleep(1000)
' "$USER_RUN/isolate/llr.json" "$DIR"
	[ "$status" -eq 0 ]
	wait_until test -s "$DIR/rw/forged"
	grep -q "\"path\": \"$DIR\"" "$USER_RUN/isolate/llr.json"
	run as_nobody "$SHARED_ISOLATE" --join llr sh -c 'touch "$1/rw/in" && echo rw-ok; touch "$1/out"' sh "$DIR"
	[ "${lines[0]}" = rw-ok ]
	[ ! -e "$DIR/out" ]
	as_nobody "$SHARED_ISOLATE" --stop llr
	state_empty "$USER_RUN/isolate"
}

# keyctl(0, ...) and the errno it gets: EPERM (1) under the default profile, another without.
keyctl_errno='import ctypes, platform
nr = {"x86_64": 250, "aarch64": 219}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall(nr, 0, 0, 0, 0, 0)
print("keyctl", ctypes.get_errno())'

@test "record: a record the sandbox rewrites is not trusted; the supervisor's sealed copy is" {
	# Rootless, the sandbox runs as the caller and can write the caller's state directory.
	# It rewrites its own record to ask for no seccomp filter and another directory.
	# The record is written once PROGRAM runs ("register" follows "running"): wait for it.
	run as_nobody "$SHARED_ISOLATE" --name forge --detach sh -c '
		i=0; while ! grep -q "\"seccomp\":\"default\"" "$1" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
		sed -i -e "s/\"seccomp\":\"default\"/\"seccomp\":\"unconfined\"/" -e "s|\"cwd\":\"[^\"]*\"|\"cwd\":\"/proc\"|" "$1" &&
		grep -q "\"seccomp\":\"unconfined\"" "$1" && echo forged >"$2"; exec sleep 1000' sh "$USER_RUN/isolate/forge.json" "$DIR/forged"
	[ "$status" -eq 0 ]
	wait_until test -s "$DIR/forged"
	# The forgery is in the file ...
	grep -q '"seccomp":"unconfined"' "$USER_RUN/isolate/forge.json"
	# ... but the joiner gets the instance's filters (the default profile, which holds the
	# TIOCSTI guard: one filter, and keyctl refused with EPERM) and directory, and --list
	# shows what the supervisor wrote.
	run as_nobody "$SHARED_ISOLATE" --join forge sh -c 'grep Seccomp_filters: /proc/self/status
		python3 -c "$1"; pwd' sh "$keyctl_errno"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = $'Seccomp_filters:\t1' ]
	[ "${lines[1]}" = "keyctl 1" ]
	[ "${lines[2]}" != /proc ]
	run as_nobody "$SHARED_ISOLATE" --list --json
	[[ "$output" == *'"seccomp": "default"'* ]]
	[[ "$output" != *'"seccomp": "unconfined"'* ]]
	as_nobody "$SHARED_ISOLATE" --stop forge
	state_empty "$USER_RUN/isolate"
	# A record that points at another fd of the supervisor is refused in one line.
	"$ISOLATE" --name redirect --detach --net none sleep 1000
	sed -i 's/"record-fd":[0-9]*/"record-fd":0/' "$ISOLATE_STATE_DIR/redirect.json"
	run "$ISOLATE" --join redirect true
	[ "$status" -eq 125 ]
	assert_one_error_line "instance 'redirect': the supervisor's sealed record is not a sealed memfd of isolate's"
	run "$ISOLATE" --list
	[ "${#lines[@]}" -eq 1 ]
	run "$ISOLATE" --stop redirect
	[ "$status" -eq 125 ]
	# The supervisor itself is unaffected: it ends when its PROGRAM is killed.
	kill -KILL "$(pgrep -x -f 'sleep 1000')"
	wait_until state_empty
}

# The host's view of a process's cgroups, without the named (controller-less) hierarchies.
host_cgroups() { grep -v ':name=' /proc/"$1"/cgroup; }

@test "join: the joiner is in the instance's cgroups and counts against its --pids limit" {
	require_root
	# --pids and --memory: on v1 hierarchies here, or on v2, wherever the host has them.
	"$ISOLATE" --name cg --detach --net none --pids 6 --memory 64M \
		sh -c 'cat /proc/self/cgroup >"$1"; exec sleep 1000' sh "$DIR/inside"
	wait_until test -s "$DIR/inside"
	# As the instance's PROGRAM sees its own, in its cgroup namespace ...
	run "$ISOLATE" --join cg cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$DIR/inside")" ]
	# ... and as the host sees them: the cgroups of the status's cgroup-paths.
	"$ISOLATE" --join cg sleep 999 3>&- >/dev/null 2>&1 &
	local joiner=$! jpid ipid d
	wait_until pgrep -x -f 'sleep 999'
	jpid=$(pgrep -x -f 'sleep 999')
	ipid=$(pgrep -x -f 'sleep 1000')
	[ "$(host_cgroups "$jpid")" = "$(host_cgroups "$ipid")" ]
	[ "$(host_cgroups "$jpid")" != "$(host_cgroups $$)" ]
	run field cg cgroup-paths
	[ "$status" -eq 0 ]
	for d in $(/usr/bin/python3 -c 'import ast, sys; print(" ".join(ast.literal_eval(sys.argv[1])))' "$output"); do
		grep -qx "$jpid" "$d/cgroup.procs"
	done
	# init, sleep 1000, and the sleep 999 joiner with its waiting process: 4 of 6. A
	# joiner whose shell forks once more needs 3: its fork is refused.
	run "$ISOLATE" --join cg sh -c 'true & wait $! && echo forked'
	[ "$output" != forked ]
	[[ "$output" == *fork* ]]
	kill "$joiner"
	wait "$joiner" || true
	wait_until test -z "$(pgrep -x -f 'sleep 999')"
	run "$ISOLATE" --join cg sh -c 'true & wait $! && echo forked'
	[ "$output" = forked ]
	"$ISOLATE" --stop cg
	# At the limit already, the joiner's PROGRAM cannot even be forked: one line, 125.
	"$ISOLATE" --name full --detach --net none --pids 2 sleep 1000
	run "$ISOLATE" --join full true
	[ "$status" -eq 125 ]
	assert_one_error_line "--join full: fork PROGRAM in the instance" "--pids limit"
	"$ISOLATE" --stop full
	state_empty
}

@test "join: a joiner of an instance on cgroup v2 is in its cgroup; rootless, only from the delegated subtree" {
	require_root
	local v2 deleg
	v2=$(v2_mount)
	[ -n "$v2" ] || skip "no cgroup2 mount on this host"
	# --cpu-time alone needs a cgroup but no controller: the unified tree serves it.
	"$ISOLATE" --name v2 --detach --net none --cpu-time 1000 sleep 1000
	"$ISOLATE" --join v2 sleep 999 3>&- >/dev/null 2>&1 &
	local joiner=$!
	wait_until pgrep -x -f 'sleep 999'
	[ "$(grep '^0::' /proc/"$(pgrep -x -f 'sleep 999')"/cgroup)" = "$(grep '^0::' /proc/"$(pgrep -x -f 'sleep 1000')"/cgroup)" ]
	grep -q '^0::/isolate/' /proc/"$(pgrep -x -f 'sleep 999')"/cgroup
	kill "$joiner"
	wait "$joiner" || true
	"$ISOLATE" --stop v2
	# Rootless: a cgroup v2 subtree delegated by hand, as systemd's Delegate=yes does.
	mkdir -p "$v2/isolate"
	deleg=$v2/isolate/test-join-$$-$RANDOM
	mkdir "$deleg"
	DELEG=$deleg
	chown "$NOBODY_UID:$NOBODY_GID" "$deleg" "$deleg/cgroup.procs" "$deleg/cgroup.subtree_control" "$deleg/cgroup.threads"
	# as_nobody, from within the delegated cgroup.
	in_deleg() {
		sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$deleg" \
			setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups --reset-env \
			env PATH="$USER_PATH" HOME=/ XDG_RUNTIME_DIR="$USER_RUN" "$SHARED_ISOLATE" "$@"
	}
	run in_deleg --name rl2 --detach --cpu-time 1000 sleep 1000
	[ "$status" -eq 0 ]
	run in_deleg --join rl2 cat /proc/self/cgroup
	[ "$status" -eq 0 ]
	[ "$(grep '^0::' <<<"$output")" = "0::/" ]
	# From outside the delegated subtree the kernel refuses the move: one line, 125.
	run as_nobody "$SHARED_ISOLATE" --join rl2 true
	[ "$status" -eq 125 ]
	assert_one_error_line "--join rl2: join the instance's cgroup $deleg/isolate/" "Permission denied" "Delegate=yes"
	as_nobody "$SHARED_ISOLATE" --stop rl2
	# No record, and no owner lock of a cgroup (in the cgroups/ beside the records).
	[ "$(ls -A "$USER_RUN/isolate")" = cgroups ]
	state_empty "$USER_RUN/isolate/cgroups"
	# The instance's cgroup went with it, and the isolate/ directory that held it.
	wait_until eval '[ ! -e "$deleg/isolate" ]'
	rmdir "$deleg"
}

@test "status: --list --json and a joiner's status hold the addresses, host end, published ports and cgroup paths" {
	require_root
	"$ISOLATE" --name pub --detach --pids 20 -p 127.0.0.1:18081:80 -p 19091:91/udp sleep 1000
	"$ISOLATE" --list --json >"$DIR/list"
	"$ISOLATE" --join pub --json-status-fd 3 --info-fd 4 true 3>"$DIR/status" 4>"$DIR/info"
	run /usr/bin/python3 - "$DIR/list" "$DIR/status" "$DIR/info" <<'PY'
import json, os, sys
entries = [o for o in json.load(open(sys.argv[1])) if o["name"] == "pub"]
assert len(entries) == 1, entries
inst = entries[0]
ports = [(p["protocol"], p["host-ip"], p["host-port"], p["port"]) for p in inst["published-ports"]]
assert ports == [("tcp", "127.0.0.1", 18081, 80), ("udp", None, 19091, 91)], ports
assert inst["network"] == "veth" and inst["address"] and inst["host-end"], inst
assert inst["cgroup-paths"], inst
for d in inst["cgroup-paths"]:
    assert "/isolate/" in d and str(inst["child-pid"]) in open(os.path.join(d, "cgroup.procs")).read().split(), d
lines = [json.loads(l) for l in open(sys.argv[2])]
info = json.load(open(sys.argv[3]))
assert lines[-1] == {"exit-code": 0}, lines
for joined in (lines[0], info):
    for key in ("address", "host-address", "host-end", "network", "published-ports", "cgroup-paths", "net-namespace"):
        assert joined[key] == inst[key], (key, joined.get(key), inst[key])
    assert joined["child-pid"] != inst["child-pid"] and joined["name"] == "pub", joined
print("ok")
PY
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
	"$ISOLATE" --stop pub
	state_empty
}
