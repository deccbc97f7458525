// SPDX-License-Identifier: BSD-2-Clause
/*
 * Send: plan the way (afudp_tx_plan: the route mirror says whether the
 * fast path can take the datagram), then either build the headers in a
 * free UMEM frame and push it on the XSK's TX ring, kicking the kernel
 * only when the ring asks for it, or hand the datagram to the kernel
 * socket, which resolves neighbours, fragments, and reaches local and
 * other-interface destinations. Nothing is dropped because the fast path
 * could not take it. The copying send calls on top of it.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "dp.h"
#include "proto/vlan.h"
#include "iov.h"
#include "proto/csum.h"

/*
 * A blocked sender looks for completions nobody reaps (no event tells) at
 * these intervals, doubling; frames given back to the pool wake it at once.
 */
#define TX_WAIT_MIN_US 16
#define TX_WAIT_MAX_US 1000

void afudp_tx_kick(struct afudp_socket *s, struct afudp_sxsk *x)
{
	x->tx_pending = false;
	if (!xsk_ring_prod__needs_wakeup(&x->tx))
		return;
	s->c->tx_kicks++;
	/*
	 * EAGAIN, EBUSY and ENOBUFS only mean the kernel is busy with the
	 * ring; ENETDOWN that the link is down. All leave the frames queued.
	 */
	sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
	/*
	 * In copy mode the kernel completes sends during that call: hand
	 * the frames at once to a sender blocked for one (on any socket).
	 */
	if (afudp_queue_waited(x->q))
		afudp_queue_reap(x->q);
}

int afudp_tx_acquire(struct afudp_socket *s, struct afudp_sxsk *x, bool block,
		     uint64_t *addr)
{
	unsigned int us = TX_WAIT_MIN_US;
	uint32_t seq;

	if (!afudp_queue_tx_acquire(x->q, &x->cache, addr))
		return 0;
	/* Frames come back as the kernel completes sends. */
	afudp_tx_kick(s, x);
	if (!afudp_queue_tx_acquire(x->q, &x->cache, addr))
		return 0;
	if (!block)
		return -EAGAIN;
	afudp_queue_wait_begin(x->q);
	for (;;) {
		seq = afudp_queue_seq(x->q);
		if (!afudp_queue_tx_acquire(x->q, &x->cache, addr))
			break;
		afudp_queue_wait(x->q, seq, us);
		if (us < TX_WAIT_MAX_US)
			us = us * 2 < TX_WAIT_MAX_US ? us * 2 : TX_WAIT_MAX_US;
		afudp_tx_kick(s, x);
	}
	afudp_queue_wait_end(x->q);
	return 0;
}

void afudp_tx_release(struct afudp_sxsk *x, uint64_t addr)
{
	afudp_queue_tx_release(x->q, &x->cache, &addr, 1);
}

/*
 * A stack on a VLAN (docs/ARCHITECTURE.md, "VLANs"): the frame built at
 * @p, @len bytes, gets its 802.1Q tag, moving it 4 bytes up (the room is
 * there: afudp_tx_too_big() and the zero-copy buffers count it). For frames
 * whose headers had to go where an untagged frame's go: zero-copy sends,
 * GSO segments (send_iov() builds 4 bytes in instead). Only once its TX
 * slot is reserved, so a send that fails and is tried again never tags
 * twice. The new length.
 */
static inline uint32_t tx_tag(const struct afudp_socket *s, uint8_t *p,
			      uint32_t len)
{
	if (__builtin_expect(!s->st->vid, 1))
		return len;
	memmove(p + AFUDP_VLAN_HLEN, p, len);
	return len + afudp_vlan_push(p, s->st->vid);
}

