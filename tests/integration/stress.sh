#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Threads on shared and separate queues for a bounded time (stress.c):
# no datagram corrupted, no frame lost or returned twice; then the same
# under ThreadSanitizer, which must report no race.
. "$(dirname "$0")/lib.sh"
require_root
STRESS="$top_builddir/tests/integration/stress"
[ -x "$STRESS" ] || skip_all "tests/integration/stress not built"

plan 4
bed st 2 || { echo "Bail out! cannot build the veth bed"; exit 1; }
bg "$WORK/kecho.log" in_b "$PEER" echo-server "$IP_B" 19000
wait_for "$WORK/kecho.log" ready 5

in_a "$STRESS" "$IF_A" "$IP_B" 19000 19001 5 >"$WORK/stress.log" 2>&1
diag "$(grep -E '^(total|FAIL)' "$WORK/stress.log")"
check "4 threads, 5 s: nothing corrupted, every frame back" \
	grep -q '^PASS' "$WORK/stress.log"

# The library and the stress program built with -fsanitize=thread.
TSAN="$WORK/stress-tsan"
srcs=$(cd "$top_srcdir" && ls lib/*.c lib/proto/*.c lib/umem/*.c \
	lib/route/*.c lib/xdp/*.c)
if (cd "$top_srcdir" && ${CC:-cc} -O1 -g -fsanitize=thread -pthread \
	-include "$top_builddir/config.h" -Iinclude -Ilib \
	-I"$top_builddir/lib" $srcs tests/integration/stress.c \
	$(pkg-config --cflags --libs libxdp libbpf liburcu-bp liburcu-cds) \
	-o "$TSAN") >"$WORK/tsan-build.log" 2>&1; then
	ok "built with ThreadSanitizer"
	# liburcu is not instrumented: ignore what happens inside it.
	TSAN_OPTIONS="ignore_noninstrumented_modules=1 halt_on_error=0" \
		in_a "$TSAN" "$IF_A" "$IP_B" 19000 19001 3 >"$WORK/tsan.log" 2>&1
	races=$(grep -c "WARNING: ThreadSanitizer" "$WORK/tsan.log")
	diag "$(grep -E '^(total|FAIL)' "$WORK/tsan.log")"
	check "under ThreadSanitizer: the run passes" grep -q '^PASS' "$WORK/tsan.log"
	[ "$races" = 0 ] || grep -A8 "WARNING: ThreadSanitizer" "$WORK/tsan.log" |
		head -40 | sed 's/^/# /'
	check "... and no race is reported ($races)" test "$races" = 0
else
	not_ok "built with ThreadSanitizer"
	sed 's/^/# /' "$WORK/tsan-build.log" | head -20
	not_ok "under ThreadSanitizer: the run passes"
	not_ok "... and no race is reported"
fi
finish
