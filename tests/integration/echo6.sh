#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# IPv6 sockets end to end: echo6prog (an AF_INET6 afudp socket, the public
# API) in namespace A on a veth, a kernel client (python3) in namespace B,
# over fd00::/64 addresses that live in the two namespaces only. Echoes
# come back byte-exact (the kernel client checks the UDP checksum, which
# IPv6 makes mandatory) from the address the client sent to (source
# selection), and the server's counters show the fast path carried them:
# nothing through the kernel socket. Link-local destinations work with
# their scope id. Dual-stack: the same socket bound to :: echoes an IPv4
# client, seen as ::ffff:a.b.c.d; with IPV6_V6ONLY it does not. A zero
# and a wrong UDP checksum are dropped and counted (rx_drop_csum). The
# zero-copy calls (afudp_zc_recv6(), replies from the received frame and
# from fresh ones) and a busy-polling socket serve the same clients on the
# fast path. Last, afudp-echo and afudp-ping take IPv6 addresses.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/echo6prog apps/afudp-echo apps/afudp-ping
command -v python3 >/dev/null || skip_all "needs python3"
PROG="$top_builddir/tests/integration/echo6prog"

plan 26
bed e6 || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=15600
for ns in "$NS_A" "$NS_B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 \
		net.ipv6.conf.$([ "$ns" = "$NS_A" ] && echo "$IF_A" || echo "$IF_B").disable_ipv6=0
done
ip -n "$NS_A" addr add fd00::1/64 dev "$IF_A" nodad
ip -n "$NS_B" addr add fd00::2/64 dev "$IF_B" nodad
ip -n "$NS_A" addr add fe80::a/64 dev "$IF_A" nodad
ip -n "$NS_B" addr add fe80::b/64 dev "$IF_B" nodad
# The server's side knows the client's MAC from the start (permanent
# entries, in the route mirror's first dump), so that what the counters
# show does not hang on how fast NDP and the mirror are under load.
MAC_B=$(ip -n "$NS_B" -br link show "$IF_B" | awk '{print $3}')
for a in fd00::2 fe80::b "$IP_B"; do
	ip -n "$NS_A" neigh replace "$a" lladdr "$MAC_B" dev "$IF_A" nud permanent
done

# The kernel client: peer6.py echo-client DST PORT COUNT [SCOPE_IF].
P6="$(dirname "$0")/peer6.py"

# serve LOG N ARGS...: echo6prog on IF_A in the background until ready.
serve() {
	local log="$1"; shift
	bg "$log" in_a "$PROG" "$IF_A" "$@"
	SRV_PID=$BG_PID
	wait_for "$log" "^ready" 10
}

# stat LOG NAME: a counter from echo6prog's last line.
stat() { sed -n "s/^stats.* $2=\([0-9]*\).*/\1/p" "$1"; }

# Server 1: dual-stack on ::, 12 IPv6 + 2 link-local + 4 IPv4 echoes.
check "an AF_INET6 afudp socket binds [::]:$PORT" \
	serve "$WORK/s1.log" :: $PORT 18
grep '^ready\|^error' "$WORK/s1.log" | sed 's/^/# /'
check "IPv6 echoes (12, 1..1400 bytes) byte-exact, from the address sent to" \
	bash -c "ip netns exec $NS_B python3 $P6 echo-client fd00::1 $PORT 12 \
		 >$WORK/c1.log 2>&1 || { sed 's/^/# /' $WORK/c1.log; false; }"
check "link-local destination with its scope id: echoed" \
	bash -c "ip netns exec $NS_B python3 $P6 echo-client fe80::a $PORT 2 $IF_B \
		 >$WORK/c2.log 2>&1 || { sed 's/^/# /' $WORK/c2.log; false; }"
check "dual-stack: the same socket echoes an IPv4 client" \
	bash -c "ip netns exec $NS_B python3 $P6 echo-client $IP_A $PORT 4 \
		 >$WORK/c3.log 2>&1 || { sed 's/^/# /' $WORK/c3.log; false; }"
wait_until 25 bash -c "grep -q '^stats' $WORK/s1.log"
stop "$SRV_PID"
grep '^stats\|^error' "$WORK/s1.log" | sed 's/^/# /'
check "... which it saw as ::ffff:$IP_B (v4-mapped)" \
	grep -q "^from ::ffff:$IP_B " "$WORK/s1.log"
check "... and the IPv6 ones as fd00::2 and fe80::b" \
	bash -c "grep -q '^from fd00::2 ' $WORK/s1.log && grep -q '^from fe80::b ' $WORK/s1.log"
