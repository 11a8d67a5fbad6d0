#!/usr/bin/env bats
# Fault injection at each mount step of the child: strace makes the kernel fail one
# call (-e inject=SYSCALL:error=ERRNO:when=N). Which call N is, is read from a traced
# run of the same command, not assumed: the first call of SYSCALL that matches TARGET
# after the first traced call that matches MARKER, counted within its own process
# (strace counts per syscall and per process; so a row picks a call of its step that
# the parent, whose calls are counted apart, makes fewer of: with --ephemeral as root
# the parent makes an overlay and a tmpfs). Each row must give exit 125, exactly
# one line "isolate: ..." that names the option as typed (or the step, for what every
# sandbox gets), leave the mount table of the namespace it ran in byte for byte as it
# was, run no PROGRAM and leave no process (the teardown checks the test's own mount
# table and processes too).

load helpers

setup() {
	command -v strace >/dev/null || skip "strace is not installed (contrib/install-deps --test installs it)"
	require_root
	record_baseline
	setup_shared_binary
	no_leak_check
	W=$(mktemp -d /tmp/isolate-fsfault.XXXXXX)
	chmod 0755 "$W"
	mkdir -p "$W"/{src,m1,t1,d1,rw,ro,hideme,kcdir,rwmnt,lnkdir} "$W/root"/{bin,etc,proc,sys,dev,tmp}
	echo f >"$W/src/file"
	echo secret >"$W/hidefile"
	echo host >"$W/bfile"
	echo bound >"$W/bfile-src"
	echo a >"$W/afile"
	ln -s x "$W/lnk"
	[ -x /bin/busybox ] && cp /bin/busybox "$W/root/bin/busybox" && ln -s busybox "$W/root/bin/echo"
	: >"$W/root/etc/hosts"
	chown -R "$NOBODY_UID:$NOBODY_GID" "$W"
	chmod -R a+rX "$W"
}

teardown() {
	rm -rf "$W"
	teardown_shared_binary
	check_no_leaks
}

# What strace traces in the logging run: every call a MARKER or TARGET may name.
TRACED=mount,umount2,pivot_root,open_tree,move_mount,mount_setattr,fsopen,fsconfig,fsmount,mkdir,mkdirat,symlinkat,openat,openat2

# The mounts every row's command meets, in a mount namespace of the row's own: a
# writable tmpfs with a tmpfs beneath it, and a file bound over a file. --ephemeral
# puts them back on its overlay (fsroot.c), rootless remakes their directory.
# Prints the command's output, then "status: N", then "mounts: changed" if the mount
# table of that namespace is not what it was.
in_row_ns() {
	unshare -m --propagation private sh -c '
		w=$1; shift
		mount -t tmpfs -o mode=0777 rw "$w/rwmnt" && mkdir "$w/rwmnt/sub" &&
			mount -t tmpfs -o mode=0777 sub "$w/rwmnt/sub" && mount --bind "$w/bfile-src" "$w/bfile" || exit 99
		before=$(cat /proc/self/mountinfo)
		out=$("$@" 2>&1)
		rc=$?
		printf "%s\n" "$out" | sed "s/^program-ran\$/PROGRAM ran/"
		echo "status: $rc"
		[ "$(cat /proc/self/mountinfo)" = "$before" ] || echo "mounts: changed"' sh "$W" "$@"
}

# nth_call LOG SYSCALL MARKER TARGET: "PID N" (see the head of this file); nothing if
# no call matches.
nth_call() {
	SC=$2 MARKER=$3 TARGET=$4 awk '
	BEGIN { sc = ENVIRON["SC"]; marker = ENVIRON["MARKER"]; target = ENVIRON["TARGET"] }
	{ call = $0; sub(/^[0-9]+ +/, "", call) }
	index(call, sc "(") == 1 { n[$1]++; if (started && call ~ target) { print $1, n[$1]; exit } }
	!started && (marker == "-" || call ~ marker) { started = 1; if (marker == "-" && index(call, sc "(") == 1 && call ~ target) { print $1, n[$1]; exit } }
	' "$1"
}

