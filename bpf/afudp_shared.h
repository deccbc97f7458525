/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the XDP program and lib/ agree on: map layouts, counter indices and
 * the program version. Included by bpf/afudp.bpf.c and by lib/xdp; only
 * fixed-width kernel types, so it compiles on both sides.
 *
 * Bump AFUDP_PROG_VERSION whenever anything here changes meaning: a process
 * that finds a running afudp program of another version on its interface
 * refuses to share it rather than misread its maps.
 */
#ifndef AFUDP_BPF_SHARED_H
#define AFUDP_BPF_SHARED_H

#include <linux/types.h>

#define AFUDP_PROG_VERSION 8
#define AFUDP_PROG_NAME "afudp_xdp"	/* BPF object names: 15 chars max */
#define AFUDP_PORTS_MAP "afudp_ports"
#define AFUDP_XSKS_MAP "afudp_xsks"
#define AFUDP_ADDRS_MAP "afudp_addrs"
#define AFUDP_CNT_MAP "afudp_cnt"
#define AFUDP_CFG_MAP "afudp_cfg"
#define AFUDP_MCAST_MAP "afudp_mcast"
#define AFUDP_VLANS_MAP "afudp_vlans"
#define AFUDP_PORTS6_MAP "afudp_ports6"
#define AFUDP_ADDRS6_MAP "afudp_addrs6"
#define AFUDP_PMTU_MAP "afudp_pmtu"
#define AFUDP_PMTU_SEQ_MAP "afudp_pmtu_seq"

/*
 * XSKMAP slots: a port takes @stride slots per RX queue of the interface
 * (one for a plain port; one per possible socket for a reuseport group).
 */
#define AFUDP_MAX_SLOTS 4096
#define AFUDP_MAX_PORTS 4096
#define AFUDP_MAX_ADDRS 64
#define AFUDP_MAX_MCAST 1024
#define AFUDP_MAX_VLANS 256
#define AFUDP_MAX_PMTU 1024

/*
 * VLANs (docs/ARCHITECTURE.md, "VLANs"): a stack opened on a VLAN
 * interface publishes its ports and addresses under the VLAN's ID, one on
 * the untagged interface under 0. A frame carrying one 802.1Q tag is
 * matched with the tag's VID, an untagged one with 0, so a port bound on
 * VLAN 100 never takes the same port untagged or on VLAN 200.
 */
#define AFUDP_VID_NONE 0

/*
 * ports map: key is the UDP port in network byte order and the VLAN it is
 * bound on (AFUDP_VID_NONE: untagged).
 *
 * Queue q's slots are base + q * stride + [0, nshards): a plain port has
 * stride = nshards = 1 (slot = base + q). A reuseport group
 * (AFUDP_SO_REUSEPORT) keeps its live sockets dense in the first nshards
 * slots of each queue, and a datagram goes to the one its 4-tuple hashes
 * to: slot = base + q * stride + hash % nshards. A socket leaving moves the
 * last one into its place before nshards drops (lib/xdp/xdp.c,
 * afudp_xdp_shard_leave()).
 */
struct afudp_port_key {
	__be16 port;
	__u16 vid;	/* host order; AFUDP_VID_NONE: untagged */
};

struct afudp_port_val {
	__u32 base;	/* first XSKMAP slot of the port */
	__u32 nslots;	/* queues covered; queues >= nslots go to the kernel */
	__be32 addr;	/* bound address, 0 = any local address */
	__u32 max_len;	/* longer frames don't fit the socket's UMEM frames
			   (one, or a chain of them: XDP_USE_SG) */
	__u32 stride;	/* slots per queue */
	__u32 nshards;	/* live sockets: the first nshards slots of a queue */
	__u32 pid;	/* the registering process: is the entry stale? */
};

/*
 * addrs map: the interface's IPv4 addresses (network order), each under
 * the VLAN of the interface that has it (AFUDP_VID_NONE: the device's
 * own) → 1. A datagram for another host's address, or for an address of
 * another VLAN's interface, is never diverted.
 */
