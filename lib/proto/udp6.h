/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ethernet/IPv6/UDP codec working in place on (buf, len), the IPv6 twin of
 * udp4.h: same conventions (lengths checked before reads, no allocation,
 * addresses and ports in network byte order), same parse result codes.
 *
 * The fast path of AF_INET6 sockets (lib/ip6.c; docs/ARCHITECTURE.md,
 * "IPv6: sockets"). For frames with an 802.1Q tag, see vlan.h.
 */
#ifndef AFUDP_PROTO_UDP6_H
#define AFUDP_PROTO_UDP6_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/types.h>

#include "udp4.h"

/* Bytes of IPv6 (no extension header) + UDP headers. */
#define AFUDP_IP6_UDP_HDR_LEN (40 + 8)
/* Bytes of Ethernet + IPv6 + UDP headers in a built frame. */
#define AFUDP_HDR6_LEN (14 + AFUDP_IP6_UDP_HDR_LEN)
/* Largest UDP payload: the 16-bit payload length covers the UDP header. */
#define AFUDP_UDP6_MAX_PAYLOAD (0xffff - 8)
/* The hop limit of what afudp sends, as the kernel's default (hop_limit). */
#define AFUDP_IP6_DEFAULT_HOPS 64

/* What a received frame carries; pointers point into the parsed buffer. */
struct afudp_udp6_info {
	const uint8_t *payload;	/* first payload byte */
	uint16_t payload_len;	/* UDP len - 8 (trailing bytes ignored) */
	uint8_t smac[6];
	uint8_t dmac[6];
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	uint8_t hop_limit;
	uint8_t tclass;		/* DSCP and ECN */
	uint32_t flowlabel;	/* host byte order, 20 bits */
};

/*
 * afudp_udp6_parse() - parse an Ethernet/IPv6/UDP frame in place.
 * @frame: first byte of the Ethernet header
 * @len: bytes in the frame
 * @flags: AFUDP_PARSE_NO_UDP_CSUM skips the checksum sum (a zero checksum
 *         is refused all the same); AFUDP_PARSE_NO_IP_CSUM means nothing here
 * @info: filled on success
 *
 * Checks, in this order: trunc_eth, not_ipv6, trunc_ip (under 40 bytes),
 * bad_ip6 (version), ip_len (payload length beyond the frame; bytes after
 * it are Ethernet padding, ignored), martian_src (::, ::1, multicast,
 * IPv4-mapped: what the kernel drops or must judge; "our own address" needs
 * the address list, so the layer that has it checks that), martian_dst (::,
 * ::1, multicast of scope 0 or 1), fragment (next header 44), ip6_exthdr
 * (hop-by-hop, routing, destination options, AH, ESP, no next header,
 * mobility, HIP, shim6: the kernel must judge those), not_udp, trunc_udp,
 * udp_len (UDP length < 8 or beyond the payload length; bytes after it are
 * ignored, as the kernel does), udp_csum_zero (mandatory over IPv6: RFC 8200
 * section 8.1; the kernel drops it too), udp_csum.
 *
 * Return: AFUDP_PARSE_OK, or the reason the frame is not a valid datagram.
 */
enum afudp_parse_err afudp_udp6_parse(const void *frame, size_t len,
				      unsigned int flags,
				      struct afudp_udp6_info *info);

/* What afudp_udp6_build() writes; addresses/ports in network byte order. */
struct afudp_udp6_hdr {
	uint8_t smac[6];
	uint8_t dmac[6];
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	uint8_t hop_limit;	/* 0 means 64 */
	uint8_t tclass;
	uint32_t flowlabel;	/* host byte order; bits above 20 ignored */
};

/*
 * afudp_udp6_build() - write Ethernet, IPv6 and UDP headers for a payload.
 * @frame: where the Ethernet header goes; the payload must already be at
 *         frame + AFUDP_HDR6_LEN, and @payload_len bytes of it are summed
 * @hdr: addresses, ports and IP fields
 * @payload_len: payload bytes; must be <= AFUDP_UDP6_MAX_PAYLOAD
 *
 * Always computes the UDP checksum (mandatory over IPv6), a computed 0 sent
 * as 0xffff. To send tagged, build at frame + AFUDP_VLAN_HLEN and call
 * afudp_vlan_push(frame, tci) (vlan.h).
 *
 * Return: total frame length (AFUDP_HDR6_LEN + @payload_len), or 0 if
 * @payload_len is over AFUDP_UDP6_MAX_PAYLOAD (nothing is written then).
 */
size_t afudp_udp6_build(void *frame, const struct afudp_udp6_hdr *hdr,
			size_t payload_len);

/*
 * A header template, udp4.h's for IPv6: the headers of one flow (MACs,
 * addresses, ports, hop limit, traffic class, flow label) built once,
 * with the partial sum of what stays the same (the pseudo-header's
 * addresses and next header, the ports), so each datagram only copies
 * them and patches its lengths and checksum (afudp_udp6_tmpl_build()),
 * giving the bytes afudp_udp6_build() would.
 */
struct afudp_udp6_tmpl {
	uint8_t hdr[AFUDP_HDR6_LEN];	/* lengths and checksum zero */
	uint32_t udp_sum;		/* pseudo-header (no length) + ports */
};

/* afudp_udp6_tmpl_init() - the template for @hdr. */
void afudp_udp6_tmpl_init(struct afudp_udp6_tmpl *t,
			  const struct afudp_udp6_hdr *hdr);

/* afudp_udp4_tmpl_dport() for an IPv6 template. */
static inline void afudp_udp6_tmpl_dport(struct afudp_udp6_tmpl *t,
					 __be16 dport)
{
	afudp_tmpl_dport(t->hdr + AFUDP_HDR6_LEN - 8 + 2, &t->udp_sum, dport);
}

/*
 * afudp_udp6_tmpl_build() - afudp_udp6_build() from a template: the
 * headers for @payload_len bytes already at @frame + AFUDP_HDR6_LEN.
 * Return: the frame length, or 0 if @payload_len exceeds
 * AFUDP_UDP6_MAX_PAYLOAD (nothing written).
 */
size_t afudp_udp6_tmpl_build(void *frame, const struct afudp_udp6_tmpl *t,
			     size_t payload_len);

/*
 * afudp_udp6_tmpl_build_sum() - afudp_udp6_tmpl_build() for a payload
 * summed elsewhere (as it was copied: afudp_csum_copy()): @payload_sum is
 * its partial sum, and the payload is not read here.
 */
size_t afudp_udp6_tmpl_build_sum(void *frame, const struct afudp_udp6_tmpl *t,
				 size_t payload_len, uint32_t payload_sum);

/*
 * IPv4-mapped addresses (::ffff:a.b.c.d, RFC 4291 section 2.5.5.2), as an
 * AF_INET6 socket gives and takes IPv4 peers.
 * afudp_sin6_to_sin(): true if @in is one (then *@out is its IPv4 address
 * and port, AF_INET); false, *@out untouched, for any other address.
 * afudp_sin_to_sin6(): @addr and @port (network order) as a mapped
 * sockaddr_in6 (flow info and scope id 0).
 */
bool afudp_sin6_to_sin(const struct sockaddr_in6 *in, struct sockaddr_in *out);
void afudp_sin_to_sin6(__be32 addr, __be16 port, struct sockaddr_in6 *out);

#endif /* AFUDP_PROTO_UDP6_H */
