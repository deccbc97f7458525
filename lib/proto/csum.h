/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internet checksum (RFC 1071) as small composable steps: a raw partial sum
 * over bytes, a fold to 16 bits, the IPv4 and IPv6 pseudo-headers, and the
 * IPv4 header and UDP-over-IPv4/IPv6 checksums built from them, with a
 * verify for each.
 *
 * Byte order. The one's-complement sum does not care which byte of a 16-bit
 * word is the high one (RFC 1071, section 2(B)): summing words loaded in host
 * order yields the byte-swapped sum on a little-endian host, which, stored
 * back in host order, lays down exactly the right bytes. So every 16-bit value
 * here is "as stored in memory", i.e. network byte order: a checksum returned
 * for storing goes into the header with a plain assignment
 * (iph->check = afudp_ipv4_hdr_csum(...)), and ntohs() of it is the number an
 * RFC or a packet dump shows. Partial sums (uint32_t) are in the same order
 * and only mean something to the functions below.
 *
 * All functions read the buffer through memcpy(), so any alignment is fine.
 * They are pure and thread-safe.
 */
#ifndef AFUDP_PROTO_CSUM_H
#define AFUDP_PROTO_CSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/types.h>

struct in6_addr;

/* Offset of the UDP header's checksum field (RFC 768). */
#define AFUDP_UDP_CHECK_OFF 6

/*
 * afudp_csum_raw() - add @len bytes at @buf to the partial sum @sum.
 * @buf: bytes, any alignment
 * @len: byte count; an odd last byte is summed as if followed by a zero
 * @sum: partial sum to continue (0 to start)
 *
 * Pieces may be chained (sum = afudp_csum_raw(b, n, sum)) as long as every
 * piece but the last has an even length: the padding of an odd piece would
 * otherwise shift the word boundaries of the next one.
 *
 * Return: the new partial sum; fold it with afudp_csum_fold().
 */
uint32_t afudp_csum_raw(const void *buf, size_t len, uint32_t sum);

/*
 * afudp_csum_copy() - memcpy(@dst, @src, @len) and afudp_csum_raw(@src,
 * @len, @sum) in one pass over the data: a payload summed as it is copied
 * into its frame. The buffers must not overlap.
 *
 * Return: the new partial sum, as afudp_csum_raw().
 */
uint32_t afudp_csum_copy(void *dst, const void *src, size_t len, uint32_t sum);

/*
 * afudp_csum_raw_at() - afudp_csum_raw() for a piece of data split over
 * several buffers (a multi-buffer frame's fragments), any of odd length.
 * @buf: the piece
 * @len: its byte count
 * @sum: partial sum of the pieces before it
 * @off: how many bytes of the data came before this piece: at an odd
 *       offset its bytes sit in the other half of each 16-bit word, so its
 *       folded sum is byte-swapped before it is added
 *
 * Return: the new partial sum, as afudp_csum_raw().
 */
uint32_t afudp_csum_raw_at(const void *buf, size_t len, uint32_t sum,
			   size_t off);

/*
 * The steps below are inline: every datagram takes them both ways, and
 * each is a few instructions, fewer than a call costs.
 */

