#!/usr/bin/env bats
# The filesystem view: binds, tmpfs, --dir/--symlink/--remount-ro, a minimal /dev,
# --read-only with --rw, --hide, --private-tmp, --root (a busybox tree built here from
# Debian's busybox-static), --ephemeral and --keep-changes; and what every new mount
# namespace gets: private /dev/shm, a /sys of the sandbox's network, generated
# /etc/hosts and /etc/hostname. Root and rootless. The teardown checks that the host's
# mount table is unchanged and no process is left.

load helpers

setup() {
	record_baseline
	setup_shared_binary
	# A scratch tree the sandbox's root (nobody, or the caller when rootless) may write.
	WORK=$(mktemp -d /tmp/isolate-fs.XXXXXX)
	chmod 0755 "$WORK"
	chown "$NOBODY_UID:$NOBODY_GID" "$WORK"
	MARK=isolate-fs-test-$$-$BATS_TEST_NUMBER
}

teardown() {
	rm -rf "$WORK"
	rm -f "/usr/$MARK" "/etc/$MARK" "/root/$MARK" "/tmp/$MARK"
	rm -rf "/var/tmp/$MARK"
	teardown_shared_binary
	check_no_leaks
}

# A minimal root filesystem: busybox-static and its applets, owned by uid (default nobody).
make_rootfs() {
	local dir=$1 uid=${2:-$NOBODY_UID} app
	[ -x /bin/busybox ] || skip "busybox-static is not installed (contrib/install-deps installs it)"
	mkdir -p "$dir"/{bin,etc,proc,sys,dev,tmp,root}
	cp /bin/busybox "$dir/bin/busybox"
	for app in sh ls cat echo touch id mkdir rm ps hostname stat wc find grep sleep head true; do
		ln -s busybox "$dir/bin/$app"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
	: >"$dir/etc/hosts"
	: >"$dir/etc/hostname"
	chown -R "$uid:$uid" "$dir"
	chmod -R a+rX "$dir"
}

# --- what every new mount namespace gets ---

@test "fs: /sys/class/net shows the sandbox's interfaces, as ip -o link does" {
	run "$ISOLATE" --net=none sh -c 'ls /sys/class/net | sort | tr "\n" " "; echo; ip -o link | awk -F": " "{print \$2}" | sort | tr "\n" " "'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "lo " ]
	[ "${lines[0]}" = "${lines[1]}" ]
}

@test "fs: with a veth, /sys/class/net has the peer too" {
	require_root
	run "$ISOLATE" sh -c 'ls /sys/class/net | sort | tr "\n" " "; echo; ip -o link | awk -F": " "{sub(/@.*/, \"\", \$2); print \$2}" | sort | tr "\n" " "'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "eth0 lo " ]
	[ "${lines[0]}" = "${lines[1]}" ]
}

@test "fs: /sys is read-only, and --share=net keeps the host's" {
	run "$ISOLATE" --net=none sh -c 'grep " /sys " /proc/self/mountinfo | tail -n 1'
	[ "$status" -eq 0 ]
	[[ "$output" == *" /sys ro,"* ]]
	run "$ISOLATE" --share=net ls /sys/class/net
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sort)" = "$(ls /sys/class/net | sort)" ]
}

@test "fs: /dev/shm is private both ways" {
	local host_file
	host_file=$(mktemp /dev/shm/isolate-fs.XXXXXX)
	run "$ISOLATE" --net=none sh -c "ls -A /dev/shm; touch /dev/shm/inside-$MARK && echo made"
	rm -f "$host_file"
	[ "$status" -eq 0 ]
	[ "$output" = made ]
	[ ! -e "/dev/shm/inside-$MARK" ]
}

@test "fs: --share=ipc keeps the host's /dev/shm" {
	local host_file
	host_file=$(mktemp /dev/shm/isolate-fs.XXXXXX)
	run "$ISOLATE" --net=none --share=ipc ls /dev/shm
	rm -f "$host_file"
	[ "$status" -eq 0 ]
	[[ "$output" == *"${host_file#/dev/shm/}"* ]]
}

