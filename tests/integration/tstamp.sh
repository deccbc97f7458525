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
require_built tests/integration/tstampprog apps/afudp-echo apps/afudp-ping
PROG="$top_builddir/tests/integration/tstampprog"
MARK=1234567890123456789	# 2009-02-13T23:31:30.123456789Z

SW_CHECKS=4
HW_CHECKS=$((1 + 4 + 3))
plan $((SW_CHECKS + 1 + HW_CHECKS + 1 + 2 + 5))
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

# afudp-ping --residence from B (afudp on vb) to afudp-echo in A.
# ping_res NAME echo-args...: the echo's and the ping's outputs.
ping_res() {
	local name="$1" pid
	shift
	bg "$WORK/$name-echo.log" in_a "$APPS/afudp-echo" -i "$IF_A" \
		-p 17300 "$@"
	pid=$BG_PID
	wait_for "$WORK/$name-echo.log" "echoing on" 10
	in_b "$APPS/afudp-ping" -i "$IF_B" -d "$IP_A:17300" -n 200 -w 20 \
		-s 64 --timeout 500 --residence >"$WORK/$name-ping.log" 2>&1
	stop "$pid"
	sed 's/^/# /' "$WORK/$name-ping.log"
}
ping_res residence --residence
check "afudp-ping --residence to afudp-echo --residence: every reply measured by the server" \
	grep -qx "residence 200" "$WORK/residence-ping.log"
# The server's residence (p50) below the round trip's (p50).
p50() { sed -n 's/^min .* p50 \([0-9.]*\) .*/\1/p' "$1" | sed -n "$2p"; }
RTT=$(p50 "$WORK/residence-ping.log" 1)
RES=$(p50 "$WORK/residence-ping.log" 2)
check "residence ($RES us) is part of the round trip ($RTT us)" \
	awk -v a="$RES" -v b="$RTT" 'BEGIN { exit !(a > 0 && a < b) }'
ping_res plain
check "an echo server that does not measure: no residence, the round trips still measured" \
	bash -c "grep -qx 'residence 0' $WORK/plain-ping.log &&
		 grep -q 'received 200' $WORK/plain-ping.log"
check "afudp-ping --residence with -s 16: refused (24 bytes needed)" \
	bash -c "! '$APPS/afudp-ping' -i lo -d 10.0.0.1:9 -s 16 --residence 2>/dev/null"
check "residence: nothing left behind" no_afudp_left
finish
