// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * afudp's XDP program: the demultiplexer (docs/ARCHITECTURE.md, Decisions,
 * 1; "A datagram's way in").
 *
 * An IPv4, unfragmented UDP datagram without IP options, sent to this
 * interface's MAC and one of its unicast addresses from a plausible source,
 * whose destination port an afudp socket has registered in afudp_ports goes
 * to that socket's XSK for the receiving queue (slot = base + queue); for a
 * reuseport group, to the XSK of the group's socket its 4-tuple hashes to,
 * so that one flow stays on one socket (afudp_shared.h). A multicast
 * datagram for a group and port an afudp socket joined goes to the
 * process's group XSK (mcast(); the library copies it to each member). Every
 * other frame goes to the kernel, counted by reason. The program never drops:
 * what afudp cannot take, the kernel (and the kernel socket behind each afudp
 * socket) still gets, and the kernel's rules (martian sources, IP options,
 * frames for another host) apply to it.
 *
 * VLANs: a frame with one 802.1Q tag is matched as an untagged one is, 4
 * bytes further in, with its VLAN ID as part of every key (ports, local
 * addresses) and the MAC of the VLAN's interface (afudp_vlans); an
 * untagged frame with VID 0. A VID no stack serves, 802.1ad or a second
 * tag go to the kernel (PASS_VLAN). A tag the device took out of the frame
 * (rx-vlan-offload) only the device-bound build can read (the driver's
 * bpf_xdp_metadata_rx_vlan_tag()); the library loads that build for a VLAN
 * on such a device, or refuses it (lib/stack.c).
 *
 * IPv6 (ipv6()) follows the same rules with its own maps (afudp_ports6,
 * afudp_addrs6, keyed by VLAN as their IPv4 twins) and the same counters:
 * a UDP datagram right behind the fixed header, to a port an IPv6 (or
 * dual-stack) socket registered, for its bound address or one of the
 * interface's, from a plausible source, untagged or behind one tag as
 * IPv4 is. Any extension header (hop-by-hop, routing, fragment,
 * destination options...) goes to the kernel, which must judge it; so
 * does every IPv6 multicast datagram (no IPv6 joins yet; tagged: counted
 * PASS_VLAN, as tagged IPv4 multicast is).
 *
 * It loads with CAP_BPF alone (no CAP_PERFMON): no variable offsets on
 * packet pointers and no pointer subtraction, which the verifier refuses to
 * programs loaded without it.
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xdp/xdp_helpers.h>

#include "afudp_shared.h"

/*
 * Two builds of this file: the usual program, and (AFUDP_RX_TS_KFUNC) the
 * one loaded bound to the device when hardware receive timestamps are
 * asked for, which asks the driver for each frame's (the kernel refuses
 * the metadata kfuncs to programs not bound to a device, so the usual
 * program can't carry the call). A test build (AFUDP_TEST_RX_TS,
 * tests/integration/tstamp.sh) writes a known value in its place, as a
 * device that fills it would, unbound.
 */
#if defined(AFUDP_RX_TS_KFUNC) || defined(AFUDP_TEST_RX_TS)
#define AFUDP_RX_META 1
#endif
#ifdef AFUDP_RX_TS_KFUNC
extern int bpf_xdp_metadata_rx_timestamp(const struct xdp_md *ctx,
					 __u64 *timestamp) __ksym;
/* Linux 6.8: the tag a device took out of the frame (rx-vlan-offload). */
extern int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx,
					__be16 *vlan_proto,
					__u16 *vlan_tci) __ksym;
#endif

