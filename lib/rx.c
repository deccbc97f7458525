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
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_ether.h>

#include "dp.h"
#include "proto/vlan.h"
#include "iov.h"
#include "proto/csum.h"
#include "rxts.h"

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
	unsigned int i = 0, m, f;

	while (i < n) {
		struct afudp_sxsk *x = items[i].x;

		/* A chain's frames all go with it, never split by a batch. */
		for (m = 0; i < n && items[i].x == x &&
			    m + 1u + items[i].nfrag <= AFUDP_BATCH;
		     i++) {
			addrs[m++] = items[i].addr;
			for (f = 0; f < items[i].nfrag; f++)
				addrs[m++] = items[i].frag[f];
		}
		afudp_rx_release(s, x, addrs, m);
	}
}

size_t afudp_rx_scatter(const struct afudp_rx_item *it,
			const struct iovec *iov, size_t iovlen, size_t off)
{
	size_t c, done;
	unsigned int f;

	if (__builtin_expect(!it->nfrag, 1))
		return afudp_iov_scatter_at(iov, iovlen, off, it->info.payload,
					    it->info.payload_len);
	done = afudp_iov_scatter_at(iov, iovlen, off, it->info.payload,
				    it->head_len);
	if (done < it->head_len)
		return done;
	for (f = 0; f < it->nfrag; f++) {
		c = afudp_iov_scatter_at(iov, iovlen, off + done,
					 afudp_queue_data(it->x->q,
							  it->frag[f]),
					 it->frag_len[f]);
		done += c;
		if (c < it->frag_len[f])
			break;
	}
	return done;
}

/* The stack's option flags as the parser's flags. */
static inline unsigned int rx_parse_flags(const struct afudp_socket *s)
{
	return (s->st->flags & AFUDP_F_NO_RX_UDP_CSUM) ?
		       AFUDP_PARSE_NO_UDP_CSUM : 0;
}

/*
 * Parse a frame taken off an XSK. A stack on a VLAN gets its VLAN's frames
 * only (the XDP program matched the tag): tagged, or untagged where the
 * device took the tag out and the program read it from the driver. One
 * tagged otherwise would be another VLAN's, refused as not_ipv4 (the
 * ethertype the untagged parser would have read).
 */
static inline enum afudp_parse_err rx_parse(const struct afudp_socket *s,
					    const void *frame, uint32_t len,
					    unsigned int parse_flags,
					    struct afudp_udp4_info *info)
{
	struct afudp_l2_info l2;
	enum afudp_parse_err e;

	if (__builtin_expect(!s->st->vid, 1))
		return afudp_udp4_parse(frame, len, parse_flags, info);
	e = afudp_udp4_parse_vlan(frame, len, parse_flags, info, &l2);
	if (!e && l2.tagged && (l2.tci & AFUDP_VLAN_VID_MASK) != s->st->vid)
		e = AFUDP_PARSE_NOT_IPV4;
	return e;
}

/*
 * Parse the frame at @addr of XSK @x and check it against the socket's
 * filters into *@it: true if it is the socket's, else counted (the
 * caller releases it).
 */
static inline bool rx_filter(struct afudp_socket *s, struct afudp_sxsk *x,
			     uint64_t addr, int rpf, struct afudp_rx_item *it);

static AFUDP_HOT_INLINE bool rx_accept(struct afudp_socket *s,
					struct afudp_sxsk *x, uint64_t addr,
					uint32_t len, unsigned int parse_flags,
					int rpf, struct afudp_rx_item *it)
{
	const uint8_t *f = afudp_queue_data(x->q, addr);
	enum afudp_parse_err e;

	/*
	 * An untagged IPv6 frame of an IPv6 socket goes straight to its
	 * parser: the IPv4 one would only refuse it (an IPv4 socket pays
	 * one test).
	 */
	if (s->v6 && !s->st->vid && len >= ETH_HLEN &&
	    f[12] == (ETH_P_IPV6 >> 8) && f[13] == (ETH_P_IPV6 & 0xff))
		return afudp_rx_accept6(s, x, addr, len, parse_flags, it);
	e = rx_parse(s, f, len, parse_flags, &it->info);
	if (e) {
		/* IPv6: only an AF_INET6 socket's (ip6.c). */
		if (e == AFUDP_PARSE_NOT_IPV4 && s->v6)
			return afudp_rx_accept6(s, x, addr, len, parse_flags,
						it);
		count_parse_error(s, e);
		return false;
	}
	it->nfrag = 0;
	it->v6 = 0;
	return rx_filter(s, x, addr, rpf, it);
}