@test "fs: /etc/hosts and /etc/hostname name the sandbox; getent answers at once" {
	run "$ISOLATE" --net=none --hostname box1 sh -c 'cat /etc/hostname; timeout 1 getent hosts "$(hostname)"; timeout 1 getent hosts localhost'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = box1 ]
	[[ "${lines[1]}" == "127.0.1.1"*box1 ]]
	[[ "${lines[2]}" == *localhost* ]]
	# The host's files are untouched.
	[ "$(cat /etc/hostname 2>/dev/null)" != box1 ]
}

@test "fs: with a veth, /etc/hosts maps the hostname to the sandbox's address" {
	require_root
	run "$ISOLATE" --address 10.77.0.2/30 sh -c 'getent hosts "$(hostname)"'
	[ "$status" -eq 0 ]
	[[ "$output" == "10.77.0.2"*isolated ]]
}

@test "fs: /etc/hosts keeps the host's entries after isolate's own" {
	require_root
	printf '127.0.0.1 localhost\n198.51.100.7 custom-name.test\n' >"$WORK/hosts"
	run unshare -m sh -c 'mount --bind "$1/hosts" /etc/hosts && exec "$2" --net=none sh -c "getent hosts custom-name.test; head -n 3 /etc/hosts | tail -n 1"' \
		sh "$WORK" "$ISOLATE"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "198.51.100.7"*custom-name.test ]]
	[[ "${lines[1]}" == "127.0.1.1"*isolated ]]
}

@test "fs: /etc/hosts is read-only inside" {
	run "$ISOLATE" --net=none --cap-add=DAC_OVERRIDE sh -c 'echo x >>/etc/hosts'
	[ "$status" -ne 0 ]
	[[ "$output" == *"Read-only file system"* ]]
}

@test "fs: --share=uts keeps the host's /etc/hostname" {
	run "$ISOLATE" --net=none --share=uts sh -c 'grep -c " /etc/hostname " /proc/self/mountinfo; true'
	[ "${lines[0]}" = 0 ]
}

@test "fs: -v says what it mounts" {
	run "$ISOLATE" -v --net=none true
	[ "$status" -eq 0 ]
	[[ "$output" == *"child: mounts are private"* ]]
	[[ "$output" == *"child: generate /etc/hosts"* ]]
}

@test "fs: a mount made inside never appears on the host" {
	run "$ISOLATE" --net=none --cap-add=SYS_ADMIN sh -c 'mount -t tmpfs inside /mnt && grep -c " /mnt " /proc/self/mountinfo'
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	! grep -q " /mnt .* inside " /proc/self/mountinfo
}

@test "fs: ... nor with --share=user" {
	require_root
	run "$ISOLATE" --net=none --share=user --cap-add=SYS_ADMIN --tmpfs "$WORK" sh -c "mount -t tmpfs inside2 /mnt && touch $WORK/x && echo ok"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
	[ ! -e "$WORK/x" ]
	! grep -q "inside2" /proc/self/mountinfo
}

# --- binds ---

@test "fs: --bind and --ro-bind; the read-only one is read-only" {
	mkdir "$WORK/src"
	echo hello >"$WORK/src/file"
	chown -R "$NOBODY_UID:$NOBODY_GID" "$WORK/src"
	run "$ISOLATE" --net=none --bind "$WORK/src" "$WORK/rw" --ro-bind "$WORK/src" "$WORK/ro" \
		sh -c "cat $WORK/rw/file; echo new >$WORK/rw/new && echo wrote; echo no >$WORK/ro/no"
	[ "$status" -ne 0 ]
	[ "${lines[0]}" = hello ]
	[ "${lines[1]}" = wrote ]
	[[ "$output" == *"Read-only file system"* ]]
	[ -e "$WORK/src/new" ]
	[ ! -e "$WORK/src/no" ]
	# The mount points were made on the host, and stay, empty: bubblewrap does the same.
	[ -d "$WORK/rw" ] && [ -z "$(ls -A "$WORK/rw")" ]
}

@test "fs: --ro-bind is recursively read-only" {
	require_root
	mkdir -p "$WORK/src/sub"
	# A submount in SRC, in a mount namespace of the test's own.
	run unshare -m sh -c 'mount -t tmpfs -o mode=0777 sub "$1/src/sub" && exec "$2" --net=none --ro-bind "$1/src" /mnt sh -c "touch /mnt/sub/x"' \
		sh "$WORK" "$ISOLATE"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Read-only file system"* ]]
}

