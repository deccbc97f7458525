#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# afudp-stat for programs (issue 15, part 4). An afudp-echo echoes known
# traffic (15 datagrams, 3000 payload bytes); then:
# - --json parses and holds exactly those counters, and every documented
#   field (statcheck.py);
# - --prometheus passes `promtool check metrics` (the exposition grammar
#   and its naming rules) and has the JSON's values, label for label;
# - with no stack, both are valid and say so;
# - --listen PORT serves the same on GET /metrics on 127.0.0.1 only (ss),
#   so another namespace's connection is refused; 404 elsewhere; an
#   address named explicitly (0.0.0.0) is served to the peer's namespace;
#   SIGTERM and SIGINT end it with status 0;
# - an IPv6 socket (afudp-echo -a fd00::1) shows its IPv6 address in the
#   JSON and the Prometheus labels, and --listen [::1]:PORT serves on
#   IPv6 loopback.
. "$(dirname "$0")/lib.sh"
require_root
require_built apps/afudp-stat apps/afudp-echo
STAT="$APPS/afudp-stat"
CHK="$top_srcdir/tests/integration/statcheck.py"
JSON_CHECKS=7
PORT=20520
LPORT=9101

plan $((JSON_CHECKS + 31))
bed sx || { echo "Bail out! cannot build the veth bed"; exit 1; }

# promcheck FILE: promtool's verdict on FILE; its complaints as diagnostics.
promcheck() {
	local rc
	promtool check metrics <"$1" >"$1.lint" 2>&1
	rc=$?
	[ "$rc" = 0 ] || sed 's/^/# promtool: /' "$1.lint"
	return "$rc"
}

# traffic: the peer's 15 echoes, its summary as a diagnostic.
traffic() {
	in_b "$PEER" echo-client "$IP_A" $PORT -s 100,200,300 -n 5 |
		sed 's/^/# peer: /'
	return "${PIPESTATUS[0]}"
}

# listeners PORT: the local addresses listening on TCP PORT in namespace A.
listeners() {
	ip netns exec "$NS_A" ss -Hltn | awk -v p=":$1" \
		'substr($4, length($4) - length(p) + 1) == p { print $4 }'
}

# ended PID STATUS: process PID ends within 20 s, with that exit status.
ended() {
	local rc
	wait_until 20 eval "! alive $1" || return 1
	wait "$1"
	rc=$?
	diag "process $1: exit status $rc"
	[ "$rc" = "$2" ]
}

check "promtool is there (scripts/deps installs prometheus)" \
	test -x "$(command -v promtool)"
check "--help lists --json, --prometheus and --listen" \
	bash -c "'$STAT' --help | grep -q -- --json &&
		'$STAT' --help | grep -q -- --prometheus &&
		'$STAT' --help | grep -q -- '--listen \[ADDR:\]PORT'"
# (In namespace A and bounded in time, should one of them listen after all.)
check "bad --listen arguments and -w with --json are refused (status 2)" \
	bash -c "S='timeout 10 ip netns exec $NS_A $STAT'
		\$S --listen 9101x; [ \$? = 2 ] &&
		\$S --listen 10.1.2:9101; [ \$? = 2 ] &&
		\$S --listen 70000; [ \$? = 2 ] &&
		\$S --listen ''; [ \$? = 2 ] &&
		\$S --listen '[::1]'; [ \$? = 2 ] &&
		\$S --listen ::1:9101; [ \$? = 2 ] &&
		\$S --listen '[fd00::x]:9101'; [ \$? = 2 ] &&
		\$S --json -w; [ \$? = 2 ] &&
		\$S --json --prometheus; [ \$? = 2 ]" 2>/dev/null

# No stack in this shell's process: valid, and empty.
"$STAT" -p $$ --json >"$WORK/none.json" 2>&1
"$STAT" -p $$ --prometheus >"$WORK/none.prom" 2>&1
check "no stack: --json is valid JSON with no stack" \
	python3 "$CHK" empty "$WORK/none.json"
check "no stack: --prometheus passes promtool, afudp_stacks 0" \
	bash -c "$(declare -f promcheck); promcheck '$WORK/none.prom' &&
		grep -qx 'afudp_stacks 0' '$WORK/none.prom'"

bg "$WORK/echo.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT
pid=$BG_PID
check "afudp-echo runs" wait_up "$pid" "$WORK/echo.log" "echoing on" 10
# 5 each of 100, 200 and 300 bytes: 15 datagrams, 3000 bytes each way.
check "its 15 datagrams come back to the peer" traffic

"$STAT" -p "$pid" --json >"$WORK/stat.json" 2>"$WORK/stat.err"
"$STAT" -p "$pid" --prometheus >"$WORK/stat.prom" 2>>"$WORK/stat.err"
sed 's/^/# stderr: /' "$WORK/stat.err"
python3 "$CHK" json "$WORK/stat.json" "$pid" "$IF_A" $PORT 15 3000 \
	>"$WORK/json.log" 2>&1
prog_tap "$WORK/json.log" "--json"
grep -v '^PASS\|^FAIL' "$WORK/json.log" | sed 's/^/# /'
check "--json: its $JSON_CHECKS checks ran ($PROG_SEEN seen)" \
	[ "$PROG_SEEN" = $JSON_CHECKS ]
check "--prometheus passes promtool check metrics" promcheck "$WORK/stat.prom"
check "--prometheus has every JSON value, label for label, and no other" \
	python3 "$CHK" same "$WORK/stat.json" "$WORK/stat.prom"
