#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Receive timestamps (tstampprog.c): software ones between each datagram's
# send and its receive call, never going back, on the fast and the slow
# path, by afudp_recvfrom_ts() and SO_TIMESTAMPNS/SO_TIMESTAMPING; with
# hardware timestamps asked for, the program bound to the device (veth's
# kfunc gives no time: software still), then a test build of the program
# writing a known device time where the driver's goes: afudp gives that
# exact value as the hardware one. A real device filling it is not here.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/tstampprog
PROG="$top_builddir/tests/integration/tstampprog"
MARK=1234567890123456789	# 2009-02-13T23:31:30.123456789Z

SW_CHECKS=4
HW_CHECKS=$((1 + 4 + 3))
plan $((SW_CHECKS + 1 + HW_CHECKS + 1 + 2))
bed ts || { echo "Bail out! cannot build the veth bed"; exit 1; }

# run NAME CHECKS args...: tstampprog in A (60 s at most), its lines as TAP.
run() {
	local name="$1" n="$2" pid rc
	shift 2
	bg "$WORK/$name.log" in_a timeout 60 "$PROG" "$IF_A" "$NS_B" "$IP_A" \
		"$@"
	pid=$BG_PID
	wait_for "$WORK/$name.log" "ready\|DONE" 10
	wait "$pid"
	rc=$?
	prog_tap "$WORK/$name.log" "$name"
	check "$name ran its $n checks to the end (rc $rc, $PROG_SEEN seen)" \
		bash -c "[ $PROG_SEEN = $n ] && grep -q '^DONE' $WORK/$name.log"
}

run software $SW_CHECKS sw
check "software: nothing left behind" no_afudp_left

OBJ="$WORK/afudp_mark.bpf.o"
# -g: its maps are BTF-defined, which libbpf needs BTF for.
BPF_CFLAGS="$BPF_CFLAGS -g -I$top_srcdir/bpf -DAFUDP_TEST_RX_TS=${MARK}ull"
if bpf_cc "$top_srcdir/bpf/afudp.bpf.c" "$OBJ"; then
	run hardware $HW_CHECKS hw "$OBJ" "$MARK"
else
	not_ok "the test build of the program compiles"
fi
check "hardware: nothing left behind" no_afudp_left
finish
