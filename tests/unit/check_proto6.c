/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for lib/proto's IPv6 and VLAN codecs (udp6.h, vlan.h) and the
 * IPv6 checksum steps (csum.h).
 *
 * Expected checksums do not come from the code under test: the fixed frame
 * below was computed with an independent Python implementation of RFC 1071,
 * and everything else is checked against ref_sum() (tests/fuzz/ref.h), a
 * naive big-endian sum over a pseudo-header laid out byte by byte as RFC
 * 8200 section 8.1 draws it. Every frame a parse test reads lives in a
 * malloc() block of exactly its length, so an overread is a heap overflow
 * that ASan or valgrind reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <check.h>

#include "../fuzz/ref.h"
#include "proto/csum.h"
#include "proto/udp4.h"
#include "proto/udp6.h"
#include "proto/vlan.h"

/*
 * 02:00:00:00:00:01 [fd00::1]:40000 -> 02:00:00:00:00:02 [fd00::2]:9,
 * traffic class 0xb8, flow label 0x12345, hop limit 64, payload "hello":
 * UDP csum 0x25b4.
 */
/* clang-format off */
static const uint8_t v6[67] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x6b, 0x81,
	0x23, 0x45, 0x00, 0x0d, 0x11, 0x40, 0xfd, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x9c, 0x40,
	0x00, 0x09, 0x00, 0x0d, 0x25, 0xb4, 0x68, 0x65,
	0x6c, 0x6c, 0x6f,
};
/* clang-format on */

/* Offsets in an untagged frame. */
#define OFF_IP 14
#define OFF_PLEN (OFF_IP + 4)
#define OFF_NH (OFF_IP + 6)
#define OFF_SRC (OFF_IP + 8)
#define OFF_DST (OFF_IP + 24)
#define OFF_UDP (OFF_IP + 40)

static uint8_t *dup_exact(const void *p, size_t len)
{
	uint8_t *q = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(q);
	memcpy(q, p, len);
	return q;
}

static enum afudp_parse_err parse6(const uint8_t *f, size_t len,
				   unsigned int flags)
{
	struct afudp_udp6_info info;
	uint8_t *copy = dup_exact(f, len);
	enum afudp_parse_err e = afudp_udp6_parse(copy, len, flags, &info);

	free(copy);
	return e;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Refresh the UDP checksum of an untagged frame, the reference way. */
static void fix_udp_csum(uint8_t *f)
{
	uint16_t ulen = ref_be16(f + OFF_UDP + 4);
	uint8_t ph[40];
	uint32_t sum;
	uint16_t c;

	memcpy(ph, f + OFF_SRC, 32);
	ph[32] = 0;
	ph[33] = 0;
	put16(ph + 34, ulen);
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = 17;
	put16(f + OFF_UDP + 6, 0);
	sum = ref_sum(ph, sizeof(ph), 0);
	sum = ref_sum(f + OFF_UDP, ulen, sum);
	c = (uint16_t)~ref_fold(sum);
	put16(f + OFF_UDP + 6, c ? c : 0xffff);
}

/* True when an untagged frame's UDP checksum is set and verifies. */
static int ref_udp6_ok(const uint8_t *f)
{
	uint16_t ulen = ref_be16(f + OFF_UDP + 4);
	uint8_t ph[40] = { 0 };

	memcpy(ph, f + OFF_SRC, 32);
	put16(ph + 34, ulen);
	ph[39] = 17;
	return ref_be16(f + OFF_UDP + 6) &&
	       ref_fold(ref_sum(f + OFF_UDP, ulen, ref_sum(ph, 40, 0))) ==
		       0xffff;
}

static void fill_random(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)random();
}

static void v6_hdr(struct afudp_udp6_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->dmac, v6, 6);
	memcpy(h->smac, v6 + 6, 6);
	memcpy(&h->saddr, v6 + OFF_SRC, 16);
	memcpy(&h->daddr, v6 + OFF_DST, 16);
	h->sport = htons(40000);
	h->dport = htons(9);
	h->hop_limit = 64;
	h->tclass = 0xb8;
	h->flowlabel = 0x12345;
}

