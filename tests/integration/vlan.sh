#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# VLANs (docs/ARCHITECTURE.md, "VLANs"): one veth carries VLAN 100 and
# VLAN 200 tagged and untagged traffic. afudp-echo serves VLAN 100 on the
# fast path; VLAN 200 and the untagged addresses are the kernel's, on the
# same UDP port. Each kind of traffic is answered by the right server,
# the replies carry the right tag and valid checksums in a capture, the
# XDP program's counters show which went where, a port bound on VLAN 100
# does not capture that port untagged. Where the device delivers the tag
# out of the frame (veth, when its peer offloads the tag: rx-vlan-offload
# on), the program bound to the device reads it from the driver
# (bpf_xdp_metadata_rx_vlan_tag); where it can't be bound (generic mode)
# the VLAN is refused naming the ethtool setting to change. Two stacks on
# two VLANs share the device's program, each on its own queue; afudp-ping
# as a VLAN client sends tagged requests with valid checksums. IPv6 on
# VLAN 100 the same way: an AF_INET6 socket served on the fast path both
# ways (echo and afudp-ping), untagged IPv6 the kernel's, the tagged
# replies' checksums valid in a capture. Nothing is left behind.
#
# The test kernel has no 8021q module (no VLAN interfaces) nor
# VLAN-filtering bridges, so each namespace gets a small switch made of tc
# programs (vlansw.bpf.c): the trunk veth (va / vb) and, per VLAN, a veth
# pair whose one end (a100, b100...) holds the VLAN's addresses, as a VLAN
# interface would, and whose other end is the switch's port for it. The
# library is told that a100 is VLAN 100 on va with AFUDP_VLAN=va:100 (an
# 8021q interface it finds in /proc/net/vlan/config by itself).
. "$(dirname "$0")/lib.sh"
require_root
command -v tcpdump >/dev/null || skip_all "needs tcpdump"
command -v bpftool >/dev/null || skip_all "needs bpftool"
command -v tc >/dev/null || skip_all "needs tc"
require_built apps/afudp-echo

plan 32
# Two queues: a stack for each VLAN (a queue belongs to one stack).
bed vl 2 || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=17100
R=$(( RANDOM % 250 + 1 ))
A100=10.100.$R.1 B100=10.100.$R.2
A200=10.200.$R.1 B200=10.200.$R.2

# vlan_ns NS TRUNK PREFIX HOSTNUM: in NS, veth pairs PREFIX100/PREFIX100p and
# PREFIX200/PREFIX200p, their addresses, and the tc switch joining them to
# TRUNK.
vlan_ns() {
	local ns=$1 tr=$2 p=$3 h=$4 v o ti pa pb
	for v in 100 200; do
		ip -n "$ns" link add "$p$v" type veth peer name "$p${v}p" || return 1
		ip -n "$ns" addr add "10.$v.$R.$h/24" dev "$p$v"
		ip netns exec "$ns" ethtool -K "$p$v" tx-checksum-ip-generic off \
			>/dev/null
		ip -n "$ns" link set "$p${v}p" up
		ip -n "$ns" link set "$p$v" up
	done
	ti=$(ip netns exec "$ns" cat /sys/class/net/"$tr"/ifindex)
	pa=$(ip netns exec "$ns" cat /sys/class/net/"$p"100p/ifindex)
	pb=$(ip netns exec "$ns" cat /sys/class/net/"$p"200p/ifindex)
	o="$WORK/sw-$p"
	# shellcheck disable=SC2086
	limit 120 "$CLANG" -O2 -Wall -target bpf $BPF_CFLAGS -DROLE_TRUNK \
		-DVID_A=100 -DVID_B=200 -DPORT_A="$pa" -DPORT_B="$pb" \
		-c "$top_srcdir/tests/integration/vlansw.bpf.c" -o "$o-trunk.o" ||
		return 1
	for v in 100 200; do
		# VLAN 100 into the far end's RX queue 0, VLAN 200 queue 1.
		# shellcheck disable=SC2086
		limit 120 "$CLANG" -O2 -Wall -target bpf $BPF_CFLAGS \
			-DVID="$v" -DTRUNK="$ti" -DQUEUE=$(( v / 100 - 1 )) \
			-c "$top_srcdir/tests/integration/vlansw.bpf.c" \
			-o "$o-$v.o" || return 1
	done
	ip netns exec "$ns" tc qdisc add dev "$tr" clsact || return 1
	ip netns exec "$ns" tc filter add dev "$tr" ingress bpf da \
		obj "$o-trunk.o" sec tc || return 1
	for v in 100 200; do
		ip netns exec "$ns" tc qdisc add dev "$p${v}p" clsact || return 1
		ip netns exec "$ns" tc filter add dev "$p${v}p" ingress bpf da \
			obj "$o-$v.o" sec tc || return 1
	done
}