rx=$(stat "$WORK/s1.log" rx); rxs=$(stat "$WORK/s1.log" rx_slow)
tx=$(stat "$WORK/s1.log" tx); txs=$(stat "$WORK/s1.log" tx_slow)
txn=$(stat "$WORK/s1.log" tx_slow_neigh)
check "the fast path received all 18 (rx $rx, through the kernel socket $rxs)" \
	test "${rx:-0}" = 18 -a "${rxs:-1}" = 0
check "... and sent them (tx $tx, through the kernel $txs, $txn for an unknown neighbour)" \
	test "${tx:-0}" = 18 -a "${txs:-1}" = 0
check "no checksum or parse drops" \
	test "$(stat "$WORK/s1.log" csum)" = 0 -a "$(stat "$WORK/s1.log" malformed)" = 0

# Server 2: IPV6_V6ONLY, IPv6 still served, IPv4 refused as by the kernel.
check "with IPV6_V6ONLY set: binds [::]:$PORT" \
	serve "$WORK/s2.log" :: $PORT 2 v6only
# Two datagrams the fast path must drop and count (rx_drop_csum), as the
# kernel drops them: a zero UDP checksum (mandatory over IPv6) and a
# wrong one, sent raw (the kernel sums nothing for a raw IPPROTO_UDP
# socket without IPV6_CHECKSUM).
ip netns exec "$NS_B" python3 - fd00::1 $PORT <<'PY' || diag "raw send failed"
import socket, struct, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_UDP)
for csum in (0, 0x1234):
    s.sendto(struct.pack("!HHHH", 40000, int(sys.argv[2]), 12, csum) + b"bad!",
             (sys.argv[1], 0))
PY
check "... an IPv4 client gets no echo" \
	bash -c "! ip netns exec $NS_B python3 $P6 echo-client $IP_A $PORT 1 \
		 >$WORK/c4.log 2>&1"
check "... while IPv6 is echoed" \
	bash -c "ip netns exec $NS_B python3 $P6 echo-client fd00::1 $PORT 2 \
		 >$WORK/c5.log 2>&1 || { sed 's/^/# /' $WORK/c5.log; false; }"
wait_until 25 bash -c "grep -q '^stats' $WORK/s2.log"
stop "$SRV_PID"
grep '^stats\|^error' "$WORK/s2.log" | sed 's/^/# /'
check "a zero and a wrong UDP checksum: dropped, counted (csum $(stat "$WORK/s2.log" csum))" \
	test "$(stat "$WORK/s2.log" csum)" = 2

# Server 3: a client whose neighbour entry A never had (B sends from
# fd00::5 and knows A's MAC, so solicits nothing A could learn from):
# the first reply finds no neighbour and goes through the kernel socket,
# which resolves it (NDP); every echo comes back all the same.
ip -n "$NS_B" addr add fd00::5/64 dev "$IF_B" nodad
ip -n "$NS_B" neigh replace fd00::1 lladdr "$MAC_A" dev "$IF_B" nud permanent
serve "$WORK/s3.log" :: $PORT 6 || diag "$(cat "$WORK/s3.log")"
check "an unresolved IPv6 neighbour: the echoes come back all the same" \
	bash -c "SRC=fd00::5 ip netns exec $NS_B python3 $P6 echo-client fd00::1 $PORT 6 \
		 >$WORK/c7.log 2>&1 || { sed 's/^/# /' $WORK/c7.log; false; }"
wait_until 25 bash -c "grep -q '^stats' $WORK/s3.log"
stop "$SRV_PID"
grep '^stats\|^error' "$WORK/s3.log" | sed 's/^/# /'
txs=$(stat "$WORK/s3.log" tx_slow); txn=$(stat "$WORK/s3.log" tx_slow_neigh)
check "... the first through the kernel socket for it (kernel $txs, no neighbour $txn)" \
	test "${txn:-0}" -ge 1 -a "${txs:-0}" = "${txn:-x}" -a "$(stat "$WORK/s3.log" tx)" = 6

# Server 4: zero-copy, dual-stack: 6 IPv6 (from fd00::2: B holds fd00::5
# too since server 3), 2 link-local, 2 IPv4 echoes.
check "zero-copy: binds [::]:$PORT" \
	serve "$WORK/s4.log" :: $PORT 10 zc
check "zero-copy: IPv6 and link-local echoes byte-exact, from the address sent to" \
	bash -c "SRC=fd00::2 ip netns exec $NS_B python3 $P6 echo-client fd00::1 $PORT 6 \
		 >$WORK/c8.log 2>&1 &&
		 ip netns exec $NS_B python3 $P6 echo-client fe80::a $PORT 2 $IF_B \
		 >>$WORK/c8.log 2>&1 || { sed 's/^/# /' $WORK/c8.log; false; }"
