/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data path's pieces shared by its three files, and by nothing else:
 *
 *	rx.c	receive: the XSK rings, then the kernel socket, then wait
 *		(afudp_recvfrom, afudp_recvmmsg; afudp_zc_recv uses its step)
 *	tx.c	send: the fast path through an XSK when the route mirror
 *		allows it, else the kernel socket (afudp_sendto, _sendmmsg)
 *	zc.c	zero-copy: frames lent to the application, and the handles
 *		that name them (afudp_zc_*)
 *	cmsg.c	control messages both ways, and the socket options that
 *		ask for them (afudp_setsockopt)
 *	capture.c  copies of the frames both ways for afudp-dump, while
 *		a capture runs (statshm.h)
 *
 * docs/ARCHITECTURE.md ("A datagram's way in", "A datagram's way out",
 * "Who owns a frame") follows a datagram through them.
 *
 * Every function here is for the one thread that uses the socket at a time
 * (afudp.h); a queue's shared rings are touched only through umem/queue.h,
 * under the queue's lock, once per batch. The layering: these files call
 * socket.c (an unbound socket binds on its first send), never the other
 * way round.
 */
#ifndef AFUDP_DP_H
#define AFUDP_DP_H

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <netinet/udp.h>

#include "afudp_int.h"
#include "proto/vlan.h"

/* ---- receive (rx.c) ------------------------------------------------------ */

/* A datagram taken from an RX ring, parsed, not yet released. */
struct afudp_rx_item {
	struct afudp_sxsk *x;
	uint64_t addr;
	struct afudp_udp4_info info;
	/*
	 * Receive timestamps (rxts.h), set only while the socket wants
	 * them (s->ts_on): CLOCK_REALTIME ns when afudp first saw it, and
	 * the device's (0: none).
	 */
	uint64_t ts;
	uint64_t ts_hw;
	/*
	 * A multi-buffer datagram (a chain of frames, XDP_USE_SG): the
	 * payload's first @head_len bytes are at info.payload, in the frame
	 * at @addr, the rest in @nfrag more frames: frag_len[i] bytes at
	 * UMEM address frag[i] (0 for a frame of Ethernet padding only).
	 * The frames go back with it (afudp_rx_release_items()). @nfrag 0:
	 * all of it at info.payload, @head_len unused.
	 */
	uint16_t nfrag;
	/*
	 * An IPv6 datagram (ip6.c): its source is @saddr6, info.saddr and
	 * info.daddr are 0. Stored with @nfrag (one store on IPv4).
	 */
	uint16_t v6;
	uint16_t head_len;
	uint16_t frag_len[AFUDP_MAX_FRAGS - 1];
	uint64_t frag[AFUDP_MAX_FRAGS - 1];
	/* @v6: its addresses, flow information (traffic class and label). */
	struct in6_addr saddr6;
	struct in6_addr daddr6;
	__be32 flowinfo6;
};

/*
 * Copy @it's payload into @iov, from its byte @off on; the bytes copied
 * (fewer than asked where @iov is short).
 */
size_t afudp_rx_scatter(const struct afudp_rx_item *it,
			const struct iovec *iov, size_t iovlen, size_t off);

/*
 * Take up to @n valid datagrams from the socket's XSK rings into @out. The
 * queue visited first rotates, so under load no queue starves another.
 * Frames that fail the parse, the socket's filters or rp_filter are
 * counted and released at once. A chain (XDP_USE_SG) is taken whole or
 * left whole on its ring; a truncated one (the ring ends inside it), one
 * of more than AFUDP_MAX_FRAGS frames or one whose lengths disagree is
 * released whole and counted malformed.
 */
unsigned int afudp_rx_take(struct afudp_socket *s, struct afudp_rx_item *out,
			   unsigned int n);

/*
 * Wait until the socket may have something (its epoll fd: XSK fds + the
 * kernel socket). 0 to try again, -EAGAIN for a non-blocking call, -EINTR.
 */
int afudp_rx_wait(struct afudp_socket *s, int flags, bool busy);

/*
 * Read the kernel socket for a receive step, without blocking: datagrams
 * go after the @got already taken from the XSKs. Returns how many it read
 * (0: none waiting), or -errno.
 */
typedef int (*afudp_rx_kern_fn)(struct afudp_socket *s, void *arg,
				unsigned int got);

