#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# route.sh over IPv6: routing and NDP neighbours end to end, through IPv6
# routers (forwarding on, answering solicitations). afudp-echo on an IPv6
# socket ([::]) in S answers a kernel client in C through a router, and
# goes back to the fast path by itself when the network changes under
# running traffic: a neighbour flush (`ip -6 neigh flush`), a new default
# router, a smaller MTU (IPv6 routers don't fragment: afudp gives what is
# larger than the path MTU to its kernel socket, which fragments at the
# source), a smaller MTU beyond the router (Packet Too Big to S), the link
# down and up; an afudp client's own link down and up.
# These phases are route_cases.sh's, shared with route.sh; this file sets
# the IPv6 details and adds what only IPv6 has:
# - On a server with several addresses, afudp's source address for a
#   destination is the kernel's: a kernel server bound to [::] answers
#   from the same one, and a connected kernel socket's getsockname() names
#   it (source_selection).
#
# The bed is lib.sh's route_bed 6 (fd00:X:1::/64 for C, fd00:X:2::/64 for
# S, two routers, no DAD, no router advertisements). Which path afudp took
# is seen as in route.sh, two independent ways that must agree: afudp's
# own counters, and S's /proc/net/snmp6 Udp6OutDatagrams (lib.sh's kout),
# which counts exactly the slow-path sends.
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip_all "needs bpftool"
command -v python3 >/dev/null || skip_all "needs python3"
require_bridge

plan 52

PORT=15600	# afudp-echo on S
KPORT=15601	# kernel echo server on S
IPV=-6
UDP_HDR=48	# IPv6 40 + UDP 8: echoes up to 1452 bytes, 1232 at MTU 1280
ECHO_ADDR=::	# afudp-echo on an IPv6 socket
S_ANY=::	# where the last check binds afudp's port on S
R1_NOISE=5	# NDP messages R1 may still send toward C
kin_s() { snmp6 $NS_S Udp6InDatagrams; }	# what S's kernel UDP got
frags_s() { snmp6 $NS_S Ip6FragCreates; }	# fragments S's kernel made
toobig_c() { snmp6 $NS_C Icmp6InPktTooBigs; }	# C's Packet Too Big
toobig_s() { snmp6 $NS_S Icmp6InPktTooBigs; }	# S's
# relink NS DEV IP ROUTER: the kernel drops a link's static IPv6
# addresses when it goes down (keep_addr_on_down is 0 by default): put
# the address back, as a network manager would, then the default route.
relink() {
	ip -n $1 addr replace $3/64 dev $2 &&
	ip -n $1 -6 route replace default via $4
}

route_bed 6 || { echo "Bail out! cannot build the routed bed"; exit 1; }
# DAD is off (route_bed); should an address still be tentative, it would
# neither send nor receive.
wait_until 10 no_tentative $NS_C:vc $NS_S:vs $NS_R1:brc $NS_R1:brs \
	$NS_R2:r2c $NS_R2:r2s || diag "addresses still tentative after 10 s"
. "$(dirname "$0")/route_cases.sh"

# source_selection: 4 checks.
# --- 4. source address selection on a server with several addresses ------
#
# S gets two more addresses: a deprecated one (preferred lifetime 0:
# RFC 6724 rule 3 avoids it) and one of a prefix that matches C's address
# longer than S_IP does (rule 8); the routers route that prefix to S. A
# socket bound to [::] answers from the source the kernel selects for the
# destination, whatever address the request came to: afudp-echo must
# answer from the same address as a kernel echo server bound to [::], and
# as a connected kernel socket's getsockname() names.
source_selection() {
	local x6=${C_IP%%:1::2}	# fd00:X
	local long=$x6:1:8000::2 ksrc kfrom afrom
	ip -n $NS_S addr add $x6:2::9/64 dev vs preferred_lft 0 &&
	ip -n $NS_S addr add $long/64 dev vs &&
	ip -n $NS_R1 -6 route add $x6:1:8000::/64 via $S_IP &&
	ip -n $NS_R2 -6 route add $x6:1:8000::/64 via $S_IP ||
		diag "cannot add S's addresses or the routes to them"
	wait_until 10 no_tentative $NS_S:vs
	diag "S's addresses: $(ip -n $NS_S -6 -br addr show dev vs | tr -s ' ')"
	ksrc=$(in_ns $NS_S python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.connect((sys.argv[1], 9))
print(s.getsockname()[0])' $C_IP)
	# from.py DST PORT: one datagram to [DST]:PORT; prints the echo's
	# source.
	cat >"$WORK/from.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(2)
for i in range(5):
    s.sendto(b"where from?", (sys.argv[1], int(sys.argv[2])))
    try:
        data, frm = s.recvfrom(2048)
    except socket.timeout:
        continue
    if data == b"where from?":
        print(frm[0])
        sys.exit(0)
print("none")
sys.exit(1)
PY
	bg "$WORK/kecho6.log" ip netns exec $NS_S "$PEER" echo-server :: $((KPORT + 10))
	wait_for "$WORK/kecho6.log" ready 10
	kfrom=$(in_ns $NS_C python3 "$WORK/from.py" $S_IP $((KPORT + 10)))
	check "afudp-echo starts on S, with its three addresses" start_echo "$WORK/echo3.log"
	wait_until 30 one_fast	# resolved, on the fast path
	mark
	afrom=$(in_ns $NS_C python3 "$WORK/from.py" $S_IP $PORT)
	since
	check "S's kernel selects $long for $C_IP (getsockname: $ksrc), and a kernel server on [::] answers from it ($kfrom)" \
		test "$ksrc" = "$long" -a "$kfrom" = "$long"
	check "afudp-echo on [::] answers from the same source ($afrom), on the fast path (slow +$dS, the kernel sent $dK)" \
		test "$afrom" = "$ksrc" -a "$dS" = 0 -a "$dK" = 0
	check "afudp-echo exits 0 on SIGTERM" stop $ECHO_PID
}

rt_echo_first		# 1. kernel client -> R1 -> afudp server
rt_ping_first		# 2. afudp client -> R1 -> kernel server
rt_live_start		# 3. changes under running traffic, afudp-echo on S
rt_neigh_flush		# 3a.
rt_new_router		# 3b.
rt_smaller_mtu		# 3c.
set_mtu 1500 $S_NET
rt_far_mtu		# 3c'.
rt_s_link_down		# 3d.
# IPv6 only: up, the kernel has dropped S's address with the link (see
# relink, which puts it back): show what is left.
wait_until 10 no_tentative $NS_S:vs
diag "after up, S's addresses: $(ip -n $NS_S -6 -br addr show dev vs | tr -s ' ')"
rt_s_link_back
rt_live_end
rt_c_link		# 3e. afudp client: its own link down and up
source_selection	# 4. IPv6 only
rt_nothing_left		# 5. nothing left

finish
