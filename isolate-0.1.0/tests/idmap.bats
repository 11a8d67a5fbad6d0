#!/usr/bin/env bats
# Id mapping as root: SUDO_UID/SUDO_GID, the nobody fallback, --map-root, --map-identity,
# and what the mapping means for access to host files.

load helpers

setup() {
	require_root
	record_baseline
	DIR=$(mktemp -d)
	chmod 1777 "$DIR"
}
teardown() {
	rm -rf "$DIR"
	check_no_leaks
}

maps() { "$ISOLATE" sh -c 'cat /proc/self/uid_map /proc/self/gid_map' | awk '{ print $1, $2, $3 }'; }

@test "as root without SUDO_UID, root inside is nobody:nogroup (65534) on the host" {
	run env -u SUDO_UID -u SUDO_GID bash -c "$(declare -f maps); ISOLATE='$ISOLATE' maps"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0 65534 1" ]
	[ "${lines[1]}" = "0 65534 1" ]
}

@test "as root under sudo, root inside is SUDO_UID:SUDO_GID" {
	run env SUDO_UID=1234 SUDO_GID=2345 bash -c "$(declare -f maps); ISOLATE='$ISOLATE' maps"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0 1234 1" ]
	[ "${lines[1]}" = "0 2345 1" ]
}

@test "SUDO_UID=0 (sudo run by root) still does not map host root" {
	run env SUDO_UID=0 SUDO_GID=0 bash -c "$(declare -f maps); ISOLATE='$ISOLATE' maps"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0 65534 1" ]
}

@test "a malformed SUDO_UID is an error that names it" {
	SUDO_UID=12x run "$ISOLATE" true
	[ "$status" -eq 125 ]
	assert_one_error_line "SUDO_UID '12x'" "--map-root"
}

@test "--map-root=UID:GID maps root inside to that host id" {
	run "$ISOLATE" --map-root=4321:8765 sh -c 'cat /proc/self/uid_map /proc/self/gid_map'
	[ "$status" -eq 0 ]
	[ "$(awk 'NR==1 { print $1, $2, $3 }' <<<"$output")" = "0 4321 1" ]
	[ "$(awk 'NR==2 { print $1, $2, $3 }' <<<"$output")" = "0 8765 1" ]
}

@test "--map-identity maps every id to itself" {
	run "$ISOLATE" --map-identity cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[ "$(awk '{ print $1, $2, $3 }' <<<"$output")" = "0 0 4294967295" ]
}

@test "id inside is root with no supplementary groups" {
	run "$ISOLATE" id
	[ "$status" -eq 0 ]
	[ "$output" = "uid=0(root) gid=0(root) groups=0(root)" ]
}

@test "a file created inside belongs to the mapped host id" {
	run "$ISOLATE" --map-root=4321:8765 touch "$DIR/made-inside"
	[ "$status" -eq 0 ]
	[ "$(stat -c %u:%g "$DIR/made-inside")" = "4321:8765" ]
}

@test "root inside cannot write a host root file (it is not host root)" {
	echo original >"$DIR/host-file"
	chmod 0644 "$DIR/host-file"
	run "$ISOLATE" sh -c "echo changed > '$DIR/host-file'"
	[ "$status" -ne 0 ]
	[ "$(cat "$DIR/host-file")" = original ]
}

@test "host root's group does not follow into the sandbox" {
	# group 0 may write this file; root inside must not have group 0 on the host
	echo original >"$DIR/group-file"
	chown 0:0 "$DIR/group-file"
	chmod 0664 "$DIR/group-file"
	run "$ISOLATE" sh -c "echo changed > '$DIR/group-file'"
	[ "$status" -ne 0 ]
	[ "$(cat "$DIR/group-file")" = original ]
}

@test "with --map-identity root inside is host root (explicit opt-in)" {
	echo original >"$DIR/host-file"
	chmod 0644 "$DIR/host-file"
	run "$ISOLATE" --map-identity sh -c "echo changed > '$DIR/host-file'"
	[ "$status" -eq 0 ]
	[ "$(cat "$DIR/host-file")" = changed ]
}

@test "--share=user keeps the host's user namespace and refuses a map" {
	run "$ISOLATE" --share=user --map-root=1000 true
	[ "$status" -eq 125 ]
	assert_one_error_line "--share=user"
	run "$ISOLATE" --share=user readlink /proc/self/ns/user
	[ "$status" -eq 0 ]
	[ "$output" = "$(readlink /proc/self/ns/user)" ]
}
