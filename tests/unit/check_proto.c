/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for lib/proto: the checksum steps and the Ethernet/IPv4/UDP
 * codec.
 *
 * Expected values do not come from the code under test: the fixed frames
 * below were computed with an independent Python implementation of RFC 1071,
 * and everything else is checked against ref_sum(), a deliberately naive
 * byte-at-a-time big-endian sum. Every frame a parse test reads lives in a
 * malloc() block of exactly its length, so an overread is a heap overflow
 * that ASan or valgrind reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <check.h>

#include "proto/csum.h"
#include "proto/udp4.h"

#include "frame_v1.h"

/*
 * As v1 with the 2-byte payload 0x4f8e, chosen so that the UDP checksum
 * computes to 0 and must go out as 0xffff. IPv4 csum 0x1499.
 */
/* clang-format off */
static const uint8_t vzero[44] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x1e, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11,
	0x14, 0x99, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x9c, 0x40, 0x00, 0x09, 0x00, 0x0a,
	0xff, 0xff, 0x4f, 0x8e,
};
/* clang-format on */

/*
 * As v1 with IHL 7 (Router Alert, then NOP NOP NOP EOL) and payload "xyz":
 * IPv4 csum 0x7c8a, UDP csum 0x5d12.
 */
/* clang-format off */
static const uint8_t vopt[53] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x47, 0x00,
	0x00, 0x27, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11,
	0x7c, 0x8a, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x94, 0x04, 0x00, 0x00, 0x01, 0x01,
	0x01, 0x00, 0x9c, 0x40, 0x00, 0x09, 0x00, 0x0b,
	0x5d, 0x12, 0x78, 0x79, 0x7a,
};
/* clang-format on */

/*
 * As v1 with payload "abcd", then 4 bytes inside tot_len but past the UDP
 * length (de ad be ef), then Ethernet padding to 60 bytes (0xee).
 * IPv4 csum 0x1493, UDP csum 0x8ac3 (over the UDP length only).
 */
/* clang-format off */
static const uint8_t vtrail[60] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x24, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11,
	0x14, 0x93, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x9c, 0x40, 0x00, 0x09, 0x00, 0x0c,
	0x8a, 0xc3, 0x61, 0x62, 0x63, 0x64, 0xde, 0xad,
	0xbe, 0xef, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	0xee, 0xee, 0xee, 0xee,
};
/* clang-format on */

/* Offsets into a frame whose IPv4 header has no options. */
#define OFF_ETHTYPE 12
#define OFF_IP 14
#define OFF_IP_TOTLEN (OFF_IP + 2)
#define OFF_IP_FRAG (OFF_IP + 6)
#define OFF_IP_PROTO (OFF_IP + 9)
#define OFF_IP_CSUM (OFF_IP + 10)
#define OFF_UDP 34
#define OFF_UDP_LEN (OFF_UDP + 4)
#define OFF_UDP_CSUM (OFF_UDP + 6)
#define OFF_PAYLOAD 42

/* The fields of v1, for the builder. */
static struct afudp_udp4_hdr v1_hdr_get(void)
{
	struct afudp_udp4_hdr h = {
		.smac = { 0x02, 0, 0, 0, 0, 0x01 },
		.dmac = { 0x02, 0, 0, 0, 0, 0x02 },
	};

	h.saddr = htonl(0x0a000001);
	h.daddr = htonl(0x0a000002);
	h.sport = htons(40000);
	h.dport = htons(9);
	h.ttl = 64;
	h.tos = 0;
	h.id = htons(0x1234);
	return h;
}

/* A copy of @len bytes in a block of exactly that size (never NULL). */
static uint8_t *dup_exact(const void *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(p);
	if (len)
		memcpy(p, src, len);
	return p;
}

/*
 * The reference: RFC 1071 done the obvious way, big-endian words, odd byte
 * padded, end-around carry. Returns the folded sum in host order.
 */
