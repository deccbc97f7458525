#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Unmodified programs' AF_INET6 UDP sockets on afudp through
# libafudp-preload (afudp-run), in namespace A over fd00::/64 (addresses
# that live in the two namespaces only), with kernel peers in namespace B:
# socat as a UDP6 echo server (IPv6 clients, and IPv4 ones on its
# dual-stack socket) and as a UDP6 client; a Python IPv6 UDPServer and
# client; and preloadprog -6, a C program checking the kernel's AF_INET6
# socket semantics on served sockets (sockaddr_in6 names everywhere,
# v4-mapped IPv4 peers, IPV6_V6ONLY, implicit binds, what stays the
# kernel's). "Through afudp" is checked by afudp-stat's counters of the
# process and by namespace A's kernel UDP counters (Udp6 and Udp), which
# datagrams XDP takes never reach. No sockperf here: Debian 12's (3.7)
# takes IPv4 addresses only ("Invalid address" for any IPv6 one);
# preload.sh runs it over IPv4, dns.sh runs NSD and Knot over IPv6.
. "$(dirname "$0")/lib.sh"
pl_require

# Checks printed by preloadprog -6 (one per result() call in main6()).
PROG_CHECKS=27
plan $((19 + PROG_CHECKS))

no_foreign_leak_check
bed p6 || { echo "Bail out! cannot build the veth bed"; exit 1; }
bed_ip6
IP6_A=fd00::1
IP6_B=fd00::2
ip -n "$NS_A" addr add fe80::a/64 dev "$IF_A" nodad
ip -n "$NS_B" addr add fe80::b/64 dev "$IF_B" nodad
# Both sides know each other's MAC from the start (permanent entries, in
# the route mirror's first dump), so that what the counters show does not
# hang on how fast NDP and the mirror are under load.
MAC_B=$(ip -n "$NS_B" -br link show "$IF_B" | awk '{print $3}')
for a in fe80::b "$IP_B"; do
	ip -n "$NS_A" neigh replace "$a" lladdr "$MAC_B" dev "$IF_A" nud permanent
done
for a in fe80::a "$IP_A"; do
	ip -n "$NS_B" neigh replace "$a" lladdr "$MAC_A" dev "$IF_B" nud permanent
done

# udp_in: datagrams namespace A's kernel UDP sockets received so far,
# over IPv6 and IPv4.
udp_in() {
	echo $(( $(ip netns exec "$NS_A" awk '$1 == "Udp6InDatagrams" { print $2 }' \
		/proc/net/snmp6) + $(snmp "$NS_A" Udp InDatagrams) ))
}

# client.py DST PORT COUNT: COUNT datagrams of several sizes from a kernel
# socket of DST's family, each echo byte-exact and from DST; "ok N".
cat >"$WORK/client.py" <<'PY'
import os, socket, sys
dst, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.settimeout(2)
sizes = [1, 7, 100, 512, 1000, 1400]
good = 0
for i in range(count):
    data = os.urandom(sizes[i % len(sizes)])
    s.sendto(data, (dst, port))
    try:
        r, frm = s.recvfrom(65536)
    except socket.timeout:
        continue
    good += r == data and frm[0] == dst and frm[1] == port
print("ok", good)
PY
# echo6.py PORT: a kernel dual-stack echo server on [::]:PORT.
cat >"$WORK/echo6.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", int(sys.argv[1])))
print("ready", flush=True)
while True:
    data, peer = s.recvfrom(65536)
    s.sendto(data, peer)
PY

# --- socat as a UDP6 echo server -----------------------------------------------
PORT=16100
check "socat UDP6-RECVFROM,fork EXEC:cat under afudp-run: served" \
	pl_start socat $PORT socat UDP6-RECVFROM:$PORT,fork EXEC:cat
k0=$(udp_in)
out=$(in_b "$PY" "$WORK/client.py" $IP6_A $PORT 12 2>&1)
k1=$(udp_in)
check "socat echoes 12 IPv6 datagrams, byte-exact, from [$IP6_A]" \
	test "$out" = "ok 12"