/* Read by the loader (through .rodata) to refuse a mismatched program. */
const volatile __u32 afudp_prog_version = AFUDP_PROG_VERSION;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFUDP_MAX_PORTS);
	__type(key, struct afudp_port_key);
	__type(value, struct afudp_port_val);
} afudp_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, AFUDP_MAX_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} afudp_xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFUDP_MAX_ADDRS);
	__type(key, struct afudp_addr_key);
	__type(value, __u32);
} afudp_addrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFUDP_MAX_VLANS);
	__type(key, __u32);
	__type(value, struct afudp_vlan_val);
} afudp_vlans SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFUDP_MAX_PORTS);
	__type(key, struct afudp_port_key);
	__type(value, struct afudp_port6_val);
} afudp_ports6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFUDP_MAX_ADDRS);
	__type(key, struct afudp_addr6_key);
	__type(value, __u32);
} afudp_addrs6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, AFUDP_MAX_MCAST);
	__type(key, struct afudp_mc_key);
	__type(value, struct afudp_mc_val);
} afudp_mcast SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct afudp_cfg);
} afudp_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, AFUDP_MAX_PMTU);
	__type(key, struct afudp_pmtu_key);
	__type(value, struct afudp_pmtu_val);
} afudp_pmtu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} afudp_pmtu_seq SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, AFUDP_XDP_CNT_NR);
	__type(key, __u32);
	__type(value, __u64);
} afudp_cnt SEC(".maps");

/* libxdp: run first among its programs, chain on to the next on PASS. */
struct {
	__uint(priority, 10);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(afudp_xdp);

static __always_inline int verdict(__u32 idx, int action)
{
	__u64 *c = bpf_map_lookup_elem(&afudp_cnt, &idx);

	if (c)
		*c += 1;	/* per-CPU: no atomics needed */
	return action;
}

/* The kernel drops these sources as martians (ip_route_input_slow()). */
static __always_inline bool martian_source(__be32 saddr)
{
	return (saddr & bpf_htonl(0xff000000)) == 0 ||
	       (saddr & bpf_htonl(0xff000000)) == bpf_htonl(0x7f000000) ||
	       (saddr & bpf_htonl(0xf0000000)) == bpf_htonl(0xe0000000) ||
	       saddr == 0xffffffff;
}

/*
 * A unicast frame for another station's MAC (the kernel's OTHERHOST):
 * @mac is the interface's (the device's, or the VLAN interface's).
 */
static __always_inline bool other_mac(const struct ethhdr *eth,
				      const __u8 *mac)
{
	int i;

#pragma unroll
	for (i = 0; i < 6; i++)
		if (eth->h_dest[i] != mac[i])
			return true;
	return false;
}

/* Is @addr an address of the interface of VLAN @vid (0: the device's)? */
static __always_inline bool local_addr(__be32 addr, __u16 vid)
{
	struct afudp_addr_key k = { .addr = addr, .vid = vid };

	return bpf_map_lookup_elem(&afudp_addrs, &k);
}

/*
 * For the XSK: the device's receive timestamp in the frame's metadata
 * (struct afudp_rx_meta) when the loader bound the program to the device
 * and said so (AFUDP_CFG_RX_TS). Written for every frame then, 0 where
 * the kfunc had nothing: a block written only when it has data would
 * leave what an earlier use of the frame wrote there. Last before the
 * redirect: adjusting the metadata invalidates the packet pointers.
 */
static __always_inline void rx_meta(struct xdp_md *ctx)
{
#ifdef AFUDP_RX_META
	__u32 zero = 0;
	struct afudp_cfg *cfg = bpf_map_lookup_elem(&afudp_cfg, &zero);
	struct afudp_rx_meta *m;
	__u64 ts = 0;
	void *data;

	if (!cfg || !(cfg->flags & AFUDP_CFG_RX_TS))
		return;
	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*m)))
		return;
	data = (void *)(long)ctx->data;
	m = (void *)(long)ctx->data_meta;
	if ((void *)(m + 1) > data)
		return;
#ifdef AFUDP_TEST_RX_TS
	ts = AFUDP_TEST_RX_TS;
#else
	if (bpf_xdp_metadata_rx_timestamp(ctx, &ts))
		ts = 0;
#endif
	m->rx_ts = ts;
	m->pad = 0;
	m->magic = AFUDP_RX_META_MAGIC;
#endif
}

