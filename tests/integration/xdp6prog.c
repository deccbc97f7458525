// SPDX-License-Identifier: BSD-2-Clause
/*
 * The XDP program's IPv6 demultiplexing, tested on the program itself:
 * attached through lib/xdp (afudp_xdp_open()) to the interface named on
 * the command line (xdp6.sh gives it one end of a veth pair in a namespace
 * of its own, so no frame but ours ever reaches it), its maps filled through
 * lib/xdp (afudp_xdp_port6_add(), afudp_xdp_set_addrs6()...), and frames
 * built with lib/proto (afudp_udp6_build(), afudp_udp4_build()) run
 * through it with BPF_PROG_RUN. For each frame, the verdict
 * (XDP_REDIRECT: a real XSK, bound to the device's queue 0, sits in the
 * port's slot) and the exact change of every counter: the one the case
 * expects moves by one, nothing else moves. IPv4 frames check that the
 * IPv4 path still counts as it did; tagged frames (vlan_cases()), that
 * IPv6 on a VLAN follows the IPv4 path's VLAN rules.
 *
 * Output: one "PASS what" or "FAIL what: why" line per check, then DONE
 * (xdp6.sh turns them into TAP).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/xsk.h>

#include "check.h"
#include "log.h"
#include "proto/udp4.h"
#include "proto/udp6.h"
#include "xdp/xdp.h"

#define NCNT AFUDP_XDP_CNT_NR
_Static_assert(NCNT <= 32, "run_mask()'s counter mask");
#define NONE (-1)
#define MAX_LEN 1792	/* a 2048-byte UMEM frame less XDP headroom */

/* The addresses the cases use; none is configured anywhere. */
#define OWN6 "fd00:afd::1"
#define OWN6_2 "fd00:afd::2"
#define OWN6_LL "fe80::1"
#define PEER6 "fd00:afd::99"
#define OWN4 "10.66.0.1"
#define PEER4 "10.66.0.2"

/* An address only VLAN 100's interface has, and that interface's MAC. */
#define OWN6_V100 "fd00:afd:100::1"
#define VID 100

enum { P_ANY = 4000, P_BOUND, P_NOQ, P_V4, P_GONE, P_NONE, P_SPREAD };

static const uint8_t own_mac[6] = { 0x02, 0, 0, 0, 0x66, 1 };
static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0x66, 2 };
static const uint8_t other_mac[6] = { 0x02, 0, 0, 0, 0x66, 3 };
static const uint8_t vlan_mac[6] = { 0x02, 0, 0, 0, 0x66, 0x64 };

static struct afudp_xdp *x;
static int prog_fd, ifindex;
/* The XSK and its UMEM, freed at the end (LeakSanitizer builds). */
static struct xsk_socket *xsk_s;
static struct xsk_umem *umem;
static void *area;
static const size_t area_size = 64 * 4096;

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		die(s);
	return a;
}

static __be32 a4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		die(s);
	return a.s_addr;
}

/* An Ethernet/IPv6/UDP frame from @src to @dst:@port, @plen payload bytes. */
static size_t frame6(uint8_t *buf, const char *src, const char *dst,
		     uint16_t port, size_t plen, const uint8_t *dmac)
{
	struct afudp_udp6_hdr h = { .saddr = a6(src), .daddr = a6(dst),
				    .sport = htons(5353), .dport = htons(port) };

	memcpy(h.smac, peer_mac, 6);
	memcpy(h.dmac, dmac, 6);
	memset(buf + AFUDP_HDR6_LEN, 0xa5, plen);
	return afudp_udp6_build(buf, &h, plen);
}

static size_t frame4(uint8_t *buf, const char *src, const char *dst,
		     uint16_t port, size_t plen)
{
	struct afudp_udp4_hdr h = { .saddr = a4(src), .daddr = a4(dst),
				    .sport = htons(5353), .dport = htons(port) };

	memcpy(h.smac, peer_mac, 6);
	memcpy(h.dmac, own_mac, 6);
	memset(buf + AFUDP_HDR_LEN, 0xa5, plen);
	return afudp_udp4_build(buf, &h, plen, 0);
}

