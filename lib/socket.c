// SPDX-License-Identifier: BSD-2-Clause
/*
 * Sockets, control path: create, bind, connect, options, close, counters.
 *
 * Binding is where the two halves of an afudp socket meet
 * (docs/ARCHITECTURE.md, Decisions, 2): the kernel UDP socket binds first,
 * so the kernel arbitrates the port against every other program
 * (EADDRINUSE both ways); only then are the XSKs created and the port
 * published to the XDP program. Closing runs the other way: the port leaves
 * the maps before the XSKs go, so the program never redirects into a
 * closing socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/udp.h>
#include <linux/if_xdp.h>

#include "afudp_int.h"

/*
 * Check that @fd, from AFUDP_SO_KERNEL_FD, is an unbound UDP socket of
 * @family (AF_INET or AF_INET6).
 */
static int check_adopted(int fd, int family)
{
	struct sockaddr_in6 sin;
	socklen_t len = sizeof(int);
	int v;

	if (fd < 0)
		return -EINVAL;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len))
		return -errno;
	if (v != family)
		return -EINVAL;
	len = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len))
		return -errno;
	if (v != IPPROTO_UDP)
		return -EINVAL;
	len = sizeof(sin);
	if (getsockname(fd, (struct sockaddr *)&sin, &len))
		return -errno;
	/* sin_port and sin6_port are at the same place. */
	if (sin.sin6_port)
		return -EINVAL; /* bound already: afudp_bind() binds it */
	return 0;
}

/*
 * The socket's kernel half: a new UDP socket, or (@adopt >= 0, from
 * AFUDP_SO_KERNEL_FD) the caller's, already checked by check_adopted().
 */
static int kernel_socket(struct afudp_socket *s, int adopt)
{
	struct epoll_event ev = { .events = EPOLLIN };

	int one = 1;

	if (adopt >= 0)
		s->kfd = adopt;
	else
		s->kfd = socket(s->family,
				SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->kfd < 0)
		return -errno;
	/* Shards and reuseport groups share the port in the kernel too. */
	if ((s->shard || s->reuse) &&
	    setsockopt(s->kfd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one))) {
		int err = -errno;

		if (adopt < 0)
			close(s->kfd);
		s->kfd = -1;
		return err;
	}
	ev.data.u32 = UINT32_MAX;
	if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->kfd, &ev)) {
		int err = -errno;

		if (adopt < 0)
			close(s->kfd);
		s->kfd = -1;
		return err;
	}
	/* An adopted socket becomes ours only now: the data path polls it. */
	if (adopt >= 0) {
		int fl = fcntl(adopt, F_GETFL);

		if (fl < 0 || fcntl(adopt, F_SETFL, fl | O_NONBLOCK)) {
			int err = -errno;

			epoll_ctl(s->epfd, EPOLL_CTL_DEL, adopt, NULL);
			s->kfd = -1;
			return err;
		}
	}
	/* The options an adopted socket came with (a fresh one: none). */
	afudp_cmsg_sync(s);
	{
		struct stat sb;

		s->kino = fstat(s->kfd, &sb) ? 0 : sb.st_ino;
	}
	return 0;
}

static int new_kernel_socket(struct afudp_socket *s)
{
	return kernel_socket(s, -1);
}

int afudp_new_kernel_socket(struct afudp_socket *s)
{
	return new_kernel_socket(s);
}

