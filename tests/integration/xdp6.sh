#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The XDP program's IPv6 side, without the socket API (which speaks IPv4
# only so far): xdp6prog attaches the program through lib/xdp to one end
# of a veth pair in a namespace of its own (nothing but its own frames
# reaches it), publishes IPv6 and IPv4 ports and addresses through lib/xdp, and
# runs frames built by lib/proto through it with BPF_PROG_RUN, checking
# each verdict and counter (xdp6prog.c lists the cases). Then a stack
# opened on the device (afudp-echo) must have published the device's IPv6
# addresses, link-local included, in the program's afudp_addrs6 map, and
# follow an IPv6 address added or removed while it runs.
. "$(dirname "$0")/lib.sh"
require_root
require_built tests/integration/xdp6prog apps/afudp-echo
command -v bpftool >/dev/null || skip_all "needs bpftool"
PROG="$top_builddir/tests/integration/xdp6prog"
NCHECKS=59

plan $((NCHECKS + 1 + 1 + 4))
NS="x6$$"
DEV=d6
# A veth pair with both ends in the namespace (no dummy driver here): the
# far end has no address and no IPv6, so it sends nothing; IPv6 on $DEV
# comes on only for the last step, once xdp6prog is done.
ip netns add "$NS" && T_NS="$T_NS $NS" || { echo "Bail out! no namespace"; exit 1; }
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1 >/dev/null
ip -n "$NS" link add "$DEV" type veth peer name "${DEV}p" ||
	{ echo "Bail out! no veth pair"; exit 1; }
ip -n "$NS" link set lo up
ip -n "$NS" link set "${DEV}p" up
ip -n "$NS" link set "$DEV" up
WORK=$(mktemp -d /tmp/afudp-test.XXXXXX) && T_DIRS="$T_DIRS $WORK"
# libxdp looks for a bpffs; `ip netns exec` hides /sys/fs/bpf.
mkdir -p "$WORK/bpffs"
mount -t bpf bpf "$WORK/bpffs" 2>/dev/null
export LIBXDP_BPFFS="$WORK/bpffs"

in_ns "$NS" timeout 60 "$PROG" "$DEV" >"$WORK/prog.log" 2>&1
rc=$?
prog_tap "$WORK/prog.log"
grep -v '^PASS\|^FAIL\|^DONE\|^#' "$WORK/prog.log" | sed 's/^/# /'
check "xdp6prog ran its $NCHECKS checks to the end (rc $rc, $PROG_SEEN seen)" \
	bash -c "[ $PROG_SEEN = $NCHECKS ] && grep -q '^DONE' $WORK/prog.log"
check "the program is gone with its last user" \
	bash -c "! ip -n $NS link show $DEV | grep -q xdp"

# addrs6 ADDRESS: is it in the afudp_addrs6 map of the program on $DEV?
# 0 yes, 1 no, 2 no such program or map.
# (bpftool prints the keys through BTF, as host-order words.)
addrs6() {
	local prog map
	prog=$(ip -n "$NS" -d link show "$DEV" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p')
	[ -n "$prog" ] || { diag "no program on $DEV"; return 2; }
	for map in $(bpftool prog show id "$prog" | sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr , ' '); do
		bpftool map show id "$map" | grep -q 'name afudp_addrs6 ' || continue
		bpftool -j map dump id "$map" >"$WORK/addrs6.json"
		python3 - "$1" "$WORK/addrs6.json" <<'PY'
import json, socket, struct, sys
want = socket.inet_pton(socket.AF_INET6, sys.argv[1])
# The key is (address, VLAN): an untagged stack's under VLAN 0.
keys = [struct.pack("=4I", *e["formatted"]["key"]["addr"]["a"])
        for e in json.load(open(sys.argv[2]))
        if e["formatted"]["key"]["vid"] == 0]
print("# in the map: " + " ".join(socket.inet_ntop(socket.AF_INET6, k)
                                   for k in keys))
sys.exit(0 if want in keys else 1)
PY
		return
	done
	diag "no afudp_addrs6 map on program $prog"
	return 2
}
# gone6 ADDRESS: the map is there and ADDRESS is not in it.
gone6() { addrs6 "$1"; [ $? = 1 ]; }

ip netns exec "$NS" sysctl -qw net.ipv6.conf.$DEV.disable_ipv6=0 >/dev/null
ip -n "$NS" addr add 10.66.0.1/24 dev "$DEV"
ip -n "$NS" addr add fd00:afd::7/64 dev "$DEV" nodad
ip -n "$NS" addr add fe80::66:7/64 dev "$DEV" nodad
bg "$WORK/echo.log" ip netns exec "$NS" "$APPS/afudp-echo" -i "$DEV" -p 17600
pid=$BG_PID
if wait_for "$WORK/echo.log" "echoing on" 10; then
	check "a stack publishes the device's IPv6 address" \
		addrs6 fd00:afd::7
	check "... and its link-local one" \
		addrs6 fe80::66:7
	# An IPv6 address change alone, no IPv4 one, reaches the map too.
	ip -n "$NS" addr add fd00:afd::8/64 dev "$DEV" nodad
	check "an IPv6 address added while the stack runs is published" \
		wait_until 5 addrs6 fd00:afd::8
	ip -n "$NS" addr del fd00:afd::7/64 dev "$DEV"
	check "... and one removed is withdrawn" \
		wait_until 5 gone6 fd00:afd::7
else
	not_ok "afudp-echo started on $DEV"; sed 's/^/# /' "$WORK/echo.log"
	not_ok "... (no check of the link-local address)"
	not_ok "... (no check of an added address)"
	not_ok "... (no check of a removed address)"
fi
stop "$pid"
finish
