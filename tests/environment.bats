#!/usr/bin/env bats
# PROGRAM's environment and directory: --setenv, --unsetenv, --clearenv, --chdir, --uid/--gid.

load helpers

setup() { record_baseline; }
teardown() {
	[ -n "${TMP_DIR:-}" ] && rm -rf "$TMP_DIR"
	check_no_leaks
}

@test "--setenv sets a variable, with spaces and '=' in the value" {
	run "$ISOLATE" --setenv GREETING 'hello world=1' printenv GREETING
	[ "$status" -eq 0 ]
	[ "$output" = 'hello world=1' ]
}

@test "--setenv=KEY VALUE works too, and overrides the inherited value" {
	HOME_BEFORE=x run "$ISOLATE" --setenv=HOME /nowhere printenv HOME
	[ "$status" -eq 0 ]
	[ "$output" = /nowhere ]
}

@test "--setenv accepts an empty value" {
	run "$ISOLATE" --setenv EMPTY '' sh -c 'echo "[${EMPTY-unset}]"'
	[ "$status" -eq 0 ]
	[ "$output" = "[]" ]
}

@test "--unsetenv removes an inherited variable" {
	FOO_FROM_CALLER=1 run "$ISOLATE" --unsetenv FOO_FROM_CALLER sh -c 'echo "${FOO_FROM_CALLER-unset}"'
	[ "$status" -eq 0 ]
	[ "$output" = unset ]
}

@test "--clearenv starts empty; --setenv adds to it; PATH lookup falls back to /bin:/usr/bin" {
	run "$ISOLATE" --clearenv --setenv ONLY 1 env
	[ "$status" -eq 0 ]
	[ "$output" = ONLY=1 ]
}

@test "--setenv PATH is used to find PROGRAM" {
	TMP_DIR=$(mktemp -d)
	printf '#!/bin/sh\necho found-me\n' >"$TMP_DIR/only-here"
	chmod 0755 "$TMP_DIR" "$TMP_DIR/only-here"
	run "$ISOLATE" --setenv PATH "$TMP_DIR:/usr/bin:/bin" only-here
	[ "$status" -eq 0 ]
	[ "$output" = found-me ]
}

@test "the caller's environment is passed on by default" {
	MARKER_VAR=present run "$ISOLATE" printenv MARKER_VAR
	[ "$status" -eq 0 ]
	[ "$output" = present ]
}

@test "--chdir runs PROGRAM in DIR" {
	run "$ISOLATE" --chdir /usr/share pwd
	[ "$status" -eq 0 ]
	[ "$output" = /usr/share ]
	run "$ISOLATE" --as-pid-1 --chdir=/etc pwd
	[ "$status" -eq 0 ]
	[ "$output" = /etc ]
}

@test "without --chdir PROGRAM starts in the caller's directory" {
	cd /usr/lib
	run "$ISOLATE" pwd
	[ "$status" -eq 0 ]
	[ "$output" = /usr/lib ]
}

@test "--chdir to a missing directory is exit 125 before PROGRAM starts" {
	TMP_DIR=$(mktemp -d)
	run "$ISOLATE" --chdir /nonexistent-dir touch "$TMP_DIR/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "--chdir '/nonexistent-dir'" "No such file or directory"
	[ ! -e "$TMP_DIR/ran" ]
}

@test "--chdir to a file is exit 125" {
	run "$ISOLATE" --chdir /etc/hostname true
	[ "$status" -eq 125 ]
	assert_one_error_line "--chdir '/etc/hostname'" "Not a directory"
}

@test "--chdir is checked with PROGRAM's own ids: a directory only host root may enter is refused" {
	require_root
	TMP_DIR=$(mktemp -d)
	chmod 0700 "$TMP_DIR"
	run "$ISOLATE" --chdir "$TMP_DIR" true
	[ "$status" -eq 125 ]
	assert_one_error_line "--chdir '$TMP_DIR'" "Permission denied"
	run "$ISOLATE" --map-identity --chdir "$TMP_DIR" true
	[ "$status" -eq 0 ]
}

