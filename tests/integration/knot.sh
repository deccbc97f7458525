#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# An unmodified Knot DNS server under afudp-run. knotd, in its default UDP
# set-up, binds one SO_REUSEPORT socket per UDP worker (one per CPU), all
# in one process: the preload makes them one reuseport group
# (AFUDP_SO_REUSEPORT), and the XDP program spreads queries over them by
# flow. It listens on the wildcard address, so it asks for IP_PKTINFO on
# each socket (to answer from the address asked): served, on the fast
# path. kdig, from the kernel side, asks for the names of a zone written
# here, each query from its own source port: every answer must be right,
# and afudp-stat must show the queries redirected by XDP (spread by hash)
# and received by knotd's sockets on the fast path, none on the slow path.
# knotd drops its capabilities after binding: at its exit the program stays
# attached, with no port in its maps, until the next afudp process on the
# interface reclaims it (checked with afudp-echo).
# dnsperf, from the kernel side too, at a bounded rate (2000 queries/s
# for 3 s): none lost, every one answered, and each counted by knotd's
# sockets on the fast path (their rx grows by exactly the queries sent,
# their slow path by none).
# knotd listens on [::]:53 as well (IPV6_V6ONLY, IPV6_RECVPKTINFO, its
# own SO_REUSEPORT group): kdig over IPv6 gets every answer, on the fast
# path too.
# A second process binding the same port with SO_REUSEPORT is not served
# (its stack cannot have the queue knotd's serves; -v says so), and no
# query goes to it: knotd still answers all of them.
. "$(dirname "$0")/lib.sh"
require_root
no_foreign_leak_check
command -v knotd >/dev/null || skip_all "needs knotd (Debian: knot; scripts/deps)"
command -v kdig >/dev/null || skip_all "needs kdig (Debian: knot-dnsutils)"
RUN="$top_builddir/preload/afudp-run"
STAT="$APPS/afudp-stat"
[ -x "$RUN" ] || skip_all "preload/afudp-run not built"
PY=$(command -v python3) || skip_all "needs python3"

plan 16
bed kn 1 || { echo "Bail out! cannot build the veth bed"; exit 1; }
bed_ip6
PORT=53
N=60

# knotd's own configuration and storage, in the test's directory (root's:
# knotd runs as root, no user: setting).
cat >"$WORK/knot.conf" <<CONF
server:
    listen: [ 0.0.0.0@$PORT, ::@$PORT ]
    rundir: $WORK
    pidfile: $WORK/knot.pid
database:
    storage: $WORK
log:
  - target: stderr
    any: info
zone:
  - domain: afudp.test
    file: $WORK/afudp.test.zone
CONF
cat >"$WORK/afudp.test.zone" <<'ZONE'
$ORIGIN afudp.test.
$TTL 300
@	SOA	ns1 hostmaster 1 3600 600 86400 300
@	NS	ns1
ns1	A	10.53.0.1
www	A	10.53.0.80
mail	A	10.53.0.25
txt	TXT	"served by afudp"
ZONE

