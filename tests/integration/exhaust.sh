#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Exhaustion and misuse on the XDP backend (tests/integration/cycles.c):
#  - CYCLES (default 10000) socket create/bind/close cycles with traffic on
#    one stack leave no descriptor, no frame and no memory behind, and the
#    XDP program's port map holds exactly the ports open (bpftool);
#  - a server that keeps every zero-copy receive buffer gets -ENOBUFS (not
#    a crash), the datagrams it cannot take are counted, the kernel side
#    (ping, a kernel UDP socket) keeps working, and echoes flow again as
#    soon as it gives the buffers back;
#  - a socket that doesn't read, flooded until its RX ring is full, can
#    still send: the receive side never holds every frame;
#  - a full TX ring: MSG_DONTWAIT sends get -EAGAIN, blocking ones wait,
#    nothing is corrupted or duplicated (64-entry rings, 128 frames).
. "$(dirname "$0")/lib.sh"
require_root
command -v bpftool >/dev/null || skip_all "needs bpftool"
command -v ping >/dev/null || skip_all "needs ping (iputils-ping)"
CYC="$top_builddir/tests/integration/cycles"
[ -x "$CYC" ] || skip_all "tests/integration/cycles not built"
: "${CYCLES:=10000}"

plan 17
bed ex || { echo "Bail out! cannot build the veth bed"; exit 1; }
KPORT=23000	# kernel echo server in B
bg "$WORK/kecho.log" in_b "$PEER" echo-server "$IP_B" $KPORT
wait_for "$WORK/kecho.log" ready 5

# ports_map: the ports in the afudp_ports map of the program on $IF_A,
# in host order, one per line (the keys' ports are network order; their
# VLAN is 0 here).
ports_map() {
	local prog m
	prog=$(ip -n "$NS_A" -d link show "$IF_A" |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -1)
	[ -n "$prog" ] || return 1
	for m in $(bpftool prog show id "$prog" |
		   sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr ',' ' '); do
		bpftool map show id "$m" | grep -q "name afudp_ports " || continue
		bpftool map dump id "$m" -j >"$WORK/ports.json"
		tr -d ' \n' <"$WORK/ports.json" |
			grep -o '"formatted":{"key":{"port":[0-9]*' | cut -d: -f4 |
			while read -r k; do
				echo $(( ((k & 255) << 8) | (k >> 8) ))
			done
		return 0
	done
	return 1
}

# --- socket cycles ---------------------------------------------------------
bg "$WORK/cycles.log" in_a "$CYC" "$IF_A" cycles "$CYCLES" "$IP_B" $KPORT
CPID=$BG_PID
# About 12 ms a cycle here (closing an XSK waits for an RCU grace period).
if wait_up "$CPID" "$WORK/cycles.log" "^HOLD one" $((CYCLES / 10 + 120)); then
	ok "$CYCLES socket cycles ran"
else
	not_ok "$CYCLES socket cycles ran"
fi
diag "$(grep -E '^(PASS|FAIL)' "$WORK/cycles.log" | head -3)"
check "... no descriptor, frame or memory left over, round trips answered" \
	grep -q "^PASS $CYCLES cycles" "$WORK/cycles.log"
map=$(ports_map | tr '\n' ' ')
check "with one socket open the port map holds its port alone ($map)" \
	test "$map" = "23500 "
[ "$map" = "23500 " ] || diag "$(tr -d ' \n' <"$WORK/ports.json")"
kill -USR1 "$CPID" 2>/dev/null
wait_up "$CPID" "$WORK/cycles.log" "^HOLD none" 10
map=$(ports_map | tr '\n' ' ')
check "with none open it is empty (${map:-empty})" test -z "$map"
kill -USR1 "$CPID" 2>/dev/null
wait "$CPID"
rc=$?
grep -q "^FAIL" "$WORK/cycles.log" && diag "$(grep '^FAIL' "$WORK/cycles.log")"
check "closing the stack leaves the process no descriptor (exit $rc)" \
	bash -c "[ $rc = 0 ] && grep -q '^PASS stack closed' $WORK/cycles.log"
check "... and no XDP program on the interface" no_afudp_left

