# SPDX-License-Identifier: BSD-2-Clause
# The phases that route.sh (IPv4) and routed6.sh (IPv6) share, one body for
# both families: sourced by them after lib.sh, the settings below and
# route_bed, never run on its own. Each phase is a function that the
# scripts call in order, with their family-only sections in between; the
# TAP plan stays in the scripts (each function says how many checks it
# makes).
#
# The family comes from the sourcing script, which sets:
#   PORT KPORT   afudp-echo's port on S, the kernel echo server's on S
#   IPV          -4 or -6, ip(8)'s family flag
#   UDP_HDR      bytes of IP and UDP header: 28 (IPv4) or 48 (IPv6); the
#                echo sizes and the MTU cases follow from it
#   ECHO_ADDR    afudp-echo's -a on S (empty: its default)
#   S_ANY        where the last check binds afudp's port on S
#   R1_NOISE     how many frames R1 may still send toward C once R2 routes
#                the replies (neighbour protocol messages: ARP, NDP)
# and defines:
#   kin_s           the datagrams S's kernel UDP received
#   frags_s         the fragments S's kernel made
#   toobig_c        the ICMP "too big" messages C's kernel received
#   toobig_s        ... and S's kernel
#   relink NS DEV IP ROUTER   what a host needs, once its link DEV is up
#                   again, to reach the other subnet: the default route via
#                   ROUTER (and, where the family drops it, its address IP)
# Which path afudp took is seen in two ways that must agree: afudp's own
# counters (lib.sh's mark/since read them live through afudp-stat) and
# the kernel's UDP counters in afudp's namespace (lib.sh's kout).

RT_MAX=$(( 1500 - UDP_HDR ))	# the largest payload at MTU 1500
RT_MAX1280=$(( 1280 - UDP_HDR ))	# ... and at MTU 1280
# 21 echo sizes, 105 echoes at -n 5: the edges of powers of two, and of
# the MTU.
RT_SIZES=1,2,3,7,8,9,63,64,65,127,128,255,256,511,512,1000,1023,1024,1400,$(( RT_MAX - 1 )),$RT_MAX
# The links of each subnet (link:namespace), for their MTU.
S_NET="vs:$NS_S r1s:$NS_R1 r1x:$NS_R1 brs:$NS_R1 r2s:$NS_R2"
C_NET="vc:$NS_C r1c:$NS_R1 r1y:$NS_R1 brc:$NS_R1 r2c:$NS_R2"

# set_mtu MTU LINK:NS...: the whole subnet, as a real link would have it
# (a host whose MTU differs from its neighbours' drops their frames).
set_mtu() {
	local mtu=$1 l
	shift
	for l in "$@"; do
		ip -n "${l#*:}" link set "${l%%:*}" mtu "$mtu"
	done
}

# hostport ADDR PORT: ADDR:PORT, or [ADDR]:PORT for an IPv6 address.
hostport() {
	case $1 in
	*:*) echo "[$1]:$2" ;;
	*) echo "$1:$2" ;;
	esac
}

start_echo() {	# start_echo LOG: afudp-echo on S, wait until it serves
	bg "$1" ip netns exec $NS_S "$APPS/afudp-echo" -i vs -p $PORT \
		${ECHO_ADDR:+-a $ECHO_ADDR} -v
	ECHO_PID=$BG_PID
	wait_for "$1" "echoing on" 15 || return 1
	NS_A=$NS_S IF_A=vs note_prog	# for no_afudp_left at the end
}

# start_ping LOG COUNT TIMEOUT: afudp-ping on C against the kernel echo
# server on S (COUNT round trips, each given TIMEOUT ms), until it runs.
start_ping() {
	bg "$1" ip netns exec $NS_C "$APPS/afudp-ping" -i vc \
		-d "$(hostport $S_IP $KPORT)" -n $2 -w 0 --timeout $3 -v
	PING_PID=$BG_PID
	wait_for "$1" "round trips" 15
	NS_A=$NS_C IF_A=vc note_prog	# for no_afudp_left at the end
}

# rt_echo_first: 8 checks.
# --- 1. kernel client -> R1 -> afudp server -------------------------------
#
# S has never talked to R1, and R1 won't ask for S (static entry): the
# first reply finds no neighbour, goes through the kernel socket, and the
# kernel resolves R1 (ARP or NDP); then the fast path takes over by
# itself. How many replies go slow before afudp's control thread has
# applied the kernel's notification is a matter of scheduling (1 or 2 on
# an idle machine, dozens under CPU-bound load at higher priority), so the
# test checks the first one, waits for the fast path, and then wants all of
# the next 105 fast.
rt_echo_first() {
	local rc tx slow rx rxslow nn miss
	check "afudp-echo${ECHO_ADDR:+ -a $ECHO_ADDR} starts on S (default route via R1)" \
		start_echo "$WORK/echo1.log"
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
	in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s $RT_SIZES -n 5 -t 2000 \
		>"$WORK/c1.log" 2>&1
	rc=$?
	since
	check "a kernel client on C gets 105 echoes (1..$RT_MAX bytes) through R1, byte-exact ($(tail -1 "$WORK/c1.log"))" \
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
}