AFUDP_EXPORT struct afudp_socket *
afudp_socket(struct afudp_stack *st, const struct afudp_socket_opts *uo)
{
	struct afudp_socket_opts local, *o = uo ? &local : NULL;
	struct afudp_socket *s;
	unsigned int i, j;
	int err = -EINVAL;
	int adopt = -1;
	int family = AF_INET;

	if (!st || (uo && !afudp_opts_copy(&local, sizeof(local), uo)))
		goto err;
	err = afudp_ctx_err(st);
	if (err)
		goto err;
	err = -EINVAL;
	if (o && ((o->n_queues && !o->queues) || o->busy_poll < -1 ||
		  o->busy_poll > 1 ||
		  (o->flags &
		   ~(AFUDP_SO_NONBLOCK | AFUDP_SO_SHARD | AFUDP_SO_KERNEL_FD |
		     AFUDP_SO_REUSEPORT))))
		goto err;
	/* Older callers' opts end before family: IPv4. */
	if (o && o->sz >= offsetof(struct afudp_socket_opts, family) +
				  sizeof(o->family) && o->family)
		family = o->family;
	if (family != AF_INET && family != AF_INET6) {
		err = -EAFNOSUPPORT;
		goto err;
	}
	/* A reuseport group shares every queue: no choice, no mixing. */
	if (o && (o->flags & AFUDP_SO_REUSEPORT) &&
	    ((o->flags & AFUDP_SO_SHARD) || o->n_queues))
		goto err;
	if (o && (o->flags & AFUDP_SO_KERNEL_FD)) {
		/* Older callers' opts end before kernel_fd: flag invalid. */
		if (o->sz < offsetof(struct afudp_socket_opts, kernel_fd) +
				    sizeof(o->kernel_fd))
			goto err;
		err = check_adopted(o->kernel_fd, family);
		if (err)
			goto err;
		adopt = o->kernel_fd;
	}
	err = -ENOMEM;
	pthread_mutex_lock(&st->lock);
	s = st->closed;
	if (s)
		st->closed = s->next;
	pthread_mutex_unlock(&st->lock);
	if (s)
		memset(s, 0, sizeof(*s));
	else
		s = afudp_arena_calloc(&st->arena, 1, sizeof(*s));
	if (!s)
		goto err;
	s->st = st;
	s->kfd = -1;
	s->busy_poll = st->busy_poll;
	if (o && o->busy_poll)
		s->busy_poll = o->busy_poll > 0;
	s->nonblock = o && (o->flags & AFUDP_SO_NONBLOCK);
	s->shard = o && (o->flags & AFUDP_SO_SHARD);
	s->reuse = o && (o->flags & AFUDP_SO_REUSEPORT);
	s->local.sin_family = AF_INET;
	s->family = family;
	s->local6.sin6_family = AF_INET6;
	s->ip_id = (uint16_t)random();
	if (o && o->n_queues) {
		/* Each named queue must be one the stack serves. */
		err = -EINVAL;
		for (i = 0; i < o->n_queues; i++) {
			for (j = 0; j < st->nq; j++)
				if (st->queues[j].qid == o->queues[i])
					break;
			if (j == st->nq)
				goto err_free;
		}
		err = -ENOMEM;
		s->qsel = afudp_arena_calloc(&st->arena, o->n_queues, sizeof(*s->qsel));
		if (!s->qsel)
			goto err_free;
		memcpy(s->qsel, o->queues, o->n_queues * sizeof(*s->qsel));
		s->nqsel = o->n_queues;
	}
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0) {
		err = -errno;
		goto err_free;
	}
	err = kernel_socket(s, adopt);
	if (err)
		goto err_ep;
	s->c = &s->own;
	s->magic = AFUDP_SOCK_MAGIC;
	pthread_mutex_lock(&st->lock);
	s->next = st->socks;
	st->socks = s;
	for (i = 0; st->shm && i < AFUDP_SHM_SOCKS; i++) {
		if (!st->shm->socks[i].used) {
			s->slot = &st->shm->socks[i];
			memset(s->slot, 0, sizeof(*s->slot));
			s->slot->c.sz = sizeof(s->slot->c);
			s->slot->family = s->family;
			s->slot->used = 1;
			s->c = &s->slot->c;
			break;
		}
	}
	pthread_mutex_unlock(&st->lock);
	return s;

err_ep:
	close(s->epfd);
err_free:
	afudp_arena_free(&st->arena, s->qsel);
	afudp_arena_free(&st->arena, s);
err:
	errno = -err;
	return NULL;
}

static bool serves(const struct afudp_socket *s, unsigned int qid)
{
	unsigned int i;

	if (!s->qsel)
		return true;
	for (i = 0; i < s->nqsel; i++)
		if (s->qsel[i] == qid)
			return true;
	return false;
}

/*
 * Before an XSK goes, get back every frame it holds: received ones still
 * in its RX ring (the port is unpublished first, so after a moment no more
 * arrive), and sent ones the kernel has yet to complete.
 */
static void drain_xsk(struct afudp_socket *s, struct afudp_sxsk *x)
{
	struct timespec ts = { 0, 1000 * 1000 };
	uint64_t addrs[AFUDP_BATCH];
	uint32_t idx, n, k, pass;

	for (pass = 0; pass < 100; pass++) {
		while ((n = xsk_ring_cons__peek(&x->rx, AFUDP_BATCH, &idx))) {
			for (k = 0; k < n; k++)
				addrs[k] = xsk_ring_cons__rx_desc(&x->rx,
								  idx + k)->addr;
			xsk_ring_cons__release(&x->rx, n);
			afudp_queue_rx_taken(x->q, n);
			afudp_queue_rx_release(x->q, addrs, n);
		}
		if (*x->tx.consumer == *x->tx.producer && pass)
			break;
		sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
		nanosleep(&ts, NULL);
	}
	afudp_queue_reap(x->q);
	(void)s;
}

void afudp_xsks_destroy(struct afudp_socket *s)
{
	unsigned int i;

	for (i = 0; i < s->nx; i++)
		drain_xsk(s, &s->x[i]);
	/* The TX caches' frames go back to their queues before the XSKs. */
	for (i = 0; i < s->nx; i++)
		afudp_queue_detach(s->x[i].q, &s->x[i].cache);
	for (i = 0; i < s->nx; i++) {
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->x[i].fd, NULL);
		xsk_socket__delete(s->x[i].xsk);
	}
	afudp_arena_free(&s->st->arena, s->x);
	s->x = NULL;
	s->nx = 0;
	if (s->slot)
		s->slot->nx = 0;
}

