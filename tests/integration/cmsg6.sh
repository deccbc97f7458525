#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# IPv6 control messages on afudp's fast path, side by side with a kernel
# AF_INET6 socket in the same bed (cmsg6prog.c): IPV6_RECVPKTINFO,
# _RECVHOPLIMIT, _RECVTCLASS, IPV6_FLOWINFO, the RFC 2292 ones,
# IPV6_RECVORIGDSTADDR received (alone, together, cut short, link-local,
# and IPv4 on the dual-stack socket with both families' options);
# IPV6_PKTINFO, IPV6_TCLASS and IPV6_HOPLIMIT sent (control messages and
# socket options), the headers captured in namespace B; bad ones get the
# kernel's errno.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/cmsg6prog
PROG="$top_builddir/tests/integration/cmsg6prog"

# Checks printed by cmsg6prog (one per result() in cmsg6prog.c).
PROG_CHECKS=30
plan $((PROG_CHECKS + 1))
bed c6 || { echo "Bail out! cannot build the veth bed"; exit 1; }
N=$(( $$ % 9000 + 1000 ))
A6=fd00:c6:$N::1 A6_2=fd00:c6:$N::3 B6=fd00:c6:$N::2 LL_A=fe80::c6a
for ns in "$NS_A" "$NS_B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 \
		"net.ipv6.conf.$IF_A.disable_ipv6=0" 2>/dev/null
	ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$IF_B.disable_ipv6=0" \
		2>/dev/null
done
ip -n "$NS_A" addr add $A6/64 dev "$IF_A" nodad
ip -n "$NS_A" addr add $A6_2/64 dev "$IF_A" nodad
ip -n "$NS_A" addr add $LL_A/64 dev "$IF_A" nodad
ip -n "$NS_B" addr add $B6/64 dev "$IF_B" nodad
# Neighbours both ways from the start: no NDP decides a path counted here.
MAC_A=$(ip -n "$NS_A" -br link show "$IF_A" | awk '{print $3}')
MAC_B=$(ip -n "$NS_B" -br link show "$IF_B" | awk '{print $3}')
ip -n "$NS_A" neigh replace $B6 lladdr "$MAC_B" dev "$IF_A" nud permanent
for a in $A6 $A6_2 $LL_A; do
	ip -n "$NS_B" neigh replace $a lladdr "$MAC_A" dev "$IF_B" nud permanent
done
no_tentative() {
	[ -z "$(ip -n "$NS_A" -6 addr show dev "$IF_A" tentative)" ] &&
		[ -z "$(ip -n "$NS_B" -6 addr show dev "$IF_B" tentative)" ]
}
wait_until 10 no_tentative || diag "addresses still tentative after 10 s"

bg "$WORK/c6.log" in_a timeout 90 "$PROG" "$IF_A" "$NS_B" $A6 $A6_2 $B6 \
	"$IP_A" "$IP_B" $LL_A
pid=$BG_PID
wait_for "$WORK/c6.log" ready 10
wait "$pid"
rc=$?
prog_tap "$WORK/c6.log" cmsg6prog
check "cmsg6prog ran its $PROG_CHECKS checks to the end (rc $rc, $PROG_SEEN seen)" \
	bash -c "[ $PROG_SEEN = $PROG_CHECKS ] && grep -q '^DONE' $WORK/c6.log"
finish