# --- a server holding every receive buffer ---------------------------------
HPORT=23600
bg "$WORK/hold.log" in_a "$CYC" "$IF_A" hold $HPORT
HPID=$BG_PID
wait_up "$HPID" "$WORK/hold.log" ready 10
# 3000 datagrams, 1 ms apart at most: more than its 1024-entry ring.
in_b "$PEER" echo-client "$IP_A" $HPORT -s 64 -n 3000 -t 1 \
	>"$WORK/flood1.log" 2>&1 &
FPID=$!
check "zero-copy receive without release: -ENOBUFS once the ring's worth is held" \
	wait_up "$HPID" "$WORK/hold.log" "^HOARDING" 60
wait "$FPID"
# While it hoards: more arrive, and the kernel side is unaffected.
in_b "$PEER" echo-client "$IP_A" $HPORT -s 64 -n 500 -t 1 \
	>"$WORK/flood2.log" 2>&1
bg "$WORK/kside.log" in_a "$PEER" echo-server "$IP_A" 23601
wait_for "$WORK/kside.log" ready 5
check "... meanwhile ping works" \
	in_b ping -c 3 -i 0.2 -W 2 "$IP_A"
check "... and a kernel UDP socket on another port echoes" \
	in_b "$PEER" echo-client "$IP_A" 23601 -s 64,1000 -n 3
check "... and the hoarder still only gets -ENOBUFS, alive" alive "$HPID"
kill -USR1 "$HPID"
wait_up "$HPID" "$WORK/hold.log" "^RELEASED" 10
check "buffers given back: echoes flow again at once" \
	in_b "$PEER" echo-client "$IP_A" $HPORT -s 64,1000,1472 -n 5
stop "$HPID"
rc=$?
diag "$(grep -E '^(stats|PASS|FAIL|HOARDING)' "$WORK/hold.log" | tr '\n' ' ')"
check "the hoarder exits 0, every frame back after close" \
	bash -c "[ $rc = 0 ] && grep -q '^PASS held' $WORK/hold.log"
# XDP_STATISTICS on its XSK: what could not be taken was counted.
set -- $(grep '^stats' "$WORK/hold.log" | sed -n 2p)
check "datagrams it could not take were counted (ring-full $7, fill-empty $9, dropped ${11})" \
	test $(( ${7:-0} + ${9:-0} + ${11:-0} )) -gt 0

# --- a socket that doesn't read, flooded (and one that reads): TX keeps frames
FPORT=23700
bg "$WORK/flooded.log" in_a "$CYC" "$IF_A" flooded $FPORT "$IP_B" $KPORT
FLPID=$BG_PID
wait_up "$FLPID" "$WORK/flooded.log" "^HOLD flooded" 15
in_b "$PEER" echo-client "$IP_A" $((FPORT + 1)) -s 64 -n 600 -t 1 >/dev/null 2>&1 &
in_b "$PEER" echo-client "$IP_A" $FPORT -s 64 -n 600 -t 1 >/dev/null 2>&1
wait $!
kill -USR1 "$FLPID" 2>/dev/null
wait "$FLPID"
rc=$?
diag "$(grep -E '^(PASS|FAIL)' "$WORK/flooded.log")"
check "a socket flooded while it doesn't read can still send: the receive side never takes TX's frames" \
	bash -c "[ $rc = 0 ] && grep -q '^PASS flooded' $WORK/flooded.log"

# --- a full TX ring --------------------------------------------------------
in_a "$CYC" "$IF_A" txfull "$IP_B" $KPORT >"$WORK/txfull.log" 2>&1
rc=$?
diag "$(grep -E '^(sent|FAIL)' "$WORK/txfull.log")"
check "bursts of thousands of MSG_DONTWAIT sends: each sent or -EAGAIN, echoes neither corrupted nor duplicated" \
	grep -q "^sent .* corrupt 0, duplicate 0" "$WORK/txfull.log"
check "no free frame: MSG_DONTWAIT gives -EAGAIN, a blocking send waits and goes once they are given back" \
	bash -c "[ $rc = 0 ] && grep -q '^PASS' $WORK/txfull.log"
check "nothing left behind" no_afudp_left
finish
