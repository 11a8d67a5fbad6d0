#!/usr/bin/env bats
# The seccomp profiles: the built-in default (what it refuses, that common programs still
# run), --seccomp=unconfined and FILE (docker/podman JSON), --disable-userns, and the
# explanations isolate gives when a profile stops PROGRAM.

load helpers

PODMAN_PROFILE=/usr/share/containers/seccomp.json

setup_file() {
	# A helper any user can run: each NAME argument is that system call made with zero
	# arguments (nr:N for a raw number); prints "NAME ERRNO" (0 on success).
	HELPER_DIR=$(mktemp -d /tmp/isolate-seccomp.XXXXXX)
	chmod 0755 "$HELPER_DIR"
	cat >"$HELPER_DIR/sys.c" <<'EOF'
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
static const struct { const char *name; long nr; } calls[] = {
	{ "keyctl", SYS_keyctl }, { "add_key", SYS_add_key }, { "request_key", SYS_request_key },
	{ "bpf", SYS_bpf }, { "perf_event_open", SYS_perf_event_open },
	{ "userfaultfd", SYS_userfaultfd }, { "open_by_handle_at", SYS_open_by_handle_at },
	{ "kexec_load", SYS_kexec_load }, { "getpid", SYS_getpid },
};
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		long nr = -1;
		if (strncmp(argv[i], "nr:", 3) == 0)
			nr = atol(argv[i] + 3);
		for (size_t k = 0; k < sizeof(calls) / sizeof(calls[0]); k++)
			if (strcmp(calls[k].name, argv[i]) == 0)
				nr = calls[k].nr;
		if (nr < 0)
			return 2;
		errno = 0;
		printf("%s %d\n", argv[i], syscall(nr, 0, 0, 0, 0, 0, 0) < 0 ? errno : 0);
	}
	return 0;
}
EOF
	cc -O1 -o "$HELPER_DIR/sys" "$HELPER_DIR/sys.c"
	chmod 0755 "$HELPER_DIR/sys"
	export HELPER_DIR
}

teardown_file() {
	rm -rf "$HELPER_DIR"
}

setup() {
	record_baseline
	PROF=$(mktemp -d /tmp/isolate-profiles.XXXXXX)
	# Root inside is nobody on the host (or the sudoer): let it write here.
	chmod 0777 "$PROF"
}

teardown() {
	rm -rf "$PROF"
	teardown_shared_binary
	check_no_leaks
}

REFUSED="keyctl add_key request_key bpf perf_event_open userfaultfd open_by_handle_at kexec_load"

# Every REFUSED call gets EPERM (1).
all_eperm() {
	local name
	for name in $REFUSED; do
		grep -qx "$name 1" <<<"$output" || { echo "$name: not EPERM in: $output" >&2; return 1; }
	done
}

@test "the default profile refuses keyctl, add_key, bpf, perf_event_open, userfaultfd, open_by_handle_at with EPERM" {
	run "$ISOLATE" --quiet --net=none "$HELPER_DIR/sys" $REFUSED getpid
	[ "$status" -eq 0 ]
	all_eperm
	grep -qx "getpid 0" <<<"$output"
}

@test "rootless too: the default profile refuses them with EPERM" {
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" --net=none "$HELPER_DIR/sys" $REFUSED
	[ "$status" -eq 0 ]
	all_eperm
}

@test "--seccomp=unconfined lets them reach the kernel (keyctl and perf_event_open answer otherwise)" {
	run "$ISOLATE" --quiet --net=none --seccomp=unconfined "$HELPER_DIR/sys" keyctl perf_event_open
	[ "$status" -eq 0 ]
	! grep -qx "keyctl 1" <<<"$output" || false
	! grep -qx "perf_event_open 1" <<<"$output"
}

@test "a number the profile does not know gets ENOSYS (so C libraries fall back), as does one above every table" {
	run "$ISOLATE" --quiet --net=none "$HELPER_DIR/sys" nr:1000 nr:4000
	[ "$status" -eq 0 ]
	grep -qx "nr:1000 38" <<<"$output"
	grep -qx "nr:4000 38" <<<"$output"
}

# Each filter costs the kernel a JIT compilation at exec (~40 us, bench/README.md): the
# default profile carries the terminal guard, so a default run installs one.
@test "the filters PROGRAM runs under: one by default, the guard alone unconfined, the guard and a FILE's" {
	echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$PROF/all.json"
	run "$ISOLATE" --quiet --net=none grep ^Seccomp_filters: /proc/self/status
	[ "$status" -eq 0 ]
	[ "$output" = $'Seccomp_filters:\t1' ]
	run "$ISOLATE" --quiet --net=none --seccomp=unconfined grep ^Seccomp_filters: /proc/self/status
	[ "$output" = $'Seccomp_filters:\t1' ]
	run "$ISOLATE" --quiet --net=none --seccomp="$PROF/all.json" grep ^Seccomp_filters: /proc/self/status
	[ "$output" = $'Seccomp_filters:\t2' ]
	run "$ISOLATE" --quiet --net=none --disable-userns grep ^Seccomp_filters: /proc/self/status
	[ "$output" = $'Seccomp_filters:\t2' ]
}