static void counters(uint64_t *c)
{
	int err = afudp_xdp_counters(x, c);

	if (err) {
		errno = -err;
		die("afudp_xdp_counters");
	}
}

#define BIT(c) (1u << (c))

/*
 * Run @frame through the program: its verdict must be @act, and each
 * counter in the mask @moved must move by one, no other.
 */
static void run_mask(const char *what, const uint8_t *frame, size_t len,
		     int act, uint32_t moved)
{
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame,
		    .data_size_in = len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	uint64_t before[NCNT], after[NCNT];
	char why[256] = "";
	size_t n = 0;
	int i, err;

	counters(before);
	err = bpf_prog_test_run_opts(prog_fd, &o);
	counters(after);
	if (err) {
		result(false, what, "BPF_PROG_RUN: %s", strerror(errno));
		return;
	}
	if ((int)o.retval != act)
		n += snprintf(why + n, sizeof(why) - n, " verdict %u, want %d",
			      o.retval, act);
	for (i = 0; i < NCNT && n < sizeof(why); i++) {
		uint64_t want = !!(moved & BIT(i));

		if (after[i] - before[i] != want)
			n += snprintf(why + n, sizeof(why) - n,
				      " counter %d moved %llu, want %llu", i,
				      (unsigned long long)(after[i] - before[i]),
				      (unsigned long long)want);
	}
	result(!n, what, "%s", why);
}

/* run_mask() with counter @cnt moving, and @also (NONE: no other). */
static void run(const char *what, const uint8_t *frame, size_t len, int act,
		int cnt, int also)
{
	run_mask(what, frame, len, act, BIT(cnt) | (also >= 0 ? BIT(also) : 0));
}

/* Set byte @off of @frame: a header field the builder has no say in. */
static const uint8_t *poke(uint8_t *frame, size_t off, uint8_t v)
{
	frame[off] = v;
	return frame;
}

#define IP6_NEXTHDR (ETH_HLEN + 6)

