#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Multicast receive on the fast path (issue 12, item 5). Kernel UDP
# senders in namespace B (two source addresses, IP_MULTICAST_IF on vb)
# multicast to 239.1.2.3; in namespace A one afudp process
# (tests/integration/mcastprog) has two sockets on one port joined to it
# (IP_ADD_MEMBERSHIP through afudp_setsockopt) and a third on the next
# port joined source-specifically (IP_ADD_SOURCE_MEMBERSHIP). Checked,
# by the program: every datagram reaches both members, byte for byte, on
# the fast path (XDP redirected = multicast redirected = datagrams sent,
# rx_slow 0); an unjoined group stays with the kernel (counted mcast);
# the source-specific join takes its source's datagrams only, the other
# source's go to the kernel; after one member leaves (IP_DROP_MEMBERSHIP)
# the other still gets all, after one closes the remaining one gets all;
# after the last leaves the group is the kernel's again (counted mcast,
# nothing redirected, the socket that left gets none), and once the afudp
# sockets are closed a kernel socket that joined it gets every datagram.
# Then nothing is left behind.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/mcastprog
PROG="$top_builddir/tests/integration/mcastprog"

plan 11
bed mc 1 || { echo "Bail out! cannot build the veth bed"; exit 1; }
IP_B2="${IP_B%.*}.3"
ip -n "$NS_B" addr add "$IP_B2/24" dev "$IF_B"
# Multicast leaves B by its own route on vb (the bed has no default).
ip -n "$NS_B" route add 239.0.0.0/8 dev "$IF_B"
ip -n "$NS_A" route add 239.0.0.0/8 dev "$IF_A"

in_a timeout 60 "$PROG" "$IF_A" "$NS_B" "$IF_B" "$IP_B" "$IP_B2" 18400 \
	>"$WORK/mcast.log" 2>&1
rc=$?
while read -r verdict what; do
	case "$verdict" in
	PASS) ok "$what" ;;
	FAIL) not_ok "$what" ;;
	*) diag "$verdict $what" ;;
	esac
done <"$WORK/mcast.log"
check "the program ran to its end (exit $rc)" test "$rc" = 0
check "nothing left behind" no_afudp_left
finish
