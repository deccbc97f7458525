// SPDX-License-Identifier: BSD-2-Clause
/*
 * The data path: receive from the socket's XSK rings (then its kernel
 * socket), send through an XSK when the route mirror says the fast path can
 * take the datagram (else through the kernel socket), and the zero-copy
 * variants of both.
 *
 * Frames never move (DESIGN.md decision 4): a received datagram is parsed
 * where the kernel put it, and a reply can be sent from the same frame with
 * its headers rewritten in place. Every call here is for the one thread that
 * uses the socket; the queue's shared rings are touched only through
 * queue.c, under the queue's lock, once per batch.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "afudp_int.h"

#define MAX_UDP_PAYLOAD 65507
#define SLOW_BUF_SIZE 65536
/* Busy-poll: look at the kernel socket once every this many spins. */
#define SLOW_EVERY 32

/*
 * Zero-copy handles: bit 63 marks a heap buffer (index in the low bits);
 * otherwise bits 48..62 are the XSK index and the low 48 bits the UMEM
 * offset where the Ethernet header is (TX) or the RX descriptor points.
 */
#define H_HEAP (1ull << 63)
#define H_SLOW_RX 0xffffull
#define H_XSK_SHIFT 48
#define H_ADDR_MASK ((1ull << H_XSK_SHIFT) - 1)

static inline uint64_t h_make(unsigned int xi, uint64_t addr)
{
	return ((uint64_t)xi << H_XSK_SHIFT) | addr;
}

/* A datagram taken from an RX ring, parsed, not yet given back. */
struct rx_item {
	struct afudp_sxsk *x;
	uint64_t addr;
	struct afudp_udp4_info info;
};

/* ---- receive ---------------------------------------------------------- */

static void count_parse_error(struct afudp_socket *s, enum afudp_parse_err e)
{
	if (e == AFUDP_PARSE_IP_CSUM || e == AFUDP_PARSE_UDP_CSUM)
		s->c->rx_drop_csum++;
	else
		s->c->rx_drop_malformed++;
}

static void rx_release(struct afudp_socket *s, struct afudp_sxsk *x,
		    const uint64_t *addrs, uint32_t n)
{
	/* The kernel may wait for a wake-up before it uses the fill ring. */
	if (afudp_queue_rx_release(x->q, addrs, n))
		recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	(void)s;
}

/*
 * Take up to @n valid datagrams from the XSK rings. The queue visited first
 * rotates, so under load no queue starves another. Invalid frames are
 * counted and recycled here.
 */
static unsigned int rx_poll(struct afudp_socket *s, struct rx_item *out,
			    unsigned int n)
{
	unsigned int parse_flags =
		(s->st->flags & AFUDP_F_NO_RX_UDP_CSUM) ?
			AFUDP_PARSE_NO_UDP_CSUM : 0;
	unsigned int i, got = 0, k, nb;
	uint64_t bad[AFUDP_BATCH];
	struct afudp_sxsk *x;
	uint32_t idx, nbad;
	int rpf;

	if (!s->nx)
		return 0;
	rpf = afudp_rt_rp_filter(s->st->rt);
	for (i = 0; i < s->nx && got < n; i++) {
		unsigned int xi = (s->rr + i) % s->nx;

		x = &s->x[xi];
		nb = xsk_ring_cons__peek(&x->rx, n - got < AFUDP_BATCH ?
						       n - got : AFUDP_BATCH,
					 &idx);
		if (!nb)
			continue;
		afudp_queue_rx_taken(x->q, nb);
		nbad = 0;
		for (k = 0; k < nb; k++) {
			const struct xdp_desc *d =
				xsk_ring_cons__rx_desc(&x->rx, idx + k);
			struct rx_item *it = &out[got];
			enum afudp_parse_err e;

			AFUDP_FROM_KERNEL(x->q, d->addr);
			e = afudp_udp4_parse(afudp_queue_data(x->q, d->addr),
					     d->len, parse_flags, &it->info);
			if (e) {
				count_parse_error(s, e);
				bad[nbad++] = d->addr;
				continue;
			}
			if (it->info.dport != s->local.sin_port ||
			    (s->connected &&
			     (it->info.saddr != s->peer.sin_addr.s_addr ||
			      it->info.sport != s->peer.sin_port))) {
				s->c->rx_drop_filtered++;
				bad[nbad++] = d->addr;
				continue;
			}
			/* What the kernel would drop, spoofed sources. */
			if (__builtin_expect(rpf, 0) &&
			    !afudp_rt_source_ok(s->st->rt, it->info.saddr,
						rpf)) {
				s->c->rx_drop_rpf++;
				bad[nbad++] = d->addr;
				continue;
			}
			it->x = x;
			it->addr = d->addr;
			got++;
			s->txi = xi;	/* reply on the queue it came from */
		}
		xsk_ring_cons__release(&x->rx, nb);
		/* Also tops the fill ring up after zero-copy sends. */
		rx_release(s, x, bad, nbad);
	}
	s->rr = (s->rr + 1) % s->nx;
	return got;
}

