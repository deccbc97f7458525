// SPDX-License-Identifier: BSD-2-Clause
/*
 * IPv6 sockets (afudp_socket_opts.family AF_INET6): their bind, connect,
 * sends and receives, beside the IPv4 ones (socket.c, tx.c, rx.c), which
 * branch here once per call on s->family (sends) or only for a frame the
 * IPv4 parser refused (receives): IPv4 sockets pay nothing for them.
 *
 * Like a kernel AF_INET6 socket, one bound to :: without IPV6_V6ONLY is
 * dual-stack: IPv4 datagrams reach it (the port is in both XDP port maps)
 * and are given as IPv4-mapped sources; a v4-mapped destination is sent
 * the IPv4 way (tx.c). Its kernel socket is an AF_INET6 UDP socket, which
 * takes sockaddr_in for the IPv4 slow path as udpv6_sendmsg() does.
 *
 * The fast path's IPv6 send asks the route mirror (afudp_rt_lookup6():
 * route, NDP neighbour, and the source the kernel's ipv6_dev_get_saddr()
 * picks) through the socket's destination cache (dstcache.c), which keeps
 * the headers as a template for sends without control messages, and
 * builds one frame, applying the control messages it can judge
 * (cmsg.c); larger datagrams, the other control messages and UDP_SEGMENT
 * go to the kernel socket (docs/ARCHITECTURE.md, "IPv6: sockets"). The
 * zero-copy send (zc.c) takes the same template
 * (afudp_tx6_plan_tmpl()); a bind's steps and the kernel socket's send
 * are socket.c's and tx.c's, shared with IPv4.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "dp.h"
#include "iov.h"
#include "proto/csum.h"
#include "proto/udp6.h"
#include "proto/vlan.h"

int afudp_check_sin6(const struct sockaddr *addr, socklen_t len,
		     struct sockaddr_in6 *out)
{
	if (!addr)
		return -EFAULT;
	if (len < (socklen_t)sizeof(sa_family_t))
		return -EINVAL;
	if (addr->sa_family != AF_INET6)
		return -EAFNOSUPPORT;
	if (len < (socklen_t)sizeof(struct sockaddr_in6))
		return -EINVAL;
	memcpy(out, addr, sizeof(*out));
	return 0;
}

/* Is @a one of the interface's (usable: not tentative) IPv6 addresses? */
static bool addr6_ours(struct afudp_stack *st, const struct in6_addr *a)
{
	struct in6_addr addrs[AFUDP_MAX_ADDRS];
	int i, n;

	n = afudp_rt_addrs6(st->rt, addrs, AFUDP_MAX_ADDRS);
	for (i = 0; i < n && i < AFUDP_MAX_ADDRS; i++)
		if (!memcmp(&addrs[i], a, sizeof(addrs[i])))
			return true;
	return false;
}

/* Can the fast path reach IPv6 address @a (bound to by the socket)? */
static bool local6_here(struct afudp_stack *st, const struct sockaddr_in6 *a)
{
	if (IN6_IS_ADDR_UNSPECIFIED(&a->sin6_addr))
		return true;
	if (IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr) &&
	    a->sin6_scope_id != (uint32_t)st->ifindex)
		return false;
	return addr6_ours(st, &a->sin6_addr);
}

int afudp_bind_addr6(struct afudp_socket *s, const struct sockaddr_in6 *sin6)
{
	struct afudp_stack *st = s->st;
	socklen_t len = sizeof(s->local6);
	char buf[INET6_ADDRSTRLEN];
	struct sockaddr_in m4;
	socklen_t ol = sizeof(int);
	int v6only = 0;
	bool mapped, fast;
	int err;

	if (bind(s->kfd, (const struct sockaddr *)sin6, sizeof(*sin6)))
		return -errno;
	if (getsockname(s->kfd, (struct sockaddr *)&s->local6, &len))
		return afudp_unbind(s, -errno);
	if (getsockopt(s->kfd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &ol))
		v6only = 0;
	mapped = afudp_sin6_to_sin(&s->local6, &m4);
	s->local.sin_port = s->local6.sin6_port;
	s->local.sin_addr.s_addr = mapped ? m4.sin_addr.s_addr : 0;
	afudp_bound(s);
	if (afudp_kernel_backend(st))
		return 0;
	/* What the kernel socket would receive: the same here. */
	if (mapped) {
		s->v4 = true;
		fast = afudp_local4_here(st, m4.sin_addr.s_addr);
	} else {
		s->v6 = true;
		s->v4 = IN6_IS_ADDR_UNSPECIFIED(&s->local6.sin6_addr) &&
			!v6only;
		fast = local6_here(st, &s->local6);
	}
	if (!fast) {
		afudp_log(&st->log, LOG_INFO,
			  "[%s]:%u is not on %s: kernel path only",
			  inet_ntop(AF_INET6, &s->local6.sin6_addr, buf,
				    sizeof(buf)),
			  ntohs(s->local.sin_port), st->ifname);
		s->v4 = s->v6 = false;
		return 0;
	}
	err = afudp_bind_fast(s);
	return err ? afudp_unbind(s, err) : 0;
}

