#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# An unmodified authoritative DNS server, NSD, under afudp-run in namespace
# A, queried from namespace B by kdig and dnsperf (kernel clients).
#
# NSD binds its sockets in its main process, then forks the servers that
# read them; the main process never reads them again. afudp used to keep
# delivering to the main process, and NSD answered nothing. Now a forked
# child shares its parent's afudp stack (preload/README.md, "fork"): the
# servers read port 53 on the fast path. Every query must be answered,
# every one received on the fast path (none through the kernel socket),
# and no afudp XSK may hold datagrams nobody reads.
#
# Run with its default configuration (server-count 1); with 2 servers
# reading one socket; and with `reuseport: yes` and 2 servers (the main
# process binds a reuseport group of two sockets, each server reads one);
# last over IPv6, NSD bound to an IPv6 address of the interface and asked
# by kdig and dnsperf over IPv6.
T_LIMIT=240
. "$(dirname "$0")/lib.sh"
require_root
no_foreign_leak_check
RUN="$top_builddir/preload/afudp-run"
STAT="$APPS/afudp-stat"
[ -x "$RUN" ] || skip_all "preload/afudp-run not built"
for c in nsd kdig dnsperf; do
	command -v $c >/dev/null || [ -x /usr/sbin/$c ] ||
		skip_all "needs $c (scripts/deps installs nsd, knot-dnsutils, dnsperf)"
done
NSD=$(command -v nsd || echo /usr/sbin/nsd)
ZONE=example.test
NAMES=50
plan 24
bed dns || { echo "Bail out! cannot build the veth bed"; exit 1; }

# A zone of NAMES hosts, h1..hN, each with its own address.
{
	echo "\$ORIGIN $ZONE."
	echo "\$TTL 300"
	echo "@ IN SOA ns1 hostmaster 1 3600 600 86400 300"
	echo "@ IN NS ns1"
	echo "ns1 IN A $IP_A"
	for i in $(seq 1 $NAMES); do
		echo "h$i IN A 10.250.$((i / 250)).$((i % 250 + 1))"
	done
} >"$WORK/$ZONE.zone"
for i in $(seq 1 $NAMES); do echo "h$i.$ZONE A"; done >"$WORK/queries"

# The address NSD serves and the clients ask.
DNS_IP=$IP_A

# nsd_conf NAME EXTRA: a configuration that keeps everything in $WORK and
# runs as root (no chroot, no user switch), NSD's defaults otherwise.
nsd_conf() {
	cat >"$WORK/$1.conf" <<EOF
server:
	ip-address: $DNS_IP
	port: 53
	do-ip6: $(case $DNS_IP in *:*) echo yes ;; *) echo no ;; esac)
	username: ""
	chroot: ""
	zonesdir: "$WORK"
	database: ""
	pidfile: "$WORK/$1.pid"
	xfrdfile: "$WORK/$1.xfrd"
	zonelistfile: "$WORK/$1.zonelist"
	logfile: "$WORK/$1.nsd.log"
	verbosity: 1
$2
remote-control:
	control-enable: no
zone:
	name: $ZONE
	zonefile: $ZONE.zone
EOF
}

# answers: every name of the zone asked once by kdig from B, each answered
# with its own address.
answers() {
	local i a bad=0
	for i in $(seq 1 $NAMES); do
		a=$(in_b kdig @"$DNS_IP" -p 53 +retry=1 +timeout=2 +short \
			"h$i.$ZONE" A 2>/dev/null)
		[ "$a" = "10.250.$((i / 250)).$((i % 250 + 1))" ] ||
			{ bad=$((bad + 1)); diag "h$i: '$a'"; }
	done
	[ "$bad" = 0 ]
}

# perf NAME: dnsperf from B at a bounded rate; 0 lost, every query answered.
perf() {
	in_b dnsperf -s "$DNS_IP" -p 53 -d "$WORK/queries" -l 3 -Q 2000 -c 2 \
		-t 2 >"$WORK/$1.perf" 2>&1
	diag "$1: $(grep -E 'Queries (sent|completed|lost)' "$WORK/$1.perf" |
		tr -s ' \n' ' ')"
	grep -Eq 'Queries completed: +[1-9][0-9]* \(100\.00%\)' "$WORK/$1.perf" &&
		grep -Eq 'Queries lost: +0 ' "$WORK/$1.perf"
}

# held PID: the XDP program redirected no datagram that PID's sockets did
# not take off their rings (received, or dropped and counted): none waits
# in an XSK whose process doesn't read it.
held() {
	local out red rx drops
	out=$("$STAT" -p "$1" 2>&1)
	red=$(echo "$out" | sed -n 's/.*xdp: redirected \([0-9]*\).*/\1/p')
	rx=$(echo "$out" | sed -n 's/.*socket [^ ]*: rx \([0-9]*\) pkts.*(slow \([0-9]*\)).*tx.*/\1 \2/p' |
		awk '{ s += $1 - $2 } END { print s + 0 }')
	drops=$(echo "$out" | sed -n 's/.*rx drops: csum \([0-9]*\) malformed \([0-9]*\) filtered \([0-9]*\) rpf \([0-9]*\).*/\1 \2 \3 \4/p' |
		awk '{ s += $1 + $2 + $3 + $4 } END { print s + 0 }')
	diag "pid $1: xdp redirected ${red:-?}, taken off the rings $rx + dropped $drops"
	[ -n "$red" ] && [ "$red" = $((rx + drops)) ]
}

# fast PID: the sockets of PID (and of the servers it forked: one stack)
# received the queries (kdig's and dnsperf's) on the fast path, none
# through the kernel socket.
fast() {
	local out rx slow
	out=$("$STAT" -p "$1" 2>&1)
	rx=$(echo "$out" | sed -n 's/.*socket [^ ]*:53: rx \([0-9]*\) pkts.*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	slow=$(echo "$out" | sed -n 's/.*socket [^ ]*:53: rx [0-9]* pkts.*(slow \([0-9]*\)).*tx.*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	diag "pid $1: port 53 received $rx, through the kernel socket $slow"
	[ "$rx" -ge "$NAMES" ] && [ "$slow" = 0 ]
}

# run NAME EXTRA: NSD under afudp-run with configuration NAME, checked.
run() {
	local name=$1 pid
	nsd_conf "$name" "$2"
	bg "$WORK/$name.log" in_a "$RUN" -i "$IF_A" -v -- \
		"$NSD" -d -c "$WORK/$name.conf"
	pid=$BG_PID
	check "$name: NSD starts under afudp-run, afudp serves its port 53" \
		wait_until 15 bash -c "'$STAT' -p $pid 2>/dev/null | grep -Eq 'socket (\[?$DNS_IP\]?|0\.0\.0\.0):53:' ||
			grep -q 'port 53' '$WORK/$name.log'"
	note_prog
	check "$name: every name answered, with its address (kdig)" answers
	check "$name: dnsperf at 2000 queries/s: none lost" perf "$name"
	check "$name: no XSK holds datagrams its process doesn't read" \
		held "$pid"
	check "$name: NSD's servers received every query on the fast path" \
		fast "$pid"
	stop "$pid"
	check "$name: NSD stops, nothing left on $IF_A" no_afudp_left
}

run default ""
run shared "	server-count: 2"
run reuseport "	reuseport: yes
	server-count: 2"
# IPv6: an address of the interface (past DAD: NSD binds it at once).
bed_ip6
DNS_IP=fd00::1
run ipv6 ""
finish
