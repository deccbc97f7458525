// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer target: afudp_udp4_parse() on arbitrary bytes, the whole input
 * being one received frame. Under ASan every byte it reads must be inside
 * the frame (the input is copied into an exactly sized buffer, once at an
 * odd address too, so alignment assumptions show under UBSan), and its
 * verdict and every field it reports must match the reference parser in
 * ref.h, for each combination of the checksum-skipping flags.
 */
#include <stdio.h>

#include "ref.h"

static void one(const uint8_t *f, size_t len, unsigned int flags)
{
	struct afudp_udp4_info got, want;
	enum afudp_parse_err e, r;

	memset(&got, 0x5a, sizeof(got));
	memset(&want, 0x5a, sizeof(want));
	e = afudp_udp4_parse(f, len, flags, &got);
	r = ref_parse(f, len, flags, &want);
	if (e != r)
		fprintf(stderr, "parse: %s, reference: %s (flags %u)\n",
			afudp_parse_err_name(e), afudp_parse_err_name(r),
			flags);
	REQUIRE(e == r);
	REQUIRE((unsigned int)e < AFUDP_PARSE_NR);
	REQUIRE(strcmp(afudp_parse_err_name(e), "unknown"));
	if (e != AFUDP_PARSE_OK)
		return;
	REQUIRE(got.payload == want.payload);
	REQUIRE(got.payload_len == want.payload_len);
	REQUIRE(got.payload >= f && got.payload + got.payload_len <= f + len);
	REQUIRE(!memcmp(got.smac, want.smac, 6));
	REQUIRE(!memcmp(got.dmac, want.dmac, 6));
	REQUIRE(got.saddr == want.saddr && got.daddr == want.daddr);
	REQUIRE(got.sport == want.sport && got.dport == want.dport);
	REQUIRE(got.ttl == want.ttl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ref_run_parse(data, size, one);
}