/*
 * rx_accept() for a chain of @cnt descriptors from ring index @idx of
 * @x (XDP_PKT_CONTD on all but the last): the headers in the first frame,
 * the lengths and the UDP checksum over them all. Any frame past the
 * payload's end (Ethernet padding) is kept in the item for release.
 */
static bool rx_accept_chain(struct afudp_socket *s, struct afudp_sxsk *x,
			    uint32_t idx, uint32_t cnt,
			    unsigned int parse_flags, int rpf,
			    struct afudp_rx_item *it)
{
	const struct xdp_desc *d0 = xsk_ring_cons__rx_desc(&x->rx, idx);
	const uint8_t *p = afudp_queue_data(x->q, d0->addr);
	size_t total = 0, head, left, off;
	enum afudp_parse_err e;
	uint32_t i, sum = 0;
	bool none = true;

	if (cnt > AFUDP_MAX_FRAGS) {
		s->c->rx_drop_malformed++;
		return false;
	}
	for (i = 0; i < cnt; i++)
		total += xsk_ring_cons__rx_desc(&x->rx, idx + i)->len;
	e = afudp_udp4_parse_head(p, d0->len, total, parse_flags, &it->info);
	if (e) {
		count_parse_error(s, e);
		return false;
	}
	head = d0->len - (size_t)(it->info.payload - p);
	if (head > it->info.payload_len)
		head = it->info.payload_len;
	it->head_len = (uint16_t)head;
	left = it->info.payload_len - head;
	if (!(parse_flags & AFUDP_PARSE_NO_UDP_CSUM))
		sum = afudp_udp4_csum_start(&it->info, &none);
	if (!none)
		sum = afudp_csum_raw_at(it->info.payload, head, sum, 0);
	off = head;
	it->nfrag = (uint16_t)(cnt - 1);
	it->v6 = 0;
	for (i = 1; i < cnt; i++) {
		const struct xdp_desc *d =
			xsk_ring_cons__rx_desc(&x->rx, idx + i);
		size_t l = d->len < left ? d->len : left;

		it->frag[i - 1] = d->addr;
		it->frag_len[i - 1] = (uint16_t)l;
		if (!none && l)
			sum = afudp_csum_raw_at(afudp_queue_data(x->q, d->addr),
						l, sum, off);
		off += l;
		left -= l;
	}
	if (!none && afudp_csum_fold(sum) != 0xffff) {
		s->c->rx_drop_csum++;
		return false;
	}
	return rx_filter(s, x, d0->addr, rpf, it);
}

/* The socket's filters on a parsed datagram; sets @it's frame. */
static inline bool rx_filter(struct afudp_socket *s, struct afudp_sxsk *x,
			     uint64_t addr, int rpf, struct afudp_rx_item *it)
{
	if (it->info.dport != s->local.sin_port ||
	    (s->connected && (it->info.saddr != s->peer.sin_addr.s_addr ||
			      it->info.sport != s->peer.sin_port))) {
		s->c->rx_drop_filtered++;
		return false;
	}
	/* What the kernel would drop, spoofed sources. */
	if (__builtin_expect(rpf, 0) &&
	    !afudp_rt_source_ok(s->st->rt, it->info.saddr, rpf)) {
		s->c->rx_drop_rpf++;
		return false;
	}
	it->x = x;
	it->addr = addr;
	return true;
}

/* Stamp @n items just taken off their rings at @now (rxts.h). */
static void rx_stamp(const struct afudp_socket *s,
				    struct afudp_rx_item *it, unsigned int n,
				    uint64_t now)
{
	bool hw = s->st->rx_ts_hw > 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		it[i].ts = now;
		it[i].ts_hw = hw ? afudp_rxts_hw(it[i].x->q, it[i].addr) : 0;
	}
}

/* Multicast copies (mcast.c), taken as if off the socket's RX rings. */
static unsigned int rx_take_mc(struct afudp_socket *s,
			       struct afudp_rx_item *out, unsigned int n,
			       unsigned int parse_flags, int rpf)
{
	struct afudp_mc_copy c[AFUDP_BATCH];
	unsigned int i, got = 0, m, nbad;

	/* Past dropped copies too, as afudp_rx_take() goes past frames. */
	do {
		m = afudp_mc_pop(s, c, n - got < AFUDP_BATCH ? n - got :
							       AFUDP_BATCH);
		nbad = 0;
		for (i = 0; i < m; i++) {
			struct afudp_sxsk *x = &s->x[c[i].xi];

			if (rx_accept(s, x, c[i].addr, c[i].len, parse_flags,
				      rpf, &out[got])) {
				/* Stamped when its group's ring was read. */
				out[got].ts = c[i].ts;
				out[got].ts_hw = c[i].ts_hw;
				got++;
			} else {
				afudp_rx_release(s, x, &c[i].addr, 1);
				nbad++;
			}
		}
	} while (nbad && got < n);
	return got;
}

