/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ethernet/IPv4/UDP parse and build (see udp4.h).
 *
 * Headers are copied into local structs with memcpy() before their fields are
 * read, and built in local structs before being copied out: a frame may sit
 * at any offset in UMEM, and the IPv4 header behind a 14-byte Ethernet header
 * is never 4-aligned when the frame is, so the wire structs cannot be
 * dereferenced in place without unaligned access.
 */
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>

#include "csum.h"
#include "udp4.h"
#include "wire.h"

/* frag_off bits; <linux/ip.h> leaves them to the kernel's private headers. */
#define IP4_DF 0x4000
#define IP4_MF 0x2000
#define IP4_OFFSET 0x1fff

_Static_assert(AFUDP_HDR_LEN ==
		       ETH_HLEN + sizeof(struct iphdr) + sizeof(struct udphdr),
	       "AFUDP_HDR_LEN out of step with the wire structs");
_Static_assert(AFUDP_UDP4_MAX_PAYLOAD == 65507, "65535 - 20 - 8");

static const char *const parse_err_names[AFUDP_PARSE_NR] = {
	[AFUDP_PARSE_OK] = "ok",
	[AFUDP_PARSE_TRUNC_ETH] = "trunc_eth",
	[AFUDP_PARSE_NOT_IPV4] = "not_ipv4",
	[AFUDP_PARSE_TRUNC_IP] = "trunc_ip",
	[AFUDP_PARSE_BAD_IP] = "bad_ip",
	[AFUDP_PARSE_IP_LEN] = "ip_len",
	[AFUDP_PARSE_FRAGMENT] = "fragment",
	[AFUDP_PARSE_NOT_UDP] = "not_udp",
	[AFUDP_PARSE_TRUNC_UDP] = "trunc_udp",
	[AFUDP_PARSE_UDP_LEN] = "udp_len",
	[AFUDP_PARSE_IP_CSUM] = "ip_csum",
	[AFUDP_PARSE_UDP_CSUM] = "udp_csum",
	[AFUDP_PARSE_TRUNC_VLAN] = "trunc_vlan",
	[AFUDP_PARSE_VLAN_STACKED] = "vlan_stacked",
	[AFUDP_PARSE_NOT_IPV6] = "not_ipv6",
	[AFUDP_PARSE_BAD_IP6] = "bad_ip6",
	[AFUDP_PARSE_IP6_EXTHDR] = "ip6_exthdr",
	[AFUDP_PARSE_MARTIAN_SRC] = "martian_src",
	[AFUDP_PARSE_MARTIAN_DST] = "martian_dst",
	[AFUDP_PARSE_UDP_CSUM_ZERO] = "udp_csum_zero",
};

const char *afudp_parse_err_name(enum afudp_parse_err err)
{
	/* Cast: an enum holding a value outside its list must not index. */
	if ((unsigned int)err >= AFUDP_PARSE_NR || !parse_err_names[err])
		return "unknown";
	return parse_err_names[err];
}

/*
 * The frame nearly every datagram is: IPv4 without options, not a
 * fragment, UDP, both lengths inside the frame. Tested at once (one branch
 * on the lot); true means every length and type check of
 * afudp_udp4_parse() below would pass. @iph and @uh get the headers.
 */
static inline bool udp4_common(const uint8_t *frame, size_t len,
			       struct iphdr *iph, struct udphdr *uh)
{
	uint16_t proto, tot_len, udp_len;
	uint8_t vihl;

	if (len < AFUDP_HDR_LEN)
		return false;
	memcpy(&proto, frame + offsetof(struct ethhdr, h_proto), 2);
	memcpy(&vihl, frame + ETH_HLEN, 1);
	memcpy(iph, frame + ETH_HLEN, sizeof(*iph));
	memcpy(uh, frame + ETH_HLEN + sizeof(*iph), sizeof(*uh));
	tot_len = ntohs(iph->tot_len);
	udp_len = ntohs(uh->len);
	return ((proto ^ htons(ETH_P_IP)) | (vihl ^ 0x45) |
		(iph->frag_off & htons(IP4_MF | IP4_OFFSET)) |
		(iph->protocol ^ IPPROTO_UDP)) == 0 &&
	       tot_len <= len - ETH_HLEN && udp_len >= sizeof(*uh) &&
	       (size_t)udp_len + sizeof(*iph) <= tot_len;
}

/*
 * Checks run in the order of enum afudp_parse_err, so a frame wrong in two
 * ways always reports the same reason; each one only reads bytes that the
 * checks before it proved to be inside the frame. The checksums come last:
 * they are the costly part and cover bytes the length checks must bound.
 */
/*
 * The parse of one buffer (@head == @len), or of a multi-buffer frame's
 * first (@head < @len): headers must be within @head, lengths within
 * @len; the UDP checksum only over one buffer.
 */
static enum afudp_parse_err parse(const void *frame, size_t head, size_t len,
				  unsigned int flags,
				  struct afudp_udp4_info *info)
{
	const uint8_t *ip, *udp;
	struct ethhdr eth;
	struct iphdr iph;
	struct udphdr uh;
	size_t ip_avail, ip_head, ihl_bytes, tot_len, udp_len;

