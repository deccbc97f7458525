#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The core, end to end: afudp-echo in namespace A on a veth, kernel peers in
# namespace B. Echoes of many sizes come back byte-exact with checksums a
# capture validates; fragments and oversized datagrams take the kernel path;
# ARP, ICMP, TCP and a kernel UDP socket on another port keep working; ports
# are reserved both ways; malformed frames don't hurt; closing leaves nothing
# behind; and after kill -9 the next process reclaims the interface.
. "$(dirname "$0")/lib.sh"
require_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
command -v bpftool >/dev/null || skip_all "needs bpftool"

plan 23
bed echo || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=15000

start_echo() {	# start_echo LOG args...: afudp-echo in A, wait until ready
	local log="$1"; shift
	bg "$log" in_a "$APPS/afudp-echo" -i "$IF_A" -v "$@"
	ECHO_PID=$BG_PID
	wait_for "$log" "echoing on" 10
}

check "afudp-echo starts on $IF_A" start_echo "$WORK/echo.log" -p $PORT
diag "$(grep -m1 -i "backend" "$WORK/echo.log")"

# Every descriptor the library opened (XSKs, the UMEM's, BPF objects,
# netlink and kernel sockets) is close-on-exec: a child the application
# execs must not keep its queues busy or its program alive.
inherit=$(for f in /proc/$ECHO_PID/fdinfo/*; do
	n=${f##*/}
	case "$(readlink /proc/$ECHO_PID/fd/$n)" in
	socket:*|anon_inode:*) ;;
	*) continue ;;	# inherited from the test (pipes, /dev/null)
	esac
	fl=$(awk '/^flags:/ { print $2 }' "$f")
	[ $(( 0$fl & 02000000 )) = 0 ] &&
		echo "$n:$(readlink /proc/$ECHO_PID/fd/$n)"
done | tr '\n' ' ')
check "every descriptor it opened is close-on-exec${inherit:+ (not: $inherit)}" \
	test -z "$inherit"

# Capture what the echo sends, to validate its checksums independently.
# 63 replies, and the first fragments of the 6 big ones: tcpdump stops
# by itself once it has them all (a kill could cut its buffer short).
bg "$WORK/tcpdump.log" in_b tcpdump -i "$IF_B" -n -U --immediate-mode -B 32768 -c 69 -w "$WORK/cap.pcap" \
	udp and src port $PORT
TCPDUMP_PID=$BG_PID
wait_for "$WORK/tcpdump.log" "listening on" 10

check "echo round trips, 21 sizes 1..1472 bytes, byte-exact" \
	in_b "$PEER" echo-client "$IP_A" $PORT -n 3
check "fragmented datagrams (3000, 8000, 65507 bytes) echoed whole" \
	in_b "$PEER" echo-client "$IP_A" $PORT -s 3000,8000,65507 -n 2

for _ in $(seq 50); do kill -0 "$TCPDUMP_PID" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$TCPDUMP_PID" 2>/dev/null; wait "$TCPDUMP_PID" 2>/dev/null
tcpdump -r "$WORK/cap.pcap" -n -vv 2>"$WORK/cap.err" >"$WORK/cap.txt"
[ -s "$WORK/cap.txt" ] || diag "tcpdump: $(cat "$WORK/tcpdump.log" "$WORK/cap.err" | tr "\n" " ")"
replies=$(grep -c "udp sum ok" "$WORK/cap.txt")
bad=$(grep -ci "bad" "$WORK/cap.txt")
diag "capture: $replies replies with a valid UDP checksum, $bad bad"
[ "$replies" -ge 63 ] || diag "tcpdump: $(tr "\n" " " <"$WORK/tcpdump.log")"
check "capture: every in-MTU reply has valid IP and UDP checksums" \
	test "$replies" -ge 63 -a "$bad" = 0

check "from this host over lo (127.0.0.1): echoed through the kernel socket" \
	in_a "$PEER" echo-client 127.0.0.1 $PORT -s 64,1472,3000 -n 2
