#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Privileges. afudp-echo runs under setpriv with capabilities taken away
# (as root, by emptying the bounding set; and as an unprivileged user).
# Without what the XDP backend needs it must refuse with a message naming
# the missing capability, exit non-zero and leave no XDP program behind;
# with the capabilities the documentation lists (and no others) it must
# serve and clean up; and the kernel backend must work with none at all.
# Without CAP_SYS_ADMIN (CAP_BPF instead) it must still clean up after
# itself, reclaim what a killed one left, and say that sharing the
# interface with another afudp process needs CAP_SYS_ADMIN.
. "$(dirname "$0")/lib.sh"
require_root
command -v setpriv >/dev/null || skip_all "needs setpriv (util-linux)"
setpriv --help 2>&1 | grep -q -- --bounding-set ||
	skip_all "setpriv without --bounding-set"

CYC="$top_builddir/tests/integration/cycles"
[ -x "$CYC" ] || skip_all "tests/integration/cycles not built"

plan 20
# Two queues: two processes can share the interface (one queue each).
bed pv 2 || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=22000
NOBODY="--reuid=65534 --regid=65534 --clear-groups"
# User 65534 may not reach the build tree (a clone in /root, mode 0700,
# as on a fresh machine): every case runs a copy of afudp-echo, and of the
# library it runs with, that anyone can read.
PUB=$(mktemp -d /tmp/afudp-privs.XXXXXX) && T_DIRS="$T_DIRS $PUB"
if [ -x "$APPS/.libs/afudp-echo" ]; then	# libtool's wrapper runs this
	cp "$APPS/.libs/afudp-echo" "$top_builddir"/lib/.libs/libafudp.so* "$PUB/"
else
	cp "$APPS/afudp-echo" "$PUB/"
fi
chmod -R a+rX "$PUB"
ECHO="env LD_LIBRARY_PATH=$PUB $PUB/afudp-echo"

