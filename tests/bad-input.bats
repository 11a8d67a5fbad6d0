#!/usr/bin/env bats
# The bad-input matrix: malformed invocations each exit 125 with one line that names the
# culprit, start nothing and leave nothing behind.
#
# One row per line: EXPECTED FRAGMENT | ARGUMENTS (shell words, expanded with eval so that
# rows can use the big values made in setup). Add a row here with each new option.

load helpers

setup() {
	record_baseline
	BIG65=$(printf 'a%.0s' $(seq 65))
	BIG200=$(printf 'A%.0s' $(seq 200))
	BIGPATH=/$(printf 'd%.0s' $(seq 5000))
	BIGKEY=$(head -c 70000 /dev/zero | tr '\0' K)
	BIGVAL=$(head -c 70000 /dev/zero | tr '\0' v)
	# Huge argument lists: thousands of options before the culprit.
	MANY_SHARE=() MANY_CAPS=() MANY_UNSET=()
	for i in $(seq 5000); do MANY_SHARE+=(--share=ipc); MANY_CAPS+=(--cap-add=CHOWN); MANY_UNSET+=(--unsetenv "V$i"); done
	MARK=$(mktemp -u /tmp/isolate-badinput.XXXXXX)
	# Instance records of these rows (none is ever made) stay out of the host's /run.
	export ISOLATE_STATE_DIR=$(mktemp -d /tmp/isolate-badinput-state.XXXXXX)
	CONF_BAD=$ISOLATE_STATE_DIR/bad.conf
	printf -- '--hostname box\n--bogus 1\n' >"$CONF_BAD"
	CONF_OK=$ISOLATE_STATE_DIR/ok.conf
	printf -- '--net none\n' >"$CONF_OK"
	# Seccomp profiles, each bad in one way.
	PROFILES=$(mktemp -d /tmp/isolate-badprofiles.XXXXXX)
	chmod 0755 "$PROFILES"
	printf '{"defaultAction": "SCMP_ACT_ALLOW",\n  "syscalls": [}\n' >"$PROFILES/invalid.json"
	echo '{"defaultAction": "SCMP_ACT_MAYBE"}' >"$PROFILES/action.json"
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_VAX"]}' >"$PROFILES/arch.json"
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_KILL_PROCESS"}]}' >"$PROFILES/noexec.json"
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["landlock_create_ruleset"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}' >"$PROFILES/nolandlock.json"
	# 10 MB: a valid profile padded with spaces.
	{ echo '{"defaultAction": "SCMP_ACT_ALLOW"}'; head -c 10000000 /dev/zero | tr '\0' ' '; } >"$PROFILES/big.json"
	# Root filesystems for the --root rows: one without PROGRAM, one with a symlink that
	# climbs out of it.
	EMPTYROOT=$(mktemp -d /tmp/isolate-badinput-root.XXXXXX)
	ESCROOT=$(mktemp -d /tmp/isolate-badinput-root.XXXXXX)
	mkdir -p "$ESCROOT/bin" "$ESCROOT/proc" "$ESCROOT/dev" "$ESCROOT/sys"
	cp /bin/true "$ESCROOT/bin/true" 2>/dev/null || cp /usr/bin/true "$ESCROOT/bin/true"
	ln -s ../../../../../../../../tmp "$ESCROOT/escape"
	chmod -R a+rX "$EMPTYROOT" "$ESCROOT"
}

teardown() {
	rm -f "$MARK"
	rm -rf "$ISOLATE_STATE_DIR"
	rm -rf "$PROFILES" "$EMPTYROOT" "$ESCROOT"
	check_no_leaks
}