START_TEST(test_pseudo6_vs_ref)
{
	struct in6_addr s, d;
	uint8_t ph[40];
	int i;

	for (i = 0; i < 2000; i++) {
		uint32_t len = i < 1000 ? (uint32_t)i : (uint32_t)random();
		uint8_t proto = (uint8_t)random();

		fill_random(s.s6_addr, 16);
		fill_random(d.s6_addr, 16);
		if (i & 1) /* every carry */
			memset(&s, 0xff, 16);
		memcpy(ph, &s, 16);
		memcpy(ph + 16, &d, 16);
		put16(ph + 32, len >> 16);
		put16(ph + 34, len & 0xffff);
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = proto;
		ck_assert_msg(ref_same(ntohs(afudp_csum_fold(afudp_csum_pseudo6(
					       &s, &d, proto, len))),
				       ref_fold(ref_sum(ph, 40, 0))),
			      "case %d", i);
	}
}
END_TEST

START_TEST(test_build_vector)
{
	struct afudp_udp6_hdr h;
	uint8_t f[sizeof(v6)];

	v6_hdr(&h);
	memset(f, 0xee, sizeof(f));
	memcpy(f + AFUDP_HDR6_LEN, "hello", 5);
	ck_assert_uint_eq(afudp_udp6_build(f, &h, 5), sizeof(v6));
	ck_assert_mem_eq(f, v6, sizeof(v6));
	ck_assert_uint_eq(afudp_udp6_build(f, &h, AFUDP_UDP6_MAX_PAYLOAD + 1),
			  0);
	ck_assert_mem_eq(f, v6, sizeof(v6));
}
END_TEST

START_TEST(test_parse_vector)
{
	struct afudp_udp6_info info;
	uint8_t *f = dup_exact(v6, sizeof(v6));

	ck_assert_int_eq(afudp_udp6_parse(f, sizeof(v6), 0, &info),
			 AFUDP_PARSE_OK);
	ck_assert_ptr_eq(info.payload, f + AFUDP_HDR6_LEN);
	ck_assert_uint_eq(info.payload_len, 5);
	ck_assert_mem_eq(info.dmac, v6, 6);
	ck_assert_mem_eq(info.smac, v6 + 6, 6);
	ck_assert_mem_eq(&info.saddr, v6 + OFF_SRC, 16);
	ck_assert_mem_eq(&info.daddr, v6 + OFF_DST, 16);
	ck_assert_uint_eq(ntohs(info.sport), 40000);
	ck_assert_uint_eq(ntohs(info.dport), 9);
	ck_assert_uint_eq(info.hop_limit, 64);
	ck_assert_uint_eq(info.tclass, 0xb8);
	ck_assert_uint_eq(info.flowlabel, 0x12345);
	/* The untagged IPv4 parser leaves IPv6 alone, as before. */
	ck_assert_int_eq(afudp_udp4_parse(f, sizeof(v6), 0,
					  &(struct afudp_udp4_info){ 0 }),
			 AFUDP_PARSE_NOT_IPV4);
	free(f);
}
END_TEST

/* A checksum that computes to 0 goes out as 0xffff and is accepted. */
START_TEST(test_csum_zero_is_ffff)
{
	struct afudp_udp6_hdr h;
	uint8_t f[AFUDP_HDR6_LEN + 2];
	unsigned int w;

	v6_hdr(&h);
	for (w = 0; w < 0x10000; w++) {
		put16(f + AFUDP_HDR6_LEN, (uint16_t)w);
		afudp_udp6_build(f, &h, 2);
		if (ref_be16(f + OFF_UDP + 6) == 0xffff)
			break;
	}
	ck_assert_uint_lt(w, 0x10000);
	ck_assert(ref_udp6_ok(f));
	ck_assert_int_eq(parse6(f, sizeof(f), 0), AFUDP_PARSE_OK);
}
END_TEST

/*
 * A template gives the bytes afudp_udp6_build() gives, for any header and
 * length (a payload summing to a checksum of 0 included: 0xffff both
 * ways), and from a payload sum taken in pieces as well.
 */
