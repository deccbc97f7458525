// SPDX-License-Identifier: BSD-2-Clause
/*
 * Multicast receive on the fast path (docs/ARCHITECTURE.md, "Multicast").
 *
 * XDP can redirect a frame to one XSK only, and the kernel gives every
 * member socket of a group its own copy. So the XDP program sends a joined
 * group's datagrams to one "group XSK" per queue that this process owns
 * (an internal socket, never bound in the kernel), and whichever member
 * socket receives first takes them off its ring, under st->mc_lock, into
 * the copies of every member they are for: the first member gets the
 * frame itself, each other one a copy in a frame of the same queue. A
 * member reads its copies as if they came off its own RX ring (rx.c). The
 * group XSKs' fds are in every member's epoll set, so a sleeping member
 * wakes for them; one that got copies from another's visit wakes through
 * its eventfd.
 *
 * The kernel socket joins first (afudp_setsockopt() sets the option on it
 * before calling here): it sends the IGMP reports, and it delivers what the
 * map does not take (other groups, other sources, other interfaces, a
 * group another process joined too).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>

#include "afudp_int.h"
#include "rxts.h"

static struct afudp_mc_key mc_key(const struct afudp_mc_memb *m)
{
	return (struct afudp_mc_key){ .group = m->group,
				      .source = m->source,
				      .port = m->s->local.sin_port };
}

static bool same_key(const struct afudp_mc_memb *a,
		     const struct afudp_mc_memb *b)
{
	return a->group == b->group && a->source == b->source &&
	       a->s->local.sin_port == b->s->local.sin_port;
}

/* Another published membership with @m's key (or any, @any_key)? */
static bool key_used(const struct afudp_stack *st,
		     const struct afudp_mc_memb *m, bool any_key)
{
	const struct afudp_mc_memb *o;

	for (o = st->mc; o; o = o->next)
		if (o != m && o->published && (any_key || same_key(o, m)))
			return true;
	return false;
}

/* The group XSKs, with the first published membership. Under mc_lock. */
static int gs_open(struct afudp_stack *st)
{
	struct afudp_socket *gs;
	int err;

	if (st->mc_gs)
		return 0;
	gs = afudp_arena_calloc(&st->arena, 1, sizeof(*gs));
	if (!gs)
		return -ENOMEM;
	gs->st = st;
	gs->kfd = -1;
	gs->c = &gs->own;
	gs->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (gs->epfd < 0) {
		err = -errno;
		afudp_arena_free(&st->arena, gs);
		return err;
	}
	err = afudp_xsks_create(gs);
	if (err) {
		close(gs->epfd);
		afudp_arena_free(&st->arena, gs);
		return err;
	}
	st->mc_gs = gs;
	st->mc_base = UINT32_MAX;
	return 0;
}

static void gs_close(struct afudp_stack *st)
{
	struct afudp_socket *gs = st->mc_gs;

	if (!gs)
		return;
	afudp_xsks_destroy(gs);
	close(gs->epfd);
	afudp_arena_free(&st->arena, gs);
	st->mc_gs = NULL;
	st->mc_base = UINT32_MAX;
}

/* A member sleeps on its epoll set: the group XSKs wake it too. */
static void gs_watch(struct afudp_socket *s)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = UINT32_MAX };
	struct afudp_socket *gs = s->st->mc_gs;
	unsigned int i;

	for (i = 0; gs && i < gs->nx; i++)
		epoll_ctl(s->epfd, EPOLL_CTL_ADD, gs->x[i].fd, &ev);
}

/* Put @m in the XDP program's map. Under mc_lock. */
static void publish(struct afudp_mc_memb *m)
{
	struct afudp_socket *s = m->s;
	struct afudp_stack *st = s->st;
	struct afudp_mc_key k = mc_key(m);
	int fds[AFUDP_MAX_SLOTS];
	int err = 0;

	/*
	 * The kernel gives a socket bound to an address only its own. A
	 * stack on a VLAN leaves its groups to the kernel socket: the
	 * program keeps memberships for untagged frames only.
	 */
	if (m->published || !s->registered || s->local.sin_addr.s_addr ||
	    st->vid)
		return;
	if (!key_used(st, m, false)) {
		err = gs_open(st);
		if (!err) {
			afudp_xsks_fds(st->mc_gs, fds);
			err = afudp_xdp_mc_add(st->xdp, &k, fds, st->if_queues,
					       st->frame_size -
						       AFUDP_RX_HEADROOM,
					       &st->mc_base);
		}
		if (err) {
			afudp_log(&st->log, LOG_WARNING,
				  "group %s port %u: kernel path only: %s",
				  inet_ntoa((struct in_addr){ m->group }),
				  ntohs(k.port), strerror(-err));
			if (!key_used(st, m, true))
				gs_close(st);
			return;
		}
	}
	m->published = true;
	gs_watch(s);
}