static void ipv6_cases(void)
{
	uint8_t f[4096];
	size_t n;

	n = frame6(f, PEER6, OWN6, P_ANY, 32, own_mac);
	run("good IPv6 UDP to a port bound to :: is redirected", f, n,
	    XDP_REDIRECT, AFUDP_XDP_REDIRECTED, AFUDP_XDP_REDIRECTED6);
	n = frame6(f, PEER6, OWN6_LL, P_ANY, 32, own_mac);
	run("to our link-local address: redirected", f, n, XDP_REDIRECT,
	    AFUDP_XDP_REDIRECTED, AFUDP_XDP_REDIRECTED6);
	n = frame6(f, PEER6, OWN6, P_BOUND, 32, own_mac);
	run("to the address a port is bound to: redirected", f, n,
	    XDP_REDIRECT, AFUDP_XDP_REDIRECTED, AFUDP_XDP_REDIRECTED6);
	n = frame6(f, PEER6, OWN6_2, P_BOUND, 32, own_mac);
	run("to another of our addresses than the bound one: not-local", f,
	    n, XDP_PASS, AFUDP_XDP_PASS_NOT_LOCAL, NONE);

	n = frame6(f, PEER6, OWN6, P_ANY, 32, own_mac);
	run("hop-by-hop options header: ip6-ext",
	    poke(f, IP6_NEXTHDR, 0), n, XDP_PASS, AFUDP_XDP_PASS_IP6_EXT,
	    NONE);
	run("routing header: ip6-ext", poke(f, IP6_NEXTHDR, 43), n, XDP_PASS,
	    AFUDP_XDP_PASS_IP6_EXT, NONE);
	run("fragment header: fragment", poke(f, IP6_NEXTHDR, 44), n,
	    XDP_PASS, AFUDP_XDP_PASS_FRAGMENT, NONE);
	run("destination options header: ip6-ext",
	    poke(f, IP6_NEXTHDR, 60), n, XDP_PASS, AFUDP_XDP_PASS_IP6_EXT,
	    NONE);
	run("AH: ip6-ext", poke(f, IP6_NEXTHDR, 51), n, XDP_PASS,
	    AFUDP_XDP_PASS_IP6_EXT, NONE);
	run("ICMPv6: not-udp", poke(f, IP6_NEXTHDR, 58), n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_UDP, NONE);
	n = frame6(f, PEER6, OWN6, P_ANY, 32, own_mac);
	run("version 4 behind the IPv6 ethertype: bad-ip",
	    poke(f, ETH_HLEN, 0x45), n, XDP_PASS, AFUDP_XDP_PASS_BAD_IP, NONE);
	n = frame6(f, PEER6, OWN6, P_ANY, 32, own_mac);
	f[ETH_HLEN + 4] = 0;
	run("payload length under a UDP header: bad-ip",
	    poke(f, ETH_HLEN + 5, 7), n, XDP_PASS, AFUDP_XDP_PASS_BAD_IP,
	    NONE);
	n = frame6(f, PEER6, OWN6, P_ANY, 32, own_mac);
	run("IPv6 header cut short: trunc", f, ETH_HLEN + 20, XDP_PASS,
	    AFUDP_XDP_PASS_TRUNC, NONE);
	run("UDP header cut short: trunc", f, ETH_HLEN + 40 + 4, XDP_PASS,
	    AFUDP_XDP_PASS_TRUNC, NONE);

	n = frame6(f, PEER6, PEER6, P_ANY, 32, own_mac);
	run("to another host's address: not-local", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_LOCAL, NONE);
	n = frame6(f, PEER6, "::1", P_ANY, 32, own_mac);
	run("to ::1: not-local", f, n, XDP_PASS, AFUDP_XDP_PASS_NOT_LOCAL,
	    NONE);
	n = frame6(f, PEER6, OWN6, P_ANY, 32, other_mac);
	run("to another MAC: other-mac", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_OTHER_MAC, NONE);

	n = frame6(f, "::", OWN6, P_ANY, 32, own_mac);
	run("from ::: martian", f, n, XDP_PASS, AFUDP_XDP_PASS_MARTIAN, NONE);
	n = frame6(f, "::1", OWN6, P_ANY, 32, own_mac);
	run("from ::1: martian", f, n, XDP_PASS, AFUDP_XDP_PASS_MARTIAN, NONE);
	n = frame6(f, "ff02::1", OWN6, P_ANY, 32, own_mac);
	run("from multicast: martian", f, n, XDP_PASS, AFUDP_XDP_PASS_MARTIAN,
	    NONE);
	n = frame6(f, "::ffff:10.66.0.2", OWN6, P_ANY, 32, own_mac);
	run("from an IPv4-mapped address: martian", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_MARTIAN, NONE);
	n = frame6(f, OWN6_2, OWN6, P_ANY, 32, own_mac);
	run("from our own address: martian", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_MARTIAN, NONE);
	n = frame6(f, OWN6_LL, OWN6, P_ANY, 32, own_mac);
	run("from our own link-local address: martian", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_MARTIAN, NONE);

	{
		static const uint8_t mc_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };

		n = frame6(f, PEER6, "ff02::1", P_ANY, 32, mc_mac);
		run("to ff02::1: mcast", f, n, XDP_PASS,
		    AFUDP_XDP_PASS_MCAST, NONE);
		n = frame6(f, PEER6, "ff0e::1234", P_ANY, 32, own_mac);
		run("to global multicast, unicast MAC: mcast", f, n, XDP_PASS,
		    AFUDP_XDP_PASS_MCAST, NONE);
		n = frame6(f, PEER6, OWN6, P_ANY, 32, mc_mac);
		run("to our address, multicast MAC: mcast", f, n, XDP_PASS,
		    AFUDP_XDP_PASS_MCAST, NONE);
	}

	n = frame6(f, PEER6, OWN6, P_ANY, MAX_LEN - AFUDP_HDR6_LEN, own_mac);
	run("exactly the socket's frame size: redirected", f, n, XDP_REDIRECT,
	    AFUDP_XDP_REDIRECTED, AFUDP_XDP_REDIRECTED6);
	n = frame6(f, PEER6, OWN6, P_ANY, MAX_LEN - AFUDP_HDR6_LEN + 1,
		   own_mac);
	run("one byte more than the socket's frames hold: too-big", f, n,
	    XDP_PASS, AFUDP_XDP_PASS_TOO_BIG, NONE);

	n = frame6(f, PEER6, OWN6, P_NONE, 32, own_mac);
	run("to a port nobody bound: no-port", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NO_PORT, NONE);
	n = frame6(f, PEER6, OWN6, P_V4, 32, own_mac);
	run("to a port bound for IPv4 only: no-port", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NO_PORT, NONE);
	n = frame6(f, PEER6, OWN6, P_NOQ, 32, own_mac);
	run("to a port with no XSK on the queue: no-queue", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NO_QUEUE, NONE);
	afudp_xdp_port6_del(x, htons(P_GONE));
	n = frame6(f, PEER6, OWN6, P_GONE, 32, own_mac);
	run("to a port unpublished by afudp_xdp_port6_del(): no-port", f, n,
	    XDP_PASS, AFUDP_XDP_PASS_NO_PORT, NONE);
}

