// SPDX-License-Identifier: BSD-2-Clause
/*
 * Zero-copy: UMEM frames lent to the application, and the handles that
 * name them. A received datagram is handed out where the kernel put it
 * (afudp_zc_recv) and a reply can go from the same frame, its headers
 * rewritten in place in front of the payload (afudp_zc_from_rx, then
 * afudp_zc_send); or a send buffer is a free frame with room for the
 * headers in front (afudp_zc_alloc). Every lent frame is recorded
 * (umem/queue.h, afudp_queue_lent), so a handle given back twice, or made
 * up, is refused instead of putting one frame in two places.
 *
 * Where there is no frame to lend, heap buffers stand in: a datagram that
 * came through the kernel socket, and send buffers of a socket without
 * XSKs (the kernel backend). The receive and send steps are rx.c's and
 * tx.c's.
 *
 * An AF_INET6 socket's handles are the same: the UMEM offset where an
 * IPv4 frame's Ethernet header would go, AFUDP_HDR_LEN before the
 * payload; its IPv6 headers go AFUDP_HDR6_LEN before it (its send
 * buffers leave room for them), its IPv4 ones (a v4-mapped destination)
 * where an IPv4 socket's do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "dp.h"
#include "proto/udp6.h"
#include "proto/vlan.h"

/*
 * A handle: bit 63 marks a heap buffer (its index in the low bits, or
 * H_KERN_RX for the kernel socket's receive buffer); otherwise bits 48..62
 * are the socket's XSK index and the low 48 bits the UMEM offset where the
 * Ethernet header is (TX) or the RX descriptor points.
 */
#define H_HEAP (1ull << 63)
#define H_HEAP_INDEX (AFUDP_HEAP_BUFS - 1)
#define H_KERN_RX 0xffffull
/* A multi-buffer datagram's copy: H_HEAP | H_CHAIN_RX | its index. */
#define H_CHAIN_RX 0x100ull
#define H_XSK_SHIFT 48
#define H_ADDR_MASK ((1ull << H_XSK_SHIFT) - 1)
/* The kernel socket's datagrams, up to the largest, land here. */
#define KERN_BUF_SIZE (AFUDP_UDP4_MAX_PAYLOAD + 1)

static inline uint64_t h_make(unsigned int xi, uint64_t addr)
{
	return ((uint64_t)xi << H_XSK_SHIFT) | addr;
}

static inline uint64_t heap_bit(uint64_t handle)
{
	return 1ull << (handle & H_HEAP_INDEX);
}

/* ---- send buffers ------------------------------------------------------ */

/* A VLAN's frames get their tag when sent (tx.c, tx_tag()): room for it. */
#define ZC_TAG_ROOM(s) ((s)->st->vid ? AFUDP_VLAN_HLEN : 0u)
/* Room for the headers in front of a send buffer's payload. */
#define ZC_HDR_ROOM(s) \
	((s)->family == AF_INET6 ? AFUDP_HDR6_LEN : AFUDP_HDR_LEN)
/* What IPv6's headers take more than IPv4's. */
#define ZC_HDR6_MORE (AFUDP_HDR6_LEN - AFUDP_HDR_LEN)

static int heap_alloc(struct afudp_socket *s, struct afudp_zc_buf *b)
{
	size_t cap = s->st->frame_size - ZC_HDR_ROOM(s) - ZC_TAG_ROOM(s);
	unsigned int i;

	for (i = 0; i < AFUDP_HEAP_BUFS && (s->heap_lent & (1ull << i)); i++)
		;
	if (i == AFUDP_HEAP_BUFS)
		return -ENOBUFS;
	if (!s->heap_tx[i]) {
		s->heap_tx[i] = malloc(cap);
		if (!s->heap_tx[i])
			return -ENOMEM;
	}
	s->heap_lent |= 1ull << i;
	s->zc_tx_held++;
	b->data = s->heap_tx[i];
	b->cap = cap;
	b->handle = H_HEAP | i;
	return 0;
}