START_TEST(test_tmpl_matches_build)
{
	static uint8_t a[AFUDP_HDR6_LEN + 9000], b[AFUDP_HDR6_LEN + 9000];
	struct afudp_udp6_tmpl t;
	struct afudp_udp6_hdr h;
	size_t len, off, n, ra, rb;
	uint32_t sum;
	unsigned int w;
	int i;

	for (i = 0; i < 4000; i++) {
		fill_random((uint8_t *)&h, sizeof(h));
		if (i % 5 == 0)
			h.hop_limit = 0;
		len = (size_t)i < 1600 ? (size_t)i : (size_t)(i * 7919) % 9000;
		fill_random(a + AFUDP_HDR6_LEN, len);
		memcpy(b + AFUDP_HDR6_LEN, a + AFUDP_HDR6_LEN, len);
		/* Every fourth from another port's template, swapped in. */
		if (!(i & 3)) {
			struct afudp_udp6_hdr o = h;

			o.dport = (__be16)(h.dport ^ (uint16_t)(i * 40503 + 1));
			afudp_udp6_tmpl_init(&t, &o);
			afudp_udp6_tmpl_dport(&t, h.dport);
		} else {
			afudp_udp6_tmpl_init(&t, &h);
		}
		ra = afudp_udp6_build(a, &h, len);
		if (i & 1) {
			rb = afudp_udp6_tmpl_build(b, &t, len);
		} else {
			for (sum = 0, off = 0; off < len; off += n) {
				n = 1001 + (size_t)(i & 2);
				if (n > len - off)
					n = len - off;
				sum = afudp_csum_raw_at(b + AFUDP_HDR6_LEN + off,
							n, sum, off);
			}
			rb = afudp_udp6_tmpl_build_sum(b, &t, len, sum);
		}
		ck_assert_uint_eq(ra, rb);
		ck_assert_msg(!memcmp(a, b, AFUDP_HDR6_LEN + len), "len %zu",
			      len);
	}
	v6_hdr(&h);
	afudp_udp6_tmpl_init(&t, &h);
	for (w = 0; w < 0x10000; w++) {
		put16(b + AFUDP_HDR6_LEN, (uint16_t)w);
		afudp_udp6_tmpl_build(b, &t, 2);
		if (ref_be16(b + OFF_UDP + 6) == 0xffff)
			break;
	}
	ck_assert_uint_lt(w, 0x10000);
	ck_assert(ref_udp6_ok(b));
	memcpy(a + AFUDP_HDR6_LEN, b + AFUDP_HDR6_LEN, 2);
	afudp_udp6_build(a, &h, 2);
	ck_assert(!memcmp(a, b, AFUDP_HDR6_LEN + 2));
	ck_assert_uint_eq(afudp_udp6_tmpl_build(b, &t,
						AFUDP_UDP6_MAX_PAYLOAD + 1),
			  0);
}
END_TEST

/*
 * Every payload length to 1500 and a few larger, tagged and untagged, at
 * every alignment mod 4: build, check against the reference sum, parse.
 */
START_TEST(test_round_trip)
{
	static const size_t bigs[] = { 8952, 9000, 65527 };
	size_t n, i, len, max = AFUDP_UDP6_MAX_PAYLOAD + AFUDP_HDR6_LEN + 8;
	uint8_t *buf = malloc(max), *src = malloc(max);
	struct afudp_udp6_hdr h;

	ck_assert_ptr_nonnull(buf);
	ck_assert_ptr_nonnull(src);
	fill_random(src, max);
	v6_hdr(&h);
	for (i = 0; i < 1501 + 3; i++) {
		size_t off = i % 4, tag = (i / 4) % 2 ? AFUDP_VLAN_HLEN : 0;
		struct afudp_udp6_info info;
		struct afudp_l2_info l2;
		uint8_t *f = buf + off, *blk;

		n = i < 1501 ? i : bigs[i - 1501];
		h.hop_limit = (uint8_t)i; /* 0 is 64 */
		h.flowlabel = (uint32_t)i * 0x1111;
		memcpy(f + tag + AFUDP_HDR6_LEN, src, n);
		len = afudp_udp6_build(f + tag, &h, n);
		ck_assert_uint_eq(len, AFUDP_HDR6_LEN + n);
		ck_assert_msg(ref_udp6_ok(f + tag), "len %zu", n);
		if (tag)
			len += afudp_vlan_push(f, 0x2000 | (uint16_t)i);
		blk = dup_exact(f, len);
		if (tag) {
			ck_assert_int_eq(afudp_udp6_parse(blk, len, 0, &info),
					 AFUDP_PARSE_NOT_IPV6);
			ck_assert_int_eq(afudp_udp6_parse_vlan(blk, len, 0,
							       &info, &l2),
					 AFUDP_PARSE_OK);
			ck_assert(l2.tagged);
			ck_assert_uint_eq(l2.tci, 0x2000 | (uint16_t)i);
		} else {
			ck_assert_int_eq(afudp_udp6_parse(blk, len, 0, &info),
					 AFUDP_PARSE_OK);
		}
		ck_assert_uint_eq(info.payload_len, n);
		ck_assert_ptr_eq(info.payload, blk + tag + AFUDP_HDR6_LEN);
		ck_assert_mem_eq(info.payload, src, n);
		ck_assert_mem_eq(info.dmac, h.dmac, 6);
		ck_assert_mem_eq(info.smac, h.smac, 6);
		ck_assert_mem_eq(&info.saddr, &h.saddr, 16);
		ck_assert_mem_eq(&info.daddr, &h.daddr, 16);
		ck_assert(info.sport == h.sport && info.dport == h.dport);
		ck_assert_uint_eq(info.hop_limit, i % 256 ? i % 256 : 64);
		ck_assert_uint_eq(info.flowlabel, (i * 0x1111) & 0xfffff);
		ck_assert_uint_eq(info.tclass, 0xb8);
		free(blk);
	}
	free(src);
	free(buf);
}
END_TEST

