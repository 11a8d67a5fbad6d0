/* gen-seccomp.c - build-time generator of isolate's built-in seccomp filters.
 *
 * Runs once during the build (never installed) and prints a C header with two classic-BPF
 * programs for this architecture, so that isolate itself loads no libseccomp at run time
 * (linking it costs every start of isolate; see bench/README.md):
 *
 *   seccomp_default_prog   the default profile: every system call libseccomp knows for
 *                          each ABI of the architecture is allowed, except the refused
 *                          list below (EPERM); numbers it does not know get ENOSYS, so a
 *                          C library falls back as on an older kernel. It holds the
 *                          terminal-injection guard (seccomp-guard.h) too: ioctl is
 *                          allowed except for TIOCSTI and TIOCLINUX (EPERM).
 *   seccomp_nouserns_prog  --disable-userns: unshare/clone with CLONE_NEWUSER get EPERM,
 *                          clone3 gets ENOSYS (its flags are in memory a filter cannot
 *                          read; C libraries then fall back to clone).
 *
 * libseccomp gives the syscall tables of every ABI, and compiles the second program. The
 * first is laid out here as a binary search over number ranges: libseccomp's own layout
 * of ~1,000 allow rules took 0.5-1 ms to load, because the kernel runs the filter once per
 * syscall number to fill its action cache (5.11+); the range tree loads in a few
 * microseconds. The generator proves the two equal before it prints anything: it builds
 * libseccomp's filter for the same policy, stacks the guard's own program on it as the
 * kernel stacks two filters, and compares the verdicts for every number of every ABI,
 * each with ioctl requests that the guard refuses and ones it lets through (bpf.c
 * evaluates them), failing the build on any difference.
 *
 * Usage: gen-seccomp            the header on stdout
 *        gen-seccomp --list     the refused system calls, one per line (for the docs' test)
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "seccomp-guard.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The refused list: kernel surface a sandbox has no use for, with a record of
 * exploits, or that acts beyond the sandbox's namespaces. isolate(1) SECURITY gives the
 * reasons by group; keep the two in step (tests/seccomp.bats compares them).
 */
static const char *const refused[] = {
	/* Kernel keyrings are not isolated by the sandbox's namespaces (issue 17, F2). */
	"keyctl", "add_key", "request_key",
	/* Programmable or observing kernel interfaces with a long exploit record. */
	"bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
	"io_uring_register", "fanotify_init",
	/* File handles bypass the mount view (the 2014 "shocker" container escape). */
	"open_by_handle_at",
	/* Host administration: capability-checked against the host anyway, so refusing them
	 * removes surface and costs nothing. */
	"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
	"create_module", "query_module", "get_kernel_syms", "iopl", "ioperm", "acct", "swapon",
	"swapoff", "settimeofday", "stime", "clock_settime", "clock_settime64", "syslog",
	"quotactl", "quotactl_fd", "lookup_dcookie", "vhangup", "pciconfig_iobase",
	"pciconfig_read", "pciconfig_write", "move_pages", "migrate_pages",
	/* Obsolete interfaces no current program needs. */
	"uselib", "nfsservctl", "_sysctl", "sysfs", "ustat", "bdflush", "vm86", "vm86old",
};

/*
 * A region of one ABI's syscall numbers, as the filter sees them: seccomp_data.arch,
 * libseccomp's arch for the table, and the numbers [first, first + count).
 */
struct region {
	uint32_t scmp_arch;
	uint32_t audit_arch;
	uint32_t first, count;
};

/* x32 system calls arrive as AUDIT_ARCH_X86_64 with this bit set in the number. */
#define X32_SYSCALL_BIT 0x40000000u
/* x32's own entry points (its compat calls) start at 512, after the shared numbers. */
#define X32_COMPAT 512u
/* ARM's private calls (breakpoint, cacheflush, set_tls, ...) start here. */
#define ARM_PRIVATE_BASE 0x0f0000u
#define SCAN 4096u

