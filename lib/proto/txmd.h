/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AF_XDP TX metadata for a UDP checksum the device computes (Linux 6.8+,
 * Documentation/networking/xsk-tx-metadata.rst): what a device reads for
 * one frame, built by a pure function so that it is tested without one.
 *
 * The metadata sits in the UMEM right before the frame (tx_metadata_len
 * bytes, registered with the UMEM, XDP_UMEM_TX_METADATA_LEN); a TX
 * descriptor with XDP_TX_METADATA in its options tells the kernel to read
 * it. With XDP_TXMD_FLAGS_CHECKSUM the device sums the bytes from
 * @csum_start (from the frame's first byte) to the end and stores the
 * folded, inverted sum at @csum_start + @csum_offset, as for an skb with
 * CHECKSUM_PARTIAL: the checksum field must hold the pseudo-header's sum
 * (folded, not inverted) beforehand.
 *
 * Debian 12's linux/if_xdp.h (6.1) has none of this: the kernel ABI is
 * spelled here, checked by tests/unit/check_txmd.c.
 *
 * IPv6 later: csum_start = 14 + 40 (plus extension headers), the same
 * csum_offset, the IPv6 pseudo-header (RFC 8200 8.1).
 */
#ifndef AFUDP_PROTO_TXMD_H
#define AFUDP_PROTO_TXMD_H

#include <stddef.h>
#include <stdint.h>

/* linux/if_xdp.h (6.8+). */
#define AFUDP_XDP_UMEM_TX_METADATA_LEN (1u << 2) /* xdp_umem_reg.flags */
#define AFUDP_XDP_TX_METADATA (1u << 1) /* xdp_desc.options */
#define AFUDP_XDP_TXMD_FLAGS_TIMESTAMP (1u << 0)
#define AFUDP_XDP_TXMD_FLAGS_CHECKSUM (1u << 1)

/* struct xsk_tx_metadata, its request side (launch_time: 6.15+). */
struct afudp_xsk_tx_md {
	uint64_t flags; /* AFUDP_XDP_TXMD_FLAGS_* */
	uint16_t csum_start; /* host order */
	uint16_t csum_offset;
	uint32_t pad;
	uint64_t launch_time;
};

/* The UMEM's tx_metadata_len: a multiple of 8. */
#define AFUDP_TX_MD_LEN sizeof(struct afudp_xsk_tx_md)

/*
 * afudp_txmd_udp4_csum() - ask the device for the UDP checksum of an
 * Ethernet/IPv4/UDP frame (as afudp_udp4_build() wrote it, any IHL).
 * @frame: first byte of the Ethernet header; its UDP check field is
 *	overwritten with the pseudo-header's sum
 * @len: bytes in the frame (at least up to the UDP header's end)
 * @md: filled: flags, csum_start, csum_offset (launch_time 0)
 *
 * Return: 0, or -EINVAL if the frame is too short for its headers.
 */
int afudp_txmd_udp4_csum(void *frame, size_t len, struct afudp_xsk_tx_md *md);

#endif /* AFUDP_PROTO_TXMD_H */