/* One XSK per served queue, joined to the queue's UMEM. */
int afudp_xsks_create(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;
	struct xsk_socket_config cfg = {
		.rx_size = st->ring_size,
		.tx_size = st->ring_size,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
	};
	struct epoll_event ev = { .events = EPOLLIN };
	struct afudp_sxsk *x;
	unsigned int i;
	int err;

	s->x = afudp_arena_calloc(&st->arena, st->nq, sizeof(*s->x));
	if (!s->x)
		return -ENOMEM;
	for (i = 0; i < st->nq; i++) {
		if (!serves(s, st->queues[i].qid))
			continue;
		x = &s->x[s->nx];
		x->q = &st->queues[i];
		err = xsk_socket__create_shared(&x->xsk, st->dev, x->q->qid,
						x->q->umem, &x->rx, &x->tx,
						&x->q->fill, &x->q->comp, &cfg);
		if (err) {
			afudp_log(&st->log, LOG_ERR,
				  "queue %u: creating the socket's XSK: %s",
				  x->q->qid, strerror(-err));
			goto err;
		}
		x->fd = xsk_socket__fd(x->xsk);
		/* libxdp opens it without SOCK_CLOEXEC. */
		fcntl(x->fd, F_SETFD, FD_CLOEXEC);
		if (s->busy_poll)
			afudp_busy_poll_xsk(st, x->fd);
		afudp_queue_attach(x->q, &x->cache);
		ev.data.u32 = s->nx;
		s->nx++;
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, x->fd, &ev)) {
			err = -errno;
			goto err;
		}
	}
	return 0;
err:
	afudp_xsks_destroy(s);
	return err;
}

/* The XSK fd of each interface queue this socket serves, -1 elsewhere. */
void afudp_xsks_fds(const struct afudp_socket *s, int *fds)
{
	unsigned int i;

	for (i = 0; i < s->st->if_queues; i++)
		fds[i] = -1;
	for (i = 0; i < s->nx; i++)
		fds[s->x[i].q->qid] = s->x[i].fd;
}

/*
 * Where the stack's entry for @port in the IPv4 or (@v6) IPv6 table is
 * linked (*result NULL: none). Under st->lock.
 */
static struct afudp_port_use **find_port(struct afudp_stack *st, __be16 port,
					 bool v6)
{
	struct afudp_port_use **pp;

	for (pp = &st->ports;
	     *pp && ((*pp)->port != port || (*pp)->v6 != v6);
	     pp = &(*pp)->next)
		;
	return pp;
}

/* Slots per queue of a reuseport group: a quarter of the XSKMAP at most. */
static unsigned int reuse_stride(const struct afudp_stack *st)
{
	unsigned int n = AFUDP_MAX_SLOTS / 4 / st->if_queues;

	if (n > AFUDP_REUSEPORT_MAX)
		n = AFUDP_REUSEPORT_MAX;
	return n ? n : 1;
}

/* Can @s join the port @u (of its IPv6 table if u->v6) this stack holds? */
static int may_join(const struct afudp_socket *s,
		    const struct afudp_port_use *u, const int *fds)
{
	unsigned int i;

	if (u->v6 ? memcmp(&u->addr6, &s->local6.sin6_addr,
			   sizeof(u->addr6)) :
		    u->addr != s->local.sin_addr.s_addr)
		return -EADDRINUSE;
	if (s->reuse)
		return u->reuse ? 0 : -EADDRINUSE;
	if (!s->shard || !u->shard)
		return -EADDRINUSE;
	for (i = 0; i < s->st->if_queues; i++)
		if (fds[i] >= 0 && u->owned[i])
			return -EADDRINUSE;
	return 0;
}

/* Publish a new entry for @s's port in the IPv4 or (@v6) IPv6 ports map. */
static int port_add(struct afudp_socket *s, bool v6, const int *fds)
{
	struct afudp_stack *st = s->st;
	const struct in6_addr *a = &s->local6.sin6_addr;
	unsigned int stride = s->reuse ? reuse_stride(st) : 1;

	if (v6)
		return afudp_xdp_port6_add(st->xdp, s->local.sin_port,
					   IN6_IS_ADDR_UNSPECIFIED(a) ? NULL : a,
					   fds, st->if_queues,
					   afudp_rx_max_len(st), stride,
					   s->shard || s->reuse);
	return afudp_xdp_port_add(st->xdp, s->local.sin_port,
				  s->local.sin_addr.s_addr, fds, st->if_queues,
				  afudp_rx_max_len(st), stride,
				  s->shard || s->reuse);
}

/*
 * Publish the bound port to the XDP program (slots first, port last), or
 * add this socket to the port its siblings hold: a shard's queues, a
 * reuseport member's next slot on every queue. In the IPv4 ports map and
 * table, or (@v6) the IPv6 ones: a dual-stack socket is in both.
 * Under st->lock: the port table and the maps change together.
 */