/* afudp_tx_push(); @tag false: the frame is tagged already (or untagged). */
static inline int tx_push(struct afudp_socket *s, struct afudp_sxsk *x,
			  uint64_t addr, uint32_t len, bool block, bool tag)
{
	struct pollfd pfd = { .fd = x->fd, .events = POLLOUT };
	struct xdp_desc *d;
	uint32_t idx;

	while (xsk_ring_prod__reserve(&x->tx, 1, &idx) != 1) {
		s->c->tx_ring_full++;
		afudp_tx_kick(s, x);
		if (!block)
			return -EAGAIN;
		poll(&pfd, 1, 1);
	}
	if (tag)
		len = tx_tag(s, afudp_queue_data(x->q, addr), len);
	if (afudp_cap_on(s))
		afudp_cap_tx(s, afudp_queue_data(x->q, addr), len, len);
	AFUDP_TO_KERNEL(x->q, addr);
	d = xsk_ring_prod__tx_desc(&x->tx, idx);
	d->addr = addr;
	d->len = len;
	d->options = 0;
	xsk_ring_prod__submit(&x->tx, 1);
	return 0;
}

int afudp_tx_push(struct afudp_socket *s, struct afudp_sxsk *x, uint64_t addr,
		  uint32_t len, bool block)
{
	return tx_push(s, x, addr, len, block, true);
}

/* The headers for @dst by way of @res, IP ID aside. */
static void tx_hdr(const struct afudp_socket *s, const struct sockaddr_in *dst,
		   const struct afudp_rt_result *res, struct afudp_udp4_hdr *h)
{
	memcpy(h->smac, res->smac, ETH_ALEN);
	memcpy(h->dmac, res->dmac, ETH_ALEN);
	h->saddr = s->local.sin_addr.s_addr ? s->local.sin_addr.s_addr :
					      res->saddr;
	h->daddr = dst->sin_addr.s_addr;
	h->sport = s->local.sin_port;
	h->dport = dst->sin_port;
	h->ttl = s->ttl;
	h->tos = s->tos;
	h->id = 0;
}

enum afudp_tx_way afudp_tx_plan(struct afudp_socket *s,
				const struct sockaddr_in *dst, size_t len,
				struct afudp_udp4_hdr *h)
{
	struct afudp_rt_result res;
	enum afudp_tx_way w;

	if (!s->nx)
		return AFUDP_TX_KERN_OTHER;
	w = afudp_tx_way(afudp_dst_route(s, dst->sin_addr.s_addr, &res));
	if (w != AFUDP_TX_FAST)
		return w;
	if (afudp_tx_too_big(s, len, res.mtu))
		return AFUDP_TX_KERN_MTU;
	tx_hdr(s, dst, &res, h);
	h->id = htons(s->ip_id++);
	return AFUDP_TX_FAST;
}

enum afudp_tx_way afudp_tx_tmpl(struct afudp_socket *s,
				const struct sockaddr_in *dst,
				struct afudp_udp4_tmpl *t, uint32_t *mtu)
{
	unsigned int flags = afudp_tx_csum_flags(s);
	struct afudp_rt_result res;
	struct afudp_udp4_hdr h;
	struct afudp_dst_key k;
	enum afudp_tx_way w;
	uint64_t gen;

	if (!s->nx)
		return AFUDP_TX_KERN_OTHER;
	/*
	 * Everything but the route and the destination port that goes into
	 * the headers: the port is swapped in (one entry for every port of
	 * a peer).
	 */
	k.a = (uint64_t)s->local.sin_addr.s_addr |
	      (uint64_t)s->local.sin_port << 32;
	k.b = AFUDP_DST_KEY_SET | s->ttl | (uint32_t)s->tos << 8 | flags << 16;
	if (afudp_dst_tmpl_get(s, dst->sin_addr.s_addr, &k, mtu, t)) {
		afudp_udp4_tmpl_dport(t, dst->sin_port);
		return AFUDP_TX_FAST;
	}
	w = afudp_tx_way(afudp_rt_lookup_gen(s->st->rt, dst->sin_addr.s_addr, &res,
				       &gen));
	if (w != AFUDP_TX_FAST)
		return w;
	tx_hdr(s, dst, &res, &h);
	afudp_udp4_tmpl_init(t, &h, flags);
	if (gen)
		afudp_dst_tmpl_put(s, dst->sin_addr.s_addr, gen, &k, &res, t);
	*mtu = res.mtu;
	return AFUDP_TX_FAST;
}