/* Every cut of a valid frame, tagged and untagged, at every byte length. */
START_TEST(test_truncations)
{
	uint8_t t[sizeof(v6) + AFUDP_VLAN_HLEN];
	struct afudp_udp6_info info;
	struct afudp_l2_info l2;
	size_t len;

	for (len = 0; len < sizeof(v6); len++) {
		enum afudp_parse_err want =
			len < 14	       ? AFUDP_PARSE_TRUNC_ETH :
			len < 14 + 40	       ? AFUDP_PARSE_TRUNC_IP :
						 AFUDP_PARSE_IP_LEN;

		ck_assert_msg(parse6(v6, len, 0) == want, "len %zu: %s", len,
			      afudp_parse_err_name(parse6(v6, len, 0)));
	}
	memcpy(t + AFUDP_VLAN_HLEN, v6, sizeof(v6));
	afudp_vlan_push(t, 100);
	for (len = 0; len < sizeof(t); len++) {
		enum afudp_parse_err want =
			len < 14	       ? AFUDP_PARSE_TRUNC_ETH :
			len < 18	       ? AFUDP_PARSE_TRUNC_VLAN :
			len < 18 + 40	       ? AFUDP_PARSE_TRUNC_IP :
						 AFUDP_PARSE_IP_LEN;
		uint8_t *f = dup_exact(t, len);

		ck_assert_msg(afudp_udp6_parse_vlan(f, len, 0, &info, &l2) ==
				      want,
			      "len %zu", len);
		free(f);
	}
}
END_TEST

/* Each next header the kernel must judge, one at a time. */
START_TEST(test_exthdr)
{
	static const struct {
		uint8_t nh;
		enum afudp_parse_err want;
	} cases[] = {
		{ 0, AFUDP_PARSE_IP6_EXTHDR },	 /* hop-by-hop */
		{ 43, AFUDP_PARSE_IP6_EXTHDR },	 /* routing */
		{ 44, AFUDP_PARSE_FRAGMENT },	 /* fragment */
		{ 60, AFUDP_PARSE_IP6_EXTHDR },	 /* destination options */
		{ 51, AFUDP_PARSE_IP6_EXTHDR },	 /* AH */
		{ 50, AFUDP_PARSE_IP6_EXTHDR },	 /* ESP */
		{ 59, AFUDP_PARSE_IP6_EXTHDR },	 /* no next header */
		{ 135, AFUDP_PARSE_IP6_EXTHDR }, /* mobility */
		{ 139, AFUDP_PARSE_IP6_EXTHDR }, /* HIP */
		{ 140, AFUDP_PARSE_IP6_EXTHDR }, /* shim6 */
		{ 6, AFUDP_PARSE_NOT_UDP },	 /* TCP */
		{ 58, AFUDP_PARSE_NOT_UDP },	 /* ICMPv6 */
		{ 136, AFUDP_PARSE_NOT_UDP },	 /* UDP-Lite */
		{ 17, AFUDP_PARSE_OK },
	};
	uint8_t f[sizeof(v6)];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(f, v6, sizeof(f));
		f[OFF_NH] = cases[i].nh;
		ck_assert_msg(parse6(f, sizeof(f), 0) == cases[i].want,
			      "next header %u: %s", cases[i].nh,
			      afudp_parse_err_name(parse6(f, sizeof(f), 0)));
	}
}
END_TEST