/*
 * The 4-tuple's hash, the same for every datagram of a flow: multiplying
 * by odd constants carries each word's bits upwards, the last fold brings
 * the high half down to the low bits that the modulo keeps.
 */
static __always_inline __u32 flow_hash(const struct iphdr *ip,
				       const struct udphdr *udp)
{
	__u32 h = ip->saddr * 0x9e3779b1u;

	h = (h ^ ip->daddr) * 0x85ebca6bu;
	h = (h ^ (((__u32)udp->source << 16) | udp->dest)) * 0xc2b2ae35u;
	return h ^ (h >> 16);
}

/*
 * What both ways to an XSK refuse: a source the kernel would drop (our own
 * address too: the kernel has accept_local), a frame longer than the
 * XSKs take (@max_len: one UMEM frame, or a chain of them where the XSKs
 * are bound with XDP_USE_SG). bpf_xdp_get_buff_len() counts every buffer
 * of a multi-buffer frame (the loader makes the program frags-capable
 * where the kernel allows: lib/xdp/xdp.c); the headers read above are
 * in the first one. The counter to pass it with, or -1.
 */
static __always_inline int refused(struct xdp_md *ctx,
				   const struct iphdr *ip, __u32 max_len,
				   __u16 vid)
{
	if (martian_source(ip->saddr) || local_addr(ip->saddr, vid))
		return AFUDP_XDP_PASS_MARTIAN;
	if (bpf_xdp_get_buff_len(ctx) > max_len)
		return AFUDP_XDP_PASS_TOO_BIG;
	return -1;
}

/*
 * A multicast datagram for a group an afudp socket joined on its port:
 * to the process's group XSK for this queue. The frame must be for the
 * group's own MAC (01:00:5e and the group's low 23 bits), as the kernel's
 * multicast filter would have it; anything else goes to the kernel,
 * counted as multicast, as a group nobody joined through afudp does.
 */
static __always_inline int mcast(struct xdp_md *ctx, struct ethhdr *eth,
				 struct iphdr *ip, void *end)
{
	struct afudp_mc_key k = { .group = ip->daddr, .source = ip->saddr };
	__u32 g = bpf_ntohl(ip->daddr), slot;
	struct afudp_mc_val *v;
	struct udphdr *udp;
	int r;

	if ((ip->daddr & bpf_htonl(0xf0000000)) != bpf_htonl(0xe0000000) ||
	    ip->ihl != 5)
		return verdict(AFUDP_XDP_PASS_MCAST, XDP_PASS);
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > end)
		return verdict(AFUDP_XDP_PASS_TRUNC, XDP_PASS);
	if (eth->h_dest[0] != 0x01 || eth->h_dest[1] != 0x00 ||
	    eth->h_dest[2] != 0x5e || eth->h_dest[3] != ((g >> 16) & 0x7f) ||
	    eth->h_dest[4] != ((g >> 8) & 0xff) || eth->h_dest[5] != (g & 0xff))
		return verdict(AFUDP_XDP_PASS_MCAST, XDP_PASS);
	k.port = udp->dest;
	v = bpf_map_lookup_elem(&afudp_mcast, &k);
	if (!v) {
		k.source = 0;
		v = bpf_map_lookup_elem(&afudp_mcast, &k);
	}
	if (!v)
		return verdict(AFUDP_XDP_PASS_MCAST, XDP_PASS);
	r = refused(ctx, ip, v->max_len, AFUDP_VID_NONE);
	if (r >= 0)
		return verdict(r, XDP_PASS);
	if (ctx->rx_queue_index >= v->nslots)
		return verdict(AFUDP_XDP_PASS_NO_QUEUE, XDP_PASS);
	slot = v->base + ctx->rx_queue_index;
	if (!bpf_map_lookup_elem(&afudp_xsks, &slot))
		return verdict(AFUDP_XDP_PASS_NO_QUEUE, XDP_PASS);
	verdict(AFUDP_XDP_MC_REDIRECTED, 0);
	verdict(AFUDP_XDP_REDIRECTED, 0);
	rx_meta(ctx);
	return bpf_redirect_map(&afudp_xsks, slot, XDP_PASS);
}