static uint16_t ref_sum(const uint8_t *b, size_t len, uint32_t start)
{
	uint64_t s = start;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1)
		s += (uint32_t)b[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* Host-order folded sum of the UDP pseudo-header, header and payload. */
static uint16_t ref_udp_sum(const uint8_t *ip, const uint8_t *udp,
			    size_t udp_len)
{
	uint8_t ph[12];

	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = 17;
	ph[10] = (uint8_t)(udp_len >> 8);
	ph[11] = (uint8_t)udp_len;
	return ref_sum(udp, udp_len, ref_sum(ph, sizeof(ph), 0));
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint8_t rng_byte(void)
{
	/* xorshift64: reproducible, and independent of libc's rand(). */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint8_t)(rng_state >> 24);
}

static void fill_random(uint8_t *p, size_t len)
{
	while (len--)
		*p++ = rng_byte();
}

static void put16(uint8_t *p, uint16_t host)
{
	p[0] = (uint8_t)(host >> 8);
	p[1] = (uint8_t)host;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Recompute the IPv4 header checksum after a test changed a field. */
static void fix_ip_csum(uint8_t *f)
{
	size_t ihl_bytes = (size_t)(f[OFF_IP] & 0x0f) * 4;
	uint16_t c;

	put16(f + OFF_IP_CSUM, 0);
	c = afudp_ipv4_hdr_csum(f + OFF_IP, ihl_bytes);
	memcpy(f + OFF_IP_CSUM, &c, 2);
}

static enum afudp_parse_err parse_exact(const uint8_t *f, size_t len,
					unsigned int flags)
{
	struct afudp_udp4_info info;
	uint8_t *copy = dup_exact(f, len);
	enum afudp_parse_err err;

	err = afudp_udp4_parse(copy, len, flags, &info);
	free(copy);
	return err;
}

/* ---- checksum steps ---------------------------------------------------- */

START_TEST(test_csum_rfc1071_example)
{
	/* RFC 1071 section 3: these eight bytes sum to 0xddf2. */
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03,
				     0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t *p = dup_exact(b, sizeof(b));

	ck_assert_uint_eq(afudp_csum_fold(afudp_csum_raw(p, 8, 0)),
			  htons(0xddf2));
	free(p);
}
END_TEST

START_TEST(test_ipv4_hdr_example)
{
	/* The textbook header; its checksum is 0xb861. */
	/* clang-format off */
	static const uint8_t h[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
		0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01,
		0xc0, 0xa8, 0x00, 0xc7,
	};
	/* clang-format on */
	uint8_t *p = dup_exact(h, sizeof(h));
	uint16_t c = afudp_ipv4_hdr_csum(p, 20);

	ck_assert_uint_eq(c, htons(0xb861));
	ck_assert(!afudp_ipv4_hdr_csum_ok(p, 20));
	memcpy(p + 10, &c, 2);
	ck_assert_uint_eq(p[10], 0xb8);
	ck_assert_uint_eq(p[11], 0x61);
	ck_assert(afudp_ipv4_hdr_csum_ok(p, 20));
	p[8] ^= 0x01; /* TTL 0x40 -> 0x41 */
	ck_assert(!afudp_ipv4_hdr_csum_ok(p, 20));
	free(p);
}
END_TEST

START_TEST(test_csum_odd_bytes)
{
	static const uint8_t b[] = { 0xab, 0x01, 0x02, 0x03 };
	uint8_t *p;

	/* A lone byte is the high byte of a word: 0xab00. */
	p = dup_exact(b, 1);
	ck_assert_uint_eq(afudp_csum_fold(afudp_csum_raw(p, 1, 0)),
			  htons(0xab00));
	free(p);
	/* 0xab01 + 0x0200 */
	p = dup_exact(b, 3);
	ck_assert_uint_eq(afudp_csum_fold(afudp_csum_raw(p, 3, 0)),
			  htons(0xad01));
	free(p);
	ck_assert_uint_eq(afudp_csum_fold(afudp_csum_raw(NULL, 0, 0)), 0);
}
END_TEST

START_TEST(test_csum_fold)
{
	ck_assert_uint_eq(afudp_csum_fold(0), 0);
	ck_assert_uint_eq(afudp_csum_fold(0xffff), 0xffff);
	ck_assert_uint_eq(afudp_csum_fold(0x10000), 1);
	ck_assert_uint_eq(afudp_csum_fold(0x1fffe), 0xffff);
	/* The first fold carries again: 0xffff + 0x0001 = 0x10000 -> 1. */
	ck_assert_uint_eq(afudp_csum_fold(0xffff0001u), 1);
	ck_assert_uint_eq(afudp_csum_fold(0xffffffffu), 0xffff);
}
END_TEST

/* Every length to 600 and a few long ones, at every alignment mod 8. */
START_TEST(test_csum_raw_vs_ref)
{
	static const size_t longs[] = { 1023, 1472, 1473, 1480, 2047, 9000 };
	size_t off, len, i;
	uint8_t *src = malloc(9000);

	ck_assert_ptr_nonnull(src);
	fill_random(src, 9000);
	for (off = 0; off < 8; off++) {
		for (len = 0; len + off <= 600; len++) {
			/* Exact size, so a read past the end is an overflow. */
			uint8_t *blk = malloc(off + len ? off + len : 1);
			uint32_t sum;
			uint16_t got;

			ck_assert_ptr_nonnull(blk);
			memcpy(blk + off, src, len);
			sum = afudp_csum_raw(blk + off, len, 0);
			got = afudp_csum_fold(sum);
			ck_assert_msg(ntohs(got) == ref_sum(src, len, 0),
				      "off %zu len %zu: 0x%04x vs 0x%04x", off,
				      len, ntohs(got), ref_sum(src, len, 0));
			free(blk);
		}
	}
	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++) {
		uint8_t *p = dup_exact(src, longs[i]);

		ck_assert_uint_eq(
			ntohs(afudp_csum_fold(afudp_csum_raw(p, longs[i], 0))),
			ref_sum(src, longs[i], 0));
		free(p);
	}
	free(src);
}
END_TEST

/*
 * afudp_csum_copy(): the copy is exact and the sum is afudp_csum_raw()'s,
 * for every length to 300 at every source and destination alignment mod 8,
 * long ones, all-ones data (every add carries) and starting sums.
 */
START_TEST(test_csum_copy)
{
	static const size_t longs[] = { 1472, 1473, 9000 };
	uint8_t *src = malloc(9000 + 8), *dst = malloc(9000 + 8 + 1);
	size_t so, d, len, i;
	uint32_t start;

	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_nonnull(dst);
	fill_random(src, 9000 + 8);
	for (so = 0; so < 8; so++)
		for (d = 0; d < 8; d++)
			for (len = 0; len <= 300; len++) {
				memset(dst, 0xa5, d + len + 1);
				ck_assert_uint_eq(
					afudp_csum_fold(afudp_csum_copy(
						dst + d, src + so, len, 7)),
					afudp_csum_fold(afudp_csum_raw(
						src + so, len, 7)));
				ck_assert_mem_eq(dst + d, src + so, len);
				/* Nothing written past the end. */
				ck_assert_uint_eq(dst[d + len], 0xa5);
			}
	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++)
		for (start = 0; start < 3; start++) {
			ck_assert_uint_eq(
				afudp_csum_fold(afudp_csum_copy(dst, src,
								longs[i],
								0u - start)),
				afudp_csum_fold(afudp_csum_raw(src, longs[i],
							       0u - start)));
			ck_assert_mem_eq(dst, src, longs[i]);
		}
	memset(src, 0xff, 9000);
	ck_assert_uint_eq(afudp_csum_fold(afudp_csum_copy(dst, src, 9000, 0)),
			  afudp_csum_fold(afudp_csum_raw(src, 9000, 0)));
	free(src);
	free(dst);
}
END_TEST

/* All-ones data makes every add carry: the end-around carries must hold. */
START_TEST(test_csum_raw_carries)
{
	static const size_t lens[] = { 7, 8, 33, 1472, 65535, 65536, 200001 };
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t *p = malloc(lens[i]);
		uint32_t start;

		ck_assert_ptr_nonnull(p);
		memset(p, 0xff, lens[i]);
		/* Starting sums near the top carry out of 32 bits too. */
		for (start = 0; start < 3; start++) {
			uint32_t s = 0u - start;
			uint16_t got, ref_start;

			/* The reference takes its start in host order. */
			ref_start = ntohs(afudp_csum_fold(s));
			got = afudp_csum_fold(afudp_csum_raw(p, lens[i], s));
			ck_assert_msg(ntohs(got) ==
					      ref_sum(p, lens[i], ref_start),
				      "len %zu start 0x%x", lens[i], s);
		}
		free(p);
	}
}
END_TEST

