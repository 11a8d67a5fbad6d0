#!/usr/bin/env bats
# contrib/install-deps: each mode's package list, --dry-run, the install path and bad
# arguments. dpkg-query, apt-get and sudo are stubs on PATH: nothing is installed, and
# the lists do not depend on what this machine has.

load helpers

SCRIPT="$BATS_TEST_DIRNAME/../contrib/install-deps"

BUILD_PKGS="gcc make autoconf automake pkg-config libcap-dev libmnl-dev libnftnl-dev libseccomp-dev libjson-c-dev procps"

setup() {
	STUB=$(mktemp -d /tmp/isolate-deps.XXXXXX)
	chmod 0755 "$STUB"
	# dpkg-query -W -f='${Status}' PKG: "installed" for the packages in $INSTALLED.
	cat >"$STUB/dpkg-query" <<'EOF'
#!/bin/sh
pkg=$3
case " ${INSTALLED:-} " in
*" $pkg "*) printf 'install ok installed' ;;
*) echo "dpkg-query: no packages found matching $pkg" >&2; exit 1 ;;
esac
EOF
	# apt-get and sudo record how they were called, and do nothing else.
	printf '#!/bin/sh\necho "apt-get $*" >>"%s/calls"\n' "$STUB" >"$STUB/apt-get"
	printf '#!/bin/sh\necho "sudo $1" >>"%s/calls"\nexec "$@"\n' "$STUB" >"$STUB/sudo"
	chmod 0755 "$STUB/dpkg-query" "$STUB/apt-get" "$STUB/sudo"
	export INSTALLED=
}

teardown() {
	rm -rf "$STUB"
}

deps() { PATH="$STUB:$PATH" "$SCRIPT" "$@"; }

# The printed list as one space-separated line.
listed() { tr '\n' ' ' <<<"$output" | sed 's/ $//'; }

no_calls() { [ ! -e "$STUB/calls" ] || { cat "$STUB/calls"; return 1; }; }

@test "install-deps: the default mode is what building and running need, nothing more" {
	run --separate-stderr deps --dry-run
	[ "$status" -eq 0 ]
	[ "$(listed)" = "$BUILD_PKGS" ]
	[ -z "$stderr" ]
	no_calls
}

@test "install-deps: --test adds what make check needs, without bash-completion" {
	run deps --test --dry-run
	[ "$status" -eq 0 ]
	local pkg
	for pkg in $BUILD_PKGS bats tmux iproute2 iputils-ping socat python3 curl mandoc \
		uidmap passt clang libclang-rt-dev cppcheck clang-tidy hyperfine bubblewrap \
		golang-github-containers-common apparmor strace; do
		grep -qx "$pkg" <<<"$output" || { echo "--test lacks $pkg: $output"; return 1; }
	done
	! grep -qx bash-completion <<<"$output" || false
	no_calls
}

@test "install-deps: --bench adds hyperfine, bubblewrap and strace, not the test tools" {
	run deps --bench --dry-run
	[ "$status" -eq 0 ]
	local pkg
	for pkg in $BUILD_PKGS hyperfine bubblewrap strace; do
		grep -qx "$pkg" <<<"$output" || { echo "--bench lacks $pkg: $output"; return 1; }
	done
	! grep -qx bats <<<"$output" || false
	! grep -qx mandoc <<<"$output" || false
	no_calls
}

@test "install-deps: modes combine, each package is named once, in any order of arguments" {
	run deps --dry-run --bench --test
	[ "$status" -eq 0 ]
	[ -z "$(sort <<<"$output" | uniq -d)" ]
	grep -qx strace <<<"$output"
	grep -qx bats <<<"$output"
	grep -qx gcc <<<"$output"
}

@test "install-deps: --dry-run names only the missing packages" {
	INSTALLED="gcc make libcap-dev" run deps --dry-run
	[ "$status" -eq 0 ]
	[ "$(listed)" = "autoconf automake pkg-config libmnl-dev libnftnl-dev libseccomp-dev libjson-c-dev procps" ]
	INSTALLED="$BUILD_PKGS" run deps --dry-run
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	no_calls
}

