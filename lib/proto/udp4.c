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
 * Checks run in the order of enum afudp_parse_err, so a frame wrong in two
 * ways always reports the same reason; each one only reads bytes that the
 * checks before it proved to be inside the frame. The checksums come last:
 * they are the costly part and cover bytes the length checks must bound.
 */
enum afudp_parse_err afudp_udp4_parse(const void *frame, size_t len,
				      unsigned int flags,
				      struct afudp_udp4_info *info)
{
	const uint8_t *ip, *udp;
	struct ethhdr eth;
	struct iphdr iph;
	struct udphdr uh;
	size_t ip_avail, ihl_bytes, tot_len, udp_len;

	if (len < ETH_HLEN)
		return AFUDP_PARSE_TRUNC_ETH;
	memcpy(&eth, frame, ETH_HLEN);
	if (eth.h_proto != htons(ETH_P_IP))
		return AFUDP_PARSE_NOT_IPV4;

	ip = (const uint8_t *)frame + ETH_HLEN;
	ip_avail = len - ETH_HLEN;
	if (ip_avail < sizeof(iph))
		return AFUDP_PARSE_TRUNC_IP;
	memcpy(&iph, ip, sizeof(iph));
	ihl_bytes = (size_t)iph.ihl * 4;
	/* Options: the frame must hold all the header claims (IHL > 5). */
	if (ip_avail < ihl_bytes)
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
	if (tot_len - ihl_bytes < sizeof(uh))
		return AFUDP_PARSE_TRUNC_UDP;
	udp = ip + ihl_bytes;
	memcpy(&uh, udp, sizeof(uh));
	udp_len = ntohs(uh.len);
	if (udp_len < sizeof(uh) || udp_len > tot_len - ihl_bytes)
		return AFUDP_PARSE_UDP_LEN;

	if (!(flags & AFUDP_PARSE_NO_IP_CSUM) &&
	    !afudp_ipv4_hdr_csum_ok(ip, ihl_bytes))
		return AFUDP_PARSE_IP_CSUM;
	/* Over udp_len only: bytes past it are not part of the datagram. */
	if (!(flags & AFUDP_PARSE_NO_UDP_CSUM) &&
	    !afudp_udp4_csum_ok(iph.saddr, iph.daddr, udp, udp_len))
		return AFUDP_PARSE_UDP_CSUM;

	info->payload = udp + sizeof(uh);
	info->payload_len = (uint16_t)(udp_len - sizeof(uh));
	memcpy(info->smac, eth.h_source, ETH_ALEN);
	memcpy(info->dmac, eth.h_dest, ETH_ALEN);
	info->saddr = iph.saddr;
	info->daddr = iph.daddr;
	info->sport = uh.source;
	info->dport = uh.dest;
	info->ttl = iph.ttl;
	info->tos = iph.tos;
	return AFUDP_PARSE_OK;
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
