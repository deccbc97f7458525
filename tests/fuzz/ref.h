/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Slow, obvious reference versions of what lib/proto does, for the fuzz
 * targets to compare against: the Internet checksum a word at a time in
 * network order (RFC 1071, as written), and a parser that follows the
 * contract stated in lib/proto/udp4.h line by line, and the same for
 * udp6.h and vlan.h. Written from the headers' comments, not from the .c
 * files, so the two can disagree.
 */
#ifndef AFUDP_FUZZ_REF_H
#define AFUDP_FUZZ_REF_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/udp4.h"
#include "proto/udp6.h"
#include "proto/vlan.h"

/* A failed check aborts: libFuzzer reports it as a crash with the input. */
#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "%s:%d: failed: %s\n", __FILE__,       \
				__LINE__, #c);                                 \
			abort();                                               \
		}                                                              \
	} while (0)

/*
 * The driver of the parse targets: @one on the input as given (libFuzzer
 * sizes its buffer exactly) and on a copy at an odd address, for each
 * combination of the two checksum-skipping parse flags.
 */
static inline int ref_run_parse(const uint8_t *data, size_t size,
				void (*one)(const uint8_t *, size_t,
					    unsigned int))
{
	uint8_t *odd = malloc(size + 1);
	unsigned int flags;

	REQUIRE(odd);
	memcpy(odd + 1, data, size);
	for (flags = 0; flags < 4; flags++) {
		one(data, size, flags);
		one(odd + 1, size, flags);
	}
	free(odd);
	return 0;
}

static inline uint16_t ref_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One's-complement sum of big-endian 16-bit words, odd byte padded. */
static inline uint32_t ref_sum(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += ref_be16(p + i);
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1) {
		sum += (uint32_t)p[len - 1] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return sum;
}

static inline uint16_t ref_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Pseudo-header: addresses as stored (network order), proto, length. */
static inline uint32_t ref_pseudo(const uint8_t *saddr, const uint8_t *daddr,
				  uint8_t proto, uint16_t len)
{
	uint8_t ph[12];

	memcpy(ph, saddr, 4);
	memcpy(ph + 4, daddr, 4);
	ph[8] = 0;
	ph[9] = proto;
	ph[10] = len >> 8;
	ph[11] = len & 0xff;
	return ref_sum(ph, 12, 0);
}

/* Same residue modulo 0xffff: 0 and 0xffff are both one's-complement 0. */
static inline int ref_same(uint16_t a, uint16_t b)
{
	return a % 0xffff == b % 0xffff;
}

/* The contract of afudp_udp4_parse(), in the order of enum afudp_parse_err. */
static inline enum afudp_parse_err ref_parse(const uint8_t *f, size_t len,
					     unsigned int flags,
					     struct afudp_udp4_info *info)
{
	const uint8_t *ip, *udp;
	size_t avail, hl, tot, ulen;

	if (len < 14)
		return AFUDP_PARSE_TRUNC_ETH;
	if (ref_be16(f + 12) != 0x0800)
		return AFUDP_PARSE_NOT_IPV4;
	ip = f + 14;
	avail = len - 14;
	if (avail < 20)
		return AFUDP_PARSE_TRUNC_IP;
	hl = (size_t)(ip[0] & 15) * 4;
	if (avail < hl)
		return AFUDP_PARSE_TRUNC_IP;
	if (ip[0] >> 4 != 4 || hl < 20)
		return AFUDP_PARSE_BAD_IP;
	tot = ref_be16(ip + 2);
	if (tot < hl)
		return AFUDP_PARSE_BAD_IP;
	if (tot > avail)
		return AFUDP_PARSE_IP_LEN;
	if (ref_be16(ip + 6) & 0x3fff)
		return AFUDP_PARSE_FRAGMENT;
	if (ip[9] != 17)
		return AFUDP_PARSE_NOT_UDP;
	if (tot - hl < 8)
		return AFUDP_PARSE_TRUNC_UDP;
	udp = ip + hl;
	ulen = ref_be16(udp + 4);
	if (ulen < 8 || ulen > tot - hl)
		return AFUDP_PARSE_UDP_LEN;
	if (!(flags & AFUDP_PARSE_NO_IP_CSUM) &&
	    ref_fold(ref_sum(ip, hl, 0)) != 0xffff)
		return AFUDP_PARSE_IP_CSUM;
	if (!(flags & AFUDP_PARSE_NO_UDP_CSUM) && ref_be16(udp + 6) &&
	    ref_fold(ref_sum(udp, ulen,
			     ref_pseudo(ip + 12, ip + 16, 17,
					(uint16_t)ulen))) != 0xffff)
		return AFUDP_PARSE_UDP_CSUM;
	info->payload = udp + 8;
	info->payload_len = (uint16_t)(ulen - 8);
	memcpy(info->dmac, f, 6);
	memcpy(info->smac, f + 6, 6);
	memcpy(&info->saddr, ip + 12, 4);
	memcpy(&info->daddr, ip + 16, 4);
	memcpy(&info->sport, udp, 2);
	memcpy(&info->dport, udp + 2, 2);
	info->ttl = ip[8];
	return AFUDP_PARSE_OK;
}