int afudp_connect6(struct afudp_socket *s, const struct sockaddr_in6 *sin6)
{
	static const struct sockaddr_in6 any = { .sin6_family = AF_INET6 };
	struct sockaddr_in m4;
	int err;

	if (!s->bound) {
		err = afudp_bind_addr6(s, &any);
		if (err)
			return err;
	}
	/* The kernel checks the route and filters its own half. */
	if (connect(s->kfd, (const struct sockaddr *)sin6, sizeof(*sin6)))
		return -errno;
	s->peer6 = *sin6;
	if (!afudp_sin6_to_sin(sin6, &m4)) {
		/* No IPv4 datagram comes from the limited broadcast, port 0. */
		memset(&m4, 0, sizeof(m4));
		m4.sin_family = AF_INET;
		m4.sin_addr.s_addr = INADDR_BROADCAST;
	}
	s->peer = m4;
	s->connected = true;
	return 0;
}

/* ---- receive -------------------------------------------------------------- */

bool afudp_rx_accept6(struct afudp_socket *s, struct afudp_sxsk *x,
		      uint64_t addr, uint32_t len, unsigned int parse_flags,
		      struct afudp_rx_item *it)
{
	const void *f = afudp_queue_data(x->q, addr);
	struct afudp_udp6_info in;
	struct afudp_l2_info l2;
	enum afudp_parse_err e;

	if (!s->st->vid) {
		e = afudp_udp6_parse(f, len, parse_flags, &in);
	} else {
		e = afudp_udp6_parse_vlan(f, len, parse_flags, &in, &l2);
		if (!e && l2.tagged &&
		    (l2.tci & AFUDP_VLAN_VID_MASK) != s->st->vid)
			e = AFUDP_PARSE_NOT_IPV6;
	}
	if (e) {
		/* A zero checksum is a checksum failure, as for the kernel. */
		if (e == AFUDP_PARSE_UDP_CSUM || e == AFUDP_PARSE_UDP_CSUM_ZERO)
			s->c->rx_drop_csum++;
		else
			s->c->rx_drop_malformed++;
		return false;
	}
	if (in.dport != s->local.sin_port ||
	    (s->connected &&
	     (memcmp(&in.saddr, &s->peer6.sin6_addr, sizeof(in.saddr)) ||
	      in.sport != s->peer6.sin6_port))) {
		s->c->rx_drop_filtered++;
		return false;
	}
	it->info.payload = in.payload;
	it->info.payload_len = in.payload_len;
	memcpy(it->info.smac, in.smac, ETH_ALEN);
	memcpy(it->info.dmac, in.dmac, ETH_ALEN);
	it->info.saddr = 0;
	it->info.daddr = 0;
	it->info.sport = in.sport;
	it->info.dport = in.dport;
	it->info.ttl = in.hop_limit;
	it->info.tos = in.tclass;
	it->saddr6 = in.saddr;
	it->daddr6 = in.daddr;
	it->flowinfo6 = htonl((uint32_t)in.tclass << 20 | in.flowlabel);
	it->nfrag = 0;
	it->v6 = 1;
	it->x = x;
	it->addr = addr;
	return true;
}

void afudp_rx_src6(const struct afudp_socket *s,
		   const struct afudp_rx_item *it, struct sockaddr *src,
		   socklen_t *srclen)
{
	struct sockaddr_in6 sin6;
	socklen_t n;

	if (!src || !srclen)
		return;
	if (it->v6) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = it->info.sport;
		sin6.sin6_addr = it->saddr6;
		/* As the kernel: a link-local source gets its interface. */
		if (IN6_IS_ADDR_LINKLOCAL(&it->saddr6))
			sin6.sin6_scope_id = (uint32_t)s->st->ifindex;
	} else {
		afudp_sin_to_sin6(it->info.saddr, it->info.sport, &sin6);
	}
	n = *srclen < sizeof(sin6) ? *srclen : sizeof(sin6);
	memcpy(src, &sin6, n);
	*srclen = sizeof(sin6);
}

/* ---- send ----------------------------------------------------------------- */

/* Through the kernel socket, which resolves a neighbour it lacks (NDP). */
ssize_t afudp_tx6_kern(struct afudp_socket *s, const struct iovec *iov,
		       size_t iovlen, const struct sockaddr_in6 *dst,
		       const struct msghdr *ctl, enum afudp_tx_way w, bool block)
{
	/* Connected kernel sockets take no address for the peer: omit it. */
	bool peer = s->connected && dst == &s->peer6;

	return afudp_tx_kern_sa(s, iov, iovlen, peer ? NULL : dst,
				sizeof(*dst), ctl, w, block);
}