# knotd's pid (under timeout and afudp-run), from its pidfile.
kpid() { cat "$WORK/knot.pid" 2>/dev/null; }
# sockets [ADDR]: afudp-stat's lines for knotd's sockets on ADDR:$PORT
# (0.0.0.0, or [::]).
sockets() {
	"$STAT" -p "$(kpid)" 2>/dev/null | grep -F "socket ${1:-0.0.0.0}:$PORT:"
}
group_up() {
	[ "$(sockets | wc -l)" -ge 2 ] && [ "$(sockets '[::]' | wc -l)" -ge 2 ] &&
		grep -q "server started" "$WORK/knot.log"
}
# sum FIELD [ADDR]: FIELD 1 (rx pkts) or 2 (slow) summed over knotd's
# sockets on ADDR.
sum() {
	sockets "${2:-}" | sed -nE 's/.*: rx ([0-9]+) pkts [0-9]+ bytes \(slow ([0-9]+)\),.*/\1 \2/p' |
		awk -v f="$1" '{ s += $f } END { print s + 0 }'
}
xdp() {		# xdp NAME: the XDP program's counter NAME
	"$STAT" -p "$(kpid)" 2>/dev/null |
		sed -nE "s/.*xdp:(.* )?$1 ([0-9]+).*/\\2/p" | head -1
}
# ask N [SERVER]: N queries to SERVER (IP_A), one kdig (one source port)
# each; count wrong answers.
ask() {
	local i bad=0 want got name type
	for i in $(seq "$1"); do
		case $((i % 4)) in
		0) name=www type=A want=10.53.0.80 ;;
		1) name=mail type=A want=10.53.0.25 ;;
		2) name=txt type=TXT want='"served by afudp"' ;;
		3) name=nosuch type=A want=NXDOMAIN ;;
		esac
		got=$(in_b timeout 5 kdig @"${2:-$IP_A}" -p $PORT +retry=0 +timeout=2 \
			"$name.afudp.test" "$type" 2>&1)
		if [ "$want" = NXDOMAIN ]; then
			echo "$got" | grep -q "status: NXDOMAIN" || bad=$((bad + 1))
		else
			echo "$got" | grep -q "status: NOERROR" &&
				echo "$got" | grep -A1 "ANSWER SECTION" | tail -1 |
				grep -qF "$want" || bad=$((bad + 1))
		fi
	done
	echo "$bad"
}

bg "$WORK/knot.log" in_a timeout 120 "$RUN" -i "$IF_A" -v -- \
	knotd -c "$WORK/knot.conf"
KNOT=$BG_PID
wait_until 20 group_up && note_prog
nsock=$(sockets | wc -l)
check "knotd under afudp-run: its $nsock UDP workers' SO_REUSEPORT sockets served" \
	test "$nsock" -ge 2
check "... as one group (-v: every socket joined, none left to the kernel)" \
	bash -c "! grep -q 'port $PORT: kernel\|cannot serve' '$WORK/knot.log'"

bad=$(ask $N)
check "$N kdig queries, each from its own port: all answers right ($bad wrong)" \
	test "$bad" = 0
rx=$(sum 1); slow=$(sum 2); red=$(xdp redirected); spr=$(xdp spread)
sockets | sed 's/^/# /'
diag "xdp redirected $red, spread $spr; knotd's sockets rx $rx (slow $slow)"
check "the queries redirected by XDP, spread by flow hash" \
	test "${red:-0}" -ge $N -a "${spr:-0}" -ge $N
check "... and received on the fast path (rx $rx >= $N, slow $slow)" \
	test "${rx:-0}" -ge $N -a "${slow:-1}" = 0
spread=1
for r in $(sockets | sed -nE 's/.*: rx ([0-9]+) pkts.*/\1/p'); do
	[ "$r" -gt 0 ] || spread=0
done
check "every worker's socket got queries" test $spread = 1

# Over IPv6: knotd's [::]:53 sockets, one more reuseport group.
nsock6=$(sockets '[::]' | wc -l)
check "knotd's $nsock6 IPv6 sockets on [::]:$PORT served, one group" \
	test "$nsock6" -ge 2
bad=$(ask $N fd00::1)
check "$N kdig queries over IPv6 to fd00::1: all answers right ($bad wrong)" \
	test "$bad" = 0
rx6=$(sum 1 '[::]'); slow6=$(sum 2 '[::]')
sockets '[::]' | sed 's/^/# /'
check "... received on the fast path by the IPv6 sockets (rx $rx6 >= $N, slow $slow6)" \
	test "${rx6:-0}" -ge $N -a "${slow6:-1}" = 0

