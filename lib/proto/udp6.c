/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ethernet/IPv6/UDP parse and build (see udp6.h). As in udp4.c, headers go
 * through local copies: the IPv6 header behind a 14-byte Ethernet header is
 * never 4-aligned when the frame is.
 */
#include <stdbool.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

#include "csum.h"
#include "udp6.h"
#include "wire.h"

_Static_assert(AFUDP_HDR6_LEN ==
		       ETH_HLEN + sizeof(struct ipv6hdr) + sizeof(struct udphdr),
	       "AFUDP_HDR6_LEN out of step with the wire structs");
_Static_assert(AFUDP_UDP6_MAX_PAYLOAD == 65527, "65535 - 8");

/* Not all of these have an IPPROTO_ name in every libc. */
#define NH_HOPOPTS 0
#define NH_ROUTING 43
#define NH_FRAGMENT 44
#define NH_ESP 50
#define NH_AH 51
#define NH_NONE 59
#define NH_DSTOPTS 60
#define NH_MOBILITY 135
#define NH_HIP 139
#define NH_SHIM6 140

/* RFC 8200 section 4 and the IANA list of IPv6 extension header types. */
static bool is_exthdr(uint8_t nh)
{
	switch (nh) {
	case NH_HOPOPTS:
	case NH_ROUTING:
	case NH_ESP:
	case NH_AH:
	case NH_NONE:
	case NH_DSTOPTS:
	case NH_MOBILITY:
	case NH_HIP:
	case NH_SHIM6:
		return true;
	default:
		return false;
	}
}

static bool is_unspec_or_loopback(const struct in6_addr *a)
{
	static const uint8_t zero[15];

	return !memcmp(a->s6_addr, zero, 15) && a->s6_addr[15] <= 1;
}

/* ::, ::1, multicast, ::ffff:0:0/96: no datagram comes from those. */
static bool martian_src(const struct in6_addr *a)
{
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };

	return is_unspec_or_loopback(a) || a->s6_addr[0] == 0xff ||
	       !memcmp(a->s6_addr, v4mapped, sizeof(v4mapped));
}

/*
 * ::, ::1 (from a wire), and multicast of scope 0 (reserved, RFC 4291 2.7)
 * or 1 (interface-local): the kernel drops all of them in ip6_rcv_core().
 */
static bool martian_dst(const struct in6_addr *a)
{
	return is_unspec_or_loopback(a) ||
	       (a->s6_addr[0] == 0xff && (a->s6_addr[1] & 0x0f) <= 1);
}

enum afudp_parse_err afudp_udp6_parse(const void *frame, size_t len,
				      unsigned int flags,
				      struct afudp_udp6_info *info)
{
	const uint8_t *ip, *udp;
	struct ethhdr eth;
	struct ipv6hdr ip6;
	struct udphdr uh;
	uint32_t vtf;
	size_t plen, udp_len;

	if (len < ETH_HLEN)
		return AFUDP_PARSE_TRUNC_ETH;
	memcpy(&eth, frame, ETH_HLEN);
	if (eth.h_proto != htons(ETH_P_IPV6))
		return AFUDP_PARSE_NOT_IPV6;

	ip = (const uint8_t *)frame + ETH_HLEN;
	if (len - ETH_HLEN < sizeof(ip6))
		return AFUDP_PARSE_TRUNC_IP;
	memcpy(&ip6, ip, sizeof(ip6));
	/* Version, traffic class, flow label: one word, no bitfields. */
	memcpy(&vtf, ip, sizeof(vtf));
	vtf = ntohl(vtf);
	if (vtf >> 28 != 6)
		return AFUDP_PARSE_BAD_IP6;
	plen = ntohs(ip6.payload_len);
	/* Less is truncation; more is Ethernet padding. */
	if (plen > len - ETH_HLEN - sizeof(ip6))
		return AFUDP_PARSE_IP_LEN;
	if (martian_src(&ip6.saddr))
		return AFUDP_PARSE_MARTIAN_SRC;
	if (martian_dst(&ip6.daddr))
		return AFUDP_PARSE_MARTIAN_DST;
	if (ip6.nexthdr == NH_FRAGMENT)
		return AFUDP_PARSE_FRAGMENT;
	if (is_exthdr(ip6.nexthdr))
		return AFUDP_PARSE_IP6_EXTHDR;
	if (ip6.nexthdr != IPPROTO_UDP)
		return AFUDP_PARSE_NOT_UDP;

	/* From here on the datagram is bounded by plen, not by len. */
	if (plen < sizeof(uh))
		return AFUDP_PARSE_TRUNC_UDP;
	udp = ip + sizeof(ip6);
	memcpy(&uh, udp, sizeof(uh));
	udp_len = ntohs(uh.len);
	/* 0 would be a jumbogram's, which needs a hop-by-hop header. */
	if (udp_len < sizeof(uh) || udp_len > plen)
		return AFUDP_PARSE_UDP_LEN;
	if (!uh.check)
		return AFUDP_PARSE_UDP_CSUM_ZERO;
	if (!(flags & AFUDP_PARSE_NO_UDP_CSUM) &&
	    !afudp_udp6_csum_ok(&ip6.saddr, &ip6.daddr, udp, udp_len))
		return AFUDP_PARSE_UDP_CSUM;

	info->payload = udp + sizeof(uh);
	info->payload_len = (uint16_t)(udp_len - sizeof(uh));
	memcpy(info->smac, eth.h_source, ETH_ALEN);
	memcpy(info->dmac, eth.h_dest, ETH_ALEN);
	info->saddr = ip6.saddr;
	info->daddr = ip6.daddr;
	info->sport = uh.source;
	info->dport = uh.dest;
	info->hop_limit = ip6.hop_limit;
	info->tclass = (uint8_t)(vtf >> 20);
	info->flowlabel = vtf & 0xfffff;
	return AFUDP_PARSE_OK;
}

