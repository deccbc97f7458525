/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libafudp-preload: run an unmodified UDP program on afudp (LD_PRELOAD).
 * Internal declarations shared by preload.c (set-up, descriptors, options),
 * io.c (the data path) and poll.c (readiness).
 *
 * How an application's socket becomes an afudp socket. The application's
 * fd number F stays its handle. When it binds F to a selected port:
 *   1. K = dup(F): K is the same kernel UDP socket, with every option the
 *      application set on it;
 *   2. an afudp socket adopts K as its kernel socket (AFUDP_SO_KERNEL_FD)
 *      and binds it, so the kernel still reserves the port and carries the
 *      slow path;
 *   3. dup2(afudp_socket_fd(), F): F now names the afudp socket's epoll
 *      instance, readable whenever any of its XSKs or K has a datagram, so
 *      the application's poll/select/epoll on F need no translation for
 *      reading. (Writability does: an epoll fd never polls writable, see
 *      poll.c.)
 * A table indexed by fd maps F (and its dups) to a struct pl_sock. Entries
 * are published with atomics and the structs are never freed (they go to a
 * free list), so the data path looks F up without any global lock; each
 * call holds a reference, and the socket is torn down when the last fd is
 * closed and the last call has returned, as the kernel does with a file.
 *
 * One afudp stack per process, opened at the first selected bind on
 * $AFUDP_IFACE and closed at exit. After fork() the child must not touch
 * the parent's rings: it serves the inherited sockets through their kernel
 * sockets instead (see struct pl_sock.sh and io.c), and binds new sockets
 * on the kernel only.
 */
#ifndef AFUDP_PRELOAD_H
#define AFUDP_PRELOAD_H

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stddef.h>

#include <afudp.h>

#define PL_API __attribute__((visibility("default")))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/*
 * An address of either family: what a served socket is bound to, and a
 * peeked datagram's source (as the socket's family gives it).
 */
union pl_addr {
	struct sockaddr sa;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
};

/*
 * Can @a (@len bytes) name a UDP peer or local address the kernel takes:
 * AF_INET, or AF_INET6 at least as long as RFC 2133's (no scope id)?
 */
static inline bool pl_addr_ok(const struct sockaddr *a, socklen_t len)
{
	if (!a || len < (socklen_t)sizeof(struct sockaddr_in))
		return false;
	return a->sa_family == AF_INET ||
	       (a->sa_family == AF_INET6 &&
		len >= (socklen_t)offsetof(struct sockaddr_in6, sin6_scope_id));
}

/* The largest UDP payload: a peeked datagram must fit whole. */
#define PL_MAX_DGRAM 65536
/* Room for every receive control message afudp gives, each once. */
#define PL_PEEK_CTL 512

/*
 * The peeked datagram (MSG_PEEK, FIONREAD), in memory shared with forked
 * children: a parent that peeks and forks a child to read the datagram
 * (socat's UDP-RECVFROM,fork does exactly that) sees it consumed, as it
 * would see it gone from a kernel socket's queue. A sequence lock: @seq is
 * odd while a datagram is held. Only the owner process fills it (under the
 * socket's lock); anyone consumes it with a compare-and-swap on @seq.
 */
struct pl_peek {
	_Atomic uint32_t seq;
	uint32_t len;
	union pl_addr src;
	socklen_t srclen;
	/* Its control messages, whole (every read of it gets them). */
	uint32_t ctllen;
	uint8_t ctl[PL_PEEK_CTL] __attribute__((aligned(8)));
	uint8_t data[PL_MAX_DGRAM];
};

struct pl_shlock {
	pthread_mutex_t lock; /* process-shared */
	/* Threads waiting for @lock: a busy-polling receiver lets them in. */
	_Atomic unsigned int waiters;
};

struct pl_sock {
	/* Fds naming the socket in the table + data-path calls in flight. */
	_Atomic unsigned int refs;
	/*
	 * Data-path calls, one at a time (afudp's rule for a socket), in
	 * every process sharing it after fork(): in shared memory, made with
	 * the struct and kept with it (a recycled struct's next socket may
	 * share it with the last one's in a child: a lock in common, no
	 * harm).
	 */
	struct pl_shlock *shl;
	struct afudp_socket *s;
	int kfd; /* the kernel socket (K), owned by @s */
	int epfd; /* afudp_socket_fd(@s) */
	int family; /* AF_INET or AF_INET6, as the application's socket */
	/*
	 * Always writable, readable while @sh holds a datagram: it sits in
	 * @epfd (so F polls readable for a peeked datagram) and stands in
	 * for F in an application's epoll set for EPOLLOUT (poll.c).
	 */
	int evfd;
	_Atomic bool nonblock; /* O_NONBLOCK of the application's fd */
	_Atomic int rcvtimeo_ms; /* SO_RCVTIMEO; 0 = none */
	/*
	 * Sends go through the kernel socket, which assembles the datagram:
	 * 1 while UDP_CORK is on, 2 from a MSG_MORE send to the next send
	 * without it. Under @lock.
	 */
	uint8_t corked;
	struct pl_peek *sh; /* MAP_SHARED, made at the first peek */
	struct pl_sock *next_free;
	struct pl_sock *all_next; /* every struct ever made (type-stable) */
};