switches() { vlan_ns "$NS_A" "$IF_A" a 1 && vlan_ns "$NS_B" "$IF_B" b 2; }
check "VLAN switches in both namespaces (tc programs)" switches ||
	{ echo "Bail out! no VLAN switch"; exit 1; }
# The kernel on B sends VLAN frames with their tag in the frame (not in
# the skb's metadata, where veth would hand it to A's XDP program out of
# the frame): see the measurement below.
ip netns exec "$NS_B" ethtool -K "$IF_B" txvlan off >/dev/null
check "the switches carry kernel traffic on VLAN 100, VLAN 200, untagged" \
	bash -c "ip netns exec $NS_B ping -c 1 -W 2 $A100 >/dev/null &&
		 ip netns exec $NS_B ping -c 1 -W 2 $A200 >/dev/null &&
		 ip netns exec $NS_B ping -c 1 -W 2 $IP_A >/dev/null"

# veth has rx-vlan-offload on: the library wants the program bound to the
# device, which generic mode can't have: refused.
log="$WORK/refused.log"
AFUDP_VLAN=$IF_A:100 AFUDP_QUEUES=0 AFUDP_XDP_MODE=skb FG_LIMIT=20 in_a \
	"$APPS/afudp-echo" -i a100 -p $PORT -a "$A100" -v >"$log" 2>&1
rc=$?
check "rx-vlan-offload on $IF_A, generic mode: refused (exit $rc), naming ethtool -K $IF_A rxvlan off" \
	bash -c "[ $rc != 0 ] && [ $rc != 124 ] &&
		 grep -q 'ethtool -K $IF_A rxvlan off' '$log'"
grep "rxvlan off" "$log" | head -1 | sed 's/^/# /'
# The rest of the first part: tags in the frames, the usual program.
in_a ethtool -K "$IF_A" rxvlan off >/dev/null

# Kernel echo servers on the same port: untagged (va) and VLAN 200.
bg "$WORK/k0.log" in_a "$PEER" echo-server-v "$IP_A" $PORT
K0=$BG_PID
bg "$WORK/k200.log" in_a "$PEER" echo-server-v "$A200" $PORT
K200=$BG_PID
wait_for "$WORK/k0.log" ready 5
wait_for "$WORK/k200.log" ready 5

bg "$WORK/echo.log" in_a env AFUDP_VLAN="$IF_A:100" AFUDP_QUEUES=0 \
	"$APPS/afudp-echo" -i a100 -p $PORT -a "$A100" -v
ECHO=$BG_PID
check "afudp-echo starts on a100, VLAN 100 on $IF_A" \
	wait_for "$WORK/echo.log" "echoing on" 10
diag "$(grep -m1 "VLAN 100" "$WORK/echo.log")"
check "... its XDP program is on $IF_A, the trunk" \
	bash -c "ip -n $NS_A -d link show $IF_A | grep -q 'prog/xdp'"
note_prog

# Capture on B's trunk: afudp's replies (VLAN 100) and the kernel's.
bg "$WORK/tcpdump.log" in_b tcpdump -i "$IF_B" -e -n -U --immediate-mode \
	-B 32768 -c 90 -w "$WORK/cap.pcap" udp and src port $PORT
TCPDUMP=$BG_PID
wait_for "$WORK/tcpdump.log" "listening on" 10

check "VLAN 100: echoes from afudp, 10 sizes 1..1472, byte-exact" \
	in_b "$PEER" echo-client "$A100" $PORT -s 1,18,64,100,512,1000,1400,1468,1470,1472 -n 3