struct afudp_addr_key {
	__be32 addr;
	__u16 vid;
	__u16 pad;	/* zero: hashed with the rest */
};

/*
 * vlans map: a VLAN ID (host order) an afudp stack serves → the MAC of
 * its interface (a tagged unicast frame for another goes by). A frame
 * tagged with a VID not in the map goes to the kernel untouched, counted
 * PASS_VLAN. Entries stay until the program goes: one left by a closed
 * stack only sends its VLAN's frames on to the ports lookup, which
 * passes them.
 */
struct afudp_vlan_val {
	__u8 mac[6];
	__u16 pad;
};

/*
 * ports6 map: the IPv6 twin of the ports map, same key (the UDP port,
 * network order, and the VLAN), so that an IPv4 and an IPv6 socket may
 * hold one port each, as the kernel lets them (IPV6_V6ONLY). @p means
 * what it means there, p.addr excepted (0, unused): the bound address is
 * @addr, all zero (::) for any local IPv6 address. A dual-stack socket
 * bound to :: has an entry in each map, each with its own slots holding
 * the same XSKs (an XSK may sit in several XSKMAP slots).
 */
struct afudp_port6_val {
	struct afudp_port_val p;
	__be32 addr[4];		/* bound IPv6 address, :: = any local one */
};

/*
 * addrs6 map: the interface's IPv6 addresses (link-local ones included:
 * the kernel delivers to them too), each under the VLAN of the interface
 * that has it, as in the addrs map → 1. A datagram for another host's
 * address (or another VLAN's interface's) is never diverted, nor one
 * from our own.
 */
struct afudp_addr6 {
	__be32 a[4];
};

struct afudp_addr6_key {
	struct afudp_addr6 addr;
	__u16 vid;
	__u16 pad;	/* zero: hashed with the rest */
};

/*
 * mcast map: a joined (group, port), or (group, source, port) for a
 * source-specific join (source 0: any source), all in network order.
 * The program looks up the datagram's (group, source, port), then
 * (group, 0, port); a hit goes to slot base + queue, a process's "group
 * XSK" on that queue, from which the library copies it to each member
 * socket (lib/mcast.c). A miss goes to the kernel, counted mcast as
 * before any join. nslots 0 marks a (group, port) that sockets of more
 * than one process joined: the kernel delivers it to each of them.
 */
struct afudp_mc_key {
	__be32 group;
	__be32 source;
	__be16 port;
	__u16 pad;	/* zero: hashed with the rest */
};

struct afudp_mc_val {
	__u32 base;	/* first XSKMAP slot of the process's group XSKs */
	__u32 nslots;	/* queues covered; 0: the kernel's (see above) */
	__u32 max_len;	/* longer frames don't fit the UMEM frames */
	__u32 pid;	/* the registering process: is the entry stale? */
};

/*
 * Path MTU (docs/ARCHITECTURE.md, "Path MTU"): an ICMP "fragmentation
 * needed" (IPv4) or "Packet Too Big" (IPv6) sent to one of the interface's
 * addresses about a UDP datagram from a port an afudp socket holds is
 * passed to the kernel, as every ICMP message is, and its news written
 * here first: the pmtu map (LRU) keyed by the quoted datagram's
 * destination (IPv4 as ::ffff:a.b.c.d) and VLAN, the MTU it reports and
 * when as the value (entries stay: every process sharing the program
 * reads them, and a second read changes nothing); then the one __u64 of the pmtu_seq map (mmapable) goes up,
 * which the library reads with a plain load on its send path to learn
 * that there is news (lib/route: afudp_rt_gen()).
 */
struct afudp_pmtu_key {
	struct afudp_addr6 addr;
	__u32 vid;
};

struct afudp_pmtu_val {
	__u32 mtu;	/* as the message said: the library clamps it */
	__u32 pad;
	__u64 ns;	/* when (bpf_ktime_get_ns(): CLOCK_MONOTONIC) */
};

/* cfg map, one entry: what the program knows of its interface. */
struct afudp_cfg {
	__u8 mac[6];	/* the interface's MAC; unicast to another goes by */
	__u8 flags;	/* AFUDP_CFG_* */
	__u8 pad;
};