	if (head > len)
		head = len;
	/* One buffer only: a chain's first buffer goes the long way. */
	if (__builtin_expect(head == len &&
				     udp4_common(frame, len, &iph, &uh),
			     1)) {
		ip = (const uint8_t *)frame + ETH_HLEN;
		ihl_bytes = sizeof(iph);
		udp = ip + sizeof(iph);
		udp_len = ntohs(uh.len);
		goto sums;
	}
	if (head < ETH_HLEN)
		return AFUDP_PARSE_TRUNC_ETH;
	memcpy(&eth, frame, ETH_HLEN);
	if (eth.h_proto != htons(ETH_P_IP))
		return AFUDP_PARSE_NOT_IPV4;

	ip = (const uint8_t *)frame + ETH_HLEN;
	ip_avail = len - ETH_HLEN;
	ip_head = head - ETH_HLEN;
	if (ip_head < sizeof(iph))
		return AFUDP_PARSE_TRUNC_IP;
	memcpy(&iph, ip, sizeof(iph));
	ihl_bytes = (size_t)iph.ihl * 4;
	/* Options: the frame must hold all the header claims (IHL > 5). */
	if (ip_head < ihl_bytes)
		return AFUDP_PARSE_TRUNC_IP;
	if (iph.version != 4 || iph.ihl < 5)
		return AFUDP_PARSE_BAD_IP;
	tot_len = ntohs(iph.tot_len);
	if (tot_len < ihl_bytes)
		return AFUDP_PARSE_BAD_IP;
	/* Less than tot_len is truncation; more is Ethernet padding. */
	if (tot_len > ip_avail)
		return AFUDP_PARSE_IP_LEN;
	if (iph.frag_off & htons(IP4_MF | IP4_OFFSET))
		return AFUDP_PARSE_FRAGMENT;
	if (iph.protocol != IPPROTO_UDP)
		return AFUDP_PARSE_NOT_UDP;

	/* From here on the IP payload is bounded by tot_len, not by len. */
	if (tot_len - ihl_bytes < sizeof(uh) ||
	    ip_head < ihl_bytes + sizeof(uh))
		return AFUDP_PARSE_TRUNC_UDP;
	udp = ip + ihl_bytes;
	memcpy(&uh, udp, sizeof(uh));
	udp_len = ntohs(uh.len);
	if (udp_len < sizeof(uh) || udp_len > tot_len - ihl_bytes)
		return AFUDP_PARSE_UDP_LEN;

sums:
	if (!(flags & AFUDP_PARSE_NO_IP_CSUM) &&
	    !afudp_ipv4_hdr_csum_ok(ip, ihl_bytes))
		return AFUDP_PARSE_IP_CSUM;
	/* Over udp_len only: bytes past it are not part of the datagram. */
	if (!(flags & AFUDP_PARSE_NO_UDP_CSUM) && head == len &&
	    !afudp_udp4_csum_ok(iph.saddr, iph.daddr, udp, udp_len))
		return AFUDP_PARSE_UDP_CSUM;

	info->payload = udp + sizeof(uh);
	info->payload_len = (uint16_t)(udp_len - sizeof(uh));
	memcpy(info->smac, (const uint8_t *)frame + ETH_ALEN, ETH_ALEN);
	memcpy(info->dmac, frame, ETH_ALEN);
	info->saddr = iph.saddr;
	info->daddr = iph.daddr;
	info->sport = uh.source;
	info->dport = uh.dest;
	info->ttl = iph.ttl;
	info->tos = iph.tos;
	return AFUDP_PARSE_OK;
}

enum afudp_parse_err afudp_udp4_parse(const void *frame, size_t len,
				      unsigned int flags,
				      struct afudp_udp4_info *info)
{
	return parse(frame, len, len, flags, info);
}

enum afudp_parse_err afudp_udp4_parse_head(const void *frame, size_t head_len,
					   size_t len, unsigned int flags,
					   struct afudp_udp4_info *info)
{
	/* A first buffer holding it all is a frame of one buffer. */
	return parse(frame, head_len < len ? head_len : len, len, flags,
		     info);
}

uint32_t afudp_udp4_csum_start(const struct afudp_udp4_info *info, bool *none)
{
	const uint8_t *udp = info->payload - sizeof(struct udphdr);
	uint16_t check;

	memcpy(&check, udp + offsetof(struct udphdr, check), 2);
	*none = !check;
	if (!check)
		return 0;
	return afudp_csum_raw(udp, sizeof(struct udphdr),
			      afudp_csum_pseudo4(info->saddr, info->daddr,
						 IPPROTO_UDP,
						 sizeof(struct udphdr) +
							 info->payload_len));
}

