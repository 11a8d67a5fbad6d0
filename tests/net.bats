#!/usr/bin/env bats
# Networking: --net modes, the veth pair, addresses, the pool, cleanup, bad input.
# Every test that makes interfaces runs inside a network namespace it creates first
# (in_netns); "the host" below is that namespace.

load helpers

setup() {
	require_root
	record_baseline
	record_host_links
}
teardown() {
	check_no_leaks
	check_no_host_links
}

# --- the sandbox's side --------------------------------------------------------

t_sandbox_view() {
	"$ISOLATE" sh -c 'ip -br addr; ip route'
}
@test "veth: lo and eth0 are up with their addresses, the default route goes to the host end" {
	netns_ok t_sandbox_view
	[[ "${lines[0]}" =~ ^lo\ +UNKNOWN\ +127\.0\.0\.1/8 ]]
	[[ "${lines[1]}" =~ ^eth0@if[0-9]+\ +UP\ +10\.11\.0\.2/30 ]]
	[[ "${lines[2]}" =~ ^default\ via\ 10\.11\.0\.1\ dev\ eth0 ]]
	[[ "${lines[3]}" =~ ^10\.11\.0\.0/30\ dev\ eth0 ]]
}

# Interface names as "lo eth0 ", from ip(8): /sys/class/net inside would show the
# network namespace of whoever mounted /sys, which is not the sandbox's.
link_names='ip -o link show | awk -F": " "{ sub(/@.*/, \"\", \$2); printf \"%s \", \$2 }"'
export link_names

t_default_is_veth() {
	"$ISOLATE" sh -c "$link_names"
}
@test "as root the default is --net=veth" {
	netns_ok t_default_is_veth
	[ "$output" = "lo eth0 " ]
}

t_host_end_lifetime() {
	local pid name
	"$ISOLATE" sleep 60 &
	pid=$!
	name=iso$pid
	# Up (operationally: the sandbox has brought its end up too) and addressed.
	ready() { ip -br addr show dev "$name" 2>/dev/null | grep -q ' UP .*10\.11\.0\.1/30'; }
	wait_long ready
	ip -br addr show dev "$name"
	kill -TERM "$pid"
	wait "$pid" || true
	wait_until no_iso_links
	echo gone
}
@test "the host end iso<PID> exists with 10.11.0.1/30 while the sandbox runs and is gone after" {
	netns_ok t_host_end_lifetime
	[[ "${lines[0]}" =~ ^iso[0-9]+@if[0-9]+\ +UP\ +10\.11\.0\.1/30 ]]
	[ "${lines[1]}" = gone ]
}

# --- traffic ---------------------------------------------------------------------

t_ping_host_end() {
	"$ISOLATE" ping -c 1 -W 5 10.11.0.1
}
@test "ping from the sandbox to the host end" {
	netns_ok t_ping_host_end
	[[ "$output" == *"1 received"* ]]
}

t_ping_sandbox() {
	local pid
	"$ISOLATE" sleep 60 &
	pid=$!
	wait_long ping -c 1 -W 1 10.11.0.2
	kill -TERM "$pid"
	wait "$pid" || true
	wait_until no_iso_links
}
@test "ping from the host to the sandbox" {
	netns_ok t_ping_sandbox
	[[ "$output" == *"1 received"* ]]
}

t_tcp() {
	local pid reply
	timeout 60 "$ISOLATE" socat -T 20 TCP-LISTEN:7000 PIPE &  # bounded even if no client gets through
	pid=$!
	try() { reply=$(echo "hello over tcp" | socat -T 5 - TCP:10.11.0.2:7000 2>/dev/null) && [ -n "$reply" ]; }
	wait_long try
	echo "$reply"
	wait "$pid"
	wait_until no_iso_links
}
@test "TCP round trip: a listener in the sandbox, a client on the host" {
	netns_ok t_tcp
	[ "$output" = "hello over tcp" ]
}

# --- modes -----------------------------------------------------------------------

t_none() {
	"$ISOLATE" --net=none ip -o link
	"$ISOLATE" --net=none ip -br addr
	"$ISOLATE" --net=none ping -c 1 -W 5 127.0.0.1 | grep -c '1 received'
	echo "links: $(iso_links | wc -l)"
}
@test "--net=none: only lo, up, and no veth on the host" {
	netns_ok t_none
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[0]}" =~ ^1:\ lo:\ \<LOOPBACK,UP,LOWER_UP\> ]]
	[[ "${lines[1]}" =~ ^lo\ +UNKNOWN\ +127\.0\.0\.1/8 ]]
	[ "${lines[2]}" = 1 ]
	[ "${lines[3]}" = "links: 0" ]
}

t_host() {
	readlink /proc/self/ns/net
	"$ISOLATE" --net=host readlink /proc/self/ns/net
	"$ISOLATE" --share=net readlink /proc/self/ns/net
	echo "links: $(iso_links | wc -l)"
}
@test "--net=host and --share=net keep the test's network namespace" {
	netns_ok t_host
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${lines[0]}" = "${lines[2]}" ]
	[ "${lines[3]}" = "links: 0" ]
}

@test "--net=veth with --share=net is a conflict" {
	run "$ISOLATE" --net=veth --share=net true
	[ "$status" -eq 125 ]
	assert_one_error_line "--net=veth" "--share=net"
}

