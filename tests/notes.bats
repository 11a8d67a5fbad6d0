#!/usr/bin/env bats
# Notes about the default mapping: root runs isolate, root inside is host nobody (or the
# sudoer), and that explains what PROGRAM met. One line on stderr naming --map-root=0
# and sudo -u, only when something points at the mapping; --quiet hides it.

load helpers

setup() {
	require_root
	record_baseline
	D=$(mktemp -d /tmp/isolate-notes.XXXXXX)
	chmod 0755 "$D"
	mkdir "$D/closed" "$D/readonly" "$D/open" "$D/priv"
	chmod 0700 "$D/closed" "$D/priv"
	chmod 0755 "$D/readonly"
	chmod 0777 "$D/open"
	cp /bin/true "$D/priv/true"
}

teardown() {
	rm -rf "$D"
	check_no_leaks
}

# isolate as plain root: no sudo in the environment, root's own HOME.
iso() { env -u SUDO_USER -u SUDO_UID -u SUDO_GID HOME=/root "$ISOLATE" --net=none "$@"; }

@test "PROGRAM fails in a directory the sandbox's root cannot enter: one note naming --map-root=0 and sudo -u" {
	cd "$D/closed"
	run -3 iso sh -c 'exit 3'
	assert_one_error_line "note: 'sh' exited with status 3" "host uid 65534" \
		"cannot enter the current directory '$D/closed'" "--map-root=0 makes it host root" \
		"can then change any host file" "sudo -u USER" "--quiet hides this note"
}

@test "PROGRAM fails in a directory the sandbox's root cannot write: the note says so" {
	cd "$D/readonly"
	run -1 iso sh -c 'touch x'
	[ "${#lines[@]}" -eq 2 ] # touch's own error, then the note
	[[ "${lines[1]}" == "isolate: note: 'sh' exited with status 1"*"cannot write to the current directory '$D/readonly'"*"--map-root=0"* ]]
	# With --map-root=0 the same command works: the note was right.
	run iso --map-root=0 sh -c 'touch x'
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "no note with --quiet, on success, in a directory the sandbox can use, or after a signal" {
	cd "$D/closed"
	run -3 iso --quiet sh -c 'exit 3'
	[ -z "$output" ]
	run iso true
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run -143 iso sh -c 'kill -TERM $$'
	[ -z "$output" ]
	cd "$D/open"
	run -3 iso sh -c 'exit 3'
	[ -z "$output" ]
}

@test "no note when root inside is chosen: --map-root, --map-identity" {
	cd "$D/readonly"
	run -3 iso --map-root=0 sh -c 'exit 3'
	[ -z "$output" ]
	run -3 iso --map-root=1000 sh -c 'exit 3'
	[ -z "$output" ]
	run -3 iso --map-identity sh -c 'exit 3'
	[ -z "$output" ]
}

@test "under sudo the sudoer is root inside, and a failure in root's directory gets the note" {
	local name uid gid home
	read -r name uid gid home < <(getent passwd | awk -F: '$3 > 0 && $3 < 65534 { print $1, $3, $4, $6; exit }')
	cd "$D/closed"
	run -3 env SUDO_USER="$name" SUDO_UID="$uid" SUDO_GID="$gid" "$ISOLATE" --net=none sh -c 'exit 3'
	assert_one_error_line "note: 'sh' exited with status 3" "host uid $uid" "cannot enter the current directory"
}

@test "PATH: an executable the sandbox's root cannot reach is named, with what ran instead" {
	cd "$D/open"
	run iso --setenv PATH "$D/priv:/usr/bin:/bin" true
	[ "$status" -eq 0 ]
	assert_one_error_line "note: 'true' ran /usr/bin/true, not $D/priv/true" "cannot search $D/priv" "--map-root=0"
	run iso --quiet --setenv PATH "$D/priv:/usr/bin:/bin" true
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# A directory it cannot search but that has no such program: nothing to say.
	run iso --setenv PATH "$D/priv:/usr/bin:/bin" env true
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "PROGRAM cannot be run because of the mapping: 126 with the reason and the remedy in its line" {
	cd "$D/open"
	run -126 iso --setenv PATH "$D/priv" true
	assert_one_error_line "execute 'true': Permission denied" "PATH directory '$D/priv' cannot be searched by the sandbox's root, host uid 65534" "--map-root=0"
	run -126 iso "$D/priv/true"
	assert_one_error_line "execute '$D/priv/true': Permission denied" "directory '$D/priv' cannot be searched by the sandbox's root" "--map-root=0"
	# A file host root could run but the sandbox's root may not: 0744, owned by root.
	cp /bin/true "$D/open/mine"
	chmod 0744 "$D/open/mine"
	run -126 iso ./mine
	assert_one_error_line "'./mine' is not executable by the sandbox's root, host uid 65534" "--map-root=0"
	# Not the mapping: no x bit at all, so host root could not run it either.
	chmod 0644 "$D/open/mine"
	run -126 iso ./mine
	assert_one_error_line "execute './mine': Permission denied"
	[[ "$output" != *--map-root* ]]
}