/* Take @m out of the map if no other membership has its key. */
static void unpublish(struct afudp_mc_memb *m)
{
	struct afudp_stack *st = m->s->st;
	struct afudp_mc_key k = mc_key(m);
	bool last;

	if (!m->published)
		return;
	m->published = false;
	if (key_used(st, m, false))
		return;
	last = !key_used(st, m, true);
	afudp_xdp_mc_del(st->xdp, &k, last, st->mc_base, st->if_queues);
	if (last)
		gs_close(st);
}

/* The copies' ring and eventfd, with the socket's first membership. */
static int copies_open(struct afudp_socket *s)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = UINT32_MAX };

	if (s->mc_q)
		return 0;
	s->mc_q = afudp_arena_calloc(&s->st->arena, AFUDP_MC_BACKLOG, sizeof(*s->mc_q));
	if (!s->mc_q)
		return -ENOMEM;
	s->mc_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (s->mc_efd < 0 ||
	    epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->mc_efd, &ev)) {
		if (s->mc_efd >= 0)
			close(s->mc_efd);
		afudp_arena_free(&s->st->arena, s->mc_q);
		s->mc_q = NULL;
		return -errno;
	}
	s->mc_head = s->mc_len = 0;
	return 0;
}

/* Is @ifindex / @addr (0: the kernel's choice) this stack's interface? */
static bool our_if(struct afudp_stack *st, int ifindex, __be32 addr)
{
	if (ifindex)
		return ifindex == st->ifindex;
	return afudp_local4_here(st, addr);
}

static void join(struct afudp_socket *s, __be32 group, __be32 source)
{
	struct afudp_stack *st = s->st;
	struct afudp_mc_memb *m;

	for (m = st->mc; m; m = m->next)
		if (m->s == s && m->group == group && m->source == source)
			return;
	m = afudp_arena_calloc(&st->arena, 1, sizeof(*m));
	if (!m || copies_open(s)) {
		afudp_arena_free(&st->arena, m);
		afudp_log(&st->log, LOG_WARNING,
			  "group %s: kernel path only: out of memory",
			  inet_ntoa((struct in_addr){ group }));
		return;
	}
	m->s = s;
	m->group = group;
	m->source = source;
	m->next = st->mc;
	st->mc = m;
	publish(m);
}

/* Leave (@group, @source); @all: every source of the group. */
static void leave(struct afudp_socket *s, __be32 group, __be32 source,
		  bool all)
{
	struct afudp_mc_memb **pp = &s->st->mc, *m;

	while ((m = *pp)) {
		if (m->s != s || m->group != group ||
		    (!all && m->source != source)) {
			pp = &m->next;
			continue;
		}
		*pp = m->next;
		unpublish(m);
		afudp_arena_free(&m->s->st->arena, m);
	}
}

