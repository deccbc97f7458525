#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Privileges. afudp-echo runs under setpriv with capabilities taken away
# (as root, by emptying the bounding set; and as an unprivileged user).
# Without what the XDP backend needs it must refuse with a message naming
# the missing capability, exit non-zero and leave no XDP program behind;
# with the capabilities the documentation lists (and no others) it must
# serve and clean up; and the kernel backend must work with none at all.
. "$(dirname "$0")/lib.sh"
require_root
command -v setpriv >/dev/null || skip_all "needs setpriv (util-linux)"
setpriv --help 2>&1 | grep -q -- --bounding-set ||
	skip_all "setpriv without --bounding-set"

plan 14
bed pv || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=22000
NOBODY="--reuid=65534 --regid=65534 --clear-groups"

# as LOG SETPRIV-ARGS... -- ECHO-ARGS...: afudp-echo under setpriv.
# Returns 0 if it started and echoed; it is stopped again either way.
# AS_RC is its exit status.
as() {
	local log="$1" sp=() rc=1
	shift
	while [ "$1" != "--" ]; do sp+=("$1"); shift; done
	shift
	bg "$log" in_a setpriv "${sp[@]}" --inh-caps=-all -- \
		"$APPS/afudp-echo" -i "$IF_A" -p $PORT "$@"
	if wait_up "$BG_PID" "$log" "echoing on" 10 &&
		in_b "$PEER" echo-client "$IP_A" $PORT -s 64,1472 -n 2 \
			>>"$log" 2>&1; then
		rc=0
	fi
	stop "$BG_PID"
	AS_RC=$?
	return $rc
}

# refused LOG CAP SETPRIV-ARGS...: it must not start, must exit non-zero,
# must name CAP in its messages, and must leave no XDP program.
refused() {
	local log="$1" cap="$2" why=""
	shift 2
	if as "$log" "$@" --; then
		why="it started and echoed"
	else
		[ "$AS_RC" != 0 ] || why="exit status 0"
		grep -q "$cap" "$log" || why="$why; $cap not named"
		ip -n "$NS_A" link show "$IF_A" | grep -q xdp &&
			why="$why; an XDP program is left on $IF_A"
	fi
	[ -z "$why" ] && return 0
	diag "${why#; }"
	diag "$(grep -v '^sent' "$log" | tr '\n' ' ')"
	return 1
}

check "no capabilities (root, empty bounding set): refused, names a capability" \
	refused "$WORK/none.log" "CAP_[A-Z_]*" --bounding-set=-all
check "without CAP_NET_ADMIN: refused, names CAP_NET_ADMIN" \
	refused "$WORK/netadmin.log" CAP_NET_ADMIN --bounding-set=-net_admin
check "without CAP_NET_RAW: refused, names CAP_NET_RAW" \
	refused "$WORK/netraw.log" CAP_NET_RAW --bounding-set=-net_raw
check "without CAP_BPF and CAP_SYS_ADMIN: refused, names CAP_BPF" \
	refused "$WORK/bpf.log" CAP_BPF --bounding-set=-bpf,-sys_admin
check "as an unprivileged user: refused, names a capability" \
	refused "$WORK/nobody.log" "CAP_[A-Z_]*" $NOBODY --bounding-set=-all
check "... and the library says it in its own words (not just the app)" \
	grep -q "^afudp: .*CAP_" "$WORK/nobody.log"

check "kernel backend, no capabilities (root): echoes" \
	as "$WORK/kernel.log" --bounding-set=-all -- --kernel
check "kernel backend, unprivileged user: echoes" \
	as "$WORK/kernel-nobody.log" $NOBODY --bounding-set=-all -- --kernel
check "kernel backend: exits 0 and attached nothing" \
	bash -c "[ $AS_RC = 0 ] && ! ip -n $NS_A link show $IF_A | grep -q xdp"

# What the documentation lists: CAP_NET_ADMIN + CAP_BPF (or CAP_SYS_ADMIN)
# + CAP_NET_RAW (apps/common.c, README "Troubleshooting").
check "CAP_NET_ADMIN + CAP_SYS_ADMIN + CAP_NET_RAW only: serves" \
	as "$WORK/sysadmin.log" --bounding-set=-all,+net_admin,+sys_admin,+net_raw --
check "... exits 0, leaves no XDP program" \
	bash -c "[ $AS_RC = 0 ] && ! ip -n $NS_A link show $IF_A | grep -q xdp"
check "CAP_NET_ADMIN + CAP_BPF + CAP_NET_RAW only: serves" \
	as "$WORK/bpf-min.log" --bounding-set=-all,+net_admin,+bpf,+net_raw --
grep -q "echoing on" "$WORK/bpf-min.log" ||
	diag "$(grep -E '^afudp(-echo)?: ' "$WORK/bpf-min.log" | tr '\n' ' ')"
# Whatever it took to start, without CAP_SYS_ADMIN it must still clean up.
check "CAP_NET_ADMIN + CAP_BPF + CAP_PERFMON + CAP_NET_RAW: serves" \
	as "$WORK/perfmon.log" \
	--bounding-set=-all,+net_admin,+bpf,+perfmon,+net_raw --
check "... exits 0, leaves no XDP program" \
	bash -c "[ $AS_RC = 0 ] && ! ip -n $NS_A link show $IF_A | grep -q xdp"
ip -n "$NS_A" link show "$IF_A" | grep -q xdp &&
	diag "left: $(ip -n "$NS_A" -d link show "$IF_A" | grep -o 'prog/xdp id [0-9]*')"
ip -n "$NS_A" link set "$IF_A" xdp off 2>/dev/null
finish