@test "the man page lists exactly the calls the default profile refuses" {
	local gen=${BUILD_DIR:-$(dirname "$ISOLATE")}/gen-seccomp listed
	[ -x "$gen" ] || skip "gen-seccomp is not built next to the binary under test"
	listed=$(sed -n '/^\.\\" refused-begin/,/^\.\\" refused-end/p' "$BATS_TEST_DIRNAME/../man/isolate.1" |
		grep -E '^[a-z0-9_]+(, [a-z0-9_]+)*$' | tr ', ' '\n\n' | grep . | sort)
	[ -n "$listed" ]
	diff <(echo "$listed") <("$gen" --list | sort)
}

@test "common programs work under the default profile: python3, ps, sh, git, a C build" {
	run "$ISOLATE" --quiet --net=none python3 -c 'import os, subprocess, threading, socket; print("py", subprocess.run(["true"]).returncode)'
	[ "$status" -eq 0 ]
	[[ "$output" == *"py 0"* ]]
	run "$ISOLATE" --quiet --net=none ps aux
	[ "$status" -eq 0 ]
	[[ "$output" == *"ps aux"* ]]
	run "$ISOLATE" --quiet --net=none sh -c 'sleep 0.1 & wait $!; echo waited'
	[ "$status" -eq 0 ]
	[ "$output" = waited ]
	if command -v git >/dev/null; then
		run "$ISOLATE" --quiet --net=none sh -c 'cd "$1" && git init -q r && cd r && git -c user.email=a@b -c user.name=a commit -q --allow-empty -m m && git log --oneline | wc -l' sh "$PROF"
		[ "$status" -eq 0 ]
		[ "$output" = 1 ]
	fi
	if command -v curl >/dev/null; then
		run "$ISOLATE" --quiet --net=none curl -s -o /dev/null -w '%{http_code}' file:///etc/hostname
		[ "$status" -eq 0 ]
	fi
	command -v cc >/dev/null || skip "no C compiler for the build check"
	printf '#include <stdio.h>\nint main(void){puts("built");return 0;}\n' >"$PROF/m.c"
	run "$ISOLATE" --quiet --net=none sh -c 'cc -o "$1/m" "$1/m.c" && "$1/m"' sh "$PROF"
	[ "$status" -eq 0 ]
	[ "$output" = built ]
}

@test "a shell with job control works under the default profile (on a terminal)" {
	run on_pty "$ISOLATE" --net=none bash --norc -i -c "sleep 0.2 & jobs; fg >/dev/null; echo fg-done \$?"
	[[ "$output" == *"Running"*"sleep 0.2"* ]]
	[[ "$output" == *"fg-done 0"* ]]
	[[ "$output" == *"status 0"* ]]
}

@test "--allow-new-privs installs the filters while it still may (before the capabilities go)" {
	run "$ISOLATE" --quiet --net=none --allow-new-privs "$HELPER_DIR/sys" keyctl
	[ "$status" -eq 0 ]
	grep -qx "keyctl 1" <<<"$output"
}

@test "podman's profile (containers-common) loads and runs ps aux" {
	[ -f "$PODMAN_PROFILE" ] || skip "$PODMAN_PROFILE is not installed (Debian: golang-github-containers-common; contrib/install-deps --test)"
	run "$ISOLATE" --quiet --net=none --seccomp="$PODMAN_PROFILE" ps aux
	[ "$status" -eq 0 ]
	[[ "$output" == *"ps aux"* ]]
	# Its defaultErrnoRet is ENOSYS, and it refuses vmsplice... with EPERM, keyctl not.
	run "$ISOLATE" --quiet --net=none --seccomp="$PODMAN_PROFILE" "$HELPER_DIR/sys" nr:1000 userfaultfd
	[ "$status" -eq 0 ]
	grep -qx "nr:1000 38" <<<"$output"
	grep -qx "userfaultfd 1" <<<"$output"
}

@test "a docker-format profile with caps includes and excludes: the rule follows PROGRAM's capabilities" {
	cat >"$PROF/p.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
 "syscalls": [
  {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "excludes": {"caps": ["CAP_SYS_ADMIN"]}}
 ]}
EOF
	run "$ISOLATE" --quiet --net=none --seccomp="$PROF/p.json" "$HELPER_DIR/sys" getpid
	[ "$status" -eq 0 ]
	[ "$output" = "getpid 13" ]
	run "$ISOLATE" --quiet --net=none --cap-add=SYS_ADMIN --seccomp="$PROF/p.json" "$HELPER_DIR/sys" getpid
	[ "$status" -eq 0 ]
	[ "$output" = "getpid 0" ]
}

