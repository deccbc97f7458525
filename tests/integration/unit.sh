#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The example systemd unit (examples/afudp-echo@.service) works: its
# ExecStart runs with the user, capabilities, limits and sandbox the unit
# gives it, and echoes a kernel client's datagrams on the fast path. PID 1
# is not always systemd (CI's fresh root, containers), so systemd does not
# run it here; the process gets what the unit says from setpriv (user,
# capabilities, no_new_privs), prlimit (LimitMEMLOCK=), mounts in the
# namespace it runs in (RuntimeDirectory=, ProtectSystem=strict,
# ProtectKernelTunables=, ProtectProc=) and sandbox.py (the seccomp
# filters of SystemCallFilter=, RestrictAddressFamilies=,
# MemoryDenyWriteExecute=). Not reproduced: settings about paths afudp
# never uses (PrivateTmp=, ProtectHome=, PrivateDevices=...). Everything
# is read from the unit file, so a change there is tested as it stands.
# Each capability the unit grants is needed (without it afudp refuses,
# naming it), so is its runtime directory (/run/afudp: lock files an
# unprivileged user must create), and the filters are in force.
. "$(dirname "$0")/lib.sh"
require_root
command -v setpriv >/dev/null || skip_all "needs setpriv (util-linux)"
command -v prlimit >/dev/null || skip_all "needs prlimit (util-linux)"
STAT="$APPS/afudp-stat"
UNIT="$top_srcdir/examples/afudp-echo@.service"

# get KEY: the unit's values of KEY, every assignment's, space-separated.
get() { sed -n "s/^$1=//p" "$UNIT" | tr '\n' ' ' | sed 's/ *$//'; }
# is_true KEY: the unit sets KEY to a true boolean.
is_true() { case "$(get "$1" | awk '{print $NF}')" in yes|true|on|1) ;; *) false ;; esac; }

EXEC=$(get ExecStart)
CAPS=$(get AmbientCapabilities)
BOUND=$(get CapabilityBoundingSet)
MEMLOCK=$(get LimitMEMLOCK)
RUNDIR=$(get RuntimeDirectory)

plan $(( 14 + $(echo $CAPS | wc -w) ))
check "the unit names a command, capabilities and a memory limit (ExecStart='$EXEC' AmbientCapabilities='$CAPS' LimitMEMLOCK='$MEMLOCK')" \
	test -n "$EXEC" -a -n "$CAPS" -a -n "$MEMLOCK"
check "... and runs as a user of its own (DynamicUser= or User=)" \
	bash -c "[ '$(get DynamicUser)' = yes ] || [ -n '$(get User)' ]"

# The user: a dynamic one is an unused uid without groups; 65534 stands in.
USR=65534
if [ -n "$(get User)" ] && ! is_true DynamicUser; then
	USR=$(id -u "$(get User)") || USR=65534
fi

# setpriv's list of capabilities, +name,+name, from the unit's CAP_NAMEs.
sp_caps() {
	local c out=""
	for c in "$@"; do
		c=${c#CAP_}
		out="$out,+${c,,}"
	done
	echo "${out#,}"
}
# The capability mask /proc/PID/status shows for the unit's CAP_NAMEs:
# a bounding set of just those, as the kernel numbers them.
mask() {
	setpriv --bounding-set="-all,$(sp_caps "$@")" -- \
		sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status
}
# LimitMEMLOCK in bytes (systemd's K/M/G/T are powers of 1024).
bytes() {
	local v=${1%[KMGT]} u
	[ "$1" = infinity ] && { echo unlimited; return; }
	u=${1#"$v"}
	case "$u" in
	K) v=$((v << 10)) ;; M) v=$((v << 20)) ;; G) v=$((v << 30)) ;; T) v=$((v << 40)) ;;
	esac
	echo "$v"
}