# as LOG SETPRIV-ARGS... -- ECHO-ARGS...: afudp-echo under setpriv.
# Returns 0 if it started and echoed; it is stopped again either way.
# AS_RC is its exit status.
as() {
	local log="$1" sp=() rc=1
	shift
	while [ "$1" != "--" ]; do sp+=("$1"); shift; done
	shift
	bg "$log" in_a setpriv "${sp[@]}" --inh-caps=-all -- \
		$ECHO -i "$IF_A" -p $PORT "$@"
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

# What the documentation lists (README "Requirements"): CAP_NET_ADMIN +
# CAP_BPF (or CAP_SYS_ADMIN) + CAP_NET_RAW, and CAP_IPC_LOCK (or a
# locked-memory limit above the UMEM: 2 queues x 8 MiB here, over the
# 8 MiB default).
check "without CAP_IPC_LOCK, 16 MiB of UMEM over an 8 MiB RLIMIT_MEMLOCK: refused, names both" \
	bash -c "ulimit -l 8192
		 ip netns exec $NS_A setpriv --bounding-set=-all,+net_admin,+bpf,+net_raw \
			--inh-caps=-all -- $ECHO -i $IF_A -p $PORT \
			>$WORK/memlock.log 2>&1
		 [ \$? != 0 ] && grep -q '^afudp: .*RLIMIT_MEMLOCK.*CAP_IPC_LOCK' $WORK/memlock.log &&
		 ! ip -n $NS_A link show $IF_A | grep -q xdp"
grep -q CAP_IPC_LOCK "$WORK/memlock.log" || diag "$(tr '\n' ' ' <"$WORK/memlock.log")"
check "CAP_NET_ADMIN + CAP_SYS_ADMIN + CAP_NET_RAW + CAP_IPC_LOCK only: serves" \
	as "$WORK/sysadmin.log" \
	--bounding-set=-all,+net_admin,+sys_admin,+net_raw,+ipc_lock --
check "... exits 0, leaves no XDP program" \
	bash -c "[ $AS_RC = 0 ] && ! ip -n $NS_A link show $IF_A | grep -q xdp"
MIN=--bounding-set=-all,+net_admin,+bpf,+net_raw,+ipc_lock
check "CAP_NET_ADMIN + CAP_BPF + CAP_NET_RAW + CAP_IPC_LOCK only: serves" \
	as "$WORK/bpf-min.log" $MIN --
grep -q "echoing on" "$WORK/bpf-min.log" ||
	diag "$(grep -E '^afudp(-echo)?: ' "$WORK/bpf-min.log" | tr '\n' ' ')"
check "... exits 0, leaves no XDP program" \
	bash -c "[ $AS_RC = 0 ] && ! ip -n $NS_A link show $IF_A | grep -q xdp"

# Killed while serving, without CAP_SYS_ADMIN: the next such process can't
# read the program's name, but knows it by the id the dead one recorded.
bg "$WORK/k9.log" in_a setpriv $MIN --inh-caps=-all -- \
	$ECHO -i "$IF_A" -p $PORT
wait_up "$BG_PID" "$WORK/k9.log" "echoing on" 10
kill -KILL "$BG_PID"
wait "$BG_PID" 2>/dev/null
check "without CAP_SYS_ADMIN, killed -9: its program stays attached" \
	bash -c "ip -n $NS_A link show $IF_A | grep -q xdp"
check "the next one with the same capabilities reclaims it and serves" \
	as "$WORK/k9b.log" $MIN --
check "... says so, exits 0, leaves no XDP program" \
	bash -c "[ $AS_RC = 0 ] && grep -q 'stale program reclaimed' $WORK/k9b.log &&
		 ! ip -n $NS_A link show $IF_A | grep -q xdp"

# Sharing: a second process on the interface (queue 1; the first has 0)
# opens the running program's maps, which needs CAP_SYS_ADMIN.
bg "$WORK/first.log" in_a "$CYC" "$IF_A" bind 22100 0
FIRST=$BG_PID
wait_up "$FIRST" "$WORK/first.log" "^BOUND" 15
bg "$WORK/second.log" in_a setpriv $MIN --inh-caps=-all -- \
	"$CYC" "$IF_A" bind 22101 1
SECOND=$BG_PID
wait_up "$SECOND" "$WORK/second.log" "^BOUND" 5
kill "$SECOND" 2>/dev/null
wait "$SECOND" 2>/dev/null
check "a second process without CAP_SYS_ADMIN: refused, names it" \
	bash -c "! grep -q '^BOUND' $WORK/second.log &&
		 grep -q '^afudp: .*CAP_SYS_ADMIN' $WORK/second.log"
grep -q CAP_SYS_ADMIN "$WORK/second.log" ||
	diag "$(tr '\n' ' ' <"$WORK/second.log")"
bg "$WORK/third.log" in_a setpriv $MIN,+sys_admin --inh-caps=-all -- \
	"$CYC" "$IF_A" bind 22101 1
THIRD=$BG_PID
check "... with CAP_SYS_ADMIN too: shares it and both echo" \
	bash -c "for i in \$(seq 150); do grep -q BOUND $WORK/third.log && break; sleep 0.1; done
		 ip netns exec $NS_B $PEER echo-client $IP_A 22100 -s 64 -n 4 &&
		 ip netns exec $NS_B $PEER echo-client $IP_A 22101 -s 64 -n 4"
stop "$THIRD"
stop "$FIRST"
check "both stopped: no XDP program left" \
	bash -c "! ip -n $NS_A link show $IF_A | grep -q xdp"

ip -n "$NS_A" link show "$IF_A" | grep -q xdp &&
	diag "left: $(ip -n "$NS_A" -d link show "$IF_A" | grep -o 'prog/xdp id [0-9]*')"
ip -n "$NS_A" link set "$IF_A" xdp off 2>/dev/null
finish