@test "fs: --bind-try skips a missing SRC, --bind refuses it" {
	run "$ISOLATE" --net=none --bind-try /nonexistent-src /mnt true
	[ "$status" -eq 0 ]
	run "$ISOLATE" --net=none --ro-bind-try /nonexistent-src /mnt --bind-try /etc "$WORK/etc" cat "$WORK/etc/hostname"
	[ "$status" -eq 0 ]
	run "$ISOLATE" --net=none --bind /nonexistent-src /mnt true
	[ "$status" -eq 125 ]
	assert_one_error_line "--bind /nonexistent-src /mnt: SRC '/nonexistent-src': No such file or directory"
}

@test "fs: a file binds over a file, and a missing file mount point is made" {
	echo content >"$WORK/f"
	run "$ISOLATE" --net=none --ro-bind "$WORK/f" /etc/hostname --bind "$WORK/f" "$WORK/g" sh -c "cat /etc/hostname $WORK/g"
	[ "$status" -eq 0 ]
	[ "$output" = $'content\ncontent' ]
	[ -f "$WORK/g" ]
}

@test "fs: --dev-bind keeps devices usable; --bind does not" {
	run "$ISOLATE" --net=none --dev-bind /dev "$WORK/d" sh -c "echo x >$WORK/d/null && echo ok"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
	run "$ISOLATE" --net=none --bind /dev "$WORK/d" sh -c "echo x >$WORK/d/null"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Permission denied"* ]]
}

# --- tmpfs, dir, symlink, remount-ro, dev ---

@test "fs: --tmpfs with --size and --perms" {
	run "$ISOLATE" --net=none --size 2m --perms 0700 --tmpfs "$WORK/t" --tmpfs "$WORK/u" \
		sh -c "stat -c %a $WORK/t $WORK/u; df -k $WORK/t | awk 'NR==2 {print \$2}'; touch $WORK/t/x && echo ok"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 700 ]
	[ "${lines[1]}" = 755 ]
	[ "${lines[2]}" = 2048 ]
	[ "${lines[3]}" = ok ]
	[ ! -e "$WORK/t/x" ]
}

@test "fs: --dir, --symlink and --remount-ro, in order" {
	run "$ISOLATE" --net=none --tmpfs /mnt --perms 0750 --dir /mnt/a/b --symlink /mnt/a /mnt/link \
		--symlink /mnt/a /mnt/link --remount-ro /mnt \
		sh -c 'stat -c %a /mnt/a/b; readlink /mnt/link; ls /mnt/link; touch /mnt/a/x'
	[ "$status" -ne 0 ]
	[ "${lines[0]}" = 750 ]
	[ "${lines[1]}" = /mnt/a ]
	[ "${lines[2]}" = b ]
	[[ "$output" == *"Read-only file system"* ]]
}

@test "fs: --symlink refuses a different link already there" {
	run "$ISOLATE" --net=none --tmpfs /mnt --symlink /a /mnt/l --symlink /b /mnt/l true
	[ "$status" -eq 125 ]
	assert_one_error_line "--symlink /b /mnt/l: LINK '/mnt/l': File exists"
}

@test "fs: --remount-ro of a directory that is not a mount leaves the rest writable" {
	mkdir "$WORK/a" "$WORK/b"
	chown "$NOBODY_UID:$NOBODY_GID" "$WORK/a" "$WORK/b"
	run "$ISOLATE" --net=none --remount-ro "$WORK/a" sh -c "touch $WORK/b/ok && echo ok; touch $WORK/a/no"
	[ "${lines[0]}" = ok ]
	[[ "$output" == *"Read-only file system"* ]]
	[ -e "$WORK/b/ok" ] && [ ! -e "$WORK/a/no" ]
}

