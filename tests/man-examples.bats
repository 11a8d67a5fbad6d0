#!/usr/bin/env bats
# Every command line of the EXAMPLES section of man/isolate.1, run as written with the
# built binary in place of `isolate`, and checked against what the page says it shows.
# The network examples run in the throwaway network namespace this file runs in
# (tests/in-netns); the pasta one in a namespace of its own whose "Internet" is a web
# server on an address of that namespace. `isolate bash` runs on a terminal, through
# script(1). A new example without a test here fails the last test.

load helpers

MAN="$BATS_TEST_DIRNAME/../man/isolate.1"

setup() {
	record_baseline
}

teardown() {
	check_no_leaks
}

# The example command lines: the tag line (".B isolate ...") of each .TP item of the
# EXAMPLES section, with roff's \- made plain.
examples() {
	awk '/^\.SH / { on = ($2 == "EXAMPLES") }
	     on && prev == ".TP" && /^\.B isolate/ { sub(/^\.B /, ""); gsub(/\\-/, "-"); print }
	     { prev = $0 }' "$MAN"
}

# The examples the tests below run, as the page writes them.
COVERED=(
	"isolate id"
	"isolate --hostname=box hostname"
	"isolate ipcs"
	"isolate ip -br addr"
	"isolate ping -c 1 10.11.0.1"
	"isolate --net=pasta curl -sI http://example.org/"
	"isolate --address 192.168.77.2/24 ip route"
	"isolate ps aux"
	"isolate bash"
)

# example LINE: check that LINE is an example of the page, and set EXAMPLE_ARGS to its
# words after "isolate".
example() {
	examples | grep -qxF -- "$1" || { echo "not an example in the man page: $1"; return 1; }
	read -ra EXAMPLE_ARGS <<<"$1"
	EXAMPLE_ARGS=("${EXAMPLE_ARGS[@]:1}")
}

# run_example LINE: run it with the binary under test.
run_example() {
	example "$1"
	run "$ISOLATE" "${EXAMPLE_ARGS[@]}"
}

@test "man EXAMPLES: the section has its examples, with no roff left in them" {
	[ "$(examples | wc -l)" -ge 9 ]
	! examples | grep -q '\\'
}

@test "man EXAMPLES: isolate id" {
	run_example "isolate id"
	[ "$status" -eq 0 ]
	[[ "$output" == uid=0\(root\)* ]]
}

@test "man EXAMPLES: isolate --hostname=box hostname" {
	run_example "isolate --hostname=box hostname"
	[ "$status" -eq 0 ]
	[ "$output" = box ]
}

@test "man EXAMPLES: isolate ipcs" {
	# A message queue on the host must not show inside.
	local id
	id=$(ipcmk -Q | awk '{ print $NF }')
	run_example "isolate ipcs"
	ipcrm -q "$id"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Message Queues"* && "$output" == *"Shared Memory Segments"* && "$output" == *"Semaphore Arrays"* ]]
	! grep -q '^0x' <<<"$output"
}

@test "man EXAMPLES: isolate ip -br addr" {
	require_root
	run_example "isolate ip -br addr"
	[ "$status" -eq 0 ]
	grep -Eq '^lo +(UP|UNKNOWN) +127\.0\.0\.1/8' <<<"$output"
	grep -Eq '^eth0(@[a-z0-9]+)? +UP +10\.11\.0\.2/30' <<<"$output"
}

@test "man EXAMPLES: isolate ping -c 1 10.11.0.1" {
	require_root
	run_example "isolate ping -c 1 10.11.0.1"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 received"* ]]
}

@test "man EXAMPLES: isolate --address 192.168.77.2/24 ip route" {
	require_root
	run_example "isolate --address 192.168.77.2/24 ip route"
	[ "$status" -eq 0 ]
	grep -q '^default via 192\.168\.77\.1 dev eth0' <<<"$output"
	grep -q 'src 192\.168\.77\.2' <<<"$output"
}

@test "man EXAMPLES: isolate ps aux" {
	run_example "isolate ps aux"
	[ "$status" -eq 0 ]
	# A header, isolate's init as PID 1, ps as PID 2, and nothing else.
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" =~ ^[a-z0-9_-]+\ +1\ .*isolate\ ps\ aux$ ]]
	[[ "${lines[2]}" =~ ^[a-z0-9_-]+\ +2\ .*ps\ aux$ ]]
}

# The pasta example in a network and mount namespace of its own: the address and the
# default route pasta copies, and example.org resolving (through this namespace's
# /etc/hosts) to a web server on another address of the namespace. The request takes
# the sandbox's default route, through pasta, to that server; no packet leaves.
pasta_example() {
	local server=198.51.100.1
	ip link set lo up
	ip link add tmpl0 type veth peer name tmpl1
	ip addr add 192.0.2.2/24 dev tmpl0
	ip addr add "$server/32" dev tmpl1
	ip link set tmpl0 up
	ip link set tmpl1 up
	ip route add default via 192.0.2.1
	printf '127.0.0.1 localhost\n%s example.org\n' "$server" >"$WORK/hosts"
	mount --bind "$WORK/hosts" /etc/hosts
	/usr/bin/python3 -m http.server --bind "$server" 80 --directory "$WORK" >/dev/null 2>&1 &
	local web=$!
	wait_until bash -c "exec 3<>/dev/tcp/$server/80" 2>/dev/null
	local rc=0
	env -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY "$ISOLATE" "$@" || rc=$?
	kill "$web"
	wait "$web" || true
	return "$rc"
}

@test "man EXAMPLES: isolate --net=pasta curl -sI http://example.org/" {
	require_root
	command -v pasta >/dev/null || skip "pasta is not installed (contrib/install-deps --test installs passt)"
	command -v curl >/dev/null || skip "curl is not installed (contrib/install-deps --test installs it)"
	example "isolate --net=pasta curl -sI http://example.org/"
	WORK=$(mktemp -d /tmp/isolate-example.XXXXXX)
	run unshare -n -m -- bash -euo pipefail -c \
		"$(declare -p ISOLATE WORK); $(declare -f pasta_example $POLL_FUNCS); pasta_example \"\$@\"" \
		pasta_example "${EXAMPLE_ARGS[@]}"
	rm -rf "$WORK"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "${lines[0]}" == "HTTP/1."[01]" 200 OK"* ]]
}

@test "man EXAMPLES: isolate bash, on a terminal through script(1)" {
	# Ctrl-C, Ctrl-Z and fg in isolate bash are tests/interactive.bats' (tmux).
	example "isolate bash"
	local cmd
	printf -v cmd '%q ' "$ISOLATE" "${EXAMPLE_ARGS[@]}"
	run bash -c 'printf "%s\n" "echo \"in:\$(hostname):\$\$:\$(id -u)\"" "exit 3" |
		script -qec "$1" /dev/null' script "$cmd"
	[ "$status" -eq 3 ]
	[[ "$output" == *"in:isolated:2:0"* ]]
	if [ "$(id -u)" -eq 0 ] && [ -z "${SUDO_UID:-}" ] && [ -e /root/.bashrc ]; then
		# The page says so: as root without sudo, root inside is nobody on the host.
		[[ "$output" == *"/root/.bashrc: Permission denied"* ]]
	fi
}

@test "man EXAMPLES: every example has a test here" {
	local missing
	missing=$(examples | grep -vxF -f <(printf '%s\n' "${COVERED[@]}")) || true
	[ -z "$missing" ] || { echo "examples without a test: $missing"; return 1; }
}
