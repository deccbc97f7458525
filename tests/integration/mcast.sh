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
# Then an unmodified receiver through the preload: socat under afudp-run
# joins with ip-add-membership (before its bind: the preload replays the
# join once it serves the socket) and gets every line on the fast path.
# Then nothing is left behind.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/mcastprog preload/afudp-run
PROG="$top_builddir/tests/integration/mcastprog"
RUN="$top_builddir/preload/afudp-run"
# The socat checks only where socat is (not planned otherwise).
SOCAT_CHECKS=0
command -v socat >/dev/null && SOCAT_CHECKS=2

plan $(( 12 + SOCAT_CHECKS ))
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

# red: XDP redirects counted on queue 0 of $IF_A.
red() { in_a ethtool -S "$IF_A" | sed -n 's/.*rx_queue_0_xdp_redirect: //p'; }

# socat through the preload. Its fd: served once "afudp serves" is logged.
socat_run() {
local r0 d
r0=$(red)
bg "$WORK/socat.log" in_a timeout 20 "$RUN" -i "$IF_A" -v -- \
	socat -u UDP4-RECV:18410,ip-add-membership=239.1.2.5:"$IP_A" \
	OPEN:"$WORK/socat.out",creat
SOCAT=$BG_PID
wait_for "$WORK/socat.log" "afudp serves 0.0.0.0:18410" 10
in_b python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
	     socket.inet_aton(sys.argv[1]))
for i in range(50):
	s.sendto(b"line %d\n" % i, ("239.1.2.5", 18410))
	time.sleep(0.002)' "$IP_B"
wait_until 5 bash -c "test \$(wc -l <'$WORK/socat.out') -ge 50"
d=$(( $(red) - r0 ))
stop "$SOCAT" >/dev/null 2>&1
diag "socat: $(wc -l <"$WORK/socat.out") lines; XDP redirected $d"
check "socat under afudp-run, joined before its bind: all 50 lines, in order" \
	cmp -s "$WORK/socat.out" <(for i in $(seq 0 49); do echo "line $i"; done)
check "... on the fast path: XDP redirected the 50 ($d)" test "$d" = 50
}
[ "$SOCAT_CHECKS" = 0 ] || socat_run
check "nothing left behind" no_afudp_left
finish
