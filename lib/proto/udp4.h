/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ethernet/IPv4/UDP codec working in place on (buf, len).
 *
 * This layer knows nothing of UMEM, sockets or libxdp: it parses a received
 * frame into a description of its datagram and writes the three headers of an
 * outgoing one in front of a payload that is already where it must be. Every
 * length is checked against the buffer before it is read; nothing here
 * allocates. All addresses and ports are in network byte order.
 */
#ifndef AFUDP_PROTO_UDP4_H
#define AFUDP_PROTO_UDP4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>

/* Bytes of IPv4 (no options) + UDP headers: what an MTU must hold too. */
#define AFUDP_IP4_UDP_HDR_LEN (20 + 8)
/* Bytes of Ethernet + IPv4 (no options) + UDP headers in a built frame. */
#define AFUDP_HDR_LEN (14 + AFUDP_IP4_UDP_HDR_LEN)
/* Largest UDP payload: IPv4's tot_len is 16 bits (65535 - 20 - 8). */
#define AFUDP_UDP4_MAX_PAYLOAD (0xffff - AFUDP_IP4_UDP_HDR_LEN)
/* The TTL of what afudp sends, as the kernel's default (ip_default_ttl). */
#define AFUDP_IP4_DEFAULT_TTL 64

/*
 * Why a frame was not accepted: dense, AFUDP_PARSE_NR is their count (they
 * index afudp_parse_err_name()'s table). 0 is success. The socket layer
 * counts checksum failures apart (rx_drop_csum) from the rest
 * (rx_drop_malformed).
 */
enum afudp_parse_err {
	AFUDP_PARSE_OK = 0,
	AFUDP_PARSE_TRUNC_ETH,	 /* shorter than an Ethernet header */
	AFUDP_PARSE_NOT_IPV4,	 /* ethertype is not IPv4 (VLAN, ARP, IPv6) */
	AFUDP_PARSE_TRUNC_IP,	 /* shorter than the IPv4 header it claims */
	AFUDP_PARSE_BAD_IP,	 /* version != 4, IHL < 5, tot_len < IHL*4 */
	AFUDP_PARSE_IP_LEN,	 /* tot_len beyond the frame */
	AFUDP_PARSE_FRAGMENT,	 /* MF set or a fragment offset */
	AFUDP_PARSE_NOT_UDP,	 /* protocol != UDP */
	AFUDP_PARSE_TRUNC_UDP,	 /* IP payload shorter than a UDP header */
	AFUDP_PARSE_UDP_LEN,	 /* UDP len < 8 or beyond the IP payload */
	AFUDP_PARSE_IP_CSUM,	 /* IPv4 header checksum wrong */
	AFUDP_PARSE_UDP_CSUM,	 /* UDP checksum wrong (0 = none is accepted) */
	/*
	 * Only from the VLAN and IPv6 parsers (vlan.h, udp6.h), which also
	 * return the codes above where they mean the same thing (trunc_ip,
	 * ip_len, fragment, not_udp, trunc_udp, udp_len, udp_csum).
	 */
	AFUDP_PARSE_TRUNC_VLAN,	 /* 802.1Q TPID but no room for its tag */
	AFUDP_PARSE_VLAN_STACKED, /* 802.1ad (QinQ) outer tag, or two tags */
	AFUDP_PARSE_NOT_IPV6,	 /* ethertype is not IPv6 */
	AFUDP_PARSE_BAD_IP6,	 /* IPv6 version != 6 */
	AFUDP_PARSE_IP6_EXTHDR,	 /* an extension header other than fragment */
	AFUDP_PARSE_MARTIAN_SRC, /* IPv6 source ::, ::1, multicast, v4-mapped */
	AFUDP_PARSE_MARTIAN_DST, /* IPv6 destination ::, ::1, scope-0/1 mcast */
	AFUDP_PARSE_UDP_CSUM_ZERO, /* UDP checksum 0 over IPv6 (RFC 8200) */
	AFUDP_PARSE_NR,
};