enum afudp_tx_way afudp_tx_plan_tmpl(struct afudp_socket *s,
				     const struct sockaddr_in *dst, size_t len,
				     struct afudp_udp4_tmpl *t)
{
	enum afudp_tx_way w;
	uint32_t mtu;

	w = afudp_tx_tmpl(s, dst, t, &mtu);
	if (w != AFUDP_TX_FAST)
		return w;
	return afudp_tx_too_big(s, len, mtu) ? AFUDP_TX_KERN_MTU :
					       AFUDP_TX_FAST;
}

static void count_kern(struct afudp_socket *s, enum afudp_tx_way w)
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

ssize_t afudp_tx_kern_sa(struct afudp_socket *s, const struct iovec *iov,
			 size_t iovlen, const void *dst, socklen_t dstlen,
			 const struct msghdr *ctl, enum afudp_tx_way w,
			 bool block)
{
	struct msghdr m = {
		.msg_iov = (struct iovec *)iov,
		.msg_iovlen = iovlen,
		.msg_name = (void *)dst,
		.msg_namelen = dst ? dstlen : 0,
		.msg_control = ctl ? ctl->msg_control : NULL,
		.msg_controllen = ctl ? ctl->msg_controllen : 0,
	};
	struct pollfd pfd = { .fd = s->kfd, .events = POLLOUT };
	ssize_t r;

	while ((r = sendmsg(s->kfd, &m, MSG_DONTWAIT | MSG_NOSIGNAL)) < 0 &&
	       errno == EAGAIN && block)
		poll(&pfd, 1, -1);
	if (r < 0)
		return -errno;
	count_kern(s, w);
	s->c->tx_packets++;
	s->c->tx_bytes += r;
	return r;
}

ssize_t afudp_tx_kern(struct afudp_socket *s, const struct iovec *iov,
		      size_t iovlen, const struct sockaddr_in *dst,
		      const struct msghdr *ctl, enum afudp_tx_way w, bool block)
{
	/* Connected kernel sockets take no address for the peer: omit it. */
	bool peer = s->connected &&
		    dst->sin_addr.s_addr == s->peer.sin_addr.s_addr &&
		    dst->sin_port == s->peer.sin_port;

	return afudp_tx_kern_sa(s, iov, iovlen, peer ? NULL : dst,
				sizeof(*dst), ctl, w, block);
}

/*
 * UDP_SEGMENT sends of more segments than this (the kernel's
 * UDP_MAX_SEGMENTS, 64 for long; raised since) go to the kernel socket,
 * which sends them or gives its EINVAL.
 */
#define TX_GSO_MAX_SEGS 64

/*
 * Kick until the kernel has taken the @n descriptors just submitted: in
 * copy mode one kick sends at most TX_KICK_BUDGET (the kernel's
 * TX_BATCH_SIZE) and leaves the rest for the next one, which a train of
 * up to 64 must not wait for. Where the kernel asks for no kick (zero
 * copy, its NAPI sending), afudp_tx_kick() costs no syscall.
 */
#define TX_KICK_BUDGET 32

static void tx_kick_all(struct afudp_socket *s, struct afudp_sxsk *x,
			unsigned int n)
{
	unsigned int k;

	/* The common case: one kick, as for any batch. */
	if (n <= TX_KICK_BUDGET) {
		afudp_tx_kick(s, x);
		return;
	}
	for (k = 0; k <= n / TX_KICK_BUDGET; k++) {
		afudp_tx_kick(s, x);
		/* Refreshes the consumer's index: all free, all taken. */
		if (xsk_prod_nb_free(&x->tx, x->tx.size) == x->tx.size)
			break;
	}
}

/*
 * After @n frames of one send went on @x's TX ring: kick now, or leave the
 * kick to the caller's batch (@pending counts the frames) or to the next
 * flush.
 */
static void tx_submitted(struct afudp_socket *s, struct afudp_sxsk *x,
			 unsigned int n, bool kick_now, int flags,
			 unsigned int *pending)
{
	if (kick_now && !(flags & AFUDP_MSG_BATCH))
		tx_kick_all(s, x, n);
	else if (pending)
		*pending += n;
	else
		x->tx_pending = true;
}

