#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Hostile and malformed input. The kernel-side peer builds each frame itself
# (raw AF_PACKET, none of afudp's codec) and sends it, one case at a time,
# to three ports: afudp-echo's, a kernel echo server's (the reference: what
# the kernel's own stack delivers for the same bytes), and a port nobody
# holds. Each case gets a fresh afudp-echo, so the counters it prints at
# exit belong to that case alone (plus known markers), and is asserted twice:
#   - delivery: afudp delivers it exactly when the kernel does, on the path
#     the table says (fast: the XSK; slow: the kernel socket behind it), with
#     the payload the kernel delivers; nothing else comes back;
#   - counters: the XDP program's verdicts and the socket's drop counters
#     are exactly those of the table.
# Then valid traffic keeps flowing while every case is sent again and again.
#
# Markers, after each case: a small datagram (XDP: redirected), a 5000-byte
# one (two IP fragments at MTU 3400: XDP fragment x2, the kernel socket) to
# afudp, and a small one to the kernel server (XDP: no-port). Their echoes
# also tell that afudp has handled everything sent before them.
. "$(dirname "$0")/lib.sh"
require_root

# name deliver xdp@afudp-port xdp@other-ports socket-drop
#   deliver: 0 (dropped), F (delivered, fast path), S (slow path)
#   xdp: the counter the frame moves ("fragment2": two fragments)
CASES=$(cat <<'EOF'
valid		F redirected	no-port		-
trunc-eth	0 trunc		trunc		-
trunc-ip	0 trunc		trunc		-
trunc-udp	0 trunc		trunc		-
ihl-0		0 bad-ip	bad-ip		-
ihl-4		0 bad-ip	bad-ip		-
ihl-beyond	0 ip-options	ip-options	-
ihl-totlen	0 bad-ip	bad-ip		-
version-6	0 bad-ip	bad-ip		-
totlen-short	0 bad-ip	bad-ip		-
totlen-long	0 redirected	no-port		malformed
udplen-short	0 redirected	no-port		malformed
udplen-long	0 redirected	no-port		malformed
udplen-trailing	F redirected	no-port		-
padded		F redirected	no-port		-
ip-csum		0 redirected	no-port		csum
udp-csum	0 redirected	no-port		csum
udp-csum-none	F redirected	no-port		-
ttl0		F redirected	no-port		-
options		S ip-options	ip-options	-
options-max	S ip-options	ip-options	-
opt-bad-len	0 ip-options	ip-options	-
opt-lsrr	0 ip-options	ip-options	-
mac-bcast	S mcast		mcast		-
mac-mcast	S mcast		mcast		-
ip-bcast	S mcast		mcast		-
subnet-bcast	S not-local	no-port		-
mcast-allhosts	S mcast		mcast		-
mcast-other	0 mcast		mcast		-
other-host	0 not-local	no-port		-
other-mac	0 other-mac	no-port		-
vlan		0 vlan		vlan		-
qinq		0 vlan		vlan		-
vlan2		0 vlan		vlan		-
ipv6		0 bad-ip		bad-ip		-
not-udp		0 not-udp	not-udp		-
frag-first	0 fragment	fragment	-
frag-middle	0 fragment	fragment	-
frag-last	0 fragment	fragment	-
frag-pair	S fragment2	fragment2	-
fit-max		F redirected	no-port		-
too-big		F redirected	no-port		-
too-big-3000	F redirected	no-port		-
src-zero	0 martian	no-port		-
src-loopback	0 martian	no-port		-
src-mcast	0 martian	no-port		-
src-bcast	0 martian	no-port		-
src-subnet-bcast F redirected	no-port		-
src-self	0 martian	no-port		-
src-self-loop	0 martian	no-port		-
rpf-other-if	F redirected	no-port		-
rpf-unroutable	F redirected	no-port		-
EOF
)
NCASES=$(echo "$CASES" | wc -l)
XDP_NAMES="redirected not-ipv4 trunc bad-ip fragment not-udp not-local mcast no-port no-queue too-big other-mac martian ip-options vlan ip6-ext"

