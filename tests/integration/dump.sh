#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# afudp-dump captures what afudp-echo receives and sends on its fast path:
# every request (inbound) and every reply (outbound), byte-exact, with
# valid IPv4 and UDP checksums and the right direction flags, as tshark
# reads the pcapng; a service under a capture at full ping-pong rate
# loses nothing, and the dump's own accounts add up (captured + dropped
# = seen, seen = both ways of every round trip), a tiny ring included;
# -w - feeds tshark through a pipe; -G ends it; a second capture of the
# same process is refused.
. "$(dirname "$0")/lib.sh"
require_root
command -v tshark >/dev/null || skip_all "needs tshark (scripts/deps)"
command -v socat >/dev/null || skip_all "needs socat"
DUMP="$APPS/afudp-dump"

plan 20
bed dump || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=21230

check "--help lists its options" \
	bash -c "$DUMP --help | grep -q -- '-p PID' && $DUMP --help | grep -q -- '-P PORT' &&
		 $DUMP --help | grep -q -- '-c COUNT' && $DUMP --help | grep -q -- '-G SECONDS' &&
		 $DUMP --help | grep -q -- '-w FILE'"

bg "$WORK/echo.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT
ECHO=$BG_PID
wait_for "$WORK/echo.log" "echoing on" 10
# Both neighbours known first: replies take the fast path from the start.
in_b "$PEER" echo-client "$IP_A" $PORT -n 3 >/dev/null

# tshark's view of a capture (FILE, or - for stdin): direction (1 in,
# 2 out: epb_flags), then FIELDS...
TSHARK_OPTS="-o udp.check_checksum:TRUE -o ip.check_checksum:TRUE"
tfields() {
	local f="$1" a=() x
	shift
	for x in "$@"; do a+=(-e "$x"); done
	# shellcheck disable=SC2086
	tshark -n -r "$f" $TSHARK_OPTS -T fields -E separator=' ' \
		-e frame.packet_flags_direction "${a[@]}" 2>>"$WORK/tshark.err" |
		awk '{ sub(/^0x0*/, "", $1); print }'
}
# Direction, source, IPv4 and UDP checksum statuses (1: good), payload.
fields() {
	tfields "$1" ip.src ip.checksum.status udp.checksum.status udp.payload
}
# Two lists the same, else the first differences, cut short.
same() {
	diff "$1" "$2" >"$WORK/diff.txt" && return 0
	head -6 "$WORK/diff.txt" | cut -c1-120 | sed 's/^/# /'
	return 1
}

# ---- every datagram, both ways, byte-exact ---------------------------------
bg "$WORK/dump.err" "$DUMP" -p "$ECHO" -P $PORT -w "$WORK/cap.pcapng"
DUMP_PID=$BG_PID
check "afudp-dump starts on the echo's stack" \
	wait_up "$DUMP_PID" "$WORK/dump.err" "capturing on process $ECHO" 10

"$DUMP" -p "$ECHO" -w "$WORK/second.pcapng" >/dev/null 2>"$WORK/second.err"
rc=$?
check "a second capture of the same process is refused (exit $rc)" \
	bash -c "[ $rc = 1 ] && grep -q 'already captured by process $DUMP_PID' $WORK/second.err"

# 18 distinct payloads of 6 sizes; the first byte numbers them.
payloads=()
i=0
for size in 1 7 64 300 1000 1472; do
	for _ in 1 2 3; do
		p=$(printf '%02x' $i)
		[ "$size" -gt 1 ] && p="$p$(head -c $((size - 1)) /dev/urandom |
			od -An -tx1 -v | tr -d ' \n')"
		payloads+=("$p")
		i=$((i + 1))
	done
done
in_b "$PEER" udp-send "$IP_A" $PORT "${payloads[@]}" >"$WORK/replies.txt"
printf '%s\n' "${payloads[@]}" >"$WORK/sent.txt"
check "the echo answered all 18 byte-exact" \
	same "$WORK/sent.txt" "$WORK/replies.txt"
