#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Control messages on afudp's fast path, side by side with the kernel's in
# the same bed (cmsgprog.c): IP_PKTINFO, IP_RECVTOS, IP_RECVTTL,
# IP_RECVORIGDSTADDR, SO_TIMESTAMP(NS) received, alone and together, with
# short control buffers, through recvmmsg, on the fast and the slow path;
# IP_PKTINFO, IP_TOS and IP_TTL sent (control messages and socket
# options), the headers captured in namespace B.
. "$(dirname "$0")/lib.sh"
require_root
PROG="$top_builddir/tests/integration/cmsgprog"
[ -x "$PROG" ] || skip_all "tests/integration/cmsgprog not built"

# Checks printed by cmsgprog (one per result() call in cmsgprog.c).
PROG_CHECKS=26
plan $((PROG_CHECKS + 2))
bed cm || { echo "Bail out! cannot build the veth bed"; exit 1; }
# A second address on A: the source IP_PKTINFO asks for.
IP_A2="${IP_A%.1}.3"
ip -n "$NS_A" addr add "$IP_A2/24" dev "$IF_A"

bg "$WORK/prog.log" in_a timeout 60 "$PROG" "$IF_A" "$NS_B" "$IP_A" "$IP_A2" \
	"$IP_B"
pid=$BG_PID
wait_for "$WORK/prog.log" ready 10
wait "$pid"
rc=$?
n=0
while read -r word rest; do
	case "$word" in
	PASS) ok "$rest"; n=$((n + 1)) ;;
	FAIL) not_ok "$rest"; n=$((n + 1)) ;;
	\#) diag "$rest" ;;
	esac
done <"$WORK/prog.log"
check "cmsgprog ran its $PROG_CHECKS checks to the end (rc $rc, $n seen)" \
	bash -c "[ $n = $PROG_CHECKS ] && grep -q '^DONE' $WORK/prog.log"
check "nothing left behind" no_afudp_left
finish