/*
 * Control messages read (@c) into @h, as ip6_datagram_send_ctl() would
 * use them; anything the fast path can't or must not judge goes to the
 * kernel socket, which sends it or gives its error: another interface, a
 * source not ours (or link-local without its interface), a train.
 */
static enum afudp_tx_way tx6_ctl_apply(struct afudp_socket *s,
				       const struct afudp_tx_ctl *c,
				       struct afudp_udp6_hdr *h)
{
	if (c->kern || c->gso >= 0 ||
	    (c->ifindex && c->ifindex != s->st->ifindex))
		return AFUDP_TX_KERN_OTHER;
	if (!IN6_IS_ADDR_UNSPECIFIED(&c->saddr6)) {
		if ((IN6_IS_ADDR_LINKLOCAL(&c->saddr6) && !c->ifindex) ||
		    !addr6_ours(s->st, &c->saddr6))
			return AFUDP_TX_KERN_OTHER;
		h->saddr = c->saddr6;
	}
	if (c->tos >= 0)
		h->tclass = (uint8_t)c->tos;
	if (c->ttl >= 0)
		h->hop_limit = (uint8_t)c->ttl;
	return AFUDP_TX_FAST;
}

int afudp_tx6_dst(struct afudp_socket *s, const struct sockaddr *dst,
		  socklen_t dstlen, struct sockaddr_in6 *buf,
		  const struct sockaddr_in6 **to)
{
	int err;

	if (dst) {
		err = afudp_check_sin6(dst, dstlen, buf);
		if (err)
			return err == -EFAULT ? -EINVAL : err;
		*to = buf;
	} else if (s->connected) {
		*to = &s->peer6;
	} else {
		return -EDESTADDRREQ;
	}
	return 0;
}

/* Can the socket send IPv6 to @to on the fast path at all? */
static inline bool tx6_may(const struct afudp_socket *s,
			   const struct sockaddr_in6 *to)
{
	/*
	 * The kernel's: a mapped one on a socket without IPv4 (its error), a
	 * hop limit of 0 (the header builder makes 0 into 64).
	 */
	return s->v6 && s->nx && s->hlim6 &&
	       !IN6_IS_ADDR_V4MAPPED(&to->sin6_addr);
}

/* Is @len bytes over the path MTU @mtu, or a frame? Then the kernel's. */
static inline bool tx6_too_big(const struct afudp_socket *s, size_t len,
			       uint32_t mtu)
{
	return len + AFUDP_IP6_UDP_HDR_LEN > mtu ||
	       len + AFUDP_HDR6_LEN + (s->st->vid ? AFUDP_VLAN_HLEN : 0) >
		       s->st->frame_size;
}

/* The headers for @to by way of @res. */
static void tx6_hdr(const struct afudp_socket *s, const struct sockaddr_in6 *to,
		    const struct afudp_rt_result6 *res, struct afudp_udp6_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->smac, res->smac, ETH_ALEN);
	memcpy(h->dmac, res->dmac, ETH_ALEN);
	h->saddr = IN6_IS_ADDR_UNSPECIFIED(&s->local6.sin6_addr) ?
			   res->saddr : s->local6.sin6_addr;
	h->daddr = to->sin6_addr;
	h->sport = s->local.sin_port;
	h->dport = to->sin6_port;
	h->hop_limit = s->hlim6;
	h->tclass = s->tclass6;
}

enum afudp_tx_way afudp_tx6_plan(struct afudp_socket *s,
				 const struct sockaddr_in6 *to, size_t len,
				 struct afudp_udp6_hdr *h)
{
	struct afudp_rt_result6 res;
	enum afudp_tx_way w;

	if (!tx6_may(s, to))
		return AFUDP_TX_KERN_OTHER;
	w = afudp_tx_way(afudp_dst_route6(s, &to->sin6_addr, to->sin6_scope_id,
				     &res));
	if (w != AFUDP_TX_FAST)
		return w;
	if (tx6_too_big(s, len, res.mtu))
		return AFUDP_TX_KERN_MTU;
	tx6_hdr(s, to, &res, h);
	return AFUDP_TX_FAST;
}

