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
			while [ ! -e "$1/go" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done' \
			sh "$dir" >"$dir/out.$i" 2>"$dir/err.$i" &
		pids+=($!)
	done
	release_pool_lock
	all_up() { [ "$(cat "$dir"/out.* | grep -c .)" -eq 50 ] || ! jobs -r | grep -q .; }
	wait_long all_up
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
	[[ "$output" == *"distinct: 50"* ]]
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
	blocked() { grep -qE "lock|setlk" "/proc/$pid/wchan" 2>/dev/null; }
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
	# /proc/locks lists nothing inside a PID namespace (make check gives each file
	# one), so ask the process itself where it sleeps.
	blocked() { grep -qE "lock|setlk" "/proc/$pid/wchan" 2>/dev/null; }
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
	# strace holds isolate for 60 s before its second netlink send (the host end's
	# address): the pair exists then, and "go" has not been sent.
	strace -f -qq -o /dev/null -e trace=sendto -e inject=sendto:delay_enter=60000000:when=2 \
		"$ISOLATE" --address 10.13.0.2/30 sleep 60 &
	spid=$!
	wait_long eval '[ -n "$(iso_links)" ]'
	name=$(iso_links)
	pid=${name#iso}
	ip -o link show "$name" | grep -q ',UP'   # up, though without carrier: its peer is down
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
	grep -qx "host end before: " <<<"$output"
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
	"$ISOLATE" -v true 2>&1 | grep -E 'RTM_|allocated'
}
@test "-v traces each netlink step with its interface and result" {
	netns_ok t_trace
	[[ "$output" == *"parent: RTM_GETADDR dump: "* ]]
	[[ "$output" == *"parent: RTM_GETROUTE dump: "* ]]
	[[ "$output" == *"parent: allocated 10.11.0.0/30 from pool 10.11.0.0/16"* ]]
	[[ "$output" =~ parent:\ RTM_NEWLINK\ veth\ iso[0-9]+\ \(up\)\ \<-\>\ eth0\ in\ the\ netns\ of\ pid\ [0-9]+:\ ok ]]
	[[ "$output" =~ parent:\ RTM_NEWADDR\ iso[0-9]+\ 10\.11\.0\.1/30:\ ok ]]
	[[ "$output" == *"child: RTM_NEWLINK lo (index 1) up: ok"* ]]
	[[ "$output" == *"child: RTM_NEWADDR eth0 10.11.0.2/30: ok"* ]]
	[[ "$output" =~ child:\ RTM_NEWLINK\ eth0\ \(index\ [0-9]+\)\ up:\ ok ]]
	[[ "$output" == *"child: RTM_NEWROUTE default via 10.11.0.1 dev eth0: ok"* ]]
}
