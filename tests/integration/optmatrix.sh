#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Socket-option combinations against a kernel reference (issue 12, part 6).
# optprog.c, a plain BSD socket program, runs a matrix of combinations of
# IP_PKTINFO, IP_RECVTOS, IP_RECVTTL, IP_RECVORIGDSTADDR, SO_TIMESTAMP,
# SO_TIMESTAMPNS (set before or after the bind), SO_REUSEPORT, bound to the
# wildcard or the address, connect()ed or not, O_NONBLOCK or blocking with
# SO_RCVTIMEO, recvmsg/recvmmsg/recvfrom, MSG_PEEK or FIONREAD first, a
# short buffer with or without MSG_TRUNC, sends with IP_PKTINFO/IP_TOS
# control messages:
# every 3-tuple of their levels is in some combination (a covering array),
# each on its own port. It runs twice in namespace A with the same traffic
# from namespace B: on kernel sockets, then under afudp-run. What the
# program observed (returns, errno, msg_flags, addresses, control messages,
# payloads; timestamps only by type and plausibility) must be the same
# line for line: a combination whose transcripts differ fails, naming the
# first differing line. Under afudp-run, afudp-stat must show each
# combination's socket received its datagrams and sent its reply on the
# fast path (none through its kernel socket).
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/optprog preload/afudp-run apps/afudp-stat
PROG="$top_builddir/tests/integration/optprog"
RUN="$top_builddir/preload/afudp-run"
STAT="$APPS/afudp-stat"
BASE=18100	# combination i on BASE + i; BASE - 1 the barrier; B's below
STRENGTH=3

# The matrix's size is the program's (deterministic).
NC=$("$PROG" -n $STRENGTH)
[ -n "$NC" ] || { echo "Bail out! optprog gave no matrix"; exit 1; }
plan $((NC + 6))
bed om || { echo "Bail out! cannot build the veth bed"; exit 1; }

# run NAME cmd...: optprog in A until DONE; sets RUN_PID (still running:
# it holds its sockets open for afudp-stat until SIGTERM).
run() {
	local name="$1"
	shift
	BG_LIMIT=120 bg "$WORK/$name.log" in_a "$@" "$PROG" "$NS_B" "$IP_A" \
		"$IP_B" $BASE $STRENGTH
	RUN_PID=$BG_PID
	wait_up "$RUN_PID" "$WORK/$name.log" '^DONE' 60
}

t0=$SECONDS
check "kernel sockets: optprog ran its $NC combinations" run kernel
stop "$RUN_PID"
diag "kernel run: $((SECONDS - t0)) s"
t0=$SECONDS
check "afudp-run: optprog ran its $NC combinations" \
	run afudp "$RUN" -i "$IF_A" -p "$((BASE - 1))-$((BASE + NC))"
note_prog
"$STAT" -p "$RUN_PID" >"$WORK/stat" 2>&1
grep -c '^  socket' "$WORK/stat" | sed 's/^/# afudp-stat: sockets: /'
stop "$RUN_PID"
diag "afudp run: $((SECONDS - t0)) s"
grep -h '^FATAL' "$WORK/kernel.log" "$WORK/afudp.log" | sed 's/^/# /'

# first_diff K A: the number of the first line where A differs from K
# (one past the shorter one's end if that is all).
first_diff() {
	awk 'FNR == NR { k[FNR] = $0; nk = FNR; next }
		{ na = FNR; if (!d && (FNR > nk || k[FNR] != $0)) d = FNR }
		END { if (!d && na != nk) d = (na < nk ? na : nk) + 1; print d + 0 }' \
		"$1" "$2"
}

# Per combination: the transcripts, line by line.
for i in $(seq 0 $((NC - 1))); do
	id=$(printf 'c%03d' "$i")
	desc=$(sed -n "s/^C $id //p" "$WORK/kernel.log")
	grep "^T $id " "$WORK/kernel.log" >"$WORK/k.$id"
	grep "^T $id " "$WORK/afudp.log" >"$WORK/a.$id"
	first=$(diff "$WORK/k.$id" "$WORK/a.$id" | head -1)
	if [ -s "$WORK/k.$id" ] && [ -z "$first" ]; then
		ok "$id $desc: the same as the kernel ($(wc -l <"$WORK/k.$id") lines)"
	else
		n=$(first_diff "$WORK/k.$id" "$WORK/a.$id")
		not_ok "$id $desc: differs from the kernel at line ${n:-?}"
		diag "kernel: $(sed -n "${n:-1}p" "$WORK/k.$id")"
		diag "afudp:  $(sed -n "${n:-1}p" "$WORK/a.$id")"
	fi
done

# fast PORT RX TX: afudp-stat's line for the socket on PORT (wildcard or
# the address) shows RX received and TX sent, none on the slow path.
fast() {
	grep -E "^  socket [0-9.]+:$1: rx $2 pkts [0-9]+ bytes \(slow 0\), tx $3 pkts [0-9]+ bytes \(slow 0\)" \
		"$WORK/stat" >/dev/null
}
bad=""
while read -r _ id port rx tx; do
	fast "$port" "$rx" "$tx" || {
		bad="$bad $id"
		diag "$id (port $port, want rx $rx tx $tx): $(grep -E "socket [0-9.]+:$port:" "$WORK/stat")"
	}
done < <(grep '^P ' "$WORK/afudp.log")
check "afudp-stat: every combination's datagrams on the fast path, both ways (slow 0)${bad:+; not:$bad}" \
	test -z "$bad" -a "$(grep -c '^P ' "$WORK/afudp.log")" = "$NC"
check "the kernel's transcript is whole: every datagram came, timestamps plausible" \
	bash -c "! grep -E 'FATAL|IMPLAUSIBLE|did not come|got nothing|peek failed|^T c[0-9]+ socket -1' '$WORK/kernel.log' >&2"
check "both runs had the same $NC combinations" \
	bash -c "diff <(grep '^C ' '$WORK/kernel.log') <(grep '^C ' '$WORK/afudp.log') >/dev/null &&
		[ \$(grep -c '^C ' '$WORK/kernel.log') = $NC ]"
check "nothing left behind" no_afudp_left
finish