@test "install-deps: installs the missing packages with apt-get, and nothing when all are present" {
	require_root
	INSTALLED="gcc make autoconf automake pkg-config" run deps
	[ "$status" -eq 0 ]
	[[ "$output" == "install-deps: installing: libcap-dev libmnl-dev libnftnl-dev libseccomp-dev libjson-c-dev procps" ]]
	grep -qx "apt-get update -qq" "$STUB/calls"
	grep -qx "apt-get install -y -qq --no-install-recommends libcap-dev libmnl-dev libnftnl-dev libseccomp-dev libjson-c-dev procps" "$STUB/calls"
	! grep -q '^sudo' "$STUB/calls" || false
	rm "$STUB/calls"
	INSTALLED="$BUILD_PKGS" run deps
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	no_calls
}

@test "install-deps: not root, it installs through sudo" {
	require_root
	# The checkout may be unreadable to nobody: run a copy.
	cp "$SCRIPT" "$STUB/install-deps"
	chmod 0777 "$STUB"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		/usr/bin/env PATH="$STUB:$USER_PATH" INSTALLED="$BUILD_PKGS iproute2 util-linux python3" \
		/bin/sh "$STUB/install-deps" --bench
	[ "$status" -eq 0 ]
	grep -qx "sudo apt-get" "$STUB/calls"
	grep -qx "apt-get install -y -qq --no-install-recommends hyperfine bubblewrap strace" "$STUB/calls"
}

@test "install-deps: not root and no sudo: one line naming the packages" {
	require_root
	local bin="$STUB/bin"
	mkdir "$bin"
	ln -s "$STUB/dpkg-query" "$bin/dpkg-query"
	ln -s "$(command -v grep)" "$bin/grep"
	ln -s "$(command -v id)" "$bin/id"
	cp "$SCRIPT" "$STUB/install-deps"
	chmod -R 0755 "$STUB"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		/usr/bin/env PATH="$bin" INSTALLED="$BUILD_PKGS" /bin/sh "$STUB/install-deps" --bench
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "install-deps: need root to install:"*"strace"* ]]
}

@test "install-deps: an unknown argument is one line on stderr, exit 2, nothing done" {
	local arg
	for arg in --frobnicate test --test=1 -t ""; do
		run --separate-stderr deps "$arg"
		[ "$status" -eq 2 ] || { echo "'$arg': status $status"; return 1; }
		[ -z "$output" ]
		[[ "$stderr" == "install-deps: unknown argument '$arg' (usage: contrib/install-deps"* ]] ||
			{ echo "'$arg': $stderr"; return 1; }
		[ "$(wc -l <<<"$stderr")" -eq 1 ]
	done
	# A bad argument is refused before anything is looked up or installed,
	# even next to a good one.
	run deps --test --bogus
	[ "$status" -eq 2 ]
	no_calls
}

@test "install-deps: --help prints the usage and exits 0" {
	run deps --help
	[ "$status" -eq 0 ]
	[[ "$output" == "usage: contrib/install-deps [--test] [--bench] [--dry-run]" ]]
}

@test "install-deps: without dpkg-query, one line says it knows Debian packages only" {
	run --separate-stderr env PATH=/nonexistent /bin/sh "$SCRIPT" --dry-run
	[ "$status" -eq 1 ]
	[[ "$stderr" == "install-deps: dpkg-query not found"* ]]
	[ "$(wc -l <<<"$stderr")" -eq 1 ]
}

@test "the README's quick start: line 1 uses the default mode, line 2 the --test mode" {
	local readme="$BATS_TEST_DIRNAME/../README.md"
	grep -qxF "    contrib/install-deps && ./autogen.sh && ./configure && make && ./isolate ps aux" "$readme"
	grep -qxF "    contrib/install-deps --test && ./autogen.sh && ./configure --enable-werror && make -j2 check" "$readme"
}