/*
 * cfg flags. RX_TS: the program was loaded bound to its device (its
 * metadata kfuncs are the driver's) and writes a struct afudp_rx_meta
 * before every frame it sends to an XSK.
 */
#define AFUDP_CFG_RX_TS 0x01
/*
 * FRAGS: loaded with BPF_F_XDP_HAS_FRAGS (multi-buffer frames reach it;
 * a port's max_len then covers a chain of frames, lib/socket.c).
 */
#define AFUDP_CFG_FRAGS 0x02

/*
 * The frame's XDP metadata (bpf_xdp_adjust_meta()), right before the
 * packet in the UMEM frame, AF_XDP copying it in copy mode too: the
 * device's receive timestamp (bpf_xdp_metadata_rx_timestamp(), in the
 * device's clock, ns), 0 when the device gave none for this frame.
 * @magic, next to the packet, says the block was written for this frame:
 * the library clears it once read, so a frame reused without one is never
 * misread (lib/rxts.h).
 */
struct afudp_rx_meta {
	__u64 rx_ts;
	__u32 pad;
	__u32 magic;
};
#define AFUDP_RX_META_MAGIC 0xaf7d75e5u

/* Per-CPU counters of the program's verdicts (afudp_cnt map index). */
enum afudp_xdp_cnt {
	AFUDP_XDP_REDIRECTED = 0, /* handed to an XSK */
	AFUDP_XDP_PASS_NOT_IPV4,  /* neither IPv4 nor IPv6 (ARP...), tagged
				     or not */
	AFUDP_XDP_PASS_TRUNC,	  /* too short for the headers it claims */
	AFUDP_XDP_PASS_BAD_IP,	  /* version/IHL/total/payload length bad */
	AFUDP_XDP_PASS_FRAGMENT,  /* IP fragment: the kernel reassembles */
	AFUDP_XDP_PASS_NOT_UDP,	  /* TCP, ICMP, ... */
	AFUDP_XDP_PASS_NOT_LOCAL, /* unicast to an address not ours/bound */
	AFUDP_XDP_PASS_MCAST,	  /* multicast or broadcast destination
				     (IPv6: every multicast one, for now) */
	AFUDP_XDP_PASS_NO_PORT,	  /* no afudp socket on this port */
	AFUDP_XDP_PASS_NO_QUEUE,  /* port bound, but no XSK on this queue */
	AFUDP_XDP_PASS_TOO_BIG,	  /* frame larger than the port's max_len */
	AFUDP_XDP_PASS_OTHER_MAC, /* unicast to another station's MAC */
	AFUDP_XDP_PASS_MARTIAN,	  /* source 0/8, 127/8, multicast, broadcast
				     or this interface's own address; IPv6:
				     ::, ::1, multicast, IPv4-mapped, own */
	AFUDP_XDP_PASS_IP_OPTIONS, /* IHL > 5: the kernel handles options */
	AFUDP_XDP_SPREAD,	  /* not a verdict: of REDIRECTED, by hash */
	AFUDP_XDP_MC_REDIRECTED,  /* not a verdict: of REDIRECTED, multicast
				     for a joined group (mcast map) */
	/* Append only: afudp-stat of another build reads these by index. */
	AFUDP_XDP_PASS_VLAN,	  /* tagged for a VLAN no afudp stack serves,
				     802.1ad, two tags, or tagged multicast */
	AFUDP_XDP_VLAN_REDIRECTED, /* not a verdict: of REDIRECTED, tagged */
	AFUDP_XDP_PASS_IP6_EXT,	  /* IPv6 extension header (fragment apart:
				     FRAGMENT): the kernel must judge it */
	AFUDP_XDP_REDIRECTED6,	  /* not a verdict: of REDIRECTED, IPv6 */
	AFUDP_XDP_PMTU,		  /* not a verdict: of NOT_UDP, an ICMP path
				     MTU message for an afudp port, noted */
	AFUDP_XDP_CNT_NR,
};

#endif /* AFUDP_BPF_SHARED_H */
