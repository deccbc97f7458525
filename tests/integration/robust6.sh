#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Malformed and unusual UDP/IPv6 frames, as robust.sh does for IPv4. The
# kernel-side peer (peer6.py: a raw AF_PACKET socket, none of afudp's
# codec) builds each case's frame(s) itself and sends them to two ports:
# afudp-echo's (an AF_INET6 socket bound to ::) and a kernel echo server's
# (the reference: what the kernel's own stack delivers for the same
# bytes). Each case gets a fresh afudp-echo, so the counters it prints at
# exit belong to that case (plus a marker to each port), and is asserted
# twice:
#   - delivery: afudp echoes exactly what the kernel reference echoes (how
#     many, what length), on the path the table says (fast: the XSK;
#     slow: the kernel socket behind it; the kernel judges every extension
#     header);
#   - counters: the XDP program's verdicts and the socket's drop counters
#     are those of the table (a zero UDP checksum is dropped and counted
#     as a wrong one: IPv6 has no "no checksum").
# Then valid IPv6 traffic keeps flowing while every case is sent again.
. "$(dirname "$0")/lib.sh"
require_root
command -v python3 >/dev/null || skip_all "needs python3"
P6="$(dirname "$0")/peer6.py"

# name deliver xdp@afudp-port xdp@kernel-port socket-drop
#   deliver: 0 (dropped), F (delivered, fast path), S (slow path)
#   xdp: the counter the frame moves ("fragment2": two fragments)
CASES=$(cat <<'EOF'
plain		F redirected	no-port		-
padded		F redirected	no-port		-
hop-limit-0	F redirected	no-port		-
udplen-trailing	F redirected	no-port		-
hop-by-hop	S ip6-ext	ip6-ext		-
dst-options	S ip6-ext	ip6-ext		-
hbh-then-dstopts S ip6-ext	ip6-ext		-
routing-left0	S ip6-ext	ip6-ext		-
routing-srh	0 ip6-ext	ip6-ext		-
routing-type0	0 ip6-ext	ip6-ext		-
atomic-fragment	S fragment	fragment	-
fragments	S fragment2	fragment2	-
plen-long	0 redirected	no-port		malformed
plen-short	0 redirected	no-port		malformed
plen-zero	0 bad-ip	bad-ip		-
udplen-long	0 redirected	no-port		malformed
udplen-short	0 redirected	no-port		csum
udplen-under8	0 redirected	no-port		malformed
udp-csum-zero	0 redirected	no-port		csum
udp-csum-bad	0 redirected	no-port		csum
cut-ip6		0 trunc		trunc		-
cut-udp		0 trunc		trunc		-
version-4	0 bad-ip	bad-ip		-
next-tcp	0 not-udp	not-udp		-
EOF
)
NCASES=$(echo "$CASES" | wc -l)
# Exact; not-udp (ICMPv6: neighbour discovery) also counts what the
# kernels send on their own, so it is "at least".
XDP_EXACT="redirected redirected6 trunc bad-ip fragment not-local no-port no-queue too-big other-mac martian ip-options vlan ip6-ext"
XDP_ATLEAST="not-udp"

plan $((2 * NCASES + 5))
bed rb6 || { echo "Bail out! cannot build the veth bed"; exit 1; }
P=21600	# afudp-echo
R=21601	# kernel reference echo server
for ns in "$NS_A" "$NS_B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 \
		net.ipv6.conf.all.forwarding=0 \
		net.ipv6.conf.all.mldv2_unsolicited_report_interval=10 \
		net.ipv6.conf.default.mldv2_unsolicited_report_interval=10 \
		net.ipv6.conf.default.router_solicitations=0 >/dev/null
done
# The joins' MLD reports (they carry a hop-by-hop header: ip6-ext) go
# out at once and are over before the first case; no router
# solicitations.
for x in "in_a $IF_A" "in_b $IF_B"; do
	set -- $x
	$1 sysctl -qw net.ipv6.conf.$2.mldv2_unsolicited_report_interval=10 \
		net.ipv6.conf.$2.router_solicitations=0 \
		net.ipv6.conf.$2.disable_ipv6=0 >/dev/null
done
A6=fd00:6:$(( $$ % 9000 + 1000 ))::1 B6=fd00:6:$(( $$ % 9000 + 1000 ))::2
ip -n "$NS_A" addr add "$A6/64" dev "$IF_A" nodad
ip -n "$NS_B" addr add "$B6/64" dev "$IF_B" nodad
# Both ends know each other's MAC from the start: no neighbour discovery
# to wait for (nor to count) while the cases run.
MAC_B=$(ip -n "$NS_B" -br link show "$IF_B" | awk '{print $3}')
ip -n "$NS_A" neigh replace "$B6" lladdr "$MAC_B" dev "$IF_A" nud permanent
ip -n "$NS_B" neigh replace "$A6" lladdr "$MAC_A" dev "$IF_B" nud permanent