size_t afudp_udp6_build(void *frame, const struct afudp_udp6_hdr *hdr,
			size_t payload_len)
{
	uint8_t *p = frame;
	struct ipv6hdr ip6;
	size_t udp_len;
	uint32_t vtf;

	if (payload_len > AFUDP_UDP6_MAX_PAYLOAD)
		return 0;
	udp_len = sizeof(struct udphdr) + payload_len;

	afudp_eth_write(p, hdr->dmac, hdr->smac, htons(ETH_P_IPV6));

	memset(&ip6, 0, sizeof(ip6));
	vtf = htonl(6u << 28 | (uint32_t)hdr->tclass << 20 |
		    (hdr->flowlabel & 0xfffff));
	memcpy(&ip6, &vtf, sizeof(vtf));
	ip6.payload_len = htons((uint16_t)udp_len);
	ip6.nexthdr = IPPROTO_UDP;
	ip6.hop_limit = hdr->hop_limit ? hdr->hop_limit : AFUDP_IP6_DEFAULT_HOPS;
	ip6.saddr = hdr->saddr;
	ip6.daddr = hdr->daddr;
	memcpy(p + ETH_HLEN, &ip6, sizeof(ip6));

	p += ETH_HLEN + sizeof(ip6);
	afudp_udph_write(p, hdr->sport, hdr->dport, udp_len);
	/* Summed in place: the payload is already behind the header. */
	afudp_udph_set_check(p, afudp_udp6_csum(&hdr->saddr, &hdr->daddr, p,
						udp_len));
	return AFUDP_HDR6_LEN + payload_len;
}

void afudp_udp6_tmpl_init(struct afudp_udp6_tmpl *t,
			  const struct afudp_udp6_hdr *hdr)
{
	uint8_t *udp = t->hdr + ETH_HLEN + sizeof(struct ipv6hdr);

	/* Built with no payload (its checksum unused), then cleared. */
	afudp_udp6_build(t->hdr, hdr, 0);
	memset(t->hdr + ETH_HLEN + offsetof(struct ipv6hdr, payload_len), 0,
	       2);
	memset(udp + offsetof(struct udphdr, len), 0, 2);
	memset(udp + offsetof(struct udphdr, check), 0, 2);
	/* Folded: a datagram's few additions then cannot carry out. */
	t->udp_sum = afudp_csum_fold(afudp_csum_raw(
		udp, 4, afudp_csum_pseudo6(&hdr->saddr, &hdr->daddr,
					   IPPROTO_UDP, 0)));
}

size_t afudp_udp6_tmpl_build(void *frame, const struct afudp_udp6_tmpl *t,
			     size_t payload_len)
{
	if (payload_len > AFUDP_UDP6_MAX_PAYLOAD)
		return 0;
	return afudp_udp6_tmpl_build_sum(
		frame, t, payload_len,
		afudp_csum_raw((uint8_t *)frame + AFUDP_HDR6_LEN, payload_len,
			       0));
}

size_t afudp_udp6_tmpl_build_sum(void *frame, const struct afudp_udp6_tmpl *t,
				 size_t payload_len, uint32_t payload_sum)
{
	uint8_t *p = frame;
	uint8_t *udp = p + ETH_HLEN + sizeof(struct ipv6hdr);
	uint16_t udp_len, c;

	if (payload_len > AFUDP_UDP6_MAX_PAYLOAD)
		return 0;
	/* The payload length and the UDP length are the same number. */
	udp_len = htons((uint16_t)(sizeof(struct udphdr) + payload_len));
	memcpy(p, t->hdr, AFUDP_HDR6_LEN);
	memcpy(p + ETH_HLEN + offsetof(struct ipv6hdr, payload_len), &udp_len,
	       2);
	memcpy(udp + offsetof(struct udphdr, len), &udp_len, 2);
	/*
	 * In the pseudo-header the length is a 32-bit word whose high half
	 * is zero: the same 16 bits, added once there and once for the
	 * header's field.
	 */
	c = (uint16_t)~afudp_csum_fold(t->udp_sum + 2 * (uint32_t)udp_len +
				       (uint32_t)afudp_csum_fold(payload_sum));
	/* Mandatory over IPv6: a computed 0 goes out as 0xffff. */
	if (!c)
		c = 0xffff;
	memcpy(udp + offsetof(struct udphdr, check), &c, 2);
	return AFUDP_HDR6_LEN + payload_len;
}

bool afudp_sin6_to_sin(const struct sockaddr_in6 *in, struct sockaddr_in *out)
{
	if (!IN6_IS_ADDR_V4MAPPED(&in->sin6_addr))
		return false;
	memset(out, 0, sizeof(*out));
	out->sin_family = AF_INET;
	out->sin_port = in->sin6_port;
	memcpy(&out->sin_addr.s_addr, &in->sin6_addr.s6_addr[12], 4);
	return true;
}

void afudp_sin_to_sin6(__be32 addr, __be16 port, struct sockaddr_in6 *out)
{
	memset(out, 0, sizeof(*out));
	out->sin6_family = AF_INET6;
	out->sin6_port = port;
	out->sin6_addr.s6_addr[10] = 0xff;
	out->sin6_addr.s6_addr[11] = 0xff;
	memcpy(&out->sin6_addr.s6_addr[12], &addr, 4);
}