/* The header checksum's 20-byte fast path and the general one agree. */
START_TEST(test_ipv4_hdr_csum_vs_ref)
{
	uint8_t h[24 + 1];
	int i;

	for (i = 0; i < 2000; i++) {
		size_t n = (i & 1) ? 24 : 20, off = (size_t)(i >> 1) & 1;
		uint8_t *p = h + off;
		uint16_t c;

		fill_random(p, n);
		if (i % 7 == 0)
			memset(p, 0xff, n);
		p[10] = p[11] = 0;
		c = afudp_ipv4_hdr_csum(p, n);
		ck_assert_uint_eq(ntohs(c), (uint16_t)~ref_sum(p, n, 0));
		memcpy(p + 10, &c, 2);
		ck_assert(afudp_ipv4_hdr_csum_ok(p, n));
		p[i % n] ^= 0x10;
		ck_assert(!afudp_ipv4_hdr_csum_ok(p, n));
	}
}
END_TEST

START_TEST(test_csum_raw_chain)
{
	uint8_t buf[301];
	uint16_t whole;
	size_t split;

	fill_random(buf, sizeof(buf));
	whole = afudp_csum_fold(afudp_csum_raw(buf, sizeof(buf), 0));
	/* Any even split point, the odd tail last. */
	for (split = 0; split <= sizeof(buf); split += 2) {
		uint32_t s = afudp_csum_raw(buf, split, 0);

		s = afudp_csum_raw(buf + split, sizeof(buf) - split, s);
		ck_assert_msg(afudp_csum_fold(s) == whole, "split %zu", split);
	}
}
END_TEST

START_TEST(test_csum_pseudo4)
{
	int i;

	for (i = 0; i < 1000; i++) {
		uint8_t ph[12];
		__be32 sa, da;
		uint16_t l4_len;
		uint8_t proto;

		fill_random(ph, sizeof(ph));
		ph[8] = 0;
		proto = ph[9];
		l4_len = get16(ph + 10);
		memcpy(&sa, ph, 4);
		memcpy(&da, ph + 4, 4);
		ck_assert_uint_eq(ntohs(afudp_csum_fold(afudp_csum_pseudo4(
					  sa, da, proto, l4_len))),
				  ref_sum(ph, sizeof(ph), 0));
	}
}
END_TEST

/* ---- UDP checksum ------------------------------------------------------ */

START_TEST(test_udp_csum_vector)
{
	uint8_t *f = dup_exact(v1, sizeof(v1));
	__be32 sa, da;
	uint16_t c;

	memcpy(&sa, f + OFF_IP + 12, 4);
	memcpy(&da, f + OFF_IP + 16, 4);
	ck_assert(afudp_udp4_csum_ok(sa, da, f + OFF_UDP, 13));
	ck_assert(afudp_ipv4_hdr_csum_ok(f + OFF_IP, 20));

	put16(f + OFF_UDP_CSUM, 0);
	c = afudp_udp4_csum(sa, da, f + OFF_UDP, 13);
	ck_assert_uint_eq(c, htons(0x0bb6));
	put16(f + OFF_IP_CSUM, 0);
	ck_assert_uint_eq(afudp_ipv4_hdr_csum(f + OFF_IP, 20), htons(0x1496));
	free(f);
}
END_TEST

START_TEST(test_udp_csum_zero_is_ffff)
{
	uint8_t *f = dup_exact(vzero, sizeof(vzero));
	__be32 sa, da;

	memcpy(&sa, f + OFF_IP + 12, 4);
	memcpy(&da, f + OFF_IP + 16, 4);
	/* Stored as 0xffff, which verifies. */
	ck_assert(afudp_udp4_csum_ok(sa, da, f + OFF_UDP, 10));
	/* The sum computes to 0 and must come back as 0xffff. */
	put16(f + OFF_UDP_CSUM, 0);
	ck_assert_uint_eq(afudp_udp4_csum(sa, da, f + OFF_UDP, 10), 0xffff);
	/* Cross-check with the reference: pseudo + data sums to all ones. */
	ck_assert_uint_eq(ref_udp_sum(f + OFF_IP, f + OFF_UDP, 10), 0xffff);
	free(f);
}
END_TEST

START_TEST(test_udp_csum_none)
{
	uint8_t *f = dup_exact(v1, sizeof(v1));
	struct afudp_udp4_info info;
	__be32 sa, da;

	memcpy(&sa, f + OFF_IP + 12, 4);
	memcpy(&da, f + OFF_IP + 16, 4);
	put16(f + OFF_UDP_CSUM, 0);
	f[OFF_PAYLOAD] ^= 0x20; /* would fail a real checksum */
	ck_assert(afudp_udp4_csum_ok(sa, da, f + OFF_UDP, 13));
	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(v1), 0, &info),
			 AFUDP_PARSE_OK);
	ck_assert_uint_eq(info.payload_len, 5);
	ck_assert_mem_eq(info.payload, "Hello", 5);
	free(f);
}
END_TEST

START_TEST(test_udp_csum_bad)
{
	uint8_t *f = dup_exact(v1, sizeof(v1));
	struct afudp_udp4_info info;
	__be32 sa, da;

	memcpy(&sa, f + OFF_IP + 12, 4);
	memcpy(&da, f + OFF_IP + 16, 4);
	f[sizeof(v1) - 1] ^= 0x01; /* the odd last byte */
	ck_assert(!afudp_udp4_csum_ok(sa, da, f + OFF_UDP, 13));
	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(v1), 0, &info),
			 AFUDP_PARSE_UDP_CSUM);
	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(v1),
					  AFUDP_PARSE_NO_UDP_CSUM, &info),
			 AFUDP_PARSE_OK);
	/* A different source address changes the pseudo-header. */
	f[sizeof(v1) - 1] ^= 0x01;
	ck_assert(!afudp_udp4_csum_ok(sa ^ htonl(1), da, f + OFF_UDP, 13));
	free(f);
}
END_TEST

