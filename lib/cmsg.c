// SPDX-License-Identifier: BSD-2-Clause
/*
 * Control messages on the fast path, with the kernel's semantics: the
 * receive side's (IP_PKTINFO, IP_TTL, IP_TOS, IP_ORIGDSTADDR,
 * SO_TIMESTAMP*; on an AF_INET6 socket IPV6_PKTINFO, IPV6_HOPLIMIT,
 * IPV6_TCLASS, IPV6_FLOWINFO, IPV6_ORIGDSTADDR and RFC 2292's
 * IPV6_2292PKTINFO and IPV6_2292HOPLIMIT too, as udpv6_recvmsg() gives
 * them) built from what the parse saw, and the send side's (IP_PKTINFO,
 * IP_TOS, IP_TTL; IPV6_PKTINFO, IPV6_TCLASS, IPV6_HOPLIMIT) read into the
 * headers afudp_tx_plan() (ip6.c for IPv6) made, and UDP_SEGMENT's
 * segment size (tx.c cuts the datagrams). The IPv6 receive options that
 * name extension headers (IPV6_RECVHOPOPTS, _RECVDSTOPTS, _RECVRTHDR)
 * give nothing here, as the kernel gives nothing for a datagram without
 * them: the XDP program passes every datagram with one to the kernel.
 *
 * Which ones a socket asks for is s->cmsg, read from its kernel socket's
 * options (socket.c: afudp_setsockopt, afudp_cmsg_sync), so the slow
 * path's datagrams carry the same messages, from the kernel. What this
 * file does not know (other control messages) stays the kernel socket's
 * business: those sends go through it.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>

#include "dp.h"
#include "route/route.h"
#include "rxts.h"

/* Linux 6.8's uapi (older kernels ignore it): older headers lack it. */
#ifndef SOF_TIMESTAMPING_OPT_RX_FILTER
#define SOF_TIMESTAMPING_OPT_RX_FILTER (1 << 17)
#endif
#ifndef SCM_TIMESTAMPING_OLD
#define SCM_TIMESTAMPING_OLD SO_TIMESTAMPING_OLD
#endif

/*
 * Append one control message to @m, as the kernel's put_cmsg() does: no
 * room for a header sets MSG_CTRUNC and writes nothing; room for part of
 * it writes that part (cmsg_len saying so) and sets MSG_CTRUNC. @m's
 * control pointer and length advance past what was written (the caller
 * turns them back into the written length).
 */
static void put_cmsg(struct msghdr *m, int level, int type, const void *data,
		     size_t len)
{
	size_t cmlen = CMSG_LEN(len);
	struct cmsghdr h;

	if (!m->msg_control || m->msg_controllen < sizeof(h)) {
		m->msg_flags |= MSG_CTRUNC;
		return;
	}
	if (m->msg_controllen < cmlen) {
		m->msg_flags |= MSG_CTRUNC;
		cmlen = m->msg_controllen;
	}
	h.cmsg_len = cmlen;
	h.cmsg_level = level;
	h.cmsg_type = type;
	memcpy(m->msg_control, &h, sizeof(h));
	memcpy(CMSG_DATA((struct cmsghdr *)m->msg_control), data,
	       cmlen - CMSG_LEN(0));
	cmlen = CMSG_SPACE(len) < m->msg_controllen ? CMSG_SPACE(len) :
						      m->msg_controllen;
	m->msg_control = (uint8_t *)m->msg_control + cmlen;
	m->msg_controllen -= cmlen;
}

unsigned int afudp_rx_tsflags(unsigned int f)
{
	/*
	 * __sock_recv_timestamp(): each reported (SOFTWARE, RAW_HARDWARE)
	 * if generated on receive, or unfiltered (no OPT_RX_FILTER).
	 */
	bool all = !(f & SOF_TIMESTAMPING_OPT_RX_FILTER);
	unsigned int r = 0;

	if ((f & SOF_TIMESTAMPING_SOFTWARE) &&
	    ((f & SOF_TIMESTAMPING_RX_SOFTWARE) || all))
		r |= 1;
	if ((f & SOF_TIMESTAMPING_RAW_HARDWARE) &&
	    ((f & SOF_TIMESTAMPING_RX_HARDWARE) || all))
		r |= 2;
	return r;
}