check "VLAN 200, same port: echoes from the kernel" \
	in_b "$PEER" echo-client "$A200" $PORT -s 1,64,1472 -n 10
check "untagged, same port: echoes from the kernel" \
	in_b "$PEER" echo-client "$IP_A" $PORT -s 1,64,1472 -n 10

for _ in $(seq 50); do kill -0 "$TCPDUMP" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$TCPDUMP" 2>/dev/null; wait "$TCPDUMP" 2>/dev/null
tcpdump -r "$WORK/cap.pcap" -e -n -vv 2>"$WORK/cap.err" >"$WORK/cap.txt"
# tcpdump -e -vv: the link header line ("vlan 100") and, on the next,
# "udp sum ok" (or "bad udp cksum"; "bad cksum" for IP).
v100=$(grep -A1 "vlan 100," "$WORK/cap.txt" | grep -c "udp sum ok")
v200=$(grep -A1 "vlan 200," "$WORK/cap.txt" | grep -c "udp sum ok")
untag=$(grep -v "vlan" "$WORK/cap.txt" | grep -c "ethertype IPv4")
bad=$(grep -ci "bad" "$WORK/cap.txt")
diag "capture: VLAN 100 $v100, VLAN 200 $v200 with valid UDP checksums, untagged $untag, bad $bad"
check "capture: 30 replies tagged 100, 30 tagged 200, 30 untagged, no bad checksum" \
	test "$v100" = 30 -a "$v200" = 30 -a "$untag" = 30 -a "$bad" = 0
k200=$(grep -c "^" "$WORK/k200.log") k0=$(grep -c "^" "$WORK/k0.log")
check "the kernel servers got theirs (VLAN 200: $((k200 - 1)), untagged: $((k0 - 1)))" \
	test "$k200" = 31 -a "$k0" = 31

# A frame for VLAN 100's address arriving untagged is not the VLAN's: the
# port's entry is for tagged frames only, so the kernel takes it (and
# hands it to afudp-echo's kernel socket: the slow path).
ip -n "$NS_B" route add "$A100/32" dev "$IF_B"
check "untagged to VLAN 100's address: answered through the kernel socket" \
	in_b "$PEER" echo-client "$A100" $PORT -s 64 -n 5
ip -n "$NS_B" route del "$A100/32" dev "$IF_B"

stop "$ECHO"
rc=$?
grep -E "^(socket|xdp):" "$WORK/echo.log" | sed 's/^/# /'
rx=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/echo.log")
tagged=$(sed -En 's/^xdp: of redirected: .* vlan-tagged ([0-9]+).*/\1/p' "$WORK/echo.log")
pvlan=$(sed -En 's/^xdp: redirected .* vlan ([0-9]+)( .*)?$/\1/p' "$WORK/echo.log")
nport=$(sed -En 's/^xdp: redirected .* no-port ([0-9]+) .*/\1/p' "$WORK/echo.log")
check "afudp-echo exits 0 ($rc)" test "$rc" = 0
check "its socket: 35 received, 5 of them (untagged) on the slow path ($rx)" \
	test "$rx" = "35 5"
check "XDP: 30 tagged frames redirected ($tagged); VLAN 200 passed as vlan (${pvlan:-?} >= 30); untagged passed as no-port (${nport:-?} >= 35)" \
	test "${tagged:-0}" = 30 -a "${pvlan:-0}" -ge 30 -a "${nport:-0}" -ge 35

# What veth does with a tag in the skb's metadata (the sender's
# tx-vlan-offload on): A's XDP program sees the frame without it, so the
# usual program can't see VLAN 100's datagrams and they go to the kernel,
# which still answers them.
ip netns exec "$NS_B" ethtool -K "$IF_B" txvlan on >/dev/null
bg "$WORK/echo2.log" in_a env AFUDP_VLAN="$IF_A:100" AFUDP_QUEUES=0 \
	"$APPS/afudp-echo" -i a100 -p $PORT -a "$A100" -v
ECHO=$BG_PID
wait_for "$WORK/echo2.log" "echoing on" 10
check "tag out of the frame, rx-vlan-offload said off: VLAN 100 still answered" \
	in_b "$PEER" echo-client "$A100" $PORT -s 64 -n 5
