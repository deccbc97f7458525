#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# afudp-rpc end to end: the server in namespace A, clients in B. A verified
# workload (every GET checked against what the client PUT) passes for the
# four pairings of afudp (XDP) and kernel backends; malformed requests are
# answered BAD_REQUEST/TOO_BIG/BAD_VERSION or dropped, and counted, and
# leave the store intact; a duplicated PUT is applied once; on a lossy link
# retries keep every answer right; over IPv6 (-a ::, -d [fd00::1]:PORT)
# the same workload passes on the fast path; and --threads 2 shards the
# port over a 2-queue veth, over IPv4 and over IPv6.
. "$(dirname "$0")/lib.sh"
require_root
RPC="$APPS/afudp-rpc"
[ -x "$RPC" ] || skip_all "apps/afudp-rpc not built"
command -v bpftool >/dev/null || skip_all "needs bpftool"

plan 29
bed rpc || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=16100	# the afudp server
KPORT=16101	# the kernel-backend server

start_server() {	# start_server LOG ARGS...: in A, wait until ready
	local log="$1"; shift
	bg "$log" in_a "$RPC" server -i "$IF_A" "$@"
	SRV_PID=$BG_PID
	wait_for "$log" "serving on" 10
}

# The server's address for workload and call: [IPV6] (set below), or
# empty for IP_A.
DST=""

workload() {	# workload NAME PORT ARGS...: a verified run from B
	local name="$1" port="$2"; shift 2
	in_b "$RPC" client -i "$IF_B" -d "${DST:-$IP_A}:$port" --keys 500 \
		--value-size 300 --get-ratio 0.7 --window 16 "$@" \
		>"$WORK/$name.out" 2>"$WORK/$name.err"
	local rc=$?
	diag "$name: $(sed -n 2,3p "$WORK/$name.out" | tr '\n' ' ')"
	[ $rc = 0 ] && grep -q '^PASS' "$WORK/$name.out" &&
		grep -q ' mismatches 0 ' "$WORK/$name.out"
}

call() {	# call PORT ARGS...: one request from B (kernel backend)
	local port="$1"; shift
	in_b "$RPC" call -i "$IF_B" --kernel -d "${DST:-$IP_A}:$port" "$@" 2>/dev/null
}

stat_of() {	# stat_of PORT NAME: one of the server's STATS counters
	call "$1" stats | sed -n "s/^$2 //p"
}

hexs() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }

# msg OP ID KEY VALUE [VERSION [KEYLEN [VALLEN [MAGIC]]]]: a request in
# hex (rpc_proto.h), client id 0xc0ffee; lengths from KEY and VALUE unless
# given.
msg() {
	printf '%08x%02x%02x%04x%016x%08x%04x%04x%s%s' "${8:-0x41465250}" \
		"${5:-1}" "$1" 0 "$2" 0xc0ffee "${6:-${#3}}" "${7:-${#4}}" \
		"$(hexs "$3")" "$(hexs "$4")"
}

# send PORT HEX...: from one kernel socket in B; prints each reply's status
# (4 hex digits) or "none".
send() {
	local port="$1"; shift
	in_b "$PEER" udp-send "$IP_A" "$port" "$@" |
		while read -r r; do
			if [ "$r" = none ]; then echo none; else echo "${r:12:4}"; fi
		done | tr '\n' ' '
}

# ---- the afudp server, clients of both kinds ------------------------------
check "afudp server starts on $IF_A" start_server "$WORK/srv.log" -p $PORT -v
diag "$(grep -m1 backend "$WORK/srv.log")"
check "afudp server, kernel client: verified workload" \
	workload k2x $PORT --kernel --count 4000
check "afudp server, afudp client: verified workload" \
	workload x2x $PORT --count 4000
diag "$(grep -m1 backend "$WORK/x2x.err")"

call $PORT put alpha one >/dev/null
call $PORT put beta two >/dev/null
got=$(call $PORT get alpha)
check "call: PUT then GET returns the value" test "$got" = $'OK\none'
keys_before=$(stat_of $PORT keys)

# ---- malformed requests ---------------------------------------------------
GOOD=$(msg 1 7 alpha "")
BIG=$(head -c 1500 /dev/zero | tr '\0' v)
got=$(send $PORT \
	68656c6c6f \
	"$(msg 1 1 alpha "" 1 5 0 0x41465251)" \
	"${GOOD:0:40}" \
	"$(msg 129 2 alpha "")" \
	"$(msg 1 3 alpha "" 2)" \
	"$(msg 1 4 abc "" 1 10)" \
	"$(msg 1 5 abc "")7879" \
	"$(msg 1 6 "$(head -c 100 /dev/zero | tr '\0' k)" "")" \
	"$(msg 2 8 big "$BIG")" \
	"$(msg 9 9 alpha "")" \
	"$(msg 1 10 "" "")" \
	"$(msg 1 11 alpha x)" \
	"$(msg 4 12 alpha "")")