/* Fold a 64-bit one's-complement sum to 32 bits without losing carries. */
static inline uint32_t afudp_csum_fold64(uint64_t acc)
{
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

/*
 * afudp_csum_fold() - fold a partial sum to 16 bits, end-around carries
 * included. Not inverted: a checksum field holds ~afudp_csum_fold(sum).
 */
static inline uint16_t afudp_csum_fold(uint32_t sum)
{
	/* The first add can carry into bit 16; the second absorbs it. */
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * afudp_csum_pseudo4() - partial sum of the IPv4 pseudo-header.
 * @saddr: source address, network byte order
 * @daddr: destination address, network byte order
 * @proto: IP protocol number (17 for UDP)
 * @l4_len: length of the L4 header plus payload, host byte order
 *
 * Return: a partial sum to pass as @sum to afudp_csum_raw() over the L4 bytes.
 */
static inline uint32_t afudp_csum_pseudo4(__be32 saddr, __be32 daddr,
					  uint8_t proto, uint16_t l4_len)
{
	/*
	 * The addresses are already in memory order, and a 32-bit word sums
	 * like its two halves. The zero byte and protocol form one word,
	 * stored as 0x00, proto: htons() gives that word in memory order.
	 */
	return afudp_csum_fold64((uint64_t)saddr + daddr + htons(proto) +
				 htons(l4_len));
}

/*
 * afudp_ipv4_hdr_sum() - partial sum of an IPv4 header of @ihl_bytes.
 * Without options, on every datagram both ways: five 32-bit words, whose
 * sum cannot carry out of 64 bits.
 */
static inline uint32_t afudp_ipv4_hdr_sum(const void *iphdr, size_t ihl_bytes)
{
	uint32_t w[5];

	if (__builtin_expect(ihl_bytes != 20, 0))
		return afudp_csum_raw(iphdr, ihl_bytes, 0);
	memcpy(w, iphdr, sizeof(w));
	return afudp_csum_fold64((uint64_t)w[0] + w[1] + w[2] + w[3] + w[4]);
}

/*
 * afudp_ipv4_hdr_csum() - IPv4 header checksum, the value to store.
 * @iphdr: the IPv4 header, any alignment
 * @ihl_bytes: header length in bytes (IHL * 4, options included)
 *
 * The checksum field is summed as whatever it holds, so the caller zeroes it
 * before computing the value to put there.
 *
 * Return: the checksum in network byte order, ready to store in iph->check.
 */
uint16_t afudp_ipv4_hdr_csum(const void *iphdr, size_t ihl_bytes);

/*
 * afudp_ipv4_hdr_csum_ok() - verify an IPv4 header checksum: the sum over the
 * whole header, its checksum field included, must be all ones.
 */
static inline bool afudp_ipv4_hdr_csum_ok(const void *iphdr, size_t ihl_bytes)
{
	return afudp_csum_fold(afudp_ipv4_hdr_sum(iphdr, ihl_bytes)) == 0xffff;
}

/*
 * afudp_udp4_csum() - UDP-over-IPv4 checksum, the value to store.
 * @saddr: source address, network byte order
 * @daddr: destination address, network byte order
 * @udp: UDP header followed by the payload, any alignment
 * @udp_len: UDP length (header + payload), at most 65535
 *
 * The header's check field is summed as whatever it holds, so the caller
 * zeroes it first. A computed 0 is returned as 0xffff (RFC 768): 0 on the
 * wire means "no checksum", and 0xffff is the same value in one's complement.
 *
 * Return: the checksum in network byte order, ready to store in uh->check;
 * never 0.
 */
uint16_t afudp_udp4_csum(__be32 saddr, __be32 daddr, const void *udp,
			 size_t udp_len);

/*
 * afudp_udp4_csum_ok() - verify a received UDP-over-IPv4 checksum.
 * @udp_len: UDP length, at least 8 (the check field is read)
 *
 * Return: true when the check field is 0 (the sender computed no checksum)
 * or the sum over pseudo-header, header and payload is all ones.
 */
static inline bool afudp_udp4_csum_ok(__be32 saddr, __be32 daddr,
				      const void *udp, size_t udp_len)
{
	__sum16 check;
	uint32_t sum;

	/*
	 * The check field, bytes 6-7 (RFC 768). Not struct udphdr: this
	 * header goes into files that have glibc's <netinet/udp.h>, which
	 * <linux/udp.h> would clash with.
	 */
	memcpy(&check, (const uint8_t *)udp + AFUDP_UDP_CHECK_OFF,
	       sizeof(check));
	if (!check)
		return true;
	sum = afudp_csum_pseudo4(saddr, daddr, IPPROTO_UDP, (uint16_t)udp_len);
	return afudp_csum_fold(afudp_csum_raw(udp, udp_len, sum)) == 0xffff;
}

/*
 * afudp_csum_pseudo6() - partial sum of the IPv6 pseudo-header (RFC 8200,
 * section 8.1): both addresses, the 32-bit upper-layer length and the next
 * header value behind three zero bytes.
 * @l4_len: length of the L4 header plus payload, host byte order
 *
 * Return: a partial sum to pass as @sum to afudp_csum_raw() over the L4 bytes.
 */
uint32_t afudp_csum_pseudo6(const struct in6_addr *saddr,
			    const struct in6_addr *daddr, uint8_t proto,
			    uint32_t l4_len);

/*
 * afudp_udp6_csum() - UDP-over-IPv6 checksum, the value to store.
 * @udp: UDP header followed by the payload, any alignment, check field zeroed
 * @udp_len: UDP length (header + payload), at most 65535
 *
 * Mandatory over IPv6 (RFC 8200, section 8.1): a computed 0 is returned as
 * 0xffff, as over IPv4.
 *
 * Return: the checksum in network byte order, ready to store; never 0.
 */
uint16_t afudp_udp6_csum(const struct in6_addr *saddr,
			 const struct in6_addr *daddr, const void *udp,
			 size_t udp_len);

/*
 * afudp_udp6_csum_ok() - verify a received UDP-over-IPv6 checksum.
 * @udp_len: UDP length, at least 8
 *
 * Unlike afudp_udp4_csum_ok(), a 0 check field is not "none": it is only
 * checked as a sum, and the parser refuses it before calling this
 * (AFUDP_PARSE_UDP_CSUM_ZERO).
 *
 * Return: true when the sum over pseudo-header, header and payload is all
 * ones.
 */
bool afudp_udp6_csum_ok(const struct in6_addr *saddr,
			const struct in6_addr *daddr, const void *udp,
			size_t udp_len);

#endif /* AFUDP_PROTO_CSUM_H */
