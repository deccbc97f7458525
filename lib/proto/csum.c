/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internet checksum steps (see csum.h for the byte-order convention).
 *
 * afudp_csum_raw() is on the per-datagram path of both send and receive, over
 * up to 1472 payload bytes, so it sums eight bytes at a time into 64-bit
 * one's-complement accumulators and folds only at the end. That is sound
 * because 2^16, 2^32 and 2^64 are all congruent to 1 modulo 0xffff: adding
 * four 16-bit words as one 64-bit word, with the carry out of bit 63 wrapped
 * back in, leaves the 16-bit one's-complement sum unchanged.
 */
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/udp.h>

#include "csum.h"

/* One's-complement 64-bit add: the carry out of bit 63 re-enters at bit 0. */
static inline uint64_t csum_add64(uint64_t acc, uint64_t v)
{
	acc += v;
	return acc + (acc < v);
}

/* csum.h's, by its old name here. */
#define csum_fold64 afudp_csum_fold64

uint32_t afudp_csum_raw_at(const void *buf, size_t len, uint32_t sum,
			   size_t off)
{
	uint32_t s;

	if (!(off & 1))
		return afudp_csum_fold(afudp_csum_raw(buf, len, sum));
	s = afudp_csum_fold(afudp_csum_raw(buf, len, 0));
	/* Both folded: the sum of two 16-bit values cannot overflow. */
	return afudp_csum_fold(sum) + (((s & 0xff) << 8) | (s >> 8));
}

uint32_t afudp_csum_raw(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t *p = buf;
	uint64_t a0 = sum, a1 = 0;
	uint64_t v0, v1, v2, v3;

#if defined(__x86_64__)
	/*
	 * One add-with-carry chain: each 8-byte word costs one instruction,
	 * a quarter of what the portable loop below compiles to. x86 loads
	 * need no alignment.
	 */
	while (len >= 32) {
		__asm__("addq 0(%[p]), %[a]\n\t"
			"adcq 8(%[p]), %[a]\n\t"
			"adcq 16(%[p]), %[a]\n\t"
			"adcq 24(%[p]), %[a]\n\t"
			"adcq $0, %[a]"
			: [a] "+r"(a0)
			: [p] "r"(p), "m"(*(const uint8_t(*)[32])p)
			: "cc");
		p += 32;
		len -= 32;
	}
#endif
	/*
	 * Two accumulators so the carry chains of alternate words do not wait
	 * on each other; loads go through memcpy() because UMEM frames and
	 * IPv4 headers behind a 14-byte Ethernet header are not 8-aligned.
	 */
	while (len >= 32) {
		memcpy(&v0, p, 8);
		memcpy(&v1, p + 8, 8);
		memcpy(&v2, p + 16, 8);
		memcpy(&v3, p + 24, 8);
		a0 = csum_add64(a0, v0);
		a1 = csum_add64(a1, v1);
		a0 = csum_add64(a0, v2);
		a1 = csum_add64(a1, v3);
		p += 32;
		len -= 32;
	}
	while (len >= 8) {
		memcpy(&v0, p, 8);
		a0 = csum_add64(a0, v0);
		p += 8;
		len -= 8;
	}
	a0 = csum_add64(a0, a1);

	if (len >= 4) {
		uint32_t w;

		memcpy(&w, p, 4);
		a0 = csum_add64(a0, w);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t w;

		memcpy(&w, p, 2);
		a0 = csum_add64(a0, w);
		p += 2;
		len -= 2;
	}
	if (len) {
		/* An odd last byte is the high byte of a word padded with 0. */
		uint16_t w = 0;

		memcpy(&w, p, 1);
		a0 = csum_add64(a0, w);
	}
	return csum_fold64(a0);
}