@test "--net=none with a veth option is a conflict" {
	run "$ISOLATE" --net=none --address 10.1.0.2/30 true
	[ "$status" -eq 125 ]
	assert_one_error_line "--net=veth only" "--net=none"
}

@test "rootless: --net=veth fails with one line that says why and suggests --net=pasta and --net=none" {
	setup_shared_binary
	AS_UID=65534 AS_GID=65534 run as_user "$SHARED_ISOLATE" --net=veth true
	teardown_shared_binary
	[ "$status" -eq 125 ]
	assert_one_error_line "CAP_NET_ADMIN" "--net=pasta" "--net=none"
}

@test "rootless: the default is --net=none with lo up" {
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" /usr/sbin/ip -o link show
	teardown_shared_binary
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" =~ ^1:\ lo:\ \<LOOPBACK,UP,LOWER_UP\> ]]
}

t_nested() {
	# Root of a new user namespace has CAP_NET_ADMIN, but not over this network namespace.
	unshare --user --map-root-user "$ISOLATE" ip -o link show | wc -l
	unshare --user --map-root-user "$ISOLATE" --net=veth true 2>&1 || true
	# With a network namespace of its own, its root may make a veth pair there.
	unshare --user --map-root-user --net "$ISOLATE" --address 10.14.0.2/30 ip -4 -br addr show dev eth0
}
@test "nested user namespace: loopback only by default, veth where it owns the network namespace" {
	netns_ok t_nested
	[ "${lines[0]}" = 1 ]
	[[ "${lines[1]}" == "isolate: --net=veth: "*"CAP_NET_ADMIN"*"--net=none"* ]]
	[[ "${lines[2]}" =~ ^eth0@if[0-9]+\ +UP\ +10\.14\.0\.2/30 ]]
}

# --- explicit settings -----------------------------------------------------------

t_explicit() {
	"$ISOLATE" --address 192.168.77.2/24 --host-address 192.168.77.1/24 \
		sh -c 'ip -br addr show dev eth0; ip route show default; ping -c 1 -W 5 192.168.77.1 | grep -c "1 received"'
	"$ISOLATE" --address 192.168.78.9/24 sh -c 'ip route show default'
	"$ISOLATE" --host-address 192.168.79.5/31 sh -c 'ip -br addr show dev eth0; ip route show default'
}
@test "--address and --host-address set both ends; either alone implies the other" {
	netns_ok t_explicit
	[[ "${lines[0]}" =~ ^eth0@if[0-9]+\ +UP\ +192\.168\.77\.2/24 ]]
	[[ "${lines[1]}" == "default via 192.168.77.1 dev eth0"* ]]
	[ "${lines[2]}" = 1 ]
	[[ "${lines[3]}" == "default via 192.168.78.1 dev eth0"* ]]
	[[ "${lines[4]}" =~ ^eth0@if[0-9]+\ +UP\ +192\.168\.79\.4/31 ]]
	[[ "${lines[5]}" == "default via 192.168.79.5 dev eth0"* ]]
}

t_host_address_on_host() {
	"$ISOLATE" --address 192.168.77.2/24 --host-address 192.168.77.1/24 sleep 60 &
	local pid=$!
	addressed() { ip -br addr show dev "iso$pid" 2>/dev/null | grep -q '192\.168\.77\.1/24'; }
	wait_long addressed
	ip -br addr show dev "iso$pid"
	kill -TERM "$pid"
	wait "$pid" || true
	wait_until no_iso_links
}
@test "--host-address is on the host end" {
	netns_ok t_host_address_on_host
	[[ "${lines[0]}" =~ \ 192\.168\.77\.1/24 ]]
}

t_names() {
	local pid out
	out=$(mktemp)
	"$ISOLATE" --veth-host vhost-test --veth-peer vpeer sh -c "ip -br addr show dev vpeer; $link_names; echo; exec sleep 60" >"$out" &
	pid=$!
	two_lines() { [ "$(wc -l <"$out")" -ge 2 ]; }
	wait_long two_lines
	cat "$out"
	rm -f "$out"
	echo "host end: $(ip -o link show vhost-test | awk -F': ' '{ print $2 }')"
	kill -TERM "$pid"
	wait "$pid" || true
}
@test "--veth-host and --veth-peer name the two ends" {
	netns_ok t_names
	grep -qE "^vpeer@if[0-9]+ +UP +10\.11\.0\.2/30" <<<"$output"
	grep -qx "lo vpeer " <<<"$output"
	grep -q "^host end: vhost-test@" <<<"$output"
}

t_mtu() {
	local pid out
	out=$(mktemp)
	"$ISOLATE" --mtu 1400 --veth-host vmtu sh -c 'ip -o link show eth0 | grep -o "mtu [0-9]*"; exec sleep 60' >"$out" &
	pid=$!
	# The host end exists before the sandbox runs: wait for the sandbox's own line.
	printed() { [ -s "$out" ]; }
	wait_long printed
	cat "$out"
	rm -f "$out"
	echo "host $(ip -o link show vmtu | grep -o 'mtu [0-9]*')"
	kill -TERM "$pid"
	wait "$pid" || true
	"$ISOLATE" sh -c 'ip -o link show eth0 | grep -o "mtu [0-9]*"'
}
@test "--mtu sets the MTU of both ends; the default is the kernel's" {
	netns_ok t_mtu
	[[ "$output" == *"host mtu 1400"* ]]
	[ "${lines[0]}" = "mtu 1400" ]
	[ "${lines[1]}" = "host mtu 1400" ]
	[ "${lines[2]}" = "mtu 1500" ]
}