static int register_port(struct afudp_socket *s, bool v6)
{
	struct afudp_stack *st = s->st;
	__be16 port = s->local.sin_port;
	int fds[AFUDP_MAX_SLOTS];
	struct afudp_port_use *u;
	unsigned int i;
	int err = 0;

	if (st->if_queues > AFUDP_MAX_SLOTS)
		return -ENOSPC;
	afudp_xsks_fds(s, fds);
	pthread_mutex_lock(&st->lock);
	u = *find_port(st, port, v6);
	if (u) {
		err = may_join(s, u, fds);
		if (!err && u->reuse) {
			err = afudp_xdp_shard_join(st->xdp, port, v6, fds,
						   st->if_queues);
			if (err >= 0) {
				u->members[err] = s;
				err = 0;
			}
		} else if (!err) {
			err = afudp_xdp_slots_set(st->xdp, port, v6, fds,
						  st->if_queues);
		}
	} else {
		u = afudp_arena_calloc(&st->arena, 1, sizeof(*u) + st->if_queues);
		if (u && s->reuse) {
			u->members = afudp_arena_calloc(&st->arena, AFUDP_REUSEPORT_MAX,
						    sizeof(*u->members));
			if (u->members)
				u->members[0] = s;
		}
		if (!u || (s->reuse && !u->members))
			err = -ENOMEM;
		else
			err = port_add(s, v6, fds);
		if (err) {
			if (u)
				afudp_arena_free(&st->arena, u->members);
			afudp_arena_free(&st->arena, u);
			u = NULL;
		} else {
			u->port = port;
			u->v6 = v6;
			u->addr = s->local.sin_addr.s_addr;
			u->addr6 = s->local6.sin6_addr;
			u->shard = s->shard;
			u->reuse = s->reuse;
			u->next = st->ports;
			st->ports = u;
		}
	}
	if (!err) {
		for (i = 0; i < st->if_queues; i++)
			u->owned[i] |= fds[i] >= 0;
		u->refs++;
		s->registered = true;
	}
	pthread_mutex_unlock(&st->lock);
	return err;
}

/*
 * A reuseport member leaves: the group's last member takes its slots and
 * its place in @members (as the kernel's reuseport_detach_sock() does), so
 * the hash spreads over live sockets only. Under st->lock.
 */
static void leave_group(struct afudp_port_use *u, struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;
	int fds[AFUDP_MAX_SLOTS];
	unsigned int i, last = u->refs - 1;

	for (i = 0; i < u->refs && u->members[i] != s; i++)
		;
	if (i == u->refs)
		return;
	afudp_xsks_fds(u->members[last], fds);
	afudp_xdp_shard_leave(st->xdp, u->port, u->v6, i, fds, st->if_queues);
	u->members[i] = u->members[last];
	u->members[last] = NULL;
}

/* The entry @pp links goes: out of the table and the ports map. */
static void port_drop(struct afudp_stack *st, struct afudp_port_use **pp)
{
	struct afudp_port_use *u = *pp;

	*pp = u->next;
	if (u->v6)
		afudp_xdp_port6_del(st->xdp, u->port);
	else
		afudp_xdp_port_del(st->xdp, u->port);
	afudp_arena_free(&st->arena, u->members);
	afudp_arena_free(&st->arena, u);
}

/*
 * The last user of a port unpublishes it; a shard takes its queues back, a
 * reuseport member its slots. In the IPv4 or (@v6) the IPv6 table.
 */
static void unregister_family(struct afudp_socket *s, bool v6)
{
	struct afudp_stack *st = s->st;
	struct afudp_port_use *u, **pp;
	int fds[AFUDP_MAX_SLOTS];
	unsigned int i;

	afudp_xsks_fds(s, fds);
	pthread_mutex_lock(&st->lock);
	pp = find_port(st, s->local.sin_port, v6);
	u = *pp;
	if (u && u->refs == 1) {
		port_drop(st, pp);
	} else if (u && u->reuse) {
		leave_group(u, s);
		u->refs--;
	} else if (u) {
		u->refs--;
		afudp_xdp_slots_clear(st->xdp, u->port, v6, fds,
				      st->if_queues);
		for (i = 0; i < st->if_queues; i++)
			if (fds[i] >= 0)
				u->owned[i] = 0;
	}
	pthread_mutex_unlock(&st->lock);
}

/* Does @s have an entry in the IPv4 table (an AF_INET6 one: dual-stack)? */
static bool in_ports4(const struct afudp_socket *s)
{
	return s->family != AF_INET6 || s->v4;
}

static void unregister_port(struct afudp_socket *s)
{
	if (s->reg6)
		unregister_family(s, true);
	if (in_ports4(s))
		unregister_family(s, false);
	s->reg6 = false;
	s->registered = false;
}

/*
 * Publish every entry the socket's families need: IPv6's (an AF_INET6
 * socket's, s->v6), then IPv4's; all or none.
 */
static int register_ports(struct afudp_socket *s)
{
	int err;

	if (s->family == AF_INET6 && s->v6) {
		err = register_port(s, true);
		if (err)
			return err;
		s->reg6 = true;
	}
	if (!in_ports4(s))
		return 0;
	err = register_port(s, false);
	if (err && s->reg6) {
		unregister_family(s, true);
		s->reg6 = false;
		s->registered = false;
	}
	return err;
}

int afudp_register_ports(struct afudp_socket *s)
{
	return register_ports(s);
}