check "SIGINT ends afudp-dump with status 0" \
	bash -c "kill -INT $DUMP_PID; for i in \$(seq 100); do
			kill -0 $DUMP_PID 2>/dev/null || exit 0; sleep 0.1; done; exit 1"
wait "$DUMP_PID"
rc=$?
sed 's/^/# /' "$WORK/dump.err"
check "... and says it captured 36 packets, dropped none (exit $rc)" \
	bash -c "[ $rc = 0 ] &&
		 grep -q '36 packets captured, 0 copies dropped .*, 36 seen' $WORK/dump.err"

fields "$WORK/cap.pcapng" >"$WORK/cap.txt"
check "tshark reads the pcapng: 36 packets" \
	test "$(wc -l <"$WORK/cap.txt")" = 36
grep -v 'Running as user' "$WORK/tshark.err" | sed 's/^/# tshark: /'
{
	for p in "${payloads[@]}"; do
		echo "1 $IP_B $p"
		echo "2 $IP_A $p"
	done
} | sort >"$WORK/want.txt"
awk '{ print $1, $2, $5 }' "$WORK/cap.txt" | sort >"$WORK/got.txt"
check "every request inbound from $IP_B, every reply outbound from $IP_A, byte-exact" \
	same "$WORK/want.txt" "$WORK/got.txt"
