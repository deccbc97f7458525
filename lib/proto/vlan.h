/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One 802.1Q VLAN tag in an Ethernet frame: read it, push it.
 *
 * A tagged frame is an untagged one with four bytes (TPID 0x8100, then the
 * TCI) between the source MAC and the ethertype. So the untagged codecs
 * serve tagged frames unchanged, from AFUDP_VLAN_HLEN bytes in: there, the
 * 14 bytes they take for an Ethernet header end with the inner ethertype,
 * and only the MACs they report are wrong (the parse wrappers below put the
 * right ones back). To send, build the untagged frame AFUDP_VLAN_HLEN bytes
 * in and push the tag in front with afudp_vlan_push().
 *
 * One tag only: an 802.1ad (QinQ, TPID 0x88a8) outer tag, or a second tag
 * behind the first, is refused (AFUDP_PARSE_VLAN_STACKED) for the kernel to
 * judge. Stacks on VLANs use them on the fast path (lib/rx.c, lib/tx.c:
 * docs/ARCHITECTURE.md, "VLANs"); the IPv6 ones are not on it yet ("IPv6
 * and VLAN: step 1").
 */
#ifndef AFUDP_PROTO_VLAN_H
#define AFUDP_PROTO_VLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#include "udp4.h"
#include "udp6.h"

#define AFUDP_VLAN_HLEN 4
#define AFUDP_VLAN_VID_MASK 0x0fffu /* TCI bits of the VLAN ID */

/* The link layer of a frame; MACs as on the wire. */
struct afudp_l2_info {
	uint8_t dmac[6];
	uint8_t smac[6];
	__be16 proto;	/* the ethertype behind the tag, if any */
	uint16_t tci;	/* host byte order: PCP, DEI, VID; 0 if untagged */
	bool tagged;
	uint8_t hlen;	/* 14, or 18 with a tag */
};

/*
 * afudp_l2_parse() - read the Ethernet header and at most one 802.1Q tag.
 * @frame: first byte of the Ethernet header
 * @len: bytes in the frame
 * @l2: filled on success
 *
 * Return: AFUDP_PARSE_OK, AFUDP_PARSE_TRUNC_ETH, AFUDP_PARSE_TRUNC_VLAN or
 * AFUDP_PARSE_VLAN_STACKED.
 */
enum afudp_parse_err afudp_l2_parse(const void *frame, size_t len,
				    struct afudp_l2_info *l2);

/*
 * afudp_vlan_push() - turn the untagged frame at @frame + AFUDP_VLAN_HLEN
 * into a tagged one starting at @frame: the MACs move 4 bytes down, and
 * TPID 0x8100 and @tci go where they were.
 * @tci: host byte order; the caller's PCP/DEI bits are kept
 *
 * Return: the bytes added, AFUDP_VLAN_HLEN.
 */
size_t afudp_vlan_push(void *frame, uint16_t tci);

/*
 * afudp_udp4_parse_vlan() - afudp_udp4_parse() on a frame with or without
 * one 802.1Q tag; @l2 tells which. Errors from afudp_l2_parse() first, then
 * afudp_udp4_parse()'s (not_ipv4 for the ethertype behind the tag).
 */
enum afudp_parse_err afudp_udp4_parse_vlan(const void *frame, size_t len,
					   unsigned int flags,
					   struct afudp_udp4_info *info,
					   struct afudp_l2_info *l2);

/* The same for afudp_udp6_parse(). */
enum afudp_parse_err afudp_udp6_parse_vlan(const void *frame, size_t len,
					   unsigned int flags,
					   struct afudp_udp6_info *info,
					   struct afudp_l2_info *l2);

#endif /* AFUDP_PROTO_VLAN_H */