/*
 * The datagram at index @k of the @nb descriptors peeked (of @want asked
 * for) from ring index @idx of @x: one frame, or a chain (XDP_PKT_CONTD)
 * ending at *@e. 1: accepted into @it; 0: bad, counted, its descriptors
 * @k..*@e to release; -1: a chain whose end was not peeked, behind other
 * datagrams: it stays whole on the ring for the next peek.
 */
static inline int rx_take_one(struct afudp_socket *s, struct afudp_sxsk *x,
			      uint32_t idx, unsigned int k, unsigned int nb,
			      unsigned int want, unsigned int parse_flags,
			      int rpf, struct afudp_rx_item *it,
			      unsigned int *e)
{
	const struct xdp_desc *d = xsk_ring_cons__rx_desc(&x->rx, idx + k);
	unsigned int j;

	*e = k;
	if (__builtin_expect(!(d->options & XDP_PKT_CONTD), 1)) {
		AFUDP_FROM_KERNEL(x->q, d->addr);
		return rx_accept(s, x, d->addr, d->len, parse_flags, rpf, it);
	}
	for (j = k; j < nb; j++) {
		d = xsk_ring_cons__rx_desc(&x->rx, idx + j);
		AFUDP_FROM_KERNEL(x->q, d->addr);
		if (!(d->options & XDP_PKT_CONTD))
			break;
	}
	if (j == nb && k && nb == want)
		return -1;
	/*
	 * The ring ends inside the chain: the kernel publishes a chain at
	 * once, so this one is truncated (or longer than a peek).
	 */
	if (j == nb) {
		*e = nb - 1;
		s->c->rx_drop_malformed++;
		return 0;
	}
	*e = j;
	return rx_accept_chain(s, x, idx + k, j - k + 1, parse_flags, rpf,
			       it);
}

unsigned int afudp_rx_take(struct afudp_socket *s, struct afudp_rx_item *out,
			   unsigned int n)
{
	unsigned int parse_flags = rx_parse_flags(s);
	unsigned int i, got = 0, k, e, j, nb, want, from_rings;
	uint64_t bad[AFUDP_BATCH];
	struct afudp_sxsk *x;
	uint32_t idx, nbad;
	int rpf, r;

	/* Not a visit: the queue visited first rotates once per visit. */
	if (!s->nx || !n)
		return 0;
	rpf = afudp_rt_rp_filter(s->st->rt);
	if (__builtin_expect(s->mc_q != NULL, 0))
		got = rx_take_mc(s, out, n, parse_flags, rpf);
	from_rings = got;
	for (i = 0; i < s->nx && got < n; i++) {
		unsigned int xi = (s->rr + i) % s->nx;

		x = &s->x[xi];
		/*
		 * Frames dropped here (another peer than the connected one,
		 * bad checksums...) never reach the kernel's queue: a ring
		 * that had them gives the ones behind them in the same call
		 * (a one-datagram receive got EAGAIN with datagrams waiting).
		 */
		do {
			/*
			 * Without chains, what is asked for; with them, a
			 * whole batch, so that a chain fits in one peek
			 * (what is not taken goes back: cancel).
			 */
			want = x->q->sg ? AFUDP_BATCH :
			       n - got < AFUDP_BATCH ? n - got : AFUDP_BATCH;
			nb = xsk_ring_cons__peek(&x->rx, want, &idx);
			if (!nb)
				break;
			nbad = 0;
			for (k = 0; k < nb && got < n; k = e + 1) {
				r = rx_take_one(s, x, idx, k, nb, want,
						parse_flags, rpf, &out[got],
						&e);
				if (r < 0)
					break;
				if (!r) {
					for (j = k; j <= e; j++)
						bad[nbad++] =
							xsk_ring_cons__rx_desc(
								&x->rx, idx + j)
								->addr;
					continue;
				}
				got++;
				s->txi = xi; /* reply on the queue it came from */
			}
			/* k: the descriptors taken; the rest stay. */
			xsk_ring_cons__cancel(&x->rx, nb - k);
			xsk_ring_cons__release(&x->rx, k);
			afudp_queue_rx_taken(x->q, k);
			/* Also tops the fill ring up after zero-copy sends. */
			afudp_rx_release(s, x, bad, nbad);
		} while (nbad && got < n);
	}
	s->rr = (s->rr + 1) % s->nx;
	/* One clock reading for the batch, once the rings are read. */
	if (__builtin_expect(s->ts_on, 0) && got > from_rings)
		rx_stamp(s, out + from_rings, got - from_rings,
				 afudp_rxts_now());
	if (got && afudp_cap_on(s))
		afudp_cap_rx(s, out, got);
	return got;
}

