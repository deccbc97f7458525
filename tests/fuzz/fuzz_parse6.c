// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: afudp_udp6_parse(), afudp_l2_parse() and the tagged
 * entry points afudp_udp6_parse_vlan() and afudp_udp4_parse_vlan() on
 * arbitrary bytes, the whole input being one received frame. As in
 * fuzz_parse.c: an exactly sized buffer (and an odd-address copy) under
 * ASan/UBSan, and verdicts and fields compared with ref.h's reference
 * parsers for each checksum flag.
 */
#include <stdio.h>

#include "ref.h"

static void same6(const struct afudp_udp6_info *got,
		  const struct afudp_udp6_info *want)
{
	REQUIRE(got->payload == want->payload);
	REQUIRE(got->payload_len == want->payload_len);
	REQUIRE(!memcmp(got->smac, want->smac, 6));
	REQUIRE(!memcmp(got->dmac, want->dmac, 6));
	REQUIRE(!memcmp(&got->saddr, &want->saddr, 16));
	REQUIRE(!memcmp(&got->daddr, &want->daddr, 16));
	REQUIRE(got->sport == want->sport && got->dport == want->dport);
	REQUIRE(got->hop_limit == want->hop_limit);
	REQUIRE(got->tclass == want->tclass);
	REQUIRE(got->flowlabel == want->flowlabel);
}

static void verdict(const char *what, enum afudp_parse_err e,
		    enum afudp_parse_err r, unsigned int flags)
{
	if (e != r)
		fprintf(stderr, "%s: %s, reference: %s (flags %u)\n", what,
			afudp_parse_err_name(e), afudp_parse_err_name(r),
			flags);
	REQUIRE(e == r);
	REQUIRE((unsigned int)e < AFUDP_PARSE_NR);
	REQUIRE(strcmp(afudp_parse_err_name(e), "unknown"));
}

static void one(const uint8_t *f, size_t len, unsigned int flags)
{
	struct afudp_udp6_info got6, want6;
	struct afudp_udp4_info got4, want4;
	struct afudp_l2_info l2, rl2;
	enum afudp_parse_err e, r;
	size_t off;

	memset(&got6, 0x5a, sizeof(got6));
	memset(&want6, 0x5a, sizeof(want6));
	e = afudp_udp6_parse(f, len, flags, &got6);
	r = ref_parse6(f, len, flags, &want6);
	verdict("udp6", e, r, flags);
	if (e == AFUDP_PARSE_OK) {
		same6(&got6, &want6);
		REQUIRE(got6.payload >= f &&
			got6.payload + got6.payload_len <= f + len);
	}

	memset(&l2, 0x5a, sizeof(l2));
	memset(&rl2, 0x5a, sizeof(rl2));
	e = afudp_l2_parse(f, len, &l2);
	r = ref_l2(f, len, &rl2);
	verdict("l2", e, r, flags);
	if (e != AFUDP_PARSE_OK)
		return;
	REQUIRE(l2.tagged == rl2.tagged && l2.tci == rl2.tci);
	REQUIRE(l2.hlen == rl2.hlen && l2.proto == rl2.proto);
	REQUIRE(!memcmp(l2.dmac, rl2.dmac, 6) && !memcmp(l2.smac, rl2.smac, 6));
	off = rl2.hlen - 14u;

	/* Tagged: the untagged contract from the tag on, the outer MACs. */
	memset(&got6, 0x5a, sizeof(got6));
	memset(&want6, 0x5a, sizeof(want6));
	e = afudp_udp6_parse_vlan(f, len, flags, &got6, &l2);
	r = ref_parse6(f + off, len - off, flags, &want6);
	verdict("udp6_vlan", e, r, flags);
	if (e == AFUDP_PARSE_OK) {
		memcpy(want6.dmac, f, 6);
		memcpy(want6.smac, f + 6, 6);
		same6(&got6, &want6);
	}

	memset(&got4, 0x5a, sizeof(got4));
	memset(&want4, 0x5a, sizeof(want4));
	e = afudp_udp4_parse_vlan(f, len, flags, &got4, &l2);
	r = ref_parse(f + off, len - off, flags, &want4);
	verdict("udp4_vlan", e, r, flags);
	if (e == AFUDP_PARSE_OK) {
		REQUIRE(got4.payload == want4.payload);
		REQUIRE(got4.payload_len == want4.payload_len);
		REQUIRE(!memcmp(got4.dmac, f, 6) && !memcmp(got4.smac, f + 6, 6));
		REQUIRE(got4.saddr == want4.saddr && got4.daddr == want4.daddr);
		REQUIRE(got4.sport == want4.sport && got4.dport == want4.dport);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ref_run_parse(data, size, one);
}