static void ipv4_cases(void)
{
	uint8_t f[4096];
	size_t n;

	n = frame4(f, PEER4, OWN4, P_V4, 32);
	run("IPv4: good UDP to a bound port is redirected, not counted IPv6",
	    f, n, XDP_REDIRECT, AFUDP_XDP_REDIRECTED, NONE);
	n = frame4(f, PEER4, OWN4, P_BOUND, 32);
	run("IPv4: to a port bound for IPv6 only: no-port", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NO_PORT, NONE);
	n = frame4(f, "127.0.0.1", OWN4, P_V4, 32);
	run("IPv4: from loopback: martian", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_MARTIAN, NONE);
	n = frame4(f, PEER4, PEER4, P_V4, 32);
	run("IPv4: to another host: not-local", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_LOCAL, NONE);
	n = frame4(f, PEER4, OWN4, P_V4, 32);
	run("IPv4: fragment: fragment", poke(f, ETH_HLEN + 6, 0x20), n,
	    XDP_PASS, AFUDP_XDP_PASS_FRAGMENT, NONE);
	n = frame4(f, PEER4, OWN4, P_V4, 32);
	f[12] = 0x08;
	run("ARP: not-ipv4", poke(f, 13, 0x06), n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_IPV4, NONE);
}

/*
 * An ICMP path MTU message from @router to @own: IPv6 Packet Too Big or
 * IPv4 fragmentation needed (@v4), saying @mtu, quoting a datagram from
 * @own:@sport to @far:5353 (as much as a router quotes: headers and a few
 * bytes). The checksums are not the program's business.
 */
