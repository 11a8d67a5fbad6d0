/* test-seccomp.c - the profile parser (table-driven good and bad profiles), rule
 * conditions, the BPF evaluator, and the built-in filters' verdicts read through it. */
#include <errno.h>
#include <linux/audit.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "bpf.h"
#include "seccomp-builtin.h"
#include "seccomp-profile.h"
#include "tap.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static int parse(const char *text, struct profile *p, char *why, size_t size)
{
	return profile_parse(jsonc_linked(), text, strlen(text), p, why, size);
}

/* Bad profiles: each must fail with a message containing the expected words. */
static void test_bad(void)
{
	static const struct {
		const char *json, *expect;
	} rows[] = {
		{ "", "empty" },
		{ "{", "line 1, column 2: unexpected end" },
		{ "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  oops }", "line 3, column 3" },
		{ "[]", "must be a JSON object" },
		{ "{}", "defaultAction: missing" },
		{ "{\"defaultAction\": 1}", "defaultAction: must be a string" },
		{ "{\"defaultAction\": \"SCMP_ACT_FOO\"}", "unknown action 'SCMP_ACT_FOO'" },
		{ "{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}", "needs a listener" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": -1}", "out of range" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 70000}", "out of range" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_Z80\"]}",
		  "architectures[0]: unknown architecture 'SCMP_ARCH_Z80'" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"x\"]}]}",
		  "unknown architecture 'x'" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": {}}", "syscalls: must be an array" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"action\": \"SCMP_ACT_ERRNO\"}]}",
		  "syscalls[0]: names a no system call" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"]}]}",
		  "syscalls[0].action: missing" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"Mk Dir\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
		  "syscalls[0].names[0]: 'Mk Dir' is not a system call name" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
		  "args[0].index: out of range" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_LIKE\"}]}]}",
		  "unknown operator 'SCMP_CMP_LIKE'" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"includes\": {\"minKernel\": \"four\"}}]}",
		  "is not a kernel version" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_FOO\"]}", "unknown flag" },
		{ "{\"defaultAction\": \"SCMP_ACT_ALLOW\"} {}", "text after the profile" },
		{ "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nesting" },
	};
	char why[400];

	for (size_t i = 0; i < LEN(rows); i++) {
		struct profile p;
		int r = parse(rows[i].json, &p, why, sizeof(why));

		ok(r < 0 && strstr(why, rows[i].expect), "bad profile %zu refused: %s", i, r < 0 ? why : "accepted");
	}
}