/* Short, stable names for the reasons above ("trunc_eth", ...). */
const char *afudp_parse_err_name(enum afudp_parse_err err);

/* What a received frame carries; pointers point into the parsed buffer. */
struct afudp_udp4_info {
	const uint8_t *payload;	/* first payload byte */
	uint16_t payload_len;	/* UDP len - 8 (trailing bytes ignored) */
	uint8_t smac[6];
	uint8_t dmac[6];
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	uint8_t ttl;
	uint8_t tos;		/* the whole byte: DSCP and ECN */
};

/* Parse flags. */
#define AFUDP_PARSE_NO_IP_CSUM 0x1u  /* skip IPv4 header checksum check */
#define AFUDP_PARSE_NO_UDP_CSUM 0x2u /* skip UDP checksum check */

/*
 * afudp_udp4_parse() - parse an Ethernet/IPv4/UDP frame in place.
 * @frame: first byte of the Ethernet header
 * @len: bytes in the frame
 * @flags: AFUDP_PARSE_* flags
 * @info: filled on success
 *
 * IPv4 header options (IHL > 5) are accepted and skipped. Bytes after the IP
 * total length (Ethernet padding) and after the UDP length are ignored, as
 * the kernel does.
 *
 * Return: AFUDP_PARSE_OK, or the reason the frame is not a valid datagram.
 */
enum afudp_parse_err afudp_udp4_parse(const void *frame, size_t len,
				      unsigned int flags,
				      struct afudp_udp4_info *info);

/*
 * afudp_udp4_parse_head() - afudp_udp4_parse() for the first buffer of a
 * multi-buffer frame (an AF_XDP chain: XDP_USE_SG).
 * @frame: first byte of the Ethernet header, in the first buffer
 * @head_len: bytes in the first buffer, which must hold all the headers
 *            (shorter: AFUDP_PARSE_TRUNC_*, as a frame too short)
 * @len: bytes in the whole frame, every buffer
 * @flags: AFUDP_PARSE_* flags
 * @info: filled on success; info->payload_len is the whole payload's,
 *        of which the first head_len - (info->payload - frame) bytes (at
 *        most) are in the first buffer
 *
 * The lengths are checked against @len. The UDP checksum is NOT verified
 * (it covers the other buffers too): the caller sums them, with
 * afudp_udp4_csum_start() and afudp_csum_raw_at(). The IPv4 header
 * checksum is, unless AFUDP_PARSE_NO_IP_CSUM.
 */
enum afudp_parse_err afudp_udp4_parse_head(const void *frame, size_t head_len,
					   size_t len, unsigned int flags,
					   struct afudp_udp4_info *info);

/*
 * afudp_udp4_csum_start() - for a datagram parsed by
 * afudp_udp4_parse_head(): the partial sum of its pseudo-header and UDP
 * header, to go on with the payload's pieces (afudp_csum_raw_at(), their
 * offsets counted from the payload's first byte, which is even: 8 bytes
 * of header before it). Return: *@none true (and 0) when the datagram
 * carries no checksum (0), which is accepted, as by afudp_udp4_parse().
 */
uint32_t afudp_udp4_csum_start(const struct afudp_udp4_info *info,
			       bool *none);

/* What afudp_udp4_build() writes; addresses/ports in network byte order. */
struct afudp_udp4_hdr {
	uint8_t smac[6];
	uint8_t dmac[6];
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	uint8_t ttl;	/* 0 means 64 */
	uint8_t tos;
	__be16 id;	/* IPv4 identification */
};

#define AFUDP_BUILD_NO_UDP_CSUM 0x1u /* send UDP checksum 0 (RFC 768) */
#define AFUDP_BUILD_NO_DF 0x2u	     /* DF clear: a segment of a larger train */

