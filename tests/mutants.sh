#!/bin/sh
# tests/mutants.sh [NAME...] - mutation tests, TAP output. Each mutant is a one-line change
# to src/ that breaks one property isolate promises; at least one of the tests it names
# must then fail. A mutant that survives means that property is untested. The changes
# go to a copy of the tree, never to the real one; the tests run against the copy's
# binary through $ISOLATE, each file in tests/in-netns as under `make check`.
#
# One row per mutant, fields separated by " | " (a "|" without spaces is part of a field):
#   name | anchor | edit | tests
# anchor: a fixed string that must occur on exactly one line of src/ (*.c and *.h, in any
#   subdirectory). No file names or line numbers: the mutant follows the code when files
#   are renamed or split. An anchor that matches no line, or several, is a failure: the
#   mutant needs a new anchor.
# edit: "A => B" replaces the first A on that line with B (B may be empty); "delete"
#   removes the line. "0 && call(...)" keeps the call in the code but never makes it.
# tests: a bats file in tests/, optionally followed by a --filter regex for test names.
# A mutant the tests did not kill gets a second run of them (some killers race the kernel);
# it survives only if neither run fails.
MUTANTS=$(cat <<'EOF'
dumpable           | prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)              | prctl(PR_SET_DUMPABLE => 0 && prctl(PR_SET_DUMPABLE           | security.bats ^/proc/1/exe, environ and mem: EACCES
rprivate           | mount(NULL, "/", NULL,                           | mount(NULL, "/", NULL, => 0 && mount(NULL, "/", NULL,         | namespaces.bats ^--share=user: neither
signal-once        | return si->si_code == SI_QUEUE && si->si_pid == getppid(); | si->si_code == SI_QUEUE && => si->si_code != -12345 || | interactive.bats ^Ctrl-C reaches PROGRAM exactly once
signal-once-group  | return si->si_code == SI_QUEUE && si->si_pid == getppid(); | si->si_code == SI_QUEUE && => si->si_code != -12345 || | hardening.bats not passed on again by init
keyring            | if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING | syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL, 0, 0, 0) >= 0 => 1 | hardening.bats session keyring
process-group      | if (!c->plan->await_start && setpgid(0, 0) < 0)  | setpgid(0, 0) < 0 => 0                                        | hardening.bats kill\(0, SIGTERM\) reaches only the sandbox
process-group-tty  | if (setpgid(child, child) < 0)                   | setpgid(child, child) < 0 => 0                                | interactive.bats ^PROGRAM's kill\(0\) does not reach the rest
start-barrier-tty  | p->register_name || f->ctty;                     | f->ctty => (f->ctty && 0)                                    | hardening.bats ^on isolate's terminal, the sandbox's process group is the foreground
pdeathsig-rearm    | stay_tied(plan, report_fd, parent, &err) < 0)    | stay_tied(plan, report_fd, parent, &err) < 0 => (0 && stay_tied(plan, report_fd, parent, &err) < 0) | hardening.bats --uid: PROGRAM dies with isolate's kill -9
share-pid-cleanup  | if (!(plan->share & NS_BIT(NS_PID)))             | !(plan->share & NS_BIT(NS_PID)) => 1                          | hardening.bats ^--share=pid: background
no-new-privs       | prctl(PR_SET_NO_NEW_PRIVS, 1                     | !plan->spec->allow_new_privs && => 0 &&                       | security.bats ^no_new_privs is on by default
mnl-before-clone   | if (sb->plan->net.mode != NET_VETH && sb->plan->net.mode != NET_PASTA) | if (sb->plan->net.mode != NET_VETH && => if (1 || | startup.bats ^a veth run loads libmnl once, before clone
close-range        | return close_other_fds(                         | close_other_fds( => 0 && close_other_fds(                     | security.bats ^isolate's init holds only fds 0-2
tiocsti            | if (plan->spec->seccomp != SECCOMP_DEFAULT && deny_tty_injection(err) < 0) | deny_tty_injection( => 0 && deny_tty_injection( | security.bats TIOCSTI stays refused under --seccomp=unconfined
default-filter     | if (install(seccomp_default_prog,                | install(seccomp_default_prog, => 0 && install(seccomp_default_prog, | seccomp.bats ^the default profile refuses keyctl
disable-userns     | install(seccomp_nouserns_prog,                   | install(seccomp_nouserns_prog, => 0 && install(seccomp_nouserns_prog, | seccomp.bats ^--disable-userns: unshare -U
profile-file       | if (install(plan->seccomp_file.prog,             | install(plan->seccomp_file.prog, => 0 && install(plan->seccomp_file.prog, | seccomp.bats ^a custom profile that denies mkdir
landlock           | if (syscall(SYS_landlock_restrict_self           | syscall(SYS_landlock_restrict_self => 0 && syscall(SYS_landlock_restrict_self | landlock.bats ^--landlock --rw DIR
no-userns-caps     | if (plan->no_userns)                             | plan->no_userns => 0 && plan->no_userns                       | landlock.bats ^--no-userns runs id
default-map        | p->map_uid = FALLBACK_UID;                       | FALLBACK_UID => 0                                             | idmap.bats ^as root without SUDO_UID
default-map-sudo   | if (!f->sudo_uid)                                | !f->sudo_uid => 1 || !f->sudo_uid                             | idmap.bats ^as root under sudo
pool-lock          | fd = take_lock(err);                             | take_lock(err) => 0 ? take_lock(err) : socket(AF_UNIX, SOCK_STREAM, 0) | net.bats ^SIGTERM while waiting for the allocation lock
subnet-claim       | claim = bind_abstract(&a, alen);                 | bind_abstract(&a, alen) => alen ? socket(AF_UNIX, SOCK_STREAM, 0) : -1 | net.bats ^(the pool skips subnets claimed|50 sandboxes started at once)
probe-typed-routes | return error_code(h) == ENETUNREACH ? 0         | == ENETUNREACH => != -1                                       | net.bats ^the pool skips subnets behind unreachable
probe-fast-path    | claim = probe_free(nl, pool, prefix              | probe_free( => -2 + 0 * probe_free(                           | net.bats ^the pool probes candidates with route lookups
join-seccomp-prog  | return same_seccomp_program(j, err);              | same_seccomp_program(j, err) => 0 * same_seccomp_program(j, err) + seccomp_prepare(&j->plan, err) | instances.bats ^join: the joiner runs under the instance's seccomp profile
cgroup-base        | remove_base(d->path);                            | remove_base(d->path) => (void)d                               | limits.bats ^the isolate/ directory of the cgroups goes with the last
dns-guard          | if (!w->publish_v4 && !w->dns)                   | !w->publish_v4 && !w->dns => w                                | dns.bats ^a stub resolver on the host's loopback without
fw-check           | if (fw_forward_drop(sock,                        | fw_forward_drop( => 0 * fw_forward_drop(                      | nat.bats ^a host firewall that drops forwarded traffic
fw-prefilter       | return hooked;                                   | hooked => hooked && 0                                        | nat.bats ^a host firewall that drops forwarded traffic
accept_ra          | { "ipv6", "accept_ra", "0" },                    | "0" => "1"                                                    | net.bats ^F1: a router advertisement
nft-owner          | NFTNL_TABLE_FLAGS, NFT_TABLE_F_OWNER);           | delete                                                        | nat.bats ^egress: one table owned
setgroups-deny     | write_proc(pid, "setgroups", "deny"              | !plan->privileged && => 0 &&                                  | rootless.bats setgroups denied first
signal-set         | SIGUSR1, SIGUSR2, SIGWINCH                       | SIGUSR1, =>                                                   | signals.bats ^SIGHUP, SIGUSR1, SIGUSR2 and SIGQUIT are forwarded
fail-reap          | while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) | waitpid( => 0 && waitpid(                                  | faults.bats reports a failure, it holds only
fail-fds           | _cleanup_fd_ int caller                          | _cleanup_fd_ int caller => int caller                         | faults.bats reports a failure, it holds only
binary-not-script  | if (is_binary(path))                             | is_binary(path) => 0 && is_binary(path)                       | exec.bats ^a binary for another machine
mapping-notes      | notice_probe(name, prep->path, report_fd);       | delete                                                        | notes.bats ^PROGRAM fails in a directory the sandbox's root cannot enter
memory-limit       | write_limit(dirfd, "memory.limit_in_bytes", value, err) | write_limit( => 0 && write_limit(                      | limits.bats ^--memory: a memory hog
v1-self-move       | cg->dirs[i].v2 ? "cgroup.procs" : "tasks"        | cg->dirs[i].v2 ? "cgroup.procs" : "tasks" => "cgroup.procs"   | limits.bats ^cgroup v1: the child moves itself in
v1-join            | if (!c->cg || c->in_cgroup)                      | if (!c->cg || => if (1 ||                                     | limits.bats ^--memory: a memory hog is OOM-killed \(v1\)
init-parent-stack  | if (setup_stack && parent_frame)                 | if (setup_stack && => if (0 &&                               | startup.bats ^once PROGRAM runs, init keeps no more of its copy
parent-stack       | give_back_setup_stack();                         | give_back_setup_stack(); => if (0) give_back_setup_stack();   | startup.bats ^once PROGRAM runs, isolate gives back
owner-lock         | if (fcntl(fd, F_OFD_SETLK, &fl) < 0)             | fcntl( => 0 && fcntl(                                         | limits.bats ^a live sandbox's cgroup is never taken
clone-into-cgroup  | .flags = (uint64_t)(unsigned)flags               | CLONE_INTO_CGROUP, => 0,                                      | limits.bats ^cgroup v2 on the unified tree
lazy-stats         | return p->spec->limits.report_path || p->spec->limits.report_fd >= 0 || exit_code == 128 + SIGKILL; | return p->spec => return 1 || p->spec | limits.bats ^the cgroup statistics are read only when
stale-cleanup      | if (p->cgroup.lock_dir[0])                       | lock_dir[0]) => lock_dir[0] && 0)                             | limits.bats ^no cgroup is left after 60 runs
kill-after         | return lt->kill_sent ? 0 : end_sandbox(sb, lt, SIGKILL, err); | SIGKILL, err => SIGTERM, err                     | limits.bats ^--timeout: SIGKILL --kill-after later
start-barrier-veth | p->await_start = p->net.mode == NET_VETH ||       | p->net.mode == NET_VETH || =>                                 | nat.bats ^the table is in place before PROGRAM starts
setup-ended        | "the sandbox ended during its setup without a report"); | return error_set(err, 0, "the sandbox ended during its setup without a report") => return 0 | faults.bats ^fault: the sandbox killed during its setup
init-stack         | give_back_dead_stack(setup_stack, parent_frame, stack, sizeof(stack)); | (setup_stack, parent_frame, stack, sizeof(stack)) => (setup_stack && 0 ? setup_stack : NULL, parent_frame, stack, 0) | startup.bats ^once PROGRAM runs, init keeps
sealed-record      | r = read_sealed(ref, name, err);                 | read_sealed( => 0 && read_sealed(                            | instances.bats ^record: a record the sandbox rewrites
join-landlock      | if (same_landlock(j, err) < 0)                   | same_landlock( => 0 && same_landlock(                        | instances.bats ^join: a --landlock instance's joiner writes
landlock-same-file | if (r->same_file && ((uint64_t)st.st_dev != r->dev | r->same_file && => 0 &&                                   | instances.bats Landlock rule whose path the sandbox has replaced
join-cgroup        | if (cgroup_enter(&j->cg, "join the instance's cgroup", &err) < 0) { | cgroup_enter(&j->cg, "join the instance's cgroup", &err) < 0 => 0 | instances.bats ^join: the joiner is in the instance's cgroups
table-handoff      | lifetime_hold_past_exit(mnl_socket_get_fd(nat->sock)); | delete | nat.bats ^the table is released after isolate exits
handoff-alone      | if ((fd > 0 && close_range(0, (unsigned)fd - 1, 0) < 0) | (fd > 0 && => (0 && | nat.bats ^the table is released after isolate exits
veth-host-linger   | if (name_freed(name)) {                          | name_freed(name) => 0 && name_freed(name)                    | net.bats ^--veth-host: the same name again right after a run
table-rename       | if (err->errnum != EEXIST || t->failed != 1 || try >= TABLE_TRIES) | err->errnum != EEXIST => 1                                 | nat.bats ^a table of the host end.s name that still stands
cgroup-usual       | if (!probe_cgroup_mounts_usual(cg))                | !probe_cgroup_mounts_usual(cg) => 1 || !probe_cgroup_mounts_usual(cg) | limits.bats ^the cgroup hierarchies: found under
cgroup-usual-check | if (!is_fs(v1[c], CGROUP_SUPER_MAGIC))             | !is_fs(v1[c], CGROUP_SUPER_MAGIC) => 0                       | limits.bats ^the cgroup hierarchies: found under
ephemeral-top-mode | fchmodat(e->upper, up, st.st_mode & 07777, 0) < 0 | fchmodat(e->upper, up, st.st_mode & 07777, 0) < 0 => 0 | fs.bats ^fs: --ephemeral made inside keeps each directory's mode
ephemeral-dir-mode | if (mkdir_mode_at(dst, name, st.st_mode & 07777) < 0 | mkdir_mode_at( => mkdirat(                          | fs.bats ^fs: --ephemeral made inside keeps each directory's mode
EOF
)

# Seconds for one bats run (tests/in-netns kills the whole file at the limit).
ISOLATE_TEST_TIMEOUT=${MUTANT_TEST_TIMEOUT:-120}
export ISOLATE_TEST_TIMEOUT

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP the mutants' tests need root (most would skip and let every mutant survive)"
	exit 0
fi

SRC=$(cd "$(dirname "$0")/.." && pwd) || exit 1
TESTS_DIR=${TESTS_DIR:-$SRC/tests}
BUILD_DIR=${BUILD_DIR:-$SRC}
MAKE=${MAKE:-make}
SEP=$(printf '\037')

WORK=$(mktemp -d "${TMPDIR:-/tmp}/isolate-mutants.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM
chmod 0755 "$WORK"
TREE=$WORK/tree

# The rows, one per line, fields separated by \037, blanks around them trimmed.
rows() {
	printf '%s\n' "$MUTANTS" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
		-e "s/[[:space:]]\{1,\}|[[:space:]]\{1,\}/$SEP/g" | grep -v '^$'
}

# Keep only the mutants named on the command line, if any.
selected() {
	[ $# -eq 0 ] && return 0
	for want in "$@"; do
		[ "$want" = "$name" ] && return 0
	done
	return 1
}

total=0
for arg in "$@"; do
	rows | cut -d "$SEP" -f 1 | grep -qxF -- "$arg" || { echo "mutants.sh: no mutant named '$arg'" >&2; exit 2; }
done
total=$(rows | while IFS=$SEP read -r name _; do selected "$@" && echo; done | wc -l)
echo "1..$total"

# A copy of the tree to mutate. A tree configured in place is copied with its objects, so
# each mutant recompiles one file; otherwise the copy is configured as the build was.
setup_tree() {
	mkdir "$TREE" || return 1
	tar -C "$SRC" --exclude=./.git --exclude='*.log' --exclude='*.trs' \
		--exclude=./tests/sanitizer-logs -cf - . | tar -C "$TREE" -xf - || return 1
	chmod -R u+w "$TREE"
	if ! { [ -f "$SRC/config.status" ] &&
		[ "$(cd "$SRC" && pwd -P)" = "$(cd "$BUILD_DIR" && pwd -P)" ]; }; then
		(
			cd "$TREE" || exit 1
			[ -x configure ] || ./autogen.sh || exit 1
			args=
			[ -x "$BUILD_DIR/config.status" ] && args=$("$BUILD_DIR/config.status" --config)
			# config.status quotes the arguments for the shell.
			eval "./configure $args"
		) >"$WORK/configure.log" 2>&1 || { sed 's/^/# /' "$WORK/configure.log" | tail -n 20; return 1; }
	fi
	$MAKE -C "$TREE" isolate >"$WORK/build.log" 2>&1 || { sed 's/^/# /' "$WORK/build.log" | tail -n 20; return 1; }
	mkdir "$WORK/orig" && cp -p "$TREE/isolate" "$WORK/orig/isolate"
}
if ! setup_tree; then
	i=0
	rows | while IFS=$SEP read -r name _; do
		selected "$@" || continue
		i=$((i + 1))
		echo "not ok $i - mutant $name: the unmutated copy of the tree does not build"
	done
	exit 1
fi

# run_tests BINARY FILE FILTER LOG: the named tests against BINARY, TAP into LOG.
run_tests() {
	(
		cd "$TESTS_DIR/.." || exit 1
		ISOLATE=$1
		export ISOLATE
		if [ -n "$3" ]; then
			sh "$TESTS_DIR/in-netns" bats --tap --filter "$3" "$TESTS_DIR/$2"
		else
			sh "$TESTS_DIR/in-netns" bats --tap "$TESTS_DIR/$2"
		fi
	) </dev/null >"$4" 2>&1
}

# Each distinct set of tests runs once unmutated: a mutant "killed" by tests that fail
# anyway, or that match no test, proves nothing. Prints the reason when the baseline is bad.
baseline() {
	key=$(printf '%s\n%s\n' "$1" "$2" | cksum | cut -d ' ' -f 1)
	if [ ! -f "$WORK/baseline.$key" ]; then
		if run_tests "$WORK/orig/isolate" "$1" "$2" "$WORK/baseline.$key.tap" &&
			grep '^ok ' "$WORK/baseline.$key.tap" | grep -qv ' # skip'; then
			echo ok >"$WORK/baseline.$key"
		elif grep -q '^not ok ' "$WORK/baseline.$key.tap"; then
			echo "its tests fail without the mutant" >"$WORK/baseline.$key"
		elif grep -q '^ok ' "$WORK/baseline.$key.tap"; then
			echo "its tests were all skipped" >"$WORK/baseline.$key"
		else
			echo "its tests ran no test (no file, or no name matches the filter)" >"$WORK/baseline.$key"
		fi
	fi
	[ "$(cat "$WORK/baseline.$key")" = ok ] && return 0
	cat "$WORK/baseline.$key"
	sed 's/^/# /' "$WORK/baseline.$key.tap" | tail -n 20 >&2
	return 1
}

i=0
failed=0
start=$(date +%s)
rows >"$WORK/rows"
while IFS=$SEP read -r name anchor edit tests; do
	selected "$@" || continue
	i=$((i + 1))
	file=${tests%% *}
	filter=${tests#"$file"}
	filter=${filter# }
	t0=$(date +%s)
	result=
	diag=

	matches=$(cd "$TREE" && grep -rnF --include='*.c' --include='*.h' -e "$anchor" src)
	count=$(printf '%s' "$matches" | grep -c .)
	if [ "$count" -ne 1 ]; then
		[ "$count" -eq 0 ] && why="anchor not found" || why="anchor not unique"
		result="not ok $i - mutant $name: $why ($count lines of src/ match '$anchor')"
		diag=$matches
	else
		src=${matches%%:*}
		rest=${matches#*:}
		line=${rest%%:*}
		text=${rest#*:}
		cp -p "$TREE/$src" "$WORK/saved"
		case $edit in
		delete)
			awk -v n="$line" 'NR != n' "$WORK/saved" >"$TREE/$src"
			;;
		*" => "* | *" =>")
			MUT_A=${edit%% =>*}
			MUT_B=${edit#"$MUT_A =>"}
			MUT_B=${MUT_B# }
			export MUT_A MUT_B
			case $text in
			*"$MUT_A"*)
				awk -v n="$line" 'NR == n {
					i = index($0, ENVIRON["MUT_A"])
					$0 = substr($0, 1, i - 1) ENVIRON["MUT_B"] substr($0, i + length(ENVIRON["MUT_A"]))
				} { print }' "$WORK/saved" >"$TREE/$src"
				;;
			*)
				result="not ok $i - mutant $name: '$MUT_A' is not on the anchor's line"
				diag="$src:$line: $text"
				;;
			esac
			;;
		*)
			result="not ok $i - mutant $name: bad edit '$edit' (want 'A => B' or 'delete')"
			;;
		esac
		if [ -z "$result" ]; then
			diag="$src:$line: $(sed -n "${line}p" "$TREE/$src")"
			if ! $MAKE -C "$TREE" isolate >"$WORK/build.log" 2>&1; then
				result="not ok $i - mutant $name: does not build"
				diag="$diag
$(tail -n 20 "$WORK/build.log")"
			elif cmp -s "$TREE/isolate" "$WORK/orig/isolate"; then
				result="not ok $i - mutant $name: the edit does not change the binary"
			elif ! why=$(baseline "$file" "$filter" 2>"$WORK/why"); then
				result="not ok $i - mutant $name: $why"
				diag="$diag
$(cat "$WORK/why")"
			else
				# A second run for a mutant the first did not kill: some killers race
				# the kernel (two copies of a signal merge while one is pending, more
				# often under load), and a kill in either run is a test that can fail.
				for attempt in 1 2; do
					run_tests "$TREE/isolate" "$file" "$filter" "$WORK/mutant.tap"
					rc=$?
					[ "$rc" -eq 0 ] && ! grep -q '^Bail out!' "$WORK/mutant.tap" || break
				done
				if [ "$rc" -eq 137 ] || grep -q '^Bail out!' "$WORK/mutant.tap"; then
					result="not ok $i - mutant $name: its tests hung (killed after ${ISOLATE_TEST_TIMEOUT} s)"
					diag="$diag
$(tail -n 20 "$WORK/mutant.tap")"
				elif [ "$rc" -ne 0 ] && grep -q '^not ok ' "$WORK/mutant.tap"; then
					result="ok $i - mutant $name killed"
					[ "$attempt" = 1 ] || result="$result (by the second run)"
					diag="$diag
by: $(grep '^not ok ' "$WORK/mutant.tap" | sed 's/^not ok [0-9]* //' | paste -sd ';' -)"
				else
					result="not ok $i - mutant $name survived"
					diag="$diag
$(cat "$WORK/mutant.tap")"
				fi
			fi
		fi
		# Restore, newer than the mutant's object so the next build recompiles it.
		cp "$WORK/saved" "$TREE/$src"
		touch "$TREE/$src"
	fi
	case $result in
	ok*) ;;
	*) failed=$((failed + 1)) ;;
	esac
	echo "$result"
	printf '%s\n' "$diag" "($(($(date +%s) - t0)) s, tests: $tests)" | sed -e '/^$/d' -e 's/^/# /'
done <"$WORK/rows"
echo "# $i mutants, $failed not killed, $(($(date +%s) - start)) s"
[ "$failed" -eq 0 ]
