#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A reuseport group (AFUDP_SO_REUSEPORT) on a one-queue veth: three sockets
# on one port share the queue, and the XDP program spreads datagrams over
# them by a hash of the 4-tuple. 64 flows (one source port each) from a
# kernel peer must reach all three sockets, each flow always the same one,
# all on the fast path. Then the group's first socket closes under
# traffic: the last one takes its slot, its flows move to the two left,
# the port entry counts two sockets, no datagram meets an empty slot
# (which would pass it to the kernel: no-queue, rx_slow), and nothing is
# lost (a request in flight at the close is sent again by its client, as
# a DNS client would). The same on a 2-queue veth (slot = base + queue *
# stride + hash % n, both queues used). Each bed runs it over IPv6 too:
# AF_INET6 sockets bound to :: (dual-stack), kernel clients over IPv6, the
# group counted in the afudp_ports6 map. Then who may join a group (IPv4
# and IPv6), and a second process on the port (below).
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip_all "needs bpftool"
PROG="$top_builddir/tests/integration/reuseprog"
[ -x "$PROG" ] || skip_all "tests/integration/reuseprog not built"

plan 47
bed ru 1 || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=18300
FLOWS=64

# group_size: the port entry's count of live sockets in the group (nshards
# in bpf/afudp_shared.h: bytes 20-23 of the value, in afudp_ports6's too;
# the key: port, VLAN 0), in map $PORTS_MAP, as the XDP program on
# $IF_A reads it. (An XSKMAP's slots cannot be read from userspace.)
group_size() {
	local prog m
	prog=$(ip -n "$NS_A" -d link show "$IF_A" |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -1)
	for m in $(bpftool prog show id "$prog" 2>/dev/null |
		   sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr ',' ' '); do
		bpftool map show id "$m" 2>/dev/null | grep -q "name $PORTS_MAP " ||
			continue
		bpftool -j map lookup id "$m" key $((PORT >> 8)) $((PORT & 255)) 0 0 |
			python3 -c 'import json, sys
v = json.load(sys.stdin)["value"]
print(int.from_bytes(bytes(int(b, 16) for b in v[20:24]), "little"))'
		return
	done
	echo none
}

field() {	# field LOG REGEX: the first number captured by sed -E REGEX
	sed -nE "s/$2/\1/p" "$1" | head -1
}