# rt_ping_first: 3 checks; leaves the kernel echo server on S ($KPORT)
# running for the phases after it.
# --- 2. afudp client -> R1 -> kernel server -------------------------------
#
# The same from the other side: C forgets R1 first; afudp-ping runs until
# the fast path carries its traffic (C's kernel sends no UDP any more while
# S's kernel server keeps receiving), then stops; no request may be lost.
rt_ping_first() {
	local rc sent rcvd lost tx slow nn miss
	bg "$WORK/kecho.log" ip netns exec $NS_S "$PEER" echo-server $S_IP $KPORT
	wait_for "$WORK/kecho.log" ready 10
	ip -n $NS_C $IPV neigh flush dev vc
	start_ping "$WORK/p2.log" 1000000 2000
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
}

# rt_live_start: 2 checks.
# --- 3. changes under running traffic, afudp-echo on S --------------------
#
# A kernel client on C runs a ping-pong loop against afudp-echo on S the
# whole time (peer echo-loop: every request unique, every echo checked,
# every loss counted), while S's network changes under it. A neighbour
# flush, a new router and a smaller MTU lose nothing for a kernel host
# (the kernel queues datagrams while it resolves, and fragments), so none
# may be lost here either. Link down loses what the kernel loses too: the
# requests R1 cannot deliver, and the replies S cannot send until its
# default route is back.
rt_live_start() {
	check "afudp-echo restarts on S for the live changes" start_echo "$WORK/echo2.log"
	bg "$WORK/loop.log" ip netns exec $NS_C "$PEER" echo-loop $S_IP $PORT \
		-t 1000 -g 200 -f "$LOOP_ST"
	LOOP_PID=$BG_PID
	check "continuous traffic from C flows through the fast path" \
		wait_until 30 fast_now $NS_S loop_ok
}

# rt_neigh_flush: 4 checks.
# 3a. Neighbour flush on the afudp host.
rt_neigh_flush() {
	mark
	ip -n $NS_S $IPV neigh flush dev vs
	check "ip $IPV neigh flush on S: afudp notices and sends through the kernel while it resolves R1" \
		wait_until 10 slow_since $NS_S "$m_k"
	check "... then goes back to the fast path by itself" \
		wait_until 30 fast_now $NS_S loop_ok
	since
	check "... afudp's counters agree: slow path +$dS, all no-neigh (+$dN), the kernel sent $dK" \
		test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
	check "... and no datagram was lost ($(cat "$LOOP_ST"))" loop_clean
}

# rt_new_router: 5 checks.
# 3b. New default router (never talked to: S must resolve it).
rt_new_router() {
	local r1 r2 k
	mark
	ip -n $NS_S $IPV route replace default via $R2_S
	check "default route via R2 on S: the replies wait in the kernel for R2 to resolve" \
		wait_until 10 slow_since $NS_S "$m_k"
	check "... then take the fast path again" wait_until 30 fast_now $NS_S loop_ok
	since
	check "... afudp's counters agree: slow path +$dS, all no-neigh (+$dN), the kernel sent $dK" \
		test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
	# R1 routes the requests (toward S, out of brs), R2 now the replies
	# (out of r2c); R1 sends nothing toward C any more but a rare
	# neighbour protocol message (R1_NOISE).
	r1=$(if_stat $NS_R1 brc tx_packets); r2=$(if_stat $NS_R2 r2c tx_packets)
	k=$(loop_ok)
	wait_until 30 ok_reaches $(( k + 300 ))
	r1=$(( $(if_stat $NS_R1 brc tx_packets) - r1 ))
	r2=$(( $(if_stat $NS_R2 r2c tx_packets) - r2 ))
	k=$(( $(loop_ok) - k ))
	check "... through R2: of $k replies R2 routed $r2, R1 $r1" \
		test "$k" -ge 300 -a "$r2" -ge $(( k / 2 )) -a "$r1" -le "$R1_NOISE"
	check "... and no datagram was lost ($(cat "$LOOP_ST"))" loop_clean
}

