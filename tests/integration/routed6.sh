#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# route.sh over IPv6: routing and NDP neighbours end to end, through IPv6
# routers (forwarding on, answering solicitations). afudp-echo on an IPv6
# socket ([::]) in S answers a kernel client in C through a router, and
# goes back to the fast path by itself when the network changes under
# running traffic: a neighbour flush (`ip -6 neigh flush`), a new default
# router, a smaller MTU (IPv6 routers don't fragment: afudp gives what is
# larger than the path MTU to its kernel socket, which fragments at the
# source), the link down and up; an afudp client's own link down and up.
# A smaller MTU beyond the first router (Packet Too Big to S) is a TODO:
# afudp does not follow the kernel's learnt path MTU yet.
# Last, on a server with several addresses, afudp's source address for a
# destination is the kernel's: a kernel server bound to [::] answers from
# the same one, and a connected kernel socket's getsockname() names it.
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

plan 51

PORT=15600	# afudp-echo on S
KPORT=15601	# kernel echo server on S
route_bed 6 || { echo "Bail out! cannot build the routed bed"; exit 1; }
# DAD is off (route_bed); should an address still be tentative, it would
# neither send nor receive.
wait_until 10 no_tentative $NS_C:vc $NS_S:vs $NS_R1:brc $NS_R1:brs \
	$NS_R2:r2c $NS_R2:r2s || diag "addresses still tentative after 10 s"
# IPv6 echo sizes: up to 1452 bytes (1500 - 40 - 8), 21 sizes.
SIZES=1,2,3,7,8,9,63,64,65,127,128,255,256,511,512,1000,1023,1024,1400,1451,1452

start_echo() {	# start_echo LOG: afudp-echo on [::] in S, until it serves
	bg "$1" ip netns exec $NS_S "$APPS/afudp-echo" -i vs -p $PORT -a :: -v
	ECHO_PID=$BG_PID
	wait_for "$1" "echoing on" 15 || return 1
	NS_A=$NS_S IF_A=vs note_prog	# for no_afudp_left at the end
}

kin_s() { snmp6 $NS_S Udp6InDatagrams; }	# what S's kernel UDP got

# todo "description" "why not yet" command...: a check of what is not
# done yet, as a TAP TODO: its failure is expected and not counted (the
# harness's XFAIL); should it pass, the harness says XPASS, and it is time
# to make it a check.
todo() {
	local d="$1" why="$2"
	shift 2
	T_N=$((T_N + 1))
	if "$@"; then
		echo "ok $T_N - $d # TODO $why"
	else
		echo "not ok $T_N - $d # TODO $why"
	fi
}

# --- 1. kernel client -> R1 -> afudp server -------------------------------
#
# S has never talked to R1, and R1 won't solicit S (static entry): the
# first reply finds no neighbour, goes through the kernel socket, and the
# kernel resolves R1 (NDP); then the fast path takes over by itself.

check "afudp-echo -a :: starts on S (default route via R1)" start_echo "$WORK/echo1.log"
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
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s $SIZES -n 5 -t 2000 \
	>"$WORK/c1.log" 2>&1
rc=$?
since
check "a kernel client on C gets 105 echoes (1..1452 bytes) through R1, byte-exact ($(tail -1 "$WORK/c1.log"))" \
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

bg "$WORK/kecho.log" ip netns exec $NS_S "$PEER" echo-server $S_IP $KPORT
wait_for "$WORK/kecho.log" ready 10
ip -n $NS_C -6 neigh flush dev vc
bg "$WORK/p2.log" ip netns exec $NS_C "$APPS/afudp-ping" -i vc \
	-d "[$S_IP]:$KPORT" -n 1000000 -w 0 --timeout 2000 -v
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
# whole time (every request unique, every echo checked, every loss
# counted), while S's network changes under it. A neighbour flush, a new
# router and a smaller MTU lose nothing for a kernel host, so none may be
# lost here either.

check "afudp-echo restarts on S for the live changes" start_echo "$WORK/echo2.log"
bg "$WORK/loop.log" ip netns exec $NS_C "$PEER" echo-loop $S_IP $PORT -t 1000 \
	-g 200 -f "$LOOP_ST"
LOOP_PID=$BG_PID
check "continuous traffic from C flows through the fast path" \
	wait_until 30 fast_now $NS_S loop_ok

# 3a. Neighbour flush on the afudp host.
mark
ip -n $NS_S -6 neigh flush dev vs
check "ip -6 neigh flush on S: afudp notices and sends through the kernel while it resolves R1" \
	wait_until 10 slow_since $NS_S "$m_k"
check "... then goes back to the fast path by itself" \
	wait_until 30 fast_now $NS_S loop_ok
since
check "... afudp's counters agree: slow path +$dS, all no-neigh (+$dN), the kernel sent $dK" \
	test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
check "... and no datagram was lost ($(cat "$LOOP_ST"))" loop_clean

# 3b. New default router (never talked to: S must resolve it).
mark
ip -n $NS_S -6 route replace default via $R2_S
check "default route via R2 on S: the replies wait in the kernel for R2 to resolve" \
	wait_until 10 slow_since $NS_S "$m_k"