static int check_sin(const struct sockaddr *addr, socklen_t len,
		     struct sockaddr_in *out)
{
	if (!addr)
		return -EFAULT;
	if (len < (socklen_t)sizeof(sa_family_t))
		return -EINVAL;
	if (addr->sa_family != AF_INET)
		return -EAFNOSUPPORT;
	if (len < (socklen_t)sizeof(struct sockaddr_in))
		return -EINVAL;
	memcpy(out, addr, sizeof(*out));
	return 0;
}

bool afudp_local4_here(struct afudp_stack *st, __be32 a)
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

void afudp_bound(struct afudp_socket *s)
{
	s->bound = true;
	if (s->slot) {
		s->slot->port = s->local.sin_port;
		s->slot->addr = s->local.sin_addr.s_addr;
		memcpy(s->slot->addr6, &s->local6.sin6_addr,
		       sizeof(s->slot->addr6));
	}
}

int afudp_bind_fast(struct afudp_socket *s)
{
	int err;

	err = afudp_xsks_create(s);
	if (err)
		return err;
	if (s->slot) {
		unsigned int i;

		for (i = 0; i < s->nx && i < AFUDP_SHM_QUEUES; i++) {
			s->slot->xsk_fd[i] = s->x[i].fd;
			s->slot->qid[i] = s->x[i].q->qid;
		}
		s->slot->nx = i;
	}
	err = register_ports(s);
	if (err) {
		afudp_log(&s->st->log, LOG_ERR, "port %u%s: registering: %s",
			  ntohs(s->local.sin_port),
			  s->family == AF_INET6 ? " (IPv6)" : "",
			  strerror(-err));
		afudp_xsks_destroy(s);
	}
	return err;
}

int afudp_unbind(struct afudp_socket *s, int err)
{
	/* A kernel socket cannot unbind: replace it with a fresh one. */
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->kfd, NULL);
	close(s->kfd);
	s->bound = false;
	s->v4 = s->v6 = false;
	s->local.sin_port = 0;
	s->local.sin_addr.s_addr = 0;
	memset(&s->local6, 0, sizeof(s->local6));
	s->local6.sin6_family = AF_INET6;
	if (new_kernel_socket(s))
		s->kfd = -1;
	return err;
}

int afudp_bind_addr(struct afudp_socket *s, const struct sockaddr_in *sin)
{
	struct afudp_stack *st = s->st;
	socklen_t len = sizeof(s->local);
	int err;

	if (bind(s->kfd, (const struct sockaddr *)sin, sizeof(*sin)))
		return -errno;
	if (getsockname(s->kfd, (struct sockaddr *)&s->local, &len))
		return afudp_unbind(s, -errno);
	afudp_bound(s);
	if (afudp_kernel_backend(st))
		return 0;
	/*
	 * Only a wildcard or one of this interface's addresses can be
	 * reached through it; other bindings (loopback, another interface)
	 * are served by the kernel socket alone.
	 */
	if (!afudp_local4_here(st, sin->sin_addr.s_addr)) {
		afudp_log(&st->log, LOG_INFO,
			  "%s:%u is not on %s: kernel path only",
			  inet_ntoa(sin->sin_addr), ntohs(s->local.sin_port),
			  st->ifname);
		return 0;
	}
	err = afudp_bind_fast(s);
	if (err)
		return afudp_unbind(s, err);
	afudp_mc_bound(s);
	return 0;
}

AFUDP_EXPORT int afudp_bind(struct afudp_socket *s,
			    const struct sockaddr *addr, socklen_t addrlen)
{
	struct sockaddr_in sin;
	int err;

	AFUDP_CHECK_OPEN(s);
	if (!s)
		return -EINVAL;
	if (s->family == AF_INET6) {
		struct sockaddr_in6 sin6;

		err = afudp_check_sin6(addr, addrlen, &sin6);
		if (err)
			return err;
		if (s->bound || s->kfd < 0)
			return -EINVAL;
		return afudp_bind_addr6(s, &sin6);
	}
	err = check_sin(addr, addrlen, &sin);
	if (err)
		return err;
	if (s->bound || s->kfd < 0)
		return -EINVAL;
	return afudp_bind_addr(s, &sin);
}

AFUDP_EXPORT int afudp_connect(struct afudp_socket *s,
			       const struct sockaddr *addr, socklen_t addrlen)
{
	struct sockaddr_in any = { .sin_family = AF_INET };
	struct sockaddr_in sin;
	int err;

	AFUDP_CHECK_OPEN(s);
	if (!s || !addr)
		return -EINVAL;
	if (addrlen >= (socklen_t)sizeof(sa_family_t) &&
	    addr->sa_family == AF_UNSPEC) {
		struct sockaddr un = { .sa_family = AF_UNSPEC };

		if (connect(s->kfd, &un, sizeof(un)))
			return -errno;
		s->connected = false;
		return 0;
	}
	if (s->family == AF_INET6) {
		struct sockaddr_in6 sin6;

		err = afudp_check_sin6(addr, addrlen, &sin6);
		return err ? err : afudp_connect6(s, &sin6);
	}
	err = check_sin(addr, addrlen, &sin);
	if (err)
		return err;
	if (!s->bound) {
		err = afudp_bind_addr(s, &any);
		if (err)
			return err;
	}
	/* The kernel checks the route and filters its own half. */
	if (connect(s->kfd, (struct sockaddr *)&sin, sizeof(sin)))
		return -errno;
	s->peer = sin;
	s->connected = true;
	return 0;
}