MATRIX=$(cat <<'ROWS'
no PROGRAM given                      |
PROGRAM is an empty string            | ''
unknown option '--frobnicate'         | --frobnicate true
unknown option '-x'                   | -x true
unknown option '---hostname=a'        | ---hostname=a true
'--hostname' requires a value         | --hostname
'--cap-add' requires a value          | --cap-add
'--chdir' requires a value            | --chdir
'--die-with-parent' takes no value    | --die-with-parent=yes true
'--clearenv' takes no value           | --clearenv=1 true
--hostname '': empty hostname         | --hostname '' true
--hostname                            | --hostname "$BIG65" true
--hostname 'a b'                      | --hostname 'a b' true
--hostname                            | --hostname $'tab\there' true
--hostname 'x;rm -rf /'               | --hostname 'x;rm -rf /' true
--hostname '$(id)'                    | --hostname '$(id)' true
--hostname given twice                | --hostname a --hostname b true
--share '': empty list                | --share '' true
--share 'net,': empty namespace name  | --share net, true
--share 'cgroupx': unknown namespace  | --share cgroupx true
--share 'NET': unknown namespace      | --share NET true
--share 'time': unknown namespace     | "${MANY_SHARE[@]}" --share time true
--map-root '': empty value            | --map-root '' true
--map-root '-1'                       | --map-root -1 true
--map-root '4294967295': out of range | --map-root 4294967295 true
--map-root '1:2:3'                    | --map-root 1:2:3 true
--map-root ':5': missing UID          | --map-root :5 true
--map-root '99999999999999999999999'  | --map-root 99999999999999999999999 true
--map-identity: only one of --map-root, --map-identity and --map-auto | --map-root 0 --map-identity true
--map-identity: only one of --map-root, --map-identity and --map-auto | --map-identity --map-identity true
--map-auto: only one of --map-root, --map-identity and --map-auto | --map-auto --map-auto true
--map-auto: only one of --map-root, --map-identity and --map-auto | --map-root 0 --map-auto true
'--map-auto' takes no value           | --map-auto=1 true
--share=user keeps the host's user namespace | --share=user --map-auto true
--net 'bogus': unknown network mode     | --net bogus true
--net '': unknown network mode        | --net '' true
--net given twice                     | --net host --net none true
--address '10.0.0.1': missing /PREFIX | --address 10.0.0.1 true
--address '10.0.0.1/33': prefix length | --address 10.0.0.1/33 true
--address 'x/24': not an IPv4 or IPv6 address | --address x/24 true
--host-address '300.1.1.1/24'         | --host-address 300.1.1.1/24 true
--address 10.1.0.2/30 with --host-address 10.2.0.1/30 | --address 10.1.0.2/30 --host-address 10.2.0.1/30 true
--net-pool '10.0.0.0': missing /PREFIX | --net-pool 10.0.0.0 true
--veth-host '0123456789abcdefg': longer than 15 bytes | --veth-host 0123456789abcdefg true
--veth-host 'a/b'                     | --veth-host a/b true
--veth-peer 'lo': the sandbox's loopback | --veth-peer lo true
--mtu '67': must be 68 to 65535       | --mtu 67 true
--mtu 'abc': not a decimal number     | --mtu abc true
--mtu given twice                     | --mtu 1500 --mtu 1500 true
--veth-host 'h%d': '%' would make the kernel pick the name | --veth-host h%d true
--veth-peer 'e%d': '%'                | --veth-peer e%d true
--mtu 1200: IPv6 (--address fd00::2/64) needs an MTU of at least 1280 | --mtu 1200 --address fd00::2/64 true
apply to --net=veth only              | --net none --address 10.0.0.2/24 true
--net=veth needs a network namespace of its own | --net veth --share net true
--publish 'abc': want [HOSTIP:]HOSTPORT:PORT | -p abc true
--publish '80': want                  | --publish 80 true
--publish '0:80': a port is 1 to 65535 | -p 0:80 true
--publish '80:65536': a port is 1 to 65535 | -p 80:65536 true
--publish '080:80': a port has no leading zero | -p 080:80 true
--publish '80:80/sctp': the protocol is tcp or udp | -p 80:80/sctp true
--publish '::1:80:80': an IPv6 HOSTIP goes in brackets | -p ::1:80:80 true
--publish '1.2.3:80:80': HOSTIP is not an IPv4 | --publish 1.2.3:80:80 true
-p 80:81: host port 80/tcp is already published by '-p 80:80' | -p 80:80 -p 80:81 true
-p 80:80 needs --net=veth or --net=pasta, not --net=none | --net=none -p 80:80 true
-p 80:80 needs --net=veth or --net=pasta, not --net=host | --net=host -p 80:80 true
-p [::1]:8080:80: the sandbox's address is IPv4 | --net=veth -p [::1]:8080:80 true
more than 32 --publish rules          | $(for i in $(seq 33); do echo -p $((9000 + i)):80; done) true
--egress 'bogus': unknown egress (expected nat or none) | --egress bogus true
--egress '': unknown egress           | --egress '' true
--egress=none applies to --net=veth only, not --net=none | --net=none --egress=none true
--egress given twice                  | --egress none --egress nat true
--uid '': empty value                 | --uid '' true
--uid 'abc': not a decimal number     | --uid abc true
--uid '0x10': not a decimal number    | --uid 0x10 true
--uid ' 1': not a decimal number      | --uid ' 1' true
--uid '4294967295': out of range      | --uid 4294967295 true
--uid given twice                     | --uid 0 --uid 0 true
--gid '-5'                            | --gid -5 true
--gid given twice                     | --gid 0 --gid=0 true
--uid=1000: only uid 0 is mapped      | --uid 1000 true
--gid=7: only gid 0 is mapped         | --gid 7 true
--cap-add '': empty list              | --cap-add '' true
--cap-add 'FOO': unknown capability 'FOO' | --cap-add FOO true
--cap-add 'CHOWN,,KILL': empty capability name | --cap-add CHOWN,,KILL true
--cap-add '12': unknown capability '12' | --cap-add 12 true
--cap-add 'cap_chown;id': unknown capability | --cap-add 'cap_chown;id' true
--cap-add 'CAP_': unknown capability  | --cap-add CAP_ true
--cap-drop 'BOGUS,KILL': unknown capability 'BOGUS' | --cap-drop BOGUS,KILL true
unknown capability 'AAAA             | --cap-add "$BIG200" true
CAP_CHOWN is given to both --cap-add and --cap-drop | --cap-add CHOWN --cap-drop chown true
CAP_CHOWN is given to both --cap-add and --cap-drop | "${MANY_CAPS[@]}" --cap-drop CHOWN true
--cap-add=ALL and --cap-drop=ALL contradict | --cap-add ALL --cap-drop all true
--preserve-fds '': empty value        | --preserve-fds '' true
--preserve-fds '-1'                   | --preserve-fds -1 true
--preserve-fds '1025': out of range   | --preserve-fds 1025 true
--preserve-fds given twice            | --preserve-fds 0 --preserve-fds 0 true
--preserve-fds=1000: fd               | --preserve-fds 1000 true
--chdir '': empty directory           | --chdir '' true
--chdir '/ddddd                       | --chdir "$BIGPATH" true
--chdir given twice                   | --chdir / --chdir /tmp true
--chdir '/nonexistent-dir': No such file or directory | --chdir /nonexistent-dir touch "$MARK"
--chdir '/etc/hostname': Not a directory | --chdir /etc/hostname touch "$MARK"
--setenv 'K' requires a VALUE after KEY (usage: --setenv KEY=VALUE, or --setenv KEY VALUE) | --setenv K
--setenv 'K' requires a VALUE after KEY (usage: --setenv KEY=VALUE | -e K
--setenv: empty variable name (usage: --setenv KEY=VALUE, or --setenv KEY VALUE) | --setenv '' v true
--setenv: empty variable name (usage: --setenv KEY=VALUE | --setenv =v true
--setenv: empty variable name (usage: --setenv KEY=VALUE | -e=v true
no PROGRAM given: '--setenv A B' took 'B' as its VALUE (usage: --setenv KEY=VALUE | --setenv A B
no PROGRAM given (usage: isolate      | -e A=B
--setenv 'A': the variable is already set | --setenv A=1 -e A 2 true
--setenv 'A': the variable is already set | --setenv A 1 --setenv A 2 true
--setenv 'A': the variable is already set | --unsetenv A --setenv A 1 true
--unsetenv: empty variable name       | --unsetenv '' true
--unsetenv 'X=': a variable name cannot contain '=' (usage: --unsetenv KEY) | --unsetenv X= true
--unsetenv 'V1': the variable is already set | "${MANY_UNSET[@]}" --unsetenv V1 true
KEY=VALUE is longer than execve(2) allows | --setenv "$BIGKEY" "$BIGVAL" true
--clearenv given twice                | --clearenv --clearenv true
--share=user keeps the host's user namespace | --share=user --map-root 0 true
--name '': empty name                 | --name '' true
--name 'aaaa                          | --name "$BIG65" true
--name 'a/b': must not contain '/'    | --name a/b true
--name '..': must not start with '.'  | --name .. true
--name '-x': must not start with '.' or '-' | --name=-x true
--name: must not contain control characters | --name $'a\nb' true
--name: must not contain control characters | --name $'a\tb' true
--name 'a b': only letters            | --name 'a b' true
--name given twice                    | --name a --name b true
--join 'x/y': must not contain '/'    | --join x/y
--join: only one of --join, --list, --stop and --signal | --list --join web
no instance named 'nope' is running   | --join nope
no instance named 'nope' is running   | --stop nope
--join: --cap-add is refused          | --join web --cap-add ALL true
--join: --allow-new-privs is refused  | --join web --allow-new-privs true
--join: --uid is refused              | --join web --uid 0 true
--join: --share is refused            | --join web --share net true
--join: --rw is refused               | --join web --rw /tmp true
--join: --landlock is refused         | --join web --landlock true
--join: --seccomp is refused          | --join web --seccomp=unconfined true
--join: --memory is refused           | --join web --memory 1G true
--join: --detach is refused           | --join web --detach true
--stop takes no PROGRAM, but 'true' follows it | --stop web true
--list: --hostname does not apply     | --list --hostname x
--json applies to --list only         | --json true
--signal 'web': expected NAME:SIGNAL  | --signal web
--signal 'web:FOO': unknown signal    | --signal web:FOO
--signal 'web:0'                      | --signal web:0
--log applies to --detach only        | --log /tmp/x true
--detach and --die-with-parent contradict | --detach --die-with-parent true
--config '/nonexistent-conf': No such file or directory | --config /nonexistent-conf true
bad.conf:2: unknown option '--bogus'  | --config "$CONF_BAD" true
--config given twice                  | --config "$CONF_OK" --config "$CONF_OK" true
--json-status-fd 99: Bad file descriptor | --json-status-fd 99 true
--info-fd 'x': not a decimal number   | --info-fd x true
--info-fd and --json-status-fd name the same fd 0 | --info-fd 0 --json-status-fd 0 true
--hostname 'a\x0aisolate: forged': only letters | --hostname $'a\nisolate: forged' true
--hostname 'x\x1b]0;title\x07\x0d'    | --hostname $'x\e]0;title\a\r' true
--chdir '/x\x1b[31m\xc2\x9b': No such file | --chdir $'/x\e[31m\xc2\x9b' touch "$MARK"
unknown capability 'CHOWN\x0aisolate: x' | --cap-add $'CHOWN\nisolate: x' true
--unsetenv 'X=\x0aisolate: y': a variable name cannot contain '=' | --unsetenv $'X=\nisolate: y' true
--setenv 'A\x0aisolate: z': the variable is already set | --setenv $'A\nisolate: z=1' --setenv $'A\nisolate: z' 2 true
--memory '0': must be at least 1 byte | --memory 0 touch "$MARK"
--memory '0K': must be at least 1 byte | --memory 0K true
--memory '-1M': not a size            | --memory -1M true
--memory '99999999999999999999': too large | --memory 99999999999999999999 true
--memory '17179869184G': too large    | --memory 17179869184G true
--memory '64X': not a size            | --memory 64X true
--memory '1.5G': not a size           | --memory 1.5G true
--memory given twice                  | --memory 1M --memory 2M true
--pids '0': must be 1 to 4194304      | --pids 0 true
--pids 'many': not a decimal number   | --pids many true
--cpus '0': must be above 0           | --cpus 0 true
--cpus '-1': negative                 | --cpus -1 true
--cpus '0.0001': at most three decimals | --cpus 0.0001 true
--cpus 0.001: below 0.01              | --cpus 0.001 true
--cpus 999: more than the             | --cpus 999 touch "$MARK"
--cpuset '': empty CPU list           | --cpuset '' true
--cpuset '3-1': a range must go from low to high | --cpuset 3-1 true
--cpuset '0,,1': empty item           | --cpuset 0,,1 true
--cpuset 1023: CPU 1023 is not one isolate may use | --cpuset 1023 touch "$MARK"
--timeout '0': must be above 0        | --timeout 0 true
--timeout '-5': negative duration     | --timeout -5 true
--timeout '5x': unknown unit          | --timeout 5x true
--timeout '101d': longer than 100 days | --timeout 101d true
--timeout '99999999999999999999999': too long | --timeout 99999999999999999999999 true
--cpu-time '1.': no digits after '.'  | --cpu-time 1. true
--kill-after 1 applies to --timeout and --cpu-time only | --kill-after 1 true
--rlimit 'bogus=1': unknown resource  | --rlimit bogus=1 true
--rlimit 'NOFILE=1': unknown resource | --rlimit NOFILE=1 true
--rlimit 'nofile': expected NAME=SOFT[:HARD] | --rlimit nofile true
--rlimit 'nofile=10:5': the soft limit is above the hard limit | --rlimit nofile=10:5 touch "$MARK"
--rlimit 'nofile=unlimited:5': the soft limit is above | --rlimit nofile=unlimited:5 true
--rlimit 'nofile=2': this resource is already limited | --rlimit nofile=1 --rlimit nofile=2 true
--report /nonexistent-dir/r.json: No such file or directory | --report /nonexistent-dir/r.json touch "$MARK"
--report /: Is a directory            | --report / true
--report '': empty file name          | --report '' true
--report-fd 99: Bad file descriptor   | --report-fd 99 true
--report-fd: only one of --report and --report-fd | --report /dev/null --report-fd 1 true
--bind /nonexistent-src /mnt: SRC '/nonexistent-src': No such file or directory | --bind /nonexistent-src /mnt touch "$MARK"
--ro-bind /nonexistent-src /mnt: SRC  | --ro-bind /nonexistent-src /mnt touch "$MARK"
--bind '/etc' requires a DEST after SRC | --bind /etc
DEST '': empty path                   | --bind /etc '' true
--bind  /x: empty SRC                 | --bind '' /x true
--symlink  /x: empty TARGET           | --symlink '' /x true
--bind /etc ../x: DEST '../x': '..' is refused | --bind /etc ../x true
--tmpfs /mnt/../etc: PATH '/mnt/../etc': '..' is refused | --tmpfs /mnt/../etc true
--hide /a/..: PATH '/a/..': '..' is refused | --hide /a/.. true
--rw '..': '..' is refused            | --read-only --rw .. true
--bind /etc/hostname /mnt: cannot bind a file over a directory | --bind /etc/hostname /mnt touch "$MARK"
--bind /etc /etc/hostname: cannot bind a directory over a file | --bind /etc /etc/hostname touch "$MARK"
a symlink in it leads outside the root | --root "$ESCROOT" --tmpfs /escape/x /bin/true
--root /etc/hostname: Not a directory  | --root /etc/hostname true
--root /nonexistent-root: No such file or directory | --root /nonexistent-root true
--root '': empty directory             | --root '' true
--root given twice                     | --root / --root / true
PROGRAM 'true' is not in it            | --root "$EMPTYROOT" true
--perms '0999': not an octal mode      | --perms 0999 --tmpfs /mnt true
--perms 'u+rwx': not an octal mode     | --perms u+rwx --tmpfs /mnt true
--perms '17777': out of range          | --perms 17777 --dir /mnt true
--perms 0700 must be followed by --tmpfs or --dir, not --bind / /mnt | --perms 0700 --bind / /mnt true
--size '0': must be at least 1 byte    | --size 0 --tmpfs /mnt true
--size '1x': not a size                | --size 1x --tmpfs /mnt true
--size 1m must be followed by --tmpfs  | --size 1m true
--size 1m must be followed by --tmpfs, not --dir /mnt | --size 1m --dir /mnt true
--size 2m: --size 1m is still waiting  | --size 1m --size 2m --tmpfs /mnt true
--tmpfs /mnt needs a mount namespace of its own | --share=mnt --tmpfs /mnt true
--ephemeral needs a mount namespace of its own | --ephemeral --share=mnt true
--ephemeral and --keep-changes /tmp/k  | --ephemeral --keep-changes /tmp/k true
--ephemeral given twice                | --ephemeral --ephemeral true
--rw /tmp keeps a path writable under --read-only | --rw /tmp true
--keep-changes '': empty directory     | --keep-changes '' true
--keep-changes /proc/self/fd: create upper | --keep-changes /proc/self/fd touch "$MARK"
--ephemeral: the kernel refuses an overlay over '/ | --quiet --net=none --ephemeral "$ISOLATE" --quiet --net=none --ephemeral "$ISOLATE" --net=none --ephemeral touch "$MARK"
--remount-ro /nonexistent-dir: '/nonexistent-dir': No such file or directory | --remount-ro /nonexistent-dir touch "$MARK"
--seccomp '': empty                   | --seccomp '' true
--seccomp given twice                 | --seccomp default --seccomp unconfined true
--seccomp=/nonexistent-profile.json: No such file or directory | --seccomp=/nonexistent-profile.json touch "$MARK"
--seccomp=/etc: Is a directory        | --seccomp=/etc touch "$MARK"
invalid JSON at line 2, column 16     | --seccomp="$PROFILES/invalid.json" touch "$MARK"
defaultAction: unknown action 'SCMP_ACT_MAYBE' | --seccomp="$PROFILES/action.json" touch "$MARK"
architectures[0]: unknown architecture 'SCMP_ARCH_VAX' | --seccomp="$PROFILES/arch.json" touch "$MARK"
big.json: larger than 1024 KiB        | --seccomp="$PROFILES/big.json" touch "$MARK"
the profile refuses execve (SCMP_ACT_KILL_PROCESS) | --seccomp="$PROFILES/noexec.json" touch "$MARK"
'--disable-userns' takes no value     | --disable-userns=1 true
--landlock given twice                | --landlock --landlock true
--tmpfs /mnt cannot be used with --no-userns | --no-userns --tmpfs /mnt touch "$MARK"
--read-only cannot be used with --no-userns | --no-userns --read-only touch "$MARK"
--landlock: this kernel does not offer Landlock | --quiet --net=none --seccomp="$PROFILES/nolandlock.json" "$ISOLATE" --net=none --landlock touch "$MARK"
--hostname cannot be used with --no-userns | --no-userns --hostname x touch "$MARK"
--share cannot be used with --no-userns | --no-userns --share net touch "$MARK"
--map-root 0 cannot be used with --no-userns | --no-userns --map-root 0 touch "$MARK"
--net=pasta cannot be used with --no-userns | --no-userns --net=pasta touch "$MARK"
--mtu 1500 cannot be used with --no-userns | --no-userns --mtu 1500 touch "$MARK"
--uid cannot be used with --no-userns | --no-userns --uid 0 touch "$MARK"
--as-pid-1 cannot be used with --no-userns | --no-userns --as-pid-1 touch "$MARK"
--cap-add cannot be used with --no-userns | --no-userns --cap-add KILL touch "$MARK"
--allow-new-privs cannot be used with --no-userns | --no-userns --allow-new-privs touch "$MARK"
--no-userns needs Landlock            | --quiet --net=none --seccomp="$PROFILES/nolandlock.json" "$ISOLATE" --no-userns touch "$MARK"
ROWS
)

@test "the bad-input matrix has at least 40 rows" {
	[ "$(grep -c '|' <<<"$MATRIX")" -ge 40 ]
}

@test "every malformed invocation exits 125 with one line naming the culprit, and starts nothing" {
	local row want words n=0 failed=0
	local -a args
	while IFS= read -r row; do
		[ -n "$row" ] || continue
		want=${row%%|*}
		want=${want%"${want##*[![:space:]]}"}
		words=${row#*|}
		eval "args=($words)"
		n=$((n + 1))
		run "$ISOLATE" "${args[@]}"
		if [ "$status" -ne 125 ] || ! assert_one_error_line "$want" 2>/dev/null; then
			echo "row $n ($want): status $status, output: ${output:0:300}" >&2
			failed=$((failed + 1))
		fi
		[ ! -e "$MARK" ] || { echo "row $n ($want): PROGRAM ran" >&2; failed=$((failed + 1)); }
		# The mount table per row (cheap); leftover processes once, in teardown.
		[ "$(cat /proc/self/mountinfo)" = "$BASE_MOUNTS" ] || { echo "row $n ($want): mounts changed" >&2; failed=$((failed + 1)); }
	done <<<"$MATRIX"
	echo "$n rows, $failed failures" >&2
	[ "$failed" -eq 0 ]
}