static size_t ptb(uint8_t *f, bool v4, const char *router, const char *own,
		  const char *far, uint16_t sport, uint32_t mtu)
{
	uint8_t in[256];
	size_t n, hl = v4 ? AFUDP_HDR_LEN : AFUDP_HDR6_LEN;

	if (v4) {
		struct afudp_udp4_hdr h = { .saddr = a4(own), .daddr = a4(far),
					    .sport = htons(sport),
					    .dport = htons(5353) };

		memset(in + hl, 0x5a, 16);
		afudp_udp4_build(in, &h, 16, 0);
		n = afudp_udp4_build(f, &(struct afudp_udp4_hdr){
				.saddr = a4(router), .daddr = a4(own),
				.sport = htons(1), .dport = htons(1) }, 0, 0);
		/* The outer IPv4 header: ICMP, 8 + the quote more bytes. */
		f[ETH_HLEN + 9] = IPPROTO_ICMP;
		n = ETH_HLEN + 20;
		f[n] = 3;
		f[n + 1] = 4;
		memset(f + n + 2, 0, 6);
		f[n + 6] = (uint8_t)(mtu >> 8);
		f[n + 7] = (uint8_t)mtu;
		memcpy(f + n + 8, in + ETH_HLEN, 20 + 8 + 16);
		n += 8 + 20 + 8 + 16;
		f[ETH_HLEN + 2] = (uint8_t)((n - ETH_HLEN) >> 8);
		f[ETH_HLEN + 3] = (uint8_t)(n - ETH_HLEN);
	} else {
		struct afudp_udp6_hdr h = { .saddr = a6(own), .daddr = a6(far),
					    .sport = htons(sport),
					    .dport = htons(5353) };
		uint32_t m = htonl(mtu);

		memset(in + hl, 0x5a, 16);
		afudp_udp6_build(in, &h, 16);
		frame6(f, router, own, 1, 0, own_mac);
		f[IP6_NEXTHDR] = 58;
		n = ETH_HLEN + 40;
		f[n] = 2;
		memset(f + n + 1, 0, 3);
		memcpy(f + n + 4, &m, 4);
		memcpy(f + n + 8, in + ETH_HLEN, 40 + 8 + 16);
		n += 8 + 40 + 8 + 16;
		f[ETH_HLEN + 4] = (uint8_t)((n - ETH_HLEN - 40) >> 8);
		f[ETH_HLEN + 5] = (uint8_t)(n - ETH_HLEN - 40);
	}
	memcpy(f, own_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	return n;
}

/* The program's note of @far (an IPv6 or IPv4 address), 0 for none. */
static uint32_t noted(const char *far)
{
	struct afudp_rt_pmtu e[AFUDP_MAX_PMTU / 16];
	struct in6_addr a;
	int i, n;

	if (strchr(far, ':')) {
		a = a6(far);
	} else {
		memset(&a, 0, sizeof(a));
		a.s6_addr[10] = a.s6_addr[11] = 0xff;
		memcpy(&a.s6_addr[12], &(__be32){ a4(far) }, 4);
	}
	n = afudp_xdp_pmtu_read(x, e, AFUDP_MAX_PMTU / 16);
	for (i = 0; i < n; i++)
		if (!memcmp(&e[i].addr, &a, sizeof(a)))
			return e[i].mtu;
	return 0;
}

/*
 * Path MTU messages: noted for a port of ours (the counter moves, and the
 * mapped count), passed to the kernel in every case.
 */
static void pmtu_cases(void)
{
	const volatile uint64_t *seq = afudp_xdp_pmtu_seq(x);
	uint8_t f[512];
	uint64_t s0;
	size_t n;

	result(seq != NULL, "path MTU: the program's count of notes is mapped",
	       "not mapped");
	if (!seq)
		return;
	s0 = *seq;
	n = ptb(f, false, PEER6, OWN6, "fd00:9::5", P_ANY, 1300);
	run("Packet Too Big for a port of ours: passed, noted", f, n,
	    XDP_PASS, AFUDP_XDP_PASS_NOT_UDP, AFUDP_XDP_PMTU);
	result(noted("fd00:9::5") == 1300 && *seq == s0 + 1,
	       "... its MTU for the quoted destination, the count up by one",
	       "noted %u, count +%llu", noted("fd00:9::5"),
	       (unsigned long long)(*seq - s0));
	run("... the same again: passed, nothing new", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_UDP, NONE);
	n = ptb(f, false, PEER6, OWN6, "fd00:9::5", P_ANY, 1280);
	run("... a smaller MTU: noted", f, n, XDP_PASS, AFUDP_XDP_PASS_NOT_UDP,
	    AFUDP_XDP_PMTU);
	n = ptb(f, false, PEER6, OWN6, "fd00:9::6", P_NONE, 1280);
	run("Packet Too Big for a port not ours: passed, not noted", f, n,
	    XDP_PASS, AFUDP_XDP_PASS_NOT_UDP, NONE);
	n = ptb(f, false, PEER6, OWN6, "fd00:9::7", P_ANY, 1280);
	f[n - 16 - 8 - 40 + 6] = IPPROTO_TCP;
	run("... quoting TCP: passed, not noted", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_UDP, NONE);
	n = ptb(f, false, PEER6, OWN6, "fd00:9::8", P_ANY, 1280);
	run("... cut short: passed, not noted", f, n - 16 - 6, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_UDP, NONE);
	n = ptb(f, true, PEER4, OWN4, "10.9.0.5", P_V4, 1200);
	run("IPv4 fragmentation needed for a port of ours: passed, noted", f,
	    n, XDP_PASS, AFUDP_XDP_PASS_NOT_UDP, AFUDP_XDP_PMTU);
	result(noted("10.9.0.5") == 1200,
	       "... its MTU for the quoted destination (v4-mapped)",
	       "noted %u", noted("10.9.0.5"));
	n = ptb(f, true, PEER4, OWN4, "10.9.0.6", P_V4, 1200);
	f[ETH_HLEN + 21] = 1;	/* code 1: host unreachable */
	run("... another ICMP unreachable: passed, not noted", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_UDP, NONE);
}

/*
 * The program's cost for @frame: BPF_PROG_RUN's mean over many runs, a
 * note for the log (never asserted: the machine may be busy).
 */
static void cost(const char *what, const uint8_t *frame, size_t len)
{
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame,
		    .data_size_in = len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 100000);

	if (!bpf_prog_test_run_opts(prog_fd, &o))
		printf("# %s: %u ns a frame (BPF_PROG_RUN, 100000 runs)\n",
		       what, o.duration);
}

