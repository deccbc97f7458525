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
 * picks) through the socket's destination cache (dstcache.c, no header
 * template yet), and builds one frame: larger datagrams, control messages
 * and UDP_SEGMENT go to the kernel socket (docs/ARCHITECTURE.md, "IPv6:
 * sockets").
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

/* Can the fast path reach IPv6 address @a (bound to by the socket)? */
static bool local6_here(struct afudp_stack *st, const struct sockaddr_in6 *a)
{
	struct in6_addr addrs[AFUDP_MAX_ADDRS];
	int i, n;

	if (IN6_IS_ADDR_UNSPECIFIED(&a->sin6_addr))
		return true;
	if (IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr) &&
	    a->sin6_scope_id != (uint32_t)st->ifindex)
		return false;
	n = afudp_rt_addrs6(st->rt, addrs, AFUDP_MAX_ADDRS);
	for (i = 0; i < n && i < AFUDP_MAX_ADDRS; i++)
		if (!memcmp(&addrs[i], &a->sin6_addr, sizeof(addrs[i])))
			return true;
	return false;
}

static bool local4_here(struct afudp_stack *st, __be32 a)
{
	__be32 addrs[AFUDP_MAX_ADDRS];
	int i, n;

	if (!a)
		return true;
	n = afudp_rt_addrs(st->rt, addrs, AFUDP_MAX_ADDRS);
	for (i = 0; i < n && i < AFUDP_MAX_ADDRS; i++)
		if (addrs[i] == a)
			return true;
	return false;
}

/*
 * Publish the port: IPv6 in the ports6 map, IPv4 (dual-stack or mapped)
 * in the IPv4 port table. Not for shards or reuseport groups (refused at
 * afudp_socket()).
 */