static void fill_src(const struct afudp_socket *s,
		     const struct afudp_rx_item *it, struct sockaddr *src,
		     socklen_t *srclen)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = it->info.sport,
		.sin_addr.s_addr = it->info.saddr,
	};
	socklen_t n;

	if (__builtin_expect(s->family == AF_INET6, 0)) {
		afudp_rx_src6(s, it, src, srclen);
		return;
	}
	if (!src || !srclen)
		return;
	n = *srclen < sizeof(sin) ? *srclen : sizeof(sin);
	memcpy(src, &sin, n);
	*srclen = sizeof(sin);
}

/*
 * Busy-polling with empty rings. With SO_PREFER_BUSY_POLL the device's
 * NAPI runs in these calls (and, with napi_defer_hard_irqs, nowhere else
 * until gro_flush_timeout): spinning on the rings alone would leave the
 * device unserved. Without the options nothing is gained by the syscall.
 */
static void afudp_rx_busy_kick(struct afudp_socket *s)
{
	unsigned int i;

	if (s->st->bp_cap != AFUDP_CAP_YES)
		return;
	for (i = 0; i < s->nx; i++)
		recvfrom(s->x[i].fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
}

int afudp_rx_wait(struct afudp_socket *s, int flags, bool busy)
{
	struct epoll_event ev[4];
	int n;

	if ((flags & MSG_DONTWAIT) || s->nonblock)
		return -EAGAIN;
	if (busy) {
		afudp_rx_busy_kick(s);
		return 0;
	}
	s->c->rx_wakeups++;
	n = epoll_wait(s->epfd, ev, 4, -1);
	if (n < 0 && errno == EINTR)
		return -EINTR;
	return 0;
}

/* ---- afudp_recvfrom ------------------------------------------------------ */

static int recv_gro(struct afudp_socket *s, struct mmsghdr *msgs,
		    unsigned int vlen, int flags, struct afudp_rx_ts *ts);

/* afudp_recvfrom_ts()'s answer for a datagram of the rings. */
static void rx_ts_fill(struct afudp_rx_ts *ts, const struct afudp_rx_item *it)
{
	ts->sw = afudp_rxts_spec(it->ts);
	ts->hw = afudp_rxts_spec(it->ts_hw);
	ts->source = it->ts_hw ? AFUDP_TS_HARDWARE : AFUDP_TS_SOFTWARE;
}

/*
 * ... and for one just read from the kernel socket: the kernel's arrival
 * time (its first use turns the kernel socket's timestamps on, and
 * stamps that datagram now), else the time of the call.
 */
static void rx_ts_kern(struct afudp_socket *s, struct afudp_rx_ts *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->source = AFUDP_TS_SOFTWARE;
	if (ioctl(s->kfd, SIOCGSTAMPNS, &ts->sw))
		ts->sw = afudp_rxts_spec(afudp_rxts_now());
}

/* afudp_recvfrom() on a socket with UDP_GRO: a train, as recv(2) gives. */
static ssize_t recvfrom_gro(struct afudp_socket *s, void *buf, size_t len,
			    int flags, struct sockaddr *src, socklen_t *srclen,
			    struct afudp_rx_ts *ts)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct mmsghdr mm = { .msg_hdr = {
				      .msg_name = src,
				      .msg_namelen = src ? *srclen : 0,
				      .msg_iov = &iov,
				      .msg_iovlen = 1,
			      } };
	int r;

	r = recv_gro(s, &mm, 1, flags, ts);
	if (r < 0)
		return r;
	if (src)
		*srclen = mm.msg_hdr.msg_namelen;
	return mm.msg_len;
}

struct recvfrom_arg {
	void *buf;
	size_t len;
	int flags;
	struct sockaddr *src;
	socklen_t *srclen;
	struct afudp_rx_ts *ts;
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
	if (__builtin_expect(a->ts != NULL, 0))
		rx_ts_kern(s, a->ts);
	s->c->rx_packets++;
	s->c->rx_slow++;
	s->c->rx_bytes += a->r;
	return 1;
}