/* The fd of the program's map called @name. */
static int map_fd(const char *name)
{
	struct bpf_prog_info pi = { 0 };
	__u32 len = sizeof(pi), ids[32], i;

	pi.nr_map_ids = 32;
	pi.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &pi, &len))
		die("bpf_prog_get_info_by_fd");
	for (i = 0; i < pi.nr_map_ids && i < 32; i++) {
		struct bpf_map_info mi = { 0 };
		__u32 mlen = sizeof(mi);
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen) &&
		    !strcmp(mi.name, name))
			return fd;
		close(fd);
	}
	errno = ENOENT;
	die(name);
	return -1;
}

/*
 * @n bytes of an untagged frame at @buf + 4 made a frame tagged @vid at
 * @buf (MACs moved up, the 802.1Q tag put before the ethertype).
 */
static size_t tag(uint8_t *buf, size_t n, uint16_t vid)
{
	memmove(buf, buf + 4, 12);
	buf[12] = 0x81;
	buf[13] = 0x00;
	buf[14] = vid >> 8;
	buf[15] = vid & 0xff;
	return n + 4;
}

/*
 * IPv6 on VLAN 100: the handle publishes as a stack on that VLAN would
 * (afudp_xdp_set_vid(): its MAC in afudp_vlans, its address and a port
 * bound to :: under VID 100), then back to the untagged VLAN 0 for the
 * cases after these.
 */
