#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Control messages on afudp's fast path, side by side with the kernel's in
# the same bed (cmsgprog.c): IP_PKTINFO, IP_RECVTOS, IP_RECVTTL,
# IP_RECVORIGDSTADDR, SO_TIMESTAMP(NS), SO_TIMESTAMPING received, alone
# and together, with short control buffers, through recvmmsg, on the fast
# and the slow path;
# IP_PKTINFO, IP_TOS and IP_TTL sent (control messages and socket
# options), the headers captured in namespace B. Twice: through libafudp
# (cmsgprog), and through libafudp-preload (cmsgplain under afudp-run).
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/cmsgprog tests/integration/cmsgplain \
	preload/afudp-run
PROG="$top_builddir/tests/integration/cmsgprog"
PLAIN="$top_builddir/tests/integration/cmsgplain"
RUN="$top_builddir/preload/afudp-run"

# Checks printed by cmsgprog (one per result() in cmsgprog.c).
PROG_CHECKS=31
PA=17100	# cmsgprog.c's afudp port
plan $((2 * (PROG_CHECKS + 1) + 1))
bed cm || { echo "Bail out! cannot build the veth bed"; exit 1; }
# A second address on A: the source IP_PKTINFO asks for.
IP_A2="${IP_A%.1}.3"
ip -n "$NS_A" addr add "$IP_A2/24" dev "$IF_A"

# run NAME cmd...: run a cmsgprog in A (60 s at most), its lines as TAP.
run() {
	local name="$1" pid rc
	shift
	bg "$WORK/$name.log" in_a timeout 60 "$@" "$IF_A" "$NS_B" "$IP_A" \
		"$IP_A2" "$IP_B"
	pid=$BG_PID
	wait_for "$WORK/$name.log" ready 10
	wait "$pid"
	rc=$?
	prog_tap "$WORK/$name.log" "$name"
	check "$name ran its $PROG_CHECKS checks to the end (rc $rc, $PROG_SEEN seen)" \
		bash -c "[ $PROG_SEEN = $PROG_CHECKS ] && grep -q '^DONE' $WORK/$name.log"
}

run libafudp "$PROG"
run preload "$RUN" -i "$IF_A" -p $PA -v -- "$PLAIN"
check "nothing left behind" no_afudp_left
finish