@test "a custom profile that denies mkdir makes mkdir fail with the profile's errno" {
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 122}]}' >"$PROF/nomkdir.json"
	run "$ISOLATE" --quiet --net=none --seccomp="$PROF/nomkdir.json" mkdir "$PROF/d"
	[ "$status" -eq 1 ]
	[[ "$output" == *"Disk quota exceeded"* ]]
	[ ! -e "$PROF/d" ]
	# Rootless too, and the terminal guard stays under a custom profile.
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" --net=none --seccomp="$PROF/nomkdir.json" mkdir /tmp/isolate-never-made
	[ "$status" -eq 1 ]
	[[ "$output" == *"Disk quota exceeded"* ]]
}

@test "killed by the profile: one line names the syscall, and the status stays 128+SIGSYS" {
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_KILL_PROCESS"}]}' >"$PROF/kill.json"
	run "$ISOLATE" --quiet --net=none --seccomp="$PROF/kill.json" sh -c 'echo $PPID'
	[ "$status" -eq 159 ]
	[[ "$output" == *"isolate: sh was stopped by the seccomp profile: syscall getppid"* ]]
	run "$ISOLATE" --quiet --as-pid-1 --net=none --seccomp="$PROF/kill.json" sh -c 'echo $PPID'
	[ "$status" -eq 159 ]
	[[ "$output" == *"syscall getppid"* ]]
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_TRAP"}]}' >"$PROF/trap.json"
	run "$ISOLATE" --quiet --net=none --seccomp="$PROF/trap.json" mkdir "$PROF/d"
	[ "$status" -eq 159 ]
	[[ "$output" == *"syscall one of mkdir, mkdirat"* ]]
}

@test "SIGSYS from kill(1) under the default profile is not blamed on a profile" {
	run "$ISOLATE" --quiet --net=none sh -c 'kill -SYS $$'
	[ "$status" -eq 159 ]
	[[ "$output" != *"seccomp"* ]]
}

@test "a profile that refuses execve is explained before anything starts" {
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ERRNO"}]}' >"$PROF/noexec.json"
	run "$ISOLATE" --quiet --net=none --seccomp="$PROF/noexec.json" touch "$PROF/ran"
	[ "$status" -eq 125 ]
	assert_one_error_line "--seccomp=$PROF/noexec.json: the profile refuses execve" "Operation not permitted"
	[ ! -e "$PROF/ran" ]
}

@test "unknown syscall names are skipped as docker does, and said with -v" {
	echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["no_such_call", "getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5}]}' >"$PROF/unk.json"
	run "$ISOLATE" --quiet --net=none --seccomp="$PROF/unk.json" "$HELPER_DIR/sys" getpid
	[ "$status" -eq 0 ]
	[ "$output" = "getpid 5" ]
	run "$ISOLATE" --quiet -v --net=none --seccomp="$PROF/unk.json" true
	[[ "$output" == *"'no_such_call' is unknown to libseccomp, skipped"* ]]
}

@test "--disable-userns: unshare -U and clone(CLONE_NEWUSER) fail with EPERM, clone3 with ENOSYS; other namespaces still work" {
	run "$ISOLATE" --quiet --net=none unshare -U true
	[ "$status" -eq 0 ]
	run "$ISOLATE" --quiet --net=none --disable-userns unshare -U true
	[ "$status" -ne 0 ]
	[[ "$output" == *"Operation not permitted"* ]]
	run "$ISOLATE" --quiet --net=none --disable-userns python3 -c '
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
r = libc.syscall(435, None, 0)  # clone3
print("clone3", ctypes.get_errno())'
	[ "$status" -eq 0 ]
	[ "$output" = "clone3 38" ]
	# With CAP_SYS_ADMIN inside, a mount namespace alone is still allowed.
	run "$ISOLATE" --quiet --net=none --cap-add=SYS_ADMIN --disable-userns unshare -m true
	[ "$status" -eq 0 ]
}

@test "--disable-userns: what breaks is what needs a user namespace (a nested isolate, unshare -r), rootless too" {
	setup_shared_binary
	run as_user "$SHARED_ISOLATE" --net=none --disable-userns "$SHARED_ISOLATE" --net=none true
	[ "$status" -eq 125 ]
	[[ "$output" == *"clone new namespaces: Operation not permitted"* ]]
	run as_user "$SHARED_ISOLATE" --net=none --disable-userns unshare -r true
	[ "$status" -ne 0 ]
	run as_user "$SHARED_ISOLATE" --net=none --disable-userns sh -c 'echo ok'
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}
