#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Routing and neighbours, end to end, through routers: afudp follows the
# kernel's routes and neighbours (longest prefix -> next hop -> neighbour ->
# Ethernet header), takes the kernel socket while a next hop is unresolved
# or a datagram is larger than the path MTU, and goes back to the fast path
# by itself when the network changes under running traffic: a neighbour
# flush, a new default router, a smaller MTU, the link down and up.
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
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip_all "needs bpftool"
require_bridge

plan 48

PORT=15000	# afudp-echo on S
KPORT=15001	# kernel echo server on S
route_bed 4 || { echo "Bail out! cannot build the routed bed"; exit 1; }

start_echo() {	# start_echo LOG: afudp-echo on S, wait until it serves
	bg "$1" ip netns exec $NS_S "$APPS/afudp-echo" -i vs -p $PORT -v
	ECHO_PID=$BG_PID
	wait_for "$1" "echoing on" 15 || return 1
	NS_A=$NS_S IF_A=vs note_prog	# for no_afudp_left at the end
}

kin_s() { snmp $NS_S Udp InDatagrams; }	# what S's kernel UDP got

# --- 1. kernel client -> R1 -> afudp server -------------------------------
#
# S has never talked to R1, and R1 won't ARP for S (static entry): the
# first reply finds no neighbour, goes through the kernel socket, and the
# kernel resolves R1; then the fast path takes over by itself. How many
# replies go slow before afudp's control thread has applied the kernel's
# notification is a matter of scheduling (1 or 2 on an idle machine, dozens
# under CPU-bound load at higher priority), so the test checks the first
# one, waits for the fast path, and then wants all of the next 105 fast.

check "afudp-echo starts on S (default route via R1)" start_echo "$WORK/echo1.log"
diag "$(grep -m1 backend "$WORK/echo1.log")"
mark
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 64 -n 1 -t 2000 \
	>"$WORK/c0.log" 2>&1
rc=$?
since
check "the first echo comes back; afudp sent it through the kernel while S resolved R1 (slow +$dS, no-neigh +$dN, the kernel sent $dK)" \
	test $rc = 0 -a "$dS" = 1 -a "$dN" = 1 -a "$dK" = 1
check "... then the fast path takes over by itself" wait_until 30 one_fast
mark
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -n 5 -t 2000 >"$WORK/c1.log" 2>&1
rc=$?
since
check "a kernel client on C gets 105 echoes (1..1472 bytes) through R1, byte-exact ($(tail -1 "$WORK/c1.log"))" \
	test $rc = 0
check "... all 105 through the fast path (afudp slow +$dS, the kernel sent $dK)" \
	test "$dS" = 0 -a "$dK" = 0
check "afudp-echo exits 0 on SIGTERM" stop $ECHO_PID
read -r tx slow <<<"$(txline "$WORK/echo1.log")"
read -r rx rxslow <<<"$(rxline "$WORK/echo1.log")"
nn=$(num "$WORK/echo1.log" no-neigh)
miss=$(num "$WORK/echo1.log" misses)
check "server counters: tx $tx, slow path $slow, all for no neighbour ($nn; neighbour misses $miss)" \
	test "${tx:-0}" -ge 107 -a "${slow:-0}" -ge 1 -a "${nn:-0}" = "${slow:-x}" \
	-a "${miss:-0}" -ge 1
check "server counters: every request came through XDP (rx $rx, slow $rxslow)" \
	test "${rx:-0}" -ge 107 -a "${rxslow:-9}" = 0

# --- 2. afudp client -> R1 -> kernel server -------------------------------
#
# The same from the other side: C forgets R1 first; afudp-ping runs until
# the fast path carries its traffic (C's kernel sends no UDP any more while
# S's kernel server keeps receiving), then stops; no request may be lost.

bg "$WORK/kecho.log" ip netns exec $NS_S "$PEER" echo-server $S_IP $KPORT
wait_for "$WORK/kecho.log" ready 10
ip -n $NS_C neigh flush dev vc
bg "$WORK/p2.log" ip netns exec $NS_C "$APPS/afudp-ping" -i vc \
	-d $S_IP:$KPORT -n 1000000 -w 0 --timeout 2000 -v
