/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the bench programs share: option parsing helpers, CPU pinning, a
 * monotonic clock, the once-a-second progress lines bench/run parses, and
 * finding and loading bench.bpf.o.
 *
 * Output protocol (stdout, one line each, parsed by bench/run):
 *   tick t=SECONDS n=COUNT [k=v ...]   cumulative counts, every tick
 *                                      ($BENCH_TICK_MS, default 1000 ms)
 *   total t=SECONDS n=COUNT [k=v ...]  at the end
 * SECONDS since the program's measuring phase began.
 */
#ifndef AFUDP_BENCH_UTIL_H
#define AFUDP_BENCH_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

#define BU_MAX_THREADS 16

extern volatile sig_atomic_t bu_stop;

/* SIGINT/SIGTERM set bu_stop (no SA_RESTART: sleeps return EINTR). */
void bu_catch_signals(void);
uint64_t bu_now_ns(void);
/* Pin the calling thread to @cpu (< 0: no-op). Exits on failure. */
void bu_pin(int cpu);
/* "0,1" or "1" -> cpus[]; returns the count. Exits on a bad list. */
int bu_cpu_list(const char *s, int *cpus, int max);
long long bu_int(const char *opt, const char *s, long long min, long long max);
/*
 * An IPv4 or IPv6 address: the family decides which member is meant.
 * sin_port and sin6_port sit at the same offset, so .in.sin_port is the
 * port of either.
 */
union bu_sa {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* "IP[:PORT]" or "[IP6][:PORT]" (a bare IPv6 address too). Exits if bad. */
union bu_sa bu_addr(const char *opt, const char *s);
/* The wildcard address of @family (AF_INET or AF_INET6), port @port. */
union bu_sa bu_any(int family, uint16_t port);
socklen_t bu_sa_len(const union bu_sa *a);
void bu_mac(const char *opt, const char *s, uint8_t mac[6]);
/* The interface's MAC, or exit. */
void bu_if_mac(const char *ifname, uint8_t mac[6]);
__attribute__((format(printf, 1, 2), noreturn)) void bu_die(const char *fmt,
							    ...);

/* Tick interval: $BENCH_TICK_MS (default 1000) in nanoseconds. */
uint64_t bu_tick_ns(void);

/* Path of bench.bpf.o: $BENCH_BPF_OBJ, else next to /proc/self/exe. */
const char *bu_bpf_obj_path(void);

/* Internet checksum of @len bytes, folded, not inverted (add to @sum). */
uint32_t bu_csum_add(uint32_t sum, const void *buf, size_t len);
uint16_t bu_csum_fold(uint32_t sum);

/*
 * Build an Ethernet/IPv4/UDP or Ethernet/IPv6/UDP frame (the family of
 * @src and @dst, which must match) with @payload_len bytes of payload (a
 * byte pattern) and correct IP and UDP checksums into @buf.
 * @return the frame length.
 */
size_t bu_build_udp(uint8_t *buf, const uint8_t dmac[6], const uint8_t smac[6],
		    const union bu_sa *src, const union bu_sa *dst,
		    size_t payload_len);

/* sockperf's message header (see apps/common.h) */
#define BU_SP_OFF_FLAGS 8
#define BU_SP_HDR_LEN 14
#define BU_SP_F_CLIENT 0x1
#define BU_SP_F_PONG_REQUEST 0x2

/*
 * Answer like `sockperf server`: a message of @len bytes at @msg gets a
 * reply only if flagged CLIENT|PONG_REQUEST, and the reply has CLIENT
 * cleared (the client ignores replies that still carry it). Clears it in
 * place and returns true, the flags word before and after in @oldf, @newf
 * (network order, for an incremental checksum update); false: no reply.
 */
static inline bool bu_sp_reply(uint8_t *msg, size_t len, uint16_t *oldf,
			       uint16_t *newf)
{
	const uint16_t ask = BU_SP_F_CLIENT | BU_SP_F_PONG_REQUEST;
	uint16_t f;

	if (len < BU_SP_HDR_LEN)
		return false;
	memcpy(&f, msg + BU_SP_OFF_FLAGS, sizeof(f));
	if ((ntohs(f) & ask) != ask)
		return false;
	*oldf = f;
	*newf = htons(ntohs(f) & ~BU_SP_F_CLIENT);
	memcpy(msg + BU_SP_OFF_FLAGS, newf, sizeof(*newf));
	return true;
}

/*
 * The frame accessors below go by byte offsets, not through IP header
 * structs: behind the 14-byte Ethernet header an IP header is only 2-byte
 * aligned (UBSan objects to member access there).
 */
#define BU_L3 sizeof(struct ethhdr)

/* The Ethernet type of the frame at @pkt, host order. */
static inline uint16_t bu_eth_proto(const uint8_t *pkt)
{
	return (uint16_t)(pkt[12] << 8 | pkt[13]);
}

/*
 * The UDP header's offset in the Ethernet frame @pkt of @len bytes: after
 * an IPv4 header without options or an IPv6 header without extension
 * headers (what the bench programs send); 0 for anything else. Inline:
 * the raw loop (xsk-raw) calls it per frame.
 */
static inline size_t bu_udp_off(const uint8_t *pkt, size_t len)
{
	size_t off;

	if (len < BU_L3 + sizeof(struct iphdr))
		return 0;
	if (bu_eth_proto(pkt) == ETH_P_IP) {
		/* version/ihl 0x45, protocol at byte 9 */
		if (pkt[BU_L3] != 0x45 || pkt[BU_L3 + 9] != IPPROTO_UDP)
			return 0;
		off = BU_L3 + sizeof(struct iphdr);
	} else if (bu_eth_proto(pkt) == ETH_P_IPV6) {
		/* next header at byte 6 */
		if (len < BU_L3 + sizeof(struct ipv6hdr) ||
		    pkt[BU_L3 + 6] != IPPROTO_UDP)
			return 0;
		off = BU_L3 + sizeof(struct ipv6hdr);
	} else {
		return 0;
	}
	return len >= off + sizeof(struct udphdr) ? off : 0;
}

/*
 * Swap the Ethernet, IP and UDP source and destination in place in a frame
 * bu_udp_off() accepted. The checksums stay valid: both sums are
 * symmetric in source and destination.
 */
static inline void bu_swap_hdrs(uint8_t *pkt)
{
	uint8_t t[16], *a, *udp;

	memcpy(t, pkt, ETH_ALEN);
	memcpy(pkt, pkt + ETH_ALEN, ETH_ALEN);
	memcpy(pkt + ETH_ALEN, t, ETH_ALEN);
	/* Source then destination address, at 8 (IPv6) or 12 (IPv4). */
	if (bu_eth_proto(pkt) == ETH_P_IPV6) {
		a = pkt + BU_L3 + 8;
		memcpy(t, a, 16);
		memcpy(a, a + 16, 16);
		memcpy(a + 16, t, 16);
		udp = a + 32;
	} else {
		a = pkt + BU_L3 + 12;
		memcpy(t, a, 4);
		memcpy(a, a + 4, 4);
		memcpy(a + 4, t, 4);
		udp = a + 8;
	}
	memcpy(t, udp, 2);
	memcpy(udp, udp + 2, 2);
	memcpy(udp + 2, t, 2);
}

#endif