@test "fs: --dev makes a minimal /dev with a devpts of its own" {
	run "$ISOLATE" --net=none --dev /dev sh -c 'ls /dev | tr "\n" " "; echo; echo x >/dev/null && echo null-ok; head -c 4 /dev/urandom | wc -c; grep " /dev/pts " /proc/self/mountinfo | grep -c ptmxmode=666'
	[ "$status" -eq 0 ]
	for f in null zero full random urandom tty pts shm ptmx fd stdin stdout stderr; do
		[[ " ${lines[0]}" == *" $f "* ]] || { echo "no /dev/$f in: ${lines[0]}"; return 1; }
	done
	[ "${lines[1]}" = null-ok ]
	[ "${lines[2]}" = 4 ]
	[ "${lines[3]}" = 1 ]
}

# --- read-only host with holes ---

@test "fs: --read-only --rw allows writes only under the --rw path" {
	mkdir "$WORK/rw"
	chown "$NOBODY_UID:$NOBODY_GID" "$WORK/rw"
	cd "$WORK/rw"
	run "$ISOLATE" --net=none --read-only --rw . sh -c "touch ok && echo ok; touch $WORK/no; touch /dev/shm/shm && echo shm"
	[ "${lines[0]}" = ok ]
	[[ "$output" == *"$WORK/no"*"Read-only file system"* ]]
	[[ "$output" == *shm* ]]
	[ -e "$WORK/rw/ok" ] && [ ! -e "$WORK/no" ]
}

@test "fs: --hide makes a directory and a file unreadable" {
	mkdir -p "$WORK/secrets"
	echo key >"$WORK/secrets/id"
	echo token >"$WORK/token"
	chown -R "$NOBODY_UID:$NOBODY_GID" "$WORK"
	run "$ISOLATE" --net=none --hide "$WORK/secrets" --hide "$WORK/token" \
		sh -c "ls -A $WORK/secrets; cat $WORK/token; echo end; echo x >$WORK/token"
	[ "${lines[0]}" = end ]
	[[ "$output" == *"Read-only file system"* ]]
	[ "$(cat "$WORK/token")" = token ]
}

@test "fs: --hide of a missing path is nothing to hide" {
	run "$ISOLATE" --net=none --hide "$WORK/none" true
	[ "$status" -eq 0 ]
}

@test "fs: --private-tmp: an empty /tmp and /var/tmp, gone at exit" {
	run "$ISOLATE" --net=none --private-tmp sh -c "ls -A /tmp /var/tmp; stat -c %a /tmp; touch /tmp/$MARK /var/tmp/$MARK && echo ok"
	[ "$status" -eq 0 ]
	[[ "$output" == *1777* ]]
	[[ "$output" == *ok ]]
	[[ "$output" != *isolate-fs.* ]]
	[ ! -e "/tmp/$MARK" ] && [ ! -e "/var/tmp/$MARK" ]
}

# --- --root ---

@test "fs: --root: a busybox tree, the host's root unreachable, fresh /proc and a minimal /dev" {
	make_rootfs "$WORK/root"
	run "$ISOLATE" --net=none --root "$WORK/root" sh -c 'ls /; ls /dev | wc -l; ps | wc -l; cat /proc/self/mountinfo | while read -r id parent dev root point rest; do [ "$point" = / ] && echo root; done | wc -l; test -e /usr && echo host-usr; true'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = bin ]
	[[ "$output" != *host-usr* ]]
	# One root in the mount table: the host's is detached.
	[[ "$output" == *$'\n1' ]]
}

@test "fs: --root masks /proc as OCI runtimes do" {
	make_rootfs "$WORK/root"
	run "$ISOLATE" --net=none --root "$WORK/root" sh -c 'wc -c </proc/keys; wc -c </proc/timer_list; grep " /proc/sys " /proc/self/mountinfo'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = 0 ]
	[[ "${lines[2]}" == *" /proc/sys ro,"* ]]
}

@test "fs: --root with binds into it, and generated /etc files" {
	make_rootfs "$WORK/root"
	mkdir "$WORK/data"
	echo d >"$WORK/data/f"
	run "$ISOLATE" --net=none --hostname rooted --root "$WORK/root" --ro-bind "$WORK/data" /data --tmpfs /tmp \
		sh -c 'cat /data/f /etc/hostname; grep rooted /etc/hosts'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = d ]
	[ "${lines[1]}" = rooted ]
	[[ "${lines[2]}" == *rooted ]]
	[ -z "$(cat "$WORK/root/etc/hostname")" ]
}