# inject WHO SYSCALL ERRNO MARKER TARGET ARGS...: the traced run, then the run with the
# fault; prints "nth: PID N", then in_row_ns's lines for the faulty run. WHO: root, or
# user: isolate runs as uid 65534 (strace -u), strace stays root to read the strings
# of a process that made itself undumpable. "root -P PATH": both runs trace (and so
# count, and fault) only the calls on PATH, where the parent, whose calls of SYSCALL
# would be counted apart and faulted too, makes none (openat, say; MARKER: -).
inject() {
	local who=${1%% *} sc=$2 errno=$3 marker=$4 target=$5 log=$BATS_TEST_TMPDIR/trace.log nth bin=$ISOLATE
	local -a as=()
	[ "$who" = "$1" ] || read -r -a as <<<"${1#* }"
	shift 5
	if [ "$who" = user ]; then
		as+=(-u "$(id -nu "$NOBODY_UID")")
		bin=$SHARED_ISOLATE
	fi
	in_row_ns strace "${as[@]}" -f -qq -o "$log" -e trace="$TRACED" "$bin" "$@" >"$BATS_TEST_TMPDIR/clean.out"
	if ! grep -qx "status: 0" "$BATS_TEST_TMPDIR/clean.out"; then
		echo "the run without a fault failed:"; cat "$BATS_TEST_TMPDIR/clean.out"; return 0
	fi
	nth=$(nth_call "$log" "$sc" "$marker" "$target")
	echo "nth: ${nth:-none}"
	[ -n "$nth" ] || return 0
	in_row_ns strace "${as[@]}" -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:error=$errno:when=${nth#* }" "$bin" "$@"
}

trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	printf '%s' "${s%"${s##*[![:space:]]}"}"
}

# One row per line: WHO % SYSCALL % MARKER % TARGET % EXPECTED FRAGMENT % ARGUMENTS
# MARKER and TARGET are awk regular expressions over a strace line without its pid
# ("-": no marker). ARGUMENTS are shell words, expanded with eval. ERRNO is EPERM.
ROWS=$(cat <<'ROWS'
root % mount % - % ^mount\(NULL, "/", NULL, MS_REC\|MS_PRIVATE % make mounts private (mount / MS_REC|MS_PRIVATE): Operation not permitted % --net=none echo program-ran
root % mount % - % ^mount\("proc" % mount proc on /proc: Operation not permitted % --net=none echo program-ran
root % mount % - % "mode=01777" % mount tmpfs on /dev/shm: Operation not permitted % --net=none echo program-ran
root % fsopen % - % ^fsopen\("tmpfs" % make a tmpfs for isolate's own files (fsopen) % --net=none echo program-ran
root % fsconfig % - % FSCONFIG_CMD_CREATE % make a tmpfs for isolate's own files (fsopen) % --net=none echo program-ran
root % fsmount % - % ^fsmount % make a tmpfs for isolate's own files (fsmount) % --net=none echo program-ran
root % mkdirat % - % "empty" % make the empty directory and file --hide uses % --net=none echo program-ran
root % open_tree % - % "hosts" % generate /etc/hosts: open_tree % --net=none echo program-ran
root % mount_setattr % "hosts" % ^mount_setattr % generate /etc/hosts: mount_setattr % --net=none echo program-ran
root % move_mount % "hosts" % ^move_mount % generate /etc/hosts: move_mount % --net=none echo program-ran
root % open_tree % - % "hostname" % generate /etc/hostname: open_tree % --net=none echo program-ran
root % open_tree % /m1" % ^open_tree % --bind $W/src $W/m1: open_tree % --net=none --bind "$W/src" "$W/m1" echo program-ran
root % move_mount % /m1" % ^move_mount % --bind $W/src $W/m1: move_mount % --net=none --bind "$W/src" "$W/m1" echo program-ran
root % mount_setattr % /m1" % ^mount_setattr % --ro-bind $W/src $W/m1: mount_setattr % --net=none --ro-bind "$W/src" "$W/m1" echo program-ran
root % mkdirat % - % "newdir" % --bind $W/src $W/t1/newdir: create the mount point % --net=none --tmpfs "$W/t1" --bind "$W/src" "$W/t1/newdir" echo program-ran
root -P $W/t1 % openat % - % "newfile", O_WRONLY\|O_CREAT\|O_EXCL % --bind $W/src/file $W/t1/newfile: create the mount point % --net=none --tmpfs "$W/t1" --bind "$W/src/file" "$W/t1/newfile" echo program-ran
root % mount % /t1" % ^mount\("tmpfs" % --tmpfs $W/t1: mount tmpfs % --net=none --tmpfs "$W/t1" echo program-ran
root % mount % /d1" % ^mount\("tmpfs" % --dev $W/d1: mount tmpfs % --net=none --dev "$W/d1" echo program-ran
root -P $W/d1 % openat % - % "null", O_WRONLY\|O_CREAT % --dev $W/d1: create null % --net=none --dev "$W/d1" echo program-ran
root % open_tree % "null", O_WRONLY % ^open_tree % --dev $W/d1: open_tree % --net=none --dev "$W/d1" echo program-ran
root % mount_setattr % "null", O_WRONLY % ^mount_setattr % --dev $W/d1: mount_setattr % --net=none --dev "$W/d1" echo program-ran
root % move_mount % "null", O_WRONLY % ^move_mount % --dev $W/d1: move_mount % --net=none --dev "$W/d1" echo program-ran
root % symlinkat % - % "fd"\) % --dev $W/d1: create fd % --net=none --dev "$W/d1" echo program-ran
root % mkdirat % - % "shm" % --dev $W/d1: create a directory % --net=none --dev "$W/d1" echo program-ran
root % mount % - % ^mount\("devpts" % --dev $W/d1: mount devpts % --net=none --dev "$W/d1" echo program-ran
root % mkdirat % - % "dd" % --dir $W/t1/dd: create the mount point % --net=none --tmpfs "$W/t1" --dir "$W/t1/dd" echo program-ran
root % symlinkat % - % ^symlinkat\("/target" % --symlink /target $W/t1/l: create LINK % --net=none --tmpfs "$W/t1" --symlink /target "$W/t1/l" echo program-ran
root % mount_setattr % /t1" % ^mount_setattr % --remount-ro $W/t1: mount_setattr % --net=none --tmpfs "$W/t1" --remount-ro "$W/t1" echo program-ran
root % open_tree % /src" % ^open_tree % --remount-ro $W/src: open_tree % --net=none --remount-ro "$W/src" echo program-ran
root % open_tree % - % "empty" % --hide $W/hideme: open_tree % --net=none --hide "$W/hideme" echo program-ran
root % open_tree % - % "empty-file" % --hide $W/hidefile: open_tree % --net=none --hide "$W/hidefile" echo program-ran
root % move_mount % ^open_tree\([0-9]+, "empty-file" % ^move_mount % --hide $W/hidefile: move_mount % --net=none --hide "$W/hidefile" echo program-ran
root % mount % "tmp", % ^mount\("tmpfs" % --private-tmp: mount tmpfs on /tmp % --net=none --private-tmp echo program-ran
root % mount % "var/tmp", % ^mount\("tmpfs" % --private-tmp: mount tmpfs on /var/tmp % --net=none --private-tmp echo program-ran
root % open_tree % /rw" % ^open_tree % --rw $W/rw: open_tree % --net=none --read-only --rw "$W/rw" echo program-ran
root % mount_setattr % - % attr_set=MOUNT_ATTR_RDONLY, attr_clr=0 % --read-only: mount_setattr % --net=none --read-only --rw "$W/rw" echo program-ran
root % mount_setattr % - % attr_clr=MOUNT_ATTR_RDONLY % --read-only: keep /proc writable % --net=none --read-only --rw "$W/rw" echo program-ran
root % move_mount % attr_clr=MOUNT_ATTR_RDONLY % ^move_mount % --rw $W/rw % --net=none --read-only --rw "$W/rw" echo program-ran
root % open_tree % - % AT_EMPTY_PATH\|AT_RECURSIVE % --root $W/root: open_tree % --net=none --root "$W/root" /bin/echo program-ran
root % move_mount % - % ^move_mount % --root $W/root: attach the new root % --net=none --root "$W/root" /bin/echo program-ran
root % mount % - % ^mount\("tmpfs".*MS_NOEXEC % --root $W/root: mount tmpfs % --net=none --root "$W/root" /bin/echo program-ran
root % mount % - % ^mount\("mqueue" % mount mqueue on /dev/mqueue % --net=none --root "$W/root" /bin/echo program-ran
root % open_tree % - % "empty-file" % --root $W/root: mask /proc/ % --net=none --root "$W/root" /bin/echo program-ran
root % pivot_root % - % ^pivot_root % --root $W/root: pivot_root % --net=none --root "$W/root" /bin/echo program-ran
root % umount2 % - % ^umount2\("\.", MNT_DETACH % --root $W/root: detach the old root % --net=none --root "$W/root" /bin/echo program-ran
root % open_tree % ^openat2\([0-9]+, "proc/bus" % ^open_tree % --root $W/root: make /proc/bus read-only: open_tree % --net=none --root "$W/root" /bin/echo program-ran
root % open_tree % ^openat\(AT_FDCWD, "/proc", % ^open_tree % --share=pid: bind the host's /proc: open_tree % --net=none --share=pid --root "$W/root" /bin/echo program-ran
root % fsconfig % ^fsopen\("overlay" % FSCONFIG_CMD_CREATE % --ephemeral: the kernel refuses an overlay over '/' % --net=none --root "$W/root" --ephemeral /bin/echo program-ran
root -P /proc/self/mountinfo % openat % - % "/proc/self/mountinfo" % --ephemeral: read /proc/self/mountinfo % --net=none --ephemeral echo program-ran
root % move_mount % - % ^move_mount % --ephemeral: attach the overlay % --net=none --map-identity --ephemeral echo program-ran
root % move_mount % ^move_mount % ^move_mount % --ephemeral: attach the tmpfs for writes % --net=none --map-identity --ephemeral echo program-ran
root % openat2 % - % "dev", % --ephemeral: find the mount point /dev in the overlay % --net=none --map-identity --ephemeral echo program-ran
root % open_tree % "/dev", .*O_DIRECTORY % ^open_tree % --ephemeral: copy the mounts at /dev % --net=none --map-identity --ephemeral echo program-ran
root % move_mount % "/dev", .*O_DIRECTORY % ^move_mount % --ephemeral: attach at /dev % --net=none --map-identity --ephemeral echo program-ran
root % move_mount % /rwmnt", .*O_DIRECTORY % ^move_mount % --ephemeral: make a tmpfs for $W/rwmnt % --net=none --map-identity --ephemeral echo program-ran
root % mkdirat % - % /rwmnt/sub" % --ephemeral: create upper/tmp/ % --net=none --map-identity --ephemeral echo program-ran
root % fsconfig % /rwmnt/sub", .*O_DIRECTORY % FSCONFIG_CMD_CREATE % --ephemeral: the kernel refuses an overlay over '$W/rwmnt/sub' % --net=none --map-identity --ephemeral echo program-ran
root % open_tree % - % AT_EMPTY_PATH\) % --ephemeral: bind $W/bfile % --net=none --map-identity --ephemeral echo program-ran
root % pivot_root % - % ^pivot_root % --ephemeral: pivot_root % --net=none --map-identity --ephemeral echo program-ran
root % umount2 % ^pivot_root % ^umount2 % --ephemeral: detach the old root % --net=none --map-identity --ephemeral echo program-ran
root % fsconfig % "overlay" % FSCONFIG_CMD_CREATE % --keep-changes $W/kcdir/kc: the kernel refuses an overlay over '/etc' % --net=none --map-identity --keep-changes "$W/kcdir/kc" echo program-ran
user % fsopen % - % ^fsopen\("tmpfs" % make a tmpfs for isolate's own files % --ephemeral echo program-ran
user % mkdirat % - % "upper" % --ephemeral: create upper % --ephemeral echo program-ran
user % fsopen % "work" % ^fsopen\("tmpfs" % --ephemeral: make the new root % --ephemeral echo program-ran
user % mkdirat % - % "tmp", % --ephemeral: create /tmp % --ephemeral echo program-ran
user % symlinkat % - % "lnk"\) % --ephemeral: link $W/lnk % --ephemeral echo program-ran
user % open_tree % - % "afile" % --ephemeral: bind $W/afile % --ephemeral echo program-ran
user % fsconfig % ^fsopen\("overlay" % FSCONFIG_CMD_CREATE % --ephemeral: the kernel refuses an overlay over '/ % --ephemeral echo program-ran
ROWS
)

# row_failed WANT OUT: the faulty run did not end as a row must: exit 125, one line
# naming WANT, no mount changed, PROGRAM not run, the call found.
row_failed() {
	! grep -qx "status: 125" <<<"$2" || [ "$(grep -c '^isolate: ' <<<"$2")" != 1 ] ||
		! grep '^isolate: ' <<<"$2" | grep -qF -- "$1" || grep -q "^mounts: changed\|^PROGRAM ran\|^nth: none" <<<"$2"
}

@test "fs faults: each mount step fails alone: exit 125, one line naming it, mounts as they were" {
	local row who sc marker target want words out attempt n=0 failed=0
	local -a args
	while IFS= read -r row; do
		[ -n "$row" ] || continue
		IFS='%' read -r who sc marker target want words <<<"$row"
		who=$(trim "$who") sc=$(trim "$sc") marker=$(trim "$marker") target=$(trim "$target") want=$(trim "$want")
		want=${want//\$W/$W} who=${who//\$W/$W}
		eval "args=($words)"
		n=$((n + 1))
		# --root's tree is Debian's busybox-static (contrib/install-deps installs it).
		if [[ " ${args[*]} " == *" --root "* ]] && [ ! -x /bin/busybox ]; then
			echo "row $n: skipped, no /bin/busybox" >&2
			continue
		fi
		# The count of the traced run is the faulty run's only if the tree it walks is the
		# same: rootless --ephemeral walks /tmp, where the tests running beside this one
		# make and remove files. A row whose fault met another call runs again, up to
		# six times in all (three were not always enough beside the sanitizer suite,
		# which runs at the same time in a full check); a wrong message every time is a
		# failure.
		for attempt in 1 2 3 4 5 6; do
			out=$(inject "$who" "$sc" EPERM "$marker" "$target" "${args[@]}")
			# FS_FAULTS_SHOW=1: every row's outcome, for writing rows.
			[ -z "${FS_FAULTS_SHOW:-}" ] || sed "s/^/# row $n: /" <<<"$out" >&3
			row_failed "$want" "$out" || break
		done
		if row_failed "$want" "$out"; then
			echo "row $n ($sc $target): $out" >&2
			failed=$((failed + 1))
		fi
		[ "$(cat /proc/self/mountinfo)" = "$BASE_MOUNTS" ] || { echo "row $n: the test's mounts changed" >&2; failed=$((failed + 1)); }
	done <<<"$ROWS"
	echo "$n rows, $failed failures" >&2
	[ "$failed" -eq 0 ]
}

@test "fs faults: the kernel refuses a sysfs: /sys/class/net is masked; refuses the mask too: one line, 125" {
	local log=$BATS_TEST_TMPDIR/sys.log nth nth2
	in_row_ns strace -f -qq -o "$log" -e trace="$TRACED" "$ISOLATE" --net=none echo program-ran >/dev/null
	nth=$(nth_call "$log" mount - '^mount\("sysfs"')
	[ -n "$nth" ]
	run in_row_ns strace -f -qq -o "$log" -e trace="$TRACED" -e inject="mount:error=EPERM:when=${nth#* }" \
		"$ISOLATE" -v --net=none sh -c 'ls -A /sys/class/net | wc -l'
	[[ "$output" == *"the kernel refuses a sysfs of our own (Operation not permitted); /sys/class/net is masked"* ]]
	[ "$(grep -v '^isolate: ' <<<"$output")" = $'0\nstatus: 0' ]
	# Now the mask's copy of the empty directory fails too.
	nth2=$(nth_call "$log" open_tree '^mount\("sysfs"' '"empty"')
	[ -n "$nth2" ]
	run in_row_ns strace -f -qq -o /dev/null -e trace=mount,open_tree -e inject="mount:error=EPERM:when=${nth#* }" \
		-e inject="open_tree:error=EPERM:when=${nth2#* }" "$ISOLATE" --net=none echo program-ran
	[ "${lines[0]}" = "isolate: mask /sys/class/net: open_tree: Operation not permitted" ]
	[ "${lines[1]}" = "status: 125" ]
	[ "${#lines[@]}" -eq 2 ]
	# --ephemeral: the host's /sys goes back on its overlay first; refused, one line.
	in_row_ns strace -f -qq -o "$log" -e trace="$TRACED" "$ISOLATE" --net=none --map-identity --ephemeral echo program-ran >/dev/null
	nth=$(nth_call "$log" mount - '^mount\("sysfs"')
	in_row_ns strace -f -qq -o "$log" -e trace="$TRACED" -e inject="mount:error=EPERM:when=${nth#* }" \
		"$ISOLATE" --net=none --map-identity --ephemeral echo program-ran >/dev/null
	nth2=$(nth_call "$log" open_tree '^mount\("sysfs"' '^open_tree')
	run in_row_ns strace -f -qq -o /dev/null -e trace=mount,open_tree -e inject="mount:error=EPERM:when=${nth#* }" \
		-e inject="open_tree:error=EPERM:when=${nth2#* }" "$ISOLATE" --net=none --map-identity --ephemeral echo program-ran
	[ "${lines[0]}" = "isolate: put the host's /sys back: open_tree: Operation not permitted" ]
	[ "${lines[1]}" = "status: 125" ]
}

@test "fs faults: the host's cgroup tree not put back on the fresh /sys: said with -v, the run goes on" {
	local log=$BATS_TEST_TMPDIR/cg.log nth
	in_row_ns strace -f -qq -o "$log" -e trace="$TRACED" "$ISOLATE" --net=none echo program-ran >/dev/null
	nth=$(nth_call "$log" move_mount '^mount\("sysfs"' '^move_mount')
	[ -n "$nth" ] || skip "the host has no cgroup tree under /sys/fs/cgroup"
	run in_row_ns strace -f -qq -o /dev/null -e trace=move_mount -e inject="move_mount:error=EPERM:when=${nth#* }" \
		"$ISOLATE" -v --net=none echo program-ran
	[[ "$output" == *"child: the host's /sys/fs/cgroup is not put back: Operation not permitted"* ]]
	[ "$(grep -v '^isolate: ' <<<"$output")" = $'PROGRAM ran\nstatus: 0' ]
}

@test "fs faults: the parent may not make --ephemeral's overlay: the sandbox makes its own, -v says why" {
	# Root of a user namespace of its own, over the host's mount namespace: the plan
	# asks the parent, and the kernel refuses it a mount there.
	run in_row_ns unshare -U -r "$ISOLATE" -v --ephemeral sh -c 'echo x >/tmp/f && cat /tmp/f'
	[[ "$output" == *"parent: --ephemeral: no tmpfs made on the host side (Operation not permitted); the sandbox makes its own"* ]]
	[[ "$output" == *"child: --ephemeral: an overlay for each directory of / that holds no mount"* ]]
	[ "$(grep -v '^isolate: ' <<<"$output")" = $'x\nstatus: 0' ]
}