/*
 * Path MTU news (afudp_shared.h): the quoted datagram's destination @dst
 * (an IPv4 one mapped) on VLAN @vid now takes at most @mtu bytes. The
 * kernel gets the message all the same (the caller passes it).
 */
static __always_inline void pmtu_note(const struct afudp_pmtu_key *k,
				      __u32 mtu)
{
	struct afudp_pmtu_val v = { .mtu = mtu, .ns = bpf_ktime_get_ns() };
	struct afudp_pmtu_val *old = bpf_map_lookup_elem(&afudp_pmtu, k);
	__u32 zero = 0;
	__u64 *seq;

	/*
	 * The kernel takes a path MTU only when it is smaller than the one
	 * it has: a larger one within the default 10 minutes a note lasts
	 * (net.ipv{4,6}.route.mtu_expires) changes nothing.
	 */
	if (old && old->mtu <= mtu && v.ns - old->ns < 600000000000ULL)
		return;
	if (bpf_map_update_elem(&afudp_pmtu, k, &v, BPF_ANY))
		return;
	seq = bpf_map_lookup_elem(&afudp_pmtu_seq, &zero);
	if (seq)
		__sync_fetch_and_add(seq, 1);
	verdict(AFUDP_XDP_PMTU, 0);
}

/*
 * An ICMP "fragmentation needed" at @ip (no options: the caller checked)
 * to one of our addresses, quoting a UDP datagram from a port an afudp
 * socket holds: noted (pmtu_note()). RFC 792/1191 layout: type 3 code 4,
 * the next-hop MTU in the low half of the second word, then the quoted IP
 * header (no options, or it is not ours) and the UDP ports.
 */
static __always_inline void icmp4_pmtu(const struct iphdr *ip, void *end,
				       __u16 vid)
{
	struct afudp_pmtu_key k = { .vid = vid };
	struct afudp_port_key pk = { .vid = vid };
	const __u8 *icmp = (const void *)(ip + 1);
	const struct iphdr *in = (const void *)(icmp + 8);
	const struct udphdr *udp = (const void *)(in + 1);

	if ((void *)(udp + 1) > end || icmp[0] != 3 || icmp[1] != 4 ||
	    in->ihl != 5 || in->protocol != IPPROTO_UDP ||
	    !local_addr(ip->daddr, vid) || in->saddr != ip->daddr)
		return;
	pk.port = udp->source;
	if (!bpf_map_lookup_elem(&afudp_ports, &pk))
		return;
	k.addr.a[2] = bpf_htonl(0xffff);
	k.addr.a[3] = in->daddr;
	pmtu_note(&k, bpf_ntohs(*(const __be16 *)(icmp + 6)));
}

/*
 * The IPv4 header at @ip (14 bytes in, or 18 behind a tag: a constant
 * offset on each path), on VLAN @vid (AFUDP_VID_NONE: untagged), for an
 * interface whose MAC is @mac.
 */
