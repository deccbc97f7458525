#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# An unmodified sockperf client (Debian's package) against
# `afudp-echo --sockperf`: ping-pong and under-load get their replies, none
# dropped, and the replies came through the fast path.
. "$(dirname "$0")/lib.sh"
require_root
command -v sockperf >/dev/null || skip_all "needs sockperf"

plan 5
bed sp || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=11111

bg "$WORK/echo.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT --sockperf -v
ECHO_PID=$BG_PID
check "afudp-echo --sockperf starts" wait_for "$WORK/echo.log" "echoing on" 10

in_b sockperf ping-pong -i "$IP_A" -p $PORT -t 2 >"$WORK/pp.log" 2>&1
diag "$(grep -E 'Valid Duration|Summary' "$WORK/pp.log" | tr '\n' ' ')"
check "sockperf ping-pong gets replies" \
	grep -Eq 'Valid Duration.*ReceivedMessages=[1-9]' "$WORK/pp.log"
check "... none dropped" grep -q 'dropped messages = 0;' "$WORK/pp.log"

in_b sockperf under-load -i "$IP_A" -p $PORT -t 2 --mps 2000 \
	>"$WORK/ul.log" 2>&1
diag "$(grep -E 'Valid Duration' "$WORK/ul.log")"
check "sockperf under-load gets replies" \
	grep -Eq 'Valid Duration.*ReceivedMessages=[1-9]' "$WORK/ul.log"

stop "$ECHO_PID"
check "the fast path carried them (XDP redirected > 0)" \
	grep -Eq 'redirected [1-9]' "$WORK/echo.log"
finish