# The locked-memory limit to run with: the unit's, unless that is above
# the hard limit and this process can't raise it (no CAP_SYS_RESOURCE,
# as in some containers); then the hard limit, as long as it holds the
# UMEM (checked below).
can_raise() {	# CAP_SYS_RESOURCE (24) is effective
	(( (0x$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status) >> 24) & 1 ))
}
lock_limit() {
	local want hard
	want=$(bytes "$MEMLOCK")
	hard=$(ulimit -Hl)
	[ "$hard" = unlimited ] || [ "$want" = unlimited ] ||
		[ "$want" -le $((hard << 10)) ] || can_raise || want=$((hard << 10))
	echo "$want"
}

bed unit 1 || { echo "Bail out! cannot build the veth bed"; exit 1; }
# The command line, the instance being the test's interface; the program
# is the build's, copied where the user can read it (a clone in /root
# may be mode 0700), with its library.
set -- $EXEC
PROG=${1##*/}
shift
ARGS=$(echo "$*" | sed "s/%[iI]/$IF_A/g")
PORT=$(echo "$ARGS" | sed -n 's/.*-p \([0-9]*\).*/\1/p')
PUB=$(mktemp -d /tmp/afudp-unit.XXXXXX) && T_DIRS="$T_DIRS $PUB"
if [ -x "$APPS/.libs/$PROG" ]; then	# libtool's wrapper runs this
	cp "$APPS/.libs/$PROG" "$top_builddir"/lib/.libs/libafudp.so* "$PUB/"
else
	cp "$APPS/$PROG" "$PUB/"
fi
cp "$UNIT" "$PUB/unit.service"
cp "$top_srcdir/tests/integration/sandbox.py" "$PUB/"
chmod -R a+rX "$PUB"
# The unit's seccomp-based settings: sandbox.py installs them, as systemd
# would, from the unit in $SCUNIT (or a variant of it).
SCUNIT=$PUB/unit.service
SECCOMP=""
[ -z "$(get SystemCallFilter)$(get RestrictAddressFamilies)" ] &&
	! is_true MemoryDenyWriteExecute || SECCOMP=yes
# no_new_privs: systemd sets it for an unprivileged user's seccomp
# filters too.
NNP=""
if is_true NoNewPrivileges || is_true DynamicUser || [ -n "$SECCOMP" ]; then
	NNP=--no-new-privs
fi
# A sanitizer build: LeakSanitizer's tracer needs ptrace(2), which the
# unit's system call filter refuses (as it does the real service); the
# rest of ASan and UBSan keep working under it.
SAN_ENV=""
[ -z "$SAN_CFLAGS" ] || [ -z "$SECCOMP" ] ||
	SAN_ENV="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# The library creates it (mode 0755) where it is missing.
mkdir -p /run/afudp

# sandbox NOTE CAPS...: the shell commands that build the service's file
# system and exec its command as the unit says, with capabilities CAPS
# (the unit's, or fewer). NOTE "no-rundir" leaves /run/afudp as it is.
sandbox() {
	local note=$1 sp
	shift
	sp=$(sp_caps "$@")
	# ip netns exec gave it a mount namespace of its own, mounts
	# slaved, and a sysfs for the network namespace on /sys.
	echo "set -e"
	if [ -n "$RUNDIR" ] && [ "$note" != no-rundir ]; then
		echo "mount -t tmpfs -o mode=$(get RuntimeDirectoryMode | sed 's/^$/0755/'),uid=$USR,gid=$USR $RUNDIR /run/$RUNDIR"
	fi
	if [ "$(get ProtectProc)" = invisible ]; then
		echo "mount -t proc -o hidepid=invisible proc /proc"
	fi
	if is_true ProtectKernelTunables; then
		echo "mount --bind /proc/sys /proc/sys"
		echo "mount -o remount,bind,ro /proc/sys"
		echo "mount -o remount,bind,ro /sys"
	fi
	# ProtectSystem=strict (DynamicUser= implies it): all read-only
	# but the API file systems (/dev, /proc, /sys) and the runtime
	# directory.
	if [ "$(get ProtectSystem)" = strict ] || is_true DynamicUser; then
		echo "for m in / /run; do ! mountpoint -q \$m || mount -o remount,bind,ro \$m; done"
	fi
	echo "exec env -u LIBXDP_BPFFS LD_LIBRARY_PATH=$PUB $SAN_ENV \\"
	echo "	prlimit --memlock=$(lock_limit):$(lock_limit) \\"
	echo "	setpriv --reuid=$USR --regid=$USR --clear-groups $NNP \\"
	echo "	--bounding-set=-all,$(sp_caps $BOUND) --inh-caps=-all,$sp \\"
	echo "	--ambient-caps=-all,$sp -- \\"
	[ -z "$SECCOMP" ] || echo "	/usr/bin/python3 $PUB/sandbox.py $SCUNIT -- \\"
	echo "	$PUB/$PROG $ARGS"
}

# service LOG NOTE CAPS...: start it in namespace A (BG_PID).
service() {
	local log=$1 note=$2
	shift 2
	sandbox "$note" "$@" >"$log.sh"
	bg "$log" in_a bash "$log.sh"
}

service "$WORK/echo.log" all $CAPS
pid=$BG_PID
check "$PROG starts as the unit runs it ($PROG $ARGS)" \
	wait_up "$pid" "$WORK/echo.log" "echoing on" 10 ||
	diag "$(tr '\n' ' ' <"$WORK/echo.log")"
st=/proc/$pid/status
want=$(mask $CAPS)
check "... as user $USR with the unit's capabilities, ambient, and no others (CapEff $want)${NNP:+, no_new_privs}${SECCOMP:+, its seccomp filters}" \
	bash -c "grep -q '^Uid:[[:space:]]*$USR[[:space:]]' $st &&
		 grep -q '^CapEff:[[:space:]]*$want$' $st &&
		 grep -q '^CapAmb:[[:space:]]*$want$' $st &&
		 grep -q '^CapBnd:[[:space:]]*$(mask $BOUND)$' $st &&
		 { [ -z '$NNP' ] || grep -q '^NoNewPrivs:[[:space:]]*1$' $st; } &&
		 { [ -z '$SECCOMP' ] || grep -q '^Seccomp:[[:space:]]*2$' $st; }"
grep -E '^(Uid|Cap|NoNewPrivs|Seccomp)' "$st" | tr '\n\t' '  ' | sed 's/^/# /'; echo
# One queue's UMEM: 4096 frames of 2048 bytes (afudp.h's defaults).
UMEM=$((4096 * 2048))
lim=$(lock_limit)
[ "$lim" = "$(bytes "$MEMLOCK")" ] ||
	diag "LimitMEMLOCK=$MEMLOCK is over the hard limit here, which this process can't raise: runs with $((lim >> 10)) KiB"
check "... with its locked-memory limit ($lim bytes), which holds the UMEM of the interface's queue ($UMEM)" \
	bash -c "[ '$(bytes "$MEMLOCK")' = unlimited ] || [ $(bytes "$MEMLOCK") -ge $UMEM ] &&
		 grep -Eq '^Max locked memory +$lim +$lim ' /proc/$pid/limits"
N=5
check "a kernel client's datagrams are echoed (64 and 1472 bytes, $N each)" \
	in_b "$PEER" echo-client "$IP_A" "$PORT" -s 64,1472 -n $N
"$STAT" -p "$pid" >"$WORK/stat.txt" 2>&1
sed 's/^/# /' "$WORK/stat.txt"
n2=$((2 * N))
# Replies leave through the kernel socket only until the client's MAC is
# mirrored (no-neigh: the first, at times).
check "... on the fast path: afudp-stat shows the XDP backend, $n2 redirected and received, none through the kernel socket, $n2 sent" \
	bash -c "grep -q '^pid $pid $IF_A: xdp ' $WORK/stat.txt &&
		 grep -Eq 'xdp: redirected ($n2|[1-9][0-9]+) ' $WORK/stat.txt &&
		 grep -q 'socket 0.0.0.0:$PORT: rx $n2 pkts [0-9]* bytes (slow 0), tx $n2 pkts ' $WORK/stat.txt &&
		 grep -q 'tx slow: no-neigh [0-9]* local 0 mtu 0 other 0;' $WORK/stat.txt"
stop "$pid"
rc=$?
check "SIGTERM (systemd's stop): exits 0, echoed $n2" \
	bash -c "[ $rc = 0 ] && grep -q 'echoed $n2,' $WORK/echo.log" ||
	diag "exit status $rc: $(tail -5 "$WORK/echo.log" | tr '\n' ' ')"
check "... and leaves no XDP program" no_afudp_left

# Each capability the unit grants is needed.
for c in $CAPS; do
	service "$WORK/no-$c.log" all $(echo " $CAPS " | sed "s/ $c / /")
	wait_up "$BG_PID" "$WORK/no-$c.log" "echoing on" 10
	stop "$BG_PID" >/dev/null
	rc=$?
	check "without $c: refused, naming it" \
		bash -c "[ $rc != 0 ] && ! grep -q 'echoing on' $WORK/no-$c.log &&
			 grep -q '^afudp: .*lacks.*$c' $WORK/no-$c.log"
done

# So is the runtime directory: /run/afudp as root leaves it (mode 0755).
service "$WORK/no-rundir.log" no-rundir $CAPS
wait_up "$BG_PID" "$WORK/no-rundir.log" "echoing on" 10
stop "$BG_PID" >/dev/null
rc=$?
check "without its RuntimeDirectory (/run/afudp not its own): refused, naming /run/afudp" \
	bash -c "[ -n '$RUNDIR' ] && [ $rc != 0 ] &&
		 grep -Eq '^afudp: .*/run/afudp.*(denied|Read-only)' $WORK/no-rundir.log"
grep '^afudp' "$WORK/no-rundir.log" | head -3 | sed 's/^/# /'

# The seccomp filters are in force: without bpf(2) in its system call
# filter, or AF_XDP in its address families, it is refused.
variant() {	# variant NAME KEY VALUE: the unit with KEY=VALUE instead
	sed "s/^$2=.*/$2=$3/" "$UNIT" >"$PUB/$1.service"
	chmod a+r "$PUB/$1.service"
	SCUNIT=$PUB/$1.service
}
variant nobpf SystemCallFilter @system-service
service "$WORK/nobpf.log" all $CAPS
wait_up "$BG_PID" "$WORK/nobpf.log" "echoing on" 10
stop "$BG_PID" >/dev/null
rc=$?
check "with SystemCallFilter=@system-service (no bpf): refused" \
	bash -c "[ -n '$SECCOMP' ] && [ $rc != 0 ] &&
		 grep -q 'cannot open an afudp stack' $WORK/nobpf.log"
variant noxdp RestrictAddressFamilies "AF_NETLINK AF_INET AF_UNIX"
service "$WORK/noxdp.log" all $CAPS
wait_up "$BG_PID" "$WORK/noxdp.log" "echoing on" 10
stop "$BG_PID" >/dev/null
rc=$?
check "with RestrictAddressFamilies= without AF_XDP: refused (address family not supported)" \
	bash -c "[ -n '$SECCOMP' ] && [ $rc != 0 ] &&
		 grep -q '^afudp: .*Address family not supported' $WORK/noxdp.log"
SCUNIT=$PUB/unit.service

# A memory limit below the UMEM (8 MiB per queue by default) is refused.
MEMLOCK=4M
service "$WORK/memlock.log" all $CAPS
wait_up "$BG_PID" "$WORK/memlock.log" "echoing on" 10
stop "$BG_PID" >/dev/null
rc=$?
check "with LimitMEMLOCK=4M instead: refused, naming RLIMIT_MEMLOCK" \
	bash -c "[ $rc != 0 ] && grep -q '^afudp: .*RLIMIT_MEMLOCK' $WORK/memlock.log"
check "nothing left on the interface" no_afudp_left
finish