/* Reading the kernel socket costs a syscall: see afudp_rx_kern_due(). */
#define AFUDP_RX_KERN_EVERY 32

/*
 * Is this pass of a receive step due to read the kernel socket even if the
 * rings have datagrams? Every AFUDP_RX_KERN_EVERY passes: steady fast-path
 * traffic neither starves the kernel socket nor pays a syscall for it on
 * every call. (When the rings give nothing it is read anyway, unless
 * busy-polling: a syscall on every spin would cost more than the rings do,
 * non-blocking calls included, a busy-polling caller loops on them.)
 */
static inline bool afudp_rx_kern_due(struct afudp_socket *s)
{
	return (++s->kern_rr % AFUDP_RX_KERN_EVERY) == 0;
}

/*
 * The one receive step of every receive call: up to @n datagrams from the
 * socket's XSK rings into @items (*@got of them), and the kernel socket
 * through @kern: every time the rings are empty, and at a bounded cadence
 * otherwise, a slot kept for it even when the rings could fill all @n
 * (see afudp_rx_kern_due()); when neither had anything, wait, or -EAGAIN
 * for a non-blocking call. A blocking call with XSKs waits before it
 * reads the kernel socket when the rings are empty: the wait returns at
 * once if that socket has something (it is in the same epoll set), and a
 * fast-path receive that sleeps saves a syscall per sleep. Returns the datagrams taken (XSK + kernel
 * socket, > 0) or -errno. The caller delivers @items, then releases them
 * (afudp_rx_release_items()).
 *
 * Inline so that each receive call pays one call (afudp_rx_take) on its
 * fast path, as when each had its own copy of this loop.
 */
static inline int afudp_rx_step(struct afudp_socket *s, int flags,
				struct afudp_rx_item *items, unsigned int n,
				afudp_rx_kern_fn kern, void *arg,
				unsigned int *got)
{
	bool busy = s->busy_poll && s->nx;
	/* Read the kernel socket on empty rings (see above). */
	bool look = !s->nx || (flags & MSG_DONTWAIT) || s->nonblock;
	bool due;
	int r;

	for (;;) {
		/*
		 * A due pass keeps a slot for the kernel socket: rings that
		 * fill every call (a recvfrom takes one datagram) would
		 * otherwise never leave it one.
		 */
		due = afudp_rx_kern_due(s);
		*got = afudp_rx_take(s, items, due ? n - 1 : n);
		if (*got == n)
			return (int)n;
		if (due || (!*got && !busy && look)) {
			r = kern(s, arg, *got);
			if (r > 0)
				return (int)*got + r;
			if (r < 0 && !*got)
				return r;
		}
		/* The kernel socket had nothing: the slot goes to the rings. */
		if (due && *got == n - 1)
			*got += afudp_rx_take(s, items + *got, 1);
		if (*got)
			return (int)*got;
		r = afudp_rx_wait(s, flags, busy);
		if (r)
			return r;
		look = true;
	}
}

/* Give received frames of XSK @x back to the kernel (the fill ring). */
void afudp_rx_release(struct afudp_socket *s, struct afudp_sxsk *x,
		      const uint64_t *addrs, uint32_t n);
/* The same for @n items, one queue lock per run of one XSK. */
void afudp_rx_release_items(struct afudp_socket *s,
			    const struct afudp_rx_item *items, unsigned int n);

/* ---- capture (capture.c) ------------------------------------------------- */

/*
 * Does a capture run (afudp-dump)? What a capture costs when none runs:
 * one relaxed load per receive batch and per frame sent (a capture that
 * starts sees a few datagrams late).
 */
static inline bool afudp_cap_on(const struct afudp_socket *s)
{
	return __builtin_expect(
		__atomic_load_n(&s->st->cap->on, __ATOMIC_RELAXED) != 0, 0);
}

/* Copy @n datagrams just taken and accepted (their frames) for it. */
void afudp_cap_rx(struct afudp_socket *s, const struct afudp_rx_item *items,
		  unsigned int n);
/*
 * Copy a frame built for the TX ring, before the kernel has it: @len
 * bytes at @frame, of a frame of @wire bytes (more for a chain's first).
 */