static ssize_t recvfrom_impl(struct afudp_socket *s, void *buf, size_t len,
			     int flags, struct sockaddr *src,
			     socklen_t *srclen, struct afudp_rx_ts *ts)
{
	struct recvfrom_arg a = { buf, len, flags, src, srclen, ts, 0 };
	struct afudp_rx_item it;
	unsigned int got;
	size_t c;
	int r;

	AFUDP_CHECK_OPEN(s);
	if (!s || (!buf && len) || (src && !srclen))
		return -EINVAL;
	if (flags & ~(MSG_DONTWAIT | MSG_TRUNC))
		return -EOPNOTSUPP;
	if (__builtin_expect(s->gro, 0))
		return recvfrom_gro(s, buf, len, flags, src, srclen, ts);
	r = afudp_rx_step(s, flags, &it, 1, recvfrom_kern, &a, &got);
	if (r < 0)
		return r;
	if (!got)
		return a.r;
	c = it.info.payload_len < len ? it.info.payload_len : len;
	if (__builtin_expect(!it.nfrag, 1)) {
		memcpy(buf, it.info.payload, c);
	} else {
		struct iovec iov = { .iov_base = buf, .iov_len = c };

		afudp_rx_scatter(&it, &iov, 1, 0);
	}
	fill_src(s, &it, src, srclen);
	if (__builtin_expect(ts != NULL, 0))
		rx_ts_fill(ts, &it);
	s->c->rx_packets++;
	s->c->rx_bytes += it.info.payload_len;
	afudp_rx_release_items(s, &it, 1);
	return (flags & MSG_TRUNC) ? it.info.payload_len : (ssize_t)c;
}

AFUDP_EXPORT ssize_t afudp_recvfrom(struct afudp_socket *s, void *buf,
				    size_t len, int flags,
				    struct sockaddr *src, socklen_t *srclen)
{
	return recvfrom_impl(s, buf, len, flags, src, srclen, NULL);
}

AFUDP_EXPORT ssize_t afudp_recvfrom_ts(struct afudp_socket *s, void *buf,
				       size_t len, int flags,
				       struct sockaddr *src, socklen_t *srclen,
				       struct afudp_rx_ts *ts)
{
	AFUDP_CHECK_OPEN(s);
	if (!s || !ts)
		return -EINVAL;
	/* From now on: a datagram taken by another call keeps its own. */
	s->ts_api = true;
	s->ts_on = true;
	return recvfrom_impl(s, buf, len, flags, src, srclen, ts);
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

/* ---- UDP_GRO ------------------------------------------------------------- */

/* udp_gro_receive_segment()'s UDP_GRO_CNT_MAX: datagrams in one train. */
#define RX_GRO_MAX_SEGS 64

/*
 * UDP_GRO: extend the train of @items[0], just taken from its XSK's RX
 * ring, with the datagrams that follow it on that ring, as the kernel's
 * GRO coalesces: the same flow (addresses, ports, and the TOS and TTL
 * inet_gro_receive() also compares), the same payload size, a shorter
 * one ending the train; at most RX_GRO_MAX_SEGS, a datagram's 64 KiB,
 * and @room bytes (the caller's buffer: where the kernel would truncate
 * a train, the rest stays on the ring). The first datagram that does not
 * join stays on the ring for the next call. Returns the datagrams in
 * @items (>= 1).
 */
static unsigned int gro_take(struct afudp_socket *s,
			     struct afudp_rx_item *items, size_t room)
{
	unsigned int parse_flags = rx_parse_flags(s);
	const struct afudp_udp4_info *f = &items[0].info;
	struct afudp_sxsk *x = items[0].x;
	size_t seg = f->payload_len, total = seg;
	unsigned int n = 1, nb, k;
	uint32_t idx;

