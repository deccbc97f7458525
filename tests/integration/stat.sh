#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# afudp-stat sees a running afudp-echo: its mode, the XDP program's
# counters, the socket's counters and its queue's XDP_STATISTICS, totals
# and rates; the counters file goes when the process ends, and the one a
# kill -9 left is removed by the next afudp-stat. An IPv6 socket shows its
# IPv6 address.
. "$(dirname "$0")/lib.sh"
require_root
STAT="$APPS/afudp-stat"

plan 11
bed stat || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=20500

bg "$WORK/echo.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT
pid=$BG_PID
wait_for "$WORK/echo.log" "echoing on" 10
in_b "$PEER" echo-client "$IP_A" $PORT -n 2 >/dev/null
"$STAT" -p "$pid" >"$WORK/stat.txt" 2>&1
sed 's/^/# /' "$WORK/stat.txt"
check "shows the stack and its mode" \
	grep -q "^pid $pid $IF_A: xdp native copy, 1 queue" "$WORK/stat.txt"
check "shows what the device offers (veth: copy, no TX checksum offload)" \
	grep -q "^  device: zero-copy no, multi-buffer yes, TX checksum offload no, hardware RX timestamps not asked, preferred busy-poll not asked$" "$WORK/stat.txt"
check "shows the XDP program's counters" \
	grep -Eq "xdp: redirected (4[2-9]|[5-9][0-9])" "$WORK/stat.txt"
check "shows the socket's counters (42 datagrams each way)" \
	grep -q "socket 0.0.0.0:$PORT: rx 42 pkts .* tx 42 pkts" "$WORK/stat.txt"
check "shows the queue's XDP_STATISTICS" grep -q "queue 0: rx dropped 0" "$WORK/stat.txt"
in_b "$PEER" echo-client "$IP_A" $PORT -n 30 >/dev/null 2>&1 &
client=$!
"$STAT" -p "$pid" -w -n 1 >"$WORK/watch.txt" 2>&1
wait "$client"
check "-w prints rates" grep -q "socket 0.0.0.0:$PORT per second: rx" "$WORK/watch.txt"
stop "$pid"
check "the counters file goes with the process" \
	bash -c "! ls /dev/shm/afudp.$pid.* 2>/dev/null"
bg "$WORK/busy.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT --busy-poll
pid=$BG_PID
wait_for "$WORK/busy.log" "echoing on" 10
"$STAT" -p "$pid" >"$WORK/busy.txt" 2>&1
sed 's/^/# /' "$WORK/busy.txt"
check "busy-poll: shows preferred busy-poll yes, 20 us, budget 64" \
	grep -q "preferred busy-poll yes (20 us, budget 64)$" "$WORK/busy.txt"
stop "$pid"
echo6_up
in_b "$PEER" echo-client fd00::1 $PORT -s 100 -n 3 >/dev/null
"$STAT" -p "$pid" >"$WORK/stat6.txt" 2>&1
sed 's/^/# /' "$WORK/stat6.txt"
check "an IPv6 socket shows its address (socket [fd00::1]:$PORT, 3 datagrams each way)" \
	grep -q "socket \[fd00::1\]:$PORT: rx 3 pkts .* tx 3 pkts" "$WORK/stat6.txt"
stop "$pid"
bg "$WORK/echo2.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT
pid=$BG_PID
wait_for "$WORK/echo2.log" "echoing on" 10
kill -KILL "$pid"; wait "$pid" 2>/dev/null
"$STAT" >/dev/null 2>&1
check "afudp-stat removes what a kill -9 left" \
	bash -c "! ls /dev/shm/afudp.$pid.* 2>/dev/null"
finish
