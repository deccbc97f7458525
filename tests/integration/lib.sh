# SPDX-License-Identifier: BSD-2-Clause
# Shared by the integration tests: TAP output, a two-namespace veth bed
# (afudp side "A", kernel peer side "B"), and teardown of everything a test
# created, whatever way it ends.
#
# Traffic stays inside the namespaces made here: addresses are in
# 10.0.0.0/8, and nothing is routed out of them.

set -u

: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
# The build's sanitizer flags (configure --enable-sanitizers), empty if none:
# `make check` passes them, else they are read from the Makefile.
: "${SAN_CFLAGS=$(sed -n 's/^SAN_CFLAGS = //p' "$top_builddir/Makefile" 2>/dev/null)}"
# The build's clang and the flags it compiles bpf/ with (BPF_CFLAGS: the
# multiarch include dir that has <asm/types.h>), from `make check` or the
# Makefile: every BPF program a test compiles uses them (bpf_cc).
: "${BPF_CFLAGS=$(sed -n 's/^BPF_CFLAGS = //p' "$top_builddir/Makefile" 2>/dev/null)}"
: "${CLANG:=$(sed -n 's/^CLANG = //p' "$top_builddir/Makefile" 2>/dev/null)}"
: "${CLANG:=clang}"
APPS="$top_builddir/apps"
PEER="$top_builddir/tests/integration/peer"

T_N=0
T_FAILED=0
T_PIDS=""
T_NS=""
T_DIRS=""