PING_PID=$BG_PID
wait_for "$WORK/p2.log" "round trips" 15
NS_A=$NS_C IF_A=vc note_prog
check "afudp-ping on C reaches the kernel server on S through R1; the fast path takes over by itself" \
	wait_until 30 fast_now $NS_C kin_s
stop $PING_PID
rc=$?
read -r sent rcvd lost <<<"$(sed -nE 's/^sent ([0-9]+) received ([0-9]+) lost ([0-9]+)$/\1 \2 \3/p' "$WORK/p2.log")"
check "afudp-ping exits 0 on SIGTERM; nothing lost (sent $sent received $rcvd lost $lost)" \
	test $rc = 0 -a "${sent:-0}" -ge 20 -a "${lost:-x}" = 0
read -r tx slow <<<"$(txline "$WORK/p2.log")"
nn=$(num "$WORK/p2.log" no-neigh)
miss=$(num "$WORK/p2.log" misses)
check "client counters: tx $tx, slow path $slow, all for no neighbour ($nn; neighbour misses $miss)" \
	test "${tx:-0}" -ge "${sent:-1}" -a "${slow:-0}" -ge 1 \
	-a "${nn:-0}" = "${slow:-x}" -a "${miss:-0}" -ge 1

# --- 3. changes under running traffic, afudp-echo on S --------------------
#
# A kernel client on C runs a ping-pong loop against afudp-echo on S the
# whole time (peer echo-loop: every request unique, every echo checked,
# every loss counted), while S's network changes under it. A neighbour
# flush, a new router and a smaller MTU lose nothing for a kernel host
# (the kernel queues datagrams while it resolves, and fragments), so none
# may be lost here either. Link down loses what the kernel loses too: the
# requests R1 cannot deliver, and the replies S has no route for until
# the default route is back.

check "afudp-echo restarts on S for the live changes" start_echo "$WORK/echo2.log"
bg "$WORK/loop.log" ip netns exec $NS_C "$PEER" echo-loop $S_IP $PORT -t 1000 \
	-g 200 -f "$LOOP_ST"
LOOP_PID=$BG_PID
check "continuous traffic from C flows through the fast path" \
	wait_until 30 fast_now $NS_S loop_ok

# 3a. Neighbour flush on the afudp host.
mark
ip -n $NS_S neigh flush dev vs
check "neigh flush on S: afudp notices and sends through the kernel while it resolves R1" \
	wait_until 10 slow_since $NS_S "$m_k"
check "... then goes back to the fast path by itself" \
	wait_until 30 fast_now $NS_S loop_ok
since
check "... afudp's counters agree: slow path +$dS, all no-neigh (+$dN), the kernel sent $dK" \
	test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
check "... and no datagram was lost ($(cat "$LOOP_ST"))" loop_clean

# 3b. New default router (never talked to: S must resolve it).
mark
ip -n $NS_S route replace default via $R2_S
check "default route via R2 on S: the replies wait in the kernel for R2 to resolve" \
	wait_until 10 slow_since $NS_S "$m_k"
check "... then take the fast path again" wait_until 30 fast_now $NS_S loop_ok
since
check "... afudp's counters agree: slow path +$dS, all no-neigh (+$dN), the kernel sent $dK" \
	test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
# R1 routes the requests (toward S, out of brs), R2 now the replies (out
# of r2c); R1 routes nothing toward C any more but a rare ARP answer.
r1=$(if_stat $NS_R1 brc tx_packets); r2=$(if_stat $NS_R2 r2c tx_packets)
k=$(loop_ok)
wait_until 30 ok_reaches $(( k + 300 ))
r1=$(( $(if_stat $NS_R1 brc tx_packets) - r1 ))
r2=$(( $(if_stat $NS_R2 r2c tx_packets) - r2 ))
k=$(( $(loop_ok) - k ))
check "... through R2: of $k replies R2 routed $r2, R1 $r1" \
	test "$k" -ge 300 -a "$r2" -ge $(( k / 2 )) -a "$r1" -le 3