stop "$ECHO"
rx=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/echo2.log")
check "... all 5 on the slow path: veth's XDP saw them untagged ($rx)" \
	test "$rx" = "5 5"

# The same traffic with rx-vlan-offload on, as veth has it: the program
# bound to the device reads the tag from the driver, the fast path serves.
in_a ethtool -K "$IF_A" rxvlan on >/dev/null
bg "$WORK/echo3.log" in_a env AFUDP_VLAN="$IF_A:100" AFUDP_QUEUES=0 \
	"$APPS/afudp-echo" -i a100 -p $PORT -a "$A100" -v
ECHO=$BG_PID
wait_for "$WORK/echo3.log" "echoing on" 10
diag "$(grep -m1 "takes VLAN tags out" "$WORK/echo3.log")"
check "rx-vlan-offload on: VLAN 100 answered, 10 sizes" \
	in_b "$PEER" echo-client "$A100" $PORT -s 1,18,64,100,512,1000,1400,1468,1470,1472 -n 1
stop "$ECHO"
grep -E "^(socket: rx |xdp:)" "$WORK/echo3.log" | sed 's/^/# /'
rx=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/echo3.log")
tagged=$(sed -En 's/^xdp: of redirected: .* vlan-tagged ([0-9]+).*/\1/p' "$WORK/echo3.log")
check "... on the fast path, the tags read by bpf_xdp_metadata_rx_vlan_tag (socket rx/slow $rx, tagged redirects ${tagged:-?})" \
	test "$rx" = "10 0" -a "${tagged:-0}" = 10

# Two stacks on two VLANs of the device, sharing its program, each on its
# queue; untagged still the kernel's.
stop "$K200"
bg "$WORK/e100.log" in_a env AFUDP_VLAN="$IF_A:100" AFUDP_QUEUES=0 \
	"$APPS/afudp-echo" -i a100 -p $PORT -a "$A100" -v
E100=$BG_PID
wait_for "$WORK/e100.log" "echoing on" 10
bg "$WORK/e200.log" in_a env AFUDP_VLAN="$IF_A:200" AFUDP_QUEUES=1 \
	"$APPS/afudp-echo" -i a200 -p $PORT -a "$A200" -v
E200=$BG_PID
wait_for "$WORK/e200.log" "echoing on" 10
check "a second afudp-echo on a200, VLAN 200 on $IF_A's queue 1, shares the program" \
	grep -q "XDP program shared" "$WORK/e200.log"
grep -h "XDP program\|queues" "$WORK/e100.log" "$WORK/e200.log" | sed 's/^/# /'
check "VLAN 100 and VLAN 200 echoed, untagged too" \
	bash -c "ip netns exec $NS_B $PEER echo-client $A100 $PORT -s 64,1472 -n 5 &&
		 ip netns exec $NS_B $PEER echo-client $A200 $PORT -s 64,1472 -n 5 &&
		 ip netns exec $NS_B $PEER echo-client $IP_A $PORT -s 64 -n 5"
stop "$E200"; stop "$E100"
grep -hE "^(socket: rx |xdp:)" "$WORK/e100.log" "$WORK/e200.log" | sed 's/^/# /'
r100=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/e100.log")
r200=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/e200.log")
check "each stack took its VLAN's 10 on the fast path (VLAN 100: $r100, VLAN 200: $r200)" \
	test "$r100" = "10 0" -a "$r200" = "10 0"

# afudp as the client on VLAN 100 (sends built by afudp_send(), not the
# echo's in-place replies), to a kernel echo server on B's VLAN 100,
# its requests captured on B's trunk.
KP=17101
bg "$WORK/kecho.log" in_b "$PEER" echo-server "$B100" $KP
wait_for "$WORK/kecho.log" ready 5
bg "$WORK/tcpdump2.log" in_b tcpdump -i "$IF_B" -e -n -U --immediate-mode \
	-B 32768 -c 40 -w "$WORK/cap2.pcap" udp and dst port $KP