/* Give back the frames of @items, one queue lock per run of a queue. */
static void rx_release_items(struct afudp_socket *s, const struct rx_item *items,
		       unsigned int n)
{
	uint64_t addrs[AFUDP_BATCH];
	unsigned int i = 0, m;

	while (i < n) {
		struct afudp_sxsk *x = items[i].x;

		for (m = 0; i < n && items[i].x == x && m < AFUDP_BATCH; i++)
			addrs[m++] = items[i].addr;
		rx_release(s, x, addrs, m);
	}
}

static void fill_src(const struct rx_item *it, struct sockaddr *src,
		     socklen_t *srclen)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = it->info.sport,
		.sin_addr.s_addr = it->info.saddr,
	};
	socklen_t n;

	if (!src || !srclen)
		return;
	n = *srclen < sizeof(sin) ? *srclen : sizeof(sin);
	memcpy(src, &sin, n);
	*srclen = sizeof(sin);
}

/* Copy one datagram into an iovec; returns bytes copied. */
static size_t scatter(const struct iovec *iov, size_t iovlen, const void *src,
		      size_t len)
{
	size_t i, done = 0, c;

	for (i = 0; i < iovlen && done < len; i++) {
		c = iov[i].iov_len < len - done ? iov[i].iov_len : len - done;
		memcpy(iov[i].iov_base, (const uint8_t *)src + done, c);
		done += c;
	}
	return done;
}

static size_t iov_total(const struct iovec *iov, size_t iovlen)
{
	size_t i, t = 0;

	for (i = 0; i < iovlen; i++)
		t += iov[i].iov_len;
	return t;
}

/*
 * Wait until the socket may have something. Returns 0 to try again,
 * -EAGAIN for a non-blocking call, -EINTR.
 */
static int rx_wait(struct afudp_socket *s, int flags, bool busy)
{
	struct epoll_event ev[4];
	int n;

	if ((flags & MSG_DONTWAIT) || s->nonblock)
		return -EAGAIN;
	if (busy)
		return 0;
	s->c->rx_wakeups++;
	n = epoll_wait(s->epfd, ev, 4, -1);
	if (n < 0 && errno == EINTR)
		return -EINTR;
	return 0;
}

/*
 * Should this pass of a receive loop look at the kernel socket? Always,
 * unless busy-polling: then a syscall on every spin would cost more than
 * the XSK rings do, so only every SLOW_EVERY passes (non-blocking calls
 * included: a busy-polling caller loops on them).
 */
static bool check_slow(struct afudp_socket *s, int flags, bool busy)
{
	(void)flags;
	if (!busy)
		return true;
	return (++s->slow_rr % SLOW_EVERY) == 0;
}

static bool busy_mode(const struct afudp_socket *s)
{
	return s->busy_poll && s->nx;
}

AFUDP_EXPORT ssize_t afudp_recvfrom(struct afudp_socket *s, void *buf,
				    size_t len, int flags,
				    struct sockaddr *src, socklen_t *srclen)
{
	bool busy;
	struct rx_item it;
	ssize_t r;
	size_t c;