void afudp_cap_tx(struct afudp_socket *s, const void *frame, uint32_t len,
		  uint32_t wire);

/* ---- control messages (cmsg.c) ------------------------------------------ */

/*
 * Fill @m's control buffer with the messages @s asks for about the
 * datagram @it, and UDP_GRO's segment size @gro if not 0 (a coalesced
 * train), as the kernel does (MSG_CTRUNC in msg_flags, which the caller
 * has set, when it is short); msg_controllen becomes the length written.
 * Only when s->cmsg or @gro is set: else the caller sets it to 0.
 */
void afudp_rx_cmsg(const struct afudp_socket *s,
		   const struct afudp_rx_item *it, unsigned int gro,
		   struct msghdr *m);

/* What a send's control messages ask for. */
struct afudp_tx_ctl {
	__be32 saddr;	/* IP_PKTINFO ipi_spec_dst; 0: the usual source */
	struct in6_addr saddr6;	/* IPV6_PKTINFO ipi6_addr; ::, the usual */
	int ifindex;	/* IP(V6)_PKTINFO's interface; 0: any */
	int tos, ttl;	/* IP_TOS, IP_TTL (IPV6_TCLASS, _HOPLIMIT); -1: the socket's */
	int gso;	/* UDP_SEGMENT's gso_size; -1: the socket's */
	bool kern;	/* others: the kernel socket sends it */
};

/*
 * Read @m's control messages into @c, for an IPv4 datagram (@v6 false:
 * the IP level's) or an IPv6 one (the IPV6 level's). -EINVAL where the
 * kernel's ip_cmsg_send(), ip6_datagram_send_ctl() and udp_cmsg_send()
 * say so; messages it does not know set @c->kern, so the kernel socket
 * judges (and sends) that datagram.
 */
int afudp_tx_ctl_parse(const struct msghdr *m, struct afudp_tx_ctl *c,
		       bool v6);

/* ---- send (tx.c) --------------------------------------------------------- */

/*
 * afudp_rt_lookup() for a send of @s (dstcache.c): the socket's copy of
 * the answer while the route mirror has not changed since, else the
 * lookup, kept for the next send. Lock-free; as afudp_rt_lookup().
 */
enum afudp_rt_verdict afudp_dst_route(struct afudp_socket *s, __be32 daddr,
				      struct afudp_rt_result *res);

/*
 * The socket's header template for @daddr and @key, with the path MTU,
 * while the route mirror has not changed since it was built: true; false
 * (a miss) otherwise. afudp_dst_tmpl_put() keeps one made at @gen.
 */
bool afudp_dst_tmpl_get(struct afudp_socket *s, __be32 daddr,
			const struct afudp_dst_key *key, uint32_t *mtu,
			struct afudp_udp4_tmpl *t);
void afudp_dst_tmpl_put(struct afudp_socket *s, __be32 daddr, uint64_t gen,
			const struct afudp_dst_key *key,
			const struct afudp_rt_result *res,
			const struct afudp_udp4_tmpl *t);

/* Which way a datagram leaves: the fast path, or the kernel socket, why. */
enum afudp_tx_way {
	AFUDP_TX_FAST,
	AFUDP_TX_KERN_NEIGH,	/* next hop's MAC not known yet */
	AFUDP_TX_KERN_LOCAL,	/* a destination on this host */
	AFUDP_TX_KERN_MTU,	/* larger than the path MTU or a frame */
	AFUDP_TX_KERN_OTHER,	/* no XSK, another interface, link down... */
};

/* The send path's way for a route verdict (either family's). */
static inline enum afudp_tx_way afudp_tx_way(enum afudp_rt_verdict v)
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

/*
 * Where a datagram of @len payload bytes to @dst goes; for AFUDP_TX_FAST,
 * @h gets its headers. Never fails: whatever the fast path can't do, the
 * kernel socket does (and reports the kernel's errno, e.g. ENETUNREACH).
 * Reads the route mirror lock-free (route/route.h).
 */
enum afudp_tx_way afudp_tx_plan(struct afudp_socket *s,
				const struct sockaddr_in *dst, size_t len,
				struct afudp_udp4_hdr *h);

/*
 * afudp_tx_plan() for a send without control messages: on AFUDP_TX_FAST
 * the headers as a template (*@t, for afudp_udp4_tmpl_build() with the
 * next IP ID), from the socket's cache when it has a current one.
 */