size_t afudp_udp4_build(void *frame, const struct afudp_udp4_hdr *hdr,
			size_t payload_len, unsigned int flags)
{
	uint8_t *p = frame;
	struct iphdr iph;
	size_t udp_len;

	if (payload_len > AFUDP_UDP4_MAX_PAYLOAD)
		return 0;
	udp_len = sizeof(struct udphdr) + payload_len;

	afudp_eth_write(p, hdr->dmac, hdr->smac, htons(ETH_P_IP));

	memset(&iph, 0, sizeof(iph));
	iph.version = 4;
	iph.ihl = sizeof(iph) / 4;
	iph.tos = hdr->tos;
	iph.tot_len = htons((uint16_t)(sizeof(iph) + udp_len));
	iph.id = hdr->id;
	/*
	 * DF: we never fragment, so an oversized datagram must not be split;
	 * the kernel clears it on the segments of a UDP_SEGMENT train larger
	 * than the MTU, and so does the caller.
	 */
	iph.frag_off = (flags & AFUDP_BUILD_NO_DF) ? 0 : htons(IP4_DF);
	iph.ttl = hdr->ttl ? hdr->ttl : AFUDP_IP4_DEFAULT_TTL;
	iph.protocol = IPPROTO_UDP;
	iph.saddr = hdr->saddr;
	iph.daddr = hdr->daddr;
	iph.check = afudp_ipv4_hdr_csum(&iph, sizeof(iph));
	memcpy(p + ETH_HLEN, &iph, sizeof(iph));

	p += ETH_HLEN + sizeof(iph);
	afudp_udph_write(p, hdr->sport, hdr->dport, udp_len);
	/* Summed in place: the payload is already behind the header. */
	if (!(flags & AFUDP_BUILD_NO_UDP_CSUM))
		afudp_udph_set_check(p, afudp_udp4_csum(hdr->saddr, hdr->daddr,
							p, udp_len));
	return AFUDP_HDR_LEN + payload_len;
}

void afudp_udp4_tmpl_init(struct afudp_udp4_tmpl *t,
			  const struct afudp_udp4_hdr *hdr, unsigned int flags)
{
	struct afudp_udp4_hdr h = *hdr;
	uint8_t *ip = t->hdr + ETH_HLEN;

	/* Built with a zero ID and no payload, then the lengths cleared. */
	h.id = 0;
	afudp_udp4_build(t->hdr, &h, 0, flags | AFUDP_BUILD_NO_UDP_CSUM);
	memset(ip + offsetof(struct iphdr, tot_len), 0, 2);
	memset(ip + offsetof(struct iphdr, check), 0, 2);
	memset(ip + sizeof(struct iphdr) + offsetof(struct udphdr, len), 0, 2);
	t->flags = (uint16_t)flags;
	/* Folded: a datagram's few additions then cannot carry out. */
	t->ip_sum = afudp_csum_fold(afudp_csum_raw(ip, sizeof(struct iphdr),
						   0));
	/* The ports; the UDP length is added twice per datagram. */
	t->udp_sum = afudp_csum_fold(afudp_csum_raw(
		ip + sizeof(struct iphdr), 4,
		afudp_csum_pseudo4(h.saddr, h.daddr, IPPROTO_UDP, 0)));
}

size_t afudp_udp4_tmpl_build(void *frame, const struct afudp_udp4_tmpl *t,
			     __be16 id, size_t payload_len)
{
	if (payload_len > AFUDP_UDP4_MAX_PAYLOAD)
		return 0;
	return afudp_udp4_tmpl_build_sum(
		frame, t, id, payload_len,
		(t->flags & AFUDP_BUILD_NO_UDP_CSUM) ?
			0 : afudp_csum_raw((uint8_t *)frame + AFUDP_HDR_LEN,
					   payload_len, 0));
}

size_t afudp_udp4_tmpl_build_sum(void *frame, const struct afudp_udp4_tmpl *t,
				 __be16 id, size_t payload_len,
				 uint32_t payload_sum)
{
	uint8_t *p = frame, *ip = p + ETH_HLEN;
	uint8_t *udp = ip + sizeof(struct iphdr);
	uint16_t udp_len, tot_len, c;
	uint32_t sum;

	if (payload_len > AFUDP_UDP4_MAX_PAYLOAD)
		return 0;
	udp_len = htons((uint16_t)(sizeof(struct udphdr) + payload_len));
	tot_len = htons((uint16_t)(sizeof(struct iphdr) +
				   sizeof(struct udphdr) + payload_len));
	memcpy(p, t->hdr, AFUDP_HDR_LEN);
	memcpy(ip + offsetof(struct iphdr, tot_len), &tot_len, 2);
	memcpy(ip + offsetof(struct iphdr, id), &id, 2);
	c = (uint16_t)~afudp_csum_fold(t->ip_sum + (uint32_t)tot_len + id);
	memcpy(ip + offsetof(struct iphdr, check), &c, 2);
	memcpy(udp + offsetof(struct udphdr, len), &udp_len, 2);
	if (!(t->flags & AFUDP_BUILD_NO_UDP_CSUM)) {
		sum = t->udp_sum + 2 * (uint32_t)udp_len;
		c = (uint16_t)~afudp_csum_fold(
			sum + (uint32_t)afudp_csum_fold(payload_sum));
		/* RFC 768: a computed 0 goes out as 0xffff. */
		if (!c)
			c = 0xffff;
		memcpy(udp + offsetof(struct udphdr, check), &c, 2);
	}
	return AFUDP_HDR_LEN + payload_len;
}