void afudp_mc_setsockopt(struct afudp_socket *s, int name, const void *val,
			 socklen_t len)
{
	struct afudp_stack *st = s->st;
	struct ip_mreq_source ms;
	struct ip_mreqn mn = { 0 };

	if (!st->xdp)
		return;
	switch (name) {
	case IP_ADD_MEMBERSHIP:
	case IP_DROP_MEMBERSHIP:
		/* The kernel took it: at least a struct ip_mreq. */
		memcpy(&mn, val, len < sizeof(mn) ? len : sizeof(mn));
		if (len < sizeof(mn))
			mn.imr_ifindex = 0;
		pthread_mutex_lock(&st->mc_lock);
		if (name == IP_DROP_MEMBERSHIP)
			leave(s, mn.imr_multiaddr.s_addr, 0, true);
		else if (our_if(st, mn.imr_ifindex, mn.imr_address.s_addr))
			join(s, mn.imr_multiaddr.s_addr, 0);
		pthread_mutex_unlock(&st->mc_lock);
		break;
	case IP_ADD_SOURCE_MEMBERSHIP:
	case IP_DROP_SOURCE_MEMBERSHIP:
		memcpy(&ms, val, sizeof(ms));
		pthread_mutex_lock(&st->mc_lock);
		if (name == IP_DROP_SOURCE_MEMBERSHIP)
			leave(s, ms.imr_multiaddr.s_addr,
			      ms.imr_sourceaddr.s_addr, false);
		else if (our_if(st, 0, ms.imr_interface.s_addr))
			join(s, ms.imr_multiaddr.s_addr,
			     ms.imr_sourceaddr.s_addr);
		pthread_mutex_unlock(&st->mc_lock);
		break;
	}
}

void afudp_mc_bound(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;
	struct afudp_mc_memb *m;

	if (!s->mc_q)
		return;
	pthread_mutex_lock(&st->mc_lock);
	for (m = st->mc; m; m = m->next)
		if (m->s == s)
			publish(m);
	pthread_mutex_unlock(&st->mc_lock);
}

void afudp_mc_close(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;
	struct afudp_mc_memb **pp = &st->mc, *m;
	struct afudp_mc_copy *c;
	uint64_t addr;

	if (!s->mc_q)
		return;
	pthread_mutex_lock(&st->mc_lock);
	while ((m = *pp)) {
		if (m->s != s) {
			pp = &m->next;
			continue;
		}
		*pp = m->next;
		unpublish(m);
		afudp_arena_free(&st->arena, m);
	}
	/* Its copies are frames of its queues: back to them. */
	for (; s->mc_len; s->mc_len--) {
		c = &s->mc_q[s->mc_head];
		s->mc_head = (s->mc_head + 1) % AFUDP_MC_BACKLOG;
		addr = c->addr;
		afudp_queue_rx_release(s->x[c->xi].q, &addr, 1);
	}
	pthread_mutex_unlock(&st->mc_lock);
	close(s->mc_efd);
	afudp_arena_free(&st->arena, s->mc_q);
	s->mc_q = NULL;
}

/* @s's XSK on queue @q, or -1. */
static int xsk_on(const struct afudp_socket *s, const struct afudp_queue *q)
{
	unsigned int i;

	for (i = 0; i < s->nx; i++)
		if (s->x[i].q == q)
			return (int)i;
	return -1;
}

/* Does @m take a datagram from @saddr to @daddr:@dport? */
static bool wants(const struct afudp_mc_memb *m, __be32 saddr, __be32 daddr,
		  __be16 dport)
{
	return m->published && m->group == daddr &&
	       m->s->local.sin_port == dport &&
	       (!m->source || m->source == saddr);
}

/* One copy per socket, as the kernel gives, however many joins match. */
static bool first_match(const struct afudp_stack *st,
			const struct afudp_mc_memb *m, __be32 saddr,
			__be32 daddr, __be16 dport)
{
	const struct afudp_mc_memb *o;

	for (o = st->mc; o != m; o = o->next)
		if (o->s == m->s && wants(o, saddr, daddr, dport))
			return false;
	return true;
}

/*
 * Give the frame at @addr (@len bytes, taken off a group XSK of queue @q
 * at @now, the device's time @hw) to every member it is for. False if it
 * went to none. Under mc_lock.
 */
