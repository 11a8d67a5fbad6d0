#!/usr/bin/env bats
# --map-auto: subordinate id ranges from /etc/subuid and /etc/subgid, through
# newuidmap/newgidmap when rootless and written directly as root. A test user is
# created for this file and removed after it, with every entry the tests add.

load helpers

SUB_START=2000000000
SUB_COUNT=65536
SUB_END=$((SUB_START + SUB_COUNT - 1))
SUB2_START=2100000000
SUB2_COUNT=100
SUB2_END=$((SUB2_START + SUB2_COUNT - 1))

setup_file() {
	[ "$(id -u)" -eq 0 ] || return 0
	TEST_USER="isomap$$"
	# A system user gets no subordinate ids from useradd: the tests add exactly theirs.
	useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$TEST_USER"
	export TEST_USER
}

teardown_file() {
	[ -n "${TEST_USER:-}" ] || return 0
	# userdel drops the user's /etc/subuid and /etc/subgid lines with it; the sed is
	# for a shadow that does not.
	userdel "$TEST_USER" || true
	sed -i "/^$TEST_USER:/d" /etc/subuid /etc/subgid
}

setup() {
	require_root
	record_baseline
	setup_shared_binary
	TEST_UID=$(id -u "$TEST_USER")
	TEST_GID=$(id -g "$TEST_USER")
	# A directory the test user may write, for the chown test.
	WORK="$SHARED_DIR/work"
	mkdir "$WORK"
	chown "$TEST_UID:$TEST_GID" "$WORK"
}

teardown() {
	remove_subids
	teardown_shared_binary
	check_no_leaks
	! pgrep -x newuidmap && ! pgrep -x newgidmap
}

add_subids() {
	usermod --add-subuids "$SUB_START-$SUB_END" --add-subgids "$SUB_START-$SUB_END" "$TEST_USER"
}

remove_subids() {
	usermod --del-subuids "$SUB_START-$SUB_END" --del-subgids "$SUB_START-$SUB_END" "$TEST_USER" 2>/dev/null || true
	usermod --del-subuids "$SUB2_START-$SUB2_END" --del-subgids "$SUB2_START-$SUB2_END" "$TEST_USER" 2>/dev/null || true
	! grep -q "^$TEST_USER:" /etc/subuid /etc/subgid
}

as_test_user() { AS_UID=$TEST_UID AS_GID=$TEST_GID as_user "$@"; }

@test "--map-auto maps root to the caller and ids 1... to the subordinate range" {
	add_subids
	run as_test_user "$SHARED_ISOLATE" --map-auto sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id -u'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	[[ "${lines[0]}" =~ ^\ +0\ +$TEST_UID\ +1$ ]]
	[[ "${lines[1]}" =~ ^\ +1\ +$SUB_START\ +$SUB_COUNT$ ]]
	[[ "${lines[2]}" =~ ^\ +0\ +$TEST_GID\ +1$ ]]
	[[ "${lines[3]}" =~ ^\ +1\ +$SUB_START\ +$SUB_COUNT$ ]]
	[ "${lines[4]}" = 0 ]
}

@test "--map-auto: chown to a mapped id works inside and lands in the range on the host" {
	add_subids
	run as_test_user "$SHARED_ISOLATE" --map-auto sh -c \
		'touch "$1/f" && chown 1000:1000 "$1/f" && stat -c %u:%g "$1/f"' sh "$WORK"
	[ "$status" -eq 0 ]
	[ "$output" = 1000:1000 ]
	# Inside id 1 is the range's first id, so 1000 is START+999.
	[ "$(stat -c %u:%g "$WORK/f")" = "$((SUB_START + 999)):$((SUB_START + 999))" ]
}

@test "--map-auto: setgroups stays allowed, so supplementary groups can be dropped and set" {
	add_subids
	run as_test_user "$SHARED_ISOLATE" --map-auto sh -c 'cat /proc/self/setgroups; id -G'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = allow ]
	[ "${lines[1]}" = 0 ]
}