TCPDUMP=$BG_PID
wait_for "$WORK/tcpdump2.log" "listening on" 10
FG_LIMIT=60 in_a env AFUDP_VLAN="$IF_A:100" AFUDP_QUEUES=0 \
	"$APPS/afudp-ping" -i a100 -d "$B100:$KP" -n 200 -w 10 -s 1000 \
	--timeout 2000 -v >"$WORK/ping.log" 2>&1
rc=$?
for _ in $(seq 50); do kill -0 "$TCPDUMP" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$TCPDUMP" 2>/dev/null; wait "$TCPDUMP" 2>/dev/null
read -r sent rcvd lost <<<"$(sed -nE 's/^sent ([0-9]+) received ([0-9]+) lost ([0-9]+)$/\1 \2 \3/p' "$WORK/ping.log")"
txs=$(sed -En 's/^socket: rx .*, tx ([0-9]+) pkts .*\(slow path ([0-9]+)\)$/\1 \2/p' "$WORK/ping.log")
rxs=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/ping.log")
check "afudp-ping on VLAN 100 to a kernel server: exit $rc, sent $sent received $rcvd lost $lost" \
	test "$rc" = 0 -a "${sent:-0}" = 200 -a "${rcvd:-0}" = 200 -a "${lost:-x}" = 0
