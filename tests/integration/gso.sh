#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# UDP GSO and GRO on afudp's fast path, side by side with the kernel's in
# the same bed (gsoprog.c): UDP_SEGMENT sends (control message, socket
# option, sendmmsg; errors) captured in namespace B, datagram by datagram;
# UDP_GRO receives of the same trains from B, read by read, with their
# control messages.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/gsoprog
PROG="$top_builddir/tests/integration/gsoprog"

# Checks printed by gsoprog (one per result() in gsoprog.c).
PROG_CHECKS=24
plan $((PROG_CHECKS + 2))
bed gs || { echo "Bail out! cannot build the veth bed"; exit 1; }
# The kernel socket's UDP_SEGMENT sends are cut before the veth, as a NIC
# with USO cuts them on the wire: else B would see one 64 KiB GSO packet.
ip netns exec "$NS_A" ethtool -K "$IF_A" tx-udp-segmentation off >/dev/null
# The kernel's GRO needs NAPI on the veth, which XDP in skb mode does not
# give: asked for, or the kernel socket's reads would never be coalesced.
ip netns exec "$NS_A" ethtool -K "$IF_A" gro on >/dev/null

bg "$WORK/gso.log" in_a timeout 120 "$PROG" "$IF_A" "$NS_B" "$IP_A" "$IP_B"
pid=$BG_PID
wait_for "$WORK/gso.log" ready 10
wait "$pid"
rc=$?
prog_tap "$WORK/gso.log"
check "gsoprog ran its $PROG_CHECKS checks to the end (rc $rc, $PROG_SEEN seen)" \
	bash -c "[ $PROG_SEEN = $PROG_CHECKS ] && grep -q '^DONE' $WORK/gso.log"
check "nothing left behind" no_afudp_left
finish
