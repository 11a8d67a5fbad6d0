#!/usr/bin/env bats
# The trust model that README.md, SECURITY.md and isolate(1) state, shown as it is:
# where PROGRAM is host root on request, what the sudoer's files are worth, and the
# capabilities a nested user namespace gives back. Some of these record limitations
# that later work (filesystem confinement, a seccomp policy) will remove: the test then
# changes with the docs.

load helpers

setup() {
	require_root
	record_baseline
	WORK=$(mktemp -d /tmp/isolate-trust.XXXXXX)
	chmod 0755 "$WORK"
	# A host file only host root may read or write.
	ROOT_FILE="$WORK/root-only"
	echo secret >"$ROOT_FILE"
	chmod 0600 "$ROOT_FILE"
}

# The mask of every capability this kernel knows (a new user namespace gets them all,
# whatever the bounding set outside).
all_caps() { echo $(((1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1)); }

teardown() {
	rm -rf "$WORK"
	check_no_leaks
}

@test "trust: by default, root inside cannot touch a host root file" {
	run "$ISOLATE" --net=none sh -c "cat '$ROOT_FILE'"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
}

@test "trust: as root, --map-root=0 is host root on the host's files" {
	run "$ISOLATE" --net=none --map-root=0 sh -c "cat /proc/self/uid_map; cat '$ROOT_FILE'; echo changed >'$ROOT_FILE'"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ +0\ +0\ +1$ ]]
	[ "${lines[1]}" = secret ]
	[ "$(cat "$ROOT_FILE")" = changed ]
}

@test "trust: as root, --share=user is host root with host capabilities" {
	run "$ISOLATE" --net=none --share=user sh -c "cat /proc/self/uid_map; readlink /proc/self/ns/user; cat '$ROOT_FILE'; awk '/^CapEff/ { print \$2 }' /proc/self/status"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^\ +0\ +0\ +4294967295$ ]]
	[ "${lines[1]}" = "$(readlink /proc/self/ns/user)" ]
	[ "${lines[2]}" = secret ]
	# The default set, CAP_DAC_OVERRIDE (bit 1) among them, held in the host's namespace.
	(((16#${lines[3]} >> 1) & 1))
}

@test "trust: under sudo, the sandbox is the sudoer: it rewrites their files and replaces their build's isolate" {
	# The sudoer, uid 1000 here, owns a home with a ~/.bashrc and a build tree whose
	# isolate they run with sudo.
	local home="$WORK/home" bin="$WORK/home/build/isolate"
	mkdir -p "$home/build"
	echo "# the sudoer's" >"$home/.bashrc"
	cp "$ISOLATE" "$bin"
	chown -R 1000:1000 "$home"
	chmod 0755 "$home" "$home/build" "$bin"
	run env SUDO_UID=1000 SUDO_GID=1000 "$bin" --net=none sh -c "
		echo 'echo pwned' >>'$home/.bashrc' &&
		{ echo x 2>/dev/null >>'$bin' && echo wrote-running-binary || echo running-binary-busy; } &&
		cp /bin/true '$bin.new' && mv '$bin.new' '$bin' && echo replaced"
	[ "$status" -eq 0 ]
	# Writing the running binary itself fails (ETXTBSY), but replacing the file does not.
	[ "${lines[0]}" = running-binary-busy ]
	[ "${lines[1]}" = replaced ]
	[ "$(tail -n 1 "$home/.bashrc")" = "echo pwned" ]
	cmp -s /bin/true "$bin"
	[ "$(stat -c %u "$bin")" = 1000 ]
}

@test "trust: --cap-drop=ALL, yet a nested user namespace holds every capability (unless --disable-userns)" {
	run "$ISOLATE" --net=none --cap-drop=ALL /usr/bin/python3 -c '
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
def eff():
    return [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0]
print(eff())
assert libc.unshare(0x10000000) == 0, os.strerror(ctypes.get_errno())  # CLONE_NEWUSER
print(eff())
assert libc.unshare(0x04000000) == 0, os.strerror(ctypes.get_errno())  # CLONE_NEWUTS
assert libc.sethostname(b"nested", 6) == 0, os.strerror(ctypes.get_errno())
print(os.uname().nodename)
'
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "${lines[0]}" = 0000000000000000 ]
	# Every capability the kernel has, in the nested namespace.
	[ "$((16#${lines[1]}))" -eq "$(all_caps)" ]
	[ "${lines[2]}" = nested ]
}

@test "trust: --cap-drop=ALL with a non-root PROGRAM: unshare -Ur gives every capability across exec" {
	run "$ISOLATE" --net=none --map-identity --uid=1000 --gid=1000 --cap-drop=ALL \
		sh -c 'grep ^CapEff /proc/self/status; unshare -Ur grep ^CapEff /proc/self/status'
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "${lines[0]}" == *0000000000000000 ]]
	[[ "${lines[1]}" != *0000000000000000 ]]
	[ "$((16#${lines[1]##*[[:space:]]}))" -eq "$(all_caps)" ]
}

@test "trust: --disable-userns takes the nested user namespace away, from root and non-root PROGRAM alike" {
	run "$ISOLATE" --net=none --cap-drop=ALL --disable-userns unshare -Ur true
	[ "$status" -ne 0 ]
	[[ "$output" == *"Operation not permitted"* ]]
	run "$ISOLATE" --net=none --map-identity --uid=1000 --gid=1000 --cap-drop=ALL --disable-userns \
		sh -c 'unshare -Ur grep ^CapEff /proc/self/status'
	[ "$status" -ne 0 ]
	[[ "$output" != *CapEff* ]]
}