	AFUDP_CHECK_OPEN(s);
	if (!s || (!buf && len) || (src && !srclen))
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC))
		return -EOPNOTSUPP;
	busy = busy_mode(s);
	for (;;) {
		if (rx_poll(s, &it, 1)) {
			c = it.info.payload_len < len ? it.info.payload_len :
							len;
			memcpy(buf, it.info.payload, c);
			fill_src(&it, src, srclen);
			s->c->rx_packets++;
			s->c->rx_bytes += it.info.payload_len;
			rx_release_items(s, &it, 1);
			return (flags & MSG_TRUNC) ? it.info.payload_len :
						     (ssize_t)c;
		}
		if (check_slow(s, flags, busy)) {
			r = recvfrom(s->kfd, buf, len,
				     MSG_DONTWAIT | (flags & MSG_TRUNC), src,
				     srclen);
			if (r >= 0) {
				s->c->rx_packets++;
				s->c->rx_slow++;
				s->c->rx_bytes += r;
				return r;
			}
			if (errno != EAGAIN)
				return -errno;
		}
		r = rx_wait(s, flags, busy);
		if (r)
			return r;
	}
}

AFUDP_EXPORT ssize_t afudp_recv(struct afudp_socket *s, void *buf,
				size_t len, int flags)
{
	return afudp_recvfrom(s, buf, len, flags, NULL, NULL);
}

AFUDP_EXPORT int afudp_recvmmsg(struct afudp_socket *s, struct mmsghdr *msgs,
				unsigned int vlen, int flags)
{
	struct rx_item items[AFUDP_BATCH];
	unsigned int i, n;
	bool busy;
	int r;

	AFUDP_CHECK_OPEN(s);
	if (!s || !msgs || !vlen)
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC))
		return -EOPNOTSUPP;
	busy = busy_mode(s);
	if (vlen > AFUDP_BATCH)
		vlen = AFUDP_BATCH;
	for (;;) {
		n = rx_poll(s, items, vlen);
		for (i = 0; i < n; i++) {
			struct msghdr *m = &msgs[i].msg_hdr;
			const struct rx_item *it = &items[i];
			size_t c;

			c = scatter(m->msg_iov, m->msg_iovlen,
				    it->info.payload, it->info.payload_len);
			m->msg_flags = c < it->info.payload_len ? MSG_TRUNC :
								  0;
			fill_src(it, m->msg_name, &m->msg_namelen);
			m->msg_controllen = 0;
			msgs[i].msg_len = (flags & MSG_TRUNC) ?
						  it->info.payload_len :
						  (unsigned int)c;
			s->c->rx_packets++;
			s->c->rx_bytes += it->info.payload_len;
		}
		rx_release_items(s, items, n);
		if (n == vlen)
			return n;
		if (n || check_slow(s, flags, busy)) {
			r = recvmmsg(s->kfd, msgs + n, vlen - n,
				     MSG_DONTWAIT | (flags & MSG_TRUNC), NULL);
			if (r > 0) {
				for (i = n; i < n + r; i++) {
					s->c->rx_bytes += msgs[i].msg_len;
					s->c->rx_slow++;
				}
				s->c->rx_packets += r;
				return n + r;
			}
			if (r < 0 && errno != EAGAIN && !n)
				return -errno;
		}
		if (n)
			return n;
		r = rx_wait(s, flags, busy);
		if (r)
			return r;
	}
}

/* ---- send ------------------------------------------------------------- */

static void kick(struct afudp_socket *s, struct afudp_sxsk *x)
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

/*
 * A blocked sender looks for completions nobody reaps (no event tells) at
 * these intervals, doubling; frames given back to the pool wake it at once.
 */
#define TX_WAIT_MIN_US 16
#define TX_WAIT_MAX_US 1000

/*
 * A free frame of x's queue for TX, from the socket's cache (refilled a
 * batch at a time). With none free, @block waits until one is: given back
 * by any socket of the queue, or completed by the kernel.
 */
static int tx_frame(struct afudp_socket *s, struct afudp_sxsk *x, bool block,
		    uint64_t *addr)
{
	unsigned int us = TX_WAIT_MIN_US;
	uint32_t seq;

	if (!afudp_queue_tx_acquire(x->q, &x->cache, addr))
		return 0;
	/* Frames come back as the kernel completes sends. */
	kick(s, x);
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
		kick(s, x);
	}
	afudp_queue_wait_end(x->q);
	return 0;
}

static void tx_release(struct afudp_sxsk *x, uint64_t addr)
{
	afudp_queue_tx_release(x->q, &x->cache, &addr, 1);
}