out=$(in_b "$PY" "$WORK/client.py" "$IP_A" $PORT 6 2>&1)
check "... and 6 IPv4 ones on its dual-stack socket (from $IP_A)" \
	test "$out" = "ok 6"
check "through afudp: XDP redirected them to socat's socket" \
	pl_stat_ok "$SRV_PID" $PORT 18
diag "kernel UDP/UDP6 InDatagrams in A grew by $((k1 - k0)) for the IPv6 ones"
check "... and A's kernel UDP stack saw none of the IPv6 ones" \
	test $((k1 - k0)) = 0
check "afudp-run -v says it serves [::]:$PORT" \
	grep -q "afudp serves \[::\]:$PORT" "$WORK/socat.log"
stop "$SRV_PID"
check "socat exits on SIGTERM, leaving no XDP program or map" no_afudp_left

# --- a Python IPv6 UDPServer echo ----------------------------------------------
PORT=16110
pl_py_echo "$WORK/server.py"
check "Python IPv6 UDPServer under afudp-run: served" \
	pl_start python $PORT "$PY" "$WORK/server.py" :: $PORT
k0=$(udp_in)
out=$(in_b "$PY" "$WORK/client.py" $IP6_A $PORT 30 2>&1)
k1=$(udp_in)
check "the Python IPv6 echo: 30 round trips, byte-exact" test "$out" = "ok 30"
check "through afudp: XDP redirected them to Python's socket" \
	pl_stat_ok "$SRV_PID" $PORT 30
check "... and A's kernel UDP stack saw none of them" test $((k1 - k0)) = 0
stop "$SRV_PID"

# --- the same programs as clients of a kernel server ---------------------------
ECHO_PORT=16120
bg "$WORK/kecho.log" in_b "$PY" "$WORK/echo6.py" $ECHO_PORT
wait_for "$WORK/kecho.log" ready 5
pl_socat_clients "UDP6-SENDTO:[$IP6_B]:$ECHO_PORT" "UDP6:[$IP6_B]:$ECHO_PORT"
check "... served as [::]" grep -q 'afudp serves \[::\]:' "$WORK/csocat.log"
cat >"$WORK/pyclient.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(2)
ok = 0
for peer in [(sys.argv[1], int(sys.argv[3])),
             ("::ffff:" + sys.argv[2], int(sys.argv[3]))]:
    for i in range(20):
        msg = b"y" * (i * 37 + 1)
        s.sendto(msg, peer)
        data, src = s.recvfrom(4096)
        ok += data == msg and src[:2] == peer
print("ok", ok)
PY
k0=$(udp_in)
out=$(in_a "$RUN" -i "$IF_A" -- "$PY" "$WORK/pyclient.py" $IP6_B "$IP_B" \
	$ECHO_PORT 2>&1)
k1=$(udp_in)
check "a Python IPv6 client: 20 IPv6 and 20 v4-mapped round trips" \
	test "$out" = "ok 40"
check "... through afudp" test $((k1 - k0)) = 0

# --- the socket API, checked by a C program --------------------------------------
PORT=16140
in_a env ASAN_OPTIONS="$OWN_ASAN_OPTIONS" "$RUN" -i "$IF_A" -- \
	"$PROG" -6 $IP6_B "$IP_B" $ECHO_PORT $IP6_A fe80::a fe80::b "$IF_A" \
	$PORT "$STAT" \
	>"$WORK/prog6.log" 2>&1
rc=$?
prog_tap "$WORK/prog6.log" "preloadprog -6"
# As many as the program has: a crash shows as the ones missing.
while [ "$PROG_SEEN" -lt $PROG_CHECKS ]; do
	not_ok "preloadprog -6: check missing ($(tail -1 "$WORK/prog6.log"))"
	PROG_SEEN=$((PROG_SEEN + 1))
done
[ "$rc" = 0 ] || diag "$(grep -A12 -E '^==[0-9]+==ERROR: |runtime error: ' "$WORK/prog6.log" | head -40)"
check "preloadprog -6 exits 0 (exit $rc)" test "$rc" = 0
check "... and it leaves no XDP program behind" no_afudp_left
finish