/* The same frames at every alignment, the block ending with the frame. */
START_TEST(test_unaligned)
{
	struct afudp_udp4_info info;
	size_t off;

	for (off = 0; off < 8; off++) {
		uint8_t *blk = malloc(off + sizeof(v1));
		uint8_t *f = blk + off;
		__be32 sa, da;

		ck_assert_ptr_nonnull(blk);
		memcpy(f, v1, sizeof(v1));
		memcpy(&sa, f + OFF_IP + 12, 4);
		memcpy(&da, f + OFF_IP + 16, 4);
		ck_assert(afudp_udp4_csum_ok(sa, da, f + OFF_UDP, 13));
		ck_assert(afudp_ipv4_hdr_csum_ok(f + OFF_IP, 20));
		ck_assert_int_eq(afudp_udp4_parse(f, sizeof(v1), 0, &info),
				 AFUDP_PARSE_OK);
		ck_assert_ptr_eq(info.payload, f + OFF_PAYLOAD);
		put16(f + OFF_UDP_CSUM, 0);
		ck_assert_uint_eq(afudp_udp4_csum(sa, da, f + OFF_UDP, 13),
				  htons(0x0bb6));
		free(blk);

		blk = malloc(off + sizeof(vopt));
		ck_assert_ptr_nonnull(blk);
		f = blk + off;
		memcpy(f, vopt, sizeof(vopt));
		ck_assert_int_eq(afudp_udp4_parse(f, sizeof(vopt), 0, &info),
				 AFUDP_PARSE_OK);
		ck_assert_ptr_eq(info.payload, f + 50);
		free(blk);
	}
}
END_TEST

/* ---- parse -------------------------------------------------------------- */

START_TEST(test_parse_vector)
{
	static const uint8_t smac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t dmac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	uint8_t *f = dup_exact(v1, sizeof(v1));
	struct afudp_udp4_info info;

	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(v1), 0, &info),
			 AFUDP_PARSE_OK);
	ck_assert_ptr_eq(info.payload, f + OFF_PAYLOAD);
	ck_assert_uint_eq(info.payload_len, 5);
	ck_assert_mem_eq(info.payload, "hello", 5);
	ck_assert_mem_eq(info.smac, smac, 6);
	ck_assert_mem_eq(info.dmac, dmac, 6);
	ck_assert_uint_eq(info.saddr, htonl(0x0a000001));
	ck_assert_uint_eq(info.daddr, htonl(0x0a000002));
	ck_assert_uint_eq(info.sport, htons(40000));
	ck_assert_uint_eq(info.dport, htons(9));
	ck_assert_uint_eq(info.ttl, 64);
	free(f);
}
END_TEST

START_TEST(test_parse_options)
{
	uint8_t *f = dup_exact(vopt, sizeof(vopt));
	struct afudp_udp4_info info;

	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(vopt), 0, &info),
			 AFUDP_PARSE_OK);
	ck_assert_ptr_eq(info.payload, f + 14 + 28 + 8);
	ck_assert_uint_eq(info.payload_len, 3);
	ck_assert_mem_eq(info.payload, "xyz", 3);
	ck_assert_uint_eq(info.sport, htons(40000));
	ck_assert_uint_eq(info.daddr, htonl(0x0a000002));
	free(f);
}
END_TEST

/* IHL 15, the largest: 40 bytes of options between IPv4 and UDP. */
START_TEST(test_parse_ihl15)
{
	size_t len = sizeof(v1) + 40;
	uint8_t *f = malloc(len);
	struct afudp_udp4_info info;

	ck_assert_ptr_nonnull(f);
	memcpy(f, v1, OFF_UDP);
	memset(f + OFF_UDP, 0x01, 39); /* NOPs */
	f[OFF_UDP + 39] = 0x00; /* EOL */
	memcpy(f + OFF_UDP + 40, v1 + OFF_UDP, sizeof(v1) - OFF_UDP);
	f[OFF_IP] = 0x4f;
	put16(f + OFF_IP_TOTLEN, 60 + 13);
	fix_ip_csum(f);
	/* The UDP checksum does not cover IP options: v1's still holds. */
	ck_assert_int_eq(afudp_udp4_parse(f, len, 0, &info), AFUDP_PARSE_OK);
	ck_assert_ptr_eq(info.payload, f + 14 + 60 + 8);
	ck_assert_uint_eq(info.payload_len, 5);
	ck_assert_mem_eq(info.payload, "hello", 5);
	ck_assert_int_eq(parse_exact(f, len - 1, 0), AFUDP_PARSE_IP_LEN);
	/* One byte short of the 60-byte header it claims. */
	ck_assert_int_eq(parse_exact(f, 14 + 59, 0), AFUDP_PARSE_TRUNC_IP);
	free(f);
}
END_TEST

START_TEST(test_parse_eth_padding)
{
	uint8_t pad[60];
	struct afudp_udp4_info info;
	uint8_t *f;

	memcpy(pad, v1, sizeof(v1));
	memset(pad + sizeof(v1), 0xee, sizeof(pad) - sizeof(v1));
	f = dup_exact(pad, sizeof(pad));
	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(pad), 0, &info),
			 AFUDP_PARSE_OK);
	ck_assert_uint_eq(info.payload_len, 5);
	ck_assert_mem_eq(info.payload, "hello", 5);
	free(f);
}
END_TEST

/* Bytes past the UDP length inside tot_len, then Ethernet padding. */
START_TEST(test_parse_udp_shorter_than_ip)
{
	uint8_t *f = dup_exact(vtrail, sizeof(vtrail));
	struct afudp_udp4_info info;

	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(vtrail), 0, &info),
			 AFUDP_PARSE_OK);
	ck_assert_ptr_eq(info.payload, f + OFF_PAYLOAD);
	ck_assert_uint_eq(info.payload_len, 4);
	ck_assert_mem_eq(info.payload, "abcd", 4);
	/* The trailing bytes are outside the checksum too. */
	f[OFF_PAYLOAD + 4] ^= 0xff;
	f[sizeof(vtrail) - 1] ^= 0xff;
	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(vtrail), 0, &info),
			 AFUDP_PARSE_OK);
	free(f);
}
END_TEST

/*
 * Every prefix of a valid frame, each in a block of exactly its length: the
 * reason must follow from where the cut falls, and nothing past it is read.
 */
static void check_truncations(const uint8_t *frame, size_t len)
{
	size_t ip_hlen = (size_t)(frame[OFF_IP] & 0x0f) * 4;
	size_t ip_end = OFF_IP + get16(frame + OFF_IP_TOTLEN);
	size_t n;

	for (n = 0; n < len; n++) {
		enum afudp_parse_err want, got;

		if (n < OFF_IP)
			want = AFUDP_PARSE_TRUNC_ETH;
		else if (n < OFF_IP + ip_hlen)
			want = AFUDP_PARSE_TRUNC_IP;
		else if (n < ip_end)
			want = AFUDP_PARSE_IP_LEN;
		else
			want = AFUDP_PARSE_OK; /* cut into padding */
		got = parse_exact(frame, n, 0);
		ck_assert_msg(got == want, "cut at %zu of %zu: %s, want %s", n,
			      len, afudp_parse_err_name(got),
			      afudp_parse_err_name(want));
	}
}

