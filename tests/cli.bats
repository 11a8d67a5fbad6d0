#!/usr/bin/env bats
# Command line: help, version, usage errors (exit 125, one line naming the culprit).

load helpers

setup() { record_baseline; }
teardown() { check_no_leaks; }

@test "--help prints usage on stdout and exits 0" {
	run "$ISOLATE" --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage: isolate [OPTIONS] [--] PROGRAM [ARGS...]" ]]
	[[ "$output" == *"--hostname"* ]]
}

@test "-h is --help" {
	run "$ISOLATE" -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == Usage:* ]]
}

@test "--version and -V print the version" {
	run "$ISOLATE" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^isolate\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	run "$ISOLATE" -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^isolate\  ]]
}

@test "every long option in --help is documented in the man page and completed by bash" {
	local opt man
	man=$(mandoc -Tascii "$BATS_TEST_DIRNAME/../man/isolate.1" | sed 's/.\x08//g')
	for opt in $("$ISOLATE" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
		grep -q -- "$opt" <<<"$man" || { echo "$opt not in man page"; return 1; }
		grep -q -- "$opt" "$BATS_TEST_DIRNAME/../contrib/bash-completion/isolate" || { echo "$opt not completed"; return 1; }
	done
}

@test "no PROGRAM is a usage error" {
	run "$ISOLATE"
	[ "$status" -eq 125 ]
	assert_one_error_line "no PROGRAM"
}

@test "an empty PROGRAM is a usage error" {
	run "$ISOLATE" ""
	[ "$status" -eq 125 ]
	assert_one_error_line "PROGRAM is an empty string"
}

@test "an unknown long option is named" {
	run "$ISOLATE" --frobnicate true
	[ "$status" -eq 125 ]
	assert_one_error_line "unknown option '--frobnicate'"
}

@test "an unknown short option is named" {
	run "$ISOLATE" -Z true
	[ "$status" -eq 125 ]
	assert_one_error_line "unknown option '-Z'"
}

@test "a missing option value is named" {
	run "$ISOLATE" --hostname
	[ "$status" -eq 125 ]
	assert_one_error_line "'--hostname' requires a value"
	run "$ISOLATE" --share
	[ "$status" -eq 125 ]
	assert_one_error_line "'--share' requires a value"
}

@test "options after PROGRAM belong to PROGRAM" {
	run "$ISOLATE" echo --hostname -v
	[ "$status" -eq 0 ]
	[ "$output" = "--hostname -v" ]
}

@test "-- ends isolate's options" {
	run "$ISOLATE" -- echo hi
	[ "$status" -eq 0 ]
	[ "$output" = "hi" ]
}

@test "--hostname longer than 64 bytes is refused" {
	run "$ISOLATE" --hostname "$(printf 'a%.0s' $(seq 65))" true
	[ "$status" -eq 125 ]
	assert_one_error_line "--hostname" "longer than 64 bytes"
}

@test "--hostname with a bad character or empty is refused" {
	run "$ISOLATE" --hostname "a b" true
	[ "$status" -eq 125 ]
	assert_one_error_line "--hostname 'a b'"
	run "$ISOLATE" --hostname= true
	[ "$status" -eq 125 ]
	assert_one_error_line "empty hostname"
}

@test "--hostname given twice is refused" {
	run "$ISOLATE" --hostname a --hostname b true
	[ "$status" -eq 125 ]
	assert_one_error_line "--hostname given twice"
}

@test "--share with an unknown namespace is refused" {
	run "$ISOLATE" --share net,time true
	[ "$status" -eq 125 ]
	assert_one_error_line "--share 'net,time'" "unknown namespace"
}

@test "--map-root with a bad id is refused" {
	run "$ISOLATE" --map-root abc true
	[ "$status" -eq 125 ]
	assert_one_error_line "--map-root 'abc'"
	run "$ISOLATE" --map-root 4294967295 true
	[ "$status" -eq 125 ]
	assert_one_error_line "--map-root '4294967295'" "out of range"
}

@test "--map-root and --map-identity conflict" {
	run "$ISOLATE" --map-root 1000 --map-identity true
	[ "$status" -eq 125 ]
	assert_one_error_line "only one of"
}

@test "-v traces the setup steps on stderr" {
	run --separate-stderr "$ISOLATE" -v true
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"cloned child"* ]]
	[[ "$stderr" == *"uid_map"* ]]
	[[ "$stderr" == *"fresh /proc"* ]]
	[[ "$stderr" == *"hostname isolated"* ]]
}

@test "the README's test command is the one .ci/run runs" {
	local ci readme
	ci=$(sed -n "s/^TEST_COMMAND='\(.*\)'$/\1/p" "$BATS_TEST_DIRNAME/../.ci/run")
	[ -n "$ci" ]
	grep -qxF "    $ci" "$BATS_TEST_DIRNAME/../README.md"
}

# bash's errexit ignores a negated command, so "! grep ..." asserts only as a test's last
# command; anywhere else it needs "|| false" (or another branch) to be able to fail.
@test "the tests: no negated command mid-test that could never fail" {
	run awk '
		FNR == 1 { pend = 0 }
		pend && !/^[ \t]*$/ { if (!/^[ \t]*}/) print FILENAME ":" pn ": " pl; pend = 0 }
		/^[ \t]*! / && !/\|\|/ { pend = 1; pn = FNR; pl = $0 }
	' "$BATS_TEST_DIRNAME"/*.bats
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "$output"; false; }
}