check "... and no datagram was lost ($(cat "$LOOP_ST"))" loop_clean

# 3c. Smaller MTU on S's link (the whole subnet, as a real link would have
# it: a host whose MTU differs from its neighbours' drops their frames).
for l in vs:$NS_S r1s:$NS_R1 r1x:$NS_R1 brs:$NS_R1 r2s:$NS_R2; do
	ip -n "${l#*:}" link set "${l%%:*}" mtu 1280
done
k=$(loop_ok)
check "MTU 1500 -> 1280 on S's subnet: the 64-byte traffic goes on" \
	wait_until 30 ok_reaches $(( k + 300 ))
check "... no datagram lost ($(cat "$LOOP_ST"))" loop_clean
# Kernel to kernel first: C's kernel sends with DF and learns the 1280
# path MTU from R1's ICMP only by losing its first datagram above it;
# afterwards it fragments. afudp's run below starts with that known.
in_ns $NS_C "$PEER" echo-client $S_IP $KPORT -s 1253,1300,1400,1472 -n 2 \
	-t 1000 >"$WORK/kmtu.log" 2>&1
klost=$(num "$WORK/kmtu.log" lost)
diag "kernel to kernel at MTU 1280: $(tail -1 "$WORK/kmtu.log")"
mark; f0=$(snmp $NS_S Ip FragCreates)
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 64,1252,1253,1300,1400,1472 \
	-n 3 -t 2000 >"$WORK/mtu.log" 2>&1
rc=$?
since; f1=$(( $(snmp $NS_S Ip FragCreates) - f0 ))
check "... afudp echoes 64..1472-byte datagrams whole, none lost (kernel to kernel lost ${klost:-?}): $(tail -1 "$WORK/mtu.log")" \
	test $rc = 0
check "... the 12 above 1252 bytes, and only those, went through the kernel socket (afudp: slow +$dS, mtu +$dM; the kernel sent $dK in $f1 fragments)" \
	test "$dM" = 12 -a "$dS" = 12 -a "$dK" = 12 -a "$f1" -ge 24
check "... while the 64-byte traffic went on without loss ($(cat "$LOOP_ST"))" loop_clean

# 3d. S's link down and up. Down, the requests are lost in R1 (no
# carrier), as they would be for any server; the kernel also deletes S's
# routes through the link, and puts back only the subnet's when it comes
# up, so S has no route back to C until the default route is added again.
lost0=$(lst lost)
ip -n $NS_S link set vs down
check "S's link down: requests are lost (as the kernel would lose them)" \
	wait_until 15 lost_above "$lost0"
ip -n $NS_S link set vs up
# The kernel reports the link operationally up (and afudp hears of it)
# only after its link-watch delay; wait for that, so that the sends below
# meet a link afudp knows to be up.
wait_until 15 oper_up $NS_S vs
diag "after up, S's routes: $(ip -n $NS_S route show | tr '\n' ';')"
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 64 -n 2 -t 500 \
	>"$WORK/noroute.log" 2>&1
rc=$?
check "up, no default route yet: afudp does not answer either, like the kernel ($(tail -1 "$WORK/noroute.log"))" \
	test $rc != 0 -a "$(num "$WORK/noroute.log" ok)" = 0
mark
ip -n $NS_S route replace default via $R1_S
k=$(loop_ok)
check "default route back: the traffic resumes, without restarting anything" \
	wait_until 30 ok_reaches $(( k + 300 ))
check "... through the fast path" wait_until 30 fast_now $NS_S loop_ok
since
check "... after resolving R1 again, which S forgot with the link, like its kernel (slow path +$dS, no-neigh +$dN, the kernel sent $dK)" \
	test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
