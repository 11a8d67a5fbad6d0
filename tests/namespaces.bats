#!/usr/bin/env bats
# Namespaces, /proc, hostname, mount propagation, --share.

load helpers

setup() { record_baseline; }
teardown() { check_no_leaks; }

ns_inode() { readlink "/proc/self/ns/$1"; }

@test "every namespace differs from the host's" {
	local ns
	for ns in user net uts ipc mnt pid; do
		run "$ISOLATE" readlink "/proc/self/ns/$ns"
		[ "$status" -eq 0 ]
		[ -n "$output" ]
		[ "$output" != "$(ns_inode "$ns")" ] || { echo "$ns is the host's"; return 1; }
	done
}

@test "--share keeps exactly the named namespaces" {
	local ns
	run "$ISOLATE" --share net,uts sh -c 'for n in user net uts ipc mnt pid; do echo "$n $(readlink /proc/self/ns/$n)"; done'
	[ "$status" -eq 0 ]
	for ns in net uts; do
		grep -qxF "$ns $(ns_inode "$ns")" <<<"$output" || { echo "$ns not shared"; return 1; }
	done
	for ns in user ipc mnt pid; do
		! grep -qxF "$ns $(ns_inode "$ns")" <<<"$output" || { echo "$ns shared"; return 1; }
	done
}

@test "--share=ipc --share=pid accumulate" {
	run "$ISOLATE" --share=ipc --share=pid sh -c 'readlink /proc/self/ns/ipc /proc/self/ns/pid'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(ns_inode ipc)" ]
	[ "${lines[1]}" = "$(ns_inode pid)" ]
}

@test "ps aux shows only the sandbox: isolate's init is PID 1, PROGRAM is PID 2" {
	run "$ISOLATE" ps -eo pid=,args=
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" =~ ^\ *1\ .*isolate ]]
	[[ "${lines[1]}" =~ ^\ *2\ ps ]]
}

@test "isolate ps aux runs" {
	run "$ISOLATE" ps aux
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]   # header, init, ps
}

@test "--as-pid-1 makes PROGRAM PID 1" {
	run "$ISOLATE" --as-pid-1 sh -c 'echo $$; ps -eo pid=,comm='
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1 ]
	[[ "${lines[1]}" =~ ^\ *1\ sh$ ]]
	[[ "${lines[2]}" =~ ^\ *[0-9]+\ ps$ ]]
	[ "${#lines[@]}" -eq 3 ]   # no isolate init
}

@test "hostname is 'isolated' by default and the host's is unchanged" {
	local before
	before=$(hostname)
	run "$ISOLATE" hostname
	[ "$status" -eq 0 ]
	[ "$output" = isolated ]
	[ "$(hostname)" = "$before" ]
}

@test "--hostname sets the name inside" {
	run "$ISOLATE" --hostname box-1.test hostname
	[ "$status" -eq 0 ]
	[ "$output" = box-1.test ]
}

@test "a 64-byte hostname is accepted" {
	local name
	name=$(printf 'h%.0s' $(seq 64))
	run "$ISOLATE" --hostname "$name" hostname
	[ "$status" -eq 0 ]
	[ "$output" = "$name" ]
}

@test "/proc inside is a fresh proc mount of the sandbox" {
	run "$ISOLATE" sh -c 'ls -d /proc/[0-9]* | wc -l; grep -c " /proc proc " /proc/self/mounts'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" -le 4 ]   # init, sh, ls, wc: no host process
	[ "${lines[1]}" -ge 1 ]
}

@test "mounts are private: a mount inside does not reach the host" {
	local dir
	dir=$(mktemp -d)
	chmod 0755 "$dir"
	run "$ISOLATE" --map-identity --cap-add SYS_ADMIN sh -c "mount -t tmpfs tmpfs '$dir' && grep -c ' $dir ' /proc/self/mountinfo"
	[ "$status" -eq 0 ]
	[ "$output" -eq 1 ]
	! grep -q " $dir " /proc/self/mountinfo || false
	rmdir "$dir"
}

# With --share=user the sandbox's mount namespace belongs to the caller's user namespace,
# so its mounts stay peers of the caller's shared ones (a new user namespace would make
# them slaves): only isolate's MS_REC|MS_PRIVATE keeps its /proc and PROGRAM's mounts
# from propagating back. The caller here is a mount namespace of the test's own whose
# mounts are all shared, as systemd makes them on a host.
t_share_user_propagation() {
	local dir=$1 before after
	before=$(cat /proc/self/mountinfo)
	"$ISOLATE" --share=user --cap-add=SYS_ADMIN sh -c 'mount -t tmpfs tmpfs "$1" && grep -c " $1 " /proc/self/mountinfo' sh "$dir"
	# A proc of the sandbox's PID namespace over ours has no /proc/self for us.
	after=$(cat /proc/self/mountinfo 2>/dev/null) || { echo "the caller's /proc was replaced"; return 1; }
	[ "$after" = "$before" ] || { echo "the caller's mount table changed:"; diff <(echo "$before") <(echo "$after"); return 1; }
	echo unchanged
}
@test "--share=user: neither /proc nor a mount made inside reaches the caller's shared mounts" {
	require_root
	local dir
	dir=$(mktemp -d)
	run unshare --mount --propagation shared -- bash -c "$(declare -f t_share_user_propagation); t_share_user_propagation \"\$1\"" sh "$dir"
	rmdir "$dir"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "${lines[0]}" = 1 ]
	[ "${lines[1]}" = unchanged ]
}

@test "the host's mount table is unchanged after a run" {
	local before
	before=$(cat /proc/self/mountinfo)
	run "$ISOLATE" true
	[ "$status" -eq 0 ]
	[ "$(cat /proc/self/mountinfo)" = "$before" ]
}

@test "--share=mnt leaves the host's /proc alone" {
	run "$ISOLATE" --share=mnt sh -c 'readlink /proc/self/ns/mnt'
	[ "$status" -eq 0 ]
	[ "$output" = "$(ns_inode mnt)" ]
}

@test "IPC objects made inside are not visible to the host" {
	local before
	before=$(ipcs -q | grep -c '^0x' || true)
	run "$ISOLATE" sh -c 'ipcmk -Q >/dev/null && ipcs -q | grep -c "^0x"'
	[ "$status" -eq 0 ]
	[ "$output" -eq 1 ]
	[ "$(ipcs -q | grep -c '^0x' || true)" -eq "$before" ]
}