AFUDP_EXPORT int afudp_zc_alloc(struct afudp_socket *s,
				struct afudp_zc_buf *bufs, unsigned int n,
				int flags)
{
	struct afudp_sxsk *x;
	unsigned int i;
	uint64_t addr;
	int err = 0;

	AFUDP_CHECK_OPEN(s);
	if (!s || !bufs || !n)
		return -EINVAL;
	if (flags & ~MSG_DONTWAIT)
		return -EOPNOTSUPP;
	if (!s->bound) {
		struct sockaddr_in any = { .sin_family = AF_INET };
		struct sockaddr_in6 any6 = { .sin6_family = AF_INET6 };

		err = s->family == AF_INET6 ? afudp_bind_addr6(s, &any6) :
					      afudp_bind_addr(s, &any);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		if (!s->nx) {
			err = heap_alloc(s, &bufs[i]);
		} else {
			x = &s->x[s->txi];
			err = afudp_tx_acquire(s, x,
					       !i && !(flags & MSG_DONTWAIT) &&
						       !s->nonblock,
					       &addr);
			if (!err) {
				/* The handle: where IPv4's headers go. */
				addr += ZC_HDR_ROOM(s) - AFUDP_HDR_LEN;
				bufs[i].data = (uint8_t *)afudp_queue_data(
						       x->q, addr) +
					       AFUDP_HDR_LEN;
				bufs[i].cap = s->st->frame_size -
					      ZC_HDR_ROOM(s) - ZC_TAG_ROOM(s);
				bufs[i].handle = h_make(s->txi, addr);
				*afudp_queue_lent(x->q, addr) = AFUDP_LENT_TX;
				s->zc_tx_held++;
			}
		}
		if (err)
			break;
	}
	return i ? (int)i : err;
}

/* The XSK of a valid TX handle; NULL for a heap buffer. */
static struct afudp_sxsk *zc_xsk(struct afudp_socket *s, uint64_t handle)
{
	return (handle & H_HEAP) ? NULL : &s->x[handle >> H_XSK_SHIFT];
}

/* Mark the buffer of a valid TX handle lent to the application, or not. */
static void zc_mark(struct afudp_socket *s, uint64_t handle, bool lent)
{
	struct afudp_sxsk *x = zc_xsk(s, handle);

	if (x)
		*afudp_queue_lent(x->q, handle & H_ADDR_MASK) =
			lent ? AFUDP_LENT_TX : AFUDP_LENT_NO;
	else if (lent)
		s->heap_lent |= heap_bit(handle);
	else
		s->heap_lent &= ~heap_bit(handle);
}

/*
 * Check a TX handle: one of this socket's send buffers, still lent (not
 * freed or sent already). Returns its XSK (NULL for heap) or an error.
 */
static int zc_check(struct afudp_socket *s, uint64_t handle,
		    struct afudp_sxsk **x)
{
	unsigned int xi;

	*x = NULL;
	if (handle & H_HEAP) {
		if ((handle & ~H_HEAP) >= AFUDP_HEAP_BUFS ||
		    !(s->heap_lent & heap_bit(handle)))
			return -EINVAL;
		return 0;
	}
	xi = handle >> H_XSK_SHIFT;
	if (xi >= s->nx ||
	    (handle & H_ADDR_MASK) >= s->x[xi].q->area_size ||
	    *afudp_queue_lent(s->x[xi].q, handle & H_ADDR_MASK) !=
		    AFUDP_LENT_TX)
		return -EINVAL;
	*x = &s->x[xi];
	return 0;
}

/* A valid TX handle's buffer back: no longer lent, its frame released. */
static void zc_tx_release(struct afudp_socket *s, struct afudp_sxsk *x,
			  uint64_t handle)
{
	s->zc_tx_held--;
	zc_mark(s, handle, false);
	if (x)
		afudp_tx_release(x, handle & H_ADDR_MASK);
}