want="none none none none 0004 0002 0002 0003 0003 0002 0002 0002 0002 "
diag "malformed: got    $got"
diag "malformed: wanted $want"
check "malformed requests: dropped, or BAD_VERSION/BAD_REQUEST/TOO_BIG" \
	test "$got" = "$want"
check "... the server still runs" kill -0 "$SRV_PID"
got="$(call $PORT get alpha) $(call $PORT get beta) $(stat_of $PORT keys)"
check "... and its store is intact" \
	test "$got" = $'OK\none OK\ntwo '"$keys_before"
counts="$(stat_of $PORT dropped) $(stat_of $PORT bad_version) $(stat_of $PORT bad_request) $(stat_of $PORT too_big)"
check "... each counted (dropped 4, bad_version 1, bad_request 6, too_big 2: $counts)" \
	test "$counts" = "4 1 6 2"

# ---- a duplicated PUT -----------------------------------------------------
puts0=$(stat_of $PORT put); hits0=$(stat_of $PORT cache_hits)
got=$(send $PORT "$(msg 2 101 dup first)" "$(msg 2 102 dup second)" \
	"$(msg 2 101 dup first)")
check "PUT, PUT, the first PUT again (same ids): all OK ($got)" \
	test "$got" = "0000 0000 0000 "
check "... the duplicate was not applied: the value is the second" \
	test "$(call $PORT get dup)" = $'OK\nsecond'
puts1=$(stat_of $PORT put); hits1=$(stat_of $PORT cache_hits)
check "... 2 PUTs executed, 1 answered from the reply cache" \
	test $((puts1 - puts0)) = 2 -a $((hits1 - hits0)) = 1

# ---- loss and duplicates: retries, deduplicated by the reply cache -------
# A tc program on vb's egress drops 10% of B's IPv4 packets and sends
# another 10% twice (no netem needed).
cat >"$WORK/lossy.c" <<'EOC'
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
static __u32 (*prandom)(void) = (void *)BPF_FUNC_get_prandom_u32;
static long (*clone_redirect)(void *skb, __u32 ifindex, __u64 flags) =
	(void *)BPF_FUNC_clone_redirect;
__attribute__((section("tc"), used)) int lossy(struct __sk_buff *skb)
{
	__u32 r;

	/* 0x5eed marks the copy: it passes. */
	if (skb->protocol != __builtin_bswap16(0x0800) || skb->mark == 0x5eed)
		return TC_ACT_OK;
	r = prandom() % 100;
	if (r < 10)
		return TC_ACT_SHOT;
	if (r < 20) {
		skb->mark = 0x5eed;
		clone_redirect(skb, skb->ifindex, 0);
		skb->mark = 0;
	}
	return TC_ACT_OK;
}
char _license[] __attribute__((section("license"), used)) = "GPL";
EOC
hits0=$(stat_of $PORT cache_hits)
# Compiled as the build compiles bpf/ (its clang, BPF_CFLAGS).
check "the lossy tc program compiles (clang -target bpf \$BPF_CFLAGS)" \
	bpf_cc "$WORK/lossy.c" "$WORK/lossy.o"
attached=$?
if [ "$attached" = 0 ]; then
	check "... and attaches to vb's egress (tc clsact)" \
		bash -c "ip netns exec $NS_B tc qdisc add dev $IF_B clsact &&
			 ip netns exec $NS_B tc filter add dev $IF_B egress bpf da obj $WORK/lossy.o sec tc"
	attached=$?
else
	not_ok "... and attaches to vb's egress (not compiled)"
fi
if [ "$attached" = 0 ]; then
	workload lossy $PORT --kernel --count 3000 --timeout 50 --retries 10
	rc=$?
	in_b tc qdisc del dev "$IF_B" clsact
	retries=$(sed -n 's/.* retries \([0-9]*\) .*/\1/p' "$WORK/lossy.out")
	hits=$(( $(stat_of $PORT cache_hits) - hits0 ))
	check "10% loss, 10% duplicates: verified; $retries retries, $hits duplicates answered from the reply cache" \
		test $rc = 0 -a "${retries:-0}" -gt 0 -a "$hits" -gt 0
else
	not_ok "10% loss, 10% duplicates: verified (the lossy program is not attached)"
fi

# ---- the kernel-backend server, and throughput side by side --------------
bg "$WORK/ksrv.log" in_a "$RPC" server -i "$IF_A" --kernel -p $KPORT
KSRV_PID=$BG_PID
check "kernel-backend server starts" wait_for "$WORK/ksrv.log" "serving on" 10
check "kernel server, afudp client: verified workload" \
	workload x2k $KPORT --count 4000