/* By rising numbers within each arch. Numbers of an arch outside its regions: ENOSYS. */
#if defined(__x86_64__)
static const struct region regions[] = {
	{ SCMP_ARCH_X86_64, AUDIT_ARCH_X86_64, 0, X32_COMPAT },
	{ SCMP_ARCH_X32, AUDIT_ARCH_X86_64, X32_SYSCALL_BIT, X32_COMPAT },
	{ SCMP_ARCH_X32, AUDIT_ARCH_X86_64, X32_SYSCALL_BIT + X32_COMPAT, SCAN - X32_COMPAT },
	{ SCMP_ARCH_X86, AUDIT_ARCH_I386, 0, SCAN },
};
#elif defined(__aarch64__)
static const struct region regions[] = {
	{ SCMP_ARCH_AARCH64, AUDIT_ARCH_AARCH64, 0, SCAN },
	{ SCMP_ARCH_ARM, AUDIT_ARCH_ARM, 0, SCAN },
	{ SCMP_ARCH_ARM, AUDIT_ARCH_ARM, ARM_PRIVATE_BASE, 16 },
};
#else
/* clone's flags argument is not argument 0 everywhere (s390), and the ABIs differ. */
#error "add this architecture's ABIs to gen-seccomp.c"
#endif
#define N_REGIONS (sizeof(regions) / sizeof(regions[0]))

/*
 * A run of unknown numbers shorter than this, between two known ones of a region, is
 * unassigned in the kernel that the table describes (numbers are handed out at the end
 * of a region; the gaps are numbers kept free to line ABIs up, or 64-bit-only calls in
 * x32's table): the kernel answers ENOSYS there itself, so the filter lets them through
 * rather than spend instructions on them. Longer runs and every number above the
 * highest known one get ENOSYS from the filter: those are where new calls appear.
 */
#define HOLE_MAX 32u

/* The audit arches in the filter's order, each once. */
static uint32_t arches[N_REGIONS];
static size_t n_arches;

#define RET_ENOSYS (SECCOMP_RET_ERRNO | ENOSYS)
#define RET_EPERM (SECCOMP_RET_ERRNO | EPERM)
/* Not a return the filter makes: "ioctl, judged by its request" (the guard's test). */
#define VERDICT_IOCTL 0xffffffffu

static _Noreturn void die(const char *what, int e)
{
	(void)fprintf(stderr, "gen-seccomp: %s%s%s\n", what, e ? ": " : "", e ? strerror(e) : "");
	exit(1);
}

static bool is_refused(const char *name)
{
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (strcmp(refused[i], name) == 0)
			return true;
	return false;
}

/* One number's verdict under the policy, or 0 if libseccomp does not know the number. */
static uint32_t policy(const struct region *g, uint32_t nr)
{
	char *name = seccomp_syscall_resolve_num_arch(g->scmp_arch, (int)nr);
	uint32_t ret;

	if (!name)
		return 0;
	ret = is_refused(name) ? RET_EPERM : strcmp(name, "ioctl") == 0 ? VERDICT_IOCTL : SECCOMP_RET_ALLOW;
	free(name);
	return ret;
}

/* The verdicts of one arch over all 2^32 numbers, as ranges by rising start. */
struct range {
	uint32_t start; /* the range runs to the next one's start */
	uint32_t ret;
	bool hole;      /* unknown numbers let through (see HOLE_MAX) */
};
static struct range ranges[N_REGIONS][SCAN];
static size_t n_ranges[N_REGIONS];

static void add_range(size_t arch, uint32_t start, uint32_t ret, bool hole)
{
	struct range *r = ranges[arch];
	size_t *n = &n_ranges[arch];

	if (*n && r[*n - 1].ret == ret && r[*n - 1].hole == hole)
		return;
	if (*n && r[*n - 1].start == start) {
		r[*n - 1] = (struct range){ start, ret, hole };
		return;
	}
	if (*n >= SCAN)
		die("too many ranges", 0);
	r[(*n)++] = (struct range){ start, ret, hole };
}

static void region_ranges(size_t arch, const struct region *g)
{
	static uint32_t v[SCAN];
	uint32_t top = 0;

	for (uint32_t k = 0; k < g->count; k++)
		if ((v[k] = policy(g, g->first + k)))
			top = k;
	for (uint32_t k = 0; k < g->count;) {
		uint32_t run = 0;

		if (v[k]) {
			add_range(arch, g->first + k, v[k], false);
			k++;
			continue;
		}
		while (k + run < g->count && !v[k + run])
			run++;
		add_range(arch, g->first + k, k < top && run < HOLE_MAX ? SECCOMP_RET_ALLOW : RET_ENOSYS,
			  k < top && run < HOLE_MAX);
		k += run;
	}
	if (g->first + g->count != 0)
		add_range(arch, g->first + g->count, RET_ENOSYS, false);
}