# group_run: the group on the current bed ($Q names it in the results),
# IPv4, or IPv6 with FAM=v6.
group_run() {
	local dst=$IP_A
	PORTS_MAP=afudp_ports
	[ "$FAM" = v6 ] && { dst=fd00::1; PORTS_MAP=afudp_ports6; }
	local s srv crc spread i n slow s0 moved resent red spr nq
	bg "$WORK/serve${Q// /-}.log" in_a timeout 30 "$PROG" serve "$IF_A" $PORT 3 1500 4500 $FAM
	SRV=$BG_PID
	check "$Q: three sockets bind one port (AFUDP_SO_REUSEPORT)" \
		wait_up "$SRV" "$WORK/serve${Q// /-}.log" "^ready" 10
	s=$(group_size)
	check "$Q: ... and the port entry counts three sockets (got $s)" test "$s" = 3
	in_b timeout 20 "$PROG" client "$dst" $PORT $FLOWS 3000 >"$WORK/client${Q// /-}.log" 2>&1
	crc=$?
	wait_for "$WORK/serve${Q// /-}.log" "^closed" 5
	sleep 0.2
	s=$(group_size)
	wait "$SRV"
	srv=$?
	diag "$(cat "$WORK/client${Q// /-}.log")"
	sed 's/^/# /' "$WORK/serve${Q// /-}.log"
	check "$Q: after socket 0 closed, two (got $s)" test "$s" = 2

	spread=1
	for i in 0 1 2; do
		n=$(field "$WORK/serve${Q// /-}.log" "^socket $i before: .* flows ([0-9]+);.*")
		[ "${n:-0}" -gt 0 ] || spread=0
	done
	check "$Q: the $FLOWS flows spread over all three sockets" test $spread = 1
	check "$Q: each flow stays on one socket, before and after the close" \
		grep -q "^flows on two sockets: before 0 after 0$" "$WORK/serve${Q// /-}.log"
	slow=$(sed -nE 's/^socket .* slow ([0-9]+) .* slow ([0-9]+) .*/\1 \2/p' \
		"$WORK/serve${Q// /-}.log" | tr ' ' '\n' | sort -u | tr '\n' ' ')
	check "$Q: all of it through the fast path (rx_slow: $slow)" test "$slow" = "0 "
	s0=$(field "$WORK/serve${Q// /-}.log" "^socket 0's flows ([0-9]+),.*")
	moved=$(field "$WORK/serve${Q// /-}.log" "^socket 0's flows .* after ([0-9]+)$")
	check "$Q: socket 0's flows ($s0) moved to the others ($moved)" \
		test "${s0:-0}" -gt 0 -a "${moved:--1}" = "${s0:-0}"
	resent=$(field "$WORK/client${Q// /-}.log" "^sent .* resent ([0-9]+) .*")
	check "$Q: nothing lost: every request answered (resent $resent <= $s0)" \
		test "$crc" = 0 -a "$srv" = 0 -a "${resent:-999}" -le "${s0:-0}"
	red=$(field "$WORK/serve${Q// /-}.log" "^after the close: redirected ([0-9]+) .*")
	spr=$(field "$WORK/serve${Q// /-}.log" "^after the close: .* spread ([0-9]+) .*")
	nq=$(field "$WORK/serve${Q// /-}.log" "^after the close: .* no-queue ([0-9]+)$")
	# The two counters are read one after the other under traffic: a few
	# datagrams apart.
	check "$Q: after the close, datagrams spread by XDP ($spr of $red), none passed for an empty slot (no-queue $nq)" \
		test "${nq:-1}" = 0 -a "${spr:-0}" -gt 0 -a \
			$(( ${red:-0} - ${spr:-0} )) -le $(( ${red:-0} / 1000 + 20 ))
	check "$Q: nothing left behind" no_afudp_left
}

bed_ip6
Q="1 queue" FAM=
group_run
Q="1 queue, IPv6" FAM=v6
group_run

for FAM in "" v6; do
	check "who may join${FAM:+ (IPv6)}: not a sharded or plain socket; 64 sockets, the 65th gets ENOSPC; the port free after" \
		bash -c "ip netns exec $NS_A $PROG rules $IF_A 18301 $FAM >$WORK/rules$FAM.log 2>&1 &&
			 test \$(grep -c '^PASS' $WORK/rules$FAM.log) = 5"
	grep -E "^(PASS|FAIL)" "$WORK/rules$FAM.log" | sed 's/^/# /'
done

# Two processes, each with a stack on its own queue of a 2-queue veth: the
# kernel lets both bind the port (SO_REUSEPORT), afudp lets only the first
# have it in the XDP program: its live entry is not taken for a stale one.
# Once the first is killed (SIGKILL: no clean-up), the port is free again.
bed rv 2 || { echo "Bail out! cannot build the second veth bed"; exit 1; }
redirects() {	# redirects Q: XDP redirects counted on queue Q
	in_a ethtool -S "$IF_A" | sed -n "s/.*rx_queue_$1_xdp_redirect: //p"
}
bed_ip6
for FAM in "" v6; do
	r0=$(redirects 0); r1=$(redirects 1)
	Q="2 queues${FAM:+, IPv6}"
	group_run
	d0=$(( $(redirects 0) - r0 )); d1=$(( $(redirects 1) - r1 ))
	check "$Q: both carried the group's traffic ($d0, $d1)" \
		test "$d0" -gt 0 -a "$d1" -gt 0
done

bg "$WORK/hold0.log" in_a timeout 20 "$PROG" hold "$IF_A" $PORT 0 15000
H0=$BG_PID
wait_up "$H0" "$WORK/hold0.log" "^bind:" 10
in_a timeout 20 "$PROG" hold "$IF_A" $PORT 1 0 >"$WORK/hold1.log" 2>&1
grep "^bind:" "$WORK/hold0.log" "$WORK/hold1.log" | sed 's/^/# /'
check "a second process's group socket on the port: EADDRINUSE, the first keeps it" \
	bash -c "grep -q '^bind: Success' $WORK/hold0.log &&
		 grep -q '^bind: Address already in use' $WORK/hold1.log"
kill -KILL $(pgrep -P "$H0") 2>/dev/null
wait "$H0" 2>/dev/null
in_a timeout 20 "$PROG" hold "$IF_A" $PORT 1 0 >"$WORK/hold2.log" 2>&1
check "after the first is killed, another process has the port" \
	grep -q '^bind: Success' "$WORK/hold2.log"
check "nothing left behind" no_afudp_left
finish
