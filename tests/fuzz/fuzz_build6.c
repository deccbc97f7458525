// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: afudp_udp6_build() round trip, with or without an
 * afudp_vlan_push(). The frame is built in an exactly sized buffer, checked
 * byte by byte against RFC 8200/768 and 802.1Q (with ref.h's checksum), and
 * parsed back with afudp_udp6_parse_vlan(), which must accept it and return
 * every field unchanged.
 *
 * Input: smac[6] dmac[6] saddr[16] daddr[16] sport[2] dport[2] hops tclass
 * flowlabel[3] mode tci[2] hint[2] payload...   mode bit 0: push a tag;
 * bit 1: the payload is hint bytes (0..65535, past 65527 must be refused)
 * of a pattern instead of the input's tail; bit 2: build at an odd address.
 */
#include <stdio.h>

#include "ref.h"

#define HDR_IN 60

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct afudp_udp6_info info;
	struct afudp_udp6_hdr h;
	struct afudp_l2_info l2;
	const uint8_t *ip, *udp;
	size_t plen, off, tag, r, i;
	uint8_t mode, *buf, *f, *pl;
	uint16_t tci, c;

	if (size < HDR_IN)
		return 0;
	memcpy(h.smac, data, 6);
	memcpy(h.dmac, data + 6, 6);
	memcpy(&h.saddr, data + 12, 16);
	memcpy(&h.daddr, data + 28, 16);
	memcpy(&h.sport, data + 44, 2);
	memcpy(&h.dport, data + 46, 2);
	h.hop_limit = data[48];
	h.tclass = data[49];
	h.flowlabel = (uint32_t)data[50] << 16 | ref_be16(data + 51);
	mode = data[53];
	tci = ref_be16(data + 54);
	plen = mode & 2 ? ref_be16(data + 56) : size - HDR_IN;
	tag = mode & 1 ? 4 : 0;
	off = mode & 4 ? 1 : 0;

	buf = malloc(off + tag + AFUDP_HDR6_LEN + plen);
	REQUIRE(buf);
	f = buf + off;
	pl = f + tag + AFUDP_HDR6_LEN;
	memset(f, 0xa5, tag + AFUDP_HDR6_LEN);
	for (i = 0; i < plen; i++)
		pl[i] = mode & 2 ? (uint8_t)(i * 31 + data[58]) :
				   data[HDR_IN + i];

	r = afudp_udp6_build(f + tag, &h, plen);
	if (plen > 65527) {
		REQUIRE(r == 0);
		for (i = 0; i < tag + AFUDP_HDR6_LEN; i++)
			REQUIRE(f[i] == 0xa5);
		free(buf);
		return 0;
	}
	REQUIRE(r == AFUDP_HDR6_LEN + plen);
	if (tag)
		r += afudp_vlan_push(f, tci);
	REQUIRE(r == tag + AFUDP_HDR6_LEN + plen);

	/* The wire format, independently. */
	REQUIRE(!memcmp(f, h.dmac, 6) && !memcmp(f + 6, h.smac, 6));
	if (tag) {
		REQUIRE(ref_be16(f + 12) == 0x8100);
		REQUIRE(ref_be16(f + 14) == tci);
	}
	REQUIRE(ref_be16(f + tag + 12) == 0x86dd);
	ip = f + tag + 14;
	udp = ip + 40;
	REQUIRE(ip[0] >> 4 == 6);
	REQUIRE(((ip[0] & 15) << 4 | ip[1] >> 4) == h.tclass);
	REQUIRE(((uint32_t)(ip[1] & 15) << 16 | ref_be16(ip + 2)) ==
		(h.flowlabel & 0xfffff));
	REQUIRE(ref_be16(ip + 4) == 8 + plen);
	REQUIRE(ip[6] == 17);
	REQUIRE(ip[7] == (h.hop_limit ? h.hop_limit : 64));
	REQUIRE(!memcmp(ip + 8, &h.saddr, 16) && !memcmp(ip + 24, &h.daddr, 16));
	REQUIRE(!memcmp(udp, &h.sport, 2) && !memcmp(udp + 2, &h.dport, 2));
	REQUIRE(ref_be16(udp + 4) == 8 + plen);
	/* Mandatory, never 0, and right. */
	c = ref_be16(udp + 6);
	REQUIRE(c != 0);
	REQUIRE(ref_fold(ref_sum(udp, 8 + plen,
				 ref_pseudo6(ip + 8, (uint32_t)(8 + plen), 17))) ==
		0xffff);

	/* Parsed back whole, unless the addresses are refused as martians. */
	memset(&info, 0x5a, sizeof(info));
	r = afudp_udp6_parse_vlan(f, r, 0, &info, &l2);
	if (r == AFUDP_PARSE_MARTIAN_SRC || r == AFUDP_PARSE_MARTIAN_DST) {
		free(buf);
		return 0;
	}
	REQUIRE(r == AFUDP_PARSE_OK);
	REQUIRE(l2.tagged == !!tag && l2.tci == (tag ? tci : 0));
	REQUIRE(info.payload == pl && info.payload_len == plen);
	REQUIRE(!memcmp(info.smac, h.smac, 6) && !memcmp(info.dmac, h.dmac, 6));
	REQUIRE(!memcmp(&info.saddr, &h.saddr, 16));
	REQUIRE(!memcmp(&info.daddr, &h.daddr, 16));
	REQUIRE(info.sport == h.sport && info.dport == h.dport);
	REQUIRE(info.hop_limit == (h.hop_limit ? h.hop_limit : 64));
	REQUIRE(info.tclass == h.tclass);
	REQUIRE(info.flowlabel == (h.flowlabel & 0xfffff));
	free(buf);
	return 0;
}
