#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The IPv6 route mirror against the kernel (issue #14 part 1): for several
# destinations, the source address the mirror picks equals what a
# connected kernel UDP socket gets (getsockname()), the next hop equals
# what `ip -6 route get` says, the next hop's MAC appears once the kernel
# resolved it (the mirror asks, RTM_NEWNEIGH + NTF_USE), and a neighbour
# flush is noticed and resolved again. No XDP, no afudp socket: the mirror
# alone, through the library's internal API (tests/integration/route6prog).
#
# Three namespaces, ULA addresses only, DAD off so addresses are usable at
# once (accept_dad=0, nodad):
#
#   A  va  X:1::1/64 fe80::a  ---  ga  X:1::2/64 X:11::2/64 fe80::1  G
#                                  gs  X:2::1/64  ---  sg  X:2::2/64  S
#
# (X = fd00:N, N from the pid.) A routes X:2::/64 via X:1::2 (a global
# gateway) and the default via fe80::1 (a link-local one); G forwards.
# Run 1 finds everything in the mirror's first dump; run 2 adds a second
# prefix (X:11::1/64), a deprecated address (X:1::5, preferred_lft 0) and
# a route via X:11::2 after the mirror is open, so they arrive as
# notifications.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/route6prog
PROG="$top_builddir/tests/integration/route6prog"

plan 27

N=$(( $$ % 200 + 20 ))
P1=fd00:$N:1 P2=fd00:$N:2 P3=fd00:$N:3 P11=fd00:$N:11
NS_A=r6a$$ NS_G=r6g$$ NS_S=r6s$$

topology() {
	local ns l
	for ns in $NS_A $NS_G $NS_S; do
		ip netns add "$ns" && T_NS="$T_NS $ns" || return 1
		# Before the links exist, so they inherit it (DAD needs
		# both "all" and the interface's accept_dad below 1 to stop).
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
			net.ipv6.conf.default.disable_ipv6=0 \
			net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 || return 1
		ip -n "$ns" link set lo up || return 1
	done
	in_ns $NS_G sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1
	ip link add va netns $NS_A type veth peer name ga netns $NS_G &&
	ip link add gs netns $NS_G type veth peer name sg netns $NS_S ||
		return 1
	ip -n $NS_A addr add $P1::1/64 dev va nodad &&
	ip -n $NS_A addr add fe80::a/64 dev va nodad &&
	ip -n $NS_G addr add $P1::2/64 dev ga nodad &&
	ip -n $NS_G addr add $P11::2/64 dev ga nodad &&
	ip -n $NS_G addr add fe80::1/64 dev ga nodad &&
	ip -n $NS_G addr add $P2::1/64 dev gs nodad &&
	ip -n $NS_S addr add $P2::2/64 dev sg nodad || return 1
	for l in va:$NS_A ga:$NS_G gs:$NS_G sg:$NS_S; do
		ip -n "${l#*:}" link set "${l%%:*}" up || return 1
	done
	ip -n $NS_A -6 route add $P2::/64 via $P1::2 dev va &&
	ip -n $NS_A -6 route add default via fe80::1 dev va &&
	ip -n $NS_S -6 route add default via $P2::1 dev sg || return 1
	WORK=$(mktemp -d /tmp/afudp-test.XXXXXX) && T_DIRS="$T_DIRS $WORK"
}

# nh DST [OIF]: the next hop `ip -6 route get` gives in A (the
# destination itself when on-link).
nh() {
	local out via
	out=$(ip -n $NS_A -6 route get "$1" ${2:+oif "$2"}) || return 1
	via=$(echo "$out" | sed -n 's/.* via \([^ ]*\).*/\1/p')
	echo "${via:-$1}"
}

check "three namespaces, a router, IPv6 without DAD" topology || {
	finish
}
MAC_G=$(ip -n $NS_G -br link show ga | awk '{print $3}')

# Run 1: on-link global, link-local with its scope, routed through a
# global gateway, routed through a link-local gateway (the default).
set -- $P1::2 "$(nh $P1::2)" \
	fe80::1%va "$(nh fe80::1 va)" \
	$P2::2 "$(nh $P2::2)" \
	$P3::9 "$(nh $P3::9)"
diag "run 1: $*"
in_ns $NS_A "$PROG" va "$MAC_G" "$@" >"$WORK/run1.log" 2>&1
prog_tap "$WORK/run1.log" "dump"
check "run 1 made its 12 checks" [ "$PROG_SEEN" = 12 ] ||
	sed 's/^/#   /' "$WORK/run1.log"

# Run 2: what changes after the mirror opened; then a neighbour flush.
EXEC="ip -6 addr add $P11::1/64 dev va nodad &&
ip -6 addr add $P1::5/64 dev va nodad preferred_lft 0 &&
ip -6 route add $P3::/64 via $P11::2 dev va"
set -- $P11::2 $P11::2 \
	$P1::2 $P1::2 \
	$P3::9 $P11::2
diag "run 2: $*"
in_ns $NS_A "$PROG" va "$MAC_G" --exec "$EXEC" --flush "$@" \
	>"$WORK/run2.log" 2>&1
prog_tap "$WORK/run2.log" "notified"
check "run 2 made its 11 checks" [ "$PROG_SEEN" = 11 ] ||
	sed 's/^/#   /' "$WORK/run2.log"
check "ip -6 route get agrees: $P3::9 via $P11::2" \
	[ "$(nh $P3::9)" = "$P11::2" ]

finish