t_ipv6() {
	"$ISOLATE" --address fd00:77::2/64 sh -c 'ip -6 -br addr show dev eth0; ip -6 route show default; ping -6 -c 1 -W 5 fd00:77::1 | grep -c "1 received"'
}
@test "IPv6: --address with an IPv6 prefix, the host end at ::1 of it" {
	netns_ok t_ipv6
	[[ "${lines[0]}" =~ ^eth0@if[0-9]+\ +UP\ +fd00:77::2/64 ]]
	[[ "${lines[1]}" == "default via fd00:77::1 dev eth0"* ]]
	[ "${lines[2]}" = 1 ]
}

# --- the pool --------------------------------------------------------------------

t_pool_skips() {
	ip link add name dtest type veth peer name dtestp
	ip addr add 10.11.0.1/30 dev dtest
	"$ISOLATE" ip -4 -br addr show dev eth0
	# The last host end goes with its namespace, asynchronously: wait, or its /30 is taken.
	wait_until no_iso_links
	ip link set dtest up
	ip route add 10.11.0.4/30 dev dtest
	"$ISOLATE" ip -4 -br addr show dev eth0
	ip link del dtest
}
@test "the pool skips subnets that overlap an address or a route on the host" {
	netns_ok t_pool_skips
	[[ "${lines[0]}" =~ \ 10\.11\.0\.6/30 ]]
	[[ "${lines[1]}" =~ \ 10\.11\.0\.10/30 ]]
}

t_pool_many() {
	local i
	ip link add name dtest type veth peer name dtestp
	ip link set dtestp up
	ip link set dtest up
	# A pool of 2048 /30s with one free: the first 1000 as addresses, shuffled, and
	# 1000 routes to /32s in the 1000 after them; then the gap, then more routes. The
	# probes find nothing free, so the allocator falls back to the scan.
	{
		for i in $(seq 0 999); do echo "address add 10.11.$((i / 64)).$((i % 64 * 4 + 1))/30 dev dtest"; done | shuf
		for i in $(seq 1000 1999); do echo "route add 10.11.$((i / 64)).$((i % 64 * 4 + 2))/32 dev dtest"; done
		for i in $(seq 2001 2047); do echo "route add 10.11.$((i / 64)).$((i % 64 * 4))/30 dev dtest"; done
	} | ip -batch -
	"$ISOLATE" -v --net-pool 10.11.0.0/19 ip -4 -br addr show dev eth0 2>"$BATS_TEST_TMPDIR/trace"
	grep -E "allocated|scanning" "$BATS_TEST_TMPDIR/trace"
	ip link del dtest
}
@test "the pool finds the one free subnet among 2000 used prefixes (the scan after the probes)" {
	netns_ok t_pool_many
	# 2000 /30s from 10.11.0.0 end at 10.11.31.63: the gap is 10.11.31.64/30.
	[[ "${lines[0]}" =~ eth0.*\ 10\.11\.31\.66/30 ]]
	[[ "${lines[1]}" == *"parent: no free subnet among 32 probed in pool 10.11.0.0/19 ("*"): scanning"* ]]
	[[ "${lines[2]}" == *"parent: allocated 10.11.31.64/30 from pool 10.11.0.0/19 by a scan ("* ]]
}