plan()	{ echo "1..$1"; }
ok()	{ T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() {
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $*"
}
# check "description" command...: ok if the command succeeds.
# Returns the command's status (0 or 1), for steps that depend on it.
check() {
	local d="$1" rc=0 c
	shift
	c="$*"
	T_STEP="$d" T_CMD="running: ${c:0:160}"
	if "$@"; then ok "$d"; else not_ok "$d"; rc=1; fi
	T_LAST="$d" T_STEP="" T_CMD=""
	return $rc
}
diag()	{ echo "# $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }

# Integration tests need root, network namespaces, XDP; skip with the
# reason where they can't run (CI runs them as root and must not skip).
require_root() {
	[ "$(id -u)" = 0 ] || skip_all "needs root (network namespaces, XDP)"
	command -v ip >/dev/null || skip_all "needs iproute2 (ip)"
	command -v ethtool >/dev/null || skip_all "needs ethtool"
	ip netns add "afudp-probe-$$" 2>/dev/null ||
		skip_all "cannot create network namespaces here"
	ip netns del "afudp-probe-$$"
	[ -x "$PEER" ] || skip_all "tests/integration/peer not built"
}

# require_built PATH...: skip unless each program (relative to the build
# tree) is built.
require_built() {
	local f
	for f in "$@"; do
		[ -x "$top_builddir/$f" ] || skip_all "$f not built"
	done
}

# A sanitizer build: a report that a program left in its log in a work dir
# fails the test, whether or not the test looked at that program's exit
# status (ASan and LSan errors, UBSan's runtime errors).
SAN_REPORT='^==[0-9]+==ERROR: |^[^ ]+:[0-9]+(:[0-9]+)?: runtime error: '
san_reports() {
	local d f found=1
	[ -n "$SAN_CFLAGS" ] || return 1
	for d in $T_DIRS; do
		for f in $(grep -lsE "$SAN_REPORT" "$d"/*); do
			diag "sanitizer report in ${f##*/}:"
			grep -A20 -E "$SAN_REPORT" "$f" | head -40 | sed 's/^/# /'
			found=0
		done
	done
	return $found
}

# ---- Time limits: nothing a test starts can hang it ----------------------
# - The whole test: T_LIMIT seconds (set it before sourcing this file;
#   default 300, three times that in a sanitizer build). A watchdog then
#   prints `not ok` naming the step and what it was waiting for, and
#   `Bail out!`; it stops whatever the test had started (SIGTERM, SIGKILL
#   2 s later) so the test's cleanup runs and tears the namespaces down.
# - Programs run in the foreground (in_a, in_b, in_ns, limit): FG_LIMIT
#   seconds (default 300) each; a step that should end at once (a refusal)
#   sets a short one, `FG_LIMIT=20 in_a ...`, and fails in seconds with
#   exit status 124 if it doesn't.
# - Programs started in the background (bg): killed after BG_LIMIT seconds
#   (default: the test's limit and a minute), should the test be gone
#   without its cleanup; `stop` waits 20 s after SIGTERM, then kills.
: "${T_LIMIT:=300}"
T_SCALE=1
[ -z "$SAN_CFLAGS" ] || T_SCALE=3
T_STEP=""	# the check running now
T_LAST=""	# the last check done
T_CMD=""	# what the test waits for now
T_WATCHDOG=""
T_REAPERS=""
T_T0=$SECONDS

# t_descendants PID EXCEPT: the processes below PID, but not EXCEPT or the
# ones below it.
t_descendants() {
	ps -e -o pid=,ppid= | awk -v root="$1" -v except="$2" '
		{ par[$1] = $2 }
		END {
			for (p in par) {
				if (p == root || p == except)
					continue
				for (q = par[p]; q != root; q = par[q])
					if (q == except || !(q in par) || q <= 1)
						break
				if (q == root)
					print p
			}
		}'
}

# watchdog SECONDS: (re)arm the test's overall limit.
watchdog() {
	local lim=$(( $1 * T_SCALE )) main=$$
	[ -z "$T_WATCHDOG" ] || kill "$T_WATCHDOG" 2>/dev/null
	T_LIMIT_NOW=$lim
	(
		trap - EXIT INT
		exec </dev/null >/dev/null
		s=""
		trap '[ -z "$s" ] || kill "$s" 2>/dev/null; exit 0' TERM
		sleep "$lim" &
		s=$!
		wait "$s"
		# Fired: finish even if the test's cleanup asks to stop.
		trap '' TERM
		kill -0 "$main" 2>/dev/null || exit 0
		victims=$(t_descendants "$main" "$BASHPID")
		kill -USR1 "$main"
		[ -z "$victims" ] && exit 0
		echo "# watchdog: stopping $(echo $victims)" >&2
		kill -TERM $victims 2>/dev/null
		sleep 2
		kill -KILL $victims 2>/dev/null
		exit 0
	) &
	T_WATCHDOG=$!
}

# The watchdog fired: say which step ran out of time, and bail out (the
# EXIT trap tears down what the test built).
t_timed_out() {
	local where
	if [ -n "$T_STEP" ]; then
		where="in step '$T_STEP'"
	elif [ -n "$T_LAST" ]; then
		where="after step '$T_LAST'"
	else
		where="before the first step"
	fi
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - timed out: ${0##*/} ran over its limit of $T_LIMIT_NOW s $where${T_CMD:+, $T_CMD}"
	echo "Bail out! ${0##*/}: over its $T_LIMIT_NOW s limit $where${T_CMD:+, $T_CMD}"
	exit 1
}
trap t_timed_out USR1

# limit SECONDS cmd...: run the command, killed (exit status 124) if it
# runs longer; the time scales as T_LIMIT does.
limit() {
	local s=$(( $1 * T_SCALE )) rc c
	shift
	c="$*"
	T_CMD="running: ${c:0:160}"
	timeout --foreground -k 5 "$s" "$@"
	rc=$?
	[ "$rc" != 124 ] ||
		echo "# timed out after $s s, killed: ${c:0:160}" >&2
	return "$rc"
}

# t_reaper PID SECONDS LOG: kill PID after SECONDS unless it ended (and
# only that process: its start time tells a reused PID apart).
t_started() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
t_reaper() {
	local pid=$1 lim=$(( $2 * T_SCALE )) log=$3
	(
		trap - EXIT INT
		exec </dev/null >>"$log" 2>&1
		st=$(t_started "$pid")
		s=""
		trap '[ -z "$s" ] || kill "$s" 2>/dev/null; exit 0' TERM
		sleep "$lim" &
		s=$!
		wait "$s"
		if [ -n "$st" ] && [ "$(t_started "$pid")" = "$st" ]; then
			echo "afudp tests: killed after the limit of $lim s for a background program"
			kill -KILL "$pid"
		fi
		exit 0
	) &
	T_REAPERS="$T_REAPERS $!"
}

# no_foreign_leak_check: in a sanitizer build afudp-run loads the ASan
# runtime into every program it runs (afudp-run.in); programs that are not
# ours (sockperf, socat, Python, nsd, knotd) would fail on their own leaks
# at exit. Keeps the leak check off for them; ASan's other checks stay.
# OWN_ASAN_OPTIONS keeps what was set before, for our own programs.
no_foreign_leak_check() {
	OWN_ASAN_OPTIONS=${ASAN_OPTIONS:-}
	[ -n "$SAN_CFLAGS" ] || return 0
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
}

cleanup() {
	local p ns d san=0
	T_STEP="" T_CMD="cleaning up"
	for p in $T_PIDS; do kill -TERM "$p" 2>/dev/null; done
	sleep 0.2
	for p in $T_PIDS; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	for ns in $T_NS; do ip netns del "$ns" 2>/dev/null; done
	san_reports && san=1
	for d in $T_DIRS; do
		mountpoint -q "$d/bpffs" 2>/dev/null && umount "$d/bpffs"
		rm -rf "$d"
	done
	for p in $T_REAPERS $T_WATCHDOG; do kill -TERM "$p" 2>/dev/null; done
	echo "# ${0##*/}: $(( SECONDS - T_T0 )) s (limit ${T_LIMIT_NOW:-none} s)" >&2
	[ "$san" = 0 ] || exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM
watchdog "$T_LIMIT"

# bed NAME [rxqueues]: namespaces ${NAME}a / ${NAME}b joined by veth va/vb,
# 10.$SUB.1/24 on va (afudp side), 10.$SUB.2/24 on vb (kernel peer).
# Sets NS_A NS_B IF_A IF_B IP_A IP_B MAC_A WORK.
bed() {
	local name="$1" q="${2:-1}"
	local sub="$(( ($$ % 200) + 20 )).$(( RANDOM % 250 + 1 ))"
	NS_A="${name}a$$"; NS_B="${name}b$$"
	IF_A=va; IF_B=vb
	IP_A="10.$sub.1"; IP_B="10.$sub.2"
	ip netns add "$NS_A" && T_NS="$T_NS $NS_A" || return 1
	ip netns add "$NS_B" && T_NS="$T_NS $NS_B" || return 1
	ip link add "$IF_A" netns "$NS_A" numrxqueues "$q" numtxqueues "$q" \
		type veth peer name "$IF_B" netns "$NS_B" \
		numrxqueues "$q" numtxqueues "$q" || return 1
	ip -n "$NS_A" addr add "$IP_A/24" dev "$IF_A"
	ip -n "$NS_B" addr add "$IP_B/24" dev "$IF_B"
	ip -n "$NS_A" link set lo up
	ip -n "$NS_B" link set lo up
	ip -n "$NS_A" link set "$IF_A" up
	ip -n "$NS_B" link set "$IF_B" up
	# veth leaves kernel senders' UDP checksums partial: make the peer
	# behave like a wire (full checksums), as README.md's Troubleshooting says.
	ip netns exec "$NS_B" ethtool -K "$IF_B" tx-checksum-ip-generic off \
		>/dev/null
	ip netns exec "$NS_A" ethtool -K "$IF_A" tx-checksum-ip-generic off \
		>/dev/null
	MAC_A=$(ip -n "$NS_A" -br link show "$IF_A" | awk '{print $3}')
	WORK=$(mktemp -d /tmp/afudp-test.XXXXXX) && T_DIRS="$T_DIRS $WORK"
	# libxdp looks for a bpffs; `ip netns exec` hides /sys/fs/bpf.
	mkdir -p "$WORK/bpffs"
	mount -t bpf bpf "$WORK/bpffs" 2>/dev/null
	export LIBXDP_BPFFS="$WORK/bpffs"
	return 0
}

# in_a / in_b cmd...: run in namespace A / B, under FG_LIMIT.
in_a()	{ limit "${FG_LIMIT:-300}" ip netns exec "$NS_A" "$@"; }
in_b()	{ limit "${FG_LIMIT:-300}" ip netns exec "$NS_B" "$@"; }

# bpf_cc SRC OBJ: compile a test's BPF program the way the build compiles
# bpf/ (its clang, BPF_CFLAGS); on failure the compiler's messages become
# TAP diagnostics.
bpf_cc() {
	# shellcheck disable=SC2086
	if limit 120 "$CLANG" -O2 -Wall -target bpf $BPF_CFLAGS \
		-c "$1" -o "$2" >"$2.err" 2>&1; then
		return 0
	fi
	diag "$CLANG -O2 -Wall -target bpf $BPF_CFLAGS -c ${1##*/} failed:"
	sed 's/^/#   /' "$2.err"
	return 1
}

# bg LOGFILE [in_a|in_b] cmd...: start in the background (exec'd, so
# BG_PID is the program itself and signals reach it), remember it for
# cleanup.
bg() {
	local log="$1"; shift
	case "$1" in
	in_a) shift; set -- ip netns exec "$NS_A" "$@" ;;
	in_b) shift; set -- ip netns exec "$NS_B" "$@" ;;
	esac
	( trap - INT TERM; exec "$@" ) >"$log" 2>&1 &
	BG_PID=$!
	T_PIDS="$T_PIDS $BG_PID"
	t_reaper "$BG_PID" "${BG_LIMIT:-$(( T_LIMIT + 60 ))}" "$log"
}

# wait_for FILE PATTERN [seconds]: until the pattern shows up in the file.
# Notes the XDP program on $IF_A then, whoever it belongs to.
wait_for() {
	local i
	T_CMD="waiting for '$2' in ${1##*/}"
	for i in $(seq 1 $(( ${3:-10} * 10 ))); do
		if grep -q "$2" "$1" 2>/dev/null; then
			[ -n "${NS_A:-}" ] && note_prog
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# prog_tap LOG [NAME]: the "PASS what", "FAIL what: why" and "# note" lines
# of a side-by-side test program (cmsgprog.c, gsoprog.c) as TAP, NAME
# before each; PROG_SEEN: how many checks it printed.
prog_tap() {
	local pre="${2:+$2: }" word rest
	PROG_SEEN=0
	while read -r word rest; do
		case "$word" in
		PASS) ok "$pre$rest"; PROG_SEEN=$((PROG_SEEN + 1)) ;;
		FAIL) not_ok "$pre$rest"; PROG_SEEN=$((PROG_SEEN + 1)) ;;
		\#) diag "$pre$rest" ;;
		esac
	done <"$1"
}

# stop PID: SIGTERM and wait; returns its exit status. Still there 20 s
# later: SIGKILL (and a diagnostic).
stop() {
	local i
	T_CMD="waiting for process $1 to end after SIGTERM"
	kill -TERM "$1" 2>/dev/null
	for i in $(seq 200); do
		alive "$1" || break
		sleep 0.1
	done
	if alive "$1"; then
		diag "process $1 still there 20 s after SIGTERM: killed"
		kill -KILL "$1" 2>/dev/null
	fi
	wait "$1"
}

# note_prog: remember the XDP program on $IF_A and its maps, so that
# no_afudp_left can check exactly those are gone (other tests may run
# their own afudp programs at the same time, in other namespaces).
T_IDS=""
note_prog() {
	local prog maps m
	prog=$(ip -n "$NS_A" -d link show "$IF_A" |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -1)
	[ -n "$prog" ] || return 0
	case "$T_IDS " in *" prog:$prog "*) return 0 ;; esac
	maps=$(bpftool prog show id "$prog" 2>/dev/null |
		sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr ',' ' ')
	T_IDS="$T_IDS prog:$prog"
	for m in $maps; do T_IDS="$T_IDS map:$m"; done
}