check "kernel server, kernel client: verified workload" \
	workload k2k $KPORT --kernel --count 4000
for p in $PORT $KPORT; do
	workload "tput$p" $p --kernel --duration 2 --window 32 --value-size 64 \
		--get-ratio 0.9 >/dev/null
done
diag "same kernel client, 2 s each: afudp server $(sed -n 's/.*: \([0-9]*\) requests\/s.*/\1/p' "$WORK/tput$PORT.out")/s, kernel server $(sed -n 's/.*: \([0-9]*\) requests\/s.*/\1/p' "$WORK/tput$KPORT.out")/s"

stop "$SRV_PID"; rc=$?
stop "$KSRV_PID"; krc=$?
check "SIGTERM: both servers exit 0 ($rc, $krc) and print their counters" \
	bash -c "[ $rc = 0 -a $krc = 0 ] && grep -q '^afudp-rpc: served: get' $WORK/srv.log"

# ---- IPv6: the server on [::] (dual-stack), clients to [fd00::1] ----------
bed_ip6
PORT6=16102
check "afudp server starts on [::]:$PORT6" \
	start_server "$WORK/srv6.log" -p $PORT6 -a :: -v
diag "$(grep -m1 'serving on' "$WORK/srv6.log")"
DST="[fd00::1]"
check "IPv6: afudp server, kernel client: verified workload" \
	workload k2x6 $PORT6 --kernel --count 3000
check "IPv6: afudp server, afudp client (-d [fd00::1]:$PORT6): verified workload" \
	workload x2x6 $PORT6 --count 3000
call $PORT6 put six v6 >/dev/null
check "IPv6: call PUT then GET returns the value" \
	test "$(call $PORT6 get six)" = $'OK\nv6'
DST=""
check "... the same dual-stack server answers IPv4 too" \
	test "$(call $PORT6 get six)" = $'OK\nv6'
DST="[fd00::1]"
stop "$SRV_PID"; rc=$?
read -r rx rxs <<<"$(sed -nE 's/^socket: rx ([0-9]+) pkts [0-9]+ bytes \(slow path ([0-9]+)\).*/\1 \2/p' "$WORK/srv6.log")"
check "... exits 0; every request came through XDP (rx $rx, slow path $rxs)" \
	test "$rc" = 0 -a "${rx:-0}" -ge 6000 -a "${rxs:-x}" = 0
DST=""

check "nothing left behind on $IF_A" no_afudp_left

# ---- --threads 2 on a 2-queue veth -----------------------------------------
# clients4 NAME PORT: 4 verified kernel clients at once (their own keys);
# fails if any does.
clients4() {
	local i p pids="" rc=0
	for i in 1 2 3 4; do
		workload "$1$i" "$2" --kernel --count 2000 --keys 300 \
			--key-prefix "c$i-" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || rc=1; done
	return $rc
}
bed rpcq 2 || { echo "Bail out! cannot build the 2-queue bed"; exit 1; }
for mode in xdp kernel; do
	args=""; [ $mode = kernel ] && args=--kernel
	start_server "$WORK/srv2$mode.log" -p $PORT --threads 2 $args
	clients4 "t2$mode" $PORT; rc=$?
	stop "$SRV_PID"
	diag "$mode: $(grep '^socket: rx [0-9]' "$WORK/srv2$mode.log" |
		cut -d' ' -f2-4 | tr '\n' ' ')"
	check "$mode backend, --threads 2: 4 clients at once, all verified" \
		test $rc = 0
done
# The same over IPv6: two sharded sockets on [::], kernel clients to
# [fd00::1], each socket's share on the fast path.
bed_ip6
start_server "$WORK/srv26.log" -p $PORT6 -a :: --threads 2
DST="[fd00::1]"
clients4 t26 $PORT6; rc=$?
DST=""
stop "$SRV_PID"; src=$?
shares=$(sed -nE 's/^socket: rx ([0-9]+) pkts [0-9]+ bytes \(slow path ([0-9]+)\).*/\1:\2/p' "$WORK/srv26.log" | tr '\n' ' ')
sum=0; slow=0; n=0
for sh in $shares; do
	sum=$(( sum + ${sh%%:*} )) slow=$(( slow + ${sh#*:} )) n=$(( n + 1 ))
done
# Which shard a flow lands on is the client's queue's: both may not be used.
check "IPv6 on [::], --threads 2: 4 clients at once, all verified; $n shards, rx $sum (shares $shares), slow path $slow" \
	test "$rc" = 0 -a "$src" = 0 -a "$n" = 2 -a "$sum" -ge 8000 -a "$slow" = 0
check "nothing left behind on the 2-queue $IF_A" no_afudp_left
finish