START_TEST(test_lengths)
{
	uint8_t f[sizeof(v6) + 20];
	uint16_t plen;

	/* Version. */
	memcpy(f, v6, sizeof(v6));
	f[OFF_IP] = 0x4b;
	ck_assert_int_eq(parse6(f, sizeof(v6), 0), AFUDP_PARSE_BAD_IP6);
	/* Other ethertypes. */
	memcpy(f, v6, sizeof(v6));
	put16(f + 12, 0x0800);
	ck_assert_int_eq(parse6(f, sizeof(v6), 0), AFUDP_PARSE_NOT_IPV6);
	/* Payload length against the frame, and against the UDP length. */
	for (plen = 0; plen < 40; plen++) {
		enum afudp_parse_err want =
			plen > 13 ? AFUDP_PARSE_IP_LEN :
			plen < 8  ? AFUDP_PARSE_TRUNC_UDP :
			plen < 13 ? AFUDP_PARSE_UDP_LEN :
				    AFUDP_PARSE_OK;

		memcpy(f, v6, sizeof(v6));
		put16(f + OFF_PLEN, plen);
		ck_assert_msg(parse6(f, sizeof(v6), 0) == want, "plen %u: %s",
			      plen,
			      afudp_parse_err_name(parse6(f, sizeof(v6), 0)));
	}
	/* UDP length under 8, over the payload length. */
	memcpy(f, v6, sizeof(v6));
	put16(f + OFF_UDP + 4, 7);
	ck_assert_int_eq(parse6(f, sizeof(v6), 0), AFUDP_PARSE_UDP_LEN);
	put16(f + OFF_UDP + 4, 0);
	ck_assert_int_eq(parse6(f, sizeof(v6), 0), AFUDP_PARSE_UDP_LEN);
	put16(f + OFF_UDP + 4, 14);
	ck_assert_int_eq(parse6(f, sizeof(v6), 0), AFUDP_PARSE_UDP_LEN);
	/* Ethernet padding after the payload length is ignored. */
	memcpy(f, v6, sizeof(v6));
	memset(f + sizeof(v6), 0xee, 20);
	ck_assert_int_eq(parse6(f, sizeof(f), 0), AFUDP_PARSE_OK);
	/* So are bytes after a UDP length shorter than the payload length. */
	put16(f + OFF_PLEN, 13 + 20);
	ck_assert_int_eq(parse6(f, sizeof(f), 0), AFUDP_PARSE_OK);
	put16(f + OFF_UDP + 4, 9);
	fix_udp_csum(f);
	{
		struct afudp_udp6_info info;

		ck_assert_int_eq(afudp_udp6_parse(f, sizeof(f), 0, &info),
				 AFUDP_PARSE_OK);
		ck_assert_uint_eq(info.payload_len, 1);
	}
}
END_TEST

START_TEST(test_csum)
{
	uint8_t f[sizeof(v6)];
	size_t i;

	/* Zero: refused even when the sum is not checked. */
	memcpy(f, v6, sizeof(f));
	put16(f + OFF_UDP + 6, 0);
	ck_assert_int_eq(parse6(f, sizeof(f), 0), AFUDP_PARSE_UDP_CSUM_ZERO);
	ck_assert_int_eq(parse6(f, sizeof(f), AFUDP_PARSE_NO_UDP_CSUM),
			 AFUDP_PARSE_UDP_CSUM_ZERO);
	/* One bit flipped anywhere the sum covers. */
	for (i = OFF_SRC * 8; i < sizeof(f) * 8; i++) {
		memcpy(f, v6, sizeof(f));
		f[i / 8] ^= 1u << (i % 8);
		/* Flips that turn the frame into something else first. */
		if (i / 8 < OFF_UDP &&
		    (f[OFF_SRC] == 0xff || f[OFF_DST] == 0xff))
			continue;
		if (i / 8 == OFF_UDP + 4 || i / 8 == OFF_UDP + 5)
			continue;
		ck_assert_msg(parse6(f, sizeof(f), 0) == AFUDP_PARSE_UDP_CSUM,
			      "bit %zu", i);
		ck_assert_int_eq(parse6(f, sizeof(f), AFUDP_PARSE_NO_UDP_CSUM),
				 AFUDP_PARSE_OK);
	}
}
END_TEST

