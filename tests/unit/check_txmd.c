/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for lib/proto/txmd: the AF_XDP TX metadata a device reads to
 * compute a UDP checksum, checked without a device. The kernel ABI
 * numbers are the ones of linux/if_xdp.h (6.8+), spelled here again on
 * purpose; the device is emulated as the kernel's skb_checksum_help()
 * does it, byte by byte, big-endian: sum from csum_start to the end, fold,
 * invert, a 0 stored as 0xffff.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <check.h>

#include "proto/csum.h"
#include "proto/txmd.h"
#include "proto/udp4.h"

#include "frame_v1.h"

/* What the device does with @md on @frame. */
static void device_csum(uint8_t *frame, size_t len,
			const struct afudp_xsk_tx_md *md)
{
	uint32_t sum = 0;
	uint16_t c;
	size_t i;

	for (i = md->csum_start; i < len; i++)
		sum += (i - md->csum_start) % 2 ? frame[i] : frame[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	c = (uint16_t)~sum;
	if (!c)
		c = 0xffff;
	frame[md->csum_start + md->csum_offset] = c >> 8;
	frame[md->csum_start + md->csum_offset + 1] = c & 0xff;
}

START_TEST(test_abi_layout)
{
	/* struct xsk_tx_metadata and the flags, as the kernel reads them. */
	ck_assert_uint_eq(offsetof(struct afudp_xsk_tx_md, flags), 0);
	ck_assert_uint_eq(offsetof(struct afudp_xsk_tx_md, csum_start), 8);
	ck_assert_uint_eq(offsetof(struct afudp_xsk_tx_md, csum_offset), 10);
	ck_assert_uint_eq(offsetof(struct afudp_xsk_tx_md, launch_time), 16);
	ck_assert_uint_eq(sizeof(struct afudp_xsk_tx_md), 24);
	ck_assert_uint_eq(AFUDP_TX_MD_LEN % 8, 0);
	ck_assert_uint_eq(AFUDP_XDP_TX_METADATA, 2);
	ck_assert_uint_eq(AFUDP_XDP_TXMD_FLAGS_CHECKSUM, 2);
	ck_assert_uint_eq(AFUDP_XDP_UMEM_TX_METADATA_LEN, 4);
}
END_TEST

START_TEST(test_udp4_fixed)
{
	uint8_t f[sizeof(v1)];
	struct afudp_xsk_tx_md md;

	memcpy(f, v1, sizeof(f));
	memset(&md, 0xa5, sizeof(md));
	ck_assert_int_eq(afudp_txmd_udp4_csum(f, sizeof(f), &md), 0);
	ck_assert_uint_eq(md.flags, AFUDP_XDP_TXMD_FLAGS_CHECKSUM);
	ck_assert_uint_eq(md.csum_start, 34);	/* Ethernet 14 + IPv4 20 */
	ck_assert_uint_eq(md.csum_offset, 6);	/* udphdr.check */
	ck_assert_uint_eq(md.launch_time, 0);
	/*
	 * Pseudo-header only: 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 0x0011
	 * (UDP) + 0x000d (length) = 0x1421, folded, not inverted.
	 */
	ck_assert_uint_eq(f[40], 0x14);
	ck_assert_uint_eq(f[41], 0x21);
	/* Nothing else changed. */
	ck_assert_int_eq(memcmp(f, v1, 40), 0);
	ck_assert_int_eq(memcmp(f + 42, v1 + 42, sizeof(f) - 42), 0);
	device_csum(f, sizeof(f), &md);
	ck_assert_int_eq(memcmp(f, v1, sizeof(f)), 0);
}
END_TEST

START_TEST(test_udp4_ip_options)
{
	/* IHL 6: four NOP option bytes move the UDP header by 4. */
	uint8_t f[sizeof(v1) + 4];
	struct afudp_xsk_tx_md md;

	memcpy(f, v1, 34);
	f[14] = 0x46;
	f[17] = 0x25;
	memset(f + 34, 1, 4);
	memcpy(f + 38, v1 + 34, sizeof(v1) - 34);
	f[38 + 6] = f[38 + 7] = 0x55;	/* whatever was there */
	ck_assert_int_eq(afudp_txmd_udp4_csum(f, sizeof(f), &md), 0);
	ck_assert_uint_eq(md.csum_start, 38);
	ck_assert_uint_eq(md.csum_offset, 6);
	device_csum(f, sizeof(f), &md);
	/* The same UDP checksum: the options are not in the pseudo-header. */
	ck_assert_uint_eq(f[44], 0x0b);
	ck_assert_uint_eq(f[45], 0xb6);
}
END_TEST

START_TEST(test_udp4_vs_software)
{
	/* Every length up to 300, payload bytes of a simple generator. */
	struct afudp_udp4_hdr h = {
		.smac = { 2, 0, 0, 0, 0, 1 }, .dmac = { 2, 0, 0, 0, 0, 2 },
		.saddr = htonl(0x0a000001), .daddr = htonl(0x0a0000fe),
		.sport = htons(40000), .dport = htons(7), .id = htons(1),
	};
	uint8_t sw[AFUDP_HDR_LEN + 300], hw[sizeof(sw)];
	struct afudp_xsk_tx_md md;
	uint32_t x = 12345;
	size_t n, i, len;

	for (n = 0; n <= 300; n++) {
		for (i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			sw[AFUDP_HDR_LEN + i] = x >> 16;
		}
		len = afudp_udp4_build(sw, &h, n, 0);
		ck_assert_uint_eq(len, AFUDP_HDR_LEN + n);
		memcpy(hw, sw, len);
		hw[40] = hw[41] = 0;
		ck_assert_int_eq(afudp_txmd_udp4_csum(hw, len, &md), 0);
		device_csum(hw, len, &md);
		ck_assert_msg(!memcmp(hw, sw, len),
			      "payload %zu: device %02x%02x, software %02x%02x",
			      n, hw[40], hw[41], sw[40], sw[41]);
	}
}
END_TEST

START_TEST(test_udp4_short)
{
	struct afudp_xsk_tx_md md;
	uint8_t f[sizeof(v1)];

	memcpy(f, v1, sizeof(f));
	ck_assert_int_eq(afudp_txmd_udp4_csum(f, 41, &md), -EINVAL);
	f[14] = 0x44;	/* IHL 4: not IPv4 */
	ck_assert_int_eq(afudp_txmd_udp4_csum(f, sizeof(f), &md), -EINVAL);
}
END_TEST

Suite *txmd_suite(void)
{
	Suite *s = suite_create("txmd");
	TCase *tc = tcase_create("udp4");

	tcase_add_test(tc, test_abi_layout);
	tcase_add_test(tc, test_udp4_fixed);
	tcase_add_test(tc, test_udp4_ip_options);
	tcase_add_test(tc, test_udp4_vs_software);
	tcase_add_test(tc, test_udp4_short);
	suite_add_tcase(s, tc);
	return s;
}