AFUDP_EXPORT int afudp_getsockname(struct afudp_socket *s,
				   struct sockaddr *addr, socklen_t *addrlen)
{
	socklen_t n;

	AFUDP_CHECK_OPEN(s);
	if (!s || !addr || !addrlen)
		return -EINVAL;
	if (s->family == AF_INET6) {
		n = *addrlen < sizeof(s->local6) ? *addrlen :
						   sizeof(s->local6);
		memcpy(addr, &s->local6, n);
		*addrlen = sizeof(s->local6);
		return 0;
	}
	n = *addrlen < sizeof(s->local) ? *addrlen : sizeof(s->local);
	memcpy(addr, &s->local, n);
	*addrlen = sizeof(s->local);
	return 0;
}

AFUDP_EXPORT int afudp_socket_fd(struct afudp_socket *s)
{
	AFUDP_CHECK_OPEN(s);
	return s ? s->epfd : -EINVAL;
}

AFUDP_EXPORT int afudp_kernel_rx(struct afudp_socket *s, bool kernel)
{
	AFUDP_CHECK_OPEN(s);
	if (!s)
		return -EINVAL;
	if (!s->bound)
		return -EINVAL;
	if (!s->nx || kernel != s->registered)
		return 0;
	if (kernel) {
		unregister_port(s);
		return 0;
	}
	return register_ports(s);
}

/*
 * Processes. After fork() a socket is the child's as much as the parent's
 * (shared.h): a process holds it while its copy of the kernel socket is
 * open (closed by afudp_close() in that process, at exec, or at its
 * death), which /proc tells for any process of the stack's.
 */
static bool held_here(const struct afudp_socket *s)
{
	return afudp_proc_has(getpid(), s->kfd, s->kino);
}

static bool held_elsewhere(const struct afudp_socket *s)
{
	return afudp_others_have(s->st, s->kfd, s->kino);
}

/* The heap buffers (private to each process, like all malloc()ed memory). */
static void free_bufs(struct afudp_socket *s)
{
	free(s->kern_buf);
	for (unsigned int i = 0; i < AFUDP_HEAP_BUFS; i++) {
		free(s->heap_tx[i]);
		free(s->chain_rx[i]);
	}
}

/*
 * Let go of this process's part of @s, which others still hold: its
 * copies of the descriptors and of libxdp's objects, and its buffers. The
 * shared state is theirs and stays as it is.
 */
static void release_here(struct afudp_socket *s)
{
	unsigned int i;

	for (i = 0; i < s->nx; i++)
		xsk_socket__delete(s->x[i].xsk);
	if (s->mc_q)
		close(s->mc_efd);
	close(s->kfd);
	close(s->epfd);
	free_bufs(s);
}

