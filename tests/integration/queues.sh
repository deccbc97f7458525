#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Many queues: a veth pair with 2 RX/TX queues, 32 flows from the kernel
# side spread over both by flow hash (the chance that all land on one queue
# is 2^-31). Every datagram must come back, for a socket on all queues and
# for sharded sockets (afudp-echo --threads 2: one socket and one thread per
# queue), in native mode where both queues carry traffic, and in skb mode
# where everything arrives on queue 0; and on the kernel backend. Sharded
# sockets over IPv6 too (afudp-echo --threads 2 -a ::, 32 IPv6 flows).
. "$(dirname "$0")/lib.sh"
require_root

plan 17
bed q 2 || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=18000
FLOWS=32

flows() {	# 32 kernel clients at once, each its own source port
	local i pids="" rc=0
	for i in $(seq $FLOWS); do
		in_b "$PEER" echo-client "$IP_A" $PORT -s 64,1472 -n 2 \
			>"$WORK/flow.$i" 2>&1 &
		pids="$pids $!"
	done
	for i in $pids; do wait "$i" || rc=1; done
	return $rc
}

queue_redirects() {	# queue_redirects Q: XDP redirects counted on queue Q
	in_a ethtool -S "$IF_A" | sed -n "s/.*rx_queue_$1_xdp_redirect: //p"
}

run_echo() {	# run_echo LOG ENV... -- ARGS...
	local log="$1"; shift
	local envs=()
	while [ "$1" != "--" ]; do envs+=("$1"); shift; done
	shift
	bg "$log" in_a env "${envs[@]}" "$APPS/afudp-echo" -i "$IF_A" -p $PORT -v "$@"
	ECHO_PID=$BG_PID
	wait_for "$log" "echoing on" 10
}

# flows6: $FLOWS IPv6 kernel clients (one source port each) in one
# process, 4 echoes each, every one byte-exact.
flows6() {
	in_b python3 - fd00::1 $PORT $FLOWS <<'PY'
import os, socket, sys
dst, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
socks = [socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) for _ in range(n)]
for s in socks:
    s.settimeout(2)
for rnd in range(4):
    sent = []
    for s in socks:
        d = os.urandom(64 + 700 * (rnd % 2))
        s.sendto(d, (dst, port))
        sent.append(d)
    for s, d in zip(socks, sent):
        if s.recv(2048) != d:
            sys.exit("an echo differs")
PY
}

echoed() {	# echoed LOG THREAD: what that thread echoed
	sed -n "s/^afudp-echo: thread $2 echoed //p" "$1"
}

check "the interface has 2 queues" \
	bash -c "ip netns exec $NS_A ethtool -l $IF_A | grep -A2 'Current' | grep -q 'RX:.*2'"

# One socket on all queues.
r0=$(queue_redirects 0); r1=$(queue_redirects 1)
run_echo "$WORK/all.log" X=1 --
check "all-queues socket: $FLOWS flows x 4 echoes, none lost" flows
d0=$(( $(queue_redirects 0) - r0 )); d1=$(( $(queue_redirects 1) - r1 ))
diag "redirected on queue 0: $d0, queue 1: $d1"
check "both queues carried traffic" test "$d0" -gt 0 -a "$d1" -gt 0
stop "$ECHO_PID"
check "... all of it through the fast path" \
	grep -q "^socket: rx $((FLOWS * 4)) pkts .*(slow path 0)" "$WORK/all.log"

# Sharded: a socket and a thread per queue.
run_echo "$WORK/shard.log" X=1 -- --threads 2
check "sharded sockets: $FLOWS flows x 4 echoes, none lost" flows
stop "$ECHO_PID"
e0=$(echoed "$WORK/shard.log" 0); e1=$(echoed "$WORK/shard.log" 1)
diag "thread 0 echoed $e0, thread 1 echoed $e1"
check "each thread served its queue" test "${e0:-0}" -gt 0 -a "${e1:-0}" -gt 0
check "... and together all of them" test $(( ${e0:-0} + ${e1:-0} )) = $((FLOWS * 4))

# skb mode: every packet is reported on queue 0.
run_echo "$WORK/skb.log" AFUDP_XDP_MODE=skb --
check "skb mode, all-queues socket: none lost" flows
stop "$ECHO_PID"
check "... through XDP (skb mode)" \
	bash -c "grep -q 'xdp mode skb' $WORK/skb.log && grep -Eq 'redirected [1-9]' $WORK/skb.log"
run_echo "$WORK/skbshard.log" AFUDP_XDP_MODE=skb -- --threads 2
check "skb mode, sharded sockets: none lost" flows
stop "$ECHO_PID"
check "... all on queue 0's thread" \
	test "$(echoed "$WORK/skbshard.log" 0)" = $((FLOWS * 4))

# Sharded over IPv6: AF_INET6 sockets on :: (dual-stack), one per queue.
bed_ip6
r0=$(queue_redirects 0); r1=$(queue_redirects 1)
run_echo "$WORK/shard6.log" X=1 -- --threads 2 -a ::
check "IPv6 sharded sockets: $FLOWS IPv6 flows x 4 echoes, none lost" flows6
stop "$ECHO_PID"
e0=$(echoed "$WORK/shard6.log" 0); e1=$(echoed "$WORK/shard6.log" 1)
d0=$(( $(queue_redirects 0) - r0 )); d1=$(( $(queue_redirects 1) - r1 ))
diag "IPv6: thread 0 echoed $e0, thread 1 echoed $e1; redirected on queue 0: $d0, queue 1: $d1"
check "IPv6: each thread served its queue, together all of them" \
	test "${e0:-0}" -gt 0 -a "${e1:-0}" -gt 0 -a $(( ${e0:-0} + ${e1:-0} )) = $((FLOWS * 4))
check "IPv6: all of it through the fast path" \
	bash -c "[ \$(grep -c '^socket: rx .*(slow path 0), tx .*(slow path 0)' $WORK/shard6.log) = 2 ] ||
		 { grep '^socket' $WORK/shard6.log | sed 's/^/# /'; false; }"

check "shards: disjoint queues share a port; overlap or a plain socket: EADDRINUSE" \
	bash -c "ip netns exec $NS_A $top_builddir/tests/integration/apiprog $IF_A shards - 18100 |
		 grep -q '^PASS shards'"

run_echo "$WORK/kernel.log" X=1 -- --threads 2 --kernel
check "kernel backend, 2 threads (SO_REUSEPORT): none lost" flows
stop "$ECHO_PID"
check "nothing left behind" no_afudp_left
finish