/*
 * afudp_udp4_build() - write Ethernet, IPv4 and UDP headers for a payload.
 * @frame: where the Ethernet header goes; the payload must already be at
 *         frame + AFUDP_HDR_LEN, and @payload_len bytes of it are summed
 * @hdr: addresses, ports and IP fields
 * @payload_len: payload bytes; must be <= AFUDP_UDP4_MAX_PAYLOAD
 * @flags: AFUDP_BUILD_* flags
 *
 * Sets DF (unless AFUDP_BUILD_NO_DF), computes the IPv4 header checksum and (unless disabled) the UDP
 * checksum, sending a computed 0 as 0xffff.
 *
 * Return: total frame length (AFUDP_HDR_LEN + @payload_len), or 0 if
 * @payload_len is over AFUDP_UDP4_MAX_PAYLOAD (nothing is written then).
 */
size_t afudp_udp4_build(void *frame, const struct afudp_udp4_hdr *hdr,
			size_t payload_len, unsigned int flags);

/*
 * A header template: the headers of one flow (addresses, ports, MACs, TTL,
 * TOS, flags) built once, with the partial sums of what stays the same,
 * so each datagram only copies them and patches its length, IP ID and
 * checksums (afudp_udp4_tmpl_build()), giving the bytes
 * afudp_udp4_build() would.
 */
struct afudp_udp4_tmpl {
	uint8_t hdr[AFUDP_HDR_LEN];	/* lengths, ID, checksums zero */
	uint16_t flags;			/* AFUDP_BUILD_* */
	uint32_t ip_sum;		/* hdr's IPv4 header, folded sum */
	uint32_t udp_sum;		/* pseudo-header (no length) + ports */
};

/* afudp_udp4_tmpl_init() - the template for @hdr (its id unused), @flags. */
void afudp_udp4_tmpl_init(struct afudp_udp4_tmpl *t,
			  const struct afudp_udp4_hdr *hdr, unsigned int flags);

/*
 * afudp_tmpl_dport() - a header template's destination port, at @port,
 * set to @dport (network order), and its folded partial sum *@sum with
 * it: the old port's complement added, the new port added, folded again
 * (RFC 1624). afudp_udp4_tmpl_dport()'s and afudp_udp6_tmpl_dport()'s.
 */
static inline void afudp_tmpl_dport(uint8_t *port, uint32_t *sum,
				    __be16 dport)
{
	uint16_t old;
	uint32_t s;

	memcpy(&old, port, 2);
	if (old == dport)
		return;
	memcpy(port, &dport, 2);
	s = *sum + (uint16_t)~old + (uint32_t)dport;
	s = (s & 0xffffu) + (s >> 16);
	*sum = (s & 0xffffu) + (s >> 16);
}

/*
 * afudp_udp4_tmpl_dport() - template @t for destination port @dport
 * (network order): the port written into its UDP header and swapped in
 * its sum. One template then serves every port of a destination (a DNS
 * resolver asks from a random port each time).
 */
static inline void afudp_udp4_tmpl_dport(struct afudp_udp4_tmpl *t,
					 __be16 dport)
{
	/* The UDP header's destination port, 2 bytes into it. */
	afudp_tmpl_dport(t->hdr + AFUDP_HDR_LEN - 8 + 2, &t->udp_sum, dport);
}

/*
 * afudp_udp4_tmpl_build() - afudp_udp4_build() from a template: the
 * headers for @payload_len bytes already at @frame + AFUDP_HDR_LEN, IP
 * identification @id (network order). Return: the frame length, or 0 if
 * @payload_len exceeds AFUDP_UDP4_MAX_PAYLOAD (nothing written).
 */
size_t afudp_udp4_tmpl_build(void *frame, const struct afudp_udp4_tmpl *t,
			     __be16 id, size_t payload_len);

/*
 * afudp_udp4_tmpl_build_sum() - afudp_udp4_tmpl_build() for a payload that
 * is not all behind the headers (a multi-buffer frame: the first
 * buffer's part of it, then other buffers): @payload_sum is the partial
 * sum of the whole payload (afudp_csum_raw_at() over its pieces), which
 * is not read here.
 */
size_t afudp_udp4_tmpl_build_sum(void *frame, const struct afudp_udp4_tmpl *t,
				 __be16 id, size_t payload_len,
				 uint32_t payload_sum);


#endif /* AFUDP_PROTO_UDP4_H */