static void vlan_cases(int xsk)
{
	struct in6_addr own6v = a6(OWN6_V100);
	uint8_t f[512];
	size_t n;

	afudp_xdp_set_vid(x, VID);
	if (afudp_xdp_set_mac(x, vlan_mac) ||
	    afudp_xdp_set_addrs6(x, &own6v, 1) ||
	    afudp_xdp_port6_add(x, htons(P_ANY), NULL, &xsk, 1, MAX_LEN, 1,
				false))
		die("publishing VLAN 100");
	afudp_xdp_set_vid(x, 0);

	n = tag(f, frame6(f + 4, PEER6, OWN6_V100, P_ANY, 32, vlan_mac), VID);
	run_mask("VLAN 100: IPv6 to its address and port: redirected, "
		 "counted tagged",
		 f, n, XDP_REDIRECT,
		 BIT(AFUDP_XDP_REDIRECTED) | BIT(AFUDP_XDP_REDIRECTED6) |
			 BIT(AFUDP_XDP_VLAN_REDIRECTED));
	n = tag(f, frame6(f + 4, PEER6, OWN6, P_ANY, 32, vlan_mac), VID);
	run("VLAN 100: to the untagged interface's address: not-local", f, n,
	    XDP_PASS, AFUDP_XDP_PASS_NOT_LOCAL, NONE);
	n = frame6(f, PEER6, OWN6_V100, P_ANY, 32, own_mac);
	run("untagged: to VLAN 100's address: not-local", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NOT_LOCAL, NONE);
	n = tag(f, frame6(f + 4, PEER6, OWN6_V100, P_ANY, 32, own_mac), VID);
	run("VLAN 100: to the device's MAC, not the VLAN's: other-mac", f, n,
	    XDP_PASS, AFUDP_XDP_PASS_OTHER_MAC, NONE);
	n = tag(f, frame6(f + 4, PEER6, OWN6_V100, P_BOUND, 32, vlan_mac),
		VID);
	run("VLAN 100: a port bound untagged only: no-port", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_NO_PORT, NONE);
	n = tag(f, frame6(f + 4, OWN6_V100, OWN6_V100, P_ANY, 32, vlan_mac),
		VID);
	run("VLAN 100: from its own address: martian", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_MARTIAN, NONE);
	n = tag(f, frame6(f + 4, PEER6, OWN6_V100, P_ANY, 32, vlan_mac), 200);
	run("VLAN 200, served by no stack: vlan", f, n, XDP_PASS,
	    AFUDP_XDP_PASS_VLAN, NONE);
	{
		static const uint8_t mc_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };

		n = tag(f, frame6(f + 4, PEER6, "ff02::1", P_ANY, 32, mc_mac),
			VID);
		run("VLAN 100: to ff02::1: vlan (tagged multicast)", f, n,
		    XDP_PASS, AFUDP_XDP_PASS_VLAN, NONE);
	}
}

/*
 * A reuseport group of two over IPv6, the program's side alone (the
 * library's, afudp_xdp_shard_join(), is reuseport.sh's): nshards raised by
 * hand, both slots of queue 0 holding the XSK. A datagram goes by hash,
 * counted spread too.
 */
static void spread_case(int xsk)
{
	int ports6 = map_fd(AFUDP_PORTS6_MAP), xsks = map_fd(AFUDP_XSKS_MAP);
	struct afudp_port6_val v;
	struct afudp_port_key key = { .port = htons(P_SPREAD) };
	uint8_t f[256];
	__u32 slot;
	size_t n;

	if (afudp_xdp_port6_add(x, key.port, NULL, &xsk, 1, MAX_LEN, 2,
				false) ||
	    bpf_map_lookup_elem(ports6, &key, &v))
		die("publishing a group port");
	slot = v.p.base + 1;
	v.p.nshards = 2;
	if (bpf_map_update_elem(xsks, &slot, &xsk, 0) ||
	    bpf_map_update_elem(ports6, &key, &v, BPF_EXIST))
		die("making it a group of two");
	n = frame6(f, PEER6, OWN6, P_SPREAD, 32, own_mac);
	run_mask("a reuseport group's port: redirected by hash, counted spread",
		 f, n, XDP_REDIRECT,
		 BIT(AFUDP_XDP_REDIRECTED) | BIT(AFUDP_XDP_REDIRECTED6) |
			 BIT(AFUDP_XDP_SPREAD));
	afudp_xdp_port6_del(x, key.port);
	close(ports6);
	close(xsks);
}