/* SO_TIMESTAMP or SO_TIMESTAMPNS: the software time, as the name set. */
static void put_tstamp(const struct afudp_socket *s, struct msghdr *m,
		       uint64_t ns)
{
	struct timespec ts = afudp_rxts_spec(ns);
	unsigned int cm = s->cmsg;
	struct timeval tv;
	int type;

	if (cm & AFUDP_CM_TSNS) {
		type = SO_TIMESTAMPNS_OLD;
#ifdef SO_TIMESTAMPNS_NEW
		if (cm & AFUDP_CM_TSNEW)
			type = SO_TIMESTAMPNS_NEW;
#endif
		put_cmsg(m, SOL_SOCKET, type, &ts, sizeof(ts));
	} else {
		type = SO_TIMESTAMP_OLD;
#ifdef SO_TIMESTAMP_NEW
		if (cm & AFUDP_CM_TSNEW)
			type = SO_TIMESTAMP_NEW;
#endif
		tv.tv_sec = ts.tv_sec;
		tv.tv_usec = ts.tv_nsec / 1000;
		put_cmsg(m, SOL_SOCKET, type, &tv, sizeof(tv));
	}
}

/*
 * SO_TIMESTAMPING's SCM_TIMESTAMPING: ts[0] the software time, ts[2]
 * the device's raw one, each if the flags ask for it and it is there;
 * none if neither (the kernel's "empty").
 */
static void put_tstamping(const struct afudp_socket *s, struct msghdr *m,
			  const struct afudp_rx_item *it)
{
	unsigned int want = afudp_rx_tsflags(s->tsflags);
	struct scm_timestamping tss;
	int type = SCM_TIMESTAMPING_OLD;

	memset(&tss, 0, sizeof(tss));
	if (want & 1)
		tss.ts[0] = afudp_rxts_spec(it->ts);
	if ((want & 2) && it->ts_hw)
		tss.ts[2] = afudp_rxts_spec(it->ts_hw);
	else if (!(want & 1))
		return;
#ifdef SO_TIMESTAMPING_NEW
	if (s->cmsg & AFUDP_CM_TSNEW)
		type = SO_TIMESTAMPING_NEW;	/* scm_timestamping64: same
						   layout with a 64-bit time_t */
#endif
	put_cmsg(m, SOL_SOCKET, type, &tss, sizeof(tss));
}

