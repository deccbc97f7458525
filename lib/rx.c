// SPDX-License-Identifier: BSD-2-Clause
/*
 * Receive: the socket's XSK rings first, then its kernel socket, then wait
 * for either (afudp_rx_step() in dp.h, the one loop every receive call
 * runs, is made of the pieces here); the copying receive calls on top.
 *
 * A datagram is parsed where the kernel put it in the UMEM (frames never
 * move: docs/ARCHITECTURE.md, "Decisions"); frames that fail the parse or
 * the socket's filters are counted and go straight back to the fill ring.
 * The kernel socket carries what the XDP program passed to the kernel
 * (fragments, IP options, traffic from this host...).
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "dp.h"
#include "iov.h"

static void count_parse_error(struct afudp_socket *s, enum afudp_parse_err e)
{
	if (e == AFUDP_PARSE_IP_CSUM || e == AFUDP_PARSE_UDP_CSUM)
		s->c->rx_drop_csum++;
	else
		s->c->rx_drop_malformed++;
}

void afudp_rx_release(struct afudp_socket *s, struct afudp_sxsk *x,
		      const uint64_t *addrs, uint32_t n)
{
	/* The kernel may wait for a wake-up before it uses the fill ring. */
	if (afudp_queue_rx_release(x->q, addrs, n))
		recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	(void)s;
}

void afudp_rx_release_items(struct afudp_socket *s,
			    const struct afudp_rx_item *items, unsigned int n)
{
	uint64_t addrs[AFUDP_BATCH];
	unsigned int i = 0, m;

	while (i < n) {
		struct afudp_sxsk *x = items[i].x;

		for (m = 0; i < n && items[i].x == x && m < AFUDP_BATCH; i++)
			addrs[m++] = items[i].addr;
		afudp_rx_release(s, x, addrs, m);
	}
}

unsigned int afudp_rx_take(struct afudp_socket *s, struct afudp_rx_item *out,
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

	/* Not a visit: the queue visited first rotates once per visit. */
	if (!s->nx || !n)
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
			struct afudp_rx_item *it = &out[got];
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
		afudp_rx_release(s, x, bad, nbad);
	}
	s->rr = (s->rr + 1) % s->nx;
	return got;
}

static void fill_src(const struct afudp_rx_item *it, struct sockaddr *src,
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

int afudp_rx_wait(struct afudp_socket *s, int flags, bool busy)
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

/* ---- afudp_recvfrom ------------------------------------------------------ */

struct recvfrom_arg {
	void *buf;
	size_t len;
	int flags;
	struct sockaddr *src;
	socklen_t *srclen;
	ssize_t r;
};

static int recvfrom_kern(struct afudp_socket *s, void *arg, unsigned int got)
{
	struct recvfrom_arg *a = arg;

	(void)got;
	a->r = recvfrom(s->kfd, a->buf, a->len,
			MSG_DONTWAIT | (a->flags & MSG_TRUNC), a->src,
			a->srclen);
	if (a->r < 0)
		return errno == EAGAIN ? 0 : -errno;
	s->c->rx_packets++;
	s->c->rx_slow++;
	s->c->rx_bytes += a->r;
	return 1;
}

AFUDP_EXPORT ssize_t afudp_recvfrom(struct afudp_socket *s, void *buf,
				    size_t len, int flags,
				    struct sockaddr *src, socklen_t *srclen)
{
	struct recvfrom_arg a = { buf, len, flags, src, srclen, 0 };
	struct afudp_rx_item it;
	unsigned int got;
	size_t c;
	int r;

	AFUDP_CHECK_OPEN(s);
	if (!s || (!buf && len) || (src && !srclen))
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC))
		return -EOPNOTSUPP;
	r = afudp_rx_step(s, flags, &it, 1, recvfrom_kern, &a, &got);
	if (r < 0)
		return r;
	if (!got)
		return a.r;
	c = it.info.payload_len < len ? it.info.payload_len : len;
	memcpy(buf, it.info.payload, c);
	fill_src(&it, src, srclen);
	s->c->rx_packets++;
	s->c->rx_bytes += it.info.payload_len;
	afudp_rx_release_items(s, &it, 1);
	return (flags & MSG_TRUNC) ? it.info.payload_len : (ssize_t)c;
}

AFUDP_EXPORT ssize_t afudp_recv(struct afudp_socket *s, void *buf,
				size_t len, int flags)
{
	return afudp_recvfrom(s, buf, len, flags, NULL, NULL);
}

/* ---- afudp_recvmmsg ------------------------------------------------------ */

struct recvmmsg_arg {
	struct mmsghdr *msgs;
	unsigned int vlen;
	int flags;
};

static int recvmmsg_kern(struct afudp_socket *s, void *arg, unsigned int got)
{
	struct recvmmsg_arg *a = arg;
	int r, i;

	r = recvmmsg(s->kfd, a->msgs + got, a->vlen - got,
		     MSG_DONTWAIT | (a->flags & MSG_TRUNC), NULL);
	if (r < 0)
		return errno == EAGAIN ? 0 : -errno;
	for (i = 0; i < r; i++)
		s->c->rx_bytes += a->msgs[got + i].msg_len;
	s->c->rx_slow += r;
	s->c->rx_packets += r;
	return r;
}

AFUDP_EXPORT int afudp_recvmmsg(struct afudp_socket *s, struct mmsghdr *msgs,
				unsigned int vlen, int flags)
{
	struct afudp_rx_item items[AFUDP_BATCH];
	struct recvmmsg_arg a = { msgs, vlen, flags };
	unsigned int i, got;
	int r;

	AFUDP_CHECK_OPEN(s);
	if (!s || !msgs || !vlen)
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC))
		return -EOPNOTSUPP;
	if (vlen > AFUDP_BATCH)
		a.vlen = vlen = AFUDP_BATCH;
	r = afudp_rx_step(s, flags, items, vlen, recvmmsg_kern, &a, &got);
	if (r < 0)
		return r;
	for (i = 0; i < got; i++) {
		struct msghdr *m = &msgs[i].msg_hdr;
		const struct afudp_rx_item *it = &items[i];
		size_t c;

		c = afudp_iov_scatter(m->msg_iov, m->msg_iovlen, it->info.payload,
			    it->info.payload_len);
		m->msg_flags = c < it->info.payload_len ? MSG_TRUNC : 0;
		fill_src(it, m->msg_name, &m->msg_namelen);
		/* Asked for only by sockets with control messages. */
		if (__builtin_expect(s->cmsg != 0, 0))
			afudp_rx_cmsg(s, &it->info, m);
		else
			m->msg_controllen = 0;
		msgs[i].msg_len = (flags & MSG_TRUNC) ? it->info.payload_len :
							(unsigned int)c;
		s->c->rx_packets++;
		s->c->rx_bytes += it->info.payload_len;
	}
	afudp_rx_release_items(s, items, got);
	return r;
}

AFUDP_EXPORT ssize_t afudp_recvmsg(struct afudp_socket *s, struct msghdr *m,
				   int flags)
{
	struct mmsghdr mm;
	int r;

	AFUDP_CHECK_OPEN(s);
	if (!s || !m)
		return -EINVAL;
	mm.msg_hdr = *m;
	r = afudp_recvmmsg(s, &mm, 1, flags);
	if (r < 0)
		return r;
	*m = mm.msg_hdr;
	return mm.msg_len;
}