@test "--map-auto: several ranges follow one another inside" {
	add_subids
	usermod --add-subuids "$SUB2_START-$SUB2_END" --add-subgids "$SUB2_START-$SUB2_END" "$TEST_USER"
	run as_test_user "$SHARED_ISOLATE" --map-auto cat /proc/self/uid_map
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[2]}" =~ ^\ +$((SUB_COUNT + 1))\ +$SUB2_START\ +$SUB2_COUNT$ ]]
}

@test "--map-auto without an /etc/subuid entry: one line naming the file and the fix" {
	run -125 as_test_user "$SHARED_ISOLATE" --map-auto true
	assert_one_error_line "--map-auto" "no entry for user '$TEST_USER' (uid $TEST_UID) in /etc/subuid" \
		"usermod --add-subuids"
}

@test "--map-auto with /etc/subuid but no /etc/subgid entry names /etc/subgid" {
	usermod --add-subuids "$SUB_START-$SUB_END" "$TEST_USER"
	run -125 as_test_user "$SHARED_ISOLATE" --map-auto true
	assert_one_error_line "no entry for user '$TEST_USER'" "in /etc/subgid" "usermod --add-subgids"
}

@test "--map-auto without newuidmap in PATH names the uidmap package" {
	add_subids
	USER_PATH="$SHARED_DIR" run -125 as_test_user "$SHARED_ISOLATE" --map-auto /usr/bin/true
	assert_one_error_line "newuidmap not found in PATH" "install the uidmap package"
}

@test "--map-auto passes on newuidmap's own error, in one line" {
	add_subids
	# A copy without the setuid bit: newuidmap itself fails to write the map.
	mkdir "$SHARED_DIR/bin"
	cp /usr/bin/newuidmap /usr/bin/newgidmap "$SHARED_DIR/bin/"
	chmod 0755 "$SHARED_DIR/bin" "$SHARED_DIR"/bin/*
	USER_PATH="$SHARED_DIR/bin:$USER_PATH" run -125 as_test_user "$SHARED_ISOLATE" --map-auto true
	assert_one_error_line "--map-auto: newuidmap: " "neither setuid root nor has file capabilities"
}

@test "--map-auto as root: SUDO_USER's ranges, written directly, root inside is SUDO_UID" {
	add_subids
	run env SUDO_USER="$TEST_USER" SUDO_UID="$TEST_UID" SUDO_GID="$TEST_GID" PATH=/nonexistent \
		"$SHARED_ISOLATE" --map-auto /bin/cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ +0\ +$TEST_UID\ +1$ ]]
	[[ "${lines[1]}" =~ ^\ +1\ +$SUB_START\ +$SUB_COUNT$ ]]
	[[ "${lines[2]}" =~ ^\ +0\ +$TEST_GID\ +1$ ]]
	[[ "${lines[3]}" =~ ^\ +1\ +$SUB_START\ +$SUB_COUNT$ ]]
	[ "${lines[4]}" = allow ]
}

@test "--map-auto as root without sudo looks up root's own entries" {
	run env -u SUDO_USER -u SUDO_UID -u SUDO_GID "$SHARED_ISOLATE" --map-auto true
	if grep -q '^root:' /etc/subuid && grep -q '^root:' /etc/subgid; then
		[ "$status" -eq 0 ]
	else
		[ "$status" -eq 125 ]
		assert_one_error_line "no entry for user 'root' (uid 0) in /etc/sub"
	fi
}

@test "--map-auto conflicts with --map-root and with --share=user" {
	run -125 "$ISOLATE" --map-auto --map-root=1000 true
	assert_one_error_line "only one of --map-root, --map-identity and --map-auto"
	run -125 "$ISOLATE" --share=user --map-auto true
	assert_one_error_line "--share=user" "--map-auto"
}
