#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The benchmarks still run: bench/run's ipv6 section (issue #14), once,
# with 1-second points (--smoke), from this build tree. It exercises every
# bench program over both families (bench-gen and xsk-raw building and
# swapping IPv4 and IPv6 frames, the counting and redirecting XDP programs,
# afudp-sink's receive and copy echo on XSKs and on kernel sockets,
# kernel-sink, kernel-spin-echo spinning and blocking, afudp-ping as the
# latency client, callgrind's instruction counts) and report.py. Checked: every row is there and carried
# something, the afudp rows on the fast path, the report has the IPv6
# section. No figure is compared with another: on a shared machine they
# say nothing in one second. bench/run builds its own namespaces
# (afbench*-PID) and deletes them, however it ends.
T_LIMIT=400
. "$(dirname "$0")/lib.sh"
require_root
require_built bench/bench-gen bench/xsk-raw bench/afudp-sink \
	bench/kernel-sink bench/kernel-spin-echo apps/afudp-echo \
	apps/afudp-ping apps/afudp-stat
for t in bpftool clang sockperf valgrind python3 taskset; do
	command -v "$t" >/dev/null || skip_all "bench/run needs $t"
done
[ -e "$top_builddir/bench/bench.bpf.o" ] || skip_all "bench/bench.bpf.o not built"

# A sanitizer build: valgrind cannot run ASan programs (valgrind.sh), so
# no callgrind part; the sanitizers check the programs instead.
ONLY=ipv6
[ -z "$SAN_CFLAGS" ] || ONLY='ipv6-(rx|echo|latency)'

plan 7
WORK=$(mktemp -d /tmp/afudp-benchtest.XXXXXX)
T_DIRS="$T_DIRS $WORK"
R="$WORK/res"

run_bench() {
	limit 360 "$top_srcdir/bench/run" --build "$top_builddir" --no-build \
		--smoke --only "$ONLY" --out "$R" >"$WORK/run.log" 2>&1
}
check "bench/run --smoke --only ipv6 runs to its report" run_bench ||
	diag "$(tail -5 "$WORK/run.log")"

# rows FILE: the data rows (no header).
rows() { tail -n +2 "$1" 2>/dev/null; }
diag "$(rows "$R/ipv6.csv" | cut -d, -f1-6 | tr '\n' ' ')"
check "12 throughput rows (RX, echo; afudp, kernel, raw; IPv4, IPv6)" \
	[ "$(rows "$R/ipv6.csv" | wc -l)" = 12 ]
check "... each carried datagrams" \
	[ "$(rows "$R/ipv6.csv" | awk -F, '$6 > 0' | wc -l)" = 12 ]
check "10 latency rows, each with samples" \
	[ "$(rows "$R/ipv6-latency.csv" | awk -F, '$10 > 0' | wc -l)" = 10 ]
# fast_check's notes: "invalid: ..." unless the fast path carried the row;
# 8 afudp rows: RX and echo, blocking and busy latency, each family.
check "every afudp row on the fast path, none invalid" \
	[ "$(cat "$R/ipv6.csv" "$R/ipv6-latency.csv" |
	     grep -c ',fast path: rx [1-9]')" = 8 ] &&
	! grep -q invalid "$R/ipv6.csv" "$R/ipv6-latency.csv"
if [ -n "$SAN_CFLAGS" ]; then
	ok "callgrind counted both echoes of both families # SKIP sanitizer build"
else
	check "callgrind counted both echoes of both families" \
		[ "$(rows "$R/ipv6-cost.csv" | awk -F, '$4 > 0' | wc -l)" = 4 ]
fi
check "the report has the IPv6 section and its verdicts" \
	grep -q 'IPv6 rx 1q afudp/raw loop: ratio within 10%' "$R/report.md"
finish
