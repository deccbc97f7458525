#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Unmodified programs on afudp through libafudp-preload (afudp-run), in
# namespace A, with kernel peers in namespace B: Debian's sockperf server
# (ping-pong and under-load clients), socat as a UDP echo, a Python
# socketserver.UDPServer echo; the same programs as clients of kernel
# servers; TCP and name lookups of a preloaded program untouched; and a C
# program checking the kernel's socket semantics on a served socket
# (preloadprog.c). "Through afudp" is checked twice: afudp-stat's counters
# of the process (XDP redirects, socket rx), and namespace A's kernel UDP
# counters, which datagrams taken by XDP never reach.
. "$(dirname "$0")/lib.sh"
pl_require
command -v sockperf >/dev/null || skip_all "needs sockperf"

# Checks printed by preloadprog (one per result() call in preloadprog.c).
PROG_CHECKS=53
plan $((33 + 2 * PROG_CHECKS))

# The leak check stays on for preloadprog (ours, its exit status checked),
# not for sockperf, socat and Python.
no_foreign_leak_check
bed pre || { echo "Bail out! cannot build the veth bed"; exit 1; }

# udp_in: datagrams namespace A's kernel UDP sockets received so far.
udp_in() { snmp "$NS_A" Udp InDatagrams; }

# --- the launcher -----------------------------------------------------------
"$RUN" -- true >"$WORK/run1.log" 2>&1
rc=$?
check "afudp-run without -i: exit 2, says so" \
	bash -c "[ $rc = 2 ] && grep -q 'no interface' $WORK/run1.log"
"$RUN" -i "$IF_A" >"$WORK/run2.log" 2>&1
rc=$?
check "afudp-run without a program: exit 2, says so" \
	bash -c "[ $rc = 2 ] && grep -q 'no program' $WORK/run2.log"

# --- sockperf server ----------------------------------------------------------
PORT=16000
check "sockperf server under afudp-run: afudp serves its port" \
	pl_start sockperf $PORT sockperf server -p $PORT
k0=$(udp_in)
in_b sockperf ping-pong -i "$IP_A" -p $PORT -t 2 >"$WORK/pp.log" 2>&1
diag "$(grep -E 'Valid Duration|Summary' "$WORK/pp.log" | tr '\n' ' ')"
check "sockperf ping-pong gets replies, none dropped" \
	bash -c "grep -Eq 'Valid Duration.*ReceivedMessages=[1-9]' $WORK/pp.log &&
		 grep -q 'dropped messages = 0;' $WORK/pp.log"
in_b sockperf under-load -i "$IP_A" -p $PORT -t 2 --mps 5000 \
	>"$WORK/ul.log" 2>&1
diag "$(grep -E 'Valid Duration' "$WORK/ul.log")"
check "sockperf under-load gets replies" \
	grep -Eq 'Valid Duration.*ReceivedMessages=[1-9]' "$WORK/ul.log"
k1=$(udp_in)
check "through afudp: XDP redirected them to sockperf's socket" \
	pl_stat_ok "$SRV_PID" $PORT 1000
diag "kernel UDP InDatagrams in A grew by $((k1 - k0))"
check "... and A's kernel UDP stack saw (almost) none of them" \
	test $((k1 - k0)) -lt 100
kill -INT "$SRV_PID"; wait "$SRV_PID" 2>/dev/null
check "sockperf exits on SIGINT, leaving no XDP program or map" no_afudp_left

# --- socat as a UDP echo ------------------------------------------------------
PORT=16010
check "socat UDP4-RECVFROM,fork EXEC:cat under afudp-run: served" \
	pl_start socat $PORT socat UDP4-RECVFROM:$PORT,fork EXEC:cat
check "socat echoes 4 sizes x 3, byte-exact (each by a forked child)" \
	in_b "$PEER" echo-client "$IP_A" $PORT -s 1,64,512,1472 -n 3 -t 2000
check "through afudp: XDP redirected them to socat's socket" \
	pl_stat_ok "$SRV_PID" $PORT 12
stop "$SRV_PID"
check "socat exits on SIGTERM, leaving no XDP program or map" no_afudp_left

# --- a Python socketserver.UDPServer echo --------------------------------------
PORT=16020
pl_py_echo "$WORK/echo.py"
check "Python UDPServer under afudp-run: served" \
	pl_start python $PORT "$PY" "$WORK/echo.py" 0.0.0.0 $PORT
k0=$(udp_in)
check "the Python echo: 21 sizes x 3, byte-exact" \
	in_b "$PEER" echo-client "$IP_A" $PORT -n 3
k1=$(udp_in)
check "through afudp: XDP redirected them to Python's socket" \
	pl_stat_ok "$SRV_PID" $PORT 63
check "... and A's kernel UDP stack saw none of them" test $((k1 - k0)) = 0
check "fragmented datagrams (3000, 8000 bytes) reach Python whole (kernel path)" \
	in_b "$PEER" echo-client "$IP_A" $PORT -s 3000,8000 -n 2
kill -TERM "$SRV_PID"; wait "$SRV_PID" 2>/dev/null
check "Python killed by SIGTERM: the preload still cleans up" no_afudp_left