check "from this host to its own address (local route): echoed" \
	in_a "$PEER" echo-client "$IP_A" $PORT -s 64,1472 -n 2

check "ARP and ICMP echo still work" \
	bash -c "ip -n $NS_B neigh flush dev $IF_B; \
		 ip netns exec $NS_B ping -c 2 -W 2 $IP_A >/dev/null"

bg "$WORK/tcp.log" in_a "$PEER" tcp-server "$IP_A" 8000
wait_for "$WORK/tcp.log" ready 5
check "TCP still works" in_b "$PEER" tcp-client "$IP_A" 8000

bg "$WORK/kudp.log" in_a "$PEER" echo-server "$IP_A" 15001
wait_for "$WORK/kudp.log" ready 5
check "a kernel UDP socket on another port still works" \
	in_b "$PEER" echo-client "$IP_A" 15001 -s 64,1000 -n 2

in_a "$PEER" bind 0.0.0.0 $PORT >/dev/null
check "a kernel socket cannot take afudp's port (EADDRINUSE)" test $? = 3
in_a "$APPS/afudp-echo" -i "$IF_A" -p 15001 >"$WORK/inuse.log" 2>&1
rc=$?
check "afudp cannot take a kernel socket's port (exit $rc, says so)" \
	bash -c "[ $rc != 0 ] && grep -qi 'in use' $WORK/inuse.log"

sent=$(in_b "$PEER" raw "$IF_B" "$MAC_A" "$IP_B" "$IP_A" $PORT)
diag "raw: $sent malformed/hostile frames"
check "malformed frames: the server survives" kill -0 "$ECHO_PID"
check "... and still echoes" in_b "$PEER" echo-client "$IP_A" $PORT -n 1

check "SIGTERM: afudp-echo exits 0" stop "$ECHO_PID"
diag "$(grep -E 'rx|tx' "$WORK/echo.log" | tail -3 | tr '\n' ' ')"
# 63 + 21 in-MTU datagrams came through XDP; through the kernel socket only
# the 6 fragmented ones, the one with IP options and the 10 sent from this
# host.
rx_line=$(grep '^socket: rx [0-9]' "$WORK/echo.log")
rx_total=$(echo "$rx_line" | sed -E 's/^socket: rx ([0-9]+) pkts.*/\1/')
rx_slow=$(echo "$rx_line" | sed -E 's/^socket: rx [^(]*\(slow path ([0-9]+)\).*/\1/')
check "the fast path carried the in-MTU datagrams (rx $rx_total, slow $rx_slow)" \
	test "${rx_total:-0}" -ge 101 -a "${rx_slow:-99}" = 17
check "the XDP program counted its redirects" \
	grep -Eq 'redirected (6[5-9]|[7-9][0-9]|[1-9][0-9][0-9])' "$WORK/echo.log"
check "checksum-bad frames were dropped and counted" \
	bash -c "grep -Eq 'csum[ _a-z]*[ =:]+[1-9]' $WORK/echo.log"
check "close leaves no XDP program or map behind" no_afudp_left

# kill -9 during traffic, then a new process on the same interface.
start_echo "$WORK/echo2.log" -p $PORT
in_b "$PEER" echo-client "$IP_A" $PORT -n 20 -t 200 >/dev/null 2>&1 &
CLIENT_PID=$!
sleep 0.2
kill -KILL "$ECHO_PID"; wait "$ECHO_PID" 2>/dev/null
wait "$CLIENT_PID"
check "after kill -9 the program is still there (stale)" \
	bash -c "ip -n $NS_A link show $IF_A | grep -q xdp"
check "a new afudp-echo starts on the same interface" \
	start_echo "$WORK/echo3.log" -p $PORT
check "... reclaims the dead one's program and serves" \
	bash -c "grep -q 'dead process' $WORK/echo3.log &&
		 ip netns exec $NS_B $PEER echo-client $IP_A $PORT -n 2"
stop "$ECHO_PID"
check "and leaves nothing behind when it stops" no_afudp_left

finish