@test "fs: --root refuses a symlink in DEST that leads outside the root" {
	make_rootfs "$WORK/root"
	ln -s ../../../../../../../../etc "$WORK/root/escape"
	run "$ISOLATE" --net=none --root "$WORK/root" --tmpfs /escape/x true
	[ "$status" -eq 125 ]
	assert_one_error_line "--tmpfs /escape/x: '/escape/x': a symlink in it leads outside the root"
}

@test "fs: --root works rootless" {
	make_rootfs "$WORK/root"
	run as_user "$SHARED_ISOLATE" --root "$WORK/root" sh -c 'id -u; ls /; touch /tmp/x && echo ok'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *ok ]]
}

# --- the throwaway layer ---

@test "fs: --ephemeral leaves the host unchanged after writes to /usr, /etc and \$HOME" {
	require_root
	run "$ISOLATE" --net=none --map-identity --ephemeral \
		sh -c "echo x >/usr/$MARK && echo x >/etc/$MARK && echo x >\$HOME/$MARK && mkdir /$MARK && cat /usr/$MARK /etc/$MARK \$HOME/$MARK"
	[ "$status" -eq 0 ]
	[ "$output" = $'x\nx\nx' ]
	[ ! -e "/usr/$MARK" ] && [ ! -e "/etc/$MARK" ] && [ ! -e "$HOME/$MARK" ] && [ ! -e "/$MARK" ]
}

@test "fs: --ephemeral as root: one overlay over the root, the host's mounts back on top of it" {
	require_root
	mkdir -p "$WORK/under" "$WORK/rw" "$WORK/ro"
	echo hidden >"$WORK/under/below-the-mount"
	echo host >"$WORK/file"
	echo mounted >"$WORK/over-file"
	cat >"$WORK/inside.sh" <<'EOF'
ls "$1/under"; cat "$1/file"
echo x >"$1/rw/new" && cat "$1/rw/f" "$1/rw/new"
{ touch "$1/ro/x"; } 2>/dev/null || echo ro-refused
{ echo y >"$1/file"; } 2>/dev/null || echo file-refused
echo null >/dev/null && echo dev-ok
grep -c " / / " /proc/self/mountinfo
EOF
	# In a mount namespace of the test's own: a tmpfs over a directory that has a file
	# beneath it, a writable and a read-only tmpfs, and a file bound over a file.
	run unshare -m sh -c '
		mount -t tmpfs -o mode=0777 over "$1/under" && echo top >"$1/under/on-top" &&
		mount -t tmpfs -o mode=0777 rw "$1/rw" && echo w >"$1/rw/f" &&
		mount -t tmpfs -o ro ro "$1/ro" && mount --bind "$1/over-file" "$1/file" &&
		"$2" -v --net=none --map-identity --ephemeral sh "$1/inside.sh" "$1" && ls "$1/rw"' sh "$WORK" "$ISOLATE"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"--ephemeral: one overlay over /, made on the host side; its mounts put back on it"* ]]
	# What the host's tmpfs hides stays hidden; the bound file shows the bound content
	# and is read-only; the old root is gone (one "/"); writes reach no host mount.
	[ "$(grep -v '^isolate: ' <<<"$output")" = "$(printf '%s\n' on-top mounted w x ro-refused file-refused dev-ok 1 f)" ]
	[ ! -e "$WORK/rw/new" ]
}

@test "fs: --ephemeral --map-identity writes where the sandbox may, owners kept (root's /tmp)" {
	require_root
	run "$ISOLATE" -v --net=none --map-identity --ephemeral sh -c "echo x >/tmp/$MARK && mkdir -p /var/tmp/$MARK/d && cat /tmp/$MARK && stat -c '%a %u' /tmp"
	[ "$status" -eq 0 ]
	[[ "$output" == *"--ephemeral: one overlay over /, made on the host side"* ]]
	[ "$(grep -v '^isolate: ' <<<"$output")" = $'x\n1777 0' ]
	[ ! -e "/tmp/$MARK" ] && [ ! -e "/var/tmp/$MARK" ]
}