/*
 * Send @len bytes of @iov as datagrams of @gso bytes (the last may be
 * shorter), as UDP_SEGMENT does: each built in its own frame, all
 * pushed on the TX ring at once, one kick. Nothing goes unless all do.
 * What the fast path does not take (a segment over the path MTU, too
 * many segments, a neighbour not known...) goes whole to the kernel
 * socket with the same control messages (@ctl; its own UDP_SEGMENT
 * option otherwise), which sends it or fails as udp_send_skb() does.
 * @c: @ctl read, if @ctl.
 */
static ssize_t send_gso(struct afudp_socket *s, const struct iovec *iov,
			size_t iovlen, size_t len, unsigned int gso,
			const struct msghdr *ctl, const struct afudp_tx_ctl *c,
			const struct sockaddr_in *dst, int flags, bool kick_now,
			unsigned int *pending)
{
	bool block = !(flags & MSG_DONTWAIT);
	unsigned int nseg = len ? (len + gso - 1) / gso : 1, i;
	struct pollfd pfd;
	uint64_t addrs[TX_GSO_MAX_SEGS];
	struct afudp_rt_result res;
	struct afudp_udp4_hdr h;
	unsigned int bflags;
	struct afudp_sxsk *x;
	enum afudp_tx_way w;
	size_t off, seg;
	uint32_t idx;
	int err;

	/* Each segment must fit the path unfragmented (udp_send_skb()). */
	w = afudp_tx_plan(s, dst, len < gso ? len : gso, &h);
	if (ctl && w == AFUDP_TX_FAST)
		w = afudp_tx_ctl_apply(s, c, &h);
	if (w == AFUDP_TX_FAST && nseg > TX_GSO_MAX_SEGS)
		w = AFUDP_TX_KERN_OTHER;
	/* Each segment in one frame: no chains in a train. */
	if (w == AFUDP_TX_FAST &&
	    (len < gso ? len : gso) + AFUDP_HDR_LEN > s->st->frame_size)
		w = AFUDP_TX_KERN_MTU;
	if (w != AFUDP_TX_FAST)
		return afudp_tx_kern(s, iov, iovlen, dst, ctl, w, block);

	/*
	 * __ip_make_skb() sets DF on the train before it is cut only if
	 * the whole train fits the path MTU: its segments keep that.
	 */
	bflags = afudp_tx_csum_flags(s);
	if (nseg > 1 && (afudp_rt_lookup(s->st->rt, dst->sin_addr.s_addr,
					 &res) != AFUDP_RT_FAST ||
			 len + AFUDP_IP4_UDP_HDR_LEN > res.mtu))
		bflags |= AFUDP_BUILD_NO_DF;
	x = &s->x[s->txi];
	for (i = 0; i < nseg; i++) {
		err = afudp_tx_acquire(s, x, block, &addrs[i]);
		if (err) {
			s->c->tx_ring_full++;
			goto release;
		}
	}
	for (i = 0, off = 0; i < nseg; i++, off += seg) {
		uint8_t *p = afudp_queue_data(x->q, addrs[i]);

		seg = len - off < gso ? len - off : gso;
		afudp_iov_gather_at(p + AFUDP_HDR_LEN, iov, iovlen, off, seg);
		/* A fresh IP ID each, as the kernel's segmentation gives. */
		if (i)
			h.id = htons(s->ip_id++);
		afudp_udp4_build(p, &h, seg, bflags);
	}
	/* One batch: all the segments or none (ring_size >= 64 slots). */
	while (xsk_ring_prod__reserve(&x->tx, nseg, &idx) != nseg) {
		s->c->tx_ring_full++;
		afudp_tx_kick(s, x);
		if (!block) {
			err = -EAGAIN;
			goto release;
		}
		pfd.fd = x->fd;
		pfd.events = POLLOUT;
		poll(&pfd, 1, 1);
	}
	for (i = 0, off = 0; i < nseg; i++, off += seg) {
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&x->tx, idx + i);
		uint32_t flen;

		seg = len - off < gso ? len - off : gso;
		flen = tx_tag(s, afudp_queue_data(x->q, addrs[i]),
			      AFUDP_HDR_LEN + seg);
		if (afudp_cap_on(s))
			afudp_cap_tx(s, afudp_queue_data(x->q, addrs[i]), flen,
				     flen);
		AFUDP_TO_KERNEL(x->q, addrs[i]);
		d->addr = addrs[i];
		d->len = flen;
		d->options = 0;
	}
	xsk_ring_prod__submit(&x->tx, nseg);
	s->c->tx_packets += nseg;
	s->c->tx_bytes += len;
	tx_submitted(s, x, nseg, kick_now, flags, pending);
	return len;