int afudp_register6(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;
	int fds[AFUDP_MAX_SLOTS];
	const struct in6_addr *a = &s->local6.sin6_addr;
	int err;

	if (st->if_queues > AFUDP_MAX_SLOTS)
		return -ENOSPC;
	if (s->v6) {
		afudp_xsks_fds(s, fds);
		err = afudp_xdp_port6_add(st->xdp, s->local.sin_port,
					  IN6_IS_ADDR_UNSPECIFIED(a) ? NULL : a,
					  fds, st->if_queues,
					  afudp_rx_max_len(st), 1, false);
		if (err)
			return err;
		s->reg6 = true;
	}
	if (s->v4) {
		err = afudp_register_port4(s);
		if (err) {
			if (s->reg6)
				afudp_xdp_port6_del(st->xdp, s->local.sin_port);
			s->reg6 = false;
			return err;
		}
	}
	s->registered = true;
	return 0;
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
	if (getsockname(s->kfd, (struct sockaddr *)&s->local6, &len)) {
		err = -errno;
		goto err_unbind;
	}
	if (getsockopt(s->kfd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &ol))
		v6only = 0;
	mapped = afudp_sin6_to_sin(&s->local6, &m4);
	s->local.sin_port = s->local6.sin6_port;
	s->local.sin_addr.s_addr = mapped ? m4.sin_addr.s_addr : 0;
	s->bound = true;
	if (s->slot) {
		s->slot->port = s->local.sin_port;
		s->slot->addr = s->local.sin_addr.s_addr;
		memcpy(s->slot->addr6, &s->local6.sin6_addr,
		       sizeof(s->slot->addr6));
	}
	if (afudp_kernel_backend(st))
		return 0;
	/* What the kernel socket would receive: the same here. */
	if (mapped) {
		s->v4 = true;
		fast = local4_here(st, m4.sin_addr.s_addr);
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
	err = afudp_xsks_create(s);
	if (err)
		goto err_unbind;
	if (s->slot) {
		unsigned int i;

		for (i = 0; i < s->nx && i < AFUDP_SHM_QUEUES; i++) {
			s->slot->xsk_fd[i] = s->x[i].fd;
			s->slot->qid[i] = s->x[i].q->qid;
		}
		s->slot->nx = i;
	}
	err = afudp_register6(s);
	if (err) {
		afudp_log(&st->log, LOG_ERR, "port %u (IPv6): registering: %s",
			  ntohs(s->local.sin_port), strerror(-err));
		afudp_xsks_destroy(s);
		goto err_unbind;
	}
	return 0;

err_unbind:
	/* A kernel socket cannot unbind: replace it with a fresh one. */
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->kfd, NULL);
	close(s->kfd);
	s->bound = false;
	s->v4 = s->v6 = false;
	s->local.sin_port = 0;
	s->local.sin_addr.s_addr = 0;
	memset(&s->local6, 0, sizeof(s->local6));
	s->local6.sin6_family = AF_INET6;
	if (afudp_new_kernel_socket(s))
		s->kfd = -1;
	return err;
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

static void count_kern6(struct afudp_socket *s, enum afudp_tx_way w)
{
	s->c->tx_slow++;
	switch (w) {
	case AFUDP_TX_KERN_NEIGH:
		s->c->tx_slow_no_neigh++;
		break;
	case AFUDP_TX_KERN_LOCAL:
		s->c->tx_slow_local++;
		break;
	case AFUDP_TX_KERN_MTU:
		s->c->tx_slow_mtu++;
		break;
	default:
		s->c->tx_slow_other++;
		break;
	}
}

/* Through the kernel socket, which resolves a neighbour it lacks (NDP). */
static ssize_t tx6_kern(struct afudp_socket *s, const struct iovec *iov,
			size_t iovlen, const struct sockaddr_in6 *dst,
			const struct msghdr *ctl, enum afudp_tx_way w,
			bool block)
{
	struct msghdr m = {
		.msg_iov = (struct iovec *)iov,
		.msg_iovlen = iovlen,
		.msg_name = (void *)dst,
		.msg_namelen = sizeof(*dst),
		.msg_control = ctl ? ctl->msg_control : NULL,
		.msg_controllen = ctl ? ctl->msg_controllen : 0,
	};
	struct pollfd pfd = { .fd = s->kfd, .events = POLLOUT };
	ssize_t r;

	if (s->connected && dst == &s->peer6) {
		m.msg_name = NULL;
		m.msg_namelen = 0;
	}
	while ((r = sendmsg(s->kfd, &m, MSG_DONTWAIT | MSG_NOSIGNAL)) < 0 &&
	       errno == EAGAIN && block)
		poll(&pfd, 1, -1);
	if (r < 0)
		return -errno;
	count_kern6(s, w);
	s->c->tx_packets++;
	s->c->tx_bytes += r;
	return r;
}

static enum afudp_tx_way tx6_way(enum afudp_rt_verdict v)
{
	switch (v) {
	case AFUDP_RT_FAST:
		return AFUDP_TX_FAST;
	case AFUDP_RT_NO_NEIGH:
		return AFUDP_TX_KERN_NEIGH;
	case AFUDP_RT_LOCAL:
		return AFUDP_TX_KERN_LOCAL;
	default:
		return AFUDP_TX_KERN_OTHER;
	}
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
	struct afudp_rt_result6 res;
	struct afudp_udp6_hdr h;
	struct sockaddr_in6 d6;
	struct sockaddr_in m4;
	struct afudp_sxsk *x;
	enum afudp_tx_way w;
	uint64_t addr;
	size_t flen;
	int err;

	if (dst) {
		err = afudp_check_sin6(dst, dstlen, &d6);
		if (err)
			return err == -EFAULT ? -EINVAL : err;
		to = &d6;
	} else if (s->connected) {
		to = &s->peer6;
	} else {
		return -EDESTADDRREQ;
	}
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
	/* Control messages and trains: the kernel's (see the top). */
	if (!s->v6 || !s->nx || (ctl && ctl->msg_controllen) || s->gso_size ||
	    IN6_IS_ADDR_V4MAPPED(&to->sin6_addr))
		return tx6_kern(s, iov, iovlen, to, ctl, AFUDP_TX_KERN_OTHER,
				block);
	w = tx6_way(afudp_dst_route6(s, &to->sin6_addr, to->sin6_scope_id,
				     &res));
	if (w == AFUDP_TX_FAST &&
	    (len + AFUDP_IP6_UDP_HDR_LEN > res.mtu ||
	     len + AFUDP_HDR6_LEN + (s->st->vid ? AFUDP_VLAN_HLEN : 0) >
		     s->st->frame_size))
		w = AFUDP_TX_KERN_MTU;
	if (w != AFUDP_TX_FAST)
		return tx6_kern(s, iov, iovlen, to, ctl, w, block);

	memset(&h, 0, sizeof(h));
	memcpy(h.smac, res.smac, ETH_ALEN);
	memcpy(h.dmac, res.dmac, ETH_ALEN);
	h.saddr = IN6_IS_ADDR_UNSPECIFIED(&s->local6.sin6_addr) ?
			  res.saddr : s->local6.sin6_addr;
	h.daddr = to->sin6_addr;
	h.sport = s->local.sin_port;
	h.dport = to->sin6_port;
	x = &s->x[s->txi];
	err = afudp_tx_acquire(s, x, block, &addr);
	if (err) {
		s->c->tx_ring_full++;
		return err;
	}
	{
		uint8_t *p = afudp_queue_data(x->q, addr);

		afudp_iov_gather(p + AFUDP_HDR6_LEN, iov, iovlen);
		flen = afudp_udp6_build(p, &h, len);
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