plan $((2 * NCASES + 13))
bed rb || { echo "Bail out! cannot build the veth bed"; exit 1; }
P=21000	# afudp-echo
R=21001	# kernel reference echo server
O=21002	# nobody

# Pin down what the kernel reference does, whatever the host's defaults:
# no forwarding, no source routing, no reverse-path filter, unicast in L2
# multicast accepted; no IPv6 (its neighbour discovery would only add
# not-ipv4 noise). MTU 3400 on both ends: frames larger than a 2048-byte
# UMEM frame (minus 256 bytes of XDP headroom) reach afudp as chains of
# frames (multi-buffer XSKs: too-big, too-big-3000 take the fast path).
for ns in "$NS_A" "$NS_B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=0 \
		net.ipv4.conf.all.accept_source_route=0 \
		net.ipv4.conf.default.accept_source_route=0 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.conf.all.drop_unicast_in_l2_multicast=0 \
		net.ipv4.conf.all.accept_local=0 \
		net.ipv4.conf.all.route_localnet=0 >/dev/null
done
in_a sysctl -qw net.ipv4.conf.$IF_A.rp_filter=0 \
	net.ipv4.conf.$IF_A.accept_source_route=0 >/dev/null
ip -n "$NS_A" link set "$IF_A" mtu 3400
ip -n "$NS_B" link set "$IF_B" mtu 3400

bg "$WORK/kref.log" in_a "$PEER" echo-server-v 0.0.0.0 $R
wait_for "$WORK/kref.log" ready 5 || echo "Bail out! no kernel reference server"

# xdp_want VERDICT TIMES: add to WANT[].
declare -A WANT
xdp_want() {
	case "$1" in
	fragment2) WANT[fragment]=$((WANT[fragment] + 2 * $2)) ;;
	*) WANT[$1]=$((WANT[$1] + $2)) ;;
	esac
}

run_case() {
	local name=$1 deliver=$2 vp=$3 vo=$4 drop=$5
	local log="$WORK/case-$name.log" out rc x="" f tk kl delivered
	local hits khits nobody stray marks why="" n

	[ "$deliver" != 0 ] && x=-x
	bg "$log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $P -v
	if ! wait_for "$log" "echoing on" 10; then
		not_ok "$name: afudp-echo did not start"
		not_ok "$name: counters"
		diag "$(tail -5 "$log")"
		stop "$BG_PID"
		return
	fi
	[ "$name" = valid ] && diag "$(grep -m1 'backend' "$log")"
	out=$(in_b "$PEER" raw-case "$IF_B" "$MAC_A" "$IP_B" "$IP_A" \
		$P $R $O "$name" $x 2>&1)
	stop "$BG_PID"
	rc=$?
	echo_counters "$log"
	set -- $out
	# case NAME frames N afudp A kernel K nobody O stray S tags TP TK TO markers M
	hits=${6:-x} khits=${8:-x} nobody=${10:-x} stray=${12:-x}
	tk=${15:-none} marks=${18:-lost}
	kl=$(grep -c "tag $tk\$" "$WORK/kref.log")

	# The kernel reference must behave as the table says (else the
	# table, or this host, is wrong: say so rather than blame afudp).
	n=0; [ "$deliver" != 0 ] && n=1
	delivered=0
	{ [ "$khits" = 1 ] || [ "$kl" -ge 1 ]; } && delivered=1
	[ "$delivered" = "$n" ] ||
		why="$why; the kernel reference delivered $delivered (table: $n)"
	[ "$marks" = ok ] || why="$why; markers lost"
	[ "$rc" = 0 ] || why="$why; afudp-echo exit $rc"
	[ "${CNT[rx]}" = $((2 + n)) ] ||
		why="$why; afudp received ${CNT[rx]} (markers: 2)"
	f=1; [ "$deliver" = S ] && f=2
	[ "${CNT[rx-slow]}" = $f ] ||
		why="$why; slow path ${CNT[rx-slow]} (want $f)"
	# Replies reach the peer unless the source address is spoofed.
	case "$name" in
	src-*|rpf-*) ;;
	*)	[ "$hits" = "$n" ] ||
			why="$why; $hits echoes with the expected payload (want $n)"
		[ "$khits" = "$n" ] ||
			why="$why; kernel reference: $khits echoes (want $n)"
		;;
	esac
	[ "$nobody" = 0 ] || why="$why; $nobody replies from the unheld port"
	[ "$stray" = 0 ] || why="$why; $stray unexpected replies"
	case "$deliver" in
	0) f="dropped" ;; F) f="delivered, fast path" ;; S) f="delivered, slow path" ;;
	esac
	if [ -z "$why" ]; then
		ok "$name: $f, as the kernel does"
	else
		not_ok "$name: $f, as the kernel does"
		diag "${why#; }"
		diag "peer: $out"
		diag "$(grep -E '^(xdp|socket: rx)' "$log" | tr '\n' ' ')"
	fi

	WANT=([redirected]=1 [fragment]=2 [no-port]=1)	# the markers
	xdp_want "$vp" 1
	xdp_want "$vo" 2
	# not-ipv4: ARP adds to it.
	counters_check "$name: counters (xdp: $vp, $vo x2; socket: $drop)" \
		"$log" "$drop" "${XDP_NAMES/not-ipv4 /}" not-ipv4
}