static void build_ranges(void)
{
	for (size_t i = 0; i < N_REGIONS; i++) {
		size_t j;

		for (j = 0; j < n_arches && arches[j] != regions[i].audit_arch; j++)
			;
		if (j == n_arches)
			arches[n_arches++] = regions[i].audit_arch;
		if (n_ranges[j] == 0)
			add_range(j, 0, RET_ENOSYS, false);
		else if (ranges[j][n_ranges[j] - 1].start > regions[i].first)
			die("the regions of one arch must be listed by rising numbers", 0);
		region_ranges(j, &regions[i]);
	}
}

/* --- the default filter: per arch, a list of the numbers that are not allowed --- */

static struct sock_filter prog[4096];
static size_t prog_len;

static void emit(struct sock_filter in)
{
	if (prog_len >= sizeof(prog) / sizeof(prog[0]))
		die("the default filter exceeds 4096 instructions", 0);
	prog[prog_len++] = in;
}

/* A conditional jump to ret_at, which must come later and within reach of 8 bits. */
static uint8_t reach(size_t from, size_t to)
{
	if (to <= from || to - from - 1 > 255)
		die("a jump in the default filter is out of reach", 0);
	return (uint8_t)(to - from - 1);
}

/* A range of numbers that is not allowed, and where its verdict's return is. */
struct check {
	uint32_t lo, hi;
	uint32_t ret;
};

/* Targets of the jumps: the arch's ioctl test and its three shared returns. */
struct rets {
	size_t ioctl, allow, eperm, enosys;
};

static size_t target_of(const struct rets *t, uint32_t ret)
{
	return ret == VERDICT_IOCTL ? t->ioctl : ret == RET_EPERM ? t->eperm : t->enosys;
}

/* The request test of ioctl: "ld args[1]; jeq TIOCSTI; jeq TIOCLINUX; ret allow". */
#define IOCTL_TEST_LEN 4u

/* Up to this many checks are tested one after the other; more are split in two. */
#define LEAF 6

/* Instructions emit_checks() will use for c[0..n) (to place the returns first). */
/* Recursion depth is log2 of the checks (a few dozen): bounded. */
static size_t checks_len(const struct check *c, size_t n, bool last) // NOLINT(misc-no-recursion)
{
	size_t len = 0;

	if (n > LEAF)
		return 1 + checks_len(c, n / 2, false) + checks_len(c + n / 2, n - n / 2, last);
	for (size_t i = 0; i < n; i++)
		len += c[i].lo == c[i].hi || c[i].hi == UINT32_MAX ? 1 : 2;
	return len + !last; /* "ja allow" unless the returns follow */
}

/*
 * Each check is "jeq N", "jge LO" (to the top) or "jge LO; jgt HI" to its return; more
 * than LEAF are split by "jge" on the middle one's LO. The path stays short, which is
 * what the kernel pays per number when it loads the filter: it runs the filter once for
 * every syscall number of both native ABIs to cache which are allowed whatever the
 * arguments (5.11+), so that allowed calls then cost nothing at run time.
 */
static void emit_checks(const struct check *c, size_t n, bool last, const struct rets *t) // NOLINT(misc-no-recursion)
{
	if (n > LEAF) {
		size_t at = prog_len, half = n / 2;

		emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, c[half].lo, 0, 0));
		emit_checks(c, half, false, t);
		prog[at].jt = reach(at, prog_len);
		emit_checks(c + half, n - half, last, t);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t to = target_of(t, c[i].ret);

		if (c[i].lo == c[i].hi || c[i].hi == UINT32_MAX) {
			emit((struct sock_filter)BPF_JUMP(BPF_JMP | (c[i].lo == c[i].hi ? BPF_JEQ : BPF_JGE) | BPF_K,
							  c[i].lo, 0, 0));
			prog[prog_len - 1].jt = reach(prog_len - 1, to);
		} else {
			/* Not below LO: test HI; below: skip that test. */
			emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, c[i].lo, 0, 1));
			emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, c[i].hi, 0, 0));
			prog[prog_len - 1].jf = reach(prog_len - 1, to);
		}
	}
	if (!last) {
		emit((struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0));
		prog[prog_len - 1].k = (uint32_t)(t->allow - prog_len);
	}
}