void afudp_tx_attach_cache(struct afudp_socket *s, struct afudp_sxsk *x)
{
	afudp_queue_attach(x->q, &x->cache);
	(void)s;
}

void afudp_tx_detach_caches(struct afudp_socket *s)
{
	unsigned int i;

	for (i = 0; i < s->nx; i++)
		afudp_queue_detach(s->x[i].q, &s->x[i].cache);
}

/* Queue one built frame on x's TX ring; the caller kicks. */
static int tx_push(struct afudp_socket *s, struct afudp_sxsk *x,
		   uint64_t addr, uint32_t len, bool block)
{
	struct pollfd pfd = { .fd = x->fd, .events = POLLOUT };
	struct xdp_desc *d;
	uint32_t idx;

	while (xsk_ring_prod__reserve(&x->tx, 1, &idx) != 1) {
		s->c->tx_ring_full++;
		kick(s, x);
		if (!block)
			return -EAGAIN;
		poll(&pfd, 1, 1);
	}
	AFUDP_TO_KERNEL(x->q, addr);
	d = xsk_ring_prod__tx_desc(&x->tx, idx);
	d->addr = addr;
	d->len = len;
	d->options = 0;
	xsk_ring_prod__submit(&x->tx, 1);
	return 0;
}

enum tx_way { TX_FAST, TX_SLOW_NEIGH, TX_SLOW_LOCAL, TX_SLOW_MTU,
	      TX_SLOW_OTHER };

/*
 * Where a datagram of @len bytes to @dst goes; for TX_FAST, @h gets its
 * headers. Never fails: whatever the fast path can't do, the kernel
 * socket does (and reports the kernel's errno, e.g. ENETUNREACH).
 */
static enum tx_way route(struct afudp_socket *s, const struct sockaddr_in *dst,
			 size_t len, struct afudp_udp4_hdr *h)
{
	struct afudp_rt_result res;
	enum afudp_rt_verdict v;

	if (!s->nx)
		return TX_SLOW_OTHER;
	v = afudp_rt_lookup(s->st->rt, dst->sin_addr.s_addr, &res);
	switch (v) {
	case AFUDP_RT_FAST:
		break;
	case AFUDP_RT_NO_NEIGH:
		return TX_SLOW_NEIGH;
	case AFUDP_RT_LOCAL:
		return TX_SLOW_LOCAL;
	default:
		return TX_SLOW_OTHER;
	}
	if (len + 28 > res.mtu || len + AFUDP_HDR_LEN > s->st->frame_size)
		return TX_SLOW_MTU;
	memcpy(h->smac, res.smac, 6);
	memcpy(h->dmac, res.dmac, 6);
	h->saddr = s->local.sin_addr.s_addr ? s->local.sin_addr.s_addr :
					      res.saddr;
	h->daddr = dst->sin_addr.s_addr;
	h->sport = s->local.sin_port;
	h->dport = dst->sin_port;
	h->ttl = 64;
	h->tos = 0;
	h->id = htons(s->ip_id++);
	return TX_FAST;
}

static void count_slow(struct afudp_socket *s, enum tx_way w)
{
	s->c->tx_slow++;
	if (w == TX_SLOW_NEIGH)
		s->c->tx_slow_no_neigh++;
	else if (w == TX_SLOW_LOCAL)
		s->c->tx_slow_local++;
	else if (w == TX_SLOW_MTU)
		s->c->tx_slow_mtu++;
	else
		s->c->tx_slow_other++;
}

/* Resolve the destination of a send: explicit, or the connected peer. */
static int tx_dst(struct afudp_socket *s, const struct sockaddr *dst,
		  socklen_t dstlen, struct sockaddr_in *out)
{
	static const struct sockaddr_in any = { .sin_family = AF_INET };
	int err;

	if (dst) {
		if (dstlen < (socklen_t)sizeof(struct sockaddr_in))
			return -EINVAL;
		if (dst->sa_family != AF_INET)
			return -EAFNOSUPPORT;
		memcpy(out, dst, sizeof(*out));
	} else if (s->connected) {
		*out = s->peer;
	} else {
		return -EDESTADDRREQ;
	}
	/* Sending from an unbound socket binds it, as the kernel does. */
	if (!s->bound) {
		err = afudp_bind_addr(s, &any);
		if (err)
			return err;
	}
	return 0;
}