START_TEST(test_parse_truncations)
{
	check_truncations(v1, sizeof(v1));
	check_truncations(vopt, sizeof(vopt));
	check_truncations(vtrail, sizeof(vtrail));
	check_truncations(vzero, sizeof(vzero));
}
END_TEST

/* One crafted frame per reason, its IPv4 checksum made right again. */
START_TEST(test_parse_errors)
{
	static const uint16_t bad_types[] = { 0x86dd, 0x8100, 0x0806, 0x0000 };
	static const uint16_t frags[] = { 0x2000, 0x6000, 0x0001, 0x1fff,
					  0x3fff };
	uint8_t f[sizeof(v1)], pad[sizeof(vtrail)], opt[sizeof(vopt)];
	size_t i;

	ck_assert_int_eq(parse_exact(v1, 13, 0), AFUDP_PARSE_TRUNC_ETH);

	for (i = 0; i < sizeof(bad_types) / sizeof(bad_types[0]); i++) {
		memcpy(f, v1, sizeof(f));
		put16(f + OFF_ETHTYPE, bad_types[i]);
		ck_assert_int_eq(parse_exact(f, sizeof(f), 0),
				 AFUDP_PARSE_NOT_IPV4);
	}

	ck_assert_int_eq(parse_exact(v1, OFF_IP + 19, 0), AFUDP_PARSE_TRUNC_IP);
	/* IHL 6 claims 24 bytes; only 23 are there. */
	memcpy(f, v1, sizeof(f));
	f[OFF_IP] = 0x46;
	ck_assert_int_eq(parse_exact(f, OFF_IP + 23, 0), AFUDP_PARSE_TRUNC_IP);

	memcpy(f, v1, sizeof(f));
	f[OFF_IP] = 0x65; /* version 6 */
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_BAD_IP);
	memcpy(f, v1, sizeof(f));
	f[OFF_IP] = 0x44; /* IHL 4 */
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_BAD_IP);
	f[OFF_IP] = 0x40; /* IHL 0 */
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_BAD_IP);
	memcpy(f, v1, sizeof(f));
	put16(f + OFF_IP_TOTLEN, 19); /* tot_len < header */
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_BAD_IP);
	/* tot_len covers 20 bytes but not the options (IHL 7 = 28). */
	memcpy(opt, vopt, sizeof(opt));
	put16(opt + OFF_IP_TOTLEN, 24);
	fix_ip_csum(opt);
	ck_assert_int_eq(parse_exact(opt, sizeof(opt), 0), AFUDP_PARSE_BAD_IP);

	memcpy(f, v1, sizeof(f));
	put16(f + OFF_IP_TOTLEN, sizeof(f) - OFF_IP + 1);
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_IP_LEN);

	for (i = 0; i < sizeof(frags) / sizeof(frags[0]); i++) {
		memcpy(f, v1, sizeof(f));
		put16(f + OFF_IP_FRAG, frags[i]);
		fix_ip_csum(f);
		ck_assert_msg(parse_exact(f, sizeof(f), 0) ==
				      AFUDP_PARSE_FRAGMENT,
			      "frag_off 0x%04x", frags[i]);
	}
	/* DF alone, no DF, and the reserved bit are not fragments. */
	memcpy(f, v1, sizeof(f));
	put16(f + OFF_IP_FRAG, 0x0000);
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_OK);
	put16(f + OFF_IP_FRAG, 0x8000);
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_OK);

	memcpy(f, v1, sizeof(f));
	f[OFF_IP_PROTO] = 6; /* TCP */
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_NOT_UDP);

	memcpy(f, v1, sizeof(f));
	put16(f + OFF_IP_TOTLEN, 20 + 7); /* 7 bytes of IP payload */
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_TRUNC_UDP);
	put16(f + OFF_IP_TOTLEN, 20);
	fix_ip_csum(f);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_TRUNC_UDP);

	memcpy(f, v1, sizeof(f));
	put16(f + OFF_UDP_LEN, 7);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_UDP_LEN);
	put16(f + OFF_UDP_LEN, 0);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_UDP_LEN);
	put16(f + OFF_UDP_LEN, 14); /* one past the IP payload */
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_UDP_LEN);
	/* Past tot_len but inside the frame: padding is not IP payload. */
	memcpy(pad, vtrail, sizeof(pad));
	put16(pad + OFF_UDP_LEN, 17);
	ck_assert_int_eq(parse_exact(pad, sizeof(pad), 0), AFUDP_PARSE_UDP_LEN);
	put16(pad + OFF_UDP_LEN, 16); /* exactly to tot_len */
	ck_assert_int_eq(parse_exact(pad, sizeof(pad), AFUDP_PARSE_NO_UDP_CSUM),
			 AFUDP_PARSE_OK);

	memcpy(f, v1, sizeof(f));
	f[OFF_IP_CSUM] ^= 0x01;
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_IP_CSUM);
	ck_assert_int_eq(parse_exact(f, sizeof(f), AFUDP_PARSE_NO_IP_CSUM),
			 AFUDP_PARSE_OK);

	memcpy(f, v1, sizeof(f));
	f[OFF_PAYLOAD] ^= 0x01;
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_UDP_CSUM);
	ck_assert_int_eq(parse_exact(f, sizeof(f), AFUDP_PARSE_NO_UDP_CSUM),
			 AFUDP_PARSE_OK);
}
END_TEST

/* Two faults at once report the one earlier in the enum. */
START_TEST(test_parse_error_order)
{
	uint8_t f[sizeof(v1)];

	memcpy(f, v1, sizeof(f));
	f[OFF_IP_PROTO] = 6; /* not UDP, and the checksum is now wrong */
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_NOT_UDP);

	memcpy(f, v1, sizeof(f));
	f[OFF_IP] = 0x65; /* version 6 and a fragment */
	put16(f + OFF_IP_FRAG, 0x2000);
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_BAD_IP);

	memcpy(f, v1, sizeof(f));
	put16(f + OFF_UDP_LEN, 7); /* bad UDP length and payload */
	f[OFF_PAYLOAD] ^= 0x01;
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_UDP_LEN);

	memcpy(f, v1, sizeof(f));
	f[OFF_IP_CSUM] ^= 0x01; /* both checksums */
	f[OFF_PAYLOAD] ^= 0x01;
	ck_assert_int_eq(parse_exact(f, sizeof(f), 0), AFUDP_PARSE_IP_CSUM);
}
END_TEST