START_TEST(test_martians)
{
	static const struct {
		const char *src, *dst;
		enum afudp_parse_err want;
	} cases[] = {
		{ "::", "fd00::2", AFUDP_PARSE_MARTIAN_SRC },
		{ "::1", "fd00::2", AFUDP_PARSE_MARTIAN_SRC },
		{ "ff02::1", "fd00::2", AFUDP_PARSE_MARTIAN_SRC },
		{ "ff0e::1", "fd00::2", AFUDP_PARSE_MARTIAN_SRC },
		{ "::ffff:10.0.0.1", "fd00::2", AFUDP_PARSE_MARTIAN_SRC },
		{ "fd00::1", "::", AFUDP_PARSE_MARTIAN_DST },
		{ "fd00::1", "::1", AFUDP_PARSE_MARTIAN_DST },
		{ "fd00::1", "ff00::1", AFUDP_PARSE_MARTIAN_DST },
		{ "fd00::1", "ff01::1", AFUDP_PARSE_MARTIAN_DST },
		{ "fd00::1", "ff11::1", AFUDP_PARSE_MARTIAN_DST },
		/* Left to the layers that know the addresses and groups. */
		{ "fd00::1", "ff02::1", AFUDP_PARSE_OK },
		{ "fd00::1", "ff05::1:3", AFUDP_PARSE_OK },
		{ "fe80::1", "fe80::2", AFUDP_PARSE_OK },
		{ "::2", "fd00::2", AFUDP_PARSE_OK },
		{ "::ffff:0:10.0.0.1", "fd00::2", AFUDP_PARSE_OK },
		{ "2001:db8::1", "::ffff:10.0.0.2", AFUDP_PARSE_OK },
	};
	uint8_t f[sizeof(v6)];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(f, v6, sizeof(f));
		ck_assert_int_eq(inet_pton(AF_INET6, cases[i].src, f + OFF_SRC),
				 1);
		ck_assert_int_eq(inet_pton(AF_INET6, cases[i].dst, f + OFF_DST),
				 1);
		fix_udp_csum(f);
		ck_assert_msg(parse6(f, sizeof(f), 0) == cases[i].want,
			      "%s -> %s: %s", cases[i].src, cases[i].dst,
			      afudp_parse_err_name(parse6(f, sizeof(f), 0)));
	}
}
END_TEST

