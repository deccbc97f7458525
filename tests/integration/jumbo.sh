#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Jumbo datagrams on the fast path (multi-buffer AF_XDP, issue #16): on a
# veth pair with MTU 9000, afudp-echo in namespace A echoes every payload
# size from 1473 (one byte over what a 1500 MTU carries) to 8972 (the most
# a 9000 MTU carries) to a kernel client in B, byte-exact; each reply is
# larger than a 2048-byte UMEM frame, so each goes both ways as a chain of
# frames. A capture checks the replies' IP and UDP checksums, and the
# counters that the fast path carried them all (nothing through the kernel
# socket), and afudp-dump records a chain with its length. Then frames that lie about their lengths or checksum past the
# first UMEM frame (peer raw-case jumbo-*) are judged as the kernel judges
# them: afudp delivers exactly what the kernel reference server in A does.
. "$(dirname "$0")/lib.sh"
require_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"

CASES="jumbo:1 jumbo-cut:0 jumbo-totlen-long:0 jumbo-udplen-long:0
jumbo-udplen-trailing:1 jumbo-udp-csum:0 jumbo-padded:1"
NCASES=$(echo $CASES | wc -w)
plan $((9 + NCASES))
bed jumbo || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=15600 R=15601 O=15602
ip -n "$NS_A" link set "$IF_A" mtu 9000
ip -n "$NS_B" link set "$IF_B" mtu 9000
SIZES=$(seq -s, 1473 8972)
N=7500

bg "$WORK/echo.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT -v
ECHO_PID=$BG_PID
if ! wait_for "$WORK/echo.log" "echoing on" 10; then
	diag "$(tail -5 "$WORK/echo.log")"
fi
diag "$(grep -m1 'multi-buffer' "$WORK/echo.log")"
diag "$(grep -m1 -i 'attach in' "$WORK/echo.log")"
check "afudp-echo runs native, multi-buffer, its program frags-capable" \
	grep -q "multi-buffer yes (XDP program frags-capable)" "$WORK/echo.log"
afudp_stat() { "$APPS/afudp-stat" -p "$ECHO_PID" >"$WORK/stat-$1.txt" 2>&1; }
# A first reply may go through the kernel socket while the peer's MAC is
# resolved (no-neigh): warm up, then count from there.
in_b "$PEER" echo-client "$IP_A" $PORT -s 64 -n 2 >/dev/null
wait_until 5 bash -c "ip -n $NS_A neigh show $IP_B | grep -q lladdr"
afudp_stat 0

# Every reply, whole (snaplen covers 9000 bytes), to check its checksums.
bg "$WORK/tcpdump.log" in_b tcpdump -i "$IF_B" -n -U --immediate-mode \
	-B 65536 -s 9100 -c $N -w "$WORK/cap.pcap" udp and src port $PORT
TCPDUMP_PID=$BG_PID
wait_for "$WORK/tcpdump.log" "listening on" 10

check "echo of every size 1473..8972 bytes ($N datagrams), byte-exact" \
	in_b "$PEER" echo-client "$IP_A" $PORT -s "$SIZES" -n 1 -t 2000
for _ in $(seq 100); do alive "$TCPDUMP_PID" || break; sleep 0.1; done
kill -TERM "$TCPDUMP_PID" 2>/dev/null; wait "$TCPDUMP_PID" 2>/dev/null
tcpdump -r "$WORK/cap.pcap" -n -vv 2>"$WORK/cap.err" >"$WORK/cap.txt"
good=$(grep -c "udp sum ok" "$WORK/cap.txt")
bad=$(grep -ci "bad" "$WORK/cap.txt")
frag=$(grep -c "flags \[+\]\|offset [1-9]" "$WORK/cap.txt")
diag "capture: $good replies with a valid UDP checksum, $bad bad, $frag IP fragments"
check "capture: all $N replies whole (no IP fragments), IP and UDP checksums valid" \
	test "$good" = $N -a "$bad" = 0 -a "$frag" = 0