static __always_inline int ipv4(struct xdp_md *ctx, struct ethhdr *eth,
				struct iphdr *ip, void *end, __u16 vid,
				const __u8 *mac)
{
	struct afudp_port_key pk = { .vid = vid };
	struct afudp_port_val *pv;
	struct udphdr *udp;
	__u32 ihl, slot, n;
	int r;

	if ((void *)(ip + 1) > end)
		return verdict(AFUDP_XDP_PASS_TRUNC, XDP_PASS);
	ihl = ip->ihl * 4;
	if (ip->version != 4 || ihl < sizeof(*ip))
		return verdict(AFUDP_XDP_PASS_BAD_IP, XDP_PASS);
	/* Before the length check: a last fragment may carry < 8 bytes. */
	if (ip->frag_off & bpf_htons(0x3fff))
		return verdict(AFUDP_XDP_PASS_FRAGMENT, XDP_PASS);
	if (bpf_ntohs(ip->tot_len) < ihl + sizeof(*udp))
		return verdict(AFUDP_XDP_PASS_BAD_IP, XDP_PASS);
	if (ip->protocol != IPPROTO_UDP) {
		if (ip->protocol == IPPROTO_ICMP && ihl == sizeof(*ip))
			icmp4_pmtu(ip, end, vid);
		return verdict(AFUDP_XDP_PASS_NOT_UDP, XDP_PASS);
	}
	/*
	 * The multicast bit of the destination MAC covers broadcast too;
	 * only joined groups (mcast()) are taken from the kernel, and only
	 * untagged: memberships are not kept per VLAN.
	 */
	if ((eth->h_dest[0] & 1) ||
	    (ip->daddr & bpf_htonl(0xf0000000)) == bpf_htonl(0xe0000000) ||
	    ip->daddr == 0xffffffff) {
		if (vid != AFUDP_VID_NONE)
			return verdict(AFUDP_XDP_PASS_VLAN, XDP_PASS);
		return mcast(ctx, eth, ip, end);
	}
	/*
	 * The kernel validates options (and acts on source routes, router
	 * alerts...): its slow path delivers what it accepts. Being rare,
	 * they cost nothing there, and the UDP header sits at a fixed offset.
	 */
	if (ihl != sizeof(*ip))
		return verdict(AFUDP_XDP_PASS_IP_OPTIONS, XDP_PASS);

	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > end)
		return verdict(AFUDP_XDP_PASS_TRUNC, XDP_PASS);

	pk.port = udp->dest;
	pv = bpf_map_lookup_elem(&afudp_ports, &pk);
	if (!pv)
		return verdict(AFUDP_XDP_PASS_NO_PORT, XDP_PASS);
	if (pv->addr ? pv->addr != ip->daddr : !local_addr(ip->daddr, vid))
		return verdict(AFUDP_XDP_PASS_NOT_LOCAL, XDP_PASS);
	if (other_mac(eth, mac))
		return verdict(AFUDP_XDP_PASS_OTHER_MAC, XDP_PASS);
	r = refused(ctx, ip, pv->max_len, vid);
	if (r >= 0)
		return verdict(r, XDP_PASS);
	n = pv->nshards;
	if (ctx->rx_queue_index >= pv->nslots || !n)
		return verdict(AFUDP_XDP_PASS_NO_QUEUE, XDP_PASS);

	slot = pv->base + ctx->rx_queue_index * pv->stride;
	if (n > 1)
		slot += flow_hash(ip, udp) % n;
	/*
	 * An empty slot (socket not yet or no longer on this queue; a group's
	 * slot a leaving socket emptied while nshards still counted it)
	 * passes to the kernel, where the port's kernel socket (a socket of
	 * the kernel's SO_REUSEPORT group) receives the datagram.
	 */
	if (!bpf_map_lookup_elem(&afudp_xsks, &slot))
		return verdict(AFUDP_XDP_PASS_NO_QUEUE, XDP_PASS);
	if (n > 1)
		verdict(AFUDP_XDP_SPREAD, 0);
	if (vid != AFUDP_VID_NONE)
		verdict(AFUDP_XDP_VLAN_REDIRECTED, 0);
	verdict(AFUDP_XDP_REDIRECTED, 0);
	rx_meta(ctx);
	return bpf_redirect_map(&afudp_xsks, slot, XDP_PASS);
}

/* Next headers that are IPv6 extension headers (RFC 8200, IANA), as udp6.c. */
static __always_inline bool ip6_ext(__u8 nh)
{
	switch (nh) {
	case 0:		/* hop-by-hop options */
	case 43:	/* routing */
	case 50:	/* ESP */
	case 51:	/* AH */
	case 59:	/* no next header */
	case 60:	/* destination options */
	case 135:	/* mobility */
	case 139:	/* HIP */
	case 140:	/* shim6 */
		return true;
	}
	return false;
}