/* ip_cmsg_recv_offset()'s, in its order, for an IPv4 datagram. */
static void rx_cmsg4(const struct afudp_socket *s,
		     const struct afudp_udp4_info *in, struct msghdr *m)
{
	unsigned int cm = s->cmsg;

	if (cm & AFUDP_CM_PKTINFO) {
		/*
		 * ipv4_pktinfo_prepare() and ip_cmsg_recv_pktinfo(): the
		 * arrival interface, the header's destination, and as the
		 * "specific destination" fib_compute_spec_dst()'s answer,
		 * which for unicast to a local address (all the fast path
		 * takes) is that address.
		 */
		struct in_pktinfo pi = {
			.ipi_ifindex = s->st->ifindex,
			.ipi_spec_dst.s_addr = in->daddr,
			.ipi_addr.s_addr = in->daddr,
		};

		put_cmsg(m, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	}
	if (cm & AFUDP_CM_TTL) {
		int ttl = in->ttl;

		put_cmsg(m, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	}
	if (cm & AFUDP_CM_TOS)
		put_cmsg(m, IPPROTO_IP, IP_TOS, &in->tos, 1);
	if (cm & AFUDP_CM_ORIGDST) {
		struct sockaddr_in sin = {
			.sin_family = AF_INET,
			.sin_port = in->dport,
			.sin_addr.s_addr = in->daddr,
		};

		put_cmsg(m, IPPROTO_IP, IP_ORIGDSTADDR, &sin, sizeof(sin));
	}
}

/*
 * An AF_INET6 socket's: ip6_datagram_recv_common_ctl()'s IPV6_PKTINFO
 * (an IPv4 datagram's destination v4-mapped), then for an IPv4 datagram
 * the IP level's, for an IPv6 one ip6_datagram_recv_specific_ctl()'s, in
 * its order. The arrival interface is the stack's.
 */
static void rx_cmsg6(const struct afudp_socket *s,
		     const struct afudp_rx_item *it, struct msghdr *m)
{
	const struct afudp_udp4_info *in = &it->info;
	struct in6_pktinfo pi = { .ipi6_ifindex = s->st->ifindex };
	unsigned int cm = s->cmsg;
	int v;

	if (it->v6) {
		pi.ipi6_addr = it->daddr6;
	} else {
		pi.ipi6_addr.s6_addr32[2] = htonl(0xffff);
		pi.ipi6_addr.s6_addr32[3] = in->daddr;
	}
	if (cm & AFUDP_CM_PKTINFO6)
		put_cmsg(m, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
	if (!it->v6) {
		rx_cmsg4(s, in, m);
		return;
	}
	if (cm & AFUDP_CM_HLIM6) {
		v = in->ttl;
		put_cmsg(m, IPPROTO_IPV6, IPV6_HOPLIMIT, &v, sizeof(v));
	}
	if (cm & AFUDP_CM_TCLASS6) {
		v = in->tos;
		put_cmsg(m, IPPROTO_IPV6, IPV6_TCLASS, &v, sizeof(v));
	}
	/* ip6_flowinfo(): none when class and label are both 0. */
	if ((cm & AFUDP_CM_FLOW6) && it->flowinfo6)
		put_cmsg(m, IPPROTO_IPV6, IPV6_FLOWINFO, &it->flowinfo6,
			 sizeof(it->flowinfo6));
	if (cm & AFUDP_CM_OPKTINFO6)
		put_cmsg(m, IPPROTO_IPV6, IPV6_2292PKTINFO, &pi, sizeof(pi));
	if (cm & AFUDP_CM_OHLIM6) {
		v = in->ttl;
		put_cmsg(m, IPPROTO_IPV6, IPV6_2292HOPLIMIT, &v, sizeof(v));
	}
	if (cm & AFUDP_CM_ORIGDST6) {
		struct sockaddr_in6 sin6 = {
			.sin6_family = AF_INET6,
			.sin6_port = in->dport,
			.sin6_addr = it->daddr6,
		};

		/* ipv6_iface_scope_id(): unicast, so link-local only. */
		if (IN6_IS_ADDR_LINKLOCAL(&it->daddr6))
			sin6.sin6_scope_id = (uint32_t)s->st->ifindex;
		put_cmsg(m, IPPROTO_IPV6, IPV6_ORIGDSTADDR, &sin6,
			 sizeof(sin6));
	}
}

void afudp_rx_cmsg(const struct afudp_socket *s,
		   const struct afudp_rx_item *it, unsigned int gro,
		   struct msghdr *m)
{
	void *start = m->msg_control;
	size_t size = m->msg_controllen;
	unsigned int cm = s->cmsg;

	/*
	 * udp_recvmsg()'s and udpv6_recvmsg()'s order: the timestamps
	 * (__sock_recv_timestamp(): SO_TIMESTAMP(NS), then
	 * SCM_TIMESTAMPING), UDP_GRO, the IP levels'. The time afudp
	 * first saw the datagram (rxts.h).
	 */
	if (cm & AFUDP_CM_TSTAMP)
		put_tstamp(s, m, it->ts);
	if (cm & AFUDP_CM_TSING)
		put_tstamping(s, m, it);
	if (gro) {
		int v = (int)gro;	/* udp_cmsg_recv(): gso_size, an int */

		put_cmsg(m, SOL_UDP, UDP_GRO, &v, sizeof(v));
	}
	if (s->family == AF_INET6)
		rx_cmsg6(s, it, m);
	else
		rx_cmsg4(s, &it->info, m);
	m->msg_controllen = size - m->msg_controllen;
	m->msg_control = start;
}

/* ip6_datagram_send_ctl()'s three the fast path sends, its checks. */
static int tx_ctl6(const struct cmsghdr *h, struct afudp_tx_ctl *c)
{
	const uint8_t *d = CMSG_DATA(h);
	struct in6_pktinfo pi;
	int v;

	switch (h->cmsg_type) {
	case IPV6_PKTINFO:
		if (h->cmsg_len < CMSG_LEN(sizeof(pi)))
			return -EINVAL;
		memcpy(&pi, d, sizeof(pi));
		if (pi.ipi6_ifindex)
			c->ifindex = pi.ipi6_ifindex;
		c->saddr6 = pi.ipi6_addr;
		return 0;
	case IPV6_HOPLIMIT:
	case IPV6_TCLASS:
		if (h->cmsg_len != CMSG_LEN(sizeof(int)))
			return -EINVAL;
		memcpy(&v, d, sizeof(v));
		if (v < -1 || v > 255)
			return -EINVAL;
		/*
		 * A hop limit of -1 is the socket's, as not given; a class
		 * of -1 is sent as 0xff (the kernel's ip6_flow_hdr() takes
		 * the int as it is).
		 */
		if (h->cmsg_type == IPV6_HOPLIMIT)
			c->ttl = v;
		else
			c->tos = v & 0xff;
		return 0;
	default:
		c->kern = true;
		return 0;
	}
}

int afudp_tx_ctl_parse(const struct msghdr *m, struct afudp_tx_ctl *c,
		       bool v6)
{
	struct cmsghdr *h;
	uint16_t gso;
	int v;

	c->kern = false;
	c->ifindex = 0;
	c->saddr = 0;
	memset(&c->saddr6, 0, sizeof(c->saddr6));
	c->tos = -1;
	c->ttl = -1;
	c->gso = -1;
	if (!m->msg_control || !m->msg_controllen)
		return 0;
	for (h = CMSG_FIRSTHDR((struct msghdr *)m); h;
	     h = CMSG_NXTHDR((struct msghdr *)m, h)) {
		const uint8_t *d = CMSG_DATA(h);

		/* Malformed: the kernel's EINVAL. */
		if (h->cmsg_len < sizeof(*h) ||
		    (uint8_t *)h + h->cmsg_len >
			    (uint8_t *)m->msg_control + m->msg_controllen) {
			c->kern = true;
			break;
		}
		if (h->cmsg_level == SOL_UDP) {
			/* __udp_cmsg_send(): UDP_SEGMENT, its size exact. */
			if (h->cmsg_type != UDP_SEGMENT) {
				c->kern = true; /* the kernel's EINVAL */
				continue;
			}
			if (h->cmsg_len != CMSG_LEN(sizeof(uint16_t)))
				return -EINVAL;
			memcpy(&gso, d, sizeof(gso));
			c->gso = gso;
			continue;
		}
		if (h->cmsg_level != (v6 ? IPPROTO_IPV6 : IPPROTO_IP)) {
			c->kern = true; /* the kernel decides, and errs */
			continue;
		}
		if (v6) {
			v = tx_ctl6(h, c);
			if (v)
				return v;
			continue;
		}
		/* ip_cmsg_send()'s checks, its errno. */
		switch (h->cmsg_type) {
		case IP_PKTINFO: {
			struct in_pktinfo pi;

			if (h->cmsg_len != CMSG_LEN(sizeof(pi)))
				return -EINVAL;
			memcpy(&pi, d, sizeof(pi));
			/* Only these two: ipi_addr means nothing on send. */
			if (pi.ipi_ifindex)
				c->ifindex = pi.ipi_ifindex;
			c->saddr = pi.ipi_spec_dst.s_addr;
			break;
		}
		case IP_TTL:
			if (h->cmsg_len != CMSG_LEN(sizeof(int)))
				return -EINVAL;
			memcpy(&v, d, sizeof(v));
			if (v < 1 || v > 255)
				return -EINVAL;
			c->ttl = v;
			break;
		case IP_TOS:
			if (h->cmsg_len == CMSG_LEN(sizeof(int)))
				memcpy(&v, d, sizeof(v));
			else if (h->cmsg_len == CMSG_LEN(1))
				v = *d;
			else
				return -EINVAL;
			if (v < 0 || v > 255)
				return -EINVAL;
			c->tos = v;
			break;
		default:
			c->kern = true;
			break;
		}
	}
	return 0;
}

enum afudp_tx_way afudp_tx_ctl_apply(struct afudp_socket *s,
				     const struct afudp_tx_ctl *c,
				     struct afudp_udp4_hdr *h)
{
	if (c->kern || (c->ifindex && c->ifindex != s->st->ifindex))
		return AFUDP_TX_KERN_OTHER;
	/* A source that is not this host's: the kernel's EINVAL. */
	if (c->saddr) {
		if (!afudp_rt_is_local(s->st->rt, c->saddr))
			return AFUDP_TX_KERN_OTHER;
		h->saddr = c->saddr;
	}
	if (c->tos >= 0)
		h->tos = (uint8_t)c->tos;
	if (c->ttl > 0)
		h->ttl = (uint8_t)c->ttl;
	return AFUDP_TX_FAST;
}