START_TEST(test_parse_err_names)
{
	static const char *const want[AFUDP_PARSE_NR] = {
		"ok",	     "trunc_eth", "not_ipv4", "trunc_ip",
		"bad_ip",    "ip_len",	  "fragment", "not_udp",
		"trunc_udp", "udp_len",	  "ip_csum",  "udp_csum",
		/* The VLAN and IPv6 parsers' own (check_proto6.c). */
		"trunc_vlan", "vlan_stacked", "not_ipv6", "bad_ip6",
		"ip6_exthdr", "martian_src", "martian_dst", "udp_csum_zero",
	};
	enum afudp_parse_err bogus = -1;
	int i;

	ck_assert_int_eq(AFUDP_PARSE_NR, 20);
	for (i = 0; i < AFUDP_PARSE_NR; i++)
		ck_assert_str_eq(afudp_parse_err_name(i), want[i]);
	ck_assert_str_eq(afudp_parse_err_name(AFUDP_PARSE_NR), "unknown");
	ck_assert_str_eq(afudp_parse_err_name(bogus), "unknown");
}
END_TEST

/* ---- build -------------------------------------------------------------- */

START_TEST(test_build_matches_vectors)
{
	struct afudp_udp4_hdr h = v1_hdr_get();
	uint8_t *f = malloc(sizeof(v1));

	ck_assert_ptr_nonnull(f);
	memset(f, 0xa5, OFF_PAYLOAD);
	memcpy(f + OFF_PAYLOAD, "hello", 5);
	ck_assert_uint_eq(afudp_udp4_build(f, &h, 5, 0), sizeof(v1));
	ck_assert_mem_eq(f, v1, sizeof(v1));
	free(f);

	/* The RFC 768 case: computed 0 goes out as ff ff. */
	f = malloc(sizeof(vzero));
	ck_assert_ptr_nonnull(f);
	memset(f, 0, OFF_PAYLOAD);
	f[OFF_PAYLOAD] = 0x4f;
	f[OFF_PAYLOAD + 1] = 0x8e;
	ck_assert_uint_eq(afudp_udp4_build(f, &h, 2, 0), sizeof(vzero));
	ck_assert_uint_eq(f[OFF_UDP_CSUM], 0xff);
	ck_assert_uint_eq(f[OFF_UDP_CSUM + 1], 0xff);
	ck_assert_mem_eq(f, vzero, sizeof(vzero));
	free(f);
}
END_TEST

START_TEST(test_build_fields)
{
	struct afudp_udp4_hdr h = v1_hdr_get();
	uint8_t f[AFUDP_HDR_LEN + 1];
	struct afudp_udp4_info info;

	f[OFF_PAYLOAD] = 'x';
	h.ttl = 0;
	h.tos = 0xb8;
	h.id = htons(0xbeef);
	ck_assert_uint_eq(afudp_udp4_build(f, &h, 1, 0), sizeof(f));
	ck_assert_uint_eq(get16(f + OFF_ETHTYPE), 0x0800);
	ck_assert_uint_eq(f[OFF_IP], 0x45);
	ck_assert_uint_eq(f[OFF_IP + 1], 0xb8);
	ck_assert_uint_eq(get16(f + OFF_IP_TOTLEN), 20 + 8 + 1);
	ck_assert_uint_eq(get16(f + OFF_IP + 4), 0xbeef);
	ck_assert_uint_eq(get16(f + OFF_IP_FRAG), 0x4000); /* DF */
	ck_assert_uint_eq(f[OFF_IP + 8], 64); /* TTL 0 means 64 */
	ck_assert_uint_eq(f[OFF_IP_PROTO], 17);
	ck_assert_uint_eq(get16(f + OFF_UDP_LEN), 9);
	ck_assert_uint_eq(ref_sum(f + OFF_IP, 20, 0), 0xffff);
	ck_assert_uint_eq(ref_udp_sum(f + OFF_IP, f + OFF_UDP, 9), 0xffff);

	h.ttl = 1;
	afudp_udp4_build(f, &h, 1, AFUDP_BUILD_NO_UDP_CSUM);
	ck_assert_uint_eq(f[OFF_IP + 8], 1);
	ck_assert_uint_eq(get16(f + OFF_UDP_CSUM), 0);
	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(f), 0, &info),
			 AFUDP_PARSE_OK);
	ck_assert_uint_eq(info.ttl, 1);
	ck_assert_uint_eq(info.tos, 0xb8);
}
END_TEST

START_TEST(test_build_too_large)
{
	struct afudp_udp4_hdr h = v1_hdr_get();
	struct afudp_udp4_info info;
	size_t len = AFUDP_HDR_LEN + 65507;
	uint8_t small[AFUDP_HDR_LEN];
	uint8_t *f;

	/* Refused without writing: a header-sized buffer is safe. */
	memset(small, 0x5a, sizeof(small));
	ck_assert_uint_eq(afudp_udp4_build(small, &h, 65508, 0), 0);
	ck_assert_uint_eq(afudp_udp4_build(small, &h, (size_t)-1, 0), 0);
	ck_assert_uint_eq(small[0], 0x5a);
	ck_assert_uint_eq(small[sizeof(small) - 1], 0x5a);

	f = malloc(len);
	ck_assert_ptr_nonnull(f);
	fill_random(f + AFUDP_HDR_LEN, 65507);
	ck_assert_uint_eq(afudp_udp4_build(f, &h, 65507, 0), len);
	ck_assert_uint_eq(get16(f + OFF_IP_TOTLEN), 65535);
	ck_assert_int_eq(afudp_udp4_parse(f, len, 0, &info), AFUDP_PARSE_OK);
	ck_assert_uint_eq(info.payload_len, 65507);
	ck_assert_uint_eq(ref_udp_sum(f + OFF_IP, f + OFF_UDP, 65515), 0xffff);
	free(f);
}
END_TEST

/*
 * build -> parse for every payload size of a 1500-byte MTU, at a rotating
 * alignment, each frame checked against the reference sums as well.
 */