# rt_smaller_mtu: 5 checks; leaves S's subnet at MTU 1280.
# 3c. MTU 1280 on S's subnet (the IPv6 minimum). The router toward it
# cannot forward a larger packet whole: C's kernel learns so from R1's ICMP
# (IPv4: Fragmentation Needed, the datagrams having DF; IPv6: Packet Too
# Big, as an IPv6 router never fragments) and fragments at the source from
# then on. afudp on S knows its own link's MTU: it gives what is larger to
# its kernel socket, which fragments.
rt_smaller_mtu() {
	local k klost tb0 f0 f1 rc
	set_mtu 1280 $S_NET
	k=$(loop_ok)
	check "MTU 1500 -> 1280 on S's subnet: the 64-byte traffic goes on" \
		wait_until 30 ok_reaches $(( k + 300 ))
	check "... no datagram lost ($(cat "$LOOP_ST"))" loop_clean
	# Kernel to kernel first: C's kernel learns the 1280 path MTU from
	# R1's ICMP only by losing its first datagram above it; afterwards it
	# fragments. afudp's run below starts with that known.
	tb0=$(toobig_c)
	in_ns $NS_C "$PEER" echo-client $S_IP $KPORT \
		-s $(( RT_MAX1280 + 1 )),1300,1400,$RT_MAX -n 2 -t 1000 \
		>"$WORK/kmtu.log" 2>&1
	klost=$(num "$WORK/kmtu.log" lost)
	diag "kernel to kernel at MTU 1280: $(tail -1 "$WORK/kmtu.log"); C got $(( $(toobig_c) - tb0 )) ICMP too big"
	mark; f0=$(frags_s)
	in_ns $NS_C "$PEER" echo-client $S_IP $PORT \
		-s 64,$RT_MAX1280,$(( RT_MAX1280 + 1 )),1300,1400,$RT_MAX \
		-n 3 -t 2000 >"$WORK/mtu.log" 2>&1
	rc=$?
	since; f1=$(( $(frags_s) - f0 ))
	check "... afudp echoes 64..$RT_MAX-byte datagrams whole, none lost (kernel to kernel lost ${klost:-?}): $(tail -1 "$WORK/mtu.log")" \
		test $rc = 0
	check "... the 12 above $RT_MAX1280 bytes, and only those, went through the kernel socket (afudp: slow +$dS, mtu +$dM; the kernel sent $dK in $f1 fragments)" \
		test "$dM" = 12 -a "$dS" = 12 -a "$dK" = 12 -a "$f1" -ge 24
	check "... while the 64-byte traffic went on without loss ($(cat "$LOOP_ST"))" loop_clean
}

# rt_far_mtu: 2 checks; expects both subnets at MTU 1500 and leaves them
# so.
# 3c'. The smaller MTU beyond S's router instead: C's subnet at 1280, S's at
# 1500. A reply above the 1280 path MTU leaves S whole and meets R2's 1280
# link: R2 drops it and tells S (IPv4: Fragmentation Needed, afudp setting
# DF as the kernel does; IPv6: Packet Too Big). S's kernel keeps that path
# MTU for C (a route exception, of which netlink says nothing); afudp's XDP
# program notes the message for its own port, and the route mirror takes
# the smaller MTU from then on: a kernel sender loses the first such reply
# (the one that teaches it) and fragments the rest, and so must afudp,
# through its kernel socket.
RT_MTU_SLOW=12	# rt_smaller_mtu's; rt_far_mtu adds its own
rt_far_mtu() {
	local tb0 tb ok
	set_mtu 1280 $C_NET
	tb0=$(toobig_s)
	mark
	in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 1300 -n 6 -t 1000 \
		>"$WORK/ptb.log" 2>&1
	since
	tb=$(( $(toobig_s) - tb0 ))
	ok=$(num "$WORK/ptb.log" ok)
	diag "S's route to C now: $(ip -n $NS_S $IPV route get $C_IP | tr -s ' ' | tr '\n' ' ')"
	grep 'path MTU' "$WORK/echo2.log" | sed 's/^/# /'
	check "MTU 1280 beyond R2: S got $tb ICMP too big; of 6 echoes of 1300 bytes $ok came back, as from a kernel sender (all but the first)" \
		test "$tb" -ge 1 -a "${ok:-0}" -ge 5
	check "... afudp followed the path MTU: what it sent above it went through the kernel socket (slow +$dS, mtu +$dM; the kernel sent $dK)" \
		test "$dM" -ge 5 -a "$dM" -le 6 -a "$dS" = "$dM" -a "$dK" = "$dM"
	RT_MTU_SLOW=$(( RT_MTU_SLOW + dM ))
	set_mtu 1500 $C_NET
}

