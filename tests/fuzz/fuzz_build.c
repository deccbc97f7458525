// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: afudp_udp4_build() round trip. The input gives the
 * header fields, flags and the payload; the frame is built in an exactly
 * sized buffer, then checked byte by byte against RFC 791/768 (with the
 * reference checksum of ref.h) and parsed back with afudp_udp4_parse(),
 * which must accept it and return every field unchanged.
 *
 * Input: smac[6] dmac[6] saddr[4] daddr[4] sport[2] dport[2] ttl tos id[2]
 * mode hint[2] payload...   mode bit 0: AFUDP_BUILD_NO_UDP_CSUM; bit 1: the
 * payload is hint bytes (0..65535, past 65507 must be refused) of a pattern
 * instead of the input's tail; bit 2: build at an odd address.
 */
#include <stdio.h>

#include "ref.h"

#define HDR_IN 31

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct afudp_udp4_info info;
	struct afudp_udp4_hdr h;
	const uint8_t *ip, *udp;
	unsigned int flags;
	size_t plen, off, r, i;
	uint8_t mode, *buf, *f, *pl;

	if (size < HDR_IN)
		return 0;
	memcpy(h.smac, data, 6);
	memcpy(h.dmac, data + 6, 6);
	memcpy(&h.saddr, data + 12, 4);
	memcpy(&h.daddr, data + 16, 4);
	memcpy(&h.sport, data + 20, 2);
	memcpy(&h.dport, data + 22, 2);
	h.ttl = data[24];
	h.tos = data[25];
	memcpy(&h.id, data + 26, 2);
	mode = data[28];
	flags = mode & 1 ? AFUDP_BUILD_NO_UDP_CSUM : 0;
	plen = mode & 2 ? ref_be16(data + 29) : size - HDR_IN;
	off = mode & 4 ? 1 : 0;

	buf = malloc(off + AFUDP_HDR_LEN + plen);
	REQUIRE(buf);
	f = buf + off;
	pl = f + AFUDP_HDR_LEN;
	memset(f, 0xa5, AFUDP_HDR_LEN);
	for (i = 0; i < plen; i++)
		pl[i] = mode & 2 ? (uint8_t)(i * 31 + data[30]) :
				   data[HDR_IN + i];

	r = afudp_udp4_build(f, &h, plen, flags);
	if (plen > 65507) {
		/* Refused, and nothing written. */
		REQUIRE(r == 0);
		for (i = 0; i < AFUDP_HDR_LEN; i++)
			REQUIRE(f[i] == 0xa5);
		free(buf);
		return 0;
	}
	REQUIRE(r == AFUDP_HDR_LEN + plen);

	/* The wire format, independently. */
	ip = f + 14;
	udp = ip + 20;
	REQUIRE(!memcmp(f, h.dmac, 6) && !memcmp(f + 6, h.smac, 6));
	REQUIRE(ref_be16(f + 12) == 0x0800);
	REQUIRE(ip[0] == 0x45 && ip[1] == h.tos);
	REQUIRE(ref_be16(ip + 2) == 20 + 8 + plen);
	REQUIRE(!memcmp(ip + 4, &h.id, 2));
	REQUIRE(ref_be16(ip + 6) == 0x4000); /* DF, no offset */
	REQUIRE(ip[8] == (h.ttl ? h.ttl : 64));
	REQUIRE(ip[9] == 17);
	REQUIRE(!memcmp(ip + 12, &h.saddr, 4) && !memcmp(ip + 16, &h.daddr, 4));
	REQUIRE(ref_fold(ref_sum(ip, 20, 0)) == 0xffff);
	REQUIRE(!memcmp(udp, &h.sport, 2) && !memcmp(udp + 2, &h.dport, 2));
	REQUIRE(ref_be16(udp + 4) == 8 + plen);
	if (flags & AFUDP_BUILD_NO_UDP_CSUM) {
		REQUIRE(ref_be16(udp + 6) == 0);
	} else {
		REQUIRE(ref_be16(udp + 6) != 0); /* 0 goes as 0xffff */
		REQUIRE(ref_fold(ref_sum(udp, 8 + plen,
					 ref_pseudo(ip + 12, ip + 16, 17,
						    (uint16_t)(8 + plen)))) ==
			0xffff);
	}

	/* And back: every field as given, the payload where it was. */
	REQUIRE(afudp_udp4_parse(f, r, 0, &info) == AFUDP_PARSE_OK);
	REQUIRE(info.payload == pl && info.payload_len == plen);
	REQUIRE(!memcmp(info.smac, h.smac, 6) && !memcmp(info.dmac, h.dmac, 6));
	REQUIRE(info.saddr == h.saddr && info.daddr == h.daddr);
	REQUIRE(info.sport == h.sport && info.dport == h.dport);
	REQUIRE(info.ttl == (h.ttl ? h.ttl : 64));
	for (i = 0; i < plen; i++)
		REQUIRE(pl[i] == (mode & 2 ? (uint8_t)(i * 31 + data[30]) :
					     data[HDR_IN + i]));
	free(buf);
	return 0;
}