static void emit_arch(size_t arch)
{
	static struct check c[SCAN];
	const struct range *r = ranges[arch];
	size_t n = 0;
	struct rets t;

	for (size_t i = 0; i < n_ranges[arch]; i++)
		if (r[i].ret != SECCOMP_RET_ALLOW)
			c[n++] = (struct check){ r[i].start,
						 i + 1 < n_ranges[arch] ? r[i + 1].start - 1 : UINT32_MAX, r[i].ret };
	emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
	/* Checks | ret allow | the ioctl test (ending in its own ret allow) | eperm | enosys:
	 * classic BPF jumps only forward, and the last check falls through to allow. */
	t.allow = prog_len + checks_len(c, n, true);
	t.ioctl = t.allow + 1;
	t.eperm = t.ioctl + IOCTL_TEST_LEN;
	t.enosys = t.eperm + 1;
	emit_checks(c, n, true, &t);
	if (prog_len != t.allow)
		die("miscounted the default filter", 0);
	emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	emit((struct sock_filter)GUARD_LOAD_REQUEST);
	emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 0, 0));
	prog[prog_len - 1].jt = reach(prog_len - 1, t.eperm);
	emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 0, 0));
	prog[prog_len - 1].jt = reach(prog_len - 1, t.eperm);
	emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	if (prog_len != t.eperm)
		die("miscounted the ioctl test", 0);
	emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_EPERM));
	emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_ENOSYS));
}

static void build_default(void)
{
	size_t jumps;

	build_ranges();
	emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
	/* Per arch: "jeq ARCH, 0, 1; ja CODE": the ja carries a 32-bit offset, filled below. */
	jumps = prog_len;
	for (size_t j = 0; j < n_arches; j++) {
		emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arches[j], 0, 1));
		emit((struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0));
	}
	/* An ABI not listed here could reach numbers the list never judged. */
	emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
	for (size_t j = 0; j < n_arches; j++) {
		size_t ja = jumps + 2 * j + 1;

		prog[ja].k = (uint32_t)(prog_len - ja - 1);
		emit_arch(j);
	}
}

/* Whether nr of audit arch is a hole the default filter lets through (see HOLE_MAX). */
static bool is_hole(uint32_t audit_arch, uint32_t nr)
{
	for (size_t j = 0; j < n_arches; j++) {
		size_t i;

		if (arches[j] != audit_arch)
			continue;
		for (i = 0; i + 1 < n_ranges[j] && ranges[j][i + 1].start <= nr; i++)
			;
		return ranges[j][i].hole;
	}
	return false;
}

/* --- libseccomp's filters --- */

static scmp_filter_ctx new_ctx(uint32_t def)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int r;

	if (!ctx)
		die("seccomp_init", ENOMEM);
	for (size_t i = 0; i < N_REGIONS; i++) {
		r = seccomp_arch_add(ctx, regions[i].scmp_arch);
		if (r < 0 && r != -EEXIST)
			die("seccomp_arch_add", -r);
	}
	/* The filter's own arch test must reject every other ABI, as ours does. */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0)
		die("seccomp_attr_set", -r);
	return ctx;
}

/* libseccomp exports into an fd; read it back into an array. */
static size_t export(scmp_filter_ctx ctx, struct sock_filter *out, size_t max)
{
	FILE *f = tmpfile();
	size_t n;
	int r;

	if (!f)
		die("tmpfile", errno);
	if ((r = seccomp_export_bpf(ctx, fileno(f))) < 0)
		die("seccomp_export_bpf", -r);
	rewind(f);
	n = fread(out, sizeof(*out), max, f);
	if (ferror(f) || n == max || n == 0)
		die("read the exported filter back", EIO);
	(void)fclose(f);
	return n;
}

/*
 * The same policy as libseccomp expresses it: a rule per system call name, which
 * libseccomp maps to each ABI's number itself (and on i386 to socketcall/ipc as well).
 */
static size_t build_reference(struct sock_filter *out, size_t max)
{
	scmp_filter_ctx ctx = new_ctx(SCMP_ACT_ERRNO(ENOSYS));
	size_t n;

	for (size_t i = 0; i < N_REGIONS; i++) {
		for (uint32_t k = 0; k < regions[i].count; k++) {
			char *name = seccomp_syscall_resolve_num_arch(regions[i].scmp_arch, (int)(regions[i].first + k));
			int r;

			if (!name)
				continue;
			r = seccomp_rule_add(ctx, is_refused(name) ? SCMP_ACT_ERRNO(EPERM) : SCMP_ACT_ALLOW,
					     seccomp_syscall_resolve_name(name), 0);
			if (r < 0 && r != -EEXIST)
				die(name, -r);
			free(name);
		}
	}
	n = export(ctx, out, max);
	seccomp_release(ctx);
	return n;
}