enum afudp_tx_way afudp_tx_plan_tmpl(struct afudp_socket *s,
				     const struct sockaddr_in *dst, size_t len,
				     struct afudp_udp4_tmpl *t);

/*
 * afudp_tx_plan_tmpl() for any length: the template and the path MTU
 * (*@mtu), to check each datagram's length against with
 * afudp_tx_too_big(). For a batch of datagrams to one destination.
 */
enum afudp_tx_way afudp_tx_tmpl(struct afudp_socket *s,
				const struct sockaddr_in *dst,
				struct afudp_udp4_tmpl *t, uint32_t *mtu);

/*
 * The longest frame a send builds: one UMEM frame, or a chain of
 * AFUDP_MAX_FRAGS of them where the XSKs take chains (XDP_USE_SG).
 */
static inline size_t afudp_tx_max_frame(const struct afudp_stack *st)
{
	return (size_t)st->frame_size * (st->mb ? AFUDP_MAX_FRAGS : 1);
}

/* Larger than the path takes unfragmented, or than the frames hold? */
static inline bool afudp_tx_too_big(const struct afudp_socket *s, size_t len,
				    uint32_t mtu)
{
	return len + AFUDP_IP4_UDP_HDR_LEN > mtu ||
	       len + AFUDP_HDR_LEN + (s->st->vid ? AFUDP_VLAN_HLEN : 0) >
		       afudp_tx_max_frame(s->st);
}

/*
 * A free frame of @x's queue for TX (umem/queue.h's tx_acquire), kicking
 * the ring once to get completions back. With none free, @block waits
 * until one is: given back by any socket of the queue, or completed by
 * the kernel. 0 or -EAGAIN.
 */
int afudp_tx_acquire(struct afudp_socket *s, struct afudp_sxsk *x, bool block,
		     uint64_t *addr);
/* A frame from afudp_tx_acquire() given back unused. */
void afudp_tx_release(struct afudp_sxsk *x, uint64_t addr);

/* Queue one built frame of @len bytes on @x's TX ring; the caller kicks. */
int afudp_tx_push(struct afudp_socket *s, struct afudp_sxsk *x, uint64_t addr,
		  uint32_t len, bool block);
/* Wake the kernel to send what @x's TX ring holds, if it asks for it. */
void afudp_tx_kick(struct afudp_socket *s, struct afudp_sxsk *x);

/*
 * Apply @c to headers from afudp_tx_plan(): AFUDP_TX_FAST, or the way
 * for the kernel socket (another interface, a source not this host's).
 */
enum afudp_tx_way afudp_tx_ctl_apply(struct afudp_socket *s,
				     const struct afudp_tx_ctl *c,
				     struct afudp_udp4_hdr *h);

/*
 * The destination of a send: @dst, or the connected peer (-EDESTADDRREQ
 * without either). Binds an unbound socket, as the kernel does. Inline:
 * every send takes it.
 */
static inline int afudp_tx_dst(struct afudp_socket *s,
			       const struct sockaddr *dst, socklen_t dstlen,
			       struct sockaddr_in *out)
{
	static const struct sockaddr_in any = { .sin_family = AF_INET };

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
	return s->bound ? 0 : afudp_bind_addr(s, &any);
}

/*
 * Send through the kernel socket, counted under way @w, with @ctl's
 * control messages if not NULL.
 */
ssize_t afudp_tx_kern(struct afudp_socket *s, const struct iovec *iov,
		      size_t iovlen, const struct sockaddr_in *dst,
		      const struct msghdr *ctl, enum afudp_tx_way w,
		      bool block);
/*
 * The same for either family: @dst, @dstlen bytes, or NULL for a
 * connected kernel socket's peer (it takes no address for it).
 */
ssize_t afudp_tx_kern_sa(struct afudp_socket *s, const struct iovec *iov,
			 size_t iovlen, const void *dst, socklen_t dstlen,
			 const struct msghdr *ctl, enum afudp_tx_way w,
			 bool block);

/*
 * dstcache.c: afudp_dst_route() for an IPv6 destination (and its scope
 * id), as afudp_rt_lookup6() answers.
 */