release:
	while (i--)
		afudp_tx_release(x, addrs[i]);
	return err;
}

/*
 * Send a datagram of @len bytes larger than one frame as a chain of
 * frames (XDP_USE_SG): the headers and the payload's start in the first,
 * the rest in frames of their own, XDP_PKT_CONTD on every descriptor but
 * the last. The UDP checksum is summed piece by piece as they are copied
 * (afudp_csum_raw_at()). All the chain's descriptors are reserved on the
 * TX ring at once, so the kernel never sees half of one. The headers
 * from @t, or with control messages from @h (@t NULL).
 */
static ssize_t send_chain(struct afudp_socket *s, const struct iovec *iov,
			  size_t iovlen, size_t len,
			  const struct afudp_udp4_tmpl *t,
			  const struct afudp_udp4_hdr *h, int flags,
			  bool kick_now, unsigned int *pending)
{
	bool block = !(flags & MSG_DONTWAIT);
	size_t fs = s->st->frame_size, first = fs - AFUDP_HDR_LEN;
	unsigned int n = 1 + (unsigned int)((len - first + fs - 1) / fs), i;
	uint64_t addrs[AFUDP_MAX_FRAGS];
	uint32_t lens[AFUDP_MAX_FRAGS];
	struct afudp_udp4_tmpl ht;
	struct afudp_sxsk *x;
	struct pollfd pfd;
	size_t off, c;
	uint32_t sum = 0, idx;
	__be16 id;
	int err;

	x = &s->x[s->txi];
	for (i = 0; i < n; i++) {
		err = afudp_tx_acquire(s, x, block, &addrs[i]);
		if (err) {
			s->c->tx_ring_full++;
			goto release;
		}
	}
	if (!t) {
		afudp_udp4_tmpl_init(&ht, h, afudp_tx_csum_flags(s));
		t = &ht;
		id = h->id;
	} else {
		id = htons(s->ip_id++);
	}
	for (i = 0, off = 0; i < n; i++, off += c) {
		uint8_t *p = afudp_queue_data(x->q, addrs[i]);

		if (!i)
			p += AFUDP_HDR_LEN;
		c = len - off < (i ? fs : first) ? len - off : (i ? fs : first);
		afudp_iov_gather_at(p, iov, iovlen, off, c);
		if (!(t->flags & AFUDP_BUILD_NO_UDP_CSUM))
			sum = afudp_csum_raw_at(p, c, sum, off);
		lens[i] = (uint32_t)c + (i ? 0 : AFUDP_HDR_LEN);
	}
	afudp_udp4_tmpl_build_sum(afudp_queue_data(x->q, addrs[0]), t, id,
				  len, sum);
	while (xsk_ring_prod__reserve(&x->tx, n, &idx) != n) {
		s->c->tx_ring_full++;
		afudp_tx_kick(s, x);
		if (!block) {
			err = -EAGAIN;
			goto release;
		}
		pfd.fd = x->fd;
		pfd.events = POLLOUT;
		poll(&pfd, 1, 1);
	}
	/*
	 * A capture gets the first frame (headers and the payload's start)
	 * and the chain's length.
	 */
	if (afudp_cap_on(s))
		afudp_cap_tx(s, afudp_queue_data(x->q, addrs[0]), lens[0],
			     (uint32_t)(AFUDP_HDR_LEN + len));
	for (i = 0; i < n; i++) {
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&x->tx, idx + i);

		AFUDP_TO_KERNEL(x->q, addrs[i]);
		d->addr = addrs[i];
		d->len = lens[i];
		d->options = i + 1 < n ? XDP_PKT_CONTD : 0;
	}
	xsk_ring_prod__submit(&x->tx, n);
	s->c->tx_packets++;
	s->c->tx_bytes += len;
	tx_submitted(s, x, n, kick_now, flags, pending);
	return len;