/*
 * IPv6 sources the kernel drops (ipv6_rcv(): multicast, loopback,
 * IPv4-mapped) or that no peer sends a datagram from (::).
 */
static __always_inline bool martian_source6(const struct afudp_addr6 *s)
{
	if ((s->a[0] & bpf_htonl(0xff000000)) == bpf_htonl(0xff000000))
		return true;
	if (s->a[0] | s->a[1])
		return false;
	if (s->a[2] == bpf_htonl(0xffff))
		return true;
	return !s->a[2] && (!s->a[3] || s->a[3] == bpf_htonl(1));
}

static __always_inline bool any6(const __be32 *a)
{
	return !(a[0] | a[1] | a[2] | a[3]);
}

static __always_inline bool eq6(const __be32 *a, const struct afudp_addr6 *b)
{
	return a[0] == b->a[0] && a[1] == b->a[1] && a[2] == b->a[2] &&
	       a[3] == b->a[3];
}

/* flow_hash() over IPv6 addresses: every word of both mixed in. */
static __always_inline __u32 flow_hash6(const struct afudp_addr6 *s,
					const struct afudp_addr6 *d,
					const struct udphdr *udp)
{
	__u32 h = 0;
	int i;

#pragma unroll
	for (i = 0; i < 4; i++) {
		h = (h ^ s->a[i]) * 0x9e3779b1u;
		h = (h ^ d->a[i]) * 0x85ebca6bu;
	}
	h = (h ^ (((__u32)udp->source << 16) | udp->dest)) * 0xc2b2ae35u;
	return h ^ (h >> 16);
}

/*
 * An ICMPv6 Packet Too Big (RFC 4443: type 2, the MTU in the second
 * word, then as much of the datagram as fits) right behind the fixed
 * header at @ip6, to one of our addresses, about a UDP datagram (no
 * extension header) from one of them and from a port an IPv6 socket
 * holds: noted (pmtu_note()).
 */
static __always_inline void icmp6_pmtu(const struct ipv6hdr *ip6, void *end,
				       __u16 vid)
{
	struct afudp_pmtu_key k = { .vid = vid };
	struct afudp_port_key pk = { .vid = vid };
	struct afudp_addr6_key a = { .vid = vid };
	const __u8 *icmp = (const void *)(ip6 + 1);
	const struct ipv6hdr *in = (const void *)(icmp + 8);
	const struct udphdr *udp = (const void *)(in + 1);

	if ((void *)(udp + 1) > end || icmp[0] != 2 || icmp[1] != 0 ||
	    in->nexthdr != IPPROTO_UDP)
		return;
	__builtin_memcpy(&a.addr, &ip6->daddr, sizeof(a.addr));
	if (!bpf_map_lookup_elem(&afudp_addrs6, &a) ||
	    !eq6(in->saddr.in6_u.u6_addr32, &a.addr))
		return;
	pk.port = udp->source;
	if (!bpf_map_lookup_elem(&afudp_ports6, &pk))
		return;
	__builtin_memcpy(&k.addr, &in->daddr, sizeof(k.addr));
	pmtu_note(&k, bpf_ntohl(*(const __be32 *)(icmp + 4)));
}

/*
 * An IPv6 frame, its fixed header at @ip6 (14 or 18 bytes in, as ipv4()'s),
 * on VLAN @vid for an interface whose MAC is @mac: the IPv4 path's checks
 * in the same order where they apply, an extension header where IPv4 has
 * options and fragments. The addresses are copied out of the packet once,
 * as map keys under @vid.
 */
