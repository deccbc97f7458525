// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: the checksum steps of lib/proto/csum.h against the
 * word-at-a-time reference of ref.h, on arbitrary bytes at any alignment:
 * the raw sum (whole, and chained at an even split), the pseudo-header, the
 * values to store (IPv4 header; UDP, never 0) and both verifications.
 *
 * Input: offset split saddr[4] daddr[4] bytes...
 */
#include <stdio.h>

#include <arpa/inet.h>

#include "ref.h"
#include "proto/csum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t sum, chained;
	__be32 sa, da;
	size_t len, split, off;
	uint16_t c, ref;
	uint8_t *buf, *p;

	if (size < 10)
		return 0;
	off = data[0] & 7;
	memcpy(&sa, data + 2, 4);
	memcpy(&da, data + 6, 4);
	len = size - 10;
	split = len ? (data[1] * len / 256) & ~(size_t)1 : 0;
	buf = malloc(off + len + 1);
	REQUIRE(buf);
	p = buf + off;
	memcpy(p, data + 10, len);

	/* Raw sum, whole and in two pieces (the first one even). */
	sum = afudp_csum_raw(p, len, 0);
	ref = ref_fold(ref_sum(p, len, 0));
	REQUIRE(ref_same(ntohs(afudp_csum_fold(sum)), ref));
	chained = afudp_csum_raw(p + split, len - split,
				 afudp_csum_raw(p, split, 0));
	REQUIRE(ref_same(afudp_csum_fold(chained), afudp_csum_fold(sum)));

	/* Pseudo-header plus payload. */
	if (len <= 65535) {
		sum = afudp_csum_raw(
			p, len, afudp_csum_pseudo4(sa, da, 17, (uint16_t)len));
		ref = ref_fold(ref_sum(
			p, len,
			ref_pseudo(data + 2, data + 6, 17, (uint16_t)len)));
		REQUIRE(ref_same(ntohs(afudp_csum_fold(sum)), ref));
	}

	/* IPv4 header checksum: store it, the reference must accept it. */
	if (len >= 20 && len <= 60 && !(len & 3)) {
		REQUIRE(afudp_ipv4_hdr_csum_ok(p, len) ==
			(ref_fold(ref_sum(p, len, 0)) == 0xffff));
		p[10] = p[11] = 0;
		c = afudp_ipv4_hdr_csum(p, len);
		memcpy(p + 10, &c, 2);
		REQUIRE(ref_fold(ref_sum(p, len, 0)) == 0xffff);
		REQUIRE(afudp_ipv4_hdr_csum_ok(p, len));
	}

	/* UDP: verification agrees; a stored value verifies and is not 0. */
	if (len >= 8 && len <= 65535) {
		int want =
			ref_be16(p + 6) == 0 ||
			ref_fold(ref_sum(p, len,
					 ref_pseudo(data + 2, data + 6, 17,
						    (uint16_t)len))) == 0xffff;

		REQUIRE(afudp_udp4_csum_ok(sa, da, p, len) == want);
		p[6] = p[7] = 0;
		c = afudp_udp4_csum(sa, da, p, len);
		REQUIRE(c != 0);
		memcpy(p + 6, &c, 2);
		REQUIRE(ref_fold(ref_sum(p, len,
					 ref_pseudo(data + 2, data + 6, 17,
						    (uint16_t)len))) == 0xffff);
		REQUIRE(afudp_udp4_csum_ok(sa, da, p, len));
	}
	free(buf);
	return 0;
}