/* Gone from the stack's list, its counters' slot free. */
static void unlink_sock(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;
	struct afudp_socket **pp;

	pthread_mutex_lock(&st->lock);
	for (pp = &st->socks; *pp && *pp != s; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = s->next;
	if (s->slot)
		s->slot->used = 0;
	pthread_mutex_unlock(&st->lock);
}

static void keep_closed(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;

	pthread_mutex_lock(&st->lock);
	s->next = st->closed;
	st->closed = s;
	pthread_mutex_unlock(&st->lock);
}

/* The magic was cleared, under st->lock: close @s for good. */
static void close_for_good(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;

	unlink_sock(s);
	afudp_mc_close(s);
	if (s->registered)
		unregister_port(s);
	if (s->zc_held || s->zc_tx_held)
		afudp_log(&st->log, LOG_WARNING,
			  "socket closed holding %u received and %u send buffers: they return when the stack closes",
			  s->zc_held, s->zc_tx_held);
	afudp_xsks_destroy(s);
	if (s->kfd >= 0)
		close(s->kfd);
	close(s->epfd);
	afudp_arena_free(&st->arena, s->qsel);
	free_bufs(s);
	keep_closed(s);
}

/*
 * A socket this process never had (made by another process after the
 * fork that made this one), which no live process holds: its port leaves
 * the XDP program's maps. Its rings are mapped nowhere here; the stack is
 * closing, and its frames go with the queues.
 */
static void close_orphan(struct afudp_socket *s)
{
	struct afudp_stack *st = s->st;
	struct afudp_port_use **pp;
	int v6;

	unlink_sock(s);
	pthread_mutex_lock(&st->lock);
	for (v6 = 0; s->registered && v6 < 2; v6++) {
		if (v6 ? !s->reg6 : !in_ports4(s))
			continue;
		pp = find_port(st, s->local.sin_port, v6);
		if (*pp && !--(*pp)->refs)
			port_drop(st, pp);
	}
	pthread_mutex_unlock(&st->lock);
	keep_closed(s);
}

AFUDP_EXPORT int afudp_close(struct afudp_socket *s)
{
	struct afudp_stack *st;
	bool lost;
	int err;

	if (!s)
		return 0;
	if (s->magic != AFUDP_SOCK_MAGIC)
		return -EBADF;
	st = s->st;
	err = afudp_ctx_err(st);	/* a forked child takes it over */
	if (err && err != -ECHILD)
		return err;
	lost = err == -ECHILD;
	pthread_mutex_lock(&st->lock);
	if (s->magic != AFUDP_SOCK_MAGIC) {	/* closed twice */
		pthread_mutex_unlock(&st->lock);
		return -EBADF;
	}
	if (lost || held_elsewhere(s)) {
		/* Others read it on: this process lets go of its part. */
		pthread_mutex_unlock(&st->lock);
		release_here(s);
		return 0;
	}
	s->magic = 0;
	pthread_mutex_unlock(&st->lock);
	close_for_good(s);
	return 0;
}

void afudp_socks_close(struct afudp_stack *st)
{
	struct afudp_socket *s, *next;

	for (s = st->socks; s; s = next) {
		next = s->next;
		pthread_mutex_lock(&st->lock);
		if (s->magic != AFUDP_SOCK_MAGIC) {
			pthread_mutex_unlock(&st->lock);
			continue;
		}
		if (!held_here(s)) {
			/* Another process's; gone with the last of them. */
			if (held_elsewhere(s) || afudp_shared_with_others(st)) {
				pthread_mutex_unlock(&st->lock);
				continue;
			}
			s->magic = 0;
			pthread_mutex_unlock(&st->lock);
			close_orphan(s);
			continue;
		}
		if (held_elsewhere(s)) {
			pthread_mutex_unlock(&st->lock);
			release_here(s);
			continue;
		}
		s->magic = 0;
		pthread_mutex_unlock(&st->lock);
		close_for_good(s);
	}
}

void afudp_socks_to_kernel(struct afudp_stack *st)
{
	struct afudp_socket *s;

	for (s = st->socks; s; s = s->next)
		if (s->magic == AFUDP_SOCK_MAGIC && s->bound && s->nx &&
		    s->registered)
			unregister_port(s);
}

/* ---- options ------------------------------------------------------------ */

/*
 * The kernel socket is the one source of truth for options: each is set on
 * it first (its errno is the caller's, and the slow path's datagrams carry
 * the control messages the kernel gives), then those the fast path knows
 * are read back (afudp_cmsg_sync()), so interplays such as SO_TIMESTAMP
 * clearing SO_TIMESTAMPNS are the kernel's own.
 */
static int opt_get(int fd, int level, int name)
{
	socklen_t len = sizeof(int);
	int v = 0;

	if (getsockopt(fd, level, name, &v, &len))
		return 0;
	return v;
}

void afudp_cmsg_sync(struct afudp_socket *s)
{
	static const struct {
		int level, name;
		unsigned int flag;
	} opts[] = {
		{ IPPROTO_IP, IP_PKTINFO, AFUDP_CM_PKTINFO },
		{ IPPROTO_IP, IP_RECVTTL, AFUDP_CM_TTL },
		{ IPPROTO_IP, IP_RECVTOS, AFUDP_CM_TOS },
		{ IPPROTO_IP, IP_RECVORIGDSTADDR, AFUDP_CM_ORIGDST },
		/* Nanoseconds first: the kernel says SO_TIMESTAMP_NEW then too. */
		{ SOL_SOCKET, SO_TIMESTAMPNS_OLD, AFUDP_CM_TSNS },
#ifdef SO_TIMESTAMPNS_NEW
		{ SOL_SOCKET, SO_TIMESTAMPNS_NEW,
		  AFUDP_CM_TSNS | AFUDP_CM_TSNEW },
#endif
		{ SOL_SOCKET, SO_TIMESTAMP_OLD, AFUDP_CM_TS },
#ifdef SO_TIMESTAMP_NEW
		{ SOL_SOCKET, SO_TIMESTAMP_NEW, AFUDP_CM_TS | AFUDP_CM_TSNEW },
#endif
	};
	/* An AF_INET6 socket's IPv6 ones: its rxopt bits, by these names. */
	static const struct {
		int name;
		unsigned int flag;
	} opts6[] = {
		{ IPV6_RECVPKTINFO, AFUDP_CM_PKTINFO6 },
		{ IPV6_RECVHOPLIMIT, AFUDP_CM_HLIM6 },
		{ IPV6_RECVTCLASS, AFUDP_CM_TCLASS6 },
		{ IPV6_FLOWINFO, AFUDP_CM_FLOW6 },
		{ IPV6_2292PKTINFO, AFUDP_CM_OPKTINFO6 },
		{ IPV6_2292HOPLIMIT, AFUDP_CM_OHLIM6 },
		{ IPV6_RECVORIGDSTADDR, AFUDP_CM_ORIGDST6 },
	};
	unsigned int i, cm = 0;
	int v;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		/* One timestamp at most, as the kernel gives. */
		if ((opts[i].flag & AFUDP_CM_TSTAMP) && (cm & AFUDP_CM_TSTAMP))
			continue;
		if (opt_get(s->kfd, opts[i].level, opts[i].name) > 0)
			cm |= opts[i].flag;
	}
	for (i = 0; s->family == AF_INET6 && i < sizeof(opts6) / sizeof(opts6[0]);
	     i++)
		if (opt_get(s->kfd, IPPROTO_IPV6, opts6[i].name) > 0)
			cm |= opts6[i].flag;
	/*
	 * SO_TIMESTAMPING's receive side (rx_tsflags(), cmsg.c): its flags
	 * are an int, as getsockopt() gives them back (struct
	 * so_timestamping's first member).
	 */
	s->tsflags = (unsigned int)opt_get(s->kfd, SOL_SOCKET,
					   SO_TIMESTAMPING_OLD);
	if (afudp_rx_tsflags(s->tsflags))
		cm |= AFUDP_CM_TSING;
#ifdef SO_TIMESTAMPING_NEW
	/* Readable by this name only when it was set by it (SOCK_TSTAMP_NEW). */
	if (s->tsflags && opt_get(s->kfd, SOL_SOCKET, SO_TIMESTAMPING_NEW))
		cm |= AFUDP_CM_TSNEW;
#endif
	s->ts_on = s->ts_api || (cm & (AFUDP_CM_TSTAMP | AFUDP_CM_TSING));
	s->tos = (uint8_t)opt_get(s->kfd, IPPROTO_IP, IP_TOS);
	/* The kernel's default (ip_default_ttl) when none was set. */
	v = opt_get(s->kfd, IPPROTO_IP, IP_TTL);
	s->ttl = v > 0 && v < 256 ? (uint8_t)v : AFUDP_IP4_DEFAULT_TTL;
	if (s->family == AF_INET6) {
		s->tclass6 = (uint8_t)opt_get(s->kfd, IPPROTO_IPV6,
					      IPV6_TCLASS);
		/*
		 * The hop limit the kernel would use (unset: the route's or
		 * the sysctl's). 0 is a valid setting, which the fast path
		 * leaves to the kernel (ip6.c).
		 */
		v = opt_get(s->kfd, IPPROTO_IPV6, IPV6_UNICAST_HOPS);
		s->hlim6 = v >= 0 && v < 256 ? (uint8_t)v : 64;
	}
	s->cmsg = cm;
	v = opt_get(s->kfd, SOL_UDP, UDP_SEGMENT);
	s->gso_size = v > 0 && v <= 0xffff ? (uint16_t)v : 0;
	s->gro = s->family != AF_INET6 &&
		 opt_get(s->kfd, SOL_UDP, UDP_GRO) > 0;
}