# No XDP program on $IF_A, and none of the noted programs and maps left
# (the kernel frees a detached program's maps after an RCU grace period,
# so give it a moment).
no_afudp_left() {
	local i id left
	for i in $(seq 30); do
		left=""
		ip -n "$NS_A" link show "$IF_A" | grep -q "xdp" && left="xdp on $IF_A"
		for id in $T_IDS; do
			bpftool "${id%%:*}" show id "${id#*:}" >/dev/null 2>&1 &&
				left="$left $id"
		done
		if [ -z "$left" ]; then
			diag "gone:${T_IDS:- (none noted)}"
			return 0
		fi
		sleep 0.1
	done
	diag "left behind: $left"
	return 1
}

finish() {
	[ "$T_FAILED" = 0 ]
	exit $?
}

# --- Helpers for beds of more than two namespaces (route.sh) ---

# in_ns NS cmd...: run in namespace NS.
in_ns()	{ local ns="$1"; shift; limit "${FG_LIMIT:-300}" ip netns exec "$ns" "$@"; }

# wait_until SECONDS cmd...: run the command every 0.1 s until it succeeds;
# false if it still fails after SECONDS.
wait_until() {
	local end=$(( SECONDS + $1 )) c
	shift
	c="$*"
	T_CMD="waiting until: ${c:0:160}"
	until "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.1
	done
}