/* The tag reader alone: untagged, tagged, QinQ, stacked, other TPIDs. */
START_TEST(test_l2)
{
	struct afudp_l2_info l2;
	uint8_t f[32];

	memcpy(f, v6, sizeof(f));
	ck_assert_int_eq(afudp_l2_parse(f, 14, &l2), AFUDP_PARSE_OK);
	ck_assert(!l2.tagged);
	ck_assert_uint_eq(l2.hlen, 14);
	ck_assert_uint_eq(ntohs(l2.proto), 0x86dd);
	ck_assert_uint_eq(l2.tci, 0);
	ck_assert_mem_eq(l2.dmac, v6, 6);
	ck_assert_mem_eq(l2.smac, v6 + 6, 6);

	memcpy(f + 4, v6, sizeof(f) - 4);
	ck_assert_uint_eq(afudp_vlan_push(f, 0xe064), 4); /* PCP 7, VID 100 */
	ck_assert_mem_eq(f, v6, 12);
	ck_assert_uint_eq(ref_be16(f + 12), 0x8100);
	ck_assert_uint_eq(ref_be16(f + 14), 0xe064);
	ck_assert_uint_eq(ref_be16(f + 16), 0x86dd);
	ck_assert_int_eq(afudp_l2_parse(f, 18, &l2), AFUDP_PARSE_OK);
	ck_assert(l2.tagged);
	ck_assert_uint_eq(l2.hlen, 18);
	ck_assert_uint_eq(l2.tci, 0xe064);
	ck_assert_uint_eq(l2.tci & AFUDP_VLAN_VID_MASK, 100);
	ck_assert_uint_eq(ntohs(l2.proto), 0x86dd);
	ck_assert_mem_eq(l2.dmac, v6, 6);
	ck_assert_mem_eq(l2.smac, v6 + 6, 6);
	ck_assert_int_eq(afudp_l2_parse(f, 17, &l2), AFUDP_PARSE_TRUNC_VLAN);

	/* Two tags: 802.1ad outside, or 802.1Q twice, or 802.1ad inside. */
	put16(f + 16, 0x8100);
	ck_assert_int_eq(afudp_l2_parse(f, 22, &l2),
			 AFUDP_PARSE_VLAN_STACKED);
	put16(f + 16, 0x88a8);
	ck_assert_int_eq(afudp_l2_parse(f, 22, &l2),
			 AFUDP_PARSE_VLAN_STACKED);
	put16(f + 12, 0x88a8);
	put16(f + 16, 0x8100);
	ck_assert_int_eq(afudp_l2_parse(f, 22, &l2),
			 AFUDP_PARSE_VLAN_STACKED);
	ck_assert_int_eq(afudp_l2_parse(f, 14, &l2),
			 AFUDP_PARSE_VLAN_STACKED);
	/* Another TPID (old 0x9100 QinQ) is only an unknown ethertype. */
	put16(f + 12, 0x9100);
	ck_assert_int_eq(afudp_l2_parse(f, 22, &l2), AFUDP_PARSE_OK);
	ck_assert(!l2.tagged);
	ck_assert_uint_eq(ntohs(l2.proto), 0x9100);
	ck_assert_int_eq(afudp_l2_parse(f, 13, &l2), AFUDP_PARSE_TRUNC_ETH);
}
END_TEST

/* IPv4 behind a tag: built by a push, parsed by the VLAN entry point. */
START_TEST(test_udp4_vlan)
{
	struct afudp_udp4_hdr h = {
		.smac = { 2, 0, 0, 0, 0, 1 },
		.dmac = { 2, 0, 0, 0, 0, 2 },
		.saddr = htonl(0x0a000001),
		.daddr = htonl(0x0a000002),
		.sport = htons(40000),
		.dport = htons(9),
		.id = htons(0x1234),
	};
	uint8_t f[AFUDP_VLAN_HLEN + AFUDP_HDR_LEN + 5], u[AFUDP_HDR_LEN + 5];
	struct afudp_udp4_info info;
	struct afudp_l2_info l2;
	size_t len;
	uint8_t *blk;

	memcpy(u + AFUDP_HDR_LEN, "hello", 5);
	ck_assert_uint_eq(afudp_udp4_build(u, &h, 5, 0), sizeof(u));
	memcpy(f + AFUDP_VLAN_HLEN + AFUDP_HDR_LEN, "hello", 5);
	len = afudp_udp4_build(f + AFUDP_VLAN_HLEN, &h, 5, 0);
	len += afudp_vlan_push(f, 42);
	ck_assert_uint_eq(len, sizeof(f));
	/* The same frame with the tag between the MACs and the ethertype. */
	ck_assert_mem_eq(f, u, 12);
	ck_assert_mem_eq(f + 16, u + 12, sizeof(u) - 12);

	blk = dup_exact(f, len);
	ck_assert_int_eq(afudp_udp4_parse(blk, len, 0, &info),
			 AFUDP_PARSE_NOT_IPV4);
	memset(&info, 0, sizeof(info));
	ck_assert_int_eq(afudp_udp4_parse_vlan(blk, len, 0, &info, &l2),
			 AFUDP_PARSE_OK);
	ck_assert(l2.tagged);
	ck_assert_uint_eq(l2.tci, 42);
	ck_assert_ptr_eq(info.payload, blk + 18 + 28);
	ck_assert_uint_eq(info.payload_len, 5);
	ck_assert_mem_eq(info.smac, h.smac, 6);
	ck_assert_mem_eq(info.dmac, h.dmac, 6);
	ck_assert(info.saddr == h.saddr && info.daddr == h.daddr);
	ck_assert(info.sport == h.sport && info.dport == h.dport);
	ck_assert_int_eq(afudp_udp4_parse_vlan(blk, len - 6, 0, &info, &l2),
			 AFUDP_PARSE_IP_LEN);
	/* The inner ethertype decides: IPv4 behind the tag is not IPv6. */
	ck_assert_int_eq(afudp_udp6_parse_vlan(blk, len, 0,
					       &(struct afudp_udp6_info){ 0 },
					       &l2),
			 AFUDP_PARSE_NOT_IPV6);
	free(blk);

	/* Untagged through the VLAN entry point: as afudp_udp4_parse(). */
	blk = dup_exact(u, sizeof(u));
	ck_assert_int_eq(afudp_udp4_parse_vlan(blk, sizeof(u), 0, &info, &l2),
			 AFUDP_PARSE_OK);
	ck_assert(!l2.tagged);
	ck_assert_ptr_eq(info.payload, blk + AFUDP_HDR_LEN);
	ck_assert_mem_eq(info.smac, h.smac, 6);
	free(blk);
}
END_TEST