/* IPv6 pseudo-header (RFC 8200 8.1), laid out byte by byte. */
static inline uint32_t ref_pseudo6(const uint8_t *addrs, uint32_t len,
				   uint8_t nh)
{
	uint8_t ph[40];

	memcpy(ph, addrs, 32);
	ph[32] = (uint8_t)(len >> 24);
	ph[33] = (uint8_t)(len >> 16);
	ph[34] = (uint8_t)(len >> 8);
	ph[35] = (uint8_t)len;
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = nh;
	return ref_sum(ph, 40, 0);
}

static inline int ref_all(const uint8_t *a, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != v)
			return 0;
	return 1;
}

/* The contract of afudp_udp6_parse(), in the order udp6.h lists. */
static inline enum afudp_parse_err ref_parse6(const uint8_t *f, size_t len,
					      unsigned int flags,
					      struct afudp_udp6_info *info)
{
	const uint8_t *ip, *udp, *s, *d;
	size_t plen, ulen;
	uint8_t nh;

	if (len < 14)
		return AFUDP_PARSE_TRUNC_ETH;
	if (ref_be16(f + 12) != 0x86dd)
		return AFUDP_PARSE_NOT_IPV6;
	ip = f + 14;
	if (len - 14 < 40)
		return AFUDP_PARSE_TRUNC_IP;
	if (ip[0] >> 4 != 6)
		return AFUDP_PARSE_BAD_IP6;
	plen = ref_be16(ip + 4);
	if (plen > len - 14 - 40)
		return AFUDP_PARSE_IP_LEN;
	s = ip + 8;
	d = ip + 24;
	if ((ref_all(s, 15, 0) && s[15] <= 1) || s[0] == 0xff ||
	    (ref_all(s, 10, 0) && s[10] == 0xff && s[11] == 0xff))
		return AFUDP_PARSE_MARTIAN_SRC;
	if ((ref_all(d, 15, 0) && d[15] <= 1) ||
	    (d[0] == 0xff && (d[1] & 15) <= 1))
		return AFUDP_PARSE_MARTIAN_DST;
	nh = ip[6];
	if (nh == 44)
		return AFUDP_PARSE_FRAGMENT;
	if (nh == 0 || nh == 43 || nh == 60 || nh == 51 || nh == 50 ||
	    nh == 59 || nh == 135 || nh == 139 || nh == 140)
		return AFUDP_PARSE_IP6_EXTHDR;
	if (nh != 17)
		return AFUDP_PARSE_NOT_UDP;
	if (plen < 8)
		return AFUDP_PARSE_TRUNC_UDP;
	udp = ip + 40;
	ulen = ref_be16(udp + 4);
	if (ulen < 8 || ulen > plen)
		return AFUDP_PARSE_UDP_LEN;
	if (!ref_be16(udp + 6))
		return AFUDP_PARSE_UDP_CSUM_ZERO;
	if (!(flags & AFUDP_PARSE_NO_UDP_CSUM) &&
	    ref_fold(ref_sum(udp, ulen, ref_pseudo6(s, (uint32_t)ulen, 17))) !=
		    0xffff)
		return AFUDP_PARSE_UDP_CSUM;
	info->payload = udp + 8;
	info->payload_len = (uint16_t)(ulen - 8);
	memcpy(info->dmac, f, 6);
	memcpy(info->smac, f + 6, 6);
	memcpy(&info->saddr, s, 16);
	memcpy(&info->daddr, d, 16);
	memcpy(&info->sport, udp, 2);
	memcpy(&info->dport, udp + 2, 2);
	info->hop_limit = ip[7];
	info->tclass = (uint8_t)((ip[0] & 15) << 4 | ip[1] >> 4);
	info->flowlabel = (uint32_t)(ip[1] & 15) << 16 | ref_be16(ip + 2);
	return AFUDP_PARSE_OK;
}

/*
 * vlan.h's contract: one 802.1Q tag at most, written out.
 */
static inline enum afudp_parse_err ref_l2(const uint8_t *f, size_t len,
					  struct afudp_l2_info *l2)
{
	uint16_t t;

	if (len < 14)
		return AFUDP_PARSE_TRUNC_ETH;
	t = ref_be16(f + 12);
	if (t == 0x88a8)
		return AFUDP_PARSE_VLAN_STACKED;
	memcpy(l2->dmac, f, 6);
	memcpy(l2->smac, f + 6, 6);
	if (t != 0x8100) {
		l2->tagged = 0;
		l2->tci = 0;
		l2->hlen = 14;
		memcpy(&l2->proto, f + 12, 2);
		return AFUDP_PARSE_OK;
	}
	if (len < 18)
		return AFUDP_PARSE_TRUNC_VLAN;
	t = ref_be16(f + 16);
	if (t == 0x8100 || t == 0x88a8)
		return AFUDP_PARSE_VLAN_STACKED;
	l2->tagged = 1;
	l2->tci = ref_be16(f + 14);
	l2->hlen = 18;
	memcpy(&l2->proto, f + 16, 2);
	return AFUDP_PARSE_OK;
}

#endif /* AFUDP_FUZZ_REF_H */