# dnsperf at a bounded rate: 0 lost, 100% completed, the fast path
# counting every query.
for n in www mail nosuch ns1; do echo "$n.afudp.test A"; done >"$WORK/queries"
echo "txt.afudp.test TXT" >>"$WORK/queries"
rx0=$(sum 1); slow0=$(sum 2)
in_b dnsperf -s "$IP_A" -p $PORT -d "$WORK/queries" -l 3 -Q 2000 -c 2 \
	-t 2 >"$WORK/perf.log" 2>&1
rx1=$(sum 1); slow1=$(sum 2)
sent=$(sed -nE 's/^ *Queries sent: +([0-9]+).*/\1/p' "$WORK/perf.log")
diag "dnsperf: $(grep -E 'Queries (sent|completed|lost)' "$WORK/perf.log" |
	tr -s ' \n' ' ')"
diag "knotd's sockets during dnsperf: rx $((rx1 - rx0)) (slow $((slow1 - slow0)))"
check "dnsperf at 2000 queries/s for 3 s: ${sent:-no} queries sent, 0 lost, 100% completed" \
	bash -c "[ '${sent:-0}' -gt 0 ] &&
		grep -Eq 'Queries completed: +$sent \(100\.00%\)' '$WORK/perf.log' &&
		grep -Eq 'Queries lost: +0 ' '$WORK/perf.log'"
check "... every query received on the fast path (rx +$((rx1 - rx0)) = sent ${sent:-?}, slow +$((slow1 - slow0)))" \
	test "$((rx1 - rx0))" = "${sent:-x}" -a "$((slow1 - slow0))" = 0

# A second process on the port: served by nobody but the kernel.
bg "$WORK/second.log" in_a timeout 60 "$RUN" -i "$IF_A" -v -- "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
s.bind(('$IP_A', $PORT))
print('bound', flush=True)
time.sleep(60)"
SECOND=$BG_PID
wait_for "$WORK/second.log" "^bound" 20
sed 's/^/# /' "$WORK/second.log"
check "a second process's SO_REUSEPORT socket on the port stays on the kernel (-v says so)" \
	grep -q "port $PORT: kernel" "$WORK/second.log"
rx0=$(sum 1)
bad=$(ask 20)
rx1=$(sum 1); slow=$(sum 2)
check "knotd still answers every query ($bad wrong), none goes to the second process" \
	test "$bad" = 0 -a $((rx1 - rx0)) -ge 20 -a "${slow:-1}" = 0
kill "$SECOND" 2>/dev/null; wait "$SECOND" 2>/dev/null
kill -TERM "$(kpid)"
wait "$KNOT"
rc=$?
grep -E "error|shutting down" "$WORK/knot.log" | sed 's/^/# /'
check "knotd stops cleanly on SIGTERM (exit $rc)" test $rc = 0

# knotd drops its capabilities once its sockets are bound, so at exit the
# preload cannot detach the XDP program (EPERM, logged); its sockets did
# leave the maps, and the next afudp process on the interface reclaims it.
ports_left() {
	local prog m
	prog=$(ip -n "$NS_A" -d link show "$IF_A" |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -1)
	[ -n "$prog" ] || { echo 0; return; }
	for m in $(bpftool prog show id "$prog" 2>/dev/null |
		   sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr ',' ' '); do
		bpftool map show id "$m" 2>/dev/null |
			grep -q "name afudp_ports " || continue
		bpftool -j map dump id "$m" | grep -o '"key"' | wc -l
		return
	done
	echo none
}
left=$(ports_left)
grep "detaching" "$WORK/knot.log" | sed 's/^/# /'
check "knotd's exit leaves no port in the XDP program's maps ($left)" \
	test "$left" = 0
bg "$WORK/echo.log" in_a timeout 20 "$APPS/afudp-echo" -i "$IF_A" -p 7 -v
wait_up "$BG_PID" "$WORK/echo.log" "echoing on" 10
stop "$BG_PID"
check "the next afudp process reclaims the program, and removes it" \
	no_afudp_left
finish
