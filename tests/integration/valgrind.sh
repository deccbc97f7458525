#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Memcheck over a real echo run: afudp-echo under valgrind (XDP backend,
# zero-copy echo, then the kernel backend) while a kernel client sends
# echoes of every size (fragments through the kernel socket included) and
# hostile frames hit the parser. Clean means valgrind exits 0: no invalid
# access, no use of uninitialised memory, no definitely or indirectly lost
# block, apart from the false positives listed (and explained) in
# tests/valgrind.supp.
. "$(dirname "$0")/lib.sh"
require_root
command -v valgrind >/dev/null || skip_all "needs valgrind"
SUPP="$top_srcdir/tests/valgrind.supp"
[ -f "$SUPP" ] || skip_all "no $SUPP"

plan 8
bed vg || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=25000

# The apps in the build tree are libtool wrappers: run valgrind on the
# program itself, with the uninstalled library.
VG=("$top_builddir/libtool" --mode=execute valgrind --error-exitcode=1
	--leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --num-callers=30
	--suppressions="$SUPP")

# run NAME ARGS...: afudp-echo under valgrind, traffic, SIGTERM; sets RC.
run() {
	local name="$1" log="$WORK/$1.log"
	shift
	bg "$log" in_a "${VG[@]}" "$APPS/afudp-echo" -i "$IF_A" -p $PORT -v "$@"
	VPID=$BG_PID
	wait_up "$VPID" "$log" "echoing on" 120
}

check "XDP backend: afudp-echo starts under valgrind" run xdp
check "... echoes every size, fast and slow path, byte-exact" \
	in_b "$PEER" echo-client "$IP_A" $PORT \
	-s 1,64,1000,1472,1473,3000,9000 -n 3 -t 5000
sent=$(in_b "$PEER" raw "$IF_B" "$MAC_A" "$IP_B" "$IP_A" $PORT)
diag "raw: $sent malformed frames"
check "... and after malformed frames still echoes" \
	in_b "$PEER" echo-client "$IP_A" $PORT -s 64 -n 3 -t 5000
stop "$VPID"
RC=$?
diag "$(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost' "$WORK/xdp.log" | sed 's/^==[0-9]*== *//' | tr '\n' ';')"
[ "$RC" = 0 ] || diag "$(grep -A12 -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|[0-9,]+ bytes in)' "$WORK/xdp.log" | head -60)"
check "... memcheck clean (valgrind exit $RC)" test "$RC" = 0
check "... nothing left behind" no_afudp_left

check "kernel backend: afudp-echo starts under valgrind" run kernel --kernel
check "... echoes" in_b "$PEER" echo-client "$IP_A" $PORT -s 1,1472,3000 -n 3 -t 5000
stop "$VPID"
RC=$?
[ "$RC" = 0 ] || diag "$(grep -A12 -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|[0-9,]+ bytes in)' "$WORK/kernel.log" | head -60)"
check "... memcheck clean (valgrind exit $RC)" test "$RC" = 0
finish
