/* bpf.c - a classic-BPF evaluator for seccomp programs (see bpf.h). */
#include "bpf.h"

#include <stdbool.h>
#include <string.h>

/* The kernel's limit on one filter (BPF_MAXINSNS). */
#define BPF_MAX_LEN 4096

/* A 32-bit word of seccomp_data at offset off, as BPF_LD|BPF_W|BPF_ABS reads it. */
static int load_word(const struct seccomp_data *data, uint32_t off, uint32_t *out)
{
	if (off % 4 != 0 || off > sizeof(*data) - 4)
		return -1;
	memcpy(out, (const char *)data + off, 4);
	return 0;
}

static int alu(uint16_t op, uint32_t *a, uint32_t v)
{
	switch (BPF_OP(op)) {
	case BPF_ADD: *a += v; return 0;
	case BPF_SUB: *a -= v; return 0;
	case BPF_MUL: *a *= v; return 0;
	case BPF_DIV: if (!v) return -1; *a /= v; return 0;
	case BPF_MOD: if (!v) return -1; *a %= v; return 0;
	case BPF_AND: *a &= v; return 0;
	case BPF_OR: *a |= v; return 0;
	case BPF_XOR: *a ^= v; return 0;
	case BPF_LSH: *a = v < 32 ? *a << v : 0; return 0;
	case BPF_RSH: *a = v < 32 ? *a >> v : 0; return 0;
	case BPF_NEG: *a = (uint32_t)-*a; return 0;
	default: return -1;
	}
}

static int jump_taken(uint16_t op, uint32_t a, uint32_t v, bool *taken)
{
	switch (BPF_OP(op)) {
	case BPF_JEQ: *taken = a == v; return 0;
	case BPF_JGT: *taken = a > v; return 0;
	case BPF_JGE: *taken = a >= v; return 0;
	case BPF_JSET: *taken = (a & v) != 0; return 0;
	default: return -1;
	}
}

/* One instruction; sets *ret and returns 1 at a return, 0 to go on (pc moved), -1 if invalid. */
static int step(const struct sock_filter *prog, size_t len, size_t *pc, uint32_t *a, uint32_t *x,
		uint32_t mem[BPF_MEMWORDS], const struct seccomp_data *data, uint32_t *ret)
{
	const struct sock_filter *in = &prog[*pc];
	uint32_t v = BPF_SRC(in->code) == BPF_X ? *x : in->k;
	bool taken;

	(*pc)++;
	switch (BPF_CLASS(in->code)) {
	case BPF_LD:
		if (in->code == (BPF_LD | BPF_W | BPF_ABS))
			return load_word(data, in->k, a);
		if (in->code == (BPF_LD | BPF_W | BPF_LEN))
			return *a = sizeof(*data), 0;
		if (in->code == (BPF_LD | BPF_IMM))
			return *a = in->k, 0;
		if (in->code == (BPF_LD | BPF_MEM) && in->k < BPF_MEMWORDS)
			return *a = mem[in->k], 0;
		return -1;
	case BPF_LDX:
		if (in->code == (BPF_LDX | BPF_W | BPF_LEN))
			return *x = sizeof(*data), 0;
		if (in->code == (BPF_LDX | BPF_IMM))
			return *x = in->k, 0;
		if (in->code == (BPF_LDX | BPF_MEM) && in->k < BPF_MEMWORDS)
			return *x = mem[in->k], 0;
		return -1;
	case BPF_ST:
	case BPF_STX:
		if (in->k >= BPF_MEMWORDS)
			return -1;
		mem[in->k] = BPF_CLASS(in->code) == BPF_ST ? *a : *x;
		return 0;
	case BPF_ALU:
		return alu(in->code, a, v);
	case BPF_JMP:
		if (BPF_OP(in->code) == BPF_JA) {
			if (in->k >= len - *pc)
				return -1;
			*pc += in->k;
			return 0;
		}
		if (jump_taken(in->code, *a, v, &taken) < 0)
			return -1;
		*pc += taken ? in->jt : in->jf;
		return *pc < len ? 0 : -1;
	case BPF_RET:
		*ret = BPF_RVAL(in->code) == BPF_A ? *a : in->k;
		return 1;
	case BPF_MISC:
		if (in->code == (BPF_MISC | BPF_TAX))
			return *x = *a, 0;
		if (in->code == (BPF_MISC | BPF_TXA))
			return *a = *x, 0;
		return -1;
	default:
		return -1;
	}
}

uint32_t bpf_seccomp_eval(const struct sock_filter *prog, size_t len, const struct seccomp_data *data)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 }, ret = SECCOMP_RET_KILL_PROCESS;
	size_t pc = 0;

	if (!prog || len == 0 || len > BPF_MAX_LEN)
		return SECCOMP_RET_KILL_PROCESS;
	/* Classic BPF jumps only forward, so this ends within len steps. */
	while (pc < len) {
		int r = step(prog, len, &pc, &a, &x, mem, data, &ret);

		if (r < 0)
			return SECCOMP_RET_KILL_PROCESS;
		if (r > 0)
			return ret;
	}
	return SECCOMP_RET_KILL_PROCESS;
}

/* seccomp(2): the action of lower value wins; within one action, the later filter's data. */
uint32_t bpf_seccomp_stack(uint32_t first, uint32_t later)
{
	int32_t a = (int32_t)(first & SECCOMP_RET_ACTION_FULL), b = (int32_t)(later & SECCOMP_RET_ACTION_FULL);

	return a < b ? first : later;
}
