#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Every data-path call on the XDP backend against kernel peers: copy,
# batch (mmsg), zero-copy and in-place reply (zc_reply) servers; a client using sendto/recv, connect,
# sendmmsg/recvmmsg, poll on the socket's fd and MSG_DONTWAIT; busy-poll.
. "$(dirname "$0")/lib.sh"
require_root
PROG="$top_builddir/tests/integration/apiprog"
[ -x "$PROG" ] || skip_all "tests/integration/apiprog not built"

plan 17
bed api || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=17000

for mode in copy mmsg zc reply; do
	# 21 sizes x 2, then 3 big ones through the kernel path
	bg "$WORK/$mode.log" in_a "$PROG" "$IF_A" server $mode $PORT 45
	pid=$BG_PID
	wait_for "$WORK/$mode.log" ready 10
	in_b "$PEER" echo-client "$IP_A" $PORT -n 2 >"$WORK/$mode.client" 2>&1 &&
	in_b "$PEER" echo-client "$IP_A" $PORT -s 1473,3000,9000 -n 1 \
		>>"$WORK/$mode.client" 2>&1
	rc=$?
	wait "$pid"
	check "$mode server: 45 echoes byte-exact, fast and slow path" \
		bash -c "[ $rc = 0 ] && grep -q '^PASS served 45' $WORK/$mode.log"
done
check "zero-copy frames given back twice, or used after: -EINVAL" \
	grep -q '^PASS zero-copy buffers' "$WORK/zc.log"
# 1473 bytes and more are larger than veth's MTU: the kernel sends them.
check "reply server: 42 replies on the fast path, the 3 larger than the MTU through the kernel" \
	grep -q '^stats tx 45 slow 3$' "$WORK/reply.log"
check "zc_reply: longer than the room or moved out of the frame refused and still borrowed; sent once, not twice" \
	grep -q '^PASS zc_reply: too long or moved refused' "$WORK/reply.log"

bg "$WORK/kecho.log" in_b "$PEER" echo-server "$IP_B" $PORT
wait_for "$WORK/kecho.log" ready 5
in_a "$PROG" "$IF_A" client "$IP_B" $PORT >"$WORK/client.log" 2>&1
diag "$(grep -E '^(FAIL|stats)' "$WORK/client.log")"
check "client: MSG_DONTWAIT gives EAGAIN" grep -q "PASS MSG_DONTWAIT" "$WORK/client.log"
check "client: sendto, poll, recv" grep -q "PASS sendto/poll" "$WORK/client.log"
check "client: connect, send, recv" grep -q "PASS connect" "$WORK/client.log"
check "client: sendmmsg, recvmmsg" grep -q "PASS sendmmsg" "$WORK/client.log"

bg "$WORK/busy.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT --busy-poll -v
pid=$BG_PID
wait_for "$WORK/busy.log" "echoing on" 10
check "busy-poll echo: byte-exact, fast and slow path" \
	bash -c "ip netns exec $NS_B $PEER echo-client $IP_A $PORT -n 2 &&
		 ip netns exec $NS_B $PEER echo-client $IP_A $PORT -s 3000 -n 2"
stop "$pid"
# What the device offers (veth: copy mode, no TX checksum offload), and
# the busy-poll options on the XSKs: read back, then refused.
in_a "$PROG" "$IF_A" caps plain $PORT >"$WORK/caps.log" 2>&1
in_a "$PROG" "$IF_A" caps busy $PORT >"$WORK/capsbusy.log" 2>&1
diag "$(grep -hE '^(FAIL|caps|log [0-9] .*(offload|busy))' "$WORK/caps.log" "$WORK/capsbusy.log")"
check "open reads xsk-features and logs the device's offer; info: veth copy, no TX checksum offload, multi-buffer yes, RX timestamps not asked, busy-poll not asked" \
	bash -c "grep -q '^PASS caps plain' '$WORK/caps.log' &&
		! grep -q 'xsk-features not read' '$WORK/caps.log' &&
		grep -q '^log 6 $IF_A: zero-copy no, multi-buffer yes (XDP program frags-capable), TX checksum offload no, hardware RX timestamps not asked, preferred busy-poll not asked$' '$WORK/caps.log' &&
		grep -q '^caps open: zerocopy=no multi_buffer=yes tx_csum_offload=no rx_ts_hw=not asked busy_poll=not asked usecs=0 budget=0 xsk_features=0x0$' '$WORK/caps.log'"
check "busy-poll: SO_PREFER_BUSY_POLL, SO_BUSY_POLL 20 us, budget 64 on the XSKs, read back" \
	grep -q '^PASS caps busy' "$WORK/capsbusy.log"
check "busy-poll without CAP_NET_ADMIN: one clear log line, info says no" \
	bash -c "grep -q '^PASS caps refused' '$WORK/capsbusy.log' &&
		[ \$(grep -c 'preferred busy-poll: SO_PREFER_BUSY_POLL=1 refused: Operation not permitted (needs CAP_NET_ADMIN)' '$WORK/capsbusy.log') = 1 ]"
check "afudp-echo --busy-poll -v logs preferred busy-poll yes" \
	grep -q 'preferred busy-poll yes' "$WORK/busy.log"
check "nothing left behind" no_afudp_left
finish