release:
	while (i--)
		afudp_tx_release(x, addrs[i]);
	return err;
}

/*
 * Send one datagram gathered from @iov, with the control messages of @ctl
 * (NULL: none); @kick_now false defers the kick (@pending counts the
 * frames it leaves queued).
 */
static ssize_t send_iov(struct afudp_socket *s, const struct iovec *iov,
			size_t iovlen, const struct msghdr *ctl,
			const struct sockaddr_in *dst, int flags, bool kick_now,
			unsigned int *pending)
{
	bool block = !(flags & MSG_DONTWAIT);
	size_t len = afudp_iov_len(iov, iovlen);
	struct afudp_udp4_tmpl t;
	struct afudp_udp4_hdr h;
	unsigned int gso = s->gso_size;
	struct afudp_tx_ctl c;
	struct afudp_sxsk *x;
	enum afudp_tx_way w;
	uint64_t addr;
	uint32_t hl;
	uint8_t *p;
	int err;

	if (len > AFUDP_UDP4_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (ctl && ctl->msg_controllen) {
		err = afudp_tx_ctl_parse(ctl, &c, false);
		if (err)
			return err;
		if (c.gso >= 0)
			gso = (unsigned int)c.gso;
	} else {
		ctl = NULL;
	}
	/* UDP_SEGMENT, by option or control message: a train. */
	if (__builtin_expect(gso != 0, 0))
		return send_gso(s, iov, iovlen, len, gso, ctl, &c, dst, flags,
				kick_now, pending);
	/* Without control messages, the headers come from a template. */
	if (ctl) {
		w = afudp_tx_plan(s, dst, len, &h);
		if (w == AFUDP_TX_FAST)
			w = afudp_tx_ctl_apply(s, &c, &h);
	} else {
		w = afudp_tx_plan_tmpl(s, dst, len, &t);
	}
	if (w != AFUDP_TX_FAST)
		return afudp_tx_kern(s, iov, iovlen, dst, ctl, w, block);
	if (__builtin_expect(len + AFUDP_HDR_LEN > s->st->frame_size, 0))
		return send_chain(s, iov, iovlen, len, ctl ? NULL : &t, &h,
				  flags, kick_now, pending);

	x = &s->x[s->txi];
	err = afudp_tx_acquire(s, x, block, &addr);
	if (err) {
		s->c->tx_ring_full++;
		return err;
	}
	/*
	 * A VLAN's frame is built AFUDP_VLAN_HLEN bytes in and tagged in
	 * place (12 bytes move), not moved whole as afudp_tx_push() must.
	 */
	hl = s->st->vid ? AFUDP_VLAN_HLEN : 0;
	p = afudp_queue_data(x->q, addr);
	if (!ctl && iovlen == 1 && !(t.flags & AFUDP_BUILD_NO_UDP_CSUM)) {
		/* One piece: summed as it is copied, read once. */
		afudp_udp4_tmpl_build_sum(
			p + hl, &t, htons(s->ip_id++), len,
			afudp_csum_copy(p + hl + AFUDP_HDR_LEN,
					iov[0].iov_base, len, 0));
	} else {
		afudp_iov_gather(p + hl + AFUDP_HDR_LEN, iov, iovlen);
		if (ctl)
			afudp_udp4_build(p + hl, &h, len,
					 afudp_tx_csum_flags(s));
		else
			afudp_udp4_tmpl_build(p + hl, &t, htons(s->ip_id++),
					      len);
	}
	if (hl)
		afudp_vlan_push(p, s->st->vid);
	err = tx_push(s, x, addr, hl + AFUDP_HDR_LEN + len, block, false);
	if (err) {
		afudp_tx_release(x, addr);
		return err;
	}
	s->c->tx_packets++;
	s->c->tx_bytes += len;
	tx_submitted(s, x, 1, kick_now, flags, pending);
	return len;
}

ssize_t afudp_tx_send4(struct afudp_socket *s, const struct iovec *iov,
		       size_t iovlen, const struct msghdr *ctl,
		       const struct sockaddr_in *dst, int flags, bool kick_now,
		       unsigned int *pending)
{
	return send_iov(s, iov, iovlen, ctl, dst, flags, kick_now, pending);
}

AFUDP_EXPORT ssize_t afudp_sendto(struct afudp_socket *s, const void *buf,
				  size_t len, int flags,
				  const struct sockaddr *dst, socklen_t dstlen)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct sockaddr_in to;
	int err;

	AFUDP_CHECK_OPEN(s);
	if (!s || (!buf && len))
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | AFUDP_MSG_BATCH))
		return -EOPNOTSUPP;
	if (s->nonblock)
		flags |= MSG_DONTWAIT;
	if (__builtin_expect(s->family == AF_INET6, 0))
		return afudp_tx6_send(s, &iov, 1, NULL, dst, dstlen, flags,
				      true, NULL);
	err = afudp_tx_dst(s, dst, dstlen, &to);
	if (err)
		return err;
	return send_iov(s, &iov, 1, NULL, &to, flags, true, NULL);
}

