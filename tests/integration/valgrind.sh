#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Memcheck over a real echo run: afudp-echo under valgrind (XDP backend,
# zero-copy echo, then the kernel backend) while a kernel client sends
# echoes of every size (fragments through the kernel socket included) and
# hostile frames hit the parser. Clean means valgrind exits 0: no invalid
# access, no use of uninitialised memory, no definitely or indirectly lost
# block, apart from the false positives listed (and explained) in
# tests/valgrind.supp.
# In a sanitizer build (configure --enable-sanitizers) valgrind cannot run
# the programs (ASan replaces malloc and maps its shadow memory itself):
# the same run is checked by ASan, LSan and UBSan instead, and clean means
# afudp-echo exits 0 (a report makes it fail).
. "$(dirname "$0")/lib.sh"
require_root
if [ -n "$SAN_CFLAGS" ]; then
	CHECKER=sanitizers CLEAN="ASan, LSan and UBSan clean (exit"
	VG=()
else
	CHECKER=valgrind CLEAN="memcheck clean (valgrind exit"
	command -v valgrind >/dev/null || skip_all "needs valgrind"
	SUPP="$top_srcdir/tests/valgrind.supp"
	[ -f "$SUPP" ] || skip_all "no $SUPP"
	# The apps in the build tree are libtool wrappers: run valgrind on
	# the program itself, with the uninstalled library.
	VG=("$top_builddir/libtool" --mode=execute valgrind --error-exitcode=1
		--leak-check=full --show-leak-kinds=definite,indirect
		--errors-for-leak-kinds=definite,indirect --num-callers=30
		--suppressions="$SUPP")
fi
# What to show of a log when the check failed.
REPORT='^==[0-9]+== (Invalid|Conditional|Use of|Syscall|[0-9,]+ bytes in)|^==[0-9]+==ERROR: |runtime error: |^(Direct|Indirect) leak'

plan 8
bed vg || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=25000

# run NAME ARGS...: afudp-echo under valgrind (or sanitized), for traffic,
# then SIGTERM; sets VPID.
run() {
	local name="$1" log="$WORK/$1.log"
	shift
	bg "$log" in_a "${VG[@]}" "$APPS/afudp-echo" -i "$IF_A" -p $PORT -v "$@"
	VPID=$BG_PID
	wait_up "$VPID" "$log" "echoing on" 120
}

check "XDP backend: afudp-echo starts under $CHECKER" run xdp
check "... echoes every size, fast and slow path, byte-exact" \
	in_b "$PEER" echo-client "$IP_A" $PORT \
	-s 1,64,1000,1472,1473,3000,9000 -n 3 -t 5000
sent=$(in_b "$PEER" raw "$IF_B" "$MAC_A" "$IP_B" "$IP_A" $PORT)
diag "raw: $sent malformed frames"
check "... and after malformed frames still echoes" \
	in_b "$PEER" echo-client "$IP_A" $PORT -s 64 -n 3 -t 5000
stop "$VPID"
RC=$?
[ -n "$SAN_CFLAGS" ] ||
	diag "$(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost' "$WORK/xdp.log" | sed 's/^==[0-9]*== *//' | tr '\n' ';')"
[ "$RC" = 0 ] || diag "$(grep -A12 -E "$REPORT" "$WORK/xdp.log" | head -60)"
check "... $CLEAN $RC)" test "$RC" = 0
check "... nothing left behind" no_afudp_left

check "kernel backend: afudp-echo starts under $CHECKER" run kernel --kernel
check "... echoes" in_b "$PEER" echo-client "$IP_A" $PORT -s 1,1472,3000 -n 3 -t 5000
stop "$VPID"
RC=$?
[ "$RC" = 0 ] || diag "$(grep -A12 -E "$REPORT" "$WORK/kernel.log" | head -60)"
check "... $CLEAN $RC)" test "$RC" = 0
finish
