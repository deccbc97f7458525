#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Routing and neighbours, end to end, through routers: afudp follows the
# kernel's routes and neighbours (longest prefix -> next hop -> neighbour ->
# Ethernet header), takes the kernel socket while a next hop is unresolved
# or a datagram is larger than the path MTU, and goes back to the fast path
# by itself when the network changes under running traffic: a neighbour
# flush, a new default router, a smaller MTU on S's subnet and beyond its
# router (Fragmentation Needed to S), the link down and up; an
# afudp client's own link down and up.
#
# Four namespaces, two subnets, two routers: lib.sh's route_bed 4 (IPv6 is
# off there, so that the routers' interface counters count only what is
# routed, and ARP).
#
# Which path afudp took is seen in two independent ways, and the test
# wants them to agree: afudp's own counters (live through afudp-stat, and
# printed at exit), and the kernel's UDP counters in afudp's namespace:
# afudp's fast path never touches the kernel's UDP stack, its slow path is
# a kernel UDP socket, so /proc/net/snmp Udp OutDatagrams there counts
# exactly the slow-path sends (no other UDP sender runs there while it is
# measured; lib.sh's kout).
#
# The phases are route_cases.sh's, shared with routed6.sh (the same over
# IPv6); this file sets the IPv4 details and adds what only IPv4 has: with
# the link back up but no default route yet, S keeps its address, so
# afudp-echo still gets the requests and its replies fail with ENETUNREACH
# as a kernel socket's would.
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip_all "needs bpftool"
require_bridge

plan 50

PORT=15000	# afudp-echo on S
KPORT=15001	# kernel echo server on S
IPV=-4
UDP_HDR=28	# IPv4 20 + UDP 8: echoes up to 1472 bytes, 1252 at MTU 1280
ECHO_ADDR=	# afudp-echo's default address
R1_NOISE=3	# ARP answers R1 may still send toward C
kin_s() { snmp $NS_S Udp InDatagrams; }	# what S's kernel UDP got
frags_s() { snmp $NS_S Ip FragCreates; }	# fragments S's kernel made
# C's ICMP Destination Unreachable (Fragmentation Needed from R1).
toobig_c() { snmp $NS_C Icmp InDestUnreachs; }
toobig_s() { snmp $NS_S Icmp InDestUnreachs; }	# S's (from R2)
# relink NS DEV IP ROUTER: an IPv4 address stays on its link through down
# and up; only the default route must come back.
relink() { ip -n $1 -4 route replace default via $4; }

route_bed 4 || { echo "Bail out! cannot build the routed bed"; exit 1; }
S_ANY=$S_IP	# where the last check binds afudp's port on S
. "$(dirname "$0")/route_cases.sh"

rt_echo_first		# 1. kernel client -> R1 -> afudp server
rt_ping_first		# 2. afudp client -> R1 -> kernel server
rt_live_start		# 3. changes under running traffic, afudp-echo on S
rt_neigh_flush		# 3a.
rt_new_router		# 3b.
rt_smaller_mtu		# 3c.
set_mtu 1500 $S_NET
rt_far_mtu		# 3c'.
rt_s_link_down		# 3d.
# --- 3d, IPv4 only: up, no default route yet ------------------------------
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 64 -n 2 -t 500 \
	>"$WORK/noroute.log" 2>&1
rc=$?
check "up, no default route yet: afudp does not answer either, like the kernel ($(tail -1 "$WORK/noroute.log"))" \
	test $rc != 0 -a "$(num "$WORK/noroute.log" ok)" = 0
rt_s_link_back
rt_live_end
check "without a route back, afudp-echo's replies failed with ENETUNREACH, as a kernel socket's would" \
	grep -q 'reply: Network is unreachable' "$WORK/echo2.log"
rt_c_link		# 3e. afudp client: its own link down and up
rt_nothing_left		# 4. nothing left

finish
