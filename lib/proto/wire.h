/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Header-writing steps that udp4.c and udp6.c share. Static inline so that
 * each builder compiles to what it would be with the steps written out: a
 * call per header on the per-datagram path would cost more than the step.
 */
#ifndef AFUDP_PROTO_WIRE_H
#define AFUDP_PROTO_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/udp.h>

/* Write an Ethernet header at @p (any alignment). */
static inline void afudp_eth_write(uint8_t *p, const uint8_t *dmac,
				   const uint8_t *smac, __be16 proto)
{
	struct ethhdr eth;

	memcpy(eth.h_dest, dmac, ETH_ALEN);
	memcpy(eth.h_source, smac, ETH_ALEN);
	eth.h_proto = proto;
	memcpy(p, &eth, ETH_HLEN);
}

/* Write a UDP header with a zero check field at @udp (any alignment). */
static inline void afudp_udph_write(uint8_t *udp, __be16 sport, __be16 dport,
				    size_t udp_len)
{
	struct udphdr uh;

	uh.source = sport;
	uh.dest = dport;
	uh.len = htons((uint16_t)udp_len);
	uh.check = 0;
	memcpy(udp, &uh, sizeof(uh));
}

/* Store a checksum, as the csum.h functions return it, in a UDP header. */
static inline void afudp_udph_set_check(uint8_t *udp, uint16_t check)
{
	memcpy(udp + offsetof(struct udphdr, check), &check, sizeof(check));
}

#endif /* AFUDP_PROTO_WIRE_H */