/* A template gives the bytes afudp_udp4_build() gives, for any length. */
START_TEST(test_tmpl_matches_build)
{
	static uint8_t a[AFUDP_HDR_LEN + 2000], b[AFUDP_HDR_LEN + 2000];
	struct afudp_udp4_tmpl t;
	struct afudp_udp4_hdr h;
	unsigned int flags;
	size_t len, ra, rb;
	int i;

	for (i = 0; i < 4000; i++) {
		fill_random((uint8_t *)&h, sizeof(h));
		if (i % 5 == 0)
			h.ttl = 0;
		flags = (unsigned int)i & 3;
		len = (size_t)i < 1600 ? (size_t)i : (size_t)(i * 7919) % 2000;
		fill_random(a + AFUDP_HDR_LEN, len);
		memcpy(b + AFUDP_HDR_LEN, a + AFUDP_HDR_LEN, len);
		/*
		 * Every other one from a template built for another port,
		 * the port swapped in (afudp_udp4_tmpl_dport()).
		 */
		if (i & 1) {
			struct afudp_udp4_hdr o = h;

			o.dport = (__be16)(h.dport ^ (uint16_t)(i * 40503));
			afudp_udp4_tmpl_init(&t, &o, flags);
			afudp_udp4_tmpl_dport(&t, h.dport);
		} else {
			afudp_udp4_tmpl_init(&t, &h, flags);
		}
		ra = afudp_udp4_build(a, &h, len, flags);
		rb = afudp_udp4_tmpl_build(b, &t, h.id, len);
		ck_assert_uint_eq(ra, rb);
		ck_assert_msg(!memcmp(a, b, AFUDP_HDR_LEN + len),
			      "len %zu flags %u", len, flags);
	}
	/* A payload whose checksum comes to 0 goes out as 0xffff both ways. */
	memset(&h, 0, sizeof(h));
	h.saddr = htonl(0x0a000001);
	h.daddr = htonl(0x0a000002);
	h.sport = htons(1);
	h.dport = htons(2);
	afudp_udp4_tmpl_init(&t, &h, 0);
	memset(a + AFUDP_HDR_LEN, 0, 2);
	afudp_udp4_build(a, &h, 2, 0);
	/* Make the sum all ones: the payload word takes what was missing. */
	{
		uint16_t c, w;

		memcpy(&c, a + AFUDP_HDR_LEN - 2, 2);
		w = c;	/* ~sum: adding it brings the sum to 0xffff */
		memcpy(b + AFUDP_HDR_LEN, &w, 2);
		memcpy(a + AFUDP_HDR_LEN, &w, 2);
		afudp_udp4_build(a, &h, 2, 0);
		afudp_udp4_tmpl_build(b, &t, h.id, 2);
		memcpy(&c, b + AFUDP_HDR_LEN - 2, 2);
		ck_assert_uint_eq(c, 0xffff);
		ck_assert(!memcmp(a, b, AFUDP_HDR_LEN + 2));
	}
	ck_assert_uint_eq(afudp_udp4_tmpl_build(b, &t, 0,
						AFUDP_UDP4_MAX_PAYLOAD + 1),
			  0);
}
END_TEST

START_TEST(test_round_trip)
{
	struct afudp_udp4_hdr h = v1_hdr_get();
	size_t n;

	for (n = 0; n <= 1500 - AFUDP_IP4_UDP_HDR_LEN; n++) {
		size_t off = n % 8, len = AFUDP_HDR_LEN + n;
		uint8_t *blk = malloc(off + len);
		uint8_t *f = blk + off, *payload;
		struct afudp_udp4_info info;
		unsigned int flags = n % 5 == 4 ? AFUDP_BUILD_NO_UDP_CSUM : 0;

		ck_assert_ptr_nonnull(blk);
		fill_random(f + AFUDP_HDR_LEN, n);
		payload = dup_exact(f + AFUDP_HDR_LEN, n);
		h.sport = htons((uint16_t)(1000 + n));
		h.id = htons((uint16_t)n);
		ck_assert_uint_eq(afudp_udp4_build(f, &h, n, flags), len);

		ck_assert_msg(ref_sum(f + OFF_IP, 20, 0) == 0xffff,
			      "size %zu: bad IPv4 checksum", n);
		if (flags)
			ck_assert_uint_eq(get16(f + OFF_UDP_CSUM), 0);
		else
			ck_assert_msg(ref_udp_sum(f + OFF_IP, f + OFF_UDP,
						  8 + n) == 0xffff,
				      "size %zu: bad UDP checksum", n);

		ck_assert_msg(afudp_udp4_parse(f, len, 0, &info) ==
				      AFUDP_PARSE_OK,
			      "size %zu: parse failed", n);
		ck_assert_ptr_eq(info.payload, f + AFUDP_HDR_LEN);
		ck_assert_uint_eq(info.payload_len, n);
		if (n)
			ck_assert_mem_eq(info.payload, payload, n);
		ck_assert_mem_eq(info.smac, h.smac, 6);
		ck_assert_mem_eq(info.dmac, h.dmac, 6);
		ck_assert_uint_eq(info.saddr, h.saddr);
		ck_assert_uint_eq(info.daddr, h.daddr);
		ck_assert_uint_eq(info.sport, h.sport);
		ck_assert_uint_eq(info.dport, h.dport);
		ck_assert_uint_eq(info.ttl, h.ttl);
		ck_assert_uint_eq(info.tos, h.tos);
		free(payload);
		free(blk);
	}
}
END_TEST

/* A sum over pieces of any length, odd ones too, is the sum of the whole. */
START_TEST(test_csum_raw_at)
{
	uint8_t buf[5001];
	uint16_t whole;
	int i;

	fill_random(buf, sizeof(buf));
	whole = afudp_csum_fold(afudp_csum_raw(buf, sizeof(buf), 0));
	for (i = 0; i < 500; i++) {
		size_t off = 0, n;
		uint32_t s = 0;

		while (off < sizeof(buf)) {
			n = 1 + (size_t)(i * 7919 + off * 31) % 1800;
			if (n > sizeof(buf) - off)
				n = sizeof(buf) - off;
			s = afudp_csum_raw_at(buf + off, n, s, off);
			off += n;
		}
		ck_assert_msg(afudp_csum_fold(s) == whole, "round %d", i);
	}
}
END_TEST