enum afudp_rt_verdict afudp_dst_route6(struct afudp_socket *s,
				       const struct in6_addr *daddr,
				       uint32_t scope_id,
				       struct afudp_rt_result6 *res);

/*
 * dstcache.c: afudp_dst_tmpl_get() and _put() for an IPv6 destination:
 * the header template for @key (afudp_dst_key6()) to @daddr, @scope_id.
 */
static inline uint64_t afudp_dst_key6(__be16 sport, uint8_t hlim,
				      uint8_t tclass)
{
	/* Not the destination port: afudp_udp6_tmpl_dport() swaps it in. */
	return 1ull << 63 | sport | (uint64_t)hlim << 32 |
	       (uint64_t)tclass << 40;
}

bool afudp_dst_tmpl6_get(struct afudp_socket *s, const struct in6_addr *daddr,
			 uint32_t scope_id, uint64_t key, uint32_t *mtu,
			 struct afudp_udp6_tmpl *t);
void afudp_dst_tmpl6_put(struct afudp_socket *s, const struct in6_addr *daddr,
			 uint32_t scope_id, uint64_t gen, uint64_t key,
			 const struct afudp_rt_result6 *res,
			 const struct afudp_udp6_tmpl *t);

/*
 * ip6.c. An AF_INET6 socket's sends (afudp_sendto(), afudp_sendmsg(),
 * afudp_sendmmsg() call it first thing); the IPv4 way for a v4-mapped
 * destination (tx.c's send_iov()).
 */
ssize_t afudp_tx6_send(struct afudp_socket *s, const struct iovec *iov,
		       size_t iovlen, const struct msghdr *ctl,
		       const struct sockaddr *dst, socklen_t dstlen, int flags,
		       bool kick_now, unsigned int *pending);
/*
 * ip6.c, for the copying and the zero-copy sends: the destination (@dst as
 * given, else the connected peer) in *@to (@buf or s->peer6); the way for
 * @len bytes to it over IPv6 and, for the fast path, its headers (@h);
 * the kernel socket's send, counted as @w.
 */
struct afudp_udp6_hdr;
int afudp_tx6_dst(struct afudp_socket *s, const struct sockaddr *dst,
		  socklen_t dstlen, struct sockaddr_in6 *buf,
		  const struct sockaddr_in6 **to);
enum afudp_tx_way afudp_tx6_plan(struct afudp_socket *s,
				 const struct sockaddr_in6 *to, size_t len,
				 struct afudp_udp6_hdr *h);
/*
 * afudp_tx6_plan() for a send without control messages: the headers as a
 * template (*@t), kept in the socket's destination cache, as IPv4's
 * afudp_tx_plan_tmpl().
 */
enum afudp_tx_way afudp_tx6_plan_tmpl(struct afudp_socket *s,
				      const struct sockaddr_in6 *to,
				      size_t len, struct afudp_udp6_tmpl *t);
ssize_t afudp_tx6_kern(struct afudp_socket *s, const struct iovec *iov,
		       size_t iovlen, const struct sockaddr_in6 *dst,
		       const struct msghdr *ctl, enum afudp_tx_way w,
		       bool block);
ssize_t afudp_tx_send4(struct afudp_socket *s, const struct iovec *iov,
		       size_t iovlen, const struct msghdr *ctl,
		       const struct sockaddr_in *dst, int flags, bool kick_now,
		       unsigned int *pending);
/*
 * An IPv6 frame off XSK @x at @addr: parsed and filtered into @it (true),
 * or counted (false, the caller releases it).
 */
bool afudp_rx_accept6(struct afudp_socket *s, struct afudp_sxsk *x,
		      uint64_t addr, uint32_t len, unsigned int parse_flags,
		      struct afudp_rx_item *it);
/* The source of @it as an AF_INET6 socket gives it (v4-mapped for IPv4). */
void afudp_rx_src6(const struct afudp_socket *s,
		   const struct afudp_rx_item *it, struct sockaddr *src,
		   socklen_t *srclen);

/* The stack's option flags as the codec's build flags. */
static inline unsigned int afudp_tx_csum_flags(const struct afudp_socket *s)
{
	return (s->st->flags & AFUDP_F_NO_TX_UDP_CSUM) ?
		       AFUDP_BUILD_NO_UDP_CSUM : 0;
}

#endif /* AFUDP_DP_H */