# The link-local addresses came up with the links (bed): once their DAD
# is over, their joins' reports follow within the 10 ms interval.
no_tentative() {
	[ -z "$(ip -n "$NS_A" -6 addr show dev "$IF_A" tentative)" ] &&
		[ -z "$(ip -n "$NS_B" -6 addr show dev "$IF_B" tentative)" ]
}
wait_until 10 no_tentative || diag "addresses still tentative after 10 s"
sleep 1
bg "$WORK/kref.log" in_a python3 "$P6" echo-server :: $R
wait_for "$WORK/kref.log" ready 5 || echo "Bail out! no kernel reference server"

# xdp_want VERDICT TIMES: add to WANT[] (an IPv6 redirect counts twice).
declare -A WANT
xdp_want() {
	case "$1" in
	redirected) WANT[redirected]=$((WANT[redirected] + $2))
		WANT[redirected6]=$((WANT[redirected6] + $2)) ;;
	fragment2) WANT[fragment]=$((WANT[fragment] + 2 * $2)) ;;
	*) WANT[$1]=$((WANT[$1] + $2)) ;;
	esac
}

run_case() {
	local name=$1 deliver=$2 vp=$3 vk=$4 drop=$5
	local log="$WORK/case-$name.log" out rc f n why=""

	bg "$log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $P -a :: -v
	if ! wait_for "$log" "echoing on" 10; then
		not_ok "$name: afudp-echo did not start"
		not_ok "$name: counters"
		diag "$(tail -5 "$log")"
		stop "$BG_PID"
		return
	fi
	out=$(in_b python3 "$P6" raw-case "$IF_B" "$MAC_A" "$B6" "$A6" \
		$P $R "$name" 2>&1)
	stop "$BG_PID"
	rc=$?
	echo_counters "$log"
	# case NAME afudp N LENS kernel N LENS stray S marks M
	set -- $out
	n=0; [ "$deliver" != 0 ] && n=1
	[ "${7:-x}" = "$n" ] ||
		why="$why; the kernel reference echoed ${7:-?} (table: $n)"
	[ "${4:-x} ${5:-x}" = "${7:-y} ${8:-y}" ] ||
		why="$why; afudp echoed ${4:-?} (${5:-?} bytes), the kernel ${7:-?} (${8:-?})"
	[ "${10:-x}" = 0 ] || why="$why; ${10:-?} stray replies"
	[ "${12:-x}" = 2 ] || why="$why; markers lost"
	[ "$rc" = 0 ] || why="$why; afudp-echo exit $rc"
	[ "${CNT[rx]}" = $((1 + n)) ] ||
		why="$why; afudp received ${CNT[rx]} (marker: 1)"
	f=0; [ "$deliver" = S ] && f=1
	[ "${CNT[rx-slow]}" = $f ] ||
		why="$why; slow path ${CNT[rx-slow]} (want $f)"
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

	WANT=()
	xdp_want redirected 1	# the markers
	xdp_want no-port 1
	xdp_want "$vp" 1
	xdp_want "$vk" 1
	counters_check "$name: counters (xdp: $vp, $vk; socket: $drop)" \
		"$log" "$drop" "$XDP_EXACT" "$XDP_ATLEAST"
}

while read -r name deliver vp vk drop; do
	run_case "$name" "$deliver" "$vp" "$vk" "$drop"
done <<<"$CASES"

# Valid IPv6 traffic before, during and after every case sent again.
bg "$WORK/flow.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $P -a :: -v
ECHO_PID=$BG_PID
check "barrage: afudp-echo starts" wait_for "$WORK/flow.log" "echoing on" 10
check "barrage: echoes before" in_b python3 "$P6" echo-client "$A6" $P 20
BARRAGE=""
for name in $(echo "$CASES" | awk '{print $1}'); do
	for _ in 1 2 3; do
		in_b python3 "$P6" raw-case "$IF_B" "$MAC_A" "$B6" "$A6" \
			$P $R "$name" >/dev/null 2>&1
	done &
	BARRAGE="$BARRAGE $!"
done
check "barrage: echoes while every case is sent 3 times" \
	in_b python3 "$P6" echo-client "$A6" $P 200
wait $BARRAGE
check "barrage: echoes after" in_b python3 "$P6" echo-client "$A6" $P 20
check "barrage: SIGTERM: afudp-echo exits 0" stop "$ECHO_PID"
echo_counters "$WORK/flow.log"
diag "barrage: rx ${CNT[rx]} slow ${CNT[rx-slow]} csum ${CNT[csum]} malformed ${CNT[malformed]}"
finish