static __always_inline int ipv6(struct xdp_md *ctx, struct ethhdr *eth,
				struct ipv6hdr *ip6, void *end, __u16 vid,
				const __u8 *mac)
{
	struct afudp_addr6_key src = { .vid = vid }, dst = { .vid = vid };
	struct afudp_port_key pk = { .vid = vid };
	struct afudp_port6_val *pv;
	struct udphdr *udp;
	__u32 slot, n;

	if ((void *)(ip6 + 1) > end)
		return verdict(AFUDP_XDP_PASS_TRUNC, XDP_PASS);
	if (ip6->version != 6)
		return verdict(AFUDP_XDP_PASS_BAD_IP, XDP_PASS);
	/* Before the length check: a last fragment may carry < 8 bytes. */
	if (ip6->nexthdr == 44)
		return verdict(AFUDP_XDP_PASS_FRAGMENT, XDP_PASS);
	if (ip6_ext(ip6->nexthdr))
		return verdict(AFUDP_XDP_PASS_IP6_EXT, XDP_PASS);
	if (ip6->nexthdr != IPPROTO_UDP) {
		if (ip6->nexthdr == 58)	/* ICMPv6 */
			icmp6_pmtu(ip6, end, vid);
		return verdict(AFUDP_XDP_PASS_NOT_UDP, XDP_PASS);
	}
	/* 0 too: a jumbogram's would come with a hop-by-hop header. */
	if (bpf_ntohs(ip6->payload_len) < sizeof(*udp))
		return verdict(AFUDP_XDP_PASS_BAD_IP, XDP_PASS);
	/* As ipv4(): tagged multicast is the kernel's, as a VLAN matter. */
	if ((eth->h_dest[0] & 1) || ip6->daddr.in6_u.u6_addr8[0] == 0xff)
		return verdict(vid != AFUDP_VID_NONE ? AFUDP_XDP_PASS_VLAN :
						       AFUDP_XDP_PASS_MCAST,
			       XDP_PASS);

	udp = (void *)(ip6 + 1);
	if ((void *)(udp + 1) > end)
		return verdict(AFUDP_XDP_PASS_TRUNC, XDP_PASS);

	pk.port = udp->dest;
	pv = bpf_map_lookup_elem(&afudp_ports6, &pk);
	if (!pv)
		return verdict(AFUDP_XDP_PASS_NO_PORT, XDP_PASS);
	__builtin_memcpy(&dst.addr, &ip6->daddr, sizeof(dst.addr));
	if (any6(pv->addr) ? !bpf_map_lookup_elem(&afudp_addrs6, &dst) :
			     !eq6(pv->addr, &dst.addr))
		return verdict(AFUDP_XDP_PASS_NOT_LOCAL, XDP_PASS);
	if (other_mac(eth, mac))
		return verdict(AFUDP_XDP_PASS_OTHER_MAC, XDP_PASS);
	__builtin_memcpy(&src.addr, &ip6->saddr, sizeof(src.addr));
	if (martian_source6(&src.addr) ||
	    bpf_map_lookup_elem(&afudp_addrs6, &src))
		return verdict(AFUDP_XDP_PASS_MARTIAN, XDP_PASS);
	if (bpf_xdp_get_buff_len(ctx) > pv->p.max_len)
		return verdict(AFUDP_XDP_PASS_TOO_BIG, XDP_PASS);
	n = pv->p.nshards;
	if (ctx->rx_queue_index >= pv->p.nslots || !n)
		return verdict(AFUDP_XDP_PASS_NO_QUEUE, XDP_PASS);

	slot = pv->p.base + ctx->rx_queue_index * pv->p.stride;
	if (n > 1)
		slot += flow_hash6(&src.addr, &dst.addr, udp) % n;
	/* An empty slot: to the kernel, as for IPv4 (ipv4()). */
	if (!bpf_map_lookup_elem(&afudp_xsks, &slot))
		return verdict(AFUDP_XDP_PASS_NO_QUEUE, XDP_PASS);
	if (n > 1)
		verdict(AFUDP_XDP_SPREAD, 0);
	if (vid != AFUDP_VID_NONE)
		verdict(AFUDP_XDP_VLAN_REDIRECTED, 0);
	verdict(AFUDP_XDP_REDIRECTED6, 0);
	verdict(AFUDP_XDP_REDIRECTED, 0);
	rx_meta(ctx);
	return bpf_redirect_map(&afudp_xsks, slot, XDP_PASS);
}

