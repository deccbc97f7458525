/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One 802.1Q tag: parse, push, and the tagged entry points of the UDP
 * parsers (see vlan.h for why they reuse the untagged ones 4 bytes in).
 */
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "vlan.h"

/* The two MAC addresses, which the tag follows. */
#define MACS_LEN (2 * ETH_ALEN)

enum afudp_parse_err afudp_l2_parse(const void *frame, size_t len,
				    struct afudp_l2_info *l2)
{
	const uint8_t *p = frame;
	__be16 proto, tci;

	if (len < ETH_HLEN)
		return AFUDP_PARSE_TRUNC_ETH;
	memcpy(&proto, p + MACS_LEN, sizeof(proto));
	if (proto == htons(ETH_P_8021AD))
		return AFUDP_PARSE_VLAN_STACKED;
	memcpy(l2->dmac, p, ETH_ALEN);
	memcpy(l2->smac, p + ETH_ALEN, ETH_ALEN);
	l2->tagged = proto == htons(ETH_P_8021Q);
	if (!l2->tagged) {
		l2->proto = proto;
		l2->tci = 0;
		l2->hlen = ETH_HLEN;
		return AFUDP_PARSE_OK;
	}
	if (len < ETH_HLEN + AFUDP_VLAN_HLEN)
		return AFUDP_PARSE_TRUNC_VLAN;
	memcpy(&tci, p + ETH_HLEN, sizeof(tci));
	memcpy(&proto, p + ETH_HLEN + sizeof(tci), sizeof(proto));
	if (proto == htons(ETH_P_8021Q) || proto == htons(ETH_P_8021AD))
		return AFUDP_PARSE_VLAN_STACKED;
	l2->proto = proto;
	l2->tci = ntohs(tci);
	l2->hlen = ETH_HLEN + AFUDP_VLAN_HLEN;
	return AFUDP_PARSE_OK;
}

size_t afudp_vlan_push(void *frame, uint16_t tci)
{
	uint8_t *p = frame;
	__be16 tag[2] = { htons(ETH_P_8021Q), htons(tci) };

	memmove(p, p + AFUDP_VLAN_HLEN, MACS_LEN);
	memcpy(p + MACS_LEN, tag, sizeof(tag));
	return AFUDP_VLAN_HLEN;
}

/*
 * afudp_l2_parse(), then where the untagged parser must start and how many
 * bytes it gets: from the end of the tag minus 14, so that what it reads as
 * an Ethernet header ends with the inner ethertype.
 */
static enum afudp_parse_err l2_enter(const void *frame, size_t *len,
				     struct afudp_l2_info *l2,
				     const uint8_t **l3_frame)
{
	enum afudp_parse_err e;
	size_t off;

	e = afudp_l2_parse(frame, *len, l2);
	if (e)
		return e;
	off = l2->hlen - ETH_HLEN;
	*l3_frame = (const uint8_t *)frame + off;
	*len -= off;
	return AFUDP_PARSE_OK;
}

/* The MACs the untagged parser read 4 bytes late, put right. */
static void l2_macs(uint8_t *dmac, uint8_t *smac,
		    const struct afudp_l2_info *l2)
{
	memcpy(dmac, l2->dmac, ETH_ALEN);
	memcpy(smac, l2->smac, ETH_ALEN);
}

enum afudp_parse_err afudp_udp4_parse_vlan(const void *frame, size_t len,
					   unsigned int flags,
					   struct afudp_udp4_info *info,
					   struct afudp_l2_info *l2)
{
	const uint8_t *f;
	enum afudp_parse_err e = l2_enter(frame, &len, l2, &f);

	if (!e)
		e = afudp_udp4_parse(f, len, flags, info);
	if (!e)
		l2_macs(info->dmac, info->smac, l2);
	return e;
}

enum afudp_parse_err afudp_udp6_parse_vlan(const void *frame, size_t len,
					   unsigned int flags,
					   struct afudp_udp6_info *info,
					   struct afudp_l2_info *l2)
{
	const uint8_t *f;
	enum afudp_parse_err e = l2_enter(frame, &len, l2, &f);

	if (!e)
		e = afudp_udp6_parse(f, len, flags, info);
	if (!e)
		l2_macs(info->dmac, info->smac, l2);
	return e;
}