check "... losses only from the outage, no wrong echo ($(cat "$LOOP_ST"))" \
	test "$(lst bad)" = 0 -a "$(lst errors)" = 0

check "the traffic loop stops" stop $LOOP_PID
diag "loop: $(cat "$WORK/loop.log" | tr '\n' ' ')"
check "afudp-echo exits 0 on SIGTERM" stop $ECHO_PID
grep -E '^(afudp|socket: (rx|tx slow)|route:|xdp:)' \
	"$WORK/echo2.log" | sed 's/^/# /'
read -r tx slow <<<"$(txline "$WORK/echo2.log")"
nn=$(num "$WORK/echo2.log" no-neigh)
mtu=$(num "$WORK/echo2.log" mtu '^socket: tx slow')
oth=$(num "$WORK/echo2.log" other)
miss=$(num "$WORK/echo2.log" misses)
check "server counters: exactly the 12 datagrams above the MTU were sent slow for it (mtu $mtu)" \
	test "${mtu:-0}" = 12
check "server counters: neighbour misses after the flush, the new router and the link's return (no-neigh $nn, misses $miss)" \
	test "${nn:-0}" -ge 3 -a "${miss:-0}" -ge 3
check "server counters: no slow send for another reason (other $oth), fast path for the rest (tx $tx, slow $slow)" \
	test "${oth:-9}" = 0 -a "${slow:-0}" = $(( ${nn:-0} + ${mtu:-0} )) \
	-a "${tx:-0}" -gt $(( 20 * ${slow:-1} ))
frag=$(num "$WORK/echo2.log" fragment '^xdp:')
badip=$(num "$WORK/echo2.log" bad-ip '^xdp:')
check "the XDP program passed every fragment as a fragment (fragment $frag, bad-ip $badip: nothing malformed was sent)" \
	test "${frag:-0}" -ge 24 -a "${badip:-9}" = 0
check "without a route back, afudp-echo's replies failed with ENETUNREACH, as a kernel socket's would" \
	grep -q 'reply: Network is unreachable' "$WORK/echo2.log"

# --- 3e. afudp client: its own link down and up ---------------------------

bg "$WORK/p3.log" ip netns exec $NS_C "$APPS/afudp-ping" -i vc -d $S_IP:$KPORT \
	-n 2000000 -w 0 --timeout 300 -v
PING_PID=$BG_PID
wait_for "$WORK/p3.log" "round trips" 15
NS_A=$NS_C IF_A=vc note_prog
check "afudp-ping on C against the kernel server: fast path" \
	wait_until 30 fast_now $NS_C kin_s
ip -n $NS_C link set vc down
check "C's link down: afudp-ping's sends fail with an errno" \
	wait_for "$WORK/p3.log" "send: " 15
diag "$(grep 'send: ' "$WORK/p3.log")"
ip -n $NS_C link set vc up
ip -n $NS_C route replace default via $R1_C
check "link up, default route back: afudp-ping's traffic resumes through the fast path, without a restart" \
	wait_until 30 fast_now $NS_C kin_s
stop $PING_PID
rc=$?
grep -E '^(sent|afudp-ping: stale|socket: (rx|tx slow)|route:)' "$WORK/p3.log" |
	sed 's/^/# /'
check "afudp-ping exits 0 on SIGTERM" test $rc = 0

# --- 4. nothing left ------------------------------------------------------

# lib.sh's no_afudp_left, for interface $2 in namespace $1.
left_on() { NS_A=$1 IF_A=$2 no_afudp_left; }
check "nothing left on S: no XDP program on vs, afudp's programs and maps gone" \
	left_on $NS_S vs
check "nothing left on C: no XDP program on vc, afudp's programs and maps gone" \
	left_on $NS_C vc
check "nothing pinned in the bpffs" \
	bash -c "[ -z \"\$(find $WORK/bpffs -mindepth 1 ! -type d ! -name '*.debug')\" ]"
check "afudp's port is free again on S" bash -c "ip netns exec $NS_S $PEER bind $S_IP $PORT >/dev/null"

finish
