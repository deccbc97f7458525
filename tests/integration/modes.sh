#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Modes and fallbacks, each visible to the user: skb (generic) XDP mode,
# zero-copy asked for where the driver can't (a clear refusal), a bad mode
# name, the kernel backend (works, attaches nothing), and a foreign XDP
# program on the interface (afudp refuses, names it, leaves it alone).
. "$(dirname "$0")/lib.sh"
require_root

plan 14
bed modes || { echo "Bail out! cannot build the veth bed"; exit 1; }
PORT=16000

echo_with() {	# echo_with LOG ENV...: afudp-echo in A with the environment
	local log="$1"; shift
	bg "$log" in_a env "$@" "$APPS/afudp-echo" -i "$IF_A" -p $PORT -v
	ECHO_PID=$BG_PID
	wait_for "$log" "echoing on" 10
}

check "skb mode: afudp-echo starts" echo_with "$WORK/skb.log" AFUDP_XDP_MODE=skb
check "... and says it runs in skb mode" grep -q "xdp mode skb" "$WORK/skb.log"
check "... and echoes" in_b "$PEER" echo-client "$IP_A" $PORT -n 2
stop "$ECHO_PID"
check "... through the XDP program" grep -Eq "redirected [1-9]" "$WORK/skb.log"

# Refusals come at once: a program that serves instead is stopped in 20 s
# (exit status 124), and the check fails.
FG_LIMIT=20 in_a env AFUDP_COPY_MODE=zerocopy "$APPS/afudp-echo" -i "$IF_A" -p $PORT \
	>"$WORK/zc.log" 2>&1
rc=$?
check "zero-copy on veth: refused (exit $rc) with a message naming it" \
	bash -c "[ $rc != 0 ] && grep -qi 'zero-copy' $WORK/zc.log"
FG_LIMIT=20 in_a env AFUDP_XDP_MODE=turbo "$APPS/afudp-echo" -i "$IF_A" -p $PORT \
	>"$WORK/bad.log" 2>&1
rc=$?
check "a bad AFUDP_XDP_MODE is refused (exit $rc)" \
	bash -c "[ $rc != 0 ] && grep -q 'AFUDP_XDP_MODE=turbo' $WORK/bad.log"
check "nothing left behind by the refusals" no_afudp_left

bg "$WORK/kernel.log" in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT --kernel -v
ECHO_PID=$BG_PID
wait_for "$WORK/kernel.log" "echoing on" 10
check "kernel backend: echoes" in_b "$PEER" echo-client "$IP_A" $PORT -n 2
check "... with no XDP program attached" no_afudp_left
stop "$ECHO_PID"

# A foreign program, attached without the libxdp dispatcher.
cat >"$WORK/foreign.c" <<'EOC'
#include <linux/bpf.h>
__attribute__((section("xdp"), used)) int foreign_pass(struct xdp_md *c)
{
	return XDP_PASS;
}
char _license[] __attribute__((section("license"), used)) = "GPL";
EOC
# Compiled as the build compiles bpf/ (BPF_CFLAGS: the multiarch include
# dir; without it a machine with no /usr/include/asm can't compile it).
check "a foreign XDP program compiles (clang -target bpf \$BPF_CFLAGS)" \
	bpf_cc "$WORK/foreign.c" "$WORK/foreign.o"
attached=$?
if [ "$attached" = 0 ]; then
	check "... and attaches, without the libxdp dispatcher" \
		in_a ip link set dev "$IF_A" xdp obj "$WORK/foreign.o" sec xdp
	attached=$?
else
	not_ok "... and attaches, without the libxdp dispatcher (not compiled)"
fi
if [ "$attached" = 0 ]; then
	FG_LIMIT=20 in_a "$APPS/afudp-echo" -i "$IF_A" -p $PORT \
		>"$WORK/foreign.log" 2>&1
	rc=$?
	check "a foreign XDP program: afudp refuses (exit $rc) and names it" \
		bash -c "[ $rc != 0 ] && grep -q 'foreign_pass' $WORK/foreign.log"
	check "... and leaves it attached" \
		bash -c "ip -n $NS_A link show $IF_A | grep -q xdp"
else
	not_ok "a foreign XDP program: afudp refuses and names it (no foreign program attached)"
	not_ok "... and leaves it attached (no foreign program attached)"
fi
in_a ip link set dev "$IF_A" xdp off
check "... and the interface serves once it is gone" \
	limit 60 bash -c "ip netns exec $NS_A $APPS/afudp-echo -i $IF_A -p $PORT >$WORK/after.log 2>&1 & p=\$!;
		 for i in \$(seq 50); do grep -q 'echoing on' $WORK/after.log && break; sleep 0.1; done;
		 ip netns exec $NS_B $PEER echo-client $IP_A $PORT -n 1; r=\$?; kill \$p; wait \$p; exit \$r"
finish