diag "statuses (ip udp): $(awk '{ print $3, $4 }' "$WORK/cap.txt" | sort | uniq -c | tr '\n' ' ')"
check "every IPv4 and UDP checksum verified good" \
	bash -c "[ -s $WORK/cap.txt ] &&
		 [ \"\$(awk '\$3 != 1 || \$4 != 1' $WORK/cap.txt)\" = '' ]"
check "the interface is Ethernet with nanosecond stamps" \
	bash -c "capinfos -M $WORK/cap.pcapng 2>/dev/null | grep -q 'Ethernet' &&
		 capinfos -M $WORK/cap.pcapng | grep -Eq 'nanoseconds|resolution.*9'"
# Each request comes before its reply.
check "each request is captured before its reply" \
	bash -c "awk '{ if (\$1 == 1) seen[\$5] = 1; else if (!seen[\$5]) bad++ }
		      END { exit bad != 0 }' $WORK/cap.txt"

# ---- full rate: nothing lost, the accounts add up --------------------------
# loop RING: echo-loop ping-pong without pauses for 3 s under a capture
# with a RING KiB ring; sets LOOP (sent ok bad lost errors) and SEEN,
# CAPT, DROP from the dump's summary.
loop() {
	local ring=$1
	bg "$WORK/dump$ring.err" "$DUMP" -p "$ECHO" -B "$ring" -w "$WORK/full$ring.pcapng"
	local d=$BG_PID
	wait_up "$d" "$WORK/dump$ring.err" capturing 10 || return 1
	bg "$WORK/loop$ring.txt" in_b "$PEER" echo-loop "$IP_A" $PORT -s 64,512,1472 -g 0
	local l=$BG_PID
	sleep 3
	stop "$l"
	stop "$d"
	LOOP=$(grep '^sent' "$WORK/loop$ring.txt")
	read -r CAPT DROP SEEN < <(sed -nE \
		's/.* ([0-9]+) packets captured, ([0-9]+) copies dropped .*, ([0-9]+) seen.*/\1 \2 \3/p' \
		"$WORK/dump$ring.err")
	diag "ring $ring KiB: $LOOP; $(grep captured "$WORK/dump$ring.err")"
	[ -n "$CAPT" ]
}
# sent N ok N bad 0 lost 0 errors 0, N > 0
loop_clean() {
	set -- $LOOP
	[ "${1:-}" = sent ] && [ "${2:-0}" -gt 0 ] && [ "$4" = "$2" ] &&
		[ "$6" = 0 ] && [ "$8" = 0 ] && [ "${10}" = 0 ]
}
# captured + dropped = seen, and seen covers both ways of each round trip
# (the last request may have had its echo when the client stopped).
accounts() {
	set -- $LOOP
	[ $((CAPT + DROP)) = "$SEEN" ] && [ "$SEEN" -ge $(( 2 * $2 )) ] &&
		[ "$SEEN" -le $(( 2 * $2 + 2 )) ]
}
check "full rate under a capture (8 MiB ring)" loop 8192
check "... the service lost no datagram" loop_clean
check "... captured + dropped = seen = 2 x round trips" accounts
full=$(capinfos -M -c "$WORK/full8192.pcapng" 2>/dev/null |
	sed -n 's/^Number of packets: *//p')
check "... the file holds the $CAPT captured ($full)" test "$full" = "$CAPT"
check "full rate under a capture in a 16 KiB ring (8 slots)" loop 16
both() { loop_clean && accounts; }
check "... the service lost no datagram, captured + dropped = seen = 2 x round trips" both

# ---- -w - into tshark, and -G ------------------------------------------------
bg "$WORK/pipe.txt" bash -c "$(declare -f tfields); WORK='$WORK' TSHARK_OPTS='$TSHARK_OPTS';
	'$DUMP' -p $ECHO -c 4 -w - 2>'$WORK/pipe.err' | tfields - udp.payload"
pipe=$BG_PID
wait_up "$pipe" "$WORK/pipe.err" capturing 10
in_b "$PEER" udp-send "$IP_A" $PORT 0a0b0c0d 01020304 >/dev/null
for _ in $(seq 100); do alive "$pipe" || break; sleep 0.1; done
wait "$pipe"
diag "pipe: $(tr '\n' ' ' <"$WORK/pipe.txt")"
check "afudp-dump -c 4 -w - | tshark -r -: the 4 packets, in order" \
	test "$(tr '\n' ' ' <"$WORK/pipe.txt")" = "1 0a0b0c0d 2 0a0b0c0d 1 01020304 2 01020304 "

limit 30 "$DUMP" -p "$ECHO" -G 1 -w "$WORK/g.pcapng" 2>"$WORK/g.err"
rc=$?
check "-G 1 ends by itself (exit $rc), its file readable" \
	bash -c "[ $rc = 0 ] && grep -q '0 packets captured' $WORK/g.err &&
		 tshark -r $WORK/g.pcapng >/dev/null 2>&1"

stop "$ECHO"

# ---- a stack shared with forked children -------------------------------------
# socat's fork mode answers each datagram from a child it forks: the
# children's sends, on the stack they inherited, are in the capture of
# the process that opened it.
no_foreign_leak_check
PORT=21231
bg "$WORK/socat.log" in_a "$top_builddir/preload/afudp-run" -i "$IF_A" -- \
	socat UDP4-RECVFROM:$PORT,fork EXEC:cat
SOCAT=$BG_PID
served() { "$APPS/afudp-stat" -p "$SOCAT" 2>/dev/null | grep -q ":$PORT:"; }
wait_until 10 served
in_b "$PEER" echo-client "$IP_A" $PORT -s 64 -n 2 >/dev/null
bg "$WORK/dumpf.err" "$DUMP" -p "$SOCAT" -w "$WORK/fork.pcapng"
DUMP_PID=$BG_PID
wait_up "$DUMP_PID" "$WORK/dumpf.err" capturing 10
in_b "$PEER" udp-send "$IP_A" $PORT a1a2a3a4 b1b2b3b4b5 c1c2c3c4c5c6 \
	>"$WORK/fork-replies.txt"
stop "$DUMP_PID"
sed 's/^/# /' "$WORK/dumpf.err"
tfields "$WORK/fork.pcapng" ip.src udp.payload >"$WORK/fork.txt"
diag "socat: $(tr '\n' ' ' <"$WORK/fork.txt")"
check "socat (fork): its children's replies captured outbound, byte-exact" \
	test "$(awk '{ print $1, $3 }' "$WORK/fork.txt" | tr '\n' ' ')" = \
	"1 a1a2a3a4 2 a1a2a3a4 1 b1b2b3b4b5 2 b1b2b3b4b5 1 c1c2c3c4c5c6 2 c1c2c3c4c5c6 "
stop "$SOCAT"
finish