# snmp NS PROTO FIELD: a counter of /proc/net/snmp in namespace NS, e.g.
# `snmp $NS Udp OutDatagrams` (datagrams the kernel's UDP sockets sent).
snmp() {
	ip netns exec "$1" awk -v p="$2:" -v f="$3" '
		$1 == p && !c { for (i = 2; i <= NF; i++) if ($i == f) c = i; next }
		$1 == p && c { print $c; exit }' /proc/net/snmp
}

# no_tentative NS:IF...: no IPv6 address on these interfaces is still in
# duplicate address detection (a tentative address neither sends nor
# receives: traffic from or to it would be lost).
no_tentative() {
	local a
	for a in "$@"; do
		[ -z "$(ip -n "${a%%:*}" -6 addr show dev "${a#*:}" tentative)" ] ||
			return 1
	done
}

# if_stat NS IF COUNTER: an interface counter (rx_packets, tx_packets...).
if_stat() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

# alive PID: the process runs (an exited child not yet waited for is a
# zombie, which kill -0 still finds).
alive() {
	local s
	s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	[ "${s#Z}" = "$s" ]
}

# wait_up PID FILE PATTERN [seconds]: as wait_for, but gives up at once
# when process PID has ended (a refusal needs no timeout).
wait_up() {
	local i
	T_CMD="waiting for '$3' in ${2##*/} (process $1)"
	for i in $(seq 1 $(( ${4:-10} * 10 ))); do
		if grep -q "$3" "$2" 2>/dev/null; then
			[ -n "${NS_A:-}" ] && note_prog
			return 0
		fi
		alive "$1" || { grep -q "$3" "$2" 2>/dev/null; return; }
		sleep 0.1
	done
	return 1
}

# echo_counters LOG: afudp-echo -v's exit report into CNT[name]: the XDP
# verdicts (redirected, not-ipv4, ..., and redirected6 of them), the
# socket's rx drops (csum, malformed, ...), rx and rx-slow (-1: missing).
declare -A CNT
echo_counters() {
	local log="$1" words k v
	CNT=()
	words=$(sed -n 's/^xdp: redirected \([0-9]*\); passed: /redirected \1 /p' "$log")
	set -- $words
	while [ $# -ge 2 ]; do CNT[$1]=$2; shift 2; done
	CNT[redirected6]=$(sed -n 's/^xdp: of redirected: .* IPv6 \([0-9]*\)$/\1/p' "$log")
	words=$(sed -n 's/^socket: rx drops: \(.*\)$/\1/p' "$log")
	set -- $words
	while [ $# -ge 2 ]; do CNT[$1]=$2; shift 2; done
	read -r k v <<<"$(sed -En 's/^socket: rx ([0-9]+) pkts .*\(slow path ([0-9]+)\), tx.*/\1 \2/p' "$log")"
	CNT[rx]=${k:--1}
	CNT[rx-slow]=${v:--1}
}

# counters_check TITLE LOG DROP "EXACT..." "ATLEAST...": after
# echo_counters LOG, one TAP line: each EXACT counter equals WANT[name],
# each ATLEAST one is at least WANT[name] (counters the kernels' own
# traffic adds to), and of the socket's drops (csum, malformed, filtered,
# rpf) exactly DROP is 1, the others 0 (DROP "-": none).
counters_check() {
	local title="$1" log="$2" drop="$3" exact="$4" atleast="$5" f n why=""

	for f in $exact; do
		[ "${CNT[$f]:--1}" = "${WANT[$f]:-0}" ] ||
			why="$why $f ${CNT[$f]:-none}!=${WANT[$f]:-0}"
	done
	for f in $atleast; do
		[ "${CNT[$f]:--1}" -ge "${WANT[$f]:-0}" ] ||
			why="$why $f ${CNT[$f]:-none}<${WANT[$f]:-0}"
	done
	for f in csum malformed filtered rpf; do
		n=0; [ "$drop" = "$f" ] && n=1
		[ "${CNT[$f]:--1}" = $n ] || why="$why $f ${CNT[$f]:-none}!=$n"
	done
	if [ -z "$why" ]; then
		ok "$title"
	else
		not_ok "$title"
		diag "wrong:$why"
		diag "$(grep -E '^(xdp|socket: rx drops)' "$log" | tr '\n' ' ')"
	fi
}

# bed_ip6: IPv6 on the bed's veths (and loopbacks): fd00::1 on IF_A,
# fd00::2 on IF_B (no DAD), and each side's neighbour entry for the other
# permanent, so that what a test counts does not hang on how fast NDP and
# the route mirror are under load.
bed_ip6() {
	local ns ifc
	for ns in "$NS_A" "$NS_B"; do
		ifc=$IF_A; [ "$ns" = "$NS_B" ] && ifc=$IF_B
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
			net.ipv6.conf.default.disable_ipv6=0 \
			net.ipv6.conf.$ifc.disable_ipv6=0 \
			net.ipv6.conf.lo.disable_ipv6=0
	done
	ip -n "$NS_A" addr add fd00::1/64 dev "$IF_A" nodad
	ip -n "$NS_B" addr add fd00::2/64 dev "$IF_B" nodad
	ip -n "$NS_A" neigh replace fd00::2 dev "$IF_A" nud permanent \
		lladdr "$(ip -n "$NS_B" -br link show "$IF_B" | awk '{print $3}')"
	ip -n "$NS_B" neigh replace fd00::1 dev "$IF_B" nud permanent \
		lladdr "$MAC_A"
	wait_until 10 no_tentative "$NS_A:$IF_A" "$NS_B:$IF_B" ||
		diag "addresses still tentative after 10 s"
}

# echo6_up: IPv6 on the bed (bed_ip6) and afudp-echo on fd00::1 port
# $PORT in the background (log $WORK/echo6.log, pid in $pid), checked up.
echo6_up() {
	bed_ip6
	bg "$WORK/echo6.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT \
		-a fd00::1
	pid=$BG_PID
	check "afudp-echo -a fd00::1 runs" \
		wait_up "$pid" "$WORK/echo6.log" "echoing on" 10
}

# snmp6 NS FIELD: a counter of /proc/net/snmp6 in namespace NS, e.g.
# `snmp6 $NS Udp6OutDatagrams`.
snmp6() {
	ip netns exec "$1" awk -v f="$2" '$1 == f { print $2; exit }' \
		/proc/net/snmp6
}

# --- The routed beds (route.sh over IPv4, routed6.sh over IPv6) ---
#
# Four namespaces, two subnets (R1 also bridges each subnet's segment):
#
#       C                           R1                              S
#  vc   C_IP    --- r1c [brc R1_C]     [brs R1_S] r1s ---   S_IP   vs
#                      r1y                            r1x
#                       |                              |
#                  r2c R2_C ----------- R2 ----------- r2s R2_S
#
# route_bed FAMILY: builds it for FAMILY 4 (10.X.1.0/24, 10.X.2.0/24, IPv6
# off) or 6 (fd00:X:1::/64, fd00:X:2::/64; IPv4 unused, no DAD, no router
# advertisements), C and S routed by default through R1. The routers have
# static neighbour entries for C and S and so never ask for them: C and S
# learn a router's MAC only when they ask, which makes every neighbour
# miss on them deterministic. Sets NS_C NS_R1 NS_R2 NS_S, C_IP S_IP R1_C
# R1_S R2_C R2_S, MAC_C MAC_S, WORK, RT_FAMILY (for kout).
route_bed() {
	local ns l x
	RT_FAMILY=$1
	x=$(( $$ % 200 + 20 ))
	NS_C=rtc$$ NS_R1=rtra$$ NS_R2=rtrb$$ NS_S=rts$$
	if [ "$RT_FAMILY" = 6 ]; then
		x=$(printf %x "$x")
		C_IP=fd00:$x:1::2  R1_C=fd00:$x:1::1  R2_C=fd00:$x:1::3
		S_IP=fd00:$x:2::2  R1_S=fd00:$x:2::1  R2_S=fd00:$x:2::3
	else
		C_IP=10.$x.1.2  R1_C=10.$x.1.1  R2_C=10.$x.1.3
		S_IP=10.$x.2.2  R1_S=10.$x.2.1  R2_S=10.$x.2.3
	fi
	for ns in $NS_C $NS_R1 $NS_R2 $NS_S; do
		ip netns add "$ns" && T_NS="$T_NS $ns" || return 1
		if [ "$RT_FAMILY" = 6 ]; then
			# Before the links exist, so that they inherit it:
			# no DAD (a tentative address neither sends nor
			# receives), no autoconfiguration from anyone's RAs.
			in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
				net.ipv6.conf.default.disable_ipv6=0 \
				net.ipv6.conf.all.accept_dad=0 \
				net.ipv6.conf.default.accept_dad=0 \
				net.ipv6.conf.all.accept_ra=0 \
				net.ipv6.conf.default.accept_ra=0 || return 1
		else
			# So that the routers' interface counters count
			# only what is routed (and ARP).
			in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1 2>/dev/null
		fi
		ip -n "$ns" link set lo up || return 1
	done
	for ns in $NS_R1 $NS_R2; do
		if [ "$RT_FAMILY" = 6 ]; then
			in_ns $ns sysctl -qw net.ipv6.conf.all.forwarding=1
		else
			in_ns $ns sysctl -qw net.ipv4.ip_forward=1
		fi || return 1
	done
	ip link add vc netns $NS_C type veth peer name r1c netns $NS_R1 &&
	ip link add vs netns $NS_S type veth peer name r1s netns $NS_R1 &&
	ip link add r2c netns $NS_R2 type veth peer name r1y netns $NS_R1 &&
	ip link add r2s netns $NS_R2 type veth peer name r1x netns $NS_R1 || return 1
	# No multicast snooping: it would forward a solicitation only where
	# an MLD report asked for its group.
	ip -n $NS_R1 link add brc type bridge mcast_snooping 0 &&
	ip -n $NS_R1 link add brs type bridge mcast_snooping 0 || return 1
	for l in r1c r1y; do ip -n $NS_R1 link set $l master brc || return 1; done
	for l in r1s r1x; do ip -n $NS_R1 link set $l master brs || return 1; done
	l=24; [ "$RT_FAMILY" = 6 ] && l=64
	ip -n $NS_C addr add $C_IP/$l dev vc &&
	ip -n $NS_R1 addr add $R1_C/$l dev brc &&
	ip -n $NS_R1 addr add $R1_S/$l dev brs &&
	ip -n $NS_R2 addr add $R2_C/$l dev r2c &&
	ip -n $NS_R2 addr add $R2_S/$l dev r2s &&
	ip -n $NS_S addr add $S_IP/$l dev vs || return 1
	for l in r1c r1y r1s r1x brc brs; do ip -n $NS_R1 link set $l up; done
	ip -n $NS_R2 link set r2c up && ip -n $NS_R2 link set r2s up &&
	ip -n $NS_C link set vc up && ip -n $NS_S link set vs up || return 1
	# Kernel senders on veth leave UDP checksums partial, and afudp
	# drops bad ones: make every kernel-sending end behave like a wire.
	for l in vc:$NS_C vs:$NS_S r1c:$NS_R1 r1y:$NS_R1 r1s:$NS_R1 \
		 r1x:$NS_R1 r2c:$NS_R2 r2s:$NS_R2; do
		in_ns "${l#*:}" ethtool -K "${l%%:*}" tx-checksum-ip-generic \
			off >/dev/null || return 1
	done
	ip -n $NS_C route add default via $R1_C &&
	ip -n $NS_S route add default via $R1_S || return 1
	MAC_C=$(ip -n $NS_C -br link show vc | awk '{print $3}')
	MAC_S=$(ip -n $NS_S -br link show vs | awk '{print $3}')
	ip -n $NS_R1 neigh replace $C_IP lladdr "$MAC_C" dev brc nud permanent &&
	ip -n $NS_R1 neigh replace $S_IP lladdr "$MAC_S" dev brs nud permanent &&
	ip -n $NS_R2 neigh replace $C_IP lladdr "$MAC_C" dev r2c nud permanent &&
	ip -n $NS_R2 neigh replace $S_IP lladdr "$MAC_S" dev r2s nud permanent ||
		return 1
	WORK=$(mktemp -d /tmp/afudp-test.XXXXXX) && T_DIRS="$T_DIRS $WORK"
	# libxdp looks for a bpffs; `ip netns exec` hides /sys/fs/bpf.
	mkdir -p "$WORK/bpffs"
	mount -t bpf bpf "$WORK/bpffs" 2>/dev/null
	export LIBXDP_BPFFS="$WORK/bpffs"
	LOOP_ST="$WORK/loop.st"
}

# require_bridge: skip unless bridge devices can be made (route_bed's R1).
require_bridge() {
	local rc
	ip netns add "afudp-brprobe-$$" 2>/dev/null &&
		ip -n "afudp-brprobe-$$" link add br0 type bridge 2>/dev/null
	rc=$?
	ip netns del "afudp-brprobe-$$" 2>/dev/null
	[ "$rc" = 0 ] || skip_all "needs bridge devices (CONFIG_BRIDGE)"
}

# kout NS: the datagrams NS's kernel UDP sockets sent (of the bed's
# family). afudp's fast path never touches the kernel's UDP stack, its
# slow path is a kernel UDP socket: in afudp's namespace, with no other
# UDP sender there, this counts exactly the slow-path sends.
kout() {
	if [ "${RT_FAMILY:-4}" = 6 ]; then
		snmp6 "$1" Udp6OutDatagrams
	else
		snmp "$1" Udp OutDatagrams
	fi
}

# num FILE WORD [LINE]: the number after WORD in the first line of FILE
# that has it (and matches the regex LINE).
num() {
	grep -E "${3:-.}" "$1" | sed -nE "s/.*(^|[ (,])$2 ([0-9]+).*/\\2/p" | head -1
}
# txline FILE: "TX SLOW" from afudp's "socket: rx ..., tx N pkts ... (slow path M)".
txline() {
	sed -nE 's/^socket: rx .*, tx ([0-9]+) pkts [0-9]+ bytes \(slow path ([0-9]+)\).*/\1 \2/p' "$1"
}
rxline() {
	sed -nE 's/^socket: rx ([0-9]+) pkts [0-9]+ bytes \(slow path ([0-9]+)\).*/\1 \2/p' "$1"
}

# The running `peer echo-loop -f $LOOP_ST`: lst FIELD, its count (sent ok
# bad lost errors).
lst() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$LOOP_ST" 2>/dev/null; }
loop_ok() { lst ok; }
loop_clean() { [ "$(lst lost)" = 0 ] && [ "$(lst bad)" = 0 ] && [ "$(lst errors)" = 0 ]; }
ok_reaches() { [ "$(lst ok)" -ge "$1" ] 2>/dev/null; }
lost_above() { [ "$(lst lost)" -gt "$1" ] 2>/dev/null; }
oper_up() { [ "$(in_ns "$1" cat "/sys/class/net/$2/operstate")" = up ]; }
# slow_since NS BASE: NS's kernel sent a UDP datagram since BASE was read
# (kout): afudp took the slow path.
slow_since() { [ "$(kout "$1")" -gt "$2" ]; }
# fast_now NS PROGRESS: within 0.3 s the traffic made progress (PROGRESS
# prints a growing count) while NS's kernel sent no UDP datagram: afudp's
# fast path carries it.
fast_now() {
	local o p
	o=$(kout "$1"); p=$($2)
	sleep 0.3
	[ $(( $($2) - p )) -ge 20 ] && [ "$(kout "$1")" = "$o" ]
}

# one_fast: one echo from C to afudp-echo on S ($S_IP, $PORT), answered by
# the fast path.
one_fast() {
	local o
	o=$(kout $NS_S)
	in_ns $NS_C "$PEER" echo-client $S_IP $PORT -s 64 -n 1 -t 2000 \
		>/dev/null 2>&1 &&
		[ "$(kout $NS_S)" = "$o" ]
}

# counts: "KERNEL SLOW NONEIGH MTU OTHER" for afudp-echo ($ECHO_PID) on S
# now: S's kernel's UDP datagrams sent, and the live tx slow-path counters.
counts() {
	local f="$WORK/stat.txt"
	"$APPS/afudp-stat" -p "$ECHO_PID" >"$f" 2>&1
	echo "$(kout $NS_S)" \
	     "$(sed -nE 's/^ *socket .* tx [0-9]+ pkts [0-9]+ bytes \(slow ([0-9]+)\).*/\1/p' "$f" | head -1)" \
	     "$(num "$f" no-neigh 'tx slow')" "$(num "$f" mtu 'tx slow')" \
	     "$(num "$f" other 'tx slow')"
}
# mark, then since: the counts' increase since the mark, in dK (kernel's
# UDP sends) dS (afudp's slow path) dN (no-neigh) dM (mtu) dO (other).
mark() { read -r m_k m_s m_n m_m m_o <<<"$(counts)"; }
since() {
	local k s n m o
	read -r k s n m o <<<"$(counts)"
	dK=$(( k - m_k )) dS=$(( ${s:-0} - ${m_s:-0} ))
	dN=$(( ${n:-0} - ${m_n:-0} )) dM=$(( ${m:-0} - ${m_m:-0} ))
	dO=$(( ${o:-0} - ${m_o:-0} ))
	[ -n "$s" ] && [ -n "$m_s" ] || dS="?"
}

# --- Helpers for the preload's tests (preload.sh, preload6.sh) ---

# pl_require: root, and what they run (skipping the test without it):
# $RUN afudp-run, $PROG preloadprog, $STAT afudp-stat, socat, $PY python3.
pl_require() {
	require_root
	RUN="$top_builddir/preload/afudp-run"
	PROG="$top_builddir/tests/integration/preloadprog"
	STAT="$APPS/afudp-stat"
	[ -x "$RUN" ] || skip_all "preload/afudp-run not built"
	[ -x "$PROG" ] || skip_all "tests/integration/preloadprog not built"
	command -v socat >/dev/null || skip_all "needs socat"
	PY=/usr/bin/python3
	[ -x "$PY" ] || PY=$(command -v python3) || skip_all "needs python3"
}

# pl_served PID PORT: afudp-stat shows process PID's socket on PORT, bound
# to the wildcard address of either family (0.0.0.0 or [::]).
pl_served() {
	"$STAT" -p "$1" 2>/dev/null | grep -Eq "socket (0\.0\.0\.0|\[::\]):$2:"
}

# pl_stat_ok PID PORT MIN: the XDP program redirected at least MIN
# datagrams and PID's socket on PORT received at least MIN, mostly on the
# fast path.
pl_stat_ok() {
	local out rx slow red
	out=$("$STAT" -p "$1" 2>&1)
	red=$(echo "$out" | sed -n 's/.*xdp: redirected \([0-9]*\).*/\1/p')
	rx=$(echo "$out" | sed -nE "s/.*socket (0\.0\.0\.0|\[::\]):$2: rx ([0-9]+) pkts.*/\2/p")
	slow=$(echo "$out" | sed -nE "s/.*socket (0\.0\.0\.0|\[::\]):$2: rx [^(]*\(slow ([0-9]+)\).*/\2/p")
	diag "pid $1 port $2: redirected ${red:-?}, rx ${rx:-?} (slow ${slow:-?})"
	[ "${red:-0}" -ge "$3" ] && [ "${rx:-0}" -ge "$3" ] &&
		[ "${slow:-999999}" -lt $(( ${rx:-0} / 10 + 5 )) ]
}

# pl_start NAME PORT cmd...: run cmd under afudp-run in A, until afudp
# serves PORT in it. Sets SRV_PID.
pl_start() {
	local name="$1" port="$2"; shift 2
	bg "$WORK/$name.log" in_a "$RUN" -i "$IF_A" -v -- "$@"
	SRV_PID=$BG_PID
	wait_until 10 pl_served "$SRV_PID" "$port" && note_prog
}

# pl_socat_clients SENDTO CONNECTED: socat under afudp-run in A as a
# client of a kernel echo server, through socat's address SENDTO (e.g.
# UDP4-SENDTO:ip:port), its echo through afudp (the script's udp_in: A's
# kernel UDP stack saw none), then through CONNECTED (UDP4:ip:port).
# Three checks.
pl_socat_clients() {
	local k0 k1 out
	k0=$(udp_in)
	out=$(echo "hello from socat" | in_a "$RUN" -i "$IF_A" -v -- \
		socat -t 1 - "$1" 2>"$WORK/csocat.log")
	k1=$(udp_in)
	check "socat $1 under afudp-run gets the echo" \
		test "$out" = "hello from socat"
	check "... through afudp" \
		bash -c "grep -q 'afudp serves' $WORK/csocat.log && [ $((k1 - k0)) = 0 ]"
	out=$(echo "connected socat" | in_a "$RUN" -i "$IF_A" -- \
		socat -t 1 - "$2" 2>&1)
	check "socat $2 (connected) under afudp-run gets the echo" \
		test "$out" = "connected socat"
}

# pl_py_echo FILE: write a Python socketserver.UDPServer echo to FILE, run
# as `python3 FILE HOST PORT`: IPv6 when HOST has a colon (:: is
# dual-stack, as Python leaves IPV6_V6ONLY).
pl_py_echo() {
	cat >"$1" <<'PY'
import socket, socketserver, sys
class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(data, self.client_address)
class Server(socketserver.UDPServer):
    address_family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
with Server((sys.argv[1], int(sys.argv[2])), Echo) as srv:
    srv.serve_forever()
PY
}