while read -r name deliver vp vo drop; do
	run_case "$name" "$deliver" "$vp" "$vo" "$drop"
done <<<"$CASES"

# Valid traffic before, during and after a barrage of every case.
bg "$WORK/flow.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $P -v
ECHO_PID=$BG_PID
check "barrage: afudp-echo starts" wait_for "$WORK/flow.log" "echoing on" 10
check "barrage: echoes before" \
	in_b "$PEER" echo-client "$IP_A" $P -s 1,64,1472 -n 2
bg "$WORK/loop.out" in_b "$PEER" echo-loop "$IP_A" $P -s 8,64,1000,1472 \
	-t 5000 -g 100
LOOP_PID=$BG_PID
frames=0
for round in 1 2 3; do
	while read -r name _; do
		set -- $(in_b "$PEER" raw-case "$IF_B" "$MAC_A" "$IP_B" \
			"$IP_A" $P 0 $O "$name" -q)
		frames=$((frames + ${4:-0}))
	done <<<"$CASES"
done
diag "barrage: $frames frames, 3 rounds of $NCASES cases"
check "barrage: echoes after" \
	in_b "$PEER" echo-client "$IP_A" $P -s 1,64,1472,3000 -n 2
stop "$LOOP_PID"
loop=$(tail -1 "$WORK/loop.out")
diag "echo-loop during the barrage: $loop"
set -- $loop
check "barrage: echoes during it all came back byte-exact" \
	test "${1:-}" = sent -a "${4:-x}" -ge 1 -a "${6:-x}" = 0 \
	-a "${8:-x}" = 0 -a "${10:-x}" = 0
check "barrage: afudp-echo survived and exits 0" stop "$ECHO_PID"
echo_counters "$WORK/flow.log"
diag "$(grep -E '^(xdp|socket: rx)' "$WORK/flow.log" | tr '\n' ' ')"
# 3 rounds x (2 checksum cases, 3 malformed ones) at afudp's port.
check "barrage: checksum and malformed drops counted (csum ${CNT[csum]}, malformed ${CNT[malformed]})" \
	test "${CNT[csum]:--1}" -ge 6 -a "${CNT[malformed]:--1}" -ge 9 \
	-a "${CNT[filtered]:--1}" = 0