@test "fs: --ephemeral as root with root inside nobody: the overlays are made inside, so /etc and /usr are writable" {
	require_root
	run "$ISOLATE" -v --net=none --ephemeral sh -c "echo x >/etc/$MARK && echo y >/usr/$MARK && cat /etc/$MARK /usr/$MARK"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" != *"made on the host side"* ]]
	[ "$(grep -v '^isolate: ' <<<"$output")" = $'x\ny' ]
	[ ! -e "/etc/$MARK" ] && [ ! -e "/usr/$MARK" ]
}

@test "fs: --ephemeral made inside keeps each directory's mode whatever the umask (/tmp stays 1777), as root and rootless" {
	require_root
	mkdir -p "$WORK/sk/m"
	chmod 1777 "$WORK/sk"
	chmod 0750 "$WORK/sk/m"
	# $WORK/sk holds a mount, so it is remade entry by entry; the tmpfs in it, /usr and
	# /tmp (or what holds $WORK there) get overlays whose tops the sandbox makes.
	run unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs -o mode=0750 t "$1/sk/m" && umask 077 &&
		"$2" --net=none --ephemeral stat -c "%a %n" /usr /tmp "$1/sk" "$1/sk/m"' sh "$WORK" "$ISOLATE"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "$(stat -c '%a %n' /usr /tmp "$WORK/sk" "$WORK/sk/m")" ]
	run as_user sh -c 'umask 077 && "$0" --ephemeral stat -c "%a %n" /usr /tmp' "$SHARED_ISOLATE"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[ "$output" = "$(stat -c '%a %n' /usr /tmp)" ]
}

@test "fs: --ephemeral --share=user: the same one overlay" {
	require_root
	run "$ISOLATE" -v --net=none --share=user --ephemeral sh -c "echo x >/usr/$MARK && cat /usr/$MARK"
	[ "$status" -eq 0 ]
	[[ "$output" == *"--ephemeral: one overlay over /, made on the host side"* ]]
	[[ "$output" == *$'\nx'* ]]
	[ ! -e "/usr/$MARK" ]
}

@test "fs: --ephemeral rootless" {
	mkdir "$WORK/mine"
	chown "$NOBODY_UID:$NOBODY_GID" "$WORK/mine"
	run as_user "$SHARED_ISOLATE" -v --ephemeral sh -c "echo x >$WORK/mine/f && cat $WORK/mine/f"
	[ "$status" -eq 0 ]
	# The kernel locks the host's mounts in a rootless sandbox: an overlay per directory.
	[[ "$output" == *"--ephemeral: an overlay for each directory of / that holds no mount"* ]]
	# PROGRAM's output and the -v trace interleave: find the line, not its position.
	grep -qx x <<<"$output"
	[ ! -e "$WORK/mine/f" ]
}

@test "fs: --ephemeral over --root" {
	make_rootfs "$WORK/root"
	run as_user "$SHARED_ISOLATE" --root "$WORK/root" --ephemeral sh -c 'echo x >/etc/new && rm /etc/passwd && ls /etc'
	[ "$status" -eq 0 ]
	[[ "$output" == *new* ]] && [[ "$output" != *passwd* ]]
	[ ! -e "$WORK/root/etc/new" ] && [ -e "$WORK/root/etc/passwd" ]
}

@test "fs: --keep-changes records exactly the written files" {
	make_rootfs "$WORK/root"
	mkdir "$WORK/changes"
	chown "$NOBODY_UID:$NOBODY_GID" "$WORK/changes"
	run as_user "$SHARED_ISOLATE" --root "$WORK/root" --keep-changes "$WORK/changes" \
		sh -c 'echo a >/etc/new; echo b >/tmp/t; rm /etc/passwd'
	[ "$status" -eq 0 ]
	[ "$(cd "$WORK/changes/upper" && find . ! -type d | sort | tr '\n' ' ')" = "./etc/new ./etc/passwd ./tmp/t " ]
	[ "$(cat "$WORK/changes/upper/etc/new")" = a ]
	# A removal is a whiteout: a 0/0 character device.
	[ -c "$WORK/changes/upper/etc/passwd" ]
	[ ! -e "$WORK/root/etc/new" ] && [ -e "$WORK/root/etc/passwd" ]
}