AFUDP_EXPORT ssize_t afudp_sendmsg(struct afudp_socket *s,
				   const struct msghdr *m, int flags)
{
	struct sockaddr_in to;
	int err;

	AFUDP_CHECK_OPEN(s);
	if (!s || !m || (!m->msg_iov && m->msg_iovlen))
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | AFUDP_MSG_BATCH))
		return -EOPNOTSUPP;
	if (s->nonblock)
		flags |= MSG_DONTWAIT;
	if (__builtin_expect(s->family == AF_INET6, 0))
		return afudp_tx6_send(s, m->msg_iov, m->msg_iovlen, m,
				      m->msg_name, m->msg_namelen, flags, true,
				      NULL);
	err = afudp_tx_dst(s, m->msg_name, m->msg_namelen, &to);
	if (err)
		return err;
	return send_iov(s, m->msg_iov, m->msg_iovlen, m, &to, flags, true,
			NULL);
}

AFUDP_EXPORT ssize_t afudp_send(struct afudp_socket *s, const void *buf,
				size_t len, int flags)
{
	return afudp_sendto(s, buf, len, flags, NULL, 0);
}

AFUDP_EXPORT int afudp_flush(struct afudp_socket *s)
{
	unsigned int i;

	AFUDP_CHECK_OPEN(s);
	if (!s)
		return -EINVAL;
	for (i = 0; i < s->nx; i++)
		if (s->x[i].tx_pending)
			afudp_tx_kick(s, &s->x[i]);
	return 0;
}

AFUDP_EXPORT int afudp_sendmmsg(struct afudp_socket *s, struct mmsghdr *msgs,
				unsigned int vlen, int flags)
{
	unsigned int pending = 0;	/* frames queued, not kicked */
	struct sockaddr_in to;
	unsigned int i;
	ssize_t r = 0;

	AFUDP_CHECK_OPEN(s);
	if (!s || !msgs || !vlen)
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL))
		return -EOPNOTSUPP;
	if (s->nonblock)
		flags |= MSG_DONTWAIT;
	for (i = 0; i < vlen; i++) {
		struct msghdr *m = &msgs[i].msg_hdr;

		if (__builtin_expect(s->family == AF_INET6, 0)) {
			r = afudp_tx6_send(s, m->msg_iov, m->msg_iovlen, m,
					   m->msg_name, m->msg_namelen, flags,
					   false, &pending);
		} else {
			r = afudp_tx_dst(s, m->msg_name, m->msg_namelen, &to);
			if (!r)
				r = send_iov(s, m->msg_iov, m->msg_iovlen, m,
					     &to, flags, false, &pending);
		}
		if (r < 0)
			break;
		msgs[i].msg_len = r;
		/* After the first, never wait: report what went (sendmmsg). */
		flags |= MSG_DONTWAIT;
	}
	if (pending)
		tx_kick_all(s, &s->x[s->txi], pending);
	return i ? (int)i : (int)r;
}