check "... its sends and the replies on the fast path (tx, slow: $txs; rx, slow: $rxs)" \
	bash -c "set -- $txs $rxs; [ \"\${1:-0}\" -ge 210 ] && [ \"\${2:-x}\" -le 1 ] &&
		 [ \"\${3:-0}\" -ge 210 ] && [ \"\${4:-x}\" -le 1 ]"
tcpdump -r "$WORK/cap2.pcap" -e -n -vv 2>/dev/null >"$WORK/cap2.txt"
n=$(grep -A1 "vlan 100," "$WORK/cap2.txt" | grep -c "udp sum ok")
bad=$(grep -ci "bad" "$WORK/cap2.txt")
check "capture: 40 requests tagged 100 with valid checksums ($n, bad $bad)" \
	test "$n" = 40 -a "$bad" = 0

# IPv6 on VLAN 100: an AF_INET6 afudp socket on the VLAN stack (the
# program reads the tag from the driver: rx-vlan-offload is still on),
# a kernel client on B's VLAN 100; untagged IPv6 to the same port is the
# kernel's. Neighbours are permanent entries, so that NDP through the
# switches decides nothing counted here.
P6="$(dirname "$0")/peer6.py"
for ns in "$NS_A" "$NS_B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0
	for i in "$IF_A" "$IF_B" a100 b100; do
		ip netns exec "$ns" sysctl -qw \
			"net.ipv6.conf.$i.disable_ipv6=0" 2>/dev/null
	done
done
A6=fd10:100::1 B6=fd10:100::2 A6U=fd10::1 B6U=fd10::2
ip -n "$NS_A" addr add $A6/64 dev a100 nodad
ip -n "$NS_B" addr add $B6/64 dev b100 nodad
ip -n "$NS_A" addr add $A6U/64 dev "$IF_A" nodad
ip -n "$NS_B" addr add $B6U/64 dev "$IF_B" nodad
mac() { ip -n "$1" -br link show "$2" | awk '{print $3}'; }
ip -n "$NS_A" neigh replace $B6 lladdr "$(mac "$NS_B" b100)" dev a100 nud permanent
ip -n "$NS_B" neigh replace $A6 lladdr "$(mac "$NS_A" a100)" dev b100 nud permanent
ip -n "$NS_A" neigh replace $B6U lladdr "$(mac "$NS_B" "$IF_B")" dev "$IF_A" nud permanent
ip -n "$NS_B" neigh replace $A6U lladdr "$(mac "$NS_A" "$IF_A")" dev "$IF_B" nud permanent
bg "$WORK/k6.log" in_a python3 "$P6" echo-server $A6U $PORT
K6=$BG_PID
wait_for "$WORK/k6.log" ready 5
bg "$WORK/e6.log" in_a env AFUDP_VLAN="$IF_A:100" AFUDP_QUEUES=0 \
	"$APPS/afudp-echo" -i a100 -p $PORT -a $A6 -v
E6=$BG_PID
check "IPv6: afudp-echo -a $A6 starts on a100, VLAN 100" \
	wait_for "$WORK/e6.log" "echoing on" 10
bg "$WORK/tcpdump3.log" in_b tcpdump -i "$IF_B" -e -n -U --immediate-mode \
	-B 32768 -c 16 -w "$WORK/cap3.pcap" ip6 and udp and src port $PORT
TCPDUMP=$BG_PID
wait_for "$WORK/tcpdump3.log" "listening on" 10
check "IPv6 on VLAN 100: 12 echoes from afudp, byte-exact, from $A6" \
	in_b python3 "$P6" echo-client $A6 $PORT 12
check "IPv6 untagged, same port: 4 echoes from the kernel" \
	in_b python3 "$P6" echo-client $A6U $PORT 4
stop "$E6"
stop "$K6"
for _ in $(seq 50); do kill -0 "$TCPDUMP" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$TCPDUMP" 2>/dev/null; wait "$TCPDUMP" 2>/dev/null
grep -E "^(socket: rx |xdp:)" "$WORK/e6.log" | sed 's/^/# /'
rx=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/e6.log")
tx=$(sed -En 's/^socket: rx .*, tx ([0-9]+) pkts .*\(slow path ([0-9]+)\)$/\1 \2/p' "$WORK/e6.log")
check "... the 12 received and sent on the fast path (rx, slow: $rx; tx, slow: $tx)" \
	test "$rx" = "12 0" -a "$tx" = "12 0"
tcpdump -r "$WORK/cap3.pcap" -e -n -vv 2>/dev/null >"$WORK/cap3.txt"
# IPv6 under -vv: one line a frame, the UDP checksum's verdict in it
# ("[udp sum ok]", or "[bad udp cksum").
t100=$(grep "vlan 100," "$WORK/cap3.txt" | grep -c "$A6\.$PORT > $B6\.[0-9]*: \[udp sum ok\]")
u6=$(grep -v "vlan" "$WORK/cap3.txt" | grep -c "ethertype IPv6")
bad=$(grep -ci "bad" "$WORK/cap3.txt")
check "capture: 12 IPv6 replies tagged 100 with valid checksums ($t100), 4 untagged ($u6), bad $bad" \
	test "$t100" = 12 -a "$u6" = 4 -a "$bad" = 0
# afudp as an IPv6 client on VLAN 100 (afudp_send()'s IPv6 header and
# tag) to a kernel server on B's VLAN 100.
bg "$WORK/k6b.log" in_b python3 "$P6" echo-server $B6 $KP
K6B=$BG_PID
wait_for "$WORK/k6b.log" ready 5
FG_LIMIT=60 in_a env AFUDP_VLAN="$IF_A:100" AFUDP_QUEUES=0 \
	"$APPS/afudp-ping" -i a100 -d "[$B6]:$KP" -n 100 -w 10 -s 1000 \
	--timeout 2000 -v >"$WORK/ping6.log" 2>&1
rc=$?
stop "$K6B"
read -r sent rcvd lost <<<"$(sed -nE 's/^sent ([0-9]+) received ([0-9]+) lost ([0-9]+)$/\1 \2 \3/p' "$WORK/ping6.log")"
txs=$(sed -En 's/^socket: rx .*, tx ([0-9]+) pkts .*\(slow path ([0-9]+)\)$/\1 \2/p' "$WORK/ping6.log")
rxs=$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$WORK/ping6.log")
got=$(grep -c "^1000 " "$WORK/k6b.log")
check "afudp-ping -d [$B6]:$KP on VLAN 100: exit $rc, sent $sent received $rcvd lost $lost, the kernel server got $got" \
	test "$rc" = 0 -a "${sent:-0}" = 100 -a "${rcvd:-0}" = 100 -a "${lost:-x}" = 0 -a "$got" -ge 100
check "... on the fast path both ways (tx, slow: $txs; rx, slow: $rxs)" \
	bash -c "set -- $txs $rxs; [ \"\${1:-0}\" -ge 100 ] && [ \"\${2:-x}\" = 0 ] &&
		 [ \"\${3:-0}\" -ge 100 ] && [ \"\${4:-x}\" = 0 ]"

stop "$K0"
check "nothing left behind (XDP program, maps)" no_afudp_left
finish