@test "fs: --keep-changes over the host's root mirrors the paths written" {
	require_root
	run "$ISOLATE" --net=none --map-identity --keep-changes "$WORK/changes" sh -c "echo x >/usr/$MARK; echo y >/etc/$MARK"
	[ "$status" -eq 0 ]
	[ "$(cd "$WORK/changes/upper" && find . ! -type d | sort | tr '\n' ' ')" = "./etc/$MARK ./usr/$MARK " ]
	[ ! -e "/usr/$MARK" ] && [ ! -e "/etc/$MARK" ]
}

@test "fs: --keep-changes on a filesystem that cannot be an upper layer is refused" {
	require_root
	mkdir -p "$WORK/l" "$WORK/u" "$WORK/w" "$WORK/o"
	chown "$NOBODY_UID:$NOBODY_GID" "$WORK/l" "$WORK/u"
	run unshare -m sh -c 'mount -t overlay -o lowerdir="$1/l",upperdir="$1/u",workdir="$1/w" ov "$1/o" && exec "$2" --net=none --keep-changes "$1/o/kc" true' \
		sh "$WORK" "$ISOLATE"
	[ "$status" -eq 125 ]
	assert_one_error_line "--keep-changes $WORK/o/kc: the kernel refuses an overlay"
}

@test "fs: an overlay the kernel refuses: one line, 125, the option named, with a hint" {
	# A real refusal: overlays stack at most two deep (the kernel's FILESYSTEM_MAX_STACK_DEPTH),
	# so a third --ephemeral inside two others cannot have one.
	run "$ISOLATE" --quiet --net=none --ephemeral "$ISOLATE" --quiet --net=none --ephemeral \
		"$ISOLATE" --net=none --ephemeral true
	[ "$status" -eq 125 ]
	assert_one_error_line "--ephemeral: the kernel refuses an overlay over '/" "Invalid argument" \
		"the kernel stacks overlays at most two deep"
	# Two deep is fine, where the host's root is not an overlay already (a container's).
	[ "$(stat -f -c %T /)" != overlayfs ] || return 0
	run "$ISOLATE" --quiet --net=none --ephemeral "$ISOLATE" --net=none --ephemeral true
	[ "$status" -eq 0 ]
}

# --- faults ---

@test "fault: the kernel refuses a sysfs of our own: /sys/class/net is masked, and -v says why" {
	require_root
	# A mount over part of the host's /sys makes the kernel refuse a new sysfs in a user namespace.
	run unshare -m sh -c 'mount -t tmpfs none /sys/kernel && exec "$1" -v --net=none sh -c "ls -A /sys/class/net | wc -l"' sh "$ISOLATE"
	[ "$status" -eq 0 ]
	[[ "$output" == *"refuses a sysfs of our own"*"/sys/class/net is masked"* ]]
	grep -qx 0 <<<"$output"
	# --ephemeral puts the host's /sys in its overlay only then: back, and masked.
	run unshare -m sh -c 'mount -t tmpfs none /sys/kernel && exec "$1" -v --net=none --ephemeral sh -c "ls -A /sys/class/net | wc -l; ls /sys/fs/cgroup /sys/kernel >/dev/null && echo host-sys"' sh "$ISOLATE"
	[ "$status" -eq 0 ]
	[[ "$output" == *"/sys/class/net is masked"* ]]
	[ "$(grep -v '^isolate: ' <<<"$output")" = $'0\nhost-sys' ]
}

@test "fault: a bind fails at its step: one line, exit 125, nothing left" {
	run "$ISOLATE" --net=none --tmpfs /mnt --ro-bind /etc/hostname /mnt/sub/file --bind /etc /mnt/sub/file true
	[ "$status" -eq 125 ]
	assert_one_error_line "--bind /etc /mnt/sub/file: cannot bind a directory over a file"
}

@test "fault: a mount point cannot be created: the option is named, with a hint" {
	run "$ISOLATE" --net=none --tmpfs /nonexistent-dir-isolate/x true
	[ "$status" -eq 125 ]
	assert_one_error_line "--tmpfs /nonexistent-dir-isolate/x: create the mount point" "Permission denied" "create it first"
}