AFUDP_EXPORT int afudp_zc_free(struct afudp_socket *s,
			       const struct afudp_zc_buf *bufs, unsigned int n)
{
	struct afudp_sxsk *x;
	unsigned int i;

	AFUDP_CHECK_OPEN(s);
	if (!s || (!bufs && n))
		return -EINVAL;
	/* All or nothing; unmarked as checked: a repeated handle fails. */
	for (i = 0; i < n; i++) {
		if (zc_check(s, bufs[i].handle, &x)) {
			while (i--)
				zc_mark(s, bufs[i].handle, true);
			return -EINVAL;
		}
		zc_mark(s, bufs[i].handle, false);
	}
	/* Frames go back a run of one XSK at a time (one lock each). */
	for (i = 0; i < n;) {
		uint64_t addrs[AFUDP_CACHE_MAX];
		unsigned int m = 0;

		x = zc_xsk(s, bufs[i].handle);
		if (!x) {
			s->zc_tx_held--;
			i++;
			continue;
		}
		while (i < n && m < AFUDP_CACHE_MAX &&
		       zc_xsk(s, bufs[i].handle) == x) {
			addrs[m++] = bufs[i++].handle & H_ADDR_MASK;
			s->zc_tx_held--;
		}
		afudp_queue_tx_release(x->q, &x->cache, addrs, m);
	}
	return 0;
}

/*
 * Push the frame built at @addr (@flen bytes, @len of payload) of a valid
 * TX handle (@x, @buf) on @x's TX ring; the buffer is consumed either way.
 */
static AFUDP_HOT_INLINE ssize_t zc_push(struct afudp_socket *s,
					 struct afudp_sxsk *x,
					 const struct afudp_zc_buf *buf,
					 uint64_t addr, size_t flen, size_t len,
					 int flags)
{
	ssize_t r;

	/* The kernel's now, or put back: no longer lent (zc_mark(), known x). */
	*afudp_queue_lent(x->q, addr) = AFUDP_LENT_NO;
	r = afudp_tx_push(s, x, addr, (uint32_t)flen, !(flags & MSG_DONTWAIT));
	if (r) {
		zc_tx_release(s, x, buf->handle);
		return r;
	}
	s->zc_tx_held--;
	s->c->tx_packets++;
	s->c->tx_bytes += len;
	if (flags & AFUDP_MSG_BATCH)
		x->tx_pending = true;
	else
		afudp_tx_kick(s, x);
	return len;
}

/* afudp_zc_send() over IPv4, to @to, of a valid TX handle (@x, @buf). */
static AFUDP_HOT_INLINE ssize_t zc_send4(struct afudp_socket *s,
					  struct afudp_sxsk *x,
					  const struct afudp_zc_buf *buf,
					  size_t len, int flags,
					  const struct sockaddr_in *to)
{
	struct iovec iov = { .iov_base = buf->data, .iov_len = len };
	/* The headers go right before the payload, where the handle says. */
	uint64_t addr = buf->handle & H_ADDR_MASK;
	struct afudp_udp4_tmpl t;
	enum afudp_tx_way w;
	ssize_t r;

	w = x ? afudp_tx_plan_tmpl(s, to, len, &t) : AFUDP_TX_KERN_OTHER;
	if (w != AFUDP_TX_FAST) {
		r = afudp_tx_kern(s, &iov, 1, to, NULL, w,
				  !(flags & MSG_DONTWAIT));
		zc_tx_release(s, x, buf->handle);
		return r;
	}
	afudp_udp4_tmpl_build(afudp_queue_data(x->q, addr), &t,
			      htons(s->ip_id++), len);
	return zc_push(s, x, buf, addr, AFUDP_HDR_LEN + len, len, flags);
}

/*
 * afudp_zc_send() on an AF_INET6 socket: a v4-mapped destination over
 * IPv4 (dual-stack), else the IPv6 headers from the template the copying
 * send uses (afudp_tx6_plan_tmpl()), ZC_HDR6_MORE further in front than
 * IPv4's.
 */