/* A bound XSK on queue 0 of @ifname, for the ports' slots. */
static int make_xsk(const char *ifname)
{
	static struct xsk_ring_prod fq, tx;
	static struct xsk_ring_cons cq, rx;
	struct xsk_socket_config cfg = {
		.rx_size = 64, .tx_size = 64,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = XDP_COPY,
	};
	int err;

	area = mmap(NULL, area_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		die("mmap");
	err = xsk_umem__create(&umem, area, area_size, &fq, &cq, NULL);
	if (err) {
		errno = -err;
		die("xsk_umem__create");
	}
	err = xsk_socket__create(&xsk_s, ifname, 0, umem, &rx, &tx, &cfg);
	if (err) {
		errno = -err;
		die("xsk_socket__create");
	}
	return xsk_socket__fd(xsk_s);
}

int main(int argc, char **argv)
{
	struct in6_addr own6[3] = { a6(OWN6), a6(OWN6_2), a6(OWN6_LL) };
	struct in6_addr bound = a6(OWN6);
	__be32 own4 = a4(OWN4);
	struct afudp_logger lg;
	int xsk, none = -1, err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s IFNAME\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex)
		die(argv[1]);
	afudp_logger_init(&lg, NULL, NULL, LOG_WARNING);
	err = afudp_xdp_open(&x, ifindex, AFUDP_XDP_MODE_AUTO, false, &lg);
	if (err) {
		errno = -err;
		die("afudp_xdp_open");
	}
	prog_fd = bpf_prog_get_fd_by_id(afudp_xdp_prog_id(x));
	if (prog_fd < 0)
		die("bpf_prog_get_fd_by_id");
	xsk = make_xsk(argv[1]);

	if (afudp_xdp_set_mac(x, own_mac) ||
	    afudp_xdp_set_addrs(x, &own4, 1) ||
	    afudp_xdp_set_addrs6(x, own6, 3))
		die("filling the address maps");
	if (afudp_xdp_port6_add(x, htons(P_ANY), NULL, &xsk, 1, MAX_LEN, 1,
				false) ||
	    afudp_xdp_port6_add(x, htons(P_BOUND), &bound, &xsk, 1, MAX_LEN,
				1, false) ||
	    afudp_xdp_port6_add(x, htons(P_NOQ), NULL, &none, 1, MAX_LEN, 1,
				false) ||
	    afudp_xdp_port6_add(x, htons(P_GONE), NULL, &xsk, 1, MAX_LEN, 1,
				false) ||
	    afudp_xdp_port_add(x, htons(P_V4), 0, &xsk, 1, MAX_LEN, 1, false))
		die("publishing the ports");
	ipv6_cases();
	ipv4_cases();
	vlan_cases(xsk);
	spread_case(xsk);
	pmtu_cases();
	{
		uint8_t f[256];

		cost("IPv6 redirected", f,
		     frame6(f, PEER6, OWN6, P_ANY, 32, own_mac));
		cost("IPv4 redirected", f, frame4(f, PEER4, OWN4, P_V4, 32));
		cost("IPv6 no-port", f,
		     frame6(f, PEER6, OWN6, P_NONE, 32, own_mac));
	}

	/* Each set replaces the last: the link-local address is gone. */
	{
		uint8_t f[256];
		size_t n;

		if (afudp_xdp_set_addrs6(x, own6, 2))
			die("afudp_xdp_set_addrs6");
		n = frame6(f, PEER6, OWN6_LL, P_ANY, 32, own_mac);
		run("an address no longer in the set: not-local", f, n,
		    XDP_PASS, AFUDP_XDP_PASS_NOT_LOCAL, NONE);
	}

	afudp_xdp_close(x);
	close(prog_fd);
	xsk_socket__delete(xsk_s);
	xsk_umem__delete(umem);
	munmap(area, area_size);
	printf("DONE\n");
	return failed ? 1 : 0;
}