static size_t build_nouserns(struct sock_filter *out, size_t max)
{
	scmp_filter_ctx ctx = new_ctx(SCMP_ACT_ALLOW);
	struct scmp_arg_cmp newuser = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER);
	size_t n;
	int r;

	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 1, newuser)) < 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, newuser)) < 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0)) < 0)
		die("seccomp_rule_add", -r);
	n = export(ctx, out, max);
	seccomp_release(ctx);
	return n;
}

/*
 * The one default program must judge every number of every ABI as libseccomp's filter
 * with the guard stacked on it would: the guard's requests, ones beside them, and one
 * with high bits above the 32 the kernel reads.
 */
static void check_equal(const struct sock_filter *ref, size_t ref_len)
{
	static const uint32_t extra[] = { 512, 4095, 4096, 65535, 0x3fffffff, 0x40001000, 0x7fffffff, 0xffffffff };
	static const uint64_t requests[] = { 0, TIOCSTI, TIOCLINUX, TIOCSTI - 1, TIOCLINUX + 1, TCGETS,
					     (1ULL << 32) | TIOCSTI, 0xffffffffULL };

	for (size_t i = 0; i < N_REGIONS; i++) {
		for (uint32_t k = 0; k < regions[i].count + sizeof(extra) / sizeof(extra[0]); k++) {
			for (size_t q = 0; q < sizeof(requests) / sizeof(requests[0]); q++) {
				struct seccomp_data d = { .arch = regions[i].audit_arch, .args = { 0, requests[q] } };
				uint32_t ours, theirs;

				d.nr = (int)(k < regions[i].count ? regions[i].first + k : extra[k - regions[i].count]);
				ours = bpf_seccomp_eval(prog, prog_len, &d);
				theirs = bpf_seccomp_stack(bpf_seccomp_eval(ref, ref_len, &d),
							   bpf_seccomp_eval(seccomp_tty_guard_prog,
									    ARRAY_LEN(seccomp_tty_guard_prog), &d));
				if (ours != theirs && !(ours == SECCOMP_RET_ALLOW && theirs == RET_ENOSYS &&
							is_hole(d.arch, (uint32_t)d.nr))) {
					(void)fprintf(stderr,
						      "gen-seccomp: arch 0x%x nr %u request 0x%llx"
						      ": tree 0x%x, libseccomp and the guard 0x%x\n",
						      d.arch, (unsigned)d.nr, (unsigned long long)d.args[1], ours, theirs);
					exit(1);
				}
			}
		}
	}
	/* An arch the filter does not list is killed by both. */
	{
		struct seccomp_data d = { .arch = AUDIT_ARCH_MIPS, .nr = 0 };

		if (bpf_seccomp_eval(prog, prog_len, &d) != SECCOMP_RET_KILL_PROCESS)
			die("the tree lets an unlisted arch through", 0);
	}
}

static void print_array(const char *name, const struct sock_filter *p, size_t n)
{
	(void)printf("static const struct sock_filter %s[%zu] = {\n", name, n);
	for (size_t i = 0; i < n; i++)
		(void)printf("\t{ 0x%02x, %u, %u, 0x%08" PRIx32 " },\n", p[i].code, p[i].jt, p[i].jf, p[i].k);
	(void)printf("};\n");
}

int main(int argc, char **argv)
{
	static struct sock_filter ref[4096], nouserns[4096];
	const struct scmp_version *v = seccomp_version();
	size_t ref_len, nouserns_len;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
			(void)printf("%s\n", refused[i]);
		return 0;
	}
	if (argc != 1)
		die("usage: gen-seccomp [--list]", 0);
	build_default();
	ref_len = build_reference(ref, sizeof(ref) / sizeof(ref[0]));
	check_equal(ref, ref_len);
	nouserns_len = build_nouserns(nouserns, sizeof(nouserns) / sizeof(nouserns[0]));

	(void)printf("/* Generated by gen-seccomp from libseccomp %u.%u.%u's syscall tables: do not edit. */\n",
		     v->major, v->minor, v->micro);
	(void)printf("#define SECCOMP_TABLES_VERSION \"libseccomp %u.%u.%u\"\n", v->major, v->minor, v->micro);
	print_array("seccomp_default_prog", prog, prog_len);
	print_array("seccomp_nouserns_prog", nouserns, nouserns_len);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write the header", errno);
	return 0;
}