# rt_s_link_down: 1 check; leaves S's link up again but without its
# default route (nor, for IPv6, its address): the script may look at that
# state before rt_s_link_back.
# 3d. S's link down and up. Down, the requests are lost in R1 (no
# carrier), as they would be for any server. The kernel also deletes the
# routes through the link (and the link's static IPv6 addresses:
# keep_addr_on_down is 0 by default); up, it puts back only the subnet
# route of an address the link kept (IPv4's): S has no route back to C
# until relink adds the default route again (and the IPv6 address), as a
# network manager would.
rt_s_link_down() {
	local lost0
	lost0=$(lst lost)
	ip -n $NS_S link set vs down
	check "S's link down: requests are lost (as the kernel would lose them)" \
		wait_until 15 lost_above "$lost0"
	ip -n $NS_S link set vs up
	# The kernel reports the link operationally up (and afudp hears of
	# it) only after its link-watch delay; wait for that, so that the
	# sends after it meet a link afudp knows to be up.
	wait_until 15 oper_up $NS_S vs
	diag "after up, S's routes: $(ip -n $NS_S $IPV route show | tr '\n' ';')"
}

# rt_s_link_back: 4 checks.
rt_s_link_back() {
	local k
	mark
	relink $NS_S vs $S_IP $R1_S
	k=$(loop_ok)
	check "default route back: the traffic resumes, without restarting anything" \
		wait_until 30 ok_reaches $(( k + 300 ))
	check "... through the fast path" wait_until 30 fast_now $NS_S loop_ok
	since
	check "... after resolving R1 again, which S forgot with the link, like its kernel (slow path +$dS, no-neigh +$dN, the kernel sent $dK)" \
		test "$dS" -ge 1 -a "$dS" = "$dN" -a "$dS" = "$dK"
	check "... losses only from the outage, no wrong echo ($(cat "$LOOP_ST"))" \
		test "$(lst bad)" = 0 -a "$(lst errors)" = 0
}

# rt_live_end: 6 checks: the loop and afudp-echo stop, and afudp-echo's
# counters over the whole of phase 3 (echo2.log).
rt_live_end() {
	local tx slow nn mtu oth miss frag badip
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
	check "server counters: exactly the $RT_MTU_SLOW datagrams above the path MTU were sent slow for it (mtu $mtu)" \
		test "${mtu:-0}" = "$RT_MTU_SLOW"
	check "server counters: neighbour misses after the flush, the new router and the link's return (no-neigh $nn, misses $miss)" \
		test "${nn:-0}" -ge 3 -a "${miss:-0}" -ge 3
	check "server counters: no slow send for another reason (other $oth), fast path for the rest (tx $tx, slow $slow)" \
		test "${oth:-9}" = 0 -a "${slow:-0}" = $(( ${nn:-0} + ${mtu:-0} )) \
		-a "${tx:-0}" -gt $(( 20 * ${slow:-1} ))
	frag=$(num "$WORK/echo2.log" fragment '^xdp:')
	badip=$(num "$WORK/echo2.log" bad-ip '^xdp:')
	check "the XDP program passed every fragment as a fragment (fragment $frag, bad-ip $badip: nothing malformed was sent)" \
		test "${frag:-0}" -ge 24 -a "${badip:-9}" = 0
}

# rt_c_link: 4 checks.
# --- 3e. afudp client: its own link down and up ---------------------------
rt_c_link() {
	local rc
	start_ping "$WORK/p3.log" 2000000 300
	check "afudp-ping on C against the kernel server: fast path" \
		wait_until 30 fast_now $NS_C kin_s
	ip -n $NS_C link set vc down
	check "C's link down: afudp-ping's sends fail with an errno" \
		wait_for "$WORK/p3.log" "send: " 15
	diag "$(grep 'send: ' "$WORK/p3.log")"
	ip -n $NS_C link set vc up
	wait_until 15 oper_up $NS_C vc
	relink $NS_C vc $C_IP $R1_C
	check "link up, default route back: afudp-ping's traffic resumes through the fast path, without a restart" \
		wait_until 30 fast_now $NS_C kin_s
	stop $PING_PID
	rc=$?
	grep -E '^(sent|afudp-ping: stale|socket: (rx|tx slow)|route:)' "$WORK/p3.log" |
		sed 's/^/# /'
	check "afudp-ping exits 0 on SIGTERM" test $rc = 0
}

# left_on NS DEV: lib.sh's no_afudp_left, for interface DEV in namespace NS.
left_on() { NS_A=$1 IF_A=$2 no_afudp_left; }

# rt_nothing_left: 4 checks.
# --- nothing left ---------------------------------------------------------
rt_nothing_left() {
	check "nothing left on S: no XDP program on vs, afudp's programs and maps gone" \
		left_on $NS_S vs
	check "nothing left on C: no XDP program on vc, afudp's programs and maps gone" \
		left_on $NS_C vc
	check "nothing pinned in the bpffs" \
		bash -c "[ -z \"\$(find $WORK/bpffs -mindepth 1 ! -type d ! -name '*.debug')\" ]"
	check "afudp's port is free again on S" \
		bash -c "ip netns exec $NS_S $PEER bind $S_ANY $PORT >/dev/null"
}
