#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Fuzz the wire codec: build each libFuzzer target (fuzz_*.c) with clang
# -fsanitize=fuzzer,address,undefined straight from lib/proto/*.c, then run
# it for FUZZ_SECONDS seconds (default 60; 0 = only the seed corpus and the
# regression inputs, once) starting from tests/fuzz/corpus/TARGET. Prints
# TAP; a target that crashes, leaks, times out or fails a check is "not ok",
# and its input is kept in FUZZ_ARTIFACTS (default ./fuzz-artifacts). Once
# the bug is fixed, add the input to tests/fuzz/corpus/TARGET as
# crash-NAME.bin: every run replays the corpus first (both CI builds), so it
# stays a regression test. None has been found so far.
#
#   tests/fuzz/run.sh [TARGET...]	(targets: parse build csum parse6 build6)
#   FUZZ_SECONDS=600 FUZZ_JOBS=2 tests/fuzz/run.sh parse
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${FUZZ_SECONDS:=60}"
: "${FUZZ_JOBS:=1}"
: "${FUZZ_ARTIFACTS:=$PWD/fuzz-artifacts}"
: "${FUZZ_CC:=clang}"
SRC="$top_srcdir/tests/fuzz"
TARGETS=${*:-parse build csum parse6 build6}

n=0 failed=0
ok()	{ n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
diag()	{ echo "$*" | sed 's/^/# /'; }

command -v "$FUZZ_CC" >/dev/null ||
	{ echo "1..0 # SKIP needs clang ($FUZZ_CC)"; exit 0; }
WORK=$(mktemp -d /tmp/afudp-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# libFuzzer ships separately from clang on Debian (libclang-rt-NN-dev).
echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' \
	>"$WORK/probe.c"
if ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined "$WORK/probe.c" \
	-o "$WORK/probe" >"$WORK/probe.log" 2>&1; then
	v=$("$FUZZ_CC" -dumpversion | cut -d. -f1)
	echo "1..0 # SKIP $FUZZ_CC cannot link libFuzzer (Debian: apt-get install libclang-rt-$v-dev)"
	exit 0
fi

set -- $TARGETS
echo "1..$((2 * $#))"
for t in "$@"; do
	bin="$WORK/fuzz_$t"
	if "$FUZZ_CC" -g -O1 -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Werror -I"$top_srcdir/lib" \
		-I"$top_srcdir/include" "$SRC/fuzz_$t.c" \
		"$top_srcdir/lib/proto/csum.c" "$top_srcdir/lib/proto/udp4.c" \
		"$top_srcdir/lib/proto/udp6.c" "$top_srcdir/lib/proto/vlan.c" \
		-o "$bin" >"$WORK/build-$t.log" 2>&1; then
		ok "fuzz_$t: built with libFuzzer, ASan, UBSan"
	else
		not_ok "fuzz_$t: built with libFuzzer, ASan, UBSan"
		diag "$(tail -20 "$WORK/build-$t.log")"
		not_ok "fuzz_$t: not run"
		continue
	fi
	# New inputs go to a scratch copy; the seeds in the tree stay as they
	# are (merge good ones by hand: fuzz_T -merge=1 corpus/T NEW).
	mkdir -p "$WORK/corpus-$t" "$FUZZ_ARTIFACTS"
	cp "$SRC/corpus/$t"/* "$WORK/corpus-$t/" 2>/dev/null
	if [ "$FUZZ_SECONDS" = 0 ]; then
		run=(-runs=0)
	else
		run=(-max_total_time="$FUZZ_SECONDS")
		[ "$FUZZ_JOBS" -gt 1 ] &&
			run+=(-fork="$FUZZ_JOBS" -ignore_crashes=0)
	fi
	(cd "$WORK" && "$bin" "${run[@]}" -max_len=4096 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$FUZZ_ARTIFACTS/$t-" "$WORK/corpus-$t") \
		>"$WORK/run-$t.log" 2>&1
	rc=$?
	stats=$(grep -E '^stat::number_of_executed_units|^Done' \
		"$WORK/run-$t.log" | tail -1)
	if [ "$rc" = 0 ]; then
		ok "fuzz_$t: ${FUZZ_SECONDS}s, no crash ($stats)"
	else
		not_ok "fuzz_$t: ${FUZZ_SECONDS}s, no crash (exit $rc)"
		diag "$(grep -E 'failed:|ERROR|SUMMARY|Test unit written|^parse:' \
			"$WORK/run-$t.log" | head -20)"
		diag "inputs kept in $FUZZ_ARTIFACTS:"
		diag "$(ls "$FUZZ_ARTIFACTS" | grep "^$t-" | head)"
	fi
done
[ "$failed" = 0 ]