# The interface's MAC changes under a running stack: the program follows
# it (frames for the new MAC take the fast path, for the old one nothing
# is delivered, as the kernel does, and other-mac counts them).
bg "$WORK/mac.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $P -v
MAC_PID=$BG_PID
wait_for "$WORK/mac.log" "echoing on" 10
NEWMAC=02:a0:00:00:00:01
ip -n "$NS_A" link set "$IF_A" address $NEWMAC
ip -n "$NS_B" neigh replace "$IP_A" lladdr $NEWMAC dev "$IF_B"
new_mac_hits() {
	set -- $(in_b "$PEER" raw-case "$IF_B" $NEWMAC "$IP_B" "$IP_A" \
		$P $R $O valid -x)
	[ "${6:-0}" = 1 ]
}
check "MAC changed: datagrams to the new one are echoed" \
	wait_until 5 new_mac_hits
set -- $(in_b "$PEER" raw-case "$IF_B" "$MAC_A" "$IP_B" "$IP_A" $P $R $O valid)
check "... to the old one, not delivered (afudp ${6:-x}, kernel ${8:-x})" \
	test "${6:-x}" = 0 -a "${8:-x}" = 0
stop "$MAC_PID"
echo_counters "$WORK/mac.log"
check "... and counted (other-mac ${CNT[other-mac]})" \
	test "${CNT[other-mac]:-0}" -ge 1
MAC_A=$NEWMAC

# Reverse-path filtering, as the kernel applies it (the larger of
# conf/all and the interface's rp_filter). Two spoofed sources: one routed
# through another interface (a second veth in A), one with no route back.
# Strict mode drops both, loose mode the unroutable one, off neither; afudp
# must do what the kernel reference does, and count its drops (rpf).
ip -n "$NS_A" link add ve0 type veth peer name ve1
ip -n "$NS_A" link set ve0 up
ip -n "$NS_A" link set ve1 up
ip -n "$NS_A" route add 10.88.0.0/24 dev ve0
in_a sysctl -qw net.ipv4.conf.$IF_A.rp_filter=0 >/dev/null
for mode in 1 2 0; do
	in_a sysctl -qw net.ipv4.conf.all.rp_filter=$mode >/dev/null
	bg "$WORK/rpf$mode.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $P -v
	RPID=$BG_PID
	wait_for "$WORK/rpf$mode.log" "echoing on" 10
	why="" want=0 drops=0
	for src in rpf-other-if rpf-unroutable; do
		set -- $(in_b "$PEER" raw-case "$IF_B" "$MAC_A" "$IP_B" "$IP_A" \
			$P $R $O $src)
		tk=${15:-none}
		[ "${18:-lost}" = ok ] || why="$why; $src: markers lost"
		k=0; grep -q "tag $tk\$" "$WORK/kref.log" && k=1
		# What the kernel's filter does, per the mode.
		n=1
		case "$mode/$src" in
		1/*|2/rpf-unroutable) n=0 ;;
		esac
		[ "$k" = $n ] ||
			why="$why; $src: the kernel reference delivered $k (want $n)"
		want=$((want + n))
		[ "$mode" != 0 ] && drops=$((drops + 1 - n))
	done
	stop "$RPID"
	echo_counters "$WORK/rpf$mode.log"
	# 2 markers per raw-case reach afudp (one of them through the kernel).
	[ "${CNT[rx]}" = $((4 + want)) ] ||
		why="$why; afudp received $((CNT[rx] - 4)) (want $want)"
	[ "${CNT[rpf]:--1}" = $drops ] ||
		why="$why; rpf counted ${CNT[rpf]:-none} (want $drops)"
	if [ -z "$why" ]; then
		ok "rp_filter=$mode: afudp delivers $want of the 2 spoofed sources, as the kernel does (rpf drops $drops)"
	else
		not_ok "rp_filter=$mode: afudp delivers what the kernel does"
		diag "${why#; }"
		diag "$(grep -E '^(xdp|socket: rx)' "$WORK/rpf$mode.log" | tr '\n' ' ')"
	fi
done
ip -n "$NS_A" link del ve0

check "nothing left behind" no_afudp_left
finish