enum afudp_tx_way afudp_tx6_plan_tmpl(struct afudp_socket *s,
				      const struct sockaddr_in6 *to,
				      size_t len, struct afudp_udp6_tmpl *t)
{
	uint64_t key = afudp_dst_key6(s->local.sin_port, s->hlim6,
				      s->tclass6);
	struct afudp_rt_result6 res;
	struct afudp_udp6_hdr h;
	enum afudp_tx_way w;
	uint64_t gen;
	uint32_t mtu;

	if (!tx6_may(s, to))
		return AFUDP_TX_KERN_OTHER;
	if (afudp_dst_tmpl6_get(s, &to->sin6_addr, to->sin6_scope_id, key,
				&mtu, t)) {
		afudp_udp6_tmpl_dport(t, to->sin6_port);
		return tx6_too_big(s, len, mtu) ? AFUDP_TX_KERN_MTU :
						  AFUDP_TX_FAST;
	}
	w = afudp_tx_way(afudp_rt_lookup6_gen(s->st->rt, &to->sin6_addr,
					      to->sin6_scope_id, &res, &gen));
	if (w != AFUDP_TX_FAST)
		return w;
	tx6_hdr(s, to, &res, &h);
	afudp_udp6_tmpl_init(t, &h);
	if (gen)
		afudp_dst_tmpl6_put(s, &to->sin6_addr, to->sin6_scope_id, gen,
				    key, &res, t);
	return tx6_too_big(s, len, res.mtu) ? AFUDP_TX_KERN_MTU : AFUDP_TX_FAST;
}

ssize_t afudp_tx6_send(struct afudp_socket *s, const struct iovec *iov,
		       size_t iovlen, const struct msghdr *ctl,
		       const struct sockaddr *dst, socklen_t dstlen, int flags,
		       bool kick_now, unsigned int *pending)
{
	static const struct sockaddr_in6 any = { .sin6_family = AF_INET6 };
	bool block = !(flags & MSG_DONTWAIT);
	size_t len = afudp_iov_len(iov, iovlen);
	const struct sockaddr_in6 *to;
	struct afudp_udp6_tmpl t;
	struct afudp_udp6_hdr h;
	struct afudp_tx_ctl c;
	struct sockaddr_in6 d6;
	struct sockaddr_in m4;
	struct afudp_sxsk *x;
	enum afudp_tx_way w;
	uint64_t addr;
	size_t flen;
	uint8_t *p;
	int err;

	err = afudp_tx6_dst(s, dst, dstlen, &d6, &to);
	if (err)
		return err;
	if (!s->bound) {
		err = afudp_bind_addr6(s, &any);
		if (err)
			return err;
	}
	/* Over IPv4, if the socket speaks it; else the kernel's error. */
	if (afudp_sin6_to_sin(to, &m4) && s->v4)
		return afudp_tx_send4(s, iov, iovlen, ctl, &m4, flags,
				      kick_now, pending);
	if (len > AFUDP_UDP6_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (ctl && !ctl->msg_controllen)
		ctl = NULL;
	if (ctl) {
		err = afudp_tx_ctl_parse(ctl, &c, true);
		if (err)
			return err;
	}
	/*
	 * Trains, a hop limit of 0 (0 builds 64): the kernel's. Without
	 * control messages, the headers come from a template.
	 */
	if (s->gso_size || (ctl && !c.ttl))
		w = AFUDP_TX_KERN_OTHER;
	else if (!ctl)
		w = afudp_tx6_plan_tmpl(s, to, len, &t);
	else if ((w = afudp_tx6_plan(s, to, len, &h)) == AFUDP_TX_FAST)
		w = tx6_ctl_apply(s, &c, &h);
	if (w != AFUDP_TX_FAST)
		return afudp_tx6_kern(s, iov, iovlen, to, ctl, w, block);

	x = &s->x[s->txi];
	err = afudp_tx_acquire(s, x, block, &addr);
	if (err) {
		s->c->tx_ring_full++;
		return err;
	}
	p = afudp_queue_data(x->q, addr);
	if (!ctl && iovlen == 1) {
		/* One piece: summed as it is copied, read once. */
		flen = afudp_udp6_tmpl_build_sum(
			p, &t, len,
			afudp_csum_copy(p + AFUDP_HDR6_LEN, iov[0].iov_base,
					len, 0));
	} else {
		afudp_iov_gather(p + AFUDP_HDR6_LEN, iov, iovlen);
		flen = ctl ? afudp_udp6_build(p, &h, len) :
			     afudp_udp6_tmpl_build(p, &t, len);
	}
	/* Tags a VLAN's frame (moving it up). */
	err = afudp_tx_push(s, x, addr, (uint32_t)flen, block);
	if (err) {
		afudp_tx_release(x, addr);
		return err;
	}
	s->c->tx_packets++;
	s->c->tx_bytes += len;
	if (kick_now && !(flags & AFUDP_MSG_BATCH))
		afudp_tx_kick(s, x);
	else if (pending)
		++*pending;
	else
		x->tx_pending = true;
	return (ssize_t)len;
}