static void test_good(void)
{
	const char *json =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"unknownKey\": [1],\n"
		" \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]}],\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"  {\"name\": \"mkdir\", \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13},\n"
		"  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 4294967295, \"valueTwo\": 0, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		"  {\"names\": [\"bpf\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
		"  {\"names\": [\"bpf\"], \"action\": \"SCMP_ACT_ERRNO\", \"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
		"  {\"names\": [\"arch_prctl\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": [\"amd64\", \"x32\"], \"minKernel\": \"4.8\"}},\n"
		"  {\"names\": [\"x\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": [\"CAP_FROM_THE_FUTURE\"]}}\n"
		" ]}";
	struct profile_context amd64 = { "amd64", 0, { 6, 1 } }, admin = { "arm64", 1ULL << 21, { 4, 4 } };
	struct profile p;
	char why[400] = "";

	ok(parse(json, &p, why, sizeof(why)) == 0, "a podman-style profile parses: %s", why);
	ok(p.default_action == (SECCOMP_RET_ERRNO | 38), "defaultAction with defaultErrnoRet");
	ok(p.n_arch_map == 4 && strcmp(p.arch_map[2], "SCMP_ARCH_X32") == 0 && p.arch_map[3][0] == '\0',
	   "archMap flattened");
	ok(p.n_rules == 7 && p.rules[0].n_names == 2 && p.rules[0].action == SECCOMP_RET_ALLOW, "rule 0");
	ok(strcmp(p.rules[1].names[0], "mkdir") == 0 && p.rules[1].action == (SECCOMP_RET_ERRNO | 13),
	   "the older \"name\" and errnoRet");
	ok(p.rules[2].n_args == 1 && p.rules[2].args[0].value == 4294967295u && p.rules[2].args[0].op == 4,
	   "args: value and op");
	ok(!profile_rule_applies(&p.rules[3], &amd64) && profile_rule_applies(&p.rules[3], &admin),
	   "includes.caps needs the capability");
	ok(profile_rule_applies(&p.rules[4], &amd64) && !profile_rule_applies(&p.rules[4], &admin),
	   "excludes.caps drops the rule for a holder");
	ok(profile_rule_applies(&p.rules[5], &amd64) && !profile_rule_applies(&p.rules[5], &admin),
	   "includes.arches and minKernel");
	ok(!profile_rule_applies(&p.rules[6], &admin), "an unknown capability in includes: never");
	ok(strcmp(profile_action_name(SECCOMP_RET_ERRNO | 1), "SCMP_ACT_ERRNO") == 0 &&
	   strcmp(profile_action_name(SECCOMP_RET_KILL_THREAD), "SCMP_ACT_KILL_THREAD") == 0, "action names");
	profile_free(&p);
}

static uint32_t verdict(const struct sock_filter *prog, size_t len, uint32_t arch, uint32_t nr)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = arch };

	return bpf_seccomp_eval(prog, len, &d);
}

#define DEFAULT(arch, nr) verdict(seccomp_default_prog, LEN(seccomp_default_prog), arch, nr)

/* ioctl(fd, request) under the default profile, which holds the terminal-injection guard. */
static uint32_t default_ioctl(uint32_t arch, uint32_t nr, uint64_t request)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = arch, .args = { 0, request } };

	return bpf_seccomp_eval(seccomp_default_prog, LEN(seccomp_default_prog), &d);
}

static void test_builtin_guard(void)
{
	const uint32_t eperm = SECCOMP_RET_ERRNO | EPERM;
	/* Per ABI: the audit arch and the number ioctl has there. */
	static const struct {
		uint32_t arch, nr;
		const char *abi;
	} abis[] = {
#if defined(__x86_64__)
		{ AUDIT_ARCH_X86_64, __NR_ioctl, "x86-64" },
		{ AUDIT_ARCH_X86_64, 0x40000000u | 514u, "x32" },
		{ AUDIT_ARCH_I386, 54, "i386" },
#elif defined(__aarch64__)
		{ AUDIT_ARCH_AARCH64, __NR_ioctl, "aarch64" },
		{ AUDIT_ARCH_ARM, 54, "arm" },
#endif
	};

	for (size_t i = 0; i < LEN(abis); i++) {
		ok(default_ioctl(abis[i].arch, abis[i].nr, TIOCSTI) == eperm, "default, %s: ioctl TIOCSTI EPERM",
		   abis[i].abi);
		ok(default_ioctl(abis[i].arch, abis[i].nr, TIOCLINUX) == eperm, "default, %s: ioctl TIOCLINUX EPERM",
		   abis[i].abi);
		/* The kernel reads the request as an unsigned int: bits above 32 change nothing. */
		ok(default_ioctl(abis[i].arch, abis[i].nr, (1ULL << 32) | TIOCSTI) == eperm,
		   "default, %s: ioctl TIOCSTI with high bits set EPERM", abis[i].abi);
		ok(default_ioctl(abis[i].arch, abis[i].nr, TCGETS) == SECCOMP_RET_ALLOW,
		   "default, %s: ioctl TCGETS allowed", abis[i].abi);
		ok(default_ioctl(abis[i].arch, abis[i].nr, TIOCSTI + 1) == SECCOMP_RET_ALLOW,
		   "default, %s: the request after TIOCSTI allowed", abis[i].abi);
	}
}