/* The 802.1Q tag, as the kernel's struct vlan_hdr (not in uapi). */
struct vlan_tag {
	__be16 tci;
	__be16 proto;	/* the ethertype behind it */
};

/*
 * The IP header at @l3 (ethertype @proto, IPv4 or IPv6), behind the
 * Ethernet header or its tag: to the family's function.
 */
static __always_inline int ip(struct xdp_md *ctx, struct ethhdr *eth,
			      __be16 proto, void *l3, void *end, __u16 vid,
			      const __u8 *mac)
{
	if (proto == bpf_htons(ETH_P_IPV6))
		return ipv6(ctx, eth, l3, end, vid, mac);
	return ipv4(ctx, eth, l3, end, vid, mac);
}

SEC("xdp")
int afudp_xdp(struct xdp_md *ctx)
{
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct afudp_vlan_val *vv;
	struct afudp_cfg *cfg;
	struct vlan_tag *tag;
	__u32 zero = 0, vid;

	if ((void *)(eth + 1) > end)
		return verdict(AFUDP_XDP_PASS_TRUNC, XDP_PASS);
	if (eth->h_proto == bpf_htons(ETH_P_IP) ||
	    eth->h_proto == bpf_htons(ETH_P_IPV6)) {
#ifdef AFUDP_RX_TS_KFUNC
		__be16 vproto;
		__u16 tci;

		/* A tag the device took out: the frame is that VLAN's. */
		if (!bpf_xdp_metadata_rx_vlan_tag(ctx, &vproto, &tci)) {
			vid = tci & 0x0fff;
			vv = vid && vproto == bpf_htons(ETH_P_8021Q) ?
				     bpf_map_lookup_elem(&afudp_vlans, &vid) :
				     NULL;
			if (!vv)
				return verdict(AFUDP_XDP_PASS_VLAN, XDP_PASS);
			return ip(ctx, eth, eth->h_proto, eth + 1, end, vid,
				  vv->mac);
		}
#endif
		cfg = bpf_map_lookup_elem(&afudp_cfg, &zero);
		if (!cfg)
			return verdict(AFUDP_XDP_PASS_OTHER_MAC, XDP_PASS);
		return ip(ctx, eth, eth->h_proto, eth + 1, end,
			  AFUDP_VID_NONE, cfg->mac);
	}
	if (eth->h_proto == bpf_htons(ETH_P_8021AD))
		return verdict(AFUDP_XDP_PASS_VLAN, XDP_PASS);
	if (eth->h_proto != bpf_htons(ETH_P_8021Q))
		return verdict(AFUDP_XDP_PASS_NOT_IPV4, XDP_PASS);
	tag = (void *)(eth + 1);
	if ((void *)(tag + 1) > end)
		return verdict(AFUDP_XDP_PASS_TRUNC, XDP_PASS);
	if (tag->proto == bpf_htons(ETH_P_8021Q) ||
	    tag->proto == bpf_htons(ETH_P_8021AD))
		return verdict(AFUDP_XDP_PASS_VLAN, XDP_PASS);
	/* VID 0 is a priority tag, not a VLAN: the kernel's to judge. */
	vid = bpf_ntohs(tag->tci) & 0x0fff;
	vv = vid ? bpf_map_lookup_elem(&afudp_vlans, &vid) : NULL;
	if (!vv)
		return verdict(AFUDP_XDP_PASS_VLAN, XDP_PASS);
	if (tag->proto != bpf_htons(ETH_P_IP) &&
	    tag->proto != bpf_htons(ETH_P_IPV6))
		return verdict(AFUDP_XDP_PASS_NOT_IPV4, XDP_PASS);
	return ip(ctx, eth, tag->proto, tag + 1, end, vid, vv->mac);
}

char _license[] SEC("license") = "Dual BSD/GPL";