static ssize_t slow_send(struct afudp_socket *s, const struct iovec *iov,
			 size_t iovlen, const struct sockaddr_in *dst,
			 enum tx_way w, bool block)
{
	struct msghdr m = {
		.msg_iov = (struct iovec *)iov,
		.msg_iovlen = iovlen,
		.msg_name = (void *)dst,
		.msg_namelen = sizeof(*dst),
	};
	struct pollfd pfd = { .fd = s->kfd, .events = POLLOUT };
	ssize_t r;

	/* Connected kernel sockets take no address for the peer: omit it. */
	if (s->connected && dst->sin_addr.s_addr == s->peer.sin_addr.s_addr &&
	    dst->sin_port == s->peer.sin_port) {
		m.msg_name = NULL;
		m.msg_namelen = 0;
	}
	while ((r = sendmsg(s->kfd, &m, MSG_DONTWAIT | MSG_NOSIGNAL)) < 0 &&
	       errno == EAGAIN && block)
		poll(&pfd, 1, -1);
	if (r < 0)
		return -errno;
	count_slow(s, w);
	s->c->tx_packets++;
	s->c->tx_bytes += r;
	return r;
}

/* Send one datagram gathered from @iov; @kick_now false defers the kick. */
static ssize_t send_iov(struct afudp_socket *s, const struct iovec *iov,
			size_t iovlen, const struct sockaddr_in *dst,
			int flags, bool kick_now, bool *pending)
{
	unsigned int csum_flags = (s->st->flags & AFUDP_F_NO_TX_UDP_CSUM) ?
					  AFUDP_BUILD_NO_UDP_CSUM : 0;
	bool block = !(flags & MSG_DONTWAIT);
	size_t len = iov_total(iov, iovlen), i, off;
	struct afudp_udp4_hdr h;
	struct afudp_sxsk *x;
	enum tx_way w;
	uint64_t addr;
	uint8_t *p;
	int err;

	if (len > MAX_UDP_PAYLOAD)
		return -EMSGSIZE;
	w = route(s, dst, len, &h);
	if (w != TX_FAST)
		return slow_send(s, iov, iovlen, dst, w, block);

	x = &s->x[s->txi];
	err = tx_frame(s, x, block, &addr);
	if (err) {
		s->c->tx_ring_full++;
		return err;
	}
	p = afudp_queue_data(x->q, addr);
	for (i = 0, off = AFUDP_HDR_LEN; i < iovlen; i++) {
		memcpy(p + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	afudp_udp4_build(p, &h, len, csum_flags);
	err = tx_push(s, x, addr, AFUDP_HDR_LEN + len, block);
	if (err) {
		tx_release(x, addr);
		return err;
	}
	s->c->tx_packets++;
	s->c->tx_bytes += len;
	if (kick_now && !(flags & AFUDP_MSG_BATCH))
		kick(s, x);
	else if (pending)
		*pending = true;
	else
		x->tx_pending = true;
	return len;
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
	err = tx_dst(s, dst, dstlen, &to);
	if (err)
		return err;
	return send_iov(s, &iov, 1, &to, flags, true, NULL);
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
			kick(s, &s->x[i]);
	return 0;
}

AFUDP_EXPORT int afudp_sendmmsg(struct afudp_socket *s, struct mmsghdr *msgs,
				unsigned int vlen, int flags)
{
	bool pending = false;
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

		r = tx_dst(s, m->msg_name, m->msg_namelen, &to);
		if (!r)
			r = send_iov(s, m->msg_iov, m->msg_iovlen, &to, flags,
				     false, &pending);
		if (r < 0)
			break;
		msgs[i].msg_len = r;
		/* After the first, never wait: report what went (sendmmsg). */
		flags |= MSG_DONTWAIT;
	}
	if (pending)
		kick(s, &s->x[s->txi]);
	return i ? (int)i : (int)r;
}

/* ---- zero-copy -------------------------------------------------------- */

static int heap_alloc(struct afudp_socket *s, struct afudp_zc_buf *b)
{
	size_t cap = s->st->frame_size - AFUDP_HDR_LEN;
	unsigned int i;

	for (i = 0; i < 64 && (s->heap_lent & (1ull << i)); i++)
		;
	if (i == 64)
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

		err = afudp_bind_addr(s, &any);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		if (!s->nx) {
			err = heap_alloc(s, &bufs[i]);
		} else {
			x = &s->x[s->txi];
			err = tx_frame(s, x,
				       !i && !(flags & MSG_DONTWAIT) &&
					       !s->nonblock,
				       &addr);
			if (!err) {
				bufs[i].data = (uint8_t *)afudp_queue_data(
						       x->q, addr) +
					       AFUDP_HDR_LEN;
				bufs[i].cap = s->st->frame_size -
					      AFUDP_HDR_LEN;
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
		s->heap_lent |= 1ull << (handle & 0x3f);
	else
		s->heap_lent &= ~(1ull << (handle & 0x3f));
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
		unsigned int i = handle & 0x3f;

		if ((handle & ~H_HEAP) > 63 || !(s->heap_lent & (1ull << i)))
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

static void zc_tx_release(struct afudp_socket *s, struct afudp_sxsk *x,
		   uint64_t handle)
{
	s->zc_tx_held--;
	zc_mark(s, handle, false);
	if (x)
		tx_release(x, handle & H_ADDR_MASK);
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

AFUDP_EXPORT ssize_t afudp_zc_send(struct afudp_socket *s,
				   const struct afudp_zc_buf *buf, size_t len,
				   int flags, const struct sockaddr *dst,
				   socklen_t dstlen)
{
	unsigned int csum_flags = (s && s->st->flags & AFUDP_F_NO_TX_UDP_CSUM) ?
					  AFUDP_BUILD_NO_UDP_CSUM : 0;
	struct iovec iov;
	struct afudp_udp4_hdr h;
	struct afudp_sxsk *x;
	struct sockaddr_in to;
	enum tx_way w;
	uint64_t addr;
	ssize_t r;

	AFUDP_CHECK_OPEN(s);
	if (!s || !buf || zc_check(s, buf->handle, &x))
		return -EINVAL;
	/* A valid buffer is consumed whatever else is wrong (afudp.h). */
	if (len > buf->cap) {
		r = -EINVAL;
		goto out_put;
	}
	if (flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | AFUDP_MSG_BATCH)) {
		r = -EOPNOTSUPP;
		goto out_put;
	}
	if (s->nonblock)
		flags |= MSG_DONTWAIT;
	r = tx_dst(s, dst, dstlen, &to);
	if (r)
		goto out_put;
	w = x ? route(s, &to, len, &h) : TX_SLOW_OTHER;
	if (w != TX_FAST) {
		iov.iov_base = buf->data;
		iov.iov_len = len;
		r = slow_send(s, &iov, 1, &to, w, !(flags & MSG_DONTWAIT));
		goto out_put;
	}
	/* The headers go right before the payload, where the handle says. */
	addr = buf->handle & H_ADDR_MASK;
	zc_mark(s, buf->handle, false);	/* the kernel's now, or put back */
	afudp_udp4_build(afudp_queue_data(x->q, addr), &h, len, csum_flags);
	r = tx_push(s, x, addr, AFUDP_HDR_LEN + len, !(flags & MSG_DONTWAIT));
	if (r)
		goto out_put;
	s->zc_tx_held--;
	s->c->tx_packets++;
	s->c->tx_bytes += len;
	if (flags & AFUDP_MSG_BATCH)
		x->tx_pending = true;
	else
		kick(s, x);
	return len;
out_put:
	zc_tx_release(s, x, buf->handle);
	return r;
}

AFUDP_EXPORT int afudp_zc_recv(struct afudp_socket *s,
			       struct afudp_zc_msg *msgs, unsigned int n,
			       int flags)
{
	struct rx_item items[AFUDP_BATCH];
	socklen_t sl = sizeof(struct sockaddr_in);
	unsigned int i, got;
	bool busy;
	ssize_t r;

	AFUDP_CHECK_OPEN(s);
	if (!s || !msgs || !n)
		return -EINVAL;
	if (flags & ~MSG_DONTWAIT)
		return -EOPNOTSUPP;
	busy = busy_mode(s);
	for (;;) {
		if (s->zc_held + n > s->st->ring_size) {
			if (s->zc_held >= s->st->ring_size)
				return -ENOBUFS;
			n = s->st->ring_size - s->zc_held;
		}
		got = rx_poll(s, items, n < AFUDP_BATCH ? n : AFUDP_BATCH);
		for (i = 0; i < got; i++) {
			const struct rx_item *it = &items[i];

			msgs[i].data = it->info.payload;
			msgs[i].len = it->info.payload_len;
			msgs[i].src = (struct sockaddr_in){
				.sin_family = AF_INET,
				.sin_port = it->info.sport,
				.sin_addr.s_addr = it->info.saddr,
			};
			msgs[i].handle =
				h_make((unsigned int)(it->x - s->x), it->addr);
			*afudp_queue_lent(it->x->q, it->addr) = AFUDP_LENT_RX;
			s->c->rx_packets++;
			s->c->rx_bytes += it->info.payload_len;
		}
		s->zc_held += got;
		if (got)
			return got;
		/* The kernel socket's datagrams come in a heap buffer. */
		if (!s->slow_lent && check_slow(s, flags, busy)) {
			if (!s->slow_buf) {
				s->slow_buf = malloc(SLOW_BUF_SIZE);
				if (!s->slow_buf)
					return -ENOMEM;
			}
			r = recvfrom(s->kfd, s->slow_buf, SLOW_BUF_SIZE,
				     MSG_DONTWAIT, (struct sockaddr *)&msgs[0].src,
				     &sl);
			if (r >= 0) {
				msgs[0].data = s->slow_buf;
				msgs[0].len = r;
				msgs[0].handle = H_HEAP | H_SLOW_RX;
				s->slow_lent = true;
				s->zc_held++;
				s->c->rx_packets++;
				s->c->rx_slow++;
				s->c->rx_bytes += r;
				return 1;
			}
			if (errno != EAGAIN)
				return -errno;
		}
		r = rx_wait(s, flags, busy);
		if (r)
			return r;
	}
}

/*
 * Check a received-message handle: one this socket lent and has not taken
 * back. *x NULL means the slow buffer.
 */
static int zc_rx_check(struct afudp_socket *s, uint64_t handle,
		       struct afudp_sxsk **x)
{
	unsigned int xi;

	*x = NULL;
	if (handle == (H_HEAP | H_SLOW_RX))
		return s->slow_lent ? 0 : -EINVAL;
	xi = handle >> H_XSK_SHIFT;
	if ((handle & H_HEAP) || xi >= s->nx ||
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
	if (handle == (H_HEAP | H_SLOW_RX))
		s->slow_lent = lent;
	else
		*afudp_queue_lent(s->x[handle >> H_XSK_SHIFT].q,
				  handle & H_ADDR_MASK) =
			lent ? AFUDP_LENT_RX : AFUDP_LENT_NO;
}

AFUDP_EXPORT int afudp_zc_release(struct afudp_socket *s,
				  const struct afudp_zc_msg *msgs,
				  unsigned int n)
{
	struct afudp_sxsk *x;
	unsigned int i;
	uint64_t a;

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
	for (i = 0; i < n; i++) {
		s->zc_held--;
		if (msgs[i].handle == (H_HEAP | H_SLOW_RX))
			continue;
		x = &s->x[msgs[i].handle >> H_XSK_SHIFT];
		a = msgs[i].handle & H_ADDR_MASK;
		rx_release(s, x, &a, 1);
	}
	return 0;
}

AFUDP_EXPORT int afudp_zc_from_rx(struct afudp_socket *s,
				  const struct afudp_zc_msg *msg,
				  struct afudp_zc_buf *buf)
{
	struct afudp_sxsk *x;
	uint64_t frame, hdr;
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
	hdr = (uint64_t)((const uint8_t *)msg->data - (uint8_t *)x->q->area) -
	      AFUDP_HDR_LEN;
	frame = afudp_pool_base(&x->q->pool, msg->handle & H_ADDR_MASK);
	buf->data = (void *)msg->data;
	buf->cap = frame + x->q->frame_size - (hdr + AFUDP_HDR_LEN);
	buf->handle = h_make((unsigned int)(x - s->x), hdr);
	*afudp_queue_lent(x->q, hdr) = AFUDP_LENT_TX;
	s->zc_held--;
	s->zc_tx_held++;
	return 0;
}