AFUDP_EXPORT int afudp_setsockopt(struct afudp_socket *s, int level,
				  int optname, const void *optval,
				  socklen_t optlen)
{
	AFUDP_CHECK_OPEN(s);
	if (!s || s->kfd < 0)
		return -EINVAL;
	if (setsockopt(s->kfd, level, optname, optval, optlen)) {
		int err = -errno;

		/*
		 * A member already: the kernel socket joined before afudp
		 * adopted it (AFUDP_SO_KERNEL_FD; the preload replays the
		 * joins of a socket it serves from its bind on). The fast
		 * path learns it; the caller still hears the kernel's answer.
		 */
		if (err == -EADDRINUSE && level == IPPROTO_IP &&
		    (optname == IP_ADD_MEMBERSHIP ||
		     optname == IP_ADD_SOURCE_MEMBERSHIP))
			afudp_mc_setsockopt(s, optname, optval, optlen);
		return err;
	}
	if (level == IPPROTO_IP)
		afudp_mc_setsockopt(s, optname, optval, optlen);
	afudp_cmsg_sync(s);
	return 0;
}

AFUDP_EXPORT int afudp_getsockopt(struct afudp_socket *s, int level,
				  int optname, void *optval, socklen_t *optlen)
{
	AFUDP_CHECK_OPEN(s);
	if (!s || s->kfd < 0)
		return -EINVAL;
	if (getsockopt(s->kfd, level, optname, optval, optlen))
		return -errno;
	return 0;
}

AFUDP_EXPORT int afudp_socket_stats(struct afudp_socket *s,
				    struct afudp_socket_stats *stats)
{
	struct afudp_socket_stats v;
	struct xdp_statistics xs;
	socklen_t len;
	unsigned int i;
	size_t sz;

	AFUDP_CHECK_OPEN(s);
	if (!s || !stats || stats->sz < sizeof(size_t))
		return -EINVAL;
	sz = stats->sz < sizeof(v) ? stats->sz : sizeof(v);
	v = *s->c;
	for (i = 0; i < s->nx; i++) {
		len = sizeof(xs);
		if (getsockopt(s->x[i].fd, SOL_XDP, XDP_STATISTICS, &xs, &len))
			continue;
		v.rx_dropped += xs.rx_dropped;
		v.rx_invalid_descs += xs.rx_invalid_descs;
		v.tx_invalid_descs += xs.tx_invalid_descs;
		v.rx_ring_full += xs.rx_ring_full;
		v.rx_fill_empty += xs.rx_fill_ring_empty_descs;
	}
	v.sz = sz;
	memcpy(stats, &v, sz);
	return 0;
}