# --- the same programs as clients of kernel servers ---------------------------
PORT=16030
ECHO_PORT=16031
bg "$WORK/ksp.log" in_b sockperf server -i "$IP_B" -p $PORT
KSP=$BG_PID
bg "$WORK/kecho.log" in_b "$PEER" echo-server "$IP_B" $ECHO_PORT
wait_for "$WORK/kecho.log" ready 5
sleep 0.5
k0=$(udp_in)
in_a "$RUN" -i "$IF_A" -v -- sockperf ping-pong -i "$IP_B" -p $PORT -t 2 \
	>"$WORK/cpp.log" 2>&1
k1=$(udp_in)
diag "$(grep -E 'Valid Duration|Summary|afudp serves' "$WORK/cpp.log" | tr '\n' ' ')"
check "sockperf ping-pong under afudp-run gets a kernel server's replies" \
	bash -c "grep -Eq 'Valid Duration.*ReceivedMessages=[1-9]' $WORK/cpp.log &&
		 grep -q 'dropped messages = 0;' $WORK/cpp.log"
diag "kernel UDP InDatagrams in A grew by $((k1 - k0))"
check "... its unbound socket was served by afudp (kernel saw no replies)" \
	bash -c "grep -q 'afudp serves 0.0.0.0:' $WORK/cpp.log &&
		 [ $((k1 - k0)) -lt 10 ]"
check "... and it left no XDP program behind" no_afudp_left
stop "$KSP"

pl_socat_clients "UDP4-SENDTO:$IP_B:$ECHO_PORT" "UDP4:$IP_B:$ECHO_PORT"

cat >"$WORK/client.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)        # Python then polls for POLLOUT and POLLIN
peer = (sys.argv[1], int(sys.argv[2]))
ok = 0
for i in range(50):
    msg = b"x" * (i * 29 + 1)
    s.sendto(msg, peer)
    data, src = s.recvfrom(4096)
    ok += data == msg and src == peer
print("ok", ok)
EOF
k0=$(udp_in)
out=$(in_a "$RUN" -i "$IF_A" -- "$PY" "$WORK/client.py" "$IP_B" $ECHO_PORT 2>&1)
k1=$(udp_in)
check "a Python client with a timeout: 50 round trips" test "$out" = "ok 50"
check "... through afudp" test $((k1 - k0)) = 0

# --- what the preload must leave alone -------------------------------------------
bg "$WORK/tcp.log" in_b "$PEER" tcp-server "$IP_B" 8000
wait_for "$WORK/tcp.log" ready 5
cat >"$WORK/other.py" <<'EOF'
import socket, sys
ip, tport, uport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
# Name lookups (glibc's own sockets, /etc/hosts) are untouched.
print("lookup", socket.getaddrinfo("localhost", 53, socket.AF_INET)[0][4][0])
# TCP is the kernel's.
t = socket.create_connection((ip, tport), timeout=2)
t.sendall(b"ping")
print("tcp", t.recv(16).decode())
# UNIX datagram sockets too.
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
a.send(b"unix")
print("unix", b.recv(16).decode())
# And UDP in the same process goes through afudp.
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(2)
u.sendto(b"udp", (ip, uport))
print("udp", u.recvfrom(16)[0].decode())
EOF
in_a "$RUN" -i "$IF_A" -v -- "$PY" "$WORK/other.py" "$IP_B" 8000 \
	$ECHO_PORT >"$WORK/other.log" 2>&1
sed 's/^/# /' "$WORK/other.log" | grep -v '^# afudp:'
check "getaddrinfo(localhost) works under the preload" \
	grep -q "^lookup 127.0.0.1" "$WORK/other.log"
check "TCP works under the preload" grep -q "^tcp ping" "$WORK/other.log"
check "UNIX sockets work under the preload" grep -q "^unix unix" "$WORK/other.log"
check "... while UDP in the same process is afudp's" \
	bash -c "grep -q '^udp udp' $WORK/other.log &&
		 grep -q 'afudp serves' $WORK/other.log"

# --- the socket API, checked by a C program ------------------------------------
# prog TAG [afudp-run options]: run it, one TAP line per check it prints,
# and one for its exit status.
prog() {
	local tag="$1" log="$WORK/prog-$1.log" n=0 word rest rc
	shift
	in_a env ASAN_OPTIONS="$OWN_ASAN_OPTIONS" "$RUN" -i "$IF_A" \
		-p $PORT "$@" -- "$PROG" "$IP_B" $ECHO_PORT $PORT \
		$((PORT + 1)) "$STAT" >"$log" 2>&1
	rc=$?
	grep '^#' "$log"
	while read -r word rest; do
		case "$word" in
		PASS) ok "$tag: $rest"; n=$((n + 1)) ;;
		FAIL) not_ok "$tag: $rest"; n=$((n + 1)) ;;
		esac
	done <"$log"
	# As many as the program has: a crash shows as the ones missing.
	while [ $n -lt $PROG_CHECKS ]; do
		not_ok "$tag: check missing ($(tail -1 "$log"))"
		n=$((n + 1))
	done
	[ "$rc" = 0 ] || diag "$(grep -A12 -E '^==[0-9]+==ERROR: |runtime error: ' "$log" | head -40)"
	check "$tag: preloadprog exits 0 (exit $rc)" test "$rc" = 0
}
PORT=16040
prog sleeping
check "... and it leaves no XDP program behind" no_afudp_left
PORT=16050
prog busy-poll --busy-poll

finish