check "... then take the fast path again" wait_until 30 fast_now $NS_S loop_ok
since
check "... afudp's counters agree: slow path +$dS, all no-neigh (+$dN), the kernel sent $dK" \
	test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
# R1 routes the requests (toward S, out of brs), R2 now the replies (out
# of r2c); R1 sends nothing toward C any more but a rare NDP message.
r1=$(if_stat $NS_R1 brc tx_packets); r2=$(if_stat $NS_R2 r2c tx_packets)
k=$(loop_ok)
wait_until 30 ok_reaches $(( k + 300 ))
r1=$(( $(if_stat $NS_R1 brc tx_packets) - r1 ))
r2=$(( $(if_stat $NS_R2 r2c tx_packets) - r2 ))
k=$(( $(loop_ok) - k ))
check "... through R2: of $k replies R2 routed $r2, R1 $r1" \
	test "$k" -ge 300 -a "$r2" -ge $(( k / 2 )) -a "$r1" -le 5
check "... and no datagram was lost ($(cat "$LOOP_ST"))" loop_clean

# 3c. The IPv6 minimum MTU, 1280, on S's subnet (the whole subnet, as a
# real link would have it). An IPv6 router never fragments: R1 answers a
# larger packet for S's subnet with Packet Too Big, and the sender
# fragments from then on.
for l in vs:$NS_S r1s:$NS_R1 r1x:$NS_R1 brs:$NS_R1 r2s:$NS_R2; do
	ip -n "${l#*:}" link set "${l%%:*}" mtu 1280
done
k=$(loop_ok)
check "MTU 1500 -> 1280 on S's subnet: the 64-byte traffic goes on" \
	wait_until 30 ok_reaches $(( k + 300 ))
check "... no datagram lost ($(cat "$LOOP_ST"))" loop_clean
# Kernel to kernel first: C's kernel learns the 1280 path MTU to S from
# R1's Packet Too Big only by losing its first datagram above it;
# afterwards it fragments. afudp's run below starts with that known.
ptb0=$(snmp6 $NS_C Icmp6InPktTooBigs)
in_ns $NS_C "$PEER" echo-client $S_IP $KPORT -s 1233,1300,1400,1452 -n 2 \
	-t 1000 >"$WORK/kmtu.log" 2>&1
klost=$(num "$WORK/kmtu.log" lost)
diag "kernel to kernel at MTU 1280: $(tail -1 "$WORK/kmtu.log"); C got $(( $(snmp6 $NS_C Icmp6InPktTooBigs) - ptb0 )) Packet Too Big"
mark; f0=$(snmp6 $NS_S Ip6FragCreates)
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 64,1232,1233,1300,1400,1452 \
	-n 3 -t 2000 >"$WORK/mtu.log" 2>&1
rc=$?
since; f1=$(( $(snmp6 $NS_S Ip6FragCreates) - f0 ))
check "... afudp echoes 64..1452-byte datagrams whole, none lost (kernel to kernel lost ${klost:-?}): $(tail -1 "$WORK/mtu.log")" \
	test $rc = 0
check "... the 12 above 1232 bytes, and only those, went through the kernel socket (afudp: slow +$dS, mtu +$dM; the kernel sent $dK in $f1 fragments)" \
	test "$dM" = 12 -a "$dS" = 12 -a "$dK" = 12 -a "$f1" -ge 24
check "... while the 64-byte traffic went on without loss ($(cat "$LOOP_ST"))" loop_clean
for l in vs:$NS_S r1s:$NS_R1 r1x:$NS_R1 brs:$NS_R1 r2s:$NS_R2; do
	ip -n "${l#*:}" link set "${l%%:*}" mtu 1500
done

# 3c'. The smaller MTU beyond S's router instead: C's subnet at 1280, S's
# at 1500. A reply above 1232 bytes leaves S whole and meets R2's 1280
# link: R2 drops it and tells S, Packet Too Big. S's kernel keeps that
# path MTU for C (a cached route exception).
for l in vc:$NS_C r1c:$NS_R1 r1y:$NS_R1 brc:$NS_R1 r2c:$NS_R2; do
	ip -n "${l#*:}" link set "${l%%:*}" mtu 1280
done
ptb0=$(snmp6 $NS_S Icmp6InPktTooBigs)
mark
in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 1300 -n 6 -t 1000 \
	>"$WORK/ptb.log" 2>&1
since
ptb=$(( $(snmp6 $NS_S Icmp6InPktTooBigs) - ptb0 ))
diag "S's route to C now: $(ip -n $NS_S -6 route get $C_IP | tr -s ' ')"
# A kernel sender loses the first (the Packet Too Big teaches it) and
# fragments the rest. afudp does not learn the path MTU yet: the kernel
# keeps it in a route exception, of which netlink sends no notification,
# and the route mirror (which ignores cloned routes) never sees it. So
# every such reply is sent whole on the fast path and lost: a TODO.
todo "afudp learns the path MTU from Packet Too Big: of 6 echoes of 1300 bytes $(num "$WORK/ptb.log" ok) came back, S got $ptb Packet Too Big, afudp slow +$dS (mtu +$dM), the kernel sent $dK" \
	"the route mirror does not follow the kernel's PMTU exceptions" \
	test "$(num "$WORK/ptb.log" ok)" -ge 5 -a "$dM" -ge 5