uint32_t afudp_csum_copy(void *dst, const void *src, size_t len, uint32_t sum)
{
	const uint8_t *p = src;
	uint8_t *d = dst;
	uint64_t a = sum;

#if defined(__x86_64__)
	/*
	 * Each 8-byte word is loaded once, stored and added with carry: the
	 * copy and the sum share the loads. The rest goes as before.
	 */
	while (len >= 32) {
		uint64_t v0, v1, v2, v3;

		memcpy(&v0, p, 8);
		memcpy(&v1, p + 8, 8);
		memcpy(&v2, p + 16, 8);
		memcpy(&v3, p + 24, 8);
		memcpy(d, &v0, 8);
		memcpy(d + 8, &v1, 8);
		memcpy(d + 16, &v2, 8);
		memcpy(d + 24, &v3, 8);
		__asm__("addq %[v0], %[a]\n\t"
			"adcq %[v1], %[a]\n\t"
			"adcq %[v2], %[a]\n\t"
			"adcq %[v3], %[a]\n\t"
			"adcq $0, %[a]"
			: [a] "+r"(a)
			: [v0] "r"(v0), [v1] "r"(v1), [v2] "r"(v2),
			  [v3] "r"(v3)
			: "cc");
		p += 32;
		d += 32;
		len -= 32;
	}
#endif
	if (!len)
		return csum_fold64(a);
	memcpy(d, p, len);
	return afudp_csum_raw(p, len, csum_fold64(a));
}

uint16_t afudp_ipv4_hdr_csum(const void *iphdr, size_t ihl_bytes)
{
	return (uint16_t)~afudp_csum_fold(afudp_ipv4_hdr_sum(iphdr, ihl_bytes));
}

static uint32_t udp4_sum(__be32 saddr, __be32 daddr, const void *udp,
			 size_t udp_len)
{
	uint32_t sum;

	sum = afudp_csum_pseudo4(saddr, daddr, IPPROTO_UDP, (uint16_t)udp_len);
	return afudp_csum_raw(udp, udp_len, sum);
}

/* The UDP check field for a partial sum over pseudo-header and datagram. */
static inline uint16_t udp_csum_store(uint32_t sum)
{
	uint16_t csum = (uint16_t)~afudp_csum_fold(sum);

	/* RFC 768: 0 on the wire means "not computed"; send 0xffff instead. */
	return csum ? csum : 0xffff;
}

uint16_t afudp_udp4_csum(__be32 saddr, __be32 daddr, const void *udp,
			 size_t udp_len)
{
	return udp_csum_store(udp4_sum(saddr, daddr, udp, udp_len));
}

uint32_t afudp_csum_pseudo6(const struct in6_addr *saddr,
			    const struct in6_addr *daddr, uint8_t proto,
			    uint32_t l4_len)
{
	uint64_t acc = 0, w;
	int i;

	/* memcpy(): the addresses sit 8 bytes into a 14-byte-offset header. */
	for (i = 0; i < 2; i++) {
		memcpy(&w, (const uint8_t *)saddr + 8 * i, 8);
		acc = csum_add64(acc, w);
		memcpy(&w, (const uint8_t *)daddr + 8 * i, 8);
		acc = csum_add64(acc, w);
	}
	/*
	 * The length is a 32-bit word, and zero, zero, zero, proto another:
	 * htonl() gives each in memory order, summed like its halves.
	 */
	acc = csum_add64(acc, htonl(l4_len));
	acc = csum_add64(acc, htonl(proto));
	return csum_fold64(acc);
}

static uint32_t udp6_sum(const struct in6_addr *saddr,
			 const struct in6_addr *daddr, const void *udp,
			 size_t udp_len)
{
	uint32_t sum;

	sum = afudp_csum_pseudo6(saddr, daddr, IPPROTO_UDP, (uint32_t)udp_len);
	return afudp_csum_raw(udp, udp_len, sum);
}

uint16_t afudp_udp6_csum(const struct in6_addr *saddr,
			 const struct in6_addr *daddr, const void *udp,
			 size_t udp_len)
{
	return udp_csum_store(udp6_sum(saddr, daddr, udp, udp_len));
}

bool afudp_udp6_csum_ok(const struct in6_addr *saddr,
			const struct in6_addr *daddr, const void *udp,
			size_t udp_len)
{
	return afudp_csum_fold(udp6_sum(saddr, daddr, udp, udp_len)) == 0xffff;
}