# The fast path: with the first 1000 /30s of the pool used, a start probes a few
# candidates (in order, then at random) and takes a free one without any dump.
t_pool_probe() {
	local i
	ip link add name dtest type veth peer name dtestp
	ip link set dtestp up
	ip link set dtest up
	for i in $(seq 0 999); do echo "route add 10.11.$((i / 64)).$((i % 64 * 4 + 2))/32 dev dtest"; done | ip -batch -
	strace -f -qq -o "$BATS_TEST_TMPDIR/sendto" -e trace=sendto "$ISOLATE" -v ip -4 -br addr show dev eth0 2>"$BATS_TEST_TMPDIR/trace"
	grep -E "allocated" "$BATS_TEST_TMPDIR/trace"
	echo "route dumps: $(grep 'NLM_F_DUMP' "$BATS_TEST_TMPDIR/sendto" | grep -c -E 'RTM_GET(ROUTE|ADDR)' || true)"
	ip link del dtest
}
@test "the pool probes candidates with route lookups, without dumping the host's 1000 routes" {
	command -v strace >/dev/null || skip "strace is not installed (contrib/install-deps installs it)"
	no_leak_check # strace: see helpers.bash
	netns_ok t_pool_probe
	[[ "${lines[1]}" == *"parent: allocated 10.11."*"/30 from pool 10.11.0.0/16 ("*" probed before it: 0 claimed by other isolates, "*" used by the host)"* ]]
	# The sandbox's address lies past the 1000 used /30s (10.11.0.0 to 10.11.15.159).
	local a=${lines[0]##* 10.11.} third fourth
	third=${a%%.*}
	fourth=${a#*.}
	fourth=${fourth%%/*}
	[ $((third * 64 + fourth / 4)) -ge 1000 ]
	[ "${lines[2]}" = "route dumps: 0" ]
}

# Routes that reserve a range without a link (unreachable, blackhole, prohibit) make it
# used, and so does an address on a link that is down (its local route).
t_pool_typed_routes() {
	ip route add unreachable 10.11.0.0/30
	ip route add blackhole 10.11.0.4/30
	ip route add prohibit 10.11.0.8/31
	ip link add name dtest type veth peer name dtestp
	ip addr add 10.11.0.13/24 dev dtest
	"$ISOLATE" ip -4 -br addr show dev eth0
}
@test "the pool skips subnets behind unreachable, blackhole and prohibit routes, and a down link's address" {
	netns_ok t_pool_typed_routes
	[[ "${lines[0]}" =~ eth0.*\ 10\.11\.0\.18/30 ]]
}

# A claim another isolate holds (an abstract socket per subnet, see src/pool.h): the
# allocator skips the subnet even though the host shows nothing of it yet.
t_pool_claimed() {
	/usr/bin/python3 -c '
import signal, socket, sys
signal.alarm(60)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0isolate/net-subnet/10.11.0.0/30")
t = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
t.bind("\0isolate/net-subnet/10.11.0.4/30")
print("held", flush=True)
sys.stdin.read()
' <"$dir/hold" >"$dir/state" 2>&1 3>&- &
	hold=$!
	exec 5>"$dir/hold"
	wait_until grep -qs held "$dir/state"
	"$ISOLATE" -v ip -4 -br addr show dev eth0 2>"$dir/trace"
	grep allocated "$dir/trace"
	exec 5>&-
	wait "$hold" || true
	# Released by the kernel with the holder: the first subnet is free again.
	"$ISOLATE" ip -4 -br addr show dev eth0
	# An explicit address in a claimed subnet is refused in one line.
	/usr/bin/python3 -c '
import socket, subprocess, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0isolate/net-subnet/10.11.0.8/30")
sys.exit(subprocess.run(sys.argv[1:]).returncode)
' "$ISOLATE" --address 10.11.0.10/30 true 2>&1 && return 1
	# The kernel removes the runs' pairs with their namespaces, in the background.
	wait_until no_iso_links
	echo "links: $(iso_links | wc -l)"
}
@test "the pool skips subnets claimed by other isolates; an explicit address in one is refused" {
	dir=$(mktemp -d)
	mkfifo "$dir/hold"
	export dir
	netns_ok t_pool_claimed
	rm -rf "$dir"
	[[ "${lines[1]}" == *"parent: allocated 10.11.0.8/30 from pool 10.11.0.0/16 (2 probed before it: 2 claimed by other isolates, 0 used by the host)"* ]]
	[[ "${lines[0]}" =~ eth0.*\ 10\.11\.0\.10/30 ]]
	[[ "${lines[2]}" =~ eth0.*\ 10\.11\.0\.2/30 ]]
	[ "${lines[3]}" = "isolate: --address 10.11.0.10/30: another isolate is setting up this subnet (choose another address, or leave --address out to take one from the pool)" ] || { echo "got: ${lines[3]}"; false; }
	[ "${lines[4]}" = "links: 0" ]
}

t_pool_choice() {
	ISOLATE_NET_POOL=10.200.0.0/24 "$ISOLATE" ip -4 -br addr show dev eth0
	ISOLATE_NET_POOL=10.200.0.0/24 "$ISOLATE" --net-pool 172.30.0.0/16 ip -4 -br addr show dev eth0
	"$ISOLATE" --net-pool fd00:99::/120 ip -6 -br addr show dev eth0
}
@test "--net-pool and ISOLATE_NET_POOL choose the pool; the option wins" {
	netns_ok t_pool_choice
	[[ "${lines[0]}" =~ \ 10\.200\.0\.2/30 ]]
	[[ "${lines[1]}" =~ \ 172\.30\.0\.2/30 ]]
	[[ "${lines[2]}" =~ \ fd00:99::2/126 ]]
}

t_pool_exhausted() {
	ip link add name dtest type veth peer name dtestp
	ip addr add 10.12.0.1/29 dev dtest
	"$ISOLATE" --net-pool 10.12.0.0/30 true && return 1
	echo "links: $(iso_links | wc -l)"
}
@test "an exhausted pool is an error that says so" {
	netns_ok t_pool_exhausted
	[[ "${lines[0]}" == "isolate: allocate a subnet from 10.12.0.0/30: the pool is exhausted"* ]]
	[[ "${lines[0]}" == *"--net-pool"* ]]
	[ "${lines[1]}" = "links: 0" ]
}

@test "a malformed ISOLATE_NET_POOL is an error naming the variable" {
	ISOLATE_NET_POOL=10.11.0.1/16 run "$ISOLATE" true
	[ "$status" -eq 125 ]
	assert_one_error_line "ISOLATE_NET_POOL '10.11.0.1/16'" "host bits"
}

t_concurrent() {
	local dir i pids=() failed=0
	dir=$(mktemp -d)
	chmod 0755 "$dir"
	# Hold the allocation lock while all 50 start, then let them race for it at once.
	hold_pool_lock
	for i in $(seq 1 50); do
		"$ISOLATE" sh -c 'ip -4 -o addr show dev eth0 | awk "{ print \$4 }"; i=0
			while [ ! -e "$1/go" ] && [ $i -lt 3000 ]; do sleep 0.05; i=$((i + 1)); done' \
			sh "$dir" >"$dir/out.$i" 2>"$dir/err.$i" &
		pids+=($!)
	done
	release_pool_lock
	# Not `jobs -r | grep -q .`: under pipefail, jobs' SIGPIPE when grep quits at its
	# first line made the pipeline fail, so "none running" came true while 47 ran.
	any_running() { local p; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
	all_up() { [ "$(cat "$dir"/out.* | grep -c .)" -eq 50 ] || ! any_running; }
	# Bounded at ~2 min: 50 starts on a loaded 2-CPU machine (make -j2 check runs the
	# sanitized suite beside this file) once took longer than wait_long's 30 s.
	poll_for 2400 all_up
	# Every sandbox is alive now: the subnets must be distinct.
	echo "distinct: $(cat "$dir"/out.* | sort -u | grep -c '^10\.11\.')"
	echo "host ends: $(iso_links | wc -l)"
	touch "$dir/go"
	for i in "${pids[@]}"; do wait "$i" || failed=$((failed + 1)); done
	echo "failed: $failed"
	cat "$dir"/err.* >&2
	wait_long no_iso_links
	echo "left: $(iso_links | wc -l)"
	rm -rf "$dir"
}
@test "50 sandboxes started at once all succeed with distinct subnets, and leave no interface" {
	netns_ok t_concurrent
	[[ "$output" == *"distinct: 50"* ]] || { echo "$output" | head -n 40; false; }
	[[ "$output" == *"host ends: 50"* ]]
	[[ "$output" == *"failed: 0"* ]]
	[[ "$output" == *"left: 0"* ]]
}

# --- cleanup ---------------------------------------------------------------------

t_term_waiting_for_lock() {
	local pid rc=0
	hold_pool_lock
	"$ISOLATE" true 3>&- &
	pid=$!
	blocked() { waiting_for_lock "$pid"; }
	# bash reaps a finished background job by itself: then its /proc entry is gone.
	done_already() { [ ! -e "/proc/$pid" ] || [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" = Z ]; }
	wait_long eval 'blocked || done_already'
	blocked || { echo "isolate did not wait for the lock"; return 1; }
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	echo "status: $rc"
	release_pool_lock
	wait_until no_iso_links
	echo "left: $(iso_links | wc -l)"
}
@test "SIGTERM while waiting for the allocation lock ends isolate: 143, nothing left" {
	netns_ok t_term_waiting_for_lock
	[ "${lines[-2]}" = "status: 143" ]
	[ "${lines[-1]}" = "left: 0" ]
}

t_lock_per_netns() {
	local rc=0
	hold_pool_lock
	# Another network namespace allocates from its own addresses: it must not wait.
	timeout 20 unshare -n sh -c 'ip link set lo up && "$1" true' sh "$ISOLATE" || rc=$?
	echo "other netns: $rc"
	release_pool_lock
}
@test "the allocation lock is per network namespace: another namespace does not wait" {
	netns_ok t_lock_per_netns
	[ "${lines[-1]}" = "other netns: 0" ]
}

t_kill_waiting_for_lock() {
	local pid
	hold_pool_lock
	"$ISOLATE" sleep 60 3>&- &
	pid=$!
	# Blocked on the lock: after clone and the id maps, before any interface exists.
	blocked() { waiting_for_lock "$pid"; }
	wait_long blocked || { kill -KILL "$pid"; echo "isolate did not wait for the lock"; return 1; }
	kill -KILL "$pid"
	wait "$pid" || true
	release_pool_lock
	wait_until no_iso_links
	echo "left: $(iso_links | wc -l)"
}
@test "SIGKILL during setup (waiting for the allocation lock) leaves no interface" {
	netns_ok t_kill_waiting_for_lock
	[ "${lines[-1]}" = "left: 0" ]
}

t_kill_after_host_end() {
	local spid pid name
	# strace holds isolate for 60 s before its second message to the child, "go" (the
	# first tells the child its addresses, once the pair exists, the host end addressed
	# and up; the child sends nothing before "go"): the pair exists then, and "go" has
	# not been sent.
	strace -f -qq -o /dev/null -e trace=sendmsg -e inject=sendmsg:delay_enter=60000000:when=2 \
		"$ISOLATE" --address 10.13.0.2/30 sleep 60 &
	spid=$!
	wait_long eval '[ -n "$(iso_links)" ]'
	name=$(iso_links)
	pid=${name#iso}
	# Up, but without carrier: the peer stays down until "go", so nothing can arrive
	# before the host end's sysctls are set.
	ip -o link show "$name" | grep -q 'NO-CARRIER' || { echo "the host end has a carrier before go"; return 1; }
	echo "host end before: $(ip -br addr show dev "$name" | awk '{ print $3 }')"
	# A tracee held in a ptrace stop dies of SIGKILL only once its tracer lets go.
	kill -KILL "$pid"
	kill -KILL "$spid"
	wait "$spid" || true
	wait_until no_iso_links
	echo "left: $(iso_links | wc -l)"
}
@test "SIGKILL during setup, after the host end exists, leaves no interface" {
	command -v strace >/dev/null || skip "strace is not installed (contrib/install-deps installs it)"
	netns_ok t_kill_after_host_end
	grep -qx "host end before: 10.13.0.1/30" <<<"$output"
	[ "${lines[-1]}" = "left: 0" ]
}

t_kill_while_running() {
	local pid
	"$ISOLATE" sleep 60 &
	pid=$!
	wait_long ping -c 1 -W 1 10.11.0.2 >/dev/null
	kill -KILL "$pid"
	wait "$pid" || true
	wait_until no_iso_links
	echo "left: $(iso_links | wc -l)"
}
@test "SIGKILL while PROGRAM runs leaves no interface once the sandbox is gone" {
	netns_ok t_kill_while_running
	[ "${lines[-1]}" = "left: 0" ]
}

t_refused_ipv6() {
	# The kernel refuses the host end's address only after the pair exists.
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	"$ISOLATE" --address fd00:5::2/64 true && return 1
	echo "links: $(iso_links | wc -l)"
	{ "$ISOLATE" -v --address fd00:5::2/64 true 2>&1 || true; } | grep RTM_DELLINK
	echo "links: $(iso_links | wc -l)"
}
@test "an address the kernel refuses after the host end exists: one line with the kernel's reason, nothing left" {
	netns_ok t_refused_ipv6
	[[ "${lines[0]}" == "isolate: RTM_NEWADDR iso"*" fd00:5::1/64: Permission denied (kernel: "*"IPv6 is disabled on this device)" ]]
	[ "${lines[1]}" = "links: 0" ]
	[[ "${lines[2]}" == "isolate: parent: RTM_DELLINK iso"*": ok" ]]
	[ "${lines[3]}" = "links: 0" ]
}

t_refused_multicast() {
	"$ISOLATE" --address ff02::2/64 --host-address ff02::1/64 true && return 1
	echo "links: $(iso_links | wc -l)"
}
@test "a multicast address is refused by the kernel and the host end is deleted" {
	netns_ok t_refused_multicast
	[[ "${lines[0]}" == "isolate: RTM_NEWADDR iso"*"ff02::1/64: "*"(kernel: "*"multicast"* ]]
	[ "${lines[1]}" = "links: 0" ]
}

# --- bad input -------------------------------------------------------------------

bad_input() {
	run "$ISOLATE" "$@" true
	[ "$status" -eq 125 ] || { echo "exit $status: $output"; return 1; }
}

@test "bad input: malformed CIDR" {
	bad_input --address 10.0.0.300/24
	assert_one_error_line "--address '10.0.0.300/24'" "not an IPv4 or IPv6 address"
	bad_input --host-address 10.0.0.1
	assert_one_error_line "--host-address '10.0.0.1'" "missing /PREFIX"
	bad_input --net-pool 10.11.0.0/16x
	assert_one_error_line "--net-pool '10.11.0.0/16x'" "prefix length"
}

@test "bad input: prefix out of range" {
	bad_input --address 10.0.0.2/33
	assert_one_error_line "--address '10.0.0.2/33'" "0 to 32"
	bad_input --address fd00::2/129
	assert_one_error_line "--address 'fd00::2/129'" "0 to 128"
	bad_input --address 10.0.0.2/32
	assert_one_error_line "--address 10.0.0.2/32" "no room" "--host-address"
	bad_input --net-pool 10.11.0.0/31
	assert_one_error_line "--net-pool '10.11.0.0/31'" "/30 or larger"
}

@test "bad input: addresses that cannot form one link" {
	bad_input --address 10.0.0.2/30 --host-address 10.0.1.1/30
	assert_one_error_line "--address 10.0.0.2/30 with --host-address 10.0.1.1/30" "outside"
	bad_input --address 10.0.0.2/30 --host-address 10.0.0.2/30
	assert_one_error_line "same address"
	bad_input --address 10.0.0.2/30 --host-address fd00::1/64
	assert_one_error_line "different families"
	bad_input --address 10.0.0.3/30
	assert_one_error_line "broadcast"
}

@test "bad input: interface names" {
	bad_input --veth-host abcdefghijklmnop
	assert_one_error_line "--veth-host 'abcdefghijklmnop'" "15 bytes"
	bad_input --veth-peer 'a/b'
	assert_one_error_line "--veth-peer 'a/b'" "'/'"
	bad_input --veth-host 'a b'
	assert_one_error_line "--veth-host 'a b'" "whitespace"
	bad_input --veth-host ''
	assert_one_error_line "--veth-host ''" "empty"
	bad_input --veth-peer lo
	assert_one_error_line "--veth-peer 'lo'" "loopback"
}

t_existing_name() {
	ip link add name taken type veth peer name takenp
	"$ISOLATE" --veth-host taken true && return 1
	ip -o link show | wc -l
	ip link del taken
}
@test "bad input: an existing host end name, and nothing is left" {
	netns_ok t_existing_name
	[[ "${lines[0]}" == "isolate: RTM_NEWLINK veth taken "*": File exists (an interface named 'taken' exists already: choose another with --veth-host)" ]]
	[ "${lines[1]}" = 3 ]   # lo and the test's own pair, nothing else
}

t_name_again() {
	# The last run's pair goes with its namespace some milliseconds after isolate ends
	# (13-53 ms measured); the next run with the same name waits for it, once.
	local i failed=0
	for i in $(seq 1 20); do
		"$ISOLATE" --veth-host vagain true || failed=$((failed + 1))
	done
	echo "failed: $failed"
	wait_until sh -c '! ip -o link show | grep -q vagain'
	echo "left: $(ip -o link show | grep -c vagain || true)"
}
@test "--veth-host: the same name again right after a run works, 20 times in a row" {
	netns_ok t_name_again
	[ "${lines[-2]}" = "failed: 0" ]
	[ "${lines[-1]}" = "left: 0" ]
}

@test "bad input: unknown mode, MTU, repeated options" {
	bad_input --net=bridge
	assert_one_error_line "--net 'bridge'" "veth, pasta, none or host"
	bad_input --mtu 67
	assert_one_error_line "--mtu '67'" "68 to 65535"
	bad_input --mtu big
	assert_one_error_line "--mtu 'big'" "not a decimal number"
	bad_input --net=none --net=none
	assert_one_error_line "--net given twice"
	bad_input --address 10.0.0.2/30 --address 10.0.0.6/30
	assert_one_error_line "--address given twice"
	bad_input --veth-peer a --veth-peer b
	assert_one_error_line "--veth-peer given twice"
}

# --- tracing ---------------------------------------------------------------------

t_trace() {
	"$ISOLATE" -v true 2>&1 | grep -E "RTM_|allocated|sandbox's address"
}
@test "-v traces each netlink step with its interface and result" {
	netns_ok t_trace
	[[ "$output" == *"parent: RTM_GETROUTE lookups of 10.11.0.0/30: free"* ]]
	[[ "$output" == *"parent: allocated 10.11.0.0/30 from pool 10.11.0.0/16"* ]]
	[[ "$output" =~ parent:\ RTM_NEWLINK\ veth\ iso[0-9]+\ \(index\ [0-9]+\)\ \<-\>\ eth0\ \(index\ [0-9]+\)\ in\ the\ netns\ of\ pid\ [0-9]+:\ ok ]]
	[[ "$output" =~ parent:\ the\ sandbox\'s\ address\ is\ 10\.11\.0\.2/30\ on\ eth0,\ its\ gateway\ 10\.11\.0\.1\ on\ iso[0-9]+ ]]
	[[ "$output" =~ parent:\ RTM_NEWADDR\ iso[0-9]+\ 10\.11\.0\.1/30:\ ok ]]
	[[ "$output" == *"child: RTM_NEWLINK lo (index 1) up: ok"* ]]
	[[ "$output" == *"child: RTM_NEWADDR eth0 10.11.0.2/30: ok"* ]]
	[[ "$output" =~ child:\ RTM_NEWLINK\ eth0\ \(index\ [0-9]+\)\ up:\ ok ]]
	[[ "$output" == *"child: RTM_NEWROUTE default via 10.11.0.1 dev eth0: ok"* ]]
}

# --- hardening (issue 17: F1, F9, F10, F13, F15) -----------------------------------

# PROGRAM sends an IPv6 router advertisement (default router, lifetime 1800 s, and the
# SLAAC prefix 2001:db8:1::/64) from the sandbox's link-local address to all nodes.
send_ra='
import socket, struct, time
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex("eth0"))
ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0)
pi = struct.pack("!BBBBIII", 3, 4, 64, 0xc0, 86400, 14400, 0) + socket.inet_pton(socket.AF_INET6, "2001:db8:1::")
for _ in range(3):
    s.sendto(ra + pi, ("ff02::1", 0, 0, socket.if_nametoindex("eth0")))
    time.sleep(0.1)
'
export send_ra
t_router_advert() {
	local pid out
	out=$(mktemp)
	sysctl -qw net.ipv6.conf.all.forwarding=0
	# The sandbox needs its link-local address (not tentative) to send from.
	"$ISOLATE" sh -c 'i=0; while ip -6 addr show dev eth0 | grep -q tentative || ! ip -6 addr show dev eth0 | grep -q fe80; do
		sleep 0.05; i=$((i + 1)); [ $i -lt 200 ] || exit 1; done; python3 -c "$send_ra" && echo sent; exec sleep 60' >"$out" &
	pid=$!
	wait_long grep -qs sent "$out"
	# The host handles an RA as it arrives; give a wrong result one second to show.
	configured() { ip -6 route show default | grep -q . || ip -6 addr show | grep -q 2001:db8:1; }
	poll_for 20 configured || true
	echo "default routes: $(ip -6 route show default | grep -c . || true)"
	echo "slaac: $(ip -6 addr show | grep -c 2001:db8:1 || true)"
	kill -TERM "$pid"
	wait "$pid" || true
	rm -f "$out"
}
@test "F1: a router advertisement from PROGRAM configures nothing on the host" {
	[ -d /proc/sys/net/ipv6 ] || skip "IPv6 is disabled in this kernel"
	netns_ok t_router_advert
	[[ "$output" == *"default routes: 0"* ]]
	[[ "$output" == *"slaac: 0"* ]]
}

t_host_end_sysctls() {
	local pid name
	"$ISOLATE" sleep 60 &
	pid=$!
	name=iso$pid
	wait_long eval "ip -br addr show dev $name 2>/dev/null | grep -q ' UP '"
	for k in ipv6/conf/$name/accept_ra ipv6/conf/$name/accept_redirects ipv6/conf/$name/autoconf ipv4/conf/$name/accept_redirects; do
		echo "$k=$(cat /proc/sys/net/$k)"
	done
	kill -TERM "$pid"
	wait "$pid" || true
}
@test "F1: the host end accepts no router advertisements, redirects or autoconfiguration" {
	netns_ok t_host_end_sysctls
	[[ "$output" == *"/accept_ra=0"* ]]
	[[ "$output" == *"ipv6/conf/iso"*"/accept_redirects=0"* ]]
	[[ "$output" == *"/autoconf=0"* ]]
	[[ "$output" == *"ipv4/conf/iso"*"/accept_redirects=0"* ]]
}

t_nested_default() {
	# No /run/isolate, no file at all: the lock is per network namespace.
	"$ISOLATE" "$ISOLATE" sh -c 'ip -4 -br addr show dev eth0'
	unshare -rn "$ISOLATE" sh -c 'ip -4 -br addr show dev eth0'
	unshare -rn sh -c 'mount -t tmpfs none /run 2>/dev/null; "$1" true' sh "$ISOLATE"
	echo "nested ok"
}
@test "F9: nested use works with defaults: isolate isolate, unshare -rn isolate" {
	netns_ok t_nested_default
	# The inner pool skips the outer sandbox's own 10.11.0.0/30.
	[[ "${lines[0]}" =~ ^eth0@if[0-9]+\ +UP\ +10\.11\.0\.6/30 ]]
	[[ "${lines[1]}" =~ ^eth0@if[0-9]+\ +UP\ +10\.11\.0\.2/30 ]]
	[ "${lines[2]}" = "nested ok" ]
}

@test "F9: rootless nested use: isolate isolate as an unprivileged user" {
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" "$SHARED_ISOLATE" /usr/sbin/ip -4 -br addr show dev eth0
	teardown_shared_binary
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "${lines[0]}" =~ ^eth0@if[0-9]+\ +UP\ +10\.11\.0\.2/30 ]]
}

t_other_run_dir() {
	local pid rc=0 out
	out=$(mktemp)
	hold_pool_lock
	# A caller with another /run (its own mount namespace) must still wait for the lock.
	# Its output goes to a file, printed after the lines that say what happened: a line
	# of its own would otherwise land among them in whatever order.
	unshare -m sh -c 'mount -t tmpfs none /run && exec "$1" true' sh "$ISOLATE" >"$out" 2>&1 &
	pid=$!
	blocked() { local p; for p in $(pgrep -P "$pid") "$pid"; do waiting_for_lock "$p" && return 0; done; return 1; }
	wait_long blocked
	echo "waiting: yes"
	release_pool_lock
	wait "$pid" || rc=$?
	echo "status: $rc"
	echo "output: $(cat "$out")"
	rm -f "$out"
}
@test "F13: the lock covers callers with different /run directories" {
	netns_ok t_other_run_dir
	[ "${lines[0]}" = "waiting: yes" ] || { printf '%s\n' "${lines[@]}"; false; }
	[ "${lines[1]}" = "status: 0" ]
	[ "${lines[2]}" = "output: " ] || { printf '%s\n' "${lines[@]}"; false; }
}

t_foreign_holder() {
	# A process of another user squats the lock's name: isolate says so at once.
	setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c '
import socket, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("\0isolate/net-pool"); s.listen(1); time.sleep(30)' 3>&- &
	local squat=$!
	wait_until eval 'grep -q "@isolate/net-pool" /proc/net/unix'
	timeout 10 "$ISOLATE" true || echo "status: $?"
	kill "$squat"
	wait "$squat" || true
}
@test "F13: a lock held by another user fails at once with one line naming the holder" {
	netns_ok t_foreign_holder
	[[ "${lines[0]}" == "isolate: the subnet lock @isolate/net-pool is held by pid "*", uid 65534, which is not isolate's user (give --address"* ]]
	[ "${lines[1]}" = "status: 125" ]
}

t_pid_collision() {
	# Two isolates that are both PID 1 of their own PID namespace: both want iso1.
	ip link add iso1 type veth peer name iso1p
	unshare -pf --mount-proc "$ISOLATE" sh -c 'ip -4 -br addr show dev eth0'
	ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -c '^iso1' || true
	ip link del iso1
}
@test "F10: a taken default host end name is retried with another" {
	netns_ok t_pid_collision
	[[ "${lines[0]}" =~ ^eth0@if[0-9]+\ +UP\ +10\.11\.0\.2/30 ]]
}

t_explicit_overlap() {
	ip link add dtest type veth peer name dtestp
	ip link set dtest up
	ip addr add 192.168.50.1/24 dev dtest
	ip route add 172.20.0.0/16 dev dtest
	"$ISOLATE" --address 192.168.50.7/24 true || echo "status: $?"
	"$ISOLATE" --host-address 172.20.3.1/30 true || echo "status: $?"
	"$ISOLATE" --address 192.168.51.2/30 sh -c 'echo free'
	wait_until no_iso_links
	echo "links: $(iso_links | wc -l)"
}
@test "F15: an explicit address that overlaps the host's addresses or routes is refused" {
	netns_ok t_explicit_overlap
	[ "${lines[0]}" = "isolate: --address 192.168.50.7/24: the link overlaps 192.168.50.1/24, an address on the host (choose a subnet the host does not use, or leave --address out to take one from the pool)" ]
	[ "${lines[1]}" = "status: 125" ]
	[[ "${lines[2]}" == "isolate: --host-address 172.20.3.1/30: the link overlaps 172.20.0.0/16, a route on the host"* ]]
	[ "${lines[3]}" = "status: 125" ]
	[ "${lines[4]}" = "free" ]
	[ "${lines[5]}" = "links: 0" ]
}