/*
 * A multi-buffer frame: the headers and the first part of the payload in
 * one buffer, the rest elsewhere. parse_head() checks the lengths against
 * the whole, the checksum over the pieces (any split) verifies, and a
 * corrupted byte in a later piece fails it.
 */
START_TEST(test_parse_head_chain)
{
	static uint8_t f[AFUDP_HDR_LEN + 8972];
	struct afudp_udp4_hdr h = v1_hdr_get();
	struct afudp_udp4_info info;
	size_t plen = 8972, head, off, n, total;
	uint32_t sum;
	bool none;
	int i;

	fill_random(f + AFUDP_HDR_LEN, plen);
	total = afudp_udp4_build(f, &h, plen, 0);
	ck_assert_uint_eq(total, AFUDP_HDR_LEN + plen);
	for (i = 0; i < 200; i++) {
		head = AFUDP_HDR_LEN + 1 + (size_t)(i * 131) % 3000;
		ck_assert_int_eq(afudp_udp4_parse_head(f, head, total, 0, &info),
				 AFUDP_PARSE_OK);
		ck_assert_uint_eq(info.payload_len, plen);
		ck_assert_ptr_eq(info.payload, f + AFUDP_HDR_LEN);
		sum = afudp_udp4_csum_start(&info, &none);
		ck_assert(!none);
		n = head - AFUDP_HDR_LEN;
		sum = afudp_csum_raw_at(info.payload, n, sum, 0);
		for (off = n; off < plen; off += n) {
			n = 1 + (size_t)(i * 7 + off) % 2048;
			if (n > plen - off)
				n = plen - off;
			sum = afudp_csum_raw_at(info.payload + off, n, sum, off);
		}
		ck_assert_uint_eq(afudp_csum_fold(sum), 0xffff);
	}
	/* The whole frame as one buffer: the same, checksum included. */
	ck_assert_int_eq(afudp_udp4_parse_head(f, total, total, 0, &info),
			 AFUDP_PARSE_OK);
	/* Headers cut by the first buffer's end; a chain shorter than tot_len. */
	ck_assert_int_eq(afudp_udp4_parse_head(f, AFUDP_HDR_LEN - 1, total, 0,
					       &info),
			 AFUDP_PARSE_TRUNC_UDP);
	ck_assert_int_eq(afudp_udp4_parse_head(f, 30, total, 0, &info),
			 AFUDP_PARSE_TRUNC_IP);
	ck_assert_int_eq(afudp_udp4_parse_head(f, 1792, total - 1, 0, &info),
			 AFUDP_PARSE_IP_LEN);
	/* A flipped bit in the last piece. */
	f[total - 1] ^= 0x10;
	ck_assert_int_eq(afudp_udp4_parse_head(f, 1792, total, 0, &info),
			 AFUDP_PARSE_OK);
	sum = afudp_udp4_csum_start(&info, &none);
	sum = afudp_csum_raw_at(info.payload, 1792 - AFUDP_HDR_LEN, sum, 0);
	sum = afudp_csum_raw_at(info.payload + 1792 - AFUDP_HDR_LEN,
				plen - (1792 - AFUDP_HDR_LEN), sum,
				1792 - AFUDP_HDR_LEN);
	ck_assert_uint_ne(afudp_csum_fold(sum), 0xffff);
}
END_TEST

/* The template's headers from a payload sum given in pieces. */
START_TEST(test_tmpl_build_sum)
{
	static uint8_t a[AFUDP_HDR_LEN + 9000], b[AFUDP_HDR_LEN + 9000];
	struct afudp_udp4_hdr h = v1_hdr_get();
	struct afudp_udp4_tmpl t;
	size_t len, off, n;
	uint32_t sum;
	int i;

	afudp_udp4_tmpl_init(&t, &h, 0);
	for (i = 0; i < 100; i++) {
		len = 1473 + (size_t)i * 75;
		fill_random(a + AFUDP_HDR_LEN, len);
		memcpy(b + AFUDP_HDR_LEN, a + AFUDP_HDR_LEN, len);
		for (sum = 0, off = 0; off < len; off += n) {
			n = 2006 - (size_t)(i & 1);
			if (n > len - off)
				n = len - off;
			sum = afudp_csum_raw_at(b + AFUDP_HDR_LEN + off, n, sum,
						off);
		}
		ck_assert_uint_eq(afudp_udp4_tmpl_build(a, &t, h.id, len),
				  afudp_udp4_tmpl_build_sum(b, &t, h.id, len,
							    sum));
		ck_assert(!memcmp(a, b, AFUDP_HDR_LEN + len));
	}
}
END_TEST

Suite *proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc;

	tc = tcase_create("csum");
	tcase_add_test(tc, test_csum_rfc1071_example);
	tcase_add_test(tc, test_ipv4_hdr_example);
	tcase_add_test(tc, test_csum_odd_bytes);
	tcase_add_test(tc, test_csum_fold);
	tcase_add_test(tc, test_csum_raw_vs_ref);
	tcase_add_test(tc, test_csum_raw_carries);
	tcase_add_test(tc, test_csum_copy);
	tcase_add_test(tc, test_csum_raw_chain);
	tcase_add_test(tc, test_csum_raw_at);
	tcase_add_test(tc, test_ipv4_hdr_csum_vs_ref);
	tcase_add_test(tc, test_csum_pseudo4);
	suite_add_tcase(s, tc);

	tc = tcase_create("udp_csum");
	tcase_add_test(tc, test_udp_csum_vector);
	tcase_add_test(tc, test_udp_csum_zero_is_ffff);
	tcase_add_test(tc, test_udp_csum_none);
	tcase_add_test(tc, test_udp_csum_bad);
	tcase_add_test(tc, test_unaligned);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_vector);
	tcase_add_test(tc, test_parse_options);
	tcase_add_test(tc, test_parse_ihl15);
	tcase_add_test(tc, test_parse_eth_padding);
	tcase_add_test(tc, test_parse_udp_shorter_than_ip);
	tcase_add_test(tc, test_parse_truncations);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_parse_error_order);
	tcase_add_test(tc, test_parse_err_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	/* Slow under valgrind; the default 4 s is for fast tests. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_build_matches_vectors);
	tcase_add_test(tc, test_build_fields);
	tcase_add_test(tc, test_build_too_large);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_tmpl_matches_build);
	tcase_add_test(tc, test_tmpl_build_sum);
	tcase_add_test(tc, test_parse_head_chain);
	suite_add_tcase(s, tc);

	return s;
}
