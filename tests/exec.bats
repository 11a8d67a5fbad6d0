#!/usr/bin/env bats
# How PROGRAM is found and run: isolate searches PATH itself, with execvp(3)'s rules and
# env(1)'s exit codes and errors, runs a script without #! through /bin/sh, and refuses
# a binary for another machine as bash does (126, "Exec format error").

load helpers

setup() {
	record_baseline
	setup_shared_binary
	D=$SHARED_DIR
	mkdir "$D/bin" "$D/bin/adir" "$D/priv" "$D/sub"
	chmod 0755 "$D/bin" "$D/bin/adir" "$D/sub"
	chmod 0700 "$D/priv" # root's: the unprivileged user cannot search it
	printf 'echo $#\n' >"$D/bin/s"                      # a script without #!
	printf '#!/bin/sh\necho not-run\n' >"$D/bin/noexec"
	printf '#!/no/such/interpreter\n' >"$D/bin/badinterp"
	printf '#!/bin/sh\necho sub-ran\n' >"$D/sub/s"
	# An ELF header for machine 0xbeef, which no kernel (nor binfmt_misc entry) runs.
	printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\357\276\001\000\000\000' >"$D/bin/elf"
	head -c 64 /dev/zero >>"$D/bin/elf"
	printf 'abc\000def\necho hi\n' >"$D/bin/nul"        # a NUL in the first line: binary
	chmod 0755 "$D/bin/s" "$D/bin/badinterp" "$D/bin/elf" "$D/bin/nul" "$D/sub/s"
	chmod 0644 "$D/bin/noexec"
	cp /bin/true "$D/priv/true"
}

teardown() {
	teardown_shared_binary
	check_no_leaks
}

# The reference (env or bash) and isolate, both as the unprivileged user, in directory
# $D/bin, with PATH=$path: the same exit status, the same output, and isolate's error
# line holds the reference's error text (what follows its last ": ").
compare() {
	local ref=$1 path=$2 ref_out ref_err iso_out iso_err ref_rc=0 iso_rc=0 why
	shift 2
	cd "$D/bin"
	case $ref in
	env) as_user /usr/bin/env PATH="$path" /usr/bin/env "$@" >"$D/ref.out" 2>"$D/ref.err" || ref_rc=$? ;;
	bash) as_user /usr/bin/env PATH="$path" /bin/bash -c '"$@"' bash "$@" >"$D/ref.out" 2>"$D/ref.err" || ref_rc=$? ;;
	esac
	as_user /usr/bin/env PATH="$path" "$SHARED_ISOLATE" --net=none "$@" >"$D/iso.out" 2>"$D/iso.err" || iso_rc=$?
	cd - >/dev/null
	ref_out=$(cat "$D/ref.out") ref_err=$(cat "$D/ref.err") iso_out=$(cat "$D/iso.out") iso_err=$(cat "$D/iso.err")
	why=${ref_err##*: }
	[ "$ref_rc" -eq "$iso_rc" ] && [ "$ref_out" = "$iso_out" ] &&
		{ [ -z "$ref_err" ] && [ -z "$iso_err" ] || [[ "$iso_err" == "isolate: "*"$why"* ]]; } && {
		[ -z "$iso_err" ] || [ "$(wc -l <"$D/iso.err")" -eq 1 ]
	} && return 0
	set -- "$*"
	echo "$ref ${1:0:60} (PATH=$path): $ref status $ref_rc [$ref_out] [$ref_err]"
	echo "  isolate status $iso_rc [$iso_out] [$iso_err]"
	return 1
}

@test "execvp parity: exit status and error as env(1) (bash for binaries), case by case" {
	local failed=0 row ref path args
	# REFERENCE | PATH | PROGRAM and ARGS (words); $D and $BIG expand
	local table
	table=$(cat <<'ROWS'
env  | /usr/bin:/bin                  | no-such-program-xyz
env  | $D/bin:/usr/bin:/bin           | noexec
env  | $D/bin:/usr/bin:/bin           | adir
env  | /usr/bin:/bin                  | $D/bin/adir
env  | $D/priv:/usr/bin:/bin          | no-such-program-xyz
env  | $D/priv:/usr/bin:/bin          | true
env  | :/usr/bin:/bin                 | s one two
env  | /usr/bin:/bin:                 | s one
env  | /usr/bin:/bin                  | ./s a b c
env  | /usr/bin:/bin                  | $D/bin/badinterp
env  | $D/bin:/usr/bin:/bin           | badinterp
env  | /usr/bin:/bin                  | ../sub/s
env  | /usr/bin:/bin                  | ../sub/nosuch
env  | /usr/bin:/bin                  | s/x
env  | /usr/bin:/bin                  | ./s $BIG
env  | $D/bin:/usr/bin:/bin           | s $BIG
bash | /usr/bin:/bin                  | ./elf
bash | $D/bin:/usr/bin:/bin           | elf
bash | /usr/bin:/bin                  | ./nul
ROWS
)
	BIG=$(seq 9000 | tr '\n' ' ')
	while IFS='|' read -r ref path args; do
		ref=${ref// /} path=$(eval echo "${path// /}")
		eval "set -- $args"
		compare "$ref" "$path" "$@" || failed=1
	done <<<"$table"
	[ "$failed" -eq 0 ]
}

@test "a script without #! and 9000 arguments runs under /bin/sh, as root and under --as-pid-1 (F11)" {
	cd "$D/bin"
	run "$ISOLATE" --net=none ./s $(seq 9000)
	[ "$status" -eq 0 ]
	[ "$output" = 9000 ]
	run "$ISOLATE" --net=none --as-pid-1 ./s $(seq 9000)
	[ "$status" -eq 0 ]
	[ "$output" = 9000 ]
}

@test "a binary for another machine exits 126 'Exec format error', not through /bin/sh (F19)" {
	run -126 "$ISOLATE" --net=none "$D/bin/elf"
	assert_one_error_line "execute '$D/bin/elf'" "Exec format error"
	run -126 "$ISOLATE" --net=none --as-pid-1 "$D/bin/nul"
	assert_one_error_line "execute '$D/bin/nul'" "Exec format error"
}

@test "PATH is searched with PROGRAM's environment, ids and directory" {
	cd "$D/bin"
	# --setenv PATH and an empty entry: the current directory is PROGRAM's, after --chdir.
	run "$ISOLATE" --net=none --chdir "$D/sub" --setenv PATH=:/usr/bin:/bin s
	[ "$status" -eq 0 ]
	[ "$output" = sub-ran ]
	# A directory only host root may search is skipped by the sandbox's root (nobody).
	run "$ISOLATE" --net=none --quiet --setenv PATH "$D/priv" true
	[ "$status" -eq 126 ]
	assert_one_error_line "execute 'true'" "Permission denied" "PATH directory '$D/priv' cannot be searched"
	run "$ISOLATE" --net=none --map-root=0 --setenv PATH "$D/priv" true
	[ "$status" -eq 0 ]
}

@test "-v traces the program isolate executes" {
	run "$ISOLATE" --net=none -v true
	[ "$status" -eq 0 ]
	[[ "$output" == *"child: execute true"* ]]
}