static ssize_t zc_send6(struct afudp_socket *s, struct afudp_sxsk *x,
			const struct afudp_zc_buf *buf, size_t len, int flags,
			const struct sockaddr *dst, socklen_t dstlen)
{
	struct iovec iov = { .iov_base = buf->data, .iov_len = len };
	uint64_t addr = buf->handle & H_ADDR_MASK;
	enum afudp_tx_way w = AFUDP_TX_KERN_OTHER;
	const struct sockaddr_in6 *to;
	struct afudp_udp6_tmpl t;
	struct sockaddr_in6 d6;
	struct sockaddr_in m4;
	ssize_t r;

	r = afudp_tx6_dst(s, dst, dstlen, &d6, &to);
	if (r) {
		zc_tx_release(s, x, buf->handle);
		return r;
	}
	if (afudp_sin6_to_sin(to, &m4) && s->v4)
		return zc_send4(s, x, buf, len, flags, &m4);
	/*
	 * A frame received over IPv4 has no room in front for IPv6's
	 * headers: that one reply goes through the kernel.
	 */
	if (x && addr - afudp_pool_base(&x->q->pool, addr) >= ZC_HDR6_MORE)
		w = afudp_tx6_plan_tmpl(s, to, len, &t);
	if (w != AFUDP_TX_FAST) {
		r = afudp_tx6_kern(s, &iov, 1, to, NULL, w,
				   !(flags & MSG_DONTWAIT));
		zc_tx_release(s, x, buf->handle);
		return r;
	}
	addr -= ZC_HDR6_MORE;
	afudp_udp6_tmpl_build(afudp_queue_data(x->q, addr), &t, len);
	return zc_push(s, x, buf, addr, AFUDP_HDR6_LEN + len, len, flags);
}

AFUDP_EXPORT ssize_t afudp_zc_send(struct afudp_socket *s,
				   const struct afudp_zc_buf *buf, size_t len,
				   int flags, const struct sockaddr *dst,
				   socklen_t dstlen)
{
	struct afudp_sxsk *x;
	struct sockaddr_in to;
	ssize_t r;

	AFUDP_CHECK_OPEN(s);
	if (!s || !buf || zc_check(s, buf->handle, &x))
		return -EINVAL;
	/* A valid buffer is consumed whatever else is wrong (afudp.h). */
	if (len > buf->cap) {
		r = -EINVAL;
		goto out_release;
	}
	if (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | AFUDP_MSG_BATCH)) {
		r = -EOPNOTSUPP;
		goto out_release;
	}
	if (s->nonblock)
		flags |= MSG_DONTWAIT;
	if (__builtin_expect(s->family == AF_INET6, 0))
		return zc_send6(s, x, buf, len, flags, dst, dstlen);
	r = afudp_tx_dst(s, dst, dstlen, &to);
	if (r)
		goto out_release;
	return zc_send4(s, x, buf, len, flags, &to);
out_release:
	zc_tx_release(s, x, buf->handle);
	return r;
}

/* ---- received datagrams ------------------------------------------------ */

/* A receive's messages, and their sources as sockaddr_in6 (or NULL). */
struct zc_rx_out {
	struct afudp_zc_msg *msgs;
	struct sockaddr_in6 *src6;
};

