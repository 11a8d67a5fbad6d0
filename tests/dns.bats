#!/usr/bin/env bats
# Names inside the sandbox: /etc/resolv.conf works whenever the host's does, stub
# resolvers on the host's loopback included (src/dns.c, src/resolv.c), and /etc/hosts
# names the sandbox. Every test runs in a network and mount namespace it makes ("the
# host"), with its own resolv.conf bound over /etc/resolv.conf there, and a tiny DNS
# responder (python3) on a loopback or TEST-NET address of its namespaces: no query
# ever reaches a real DNS server.

load helpers

setup() {
	require_root
	record_baseline
	DNS_DIR=$(mktemp -d /tmp/isolate-dns.XXXXXX)
	chmod 0755 "$DNS_DIR"
	# Answers every A query with $2, from UDP port 53 of $1; ends by itself after 120 s.
	cat >"$DNS_DIR/dnsd.py" <<'EOF'
import signal, socket, struct, sys
signal.alarm(120)
answer = socket.inet_aton(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
print("ready", flush=True)
while True:
    q, peer = s.recvfrom(512)
    end = 12
    while q[end]:
        end += 1 + q[end]
    head = struct.pack(">HHHHHH", struct.unpack(">H", q[:2])[0], 0x8180, 1, 1, 0, 0)
    s.sendto(head + q[12:end + 5] + b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + answer, peer)
EOF
	chmod 0644 "$DNS_DIR/dnsd.py"
	export DNS_DIR
}
teardown() {
	rm -rf "$DNS_DIR"
	check_no_leaks
}

# Start the responder in the current namespaces (or under the command given after --).
dnsd() {
	local addr=$1 answer=$2 log
	shift 2
	log=$DNS_DIR/dnsd.$addr.log
	# Made here, so that the first poll finds a file: the server's redirection may come
	# after it, and grep's complaint would land in the test's output.
	: >"$log"
	"$@" /usr/bin/python3 "$DNS_DIR/dnsd.py" "$addr" "$answer" </dev/null >"$log" 2>&1 3>&- &
	wait_until grep -qs ready "$log"
}
# The host's resolv.conf (and systemd-resolved's upstream list, if given), in this
# mount namespace only.
host_resolv() {
	printf '%s' "$1" >"$DNS_DIR/resolv.conf"
	mount --bind "$DNS_DIR/resolv.conf" /etc/resolv.conf
	if [ $# -gt 1 ]; then
		printf '%s' "$2" >"$DNS_DIR/upstream.conf"
		mkdir -p /run/systemd/resolve
		mount -t tmpfs tmpfs /run/systemd/resolve
		cp "$DNS_DIR/upstream.conf" /run/systemd/resolve/resolv.conf
	fi
}
in_host() {
	local fn=$1
	shift
	unshare -n -m -- bash -euo pipefail -c \
		"$(declare -f "$fn" $POLL_FUNCS dnsd host_resolv make_internet inet iso_links no_iso_links)
		ip link set lo up; $fn \"\$@\"" in_host "$@"
}
host_ok() {
	run in_host "$@"
	[ "$status" -eq 0 ] || { echo "in_host $* exited $status:"; echo "$output"; return 1; }
}

t_stub_forwarded() {
	host_resolv $'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch example.test\n'
	dnsd 127.0.0.53 192.0.2.77
	"$ISOLATE" sh -c 'grep -v "^#" /etc/resolv.conf; getent hosts www.example.test'
	# --egress=none: the host end is the host, and the stub answers there too.
	"$ISOLATE" --egress=none getent hosts other.example.test
	# route_localnet on the host end must not open the host's loopback to the sandbox
	# (CVE-2020-8558): a query sent straight to 127.0.0.53 through the host end gets no
	# answer, while the same query to the host end gets one.
	# The host end is the sandbox's gateway, whichever subnet the pool gave (an earlier
	# sandbox's pair may still be in the kernel's teardown).
	"$ISOLATE" sh -c 'gw=$(ip -4 route show default | awk "{ print \$3 }")
		ip route del local 127.0.0.0/8 dev lo table local
		ip route add 127.0.0.53/32 via "$gw" dev eth0
		echo 1 >/proc/sys/net/ipv4/conf/eth0/route_localnet
		echo 1 >/proc/sys/net/ipv4/conf/all/route_localnet
		for to in 127.0.0.53 "$gw"; do /usr/bin/python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
s.sendto(bytes.fromhex(\"abcd01000001000000000000036162630474657374000001 0001\".replace(\" \", \"\")), (sys.argv[1], 53))
name = \"the host end\" if sys.argv[1] != \"127.0.0.53\" else sys.argv[1]
try: print(name, \"answered\", len(s.recv(512)) > 0)
except socket.timeout: print(name, \"no answer\")
" "$to"; done'
}
@test "a stub resolver on the host's loopback without an upstream list: the host end forwards to it" {
	host_ok t_stub_forwarded
	[ "${lines[0]}" = "nameserver 10.11.0.1" ]
	[ "${lines[1]}" = "options edns0 trust-ad" ]
	[ "${lines[2]}" = "search example.test" ]
	[[ "${lines[3]}" =~ ^192\.0\.2\.77\ +www\.example\.test$ ]]
	[[ "${lines[4]}" =~ ^192\.0\.2\.77\ +other\.example\.test$ ]]
	[ "${lines[5]}" = "127.0.0.53 no answer" ]
	[ "${lines[6]}" = "the host end answered True" ]
}

t_stub_upstream() {
	make_internet
	dnsd 203.0.113.53 198.51.100.7 nsenter -t "$INET_PID" -n
	host_resolv $'nameserver 127.0.0.53\nsearch example.test\n' \
		$'# This is /run/systemd/resolve/resolv.conf\nnameserver 203.0.113.53\nsearch example.test\n'
	"$ISOLATE" -v sh -c 'grep -v "^#" /etc/resolv.conf; getent hosts www.example.test' 2>"$DNS_DIR/trace"
	grep -o 'child: /etc/resolv.conf: .*' "$DNS_DIR/trace"
	grep -c 'DNS to the host end' "$DNS_DIR/trace" || true
	kill "$INET_PID"
}
@test "a stub with systemd-resolved's upstream list: the sandbox asks the upstream servers, through NAT" {
	command -v nft >/dev/null || skip "nft is not installed (contrib/install-deps installs nftables)"
	host_ok t_stub_upstream
	[ "${lines[0]}" = "nameserver 203.0.113.53" ]
	[ "${lines[1]}" = "search example.test" ]
	[[ "${lines[2]}" =~ ^198\.51\.100\.7\ +www\.example\.test$ ]]
	[ "${lines[3]}" = "child: /etc/resolv.conf: the host's loopback nameserver replaced by the upstream servers of /run/systemd/resolve/resolv.conf" ]
	[ "${lines[4]}" = 0 ]
}

t_plain() {
	host_resolv $'# the host\'s own\nnameserver 192.0.2.53\nsearch example.test\n'
	"$ISOLATE" -v cat /etc/resolv.conf 2>"$DNS_DIR/trace"
	grep -o "child: the host's /etc/resolv.conf works inside as it is" "$DNS_DIR/trace"
	"$ISOLATE" --net=host cat /etc/resolv.conf | head -1
	host_resolv $'nameserver 127.0.0.53\n'
	"$ISOLATE" --net=host cat /etc/resolv.conf
	"$ISOLATE" --net=none cat /etc/resolv.conf
}
@test "a nameserver the sandbox can reach, --net=host and --net=none: the host's resolv.conf as it is" {
	host_ok t_plain
	[ "${lines[0]}" = "# the host's own" ]
	[ "${lines[1]}" = "nameserver 192.0.2.53" ]
	[ "${lines[2]}" = "search example.test" ]
	[ "${lines[3]}" = "child: the host's /etc/resolv.conf works inside as it is" ]
	[ "${lines[4]}" = "# the host's own" ]
	[ "${lines[5]}" = "nameserver 127.0.0.53" ]
	[ "${lines[6]}" = "nameserver 127.0.0.53" ]
}

t_pasta() {
	ip link add tmpl0 type veth peer name tmpl1
	ip addr add 192.0.2.2/24 dev tmpl0
	ip link set tmpl0 up
	ip link set tmpl1 up
	ip route add default via 192.0.2.1
	host_resolv $'nameserver 127.0.0.53\n'
	dnsd 127.0.0.53 192.0.2.88
	# PROGRAM's output first, then anything on stderr, marked: one run of the sanitized
	# suite saw another first line here, and the assertions below then print it all.
	"$ISOLATE" --net=pasta sh -c 'grep -v "^#" /etc/resolv.conf; getent hosts www.example.test' \
		2>"$DNS_DIR/pasta.err"
	sed 's/^/stderr: /' "$DNS_DIR/pasta.err"
}
@test "--net=pasta with a stub resolver: pasta's DNS forwarder stands in for it" {
	command -v pasta >/dev/null || skip "pasta is not installed (contrib/install-deps installs passt)"
	host_ok t_pasta
	[ "${lines[0]}" = "nameserver 169.254.1.1" ] || { echo "$output"; false; }
	[[ "${lines[1]}" =~ ^192\.0\.2\.88\ +www\.example\.test$ ]] || { echo "$output"; false; }
}

t_hosts() {
	"$ISOLATE" -v sh -c 'getent hosts "$(hostname)"; getent hosts localhost' 2>"$DNS_DIR/trace"
	grep -o "parent: the sandbox's address is .*" "$DNS_DIR/trace"
	# The first sandbox's pair may linger in the kernel's teardown: the pool can hand
	# out the next subnet. The name must map to the sandbox's own address, whichever.
	"$ISOLATE" --hostname web1 sh -c 'getent hosts web1; ip -4 -o addr show eth0' |
		awk 'NR == 1 { name = $1; line = $0 } NR == 2 { split($4, a, "/"); print (a[1] == name ? line : "mismatch: " $0) }' 
	"$ISOLATE" --net=none getent hosts isolated
}
@test "/etc/hosts names the sandbox with its own address; -v prints the address" {
	host_ok t_hosts
	[[ "${lines[0]}" =~ ^10\.11\.0\.2\ +isolated$ ]]
	[[ "${lines[1]}" =~ ^(127\.0\.0\.1|::1)\ +localhost ]]
	[[ "${lines[2]}" == "parent: the sandbox's address is 10.11.0.2/30 on eth0, its gateway 10.11.0.1 on iso"* ]]
	[[ "${lines[3]}" =~ ^10\.11\.0\.[0-9]+\ +web1$ ]]
	[[ "${lines[4]}" =~ ^127\.0\.1\.1\ +isolated$ ]]
}