@test "--uid/--gid set PROGRAM's ids with --map-identity" {
	require_root
	run "$ISOLATE" --map-identity --uid 1234 --gid 5678 sh -c 'id -u; id -g; id -G'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1234 ]
	[ "${lines[1]}" = 5678 ]
	[ "${lines[2]}" = 5678 ]
}

@test "--uid=0 --gid=0 is the default and always allowed" {
	run "$ISOLATE" --uid 0 --gid 0 id -u
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]
}

@test "--setenv KEY=VALUE, -e KEY=VALUE and -e KEY VALUE: the value may hold '=' and be empty" {
	run "$ISOLATE" --setenv A=1 -e B=x=y -e C 3 --setenv=D=4 -eE=5 --setenv F= sh -c 'echo "$A $B $C $D $E [$F]"'
	[ "$status" -eq 0 ]
	[ "$output" = "1 x=y 3 4 5 []" ]
}

@test "--setenv FOO true is the two-argument form: 'true' is the value, not PROGRAM" {
	run "$ISOLATE" --setenv FOO true printenv FOO
	[ "$status" -eq 0 ]
	[ "$output" = true ]
	run "$ISOLATE" --setenv FOO true
	[ "$status" -eq 125 ]
	assert_one_error_line "no PROGRAM given: '--setenv FOO true' took 'true' as its VALUE" \
		"usage: --setenv KEY=VALUE, or --setenv KEY VALUE"
	run "$ISOLATE" -e FOO true
	[ "$status" -eq 125 ]
	assert_one_error_line "'-e FOO true' took 'true' as its VALUE"
}

# A user with a home directory of its own stands in for the sudoer: its passwd entry is
# the host's, nothing is created.
sudo_stand_in() {
	getent passwd | awk -F: '$3 > 0 && $3 < 65534 && $6 != "/" && $6 != "" { print $1, $3, $4, $6 }' |
		while read -r name uid gid home; do
			[ -d "$home" ] && [ "$home" != /root ] && { echo "$name $uid $gid $home"; break; }
		done
}

@test "under sudo, HOME is the sudoer's home unless --setenv/--unsetenv HOME says otherwise" {
	require_root
	local name uid gid home
	read -r name uid gid home < <(sudo_stand_in)
	[ -n "$home" ]
	run env SUDO_USER="$name" SUDO_UID="$uid" SUDO_GID="$gid" HOME=/root "$ISOLATE" --net=none sh -c 'echo "$HOME $(id -u)"'
	[ "$status" -eq 0 ]
	[ "$output" = "$home 0" ]
	run env SUDO_USER="$name" SUDO_UID="$uid" SUDO_GID="$gid" HOME=/root "$ISOLATE" --net=none -e HOME=/elsewhere printenv HOME
	[ "$output" = /elsewhere ]
	run env SUDO_USER="$name" SUDO_UID="$uid" SUDO_GID="$gid" HOME=/root "$ISOLATE" --net=none --unsetenv HOME sh -c 'echo "${HOME-unset}"'
	[ "$output" = unset ]
	# Root inside as host root: root's HOME is readable, and stays.
	run env SUDO_USER="$name" SUDO_UID="$uid" SUDO_GID="$gid" HOME=/root "$ISOLATE" --net=none --map-root=0 printenv HOME
	[ "$output" = /root ]
	# SUDO_USER's entry must be the uid that is mapped.
	run env SUDO_USER="$name" SUDO_UID=$((uid + 1)) SUDO_GID="$gid" HOME=/root "$ISOLATE" --net=none printenv HOME
	[ "$output" = /root ]
	# Without sudo, HOME is left alone.
	run env -u SUDO_USER -u SUDO_UID -u SUDO_GID HOME=/root "$ISOLATE" --net=none printenv HOME
	[ "$output" = /root ]
}