for l in vc:$NS_C r1c:$NS_R1 r1y:$NS_R1 brc:$NS_R1 r2c:$NS_R2; do
	ip -n "${l#*:}" link set "${l%%:*}" mtu 1500
done

# 3d. S's link down and up. Down, the requests are lost in R1 (no
# carrier), as they would be for any server. The kernel also drops the
# link's static IPv6 addresses (keep_addr_on_down is 0 by default) and the
# routes through it; up, they are added back, as a network manager
# would.
lost0=$(lst lost)
ip -n $NS_S link set vs down
check "S's link down: requests are lost (as the kernel would lose them)" \
	wait_until 15 lost_above "$lost0"
ip -n $NS_S link set vs up
# The kernel reports the link operationally up (and afudp hears of it)
# only after its link-watch delay.
wait_until 15 oper_up $NS_S vs
wait_until 10 no_tentative $NS_S:vs
diag "after up, S's addresses: $(ip -n $NS_S -6 -br addr show dev vs | tr -s ' ')"
diag "after up, S's routes: $(ip -n $NS_S -6 route show | tr '\n' ';')"
mark
ip -n $NS_S addr replace $S_IP/64 dev vs &&
ip -n $NS_S -6 route replace default via $R1_S
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
check "the XDP program passed every fragment as a fragment (fragment $frag, bad-ip $badip)" \
	test "${frag:-0}" -ge 24 -a "${badip:-9}" = 0

# --- 3e. afudp client: its own link down and up ---------------------------

bg "$WORK/p3.log" ip netns exec $NS_C "$APPS/afudp-ping" -i vc \
	-d "[$S_IP]:$KPORT" -n 2000000 -w 0 --timeout 300 -v
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
wait_until 15 oper_up $NS_C vc
ip -n $NS_C addr replace $C_IP/64 dev vc &&
ip -n $NS_C -6 route replace default via $R1_C
check "link up, default route back: afudp-ping's traffic resumes through the fast path, without a restart" \
	wait_until 30 fast_now $NS_C kin_s
stop $PING_PID
rc=$?
grep -E '^(sent|afudp-ping: stale|socket: (rx|tx slow)|route:)' "$WORK/p3.log" |
	sed 's/^/# /'
check "afudp-ping exits 0 on SIGTERM" test $rc = 0

# --- 4. source address selection on a server with several addresses ------
#
# S gets two more addresses: a deprecated one (preferred lifetime 0:
# RFC 6724 rule 3 avoids it) and one of a prefix that matches C's address
# longer than S_IP does (rule 8); the routers route that prefix to S. A
# socket bound to [::] answers from the source the kernel selects for the
# destination, whatever address the request came to: afudp-echo must
# answer from the same address as a kernel echo server bound to [::], and
# as a connected kernel socket's getsockname() names.

X6=${C_IP%%:1::2}	# fd00:X
LONG=$X6:1:8000::2
ip -n $NS_S addr add $X6:2::9/64 dev vs preferred_lft 0 &&
ip -n $NS_S addr add $LONG/64 dev vs &&
ip -n $NS_R1 -6 route add $X6:1:8000::/64 via $S_IP &&
ip -n $NS_R2 -6 route add $X6:1:8000::/64 via $S_IP ||
	diag "cannot add S's addresses or the routes to them"
wait_until 10 no_tentative $NS_S:vs
diag "S's addresses: $(ip -n $NS_S -6 -br addr show dev vs | tr -s ' ')"
ksrc=$(in_ns $NS_S python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.connect((sys.argv[1], 9))
print(s.getsockname()[0])' $C_IP)
# from.py DST PORT: one datagram to [DST]:PORT; prints the echo's source.
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
check "S's kernel selects $LONG for $C_IP (getsockname: $ksrc), and a kernel server on [::] answers from it ($kfrom)" \
	test "$ksrc" = "$LONG" -a "$kfrom" = "$LONG"
check "afudp-echo on [::] answers from the same source ($afrom), on the fast path (slow +$dS, the kernel sent $dK)" \
	test "$afrom" = "$ksrc" -a "$dS" = 0 -a "$dK" = 0
check "afudp-echo exits 0 on SIGTERM" stop $ECHO_PID

# --- 5. nothing left ------------------------------------------------------

left_on() { NS_A=$1 IF_A=$2 no_afudp_left; }
check "nothing left on S: no XDP program on vs, afudp's programs and maps gone" \
	left_on $NS_S vs
check "nothing left on C: no XDP program on vc, afudp's programs and maps gone" \
	left_on $NS_C vc
check "nothing pinned in the bpffs" \
	bash -c "[ -z \"\$(find $WORK/bpffs -mindepth 1 ! -type d ! -name '*.debug')\" ]"
check "afudp's port is free again on S" bash -c "ip netns exec $NS_S $PEER bind :: $PORT >/dev/null"

finish
