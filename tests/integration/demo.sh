#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The README's demo (scripts/demo) on the tree under test, short: it runs,
# prints afudp's and the kernel's latencies side by side, and removes the
# namespaces it made.
. "$(dirname "$0")/lib.sh"
require_root

plan 3
out=$(DEMO_NO_BUILD=1 DEMO_APPS="$APPS" DEMO_COUNT=300 \
	"$top_srcdir/scripts/demo" 2>&1)
rc=$?
check "scripts/demo runs and exits 0 (exit $rc)" test "$rc" = 0
afudp=$(echo "$out" | grep -c "afudp-echo (AF_XDP.* min ")
kernel=$(echo "$out" | grep -c "echo on kernel sockets .* min ")
check "... prints afudp's latencies ($afudp of 3) beside the kernel's ($kernel of 2)" \
	test "$afudp" = 3 -a "$kernel" = 2
[ "$rc$afudp$kernel" = 032 ] || diag "$(echo "$out" | tail -12)"
left=$(ip netns list | grep -o "afudp-demo-[ab][0-9]*" | tr '\n' ' ')
check "... and removes its namespaces${left:+ (left: $left)}" test -z "$left"
finish