static bool fan_out(struct afudp_stack *st, struct afudp_socket *self,
		    struct afudp_queue *q, uint64_t addr, uint32_t len,
		    uint64_t now, uint64_t hw)
{
	const uint8_t *f = afudp_queue_data(q, addr);
	struct afudp_mc_memb *m;
	struct afudp_mc_copy *c;
	struct afudp_socket *s;
	struct iphdr ip;
	struct udphdr udp;
	bool given = false;
	uint64_t a;
	int xi;

	/* The program sent only IHL 5 UDP datagrams it could read. */
	if (len < sizeof(struct ethhdr) + sizeof(ip) + sizeof(udp))
		return false;
	/* Copied out: the IPv4 header is 2 bytes off 4-byte alignment. */
	memcpy(&ip, f + sizeof(struct ethhdr), sizeof(ip));
	memcpy(&udp, f + sizeof(struct ethhdr) + sizeof(ip), sizeof(udp));
	for (m = st->mc; m; m = m->next) {
		s = m->s;
		if (!wants(m, ip.saddr, ip.daddr, udp.dest) ||
		    !first_match(st, m, ip.saddr, ip.daddr, udp.dest))
			continue;
		xi = xsk_on(s, q);
		if (xi < 0)
			continue;
		if (s->mc_len == AFUDP_MC_BACKLOG) {
			s->c->rx_dropped++;	/* as a full receive buffer */
			continue;
		}
		if (!given) {
			a = addr;
		} else {
			if (afudp_queue_tx_acquire(q, &s->x[xi].cache, &a)) {
				s->c->rx_dropped++;
				continue;
			}
			a += addr - afudp_pool_base(&q->pool, addr);
			memcpy(afudp_queue_data(q, a), f, len);
		}
		given = true;
		c = &s->mc_q[(s->mc_head + s->mc_len) % AFUDP_MC_BACKLOG];
		c->addr = a;
		c->len = len;
		c->xi = (uint32_t)xi;
		c->ts = now;
		c->ts_hw = hw;
		if (!s->mc_len++ && s != self)
			eventfd_write(s->mc_efd, 1);
	}
	return given;
}

/* Empty the group XSKs' rings into the members' copies. Under mc_lock. */
static void drain(struct afudp_stack *st, struct afudp_socket *self)
{
	struct afudp_socket *gs = st->mc_gs;
	uint64_t rel[AFUDP_BATCH];
	uint32_t idx, nb, k, nrel;
	struct afudp_sxsk *x;
	unsigned int i;
	uint64_t now;

	for (i = 0; gs && i < gs->nx; i++) {
		x = &gs->x[i];
		nb = xsk_ring_cons__peek(&x->rx, AFUDP_BATCH, &idx);
		if (!nb)
			continue;
		afudp_queue_rx_taken(x->q, nb);
		/*
		 * The copies wait in the members' queues: their arrival
		 * time is now, whoever asks for it later (rxts.h).
		 */
		now = afudp_rxts_now();
		nrel = 0;
		for (k = 0; k < nb; k++) {
			const struct xdp_desc *d =
				xsk_ring_cons__rx_desc(&x->rx, idx + k);

			AFUDP_FROM_KERNEL(x->q, d->addr);
			/*
			 * The program gives group XSKs frames of one UMEM
			 * frame (max_len); a chain a driver made of a
			 * shorter one is not copied: each of its frames
			 * goes back (its first says CONTD, so does every
			 * one but the last).
			 */
			if ((d->options & XDP_PKT_CONTD) ||
			    (k && (xsk_ring_cons__rx_desc(&x->rx, idx + k - 1)
					   ->options & XDP_PKT_CONTD)) ||
			    !fan_out(st, self, x->q, d->addr, d->len, now,
				     st->rx_ts_hw > 0 ?
					     afudp_rxts_hw(x->q, d->addr) :
					     0))
				rel[nrel++] = d->addr;
		}
		xsk_ring_cons__release(&x->rx, nb);
		if (afudp_queue_rx_release(x->q, rel, nrel))
			recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	}
}

unsigned int afudp_mc_pop(struct afudp_socket *s, struct afudp_mc_copy *out,
			  unsigned int n)
{
	struct afudp_stack *st = s->st;
	eventfd_t v;
	unsigned int i;

	pthread_mutex_lock(&st->mc_lock);
	drain(st, s);
	for (i = 0; i < n && s->mc_len; i++, s->mc_len--) {
		out[i] = s->mc_q[s->mc_head];
		s->mc_head = (s->mc_head + 1) % AFUDP_MC_BACKLOG;
	}
	/*
	 * Copies left (this call drained more than it takes) keep the
	 * socket readable: fan_out() signals only the other members.
	 */
	if (!s->mc_len)
		eventfd_read(s->mc_efd, &v);
	else
		eventfd_write(s->mc_efd, 1);
	pthread_mutex_unlock(&st->mc_lock);
	return i;
}