check "zero-copy: the same socket echoes an IPv4 client" \
	bash -c "ip netns exec $NS_B python3 $P6 echo-client $IP_A $PORT 2 \
		 >$WORK/c9.log 2>&1 || { sed 's/^/# /' $WORK/c9.log; false; }"
wait_until 25 bash -c "grep -q '^stats' $WORK/s4.log"
stop "$SRV_PID"
grep '^from\|^stats\|^error' "$WORK/s4.log" | sort -u -k1,2 | sed 's/^/# /'
check "zero-copy: sources as sockaddr_in6 (fd00::2, fe80::b, ::ffff:$IP_B), agreeing with sockaddr_in" \
	bash -c "grep -q '^from fd00::2 ' $WORK/s4.log && grep -q '^from fe80::b ' $WORK/s4.log &&
		 grep -q '^from ::ffff:$IP_B ' $WORK/s4.log && ! grep -q '^error' $WORK/s4.log"
rx=$(stat "$WORK/s4.log" rx); rxs=$(stat "$WORK/s4.log" rx_slow)
tx=$(stat "$WORK/s4.log" tx); txs=$(stat "$WORK/s4.log" tx_slow)
check "zero-copy: all 10 on the fast path both ways (rx $rx, slow $rxs; tx $tx, slow $txs)" \
	test "${rx:-0}" = 10 -a "${rxs:-1}" = 0 -a "${tx:-0}" = 10 -a "${txs:-1}" = 0

# Server 5: busy-polling (the XSKs' busy-poll options set, the receive
# spinning): 4 IPv6 and 2 IPv4 echoes, on the fast path.
serve "$WORK/s5.log" :: $PORT 6 busy || diag "$(cat "$WORK/s5.log")"
check "busy-poll: binds [::]:$PORT, the XSKs' busy-poll options taken" \
	grep -q '^busy_poll yes' "$WORK/s5.log"
check "busy-poll: IPv6 and IPv4 clients echoed" \
	bash -c "ip netns exec $NS_B python3 $P6 echo-client fd00::1 $PORT 4 \
		 >$WORK/c10.log 2>&1 &&
		 ip netns exec $NS_B python3 $P6 echo-client $IP_A $PORT 2 \
		 >>$WORK/c10.log 2>&1 || { sed 's/^/# /' $WORK/c10.log; false; }"
wait_until 25 bash -c "grep -q '^stats' $WORK/s5.log"
stop "$SRV_PID"
grep '^busy\|^stats\|^error' "$WORK/s5.log" | sed 's/^/# /'
rx=$(stat "$WORK/s5.log" rx); rxs=$(stat "$WORK/s5.log" rx_slow)
tx=$(stat "$WORK/s5.log" tx); txs=$(stat "$WORK/s5.log" tx_slow)
check "busy-poll: all 6 on the fast path both ways (rx $rx, slow $rxs; tx $tx, slow $txs)" \
	test "${rx:-0}" = 6 -a "${rxs:-1}" = 0 -a "${tx:-0}" = 6 -a "${txs:-1}" = 0

# The apps take IPv6 addresses: afudp-echo on [::] (dual-stack), and
# afudp-ping from B (a stack of its own on IF_B) to [fd00::1]:PORT.
P2=$((PORT + 1))
bg "$WORK/echo.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $P2 -a ::
ECHO_PID=$BG_PID
check "afudp-echo -a :: echoes IPv6 and IPv4 kernel clients" \
	bash -c "grep -q 'echoing on' $WORK/echo.log || sleep 3; \
		 ip netns exec $NS_B python3 $P6 echo-client fd00::1 $P2 4 >$WORK/c6.log 2>&1 &&
		 ip netns exec $NS_B python3 $P6 echo-client $IP_A $P2 2 >>$WORK/c6.log 2>&1 ||
		 { sed 's/^/# /' $WORK/c6.log $WORK/echo.log; false; }"
check "afudp-ping -d [fd00::1]:$P2 measures round trips over IPv6" \
	bash -c "ip netns exec $NS_B timeout 60 $APPS/afudp-ping -i $IF_B \
		 -d '[fd00::1]:$P2' -n 50 >$WORK/ping.log 2>&1 ||
		 { sed 's/^/# /' $WORK/ping.log; false; }"
grep -i "rtt\|round\|p50\|pinging" "$WORK/ping.log" | head -3 | sed 's/^/# /'
stop "$ECHO_PID"
grep "socket: rx \\|echoed" "$WORK/echo.log" | sed 's/^/# /'
check "afudp-echo: no errors, all on the fast path both ways" \
	bash -c "grep -q 'errors: receive 0 send 0' $WORK/echo.log &&
		 grep -q 'socket: rx .*(slow path 0), tx .*(slow path 0)' $WORK/echo.log ||
		 { sed 's/^/# /' $WORK/echo.log; false; }"
finish