afudp_stat 1
sed -n '/socket/p;/xdp:/p' "$WORK/stat-1.txt" | sed 's/^/# /'
# afudp-stat's socket line: "rx N pkts B bytes (slow S), tx ...".
stat_of() {	# stat_of FILE rx|tx: "packets slow"
	sed -nE "s/.*socket [^:]*:$PORT: .*$2 ([0-9]+) pkts [0-9]+ bytes \(slow ([0-9]+)\).*/\1 \2/p" "$1" | head -1
}
read -r rx0 rxs0 <<<"$(stat_of "$WORK/stat-0.txt" rx)"
read -r tx0 txs0 <<<"$(stat_of "$WORK/stat-0.txt" tx)"
read -r rx1 rxs1 <<<"$(stat_of "$WORK/stat-1.txt" rx)"
read -r tx1 txs1 <<<"$(stat_of "$WORK/stat-1.txt" tx)"
drx=$(( ${rx1:-0} - ${rx0:-0} )) dtx=$(( ${tx1:-0} - ${tx0:-0} ))
drs=$(( ${rxs1:-0} - ${rxs0:-0} )) dts=$(( ${txs1:-0} - ${txs0:-0} ))
check "afudp-stat: $N received and sent on the fast path (rx $drx slow $drs, tx $dtx slow $dts)" \
	test "$drx" = $N -a "$drs" = 0 -a "$dtx" = $N -a "$dts" = 0 \
	-a -n "${rx1:-}" -a -n "${tx1:-}"
check "the XDP program passed none as too big" \
	grep -Eq "xdp: redirected [0-9]+ .* too-big 0 " "$WORK/stat-1.txt"

# afudp-dump of chains: a record holds the first frame, its length is the
# chain's (14 + 20 + 8 + 8972 bytes), both ways.
bg "$WORK/dump.err" "$APPS/afudp-dump" -p "$ECHO_PID" -P $PORT -c 4 \
	-w "$WORK/dump.pcapng"
DUMP_PID=$BG_PID
wait_up "$DUMP_PID" "$WORK/dump.err" "capturing on process $ECHO_PID" 10
in_b "$PEER" echo-client "$IP_A" $PORT -s 8972 -n 2 >/dev/null
for _ in $(seq 100); do alive "$DUMP_PID" || break; sleep 0.1; done
stop "$DUMP_PID" >/dev/null 2>&1
tcpdump -r "$WORK/dump.pcapng" -n -e 2>/dev/null >"$WORK/dump.txt"
sed 's/^/# /' "$WORK/dump.txt" | cut -c1-150
check "afudp-dump: 4 records of 8972-byte chains, each of length 9014" \
	test "$(grep -c ', length 9014: ' "$WORK/dump.txt")" = 4

# The kernel reference: a kernel echo server on R, in A, beside afudp.
bg "$WORK/kref.log" in_a "$PEER" echo-server-v 0.0.0.0 $R
wait_for "$WORK/kref.log" ready 5
for c in $CASES; do
	name=${c%:*} want=${c#*:} x=""
	[ "$want" = 1 ] && x=-x
	out=$(in_b "$PEER" raw-case "$IF_B" "$MAC_A" "$IP_B" "$IP_A" \
		$PORT $R $O "$name" $x 2>&1)
	# case NAME frames N afudp A kernel K nobody O stray S tags ... markers M
	set -- $out
	why=""
	[ "${8:-x}" = "$want" ] || why="$why; the kernel reference delivered ${8:-?} (want $want)"
	[ "${6:-x}" = "${8:-y}" ] || why="$why; afudp delivered ${6:-?}, the kernel ${8:-?}"
	[ "${12:-x}" = 0 ] || why="$why; ${12:-?} stray replies"
	[ "${18:-lost}" = ok ] || why="$why; markers lost"
	if [ -z "$why" ]; then
		ok "$name: afudp as the kernel ($want)"
	else
		not_ok "$name: afudp as the kernel ($want)${why}"
		diag "$out"
	fi
done

check "SIGTERM: afudp-echo exits 0" stop "$ECHO_PID"
sed -n '/^socket: rx/p;/drops/p' "$WORK/echo.log" | sed 's/^/# /'
check "the bad chains were dropped and counted (checksum, malformed)" \
	grep -Eq "rx drops: csum [1-9][0-9]* malformed [1-9]" "$WORK/echo.log"
check "close leaves no XDP program or map behind" no_afudp_left
finish