/* The kernel socket's datagram, one at a time, in a heap buffer. */
static int zc_recv_kern(struct afudp_socket *s, void *arg, unsigned int got)
{
	struct zc_rx_out *out = arg;
	struct afudp_zc_msg *m = out->msgs + got;
	struct sockaddr_in6 from6;
	socklen_t sl = sizeof(m->src);
	struct sockaddr *from = (struct sockaddr *)&m->src;
	ssize_t r;

	if (s->kern_lent)
		return 0;
	if (!s->kern_buf) {
		s->kern_buf = malloc(KERN_BUF_SIZE);
		if (!s->kern_buf)
			return -ENOMEM;
	}
	/* An AF_INET6 kernel socket gives IPv4 sources v4-mapped. */
	if (s->family == AF_INET6) {
		from = (struct sockaddr *)&from6;
		sl = sizeof(from6);
	}
	r = recvfrom(s->kfd, s->kern_buf, KERN_BUF_SIZE, MSG_DONTWAIT, from,
		     &sl);
	if (r < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (s->family == AF_INET6) {
		out->src6[got] = from6;
		if (!afudp_sin6_to_sin(&from6, &m->src))
			memset(&m->src, 0, sizeof(m->src));
	} else if (out->src6) {
		afudp_sin_to_sin6(m->src.sin_addr.s_addr, m->src.sin_port,
				  &out->src6[got]);
	}
	m->data = s->kern_buf;
	m->len = r;
	m->handle = H_HEAP | H_KERN_RX;
	s->kern_lent = true;
	s->c->rx_packets++;
	s->c->rx_slow++;
	s->c->rx_bytes += r;
	return 1;
}

/*
 * A multi-buffer datagram can't be lent in place (its payload is spread
 * over frames): copied whole into a heap buffer, its frames released,
 * the copy lent (H_CHAIN_RX). -ENOBUFS when the application holds
 * AFUDP_HEAP_BUFS of them already, -ENOMEM.
 */
static int zc_lend_chain(struct afudp_socket *s,
			 const struct afudp_rx_item *it,
			 struct afudp_zc_msg *m)
{
	struct iovec iov;
	unsigned int i;

	if (!~s->chain_lent)
		return -ENOBUFS;
	/* A chain holds no more (rx.c takes at most AFUDP_MAX_FRAGS). */
	if (it->info.payload_len > afudp_rx_max_len(s->st))
		return -EMSGSIZE;
	i = (unsigned int)__builtin_ctzll(~s->chain_lent);
	if (!s->chain_rx[i]) {
		s->chain_rx[i] = malloc(afudp_rx_max_len(s->st));
		if (!s->chain_rx[i])
			return -ENOMEM;
	}
	iov.iov_base = s->chain_rx[i];
	iov.iov_len = it->info.payload_len;
	afudp_rx_scatter(it, &iov, 1, 0);
	s->chain_lent |= 1ull << i;
	m->data = s->chain_rx[i];
	m->handle = H_HEAP | H_CHAIN_RX | i;
	return 0;
}

static bool h_chain(uint64_t handle)
{
	return (handle & ~(H_HEAP | H_HEAP_INDEX)) == H_CHAIN_RX &&
	       (handle & H_HEAP);
}

/* afudp_zc_recv(), afudp_zc_recv6() (@src6 not NULL) of a checked call. */
static int zc_recv(struct afudp_socket *s, struct afudp_zc_msg *msgs,
		   struct sockaddr_in6 *src6, unsigned int n, int flags)
{
	struct zc_rx_out out = { .msgs = msgs, .src6 = src6 };
	struct afudp_rx_item items[AFUDP_BATCH];
	unsigned int i, o, got;
	int r, err;

	if (flags & ~MSG_DONTWAIT)
		return -EOPNOTSUPP;
	/* What the application holds is bounded by the RX ring's size. */
	if (s->zc_held + n > s->st->ring_size) {
		if (s->zc_held >= s->st->ring_size)
			return -ENOBUFS;
		n = s->st->ring_size - s->zc_held;
	}
	r = afudp_rx_step(s, flags, items, n < AFUDP_BATCH ? n : AFUDP_BATCH,
			  zc_recv_kern, &out, &got);
	if (r < 0)
		return r;
	for (i = 0, o = 0; i < got; i++) {
		const struct afudp_rx_item *it = &items[i];
		struct afudp_zc_msg *m = &msgs[o];

		if (__builtin_expect(it->nfrag != 0, 0)) {
			err = zc_lend_chain(s, it, m);
			afudp_rx_release_items(s, it, 1);
			if (err) {
				s->c->rx_dropped++;	/* as a full buffer */
				continue;
			}
		} else {
			m->data = it->info.payload;
			m->handle = h_make((unsigned int)(it->x - s->x),
					   it->addr);
			*afudp_queue_lent(it->x->q, it->addr) = AFUDP_LENT_RX;
		}
		m->len = it->info.payload_len;
		m->src = (struct sockaddr_in){
			.sin_family = AF_INET,
			.sin_port = it->info.sport,
			.sin_addr.s_addr = it->info.saddr,
		};
		if (__builtin_expect(src6 != NULL, 0)) {
			socklen_t sl = sizeof(*src6);

			afudp_rx_src6(s, it, (struct sockaddr *)&src6[o], &sl);
			if (it->v6)
				memset(&m->src, 0, sizeof(m->src));
		}
		o++;
		s->c->rx_packets++;
		s->c->rx_bytes += it->info.payload_len;
	}
	/* The kernel socket's datagram, after the rings', moves up. */
	if (o < got && r > (int)got) {
		msgs[o] = msgs[got];
		if (src6)
			src6[o] = src6[got];
	}
	r -= (int)(got - o);
	if (!r)
		return -ENOBUFS;
	s->zc_held += r;
	return r;
}

AFUDP_EXPORT int afudp_zc_recv(struct afudp_socket *s,
			       struct afudp_zc_msg *msgs, unsigned int n,
			       int flags)
{
	AFUDP_CHECK_OPEN(s);
	if (!s || !msgs || !n)
		return -EINVAL;
	/* An IPv6 source does not fit a sockaddr_in: afudp_zc_recv6(). */
	if (s->family == AF_INET6)
		return -EAFNOSUPPORT;
	return zc_recv(s, msgs, NULL, n, flags);
}

AFUDP_EXPORT int afudp_zc_recv6(struct afudp_socket *s,
				struct afudp_zc_msg *msgs,
				struct sockaddr_in6 *src6, unsigned int n,
				int flags)
{
	AFUDP_CHECK_OPEN(s);
	if (!s || !msgs || !src6 || !n)
		return -EINVAL;
	return zc_recv(s, msgs, src6, n, flags);
}

/*
 * Check a received-message handle: one this socket lent and has not taken
 * back. *x NULL means the kernel socket's buffer.
 */
static int zc_rx_check(struct afudp_socket *s, uint64_t handle,
		       struct afudp_sxsk **x)
{
	unsigned int xi;

	*x = NULL;
	/* A frame of the rings first: the common case. */
	if (__builtin_expect(handle & H_HEAP, 0)) {
		if (handle == (H_HEAP | H_KERN_RX))
			return s->kern_lent ? 0 : -EINVAL;
		if (h_chain(handle))
			return s->chain_lent & heap_bit(handle) ? 0 : -EINVAL;
		return -EINVAL;
	}
	xi = handle >> H_XSK_SHIFT;
	if (xi >= s->nx ||
	    (handle & H_ADDR_MASK) >= s->x[xi].q->area_size ||
	    *afudp_queue_lent(s->x[xi].q, handle & H_ADDR_MASK) !=
		    AFUDP_LENT_RX)
		return -EINVAL;
	*x = &s->x[xi];
	return 0;
}

/* Mark a valid received-message handle lent, or not. */
static void zc_rx_mark(struct afudp_socket *s, uint64_t handle, bool lent)
{
	if (__builtin_expect(!(handle & H_HEAP), 1))
		*afudp_queue_lent(s->x[handle >> H_XSK_SHIFT].q,
				  handle & H_ADDR_MASK) =
			lent ? AFUDP_LENT_RX : AFUDP_LENT_NO;
	else if (handle == (H_HEAP | H_KERN_RX))
		s->kern_lent = lent;
	else if (h_chain(handle))
		s->chain_lent = lent ? s->chain_lent | heap_bit(handle) :
				       s->chain_lent & ~heap_bit(handle);
}

AFUDP_EXPORT int afudp_zc_release(struct afudp_socket *s,
				  const struct afudp_zc_msg *msgs,
				  unsigned int n)
{
	struct afudp_sxsk *x, *run = NULL;
	uint64_t addrs[AFUDP_BATCH];
	unsigned int i, m = 0;

	AFUDP_CHECK_OPEN(s);
	if (!s || (!msgs && n))
		return -EINVAL;
	/* All or nothing; unmarked as checked: a repeated handle fails. */
	for (i = 0; i < n; i++) {
		if (zc_rx_check(s, msgs[i].handle, &x)) {
			while (i--)
				zc_rx_mark(s, msgs[i].handle, true);
			return -EINVAL;
		}
		zc_rx_mark(s, msgs[i].handle, false);
	}
	/* Frames go back a run of one XSK at a time (one lock each). */
	for (i = 0; i < n; i++) {
		s->zc_held--;
		if (msgs[i].handle & H_HEAP)
			continue;
		x = &s->x[msgs[i].handle >> H_XSK_SHIFT];
		if (m && (x != run || m == AFUDP_BATCH)) {
			afudp_rx_release(s, run, addrs, m);
			m = 0;
		}
		run = x;
		addrs[m++] = msgs[i].handle & H_ADDR_MASK;
	}
	if (m)
		afudp_rx_release(s, run, addrs, m);
	return 0;
}

/* The UMEM offset of @data, a pointer into @x's area (or not). */
static inline uint64_t zc_data_off(const struct afudp_sxsk *x,
				   const void *data)
{
	return (uint64_t)((const uint8_t *)data - (const uint8_t *)x->q->area);
}

/*
 * The room for a reply at @data, the payload of the datagram received in
 * the frame of @x at @addr: up to the frame's end, less a VLAN tag's. 0
 * when @data is not in that frame with an IPv4 frame's headers' room in
 * front (a pointer the application moved).
 */
static inline size_t zc_frame_room(const struct afudp_socket *s,
				   const struct afudp_sxsk *x, uint64_t addr,
				   const void *data)
{
	uint64_t base = afudp_pool_base(&x->q->pool, addr);
	uint64_t off = zc_data_off(x, data);
	uint64_t end = base + x->q->frame_size - ZC_TAG_ROOM(s);

	if (off < base + AFUDP_HDR_LEN || off > end)
		return 0;
	return end - off;
}

/*
 * The room at @m->data for its reply, or -EINVAL (a handle not lent, a
 * data pointer moved out of its frame); *@x its XSK (NULL: a heap
 * buffer, whose reply is sent as a copy).
 */
static inline ssize_t zc_msg_room(struct afudp_socket *s,
				  const struct afudp_zc_msg *m,
				  struct afudp_sxsk **x)
{
	size_t room;

	if (zc_rx_check(s, m->handle, x))
		return -EINVAL;
	if (!*x)
		return m->handle == (H_HEAP | H_KERN_RX) ?
			       KERN_BUF_SIZE - 1 :
			       (ssize_t)afudp_rx_max_len(s->st);
	room = zc_frame_room(s, *x, m->handle & H_ADDR_MASK, m->data);
	return room ? (ssize_t)room : -EINVAL;
}

AFUDP_EXPORT ssize_t afudp_zc_room(struct afudp_socket *s,
				   const struct afudp_zc_msg *msg)
{
	struct afudp_sxsk *x;

	AFUDP_CHECK_OPEN(s);
	if (!s || !msg)
		return -EINVAL;
	return zc_msg_room(s, msg, &x);
}

AFUDP_EXPORT int afudp_zc_from_rx(struct afudp_socket *s,
				  const struct afudp_zc_msg *msg,
				  struct afudp_zc_buf *buf)
{
	struct afudp_sxsk *x;
	uint64_t hdr;
	size_t room;
	int err;

	AFUDP_CHECK_OPEN(s);
	if (!s || !msg || !buf || zc_rx_check(s, msg->handle, &x))
		return -EINVAL;
	if (!x || !s->nx) {
		/* From the kernel socket: copy once into a send buffer. */
		err = afudp_zc_alloc(s, buf, 1, MSG_DONTWAIT);
		if (err < 0)
			return err;
		if (msg->len > buf->cap) {
			afudp_zc_free(s, buf, 1);
			return -EMSGSIZE;
		}
		memcpy(buf->data, msg->data, msg->len);
		return afudp_zc_release(s, msg, 1);
	}
	/* Headers are rewritten right in front of the payload. */
	room = zc_frame_room(s, x, msg->handle & H_ADDR_MASK, msg->data);
	if (!room)
		return -EINVAL;
	hdr = zc_data_off(x, msg->data) - AFUDP_HDR_LEN;
	buf->data = (void *)msg->data;
	buf->cap = room;
	buf->handle = h_make((unsigned int)(x - s->x), hdr);
	*afudp_queue_lent(x->q, hdr) = AFUDP_LENT_TX;
	s->zc_held--;
	s->zc_tx_held++;
	return 0;
}

/*
 * One reply of afudp_zc_reply() on the fast path: @m (lent from @x's
 * frames, @len bytes at its data, within its room) with the headers of
 * template *@t. They go in front of the payload, where
 * afudp_zc_from_rx() puts them. 0, or -EAGAIN (no TX room, not blocking:
 * still lent, its payload untouched).
 */
static AFUDP_HOT_INLINE int zc_reply4(struct afudp_socket *s,
				      struct afudp_sxsk *x,
				      const struct afudp_zc_msg *m, size_t len,
				      const struct afudp_udp4_tmpl *t,
				      int flags)
{
	uint64_t hdr = zc_data_off(x, m->data) - AFUDP_HDR_LEN;
	int err;

	afudp_udp4_tmpl_build(afudp_queue_data(x->q, hdr), t,
			      htons(s->ip_id), len);
	err = afudp_tx_push(s, x, hdr, (uint32_t)(AFUDP_HDR_LEN + len),
			    !(flags & MSG_DONTWAIT));
	if (err)
		return err;
	s->ip_id++;
	*afudp_queue_lent(x->q, hdr) = AFUDP_LENT_NO;
	s->zc_held--;
	s->c->tx_packets++;
	s->c->tx_bytes += len;
	x->tx_pending = true;
	return 0;
}

/*
 * A reply afudp_zc_reply() sends as a copy, then gives back: through the
 * kernel socket the way @w the route said (IPv4 to @to4, not NULL), or
 * (a heap buffer's, an IPv6 destination's) as afudp_sendto() sends to
 * @to.
 */
static ssize_t zc_reply_copy(struct afudp_socket *s,
			     const struct afudp_zc_msg *m, size_t len,
			     int flags, const struct sockaddr_in *to4,
			     enum afudp_tx_way w, const struct sockaddr *to,
			     socklen_t tolen)
{
	struct iovec iov = { .iov_base = (void *)m->data, .iov_len = len };
	ssize_t r;

	/* Not afudp_sendto(): its lookup would count the miss again. */
	if (to4)
		r = afudp_tx_kern(s, &iov, 1, to4, NULL, w,
				  !(flags & MSG_DONTWAIT));
	else
		r = afudp_sendto(s, m->data, len, flags | AFUDP_MSG_BATCH, to,
				 tolen);
	if (r < 0)
		return r;
	return afudp_zc_release(s, m, 1);
}

AFUDP_EXPORT int afudp_zc_reply(struct afudp_socket *s,
				const struct afudp_zc_msg *msgs,
				const struct sockaddr_in6 *src6, unsigned int n,
				int flags)
{
	struct sockaddr_in to, last = { .sin_family = AF_UNSPEC };
	enum afudp_tx_way w = AFUDP_TX_KERN_OTHER;
	const struct sockaddr *dst;
	struct afudp_udp4_tmpl t;
	struct afudp_sxsk *x;
	socklen_t dstlen;
	uint32_t mtu = 0;
	unsigned int i;
	ssize_t r = 0;

	AFUDP_CHECK_OPEN(s);
	if (!s || !msgs || !n || (s->family == AF_INET6 && !src6))
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | AFUDP_MSG_BATCH))
		return -EOPNOTSUPP;
	if (s->nonblock)
		flags |= MSG_DONTWAIT;
	for (i = 0; i < n; i++) {
		const struct afudp_zc_msg *m = &msgs[i];
		size_t len = m->len;

		r = zc_msg_room(s, m, &x);
		if (r < 0)
			break;
		if (len > (size_t)r) {
			r = -EMSGSIZE;
			break;
		}
		if (s->family == AF_INET6) {
			dst = (const struct sockaddr *)&src6[i];
			dstlen = sizeof(src6[i]);
			/* Over IPv4 (v4-mapped) in place, else a copy. */
			if (!s->v4 || !afudp_sin6_to_sin(&src6[i], &to))
				x = NULL;
		} else {
			dst = (const struct sockaddr *)&m->src;
			dstlen = sizeof(m->src);
			r = afudp_tx_dst(s, dst, dstlen, &to);
			if (r)
				break;
		}
		if (!x) {
			r = zc_reply_copy(s, m, len, flags, NULL, 0, dst,
					  dstlen);
		} else {
			/* A batch's replies mostly go to a few peers. */
			if (to.sin_addr.s_addr != last.sin_addr.s_addr ||
			    to.sin_port != last.sin_port ||
			    last.sin_family != AF_INET) {
				w = afudp_tx_tmpl(s, &to, &t, &mtu);
				last = to;
			}
			if (w == AFUDP_TX_FAST && !afudp_tx_too_big(s, len, mtu))
				r = zc_reply4(s, x, m, len, &t, flags);
			else
				r = zc_reply_copy(s, m, len, flags, &to,
						  w == AFUDP_TX_FAST ?
							  AFUDP_TX_KERN_MTU : w,
						  dst, dstlen);
		}
		if (r < 0)
			break;
	}
	if (!(flags & AFUDP_MSG_BATCH))
		afudp_flush(s);
	return i ? (int)i : (int)r;
}
