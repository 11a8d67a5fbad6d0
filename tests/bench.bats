#!/usr/bin/env bats
# bench/run smoke test: it runs with small counts and prints its tables. No timing
# assertions: the benchmark is a tool, not a test.

load helpers

BENCH="$BATS_TEST_DIRNAME/../bench/run"

setup() {
	record_baseline
	OUT_DIR=$(mktemp -d /tmp/isolate-bench-test.XXXXXX)
}

teardown() {
	rm -rf "$OUT_DIR"
	check_no_leaks
}

@test "bench/run --quick prints the latency, throughput, footprint and target tables" {
	require_root
	run "$BENCH" --quick --isolate "$ISOLATE" --out "$OUT_DIR"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"## Start-up latency"* ]]
	[[ "$output" == *"| case | median ms |"* ]]
	[[ "$output" == *"| floor: clone(6 namespaces)"* ]]
	[[ "$output" == *"| floor: floor-clone after an owned nftables table"* ]]
	[[ "$output" == *"| floor: floor-clone plus the id maps and the kernel work of isolate's default view"* ]]
	[[ "$output" == *"bwrap --unshare-all"* ]]
	[[ "$output" == *"rootless"* ]]
	[[ "$output" == *"## Throughput"* ]]
	[[ "$output" == *"interfaces ok; mounts ok; isolate processes ok"* ]]
	[[ "$output" == *"## Footprint"* ]]
	# The memory floor and the peer, each with a number (bench/floor-init.c).
	grep -E '^\| floor: a parent and an init that stay, .* \| - \| [0-9]+ \|$' <<<"$output"
	grep -E '^\| bwrap: monitor \+ init, each of 3 live at once \| - \| [0-9]+ \|$' <<<"$output"
	[[ "$output" == *"## Targets"* ]]
	# Every target row ends in a verdict.
	local rows
	rows=$(grep -c '^| .* | \(pass\|miss\|skipped[^|]*\) |$' <<<"$output")
	[ "$rows" -ge 5 ]
	# Issue 16's targets and budgets each have a row with its verdict.
	local want
	for want in "≤ 1.15 × floor-clone" "≤ unshare -Uruinpf --mount-proc" "≤ 0.7 × bwrap with the same view" \
		"(veth, with NAT) ≤ 1.6 × floor-clone" "live veth sandboxes ≤ 1.3 ×" \
		"≤ 1.6 × floor-clone, each start after the last has ended" \
		"back to back ≤ floor-nat (a bare clone and one owned table)" \
		"≤ 1.15 × floor-veth (the kernel's work for the same sandbox), each start after the last has ended" \
		"the kernel's work alone for that start (floor-veth), × floor-clone, spaced alike" \
		"≤ 1.15 × floor-view (the kernel's work for the same view)" \
		"≤ 1.15 × floor-view --init (the kernel's work for the same sandbox, its init included)" \
		"PSS of isolate (parent+init), one alone, ≤ 150 KiB" "PSS of isolate (parent+init), 3 live, ≤ 150 KiB" \
		"3 live: isolate --net=none ≤ bwrap with the same namespaces (floor-init: " \
		"| mounts-20 " "| ephemeral " "| memory-pids " \
		"| mounts-20 beyond its kernel floor" "| ephemeral beyond its kernel floor" \
		"| seccomp-default " "| nat " "| publish "; do
		grep -F -- "$want" <<<"$output" | grep -q '| \(pass\|miss\|skipped[^|]*\|reported\) |$' ||
			{ echo "no row with a verdict for: $want"; return 1; }
	done
	# memory-pids has a kernel floor where its controllers are on v1 (bench/floor-cgroup.c).
	if [ "$(stat -f -c %T /sys/fs/cgroup/memory 2>/dev/null)" = cgroupfs ] &&
		[ "$(stat -f -c %T /sys/fs/cgroup/pids 2>/dev/null)" = cgroupfs ]; then
		grep -F -- "| memory-pids beyond its kernel floor" <<<"$output" | grep -q '| \(pass\|miss\) |$' ||
			{ echo "no row with a verdict for memory-pids beyond its kernel floor"; return 1; }
	fi
	# --out keeps the report and hyperfine's raw numbers.
	[ -s "$OUT_DIR/report.md" ]
	grep -q "^floor-clone," "$OUT_DIR/latency.csv"
	grep -q "^isolate-rootless," "$OUT_DIR/latency.csv"
}

@test "bench/run rejects a bad count with one message" {
	run "$BENCH" --quick --seq 0
	[ "$status" -eq 1 ]
	[[ "$output" == "bench/run: counts must be positive integers, got '0'" ]]
}

@test "bench/run rejects an unknown option with its usage" {
	run "$BENCH" --bogus
	[ "$status" -eq 2 ]
	[[ "$output" == *"Usage: bench/run"* ]]
}