/* IPv4-mapped addresses, both ways (an AF_INET6 socket's IPv4 peers). */
START_TEST(test_v4mapped)
{
	struct sockaddr_in6 a6;
	struct sockaddr_in a4 = { .sin_family = 0x5a5a }, back;
	char txt[INET6_ADDRSTRLEN];

	afudp_sin_to_sin6(htonl(0x0a000102), htons(4242), &a6);
	ck_assert_int_eq(a6.sin6_family, AF_INET6);
	ck_assert_uint_eq(a6.sin6_port, htons(4242));
	ck_assert_uint_eq(a6.sin6_scope_id, 0);
	ck_assert_uint_eq(a6.sin6_flowinfo, 0);
	ck_assert_ptr_nonnull(inet_ntop(AF_INET6, &a6.sin6_addr, txt,
					sizeof(txt)));
	ck_assert_str_eq(txt, "::ffff:10.0.1.2");
	ck_assert(IN6_IS_ADDR_V4MAPPED(&a6.sin6_addr));
	ck_assert(afudp_sin6_to_sin(&a6, &back));
	ck_assert_int_eq(back.sin_family, AF_INET);
	ck_assert_uint_eq(back.sin_port, htons(4242));
	ck_assert_uint_eq(back.sin_addr.s_addr, htonl(0x0a000102));
	/* Not mapped: false, and the output untouched. */
	ck_assert_int_eq(inet_pton(AF_INET6, "fd00::1", &a6.sin6_addr), 1);
	ck_assert(!afudp_sin6_to_sin(&a6, &a4));
	ck_assert_int_eq(a4.sin_family, 0x5a5a);
	/* ::a.b.c.d (compatible, deprecated) and :: are not mapped either. */
	ck_assert_int_eq(inet_pton(AF_INET6, "::10.0.1.2", &a6.sin6_addr), 1);
	ck_assert(!afudp_sin6_to_sin(&a6, &a4));
	memset(&a6.sin6_addr, 0, sizeof(a6.sin6_addr));
	ck_assert(!afudp_sin6_to_sin(&a6, &a4));
	/* The mapped wildcard: IPv4's 0.0.0.0. */
	afudp_sin_to_sin6(0, 0, &a6);
	ck_assert(afudp_sin6_to_sin(&a6, &back));
	ck_assert_uint_eq(back.sin_addr.s_addr, 0);
}
END_TEST

Suite *proto6_suite(void)
{
	Suite *s = suite_create("proto6");
	TCase *tc;

	tc = tcase_create("csum6");
	tcase_add_test(tc, test_pseudo6_vs_ref);
	tcase_add_test(tc, test_csum_zero_is_ffff);
	tcase_add_test(tc, test_csum);
	suite_add_tcase(s, tc);

	tc = tcase_create("udp6");
	/* Slow under valgrind; the default 4 s is for fast tests. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_build_vector);
	tcase_add_test(tc, test_parse_vector);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_truncations);
	tcase_add_test(tc, test_exthdr);
	tcase_add_test(tc, test_lengths);
	tcase_add_test(tc, test_martians);
	tcase_add_test(tc, test_v4mapped);
	tcase_add_test(tc, test_tmpl_matches_build);
	suite_add_tcase(s, tc);

	tc = tcase_create("vlan");
	tcase_add_test(tc, test_l2);
	tcase_add_test(tc, test_udp4_vlan);
	suite_add_tcase(s, tc);

	return s;
}