static void test_builtin(void)
{
	const uint32_t eperm = SECCOMP_RET_ERRNO | EPERM, enosys = SECCOMP_RET_ERRNO | ENOSYS;
	struct seccomp_data d = { .nr = __NR_unshare, .arch = AUDIT_ARCH_X86_64, .args = { CLONE_NEWUSER | CLONE_NEWNS } };

#if defined(__x86_64__)
	ok(DEFAULT(AUDIT_ARCH_X86_64, __NR_read) == SECCOMP_RET_ALLOW, "default: read allowed");
	ok(DEFAULT(AUDIT_ARCH_X86_64, __NR_keyctl) == eperm, "default: keyctl EPERM");
	ok(DEFAULT(AUDIT_ARCH_X86_64, __NR_bpf) == eperm, "default: bpf EPERM");
	ok(DEFAULT(AUDIT_ARCH_X86_64, 0x40000000u | __NR_keyctl) == eperm, "default: x32 keyctl EPERM");
	ok(DEFAULT(AUDIT_ARCH_I386, 288) == eperm, "default: i386 keyctl (288) EPERM");
	ok(DEFAULT(AUDIT_ARCH_I386, 3) == SECCOMP_RET_ALLOW, "default: i386 read allowed");
	ok(DEFAULT(AUDIT_ARCH_X86_64, 1000) == enosys, "default: an unknown number ENOSYS");
	ok(DEFAULT(AUDIT_ARCH_X86_64, 0xffffffffu) == enosys, "default: -1 ENOSYS");
	ok(DEFAULT(AUDIT_ARCH_MIPS, 0) == SECCOMP_RET_KILL_PROCESS, "default: another arch is killed");
#elif defined(__aarch64__)
	d.arch = AUDIT_ARCH_AARCH64;
	ok(DEFAULT(AUDIT_ARCH_AARCH64, __NR_read) == SECCOMP_RET_ALLOW, "default: read allowed");
	ok(DEFAULT(AUDIT_ARCH_AARCH64, __NR_keyctl) == eperm, "default: keyctl EPERM");
	ok(DEFAULT(AUDIT_ARCH_AARCH64, 1000) == enosys, "default: an unknown number ENOSYS");
#endif
	ok(bpf_seccomp_eval(seccomp_nouserns_prog, LEN(seccomp_nouserns_prog), &d) == eperm,
	   "--disable-userns: unshare(CLONE_NEWUSER) EPERM");
	d.args[0] = CLONE_NEWNS;
	ok(bpf_seccomp_eval(seccomp_nouserns_prog, LEN(seccomp_nouserns_prog), &d) == SECCOMP_RET_ALLOW,
	   "--disable-userns: unshare(CLONE_NEWNS) allowed");
	d.nr = __NR_clone3;
	ok(bpf_seccomp_eval(seccomp_nouserns_prog, LEN(seccomp_nouserns_prog), &d) == enosys,
	   "--disable-userns: clone3 ENOSYS");
	ok(bpf_seccomp_stack(SECCOMP_RET_ALLOW, enosys) == enosys && bpf_seccomp_stack(eperm, enosys) == enosys &&
	   bpf_seccomp_stack(SECCOMP_RET_KILL_PROCESS, eperm) == SECCOMP_RET_KILL_PROCESS,
	   "stacked filters: the stricter action, the later filter's data");
}

static void test_bpf_invalid(void)
{
	struct sock_filter no_ret[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0) };
	struct sock_filter bad_load[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_filter far_jump[] = { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 5), BPF_STMT(BPF_RET | BPF_K, 0) };
	struct seccomp_data d = { 0 };

	ok(bpf_seccomp_eval(no_ret, 1, &d) == SECCOMP_RET_KILL_PROCESS, "bpf: no return");
	ok(bpf_seccomp_eval(bad_load, 2, &d) == SECCOMP_RET_KILL_PROCESS, "bpf: a load past seccomp_data");
	ok(bpf_seccomp_eval(far_jump, 2, &d) == SECCOMP_RET_KILL_PROCESS, "bpf: a jump out of the program");
}

int main(void)
{
	test_bad();
	test_good();
	test_builtin();
	test_builtin_guard();
	test_bpf_invalid();
	return tap_done();
}