	/* A chain is a datagram larger than any train's segment: alone. */
	if (!seg || seg > room || items[0].nfrag)
		return 1;
	if (room > AFUDP_UDP4_MAX_PAYLOAD)
		room = AFUDP_UDP4_MAX_PAYLOAD;
	nb = xsk_ring_cons__peek(&x->rx, RX_GRO_MAX_SEGS - 1, &idx);
	for (k = 0; k < nb; k++) {
		const struct xdp_desc *d =
			xsk_ring_cons__rx_desc(&x->rx, idx + k);
		struct afudp_rx_item *it = &items[n];
		const struct afudp_udp4_info *i = &it->info;

		if ((d->options & XDP_PKT_CONTD) ||
		    rx_parse(s, afudp_queue_data(x->q, d->addr), d->len,
			     parse_flags, &it->info))
			break;
		/* The same flow: it passed the socket's filters as @f did. */
		if (i->saddr != f->saddr || i->sport != f->sport ||
		    i->daddr != f->daddr || i->dport != f->dport ||
		    i->tos != f->tos || i->ttl != f->ttl)
			break;
		if (!i->payload_len || i->payload_len > seg ||
		    total + i->payload_len > room)
			break;
		AFUDP_FROM_KERNEL(x->q, d->addr);
		it->x = x;
		it->addr = d->addr;
		it->nfrag = 0;
		total += i->payload_len;
		n++;
		if (i->payload_len < seg)
			break;
	}
	/* Those that did not join stay on the ring, not yet taken. */
	xsk_ring_cons__cancel(&x->rx, nb - (n - 1));
	xsk_ring_cons__release(&x->rx, n - 1);
	afudp_queue_rx_taken(x->q, n - 1);
	/* The train arrived with its first datagram, as the kernel's. */
	if (__builtin_expect(s->ts_on, 0) && n > 1)
		rx_stamp(s, items + 1, n - 1, items[0].ts);
	/* The first came through afudp_rx_take(), captured there. */
	if (n > 1 && afudp_cap_on(s))
		afudp_cap_rx(s, items + 1, n - 1);
	return n;
}

/*
 * afudp_recvmmsg() on a socket with UDP_GRO: each message a train
 * (gro_take()), with the UDP_GRO control message when it is more than
 * one datagram; the kernel socket's own come coalesced by the kernel.
 */
static int recv_gro(struct afudp_socket *s, struct mmsghdr *msgs,
		    unsigned int vlen, int flags, struct afudp_rx_ts *ts)
{
	struct afudp_rx_item items[RX_GRO_MAX_SEGS];
	unsigned int i, k, n, got;
	int r = 0;

	for (i = 0; i < vlen; i++) {
		struct recvmmsg_arg a = { msgs + i, 1, flags };
		struct msghdr *m = &msgs[i].msg_hdr;
		size_t c, off = 0, total = 0;

		r = afudp_rx_step(s, flags, items, 1, recvmmsg_kern, &a, &got);
		if (r < 0)
			break;
		/* After the first, never wait (recvmmsg). */
		flags |= MSG_DONTWAIT;
		if (!got) {
			if (ts)
				rx_ts_kern(s, ts);
			continue;	/* the kernel socket's */
		}
		if (ts)
			rx_ts_fill(ts, &items[0]);
		n = gro_take(s, items,
			     afudp_iov_len(m->msg_iov, m->msg_iovlen));
		for (k = 0; k < n; k++) {
			const struct afudp_udp4_info *in = &items[k].info;

			c = afudp_rx_scatter(&items[k], m->msg_iov,
					     m->msg_iovlen, off);
			off += c;
			total += in->payload_len;
		}
		m->msg_flags = off < total ? MSG_TRUNC : 0;
		fill_src(s, &items[0], m->msg_name, &m->msg_namelen);
		if (s->cmsg || n > 1)
			afudp_rx_cmsg(s, &items[0],
				      n > 1 ? items[0].info.payload_len : 0,
				      m);
		else
			m->msg_controllen = 0;
		msgs[i].msg_len = (flags & MSG_TRUNC) ? total : off;
		s->c->rx_packets += n;
		s->c->rx_bytes += total;
		afudp_rx_release_items(s, items, n);
	}
	return i ? (int)i : r;
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
	if (__builtin_expect(s->gro, 0))
		return recv_gro(s, msgs, vlen, flags, NULL);
	r = afudp_rx_step(s, flags, items, vlen, recvmmsg_kern, &a, &got);
	if (r < 0)
		return r;
	for (i = 0; i < got; i++) {
		struct msghdr *m = &msgs[i].msg_hdr;
		const struct afudp_rx_item *it = &items[i];
		size_t c;

		c = afudp_rx_scatter(it, m->msg_iov, m->msg_iovlen, 0);
		m->msg_flags = c < it->info.payload_len ? MSG_TRUNC : 0;
		fill_src(s, it, m->msg_name, &m->msg_namelen);
		/* Asked for only by sockets with control messages. */
		if (__builtin_expect(s->cmsg != 0, 0))
			afudp_rx_cmsg(s, it, 0, m);
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
