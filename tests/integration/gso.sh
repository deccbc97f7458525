#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# UDP GSO and GRO on afudp's fast path, side by side with the kernel's in
# the same bed (gsoprog.c): UDP_SEGMENT sends (control message, socket
# option, sendmmsg; errors) captured in namespace B, datagram by datagram;
# UDP_GRO receives of the same trains from B, read by read, with their
# control messages. Twice: through libafudp (gsoprog), and through
# libafudp-preload (gsoplain under afudp-run).
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/gsoprog tests/integration/gsoplain \
	preload/afudp-run
PROG="$top_builddir/tests/integration/gsoprog"
PLAIN="$top_builddir/tests/integration/gsoplain"
RUN="$top_builddir/preload/afudp-run"

# Checks printed (one per result() in gsoprog.c): the library's run has
# afudp's counters over all its sends and reads, two more.
PROG_CHECKS=26
PLAIN_CHECKS=24
PA=17200	# gsoprog.c's afudp port
plan $((PROG_CHECKS + PLAIN_CHECKS + 3))
bed gs || { echo "Bail out! cannot build the veth bed"; exit 1; }
# The kernel socket's UDP_SEGMENT sends are cut before the veth, as a NIC
# with USO cuts them on the wire: else B would see one 64 KiB GSO packet.
ip netns exec "$NS_A" ethtool -K "$IF_A" tx-udp-segmentation off >/dev/null
# The kernel's GRO needs NAPI on the veth, which XDP in skb mode does not
# give: asked for, or the kernel socket's reads would never be coalesced.
ip netns exec "$NS_A" ethtool -K "$IF_A" gro on >/dev/null

# run NAME CHECKS cmd...: run a gsoprog in A (120 s at most), as TAP.
run() {
	local name="$1" checks="$2" pid rc
	shift 2
	bg "$WORK/$name.log" in_a timeout 120 "$@" "$IF_A" "$NS_B" "$IP_A" \
		"$IP_B"
	pid=$BG_PID
	wait_for "$WORK/$name.log" ready 10
	wait "$pid"
	rc=$?
	prog_tap "$WORK/$name.log" "$name"
	check "$name ran its $checks checks to the end (rc $rc, $PROG_SEEN seen)" \
		bash -c "[ $PROG_SEEN = $checks ] && grep -q '^DONE' $WORK/$name.log"
}

run libafudp $PROG_CHECKS "$PROG"
run preload $PLAIN_CHECKS "$RUN" -i "$IF_A" -p $PA -v -- "$PLAIN"
check "nothing left behind" no_afudp_left
finish