/* Settings and process-wide state (preload.c). */
extern struct pl_sock *_Atomic *pl_tab;
extern unsigned int pl_tab_n;
extern _Atomic unsigned int pl_nsocks;
/*
 * Don't call into libafudp: a forked child of a process with a stack, or
 * a process whose stack was closed at exit. Inherited sockets then use
 * their kernel sockets.
 */
extern volatile sig_atomic_t pl_nolib;
extern bool pl_busy_poll;

/*
 * The real libc functions (dlsym(RTLD_NEXT)), resolved on first use: a
 * constructor of another library may call them before ours runs. Each file
 * declares the ones it needs with PL_REAL_DECL(name); the shared ones are
 * defined in preload.c.
 */
void *pl_sym(const char *name);
#define PL_REAL_DECL(name) typeof(&name) pl_real_##name
#define REAL(name)                                                             \
	({                                                                     \
		if (unlikely(!pl_real_##name))                                 \
			pl_real_##name =                                       \
				(typeof(pl_real_##name))pl_sym(#name);         \
		pl_real_##name;                                                \
	})
extern PL_REAL_DECL(close);
extern PL_REAL_DECL(poll);
extern PL_REAL_DECL(ppoll);
extern PL_REAL_DECL(recvmsg);
extern PL_REAL_DECL(sendmsg);
extern PL_REAL_DECL(epoll_ctl);

/*
 * A forked child's first call: libafudp takes the stack over, or says it
 * can't (then pl_nolib: the kernel sockets serve). preload.c.
 */
extern _Atomic bool pl_forked;
void pl_fork_check(void);

/* Drop a reference; the last one closes the afudp socket (preload.c). */
void pl_put(struct pl_sock *ps);

/*
 * The socket fd @fd names, with a reference held (pl_put() it), or NULL:
 * then @fd is not afudp's and the call goes to libc.
 */
static inline struct pl_sock *pl_get(int fd)
{
	struct pl_sock *ps;
	unsigned int r;

	if (likely(!atomic_load_explicit(&pl_nsocks, memory_order_relaxed)) ||
	    (unsigned int)fd >= pl_tab_n)
		return NULL;
	ps = atomic_load_explicit(&pl_tab[fd], memory_order_acquire);
	if (!ps)
		return NULL;
	if (unlikely(atomic_load_explicit(&pl_forked, memory_order_relaxed)))
		pl_fork_check();
	r = atomic_load_explicit(&ps->refs, memory_order_relaxed);
	do {
		if (!r)
			return NULL; /* being torn down */
	} while (!atomic_compare_exchange_weak_explicit(&ps->refs, &r, r + 1,
							memory_order_acquire,
							memory_order_relaxed));
	/* Recycled for another fd between the load and the reference? */
	if (unlikely(atomic_load_explicit(&pl_tab[fd], memory_order_acquire) !=
		     ps)) {
		pl_put(ps);
		return NULL;
	}
	return ps;
}

/* Is @fd afudp's? No reference taken: for readiness checks only. */
static inline bool pl_is(int fd)
{
	return atomic_load_explicit(&pl_nsocks, memory_order_relaxed) &&
	       (unsigned int)fd < pl_tab_n &&
	       atomic_load_explicit(&pl_tab[fd], memory_order_relaxed);
}

static inline void pl_lock(struct pl_sock *ps)
{
	struct pl_shlock *l = ps->shl;

	if (likely(!pthread_mutex_trylock(&l->lock)))
		return;
	atomic_fetch_add_explicit(&l->waiters, 1, memory_order_relaxed);
	pthread_mutex_lock(&l->lock);
	atomic_fetch_sub_explicit(&l->waiters, 1, memory_order_relaxed);
}

static inline void pl_unlock(struct pl_sock *ps)
{
	pthread_mutex_unlock(&ps->shl->lock);
}

/*
 * An unbound UDP socket the application sends from or connects: serve it
 * if implicit (ephemeral) binds are selected. Returns the socket with a
 * reference, or NULL (libc then handles the call).
 */
struct pl_sock *pl_autobind(int fd);

/* io.c */
ssize_t pl_recvmsg(struct pl_sock *ps, struct msghdr *m, int flags);
ssize_t pl_recvfrom(struct pl_sock *ps, void *buf, size_t len, int flags,
		    struct sockaddr *src, socklen_t *srclen);
ssize_t pl_sendmsg(struct pl_sock *ps, const struct msghdr *m, int flags);
ssize_t pl_sendto(struct pl_sock *ps, const void *buf, size_t len, int flags,
		  const struct sockaddr *dst, socklen_t dstlen);
/* FIONREAD: the size of the next datagram, 0 if none; or -errno. */
int pl_next_len(struct pl_sock *ps);

/* Log through stderr when $AFUDP_VERBOSE is set (warnings always). */
void pl_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* AFUDP_PRELOAD_H */