check "--prometheus: the socket's rx and tx packets are 15" \
	bash -c "grep -Eq '^afudp_socket_rx_packets_total\{pid=\"$pid\",stack=\"0\",ifname=\"$IF_A\",socket=\"[0-9]+\",address=\"0\.0\.0\.0\",port=\"$PORT\"\} 15$' '$WORK/stat.prom' &&
		grep -Eq '^afudp_socket_tx_packets_total\{.*port=\"$PORT\"\} 15$' '$WORK/stat.prom'"

# --listen PORT: loopback only.
bg "$WORK/listen.log" in_a "$STAT" -p "$pid" --listen $LPORT
lpid=$BG_PID
check "--listen $LPORT serves" wait_up "$lpid" "$WORK/listen.log" \
	"serving http://127.0.0.1:$LPORT/metrics" 10
listeners $LPORT | sed "s/^/# listening on :$LPORT: /"
check "--listen $LPORT binds 127.0.0.1:$LPORT, and nothing else" \
	[ "$(listeners $LPORT)" = "127.0.0.1:$LPORT" ]
check "GET /metrics answers 200, text/plain" \
	in_a python3 "$CHK" get "http://127.0.0.1:$LPORT/metrics" "$WORK/http.prom"
check "its body passes promtool check metrics" promcheck "$WORK/http.prom"
check "its socket and XSK counters are those of --prometheus" \
	python3 "$CHK" samples "$WORK/stat.prom" "$WORK/http.prom"
check "GET /other answers 404" \
	in_a python3 "$CHK" status "http://127.0.0.1:$LPORT/other" 404
check "from namespace B, $IP_A:$LPORT is refused" \
	in_b python3 "$CHK" refused "$IP_A" $LPORT
kill -TERM "$lpid"
check "SIGTERM ends it with status 0" ended "$lpid" 0

# An address named: served beyond loopback.
bg "$WORK/listen2.log" in_a "$STAT" -p "$pid" --listen 0.0.0.0:$((LPORT + 1))
lpid=$BG_PID
check "--listen 0.0.0.0:$((LPORT + 1)) serves" wait_up "$lpid" \
	"$WORK/listen2.log" "serving http://0.0.0.0:$((LPORT + 1))/metrics" 10
check "it binds 0.0.0.0:$((LPORT + 1))" \
	[ "$(listeners $((LPORT + 1)))" = "0.0.0.0:$((LPORT + 1))" ]
check "from namespace B, GET http://$IP_A:$((LPORT + 1))/metrics answers 200" \
	in_b python3 "$CHK" get "http://$IP_A:$((LPORT + 1))/metrics" \
	"$WORK/http2.prom"
check "with the socket's counters" \
	python3 "$CHK" samples "$WORK/stat.prom" "$WORK/http2.prom"
kill -INT "$lpid"
check "SIGINT ends it with status 0" ended "$lpid" 0

stop "$pid"

# ---- an IPv6 socket, and --listen on IPv6 ---------------------------------
echo6_up
in_b "$PEER" echo-client fd00::1 $PORT -s 100,200,300 -n 2 | sed 's/^/# peer: /'
"$STAT" -p "$pid" --json >"$WORK/stat6.json" 2>"$WORK/stat6.err"
"$STAT" -p "$pid" --prometheus >"$WORK/stat6.prom" 2>>"$WORK/stat6.err"
sed 's/^/# stderr: /' "$WORK/stat6.err"
check "--json: the IPv6 socket's address is fd00::1, rx and tx 6 packets" \
	python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
socks = [s for st in doc["stacks"] for s in st["sockets"]
	 if s["port"] == int(sys.argv[2])]
print("# sockets:", [(s["address"], s["port"], s["rx_packets"], s["tx_packets"]) for s in socks])
sys.exit(not (len(socks) == 1 and socks[0]["address"] == "fd00::1" and
	      socks[0]["rx_packets"] == 6 and socks[0]["tx_packets"] == 6))' \
	"$WORK/stat6.json" $PORT
check "--prometheus passes promtool, labels address=\"fd00::1\"" \
	bash -c "$(declare -f promcheck); promcheck '$WORK/stat6.prom' &&
		grep -Eq '^afudp_socket_rx_packets_total\{.*address=\"fd00::1\",port=\"$PORT\"\} 6$' '$WORK/stat6.prom'"
check "... and has every JSON value, label for label" \
	python3 "$CHK" same "$WORK/stat6.json" "$WORK/stat6.prom"
bg "$WORK/listen6.log" in_a "$STAT" -p "$pid" --listen "[::1]:$((LPORT + 2))"
lpid=$BG_PID
check "--listen [::1]:$((LPORT + 2)) serves" wait_up "$lpid" \
	"$WORK/listen6.log" "serving http://\[::1\]:$((LPORT + 2))/metrics" 10
check "it binds [::1]:$((LPORT + 2)), and nothing else" \
	[ "$(listeners $((LPORT + 2)))" = "[::1]:$((LPORT + 2))" ]
check "GET http://[::1]:$((LPORT + 2))/metrics answers 200, the IPv6 socket's counters" \
	bash -c "ip netns exec $NS_A python3 $CHK get 'http://[::1]:$((LPORT + 2))/metrics' $WORK/http6.prom &&
		python3 $CHK samples $WORK/stat6.prom $WORK/http6.prom"
kill -TERM "$lpid"
ended "$lpid" 0 || diag "--listen [::1] did not end with 0 on SIGTERM"
stop "$pid"
finish
