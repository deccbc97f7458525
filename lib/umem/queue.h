/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One RX/TX queue of the interface: its UMEM, the fill and completion rings
 * every XSK on the queue shares, and the pool of its free frames.
 *
 * A TX-only "anchor" XSK owns the UMEM binding for the queue's lifetime, so
 * the sockets joining it (XDP_SHARED_UMEM) can come and go in any order: with
 * libxdp the first XSK's fd is the UMEM's fd and stays bound until the UMEM
 * is deleted, so no user socket must ever be first. The anchor is never in
 * the XSKMAP.
 *
 * Concurrency: the fill ring, completion ring and pool are used by every
 * socket on the queue, possibly from several threads; all three are guarded
 * by q->lock, taken once per batch by the functions below. A socket's TX
 * frame cache (struct afudp_cache, see pool.h) has its own lock, taken
 * before q->lock. Senders blocked for a free frame sleep on q->seq, which
 * moves (with a wake-up) whenever frames come back to the pool while one
 * waits. Nothing else here is mutable after open.
 *
 * A frame's ways, one verb pair per direction (as xsk.h has reserve/submit
 * and peek/release for rings). "Release" is always the way back:
 *
 *	RX:  fill ring -> kernel -> RX ring -> afudp_queue_rx_taken()
 *	     ... parsed, read by the application ...
 *	     afudp_queue_rx_release() -> fill ring (or pool, past the budget)
 *	TX:  afudp_queue_tx_acquire() <- socket cache <- pool
 *	     ... built, pushed on a TX ring -> kernel -> completion ring
 *	     afudp_queue_reap() -> pool
 *	     or, unused: afudp_queue_tx_release() -> socket cache / pool
 *
 * The socket layer keeps the same words (rx_release, tx_release in rx.c,
 * tx.c); the public afudp_zc_release() and afudp_zc_free() end in them.
 */
#ifndef AFUDP_QUEUE_H
#define AFUDP_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <xdp/xsk.h>

#include "log.h"
#include "pool.h"

/* Multi-buffer AF_XDP (Linux 6.6); Debian 12's linux/if_xdp.h predates it. */
#ifndef XDP_USE_SG
#define XDP_USE_SG (1 << 4)
#endif
#ifndef XDP_PKT_CONTD
#define XDP_PKT_CONTD (1 << 0)
#endif

/*
 * Frames pass between threads through the kernel: one thread submits a
 * frame (TX or fill ring), the kernel hands it back through a ring another
 * thread reads (completion or RX). The rings' barriers order this, but a
 * ThreadSanitizer build can't see the kernel's side, so tell it: release a
 * frame when it goes to the kernel, acquire it when it comes back.
 */
#if defined(__SANITIZE_THREAD__)
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define AFUDP_TO_KERNEL(q, addr) \
	__tsan_release(afudp_queue_data(q, afudp_pool_base(&(q)->pool, addr)))
#define AFUDP_FROM_KERNEL(q, addr) \
	__tsan_acquire(afudp_queue_data(q, afudp_pool_base(&(q)->pool, addr)))
#else
#define AFUDP_TO_KERNEL(q, addr) ((void)(q), (void)(addr))
#define AFUDP_FROM_KERNEL(q, addr) ((void)(q), (void)(addr))
#endif

struct afudp_queue {
	unsigned int qid;
	void *area;
	size_t area_size;
	uint32_t frame_size;
	bool zerocopy;
	/*
	 * Bound with XDP_USE_SG (the flag is the UMEM's: every XSK joining
	 * it takes chains too): a frame larger than one UMEM frame comes
	 * as a chain of descriptors, XDP_PKT_CONTD on all but the last,
	 * and may be sent as one.
	 */
	bool sg;
	struct xsk_umem *umem;
	struct xsk_ring_prod fill;
	struct xsk_ring_cons comp;
	struct xsk_socket *anchor;
	struct xsk_ring_prod anchor_tx;
	pthread_spinlock_t lock;
	struct afudp_pool pool;		/* under lock */
	uint32_t fill_target;		/* frames kept in the fill ring */
	/*
	 * Frames the receive side holds: given to the fill ring and not yet
	 * taken off an RX ring (atomic: RX rings are read without the lock).
	 * Kept at most rx_budget, so that datagrams piling up in the RX ring
	 * of a socket that doesn't read can't take the frames TX needs (a
	 * blocked sender that would read them afterwards would wait forever).
	 */
	uint32_t rx_out;
	uint32_t rx_budget;
	/*
	 * By frame: lent to the application (enum afudp_lent), so a buffer
	 * freed, sent or released twice, or a made-up handle, is refused
	 * instead of putting one frame in two places. Written only by the
	 * socket the frame is lent to.
	 */
	uint8_t *lent;
	uint32_t waiters;		/* atomic: senders waiting */
	uint32_t seq;			/* atomic, futex: frames back */
};

/*
 * Create the UMEM of @frames frames of @frame_size bytes for queue @qid of
 * @ifname, bind the anchor (zero-copy if @copy_req asks or allows it, see
 * enum afudp_copy_mode; multi-buffer, XDP_USE_SG, if @sg_req and the
 * kernel and driver allow it: q->sg) and fill the fill ring. 0 or -errno.
 */
int afudp_queue_open(struct afudp_queue *q, const char *ifname,
		     unsigned int qid, uint32_t frames, uint32_t frame_size,
		     int copy_req, bool sg_req, const struct afudp_logger *lg);
void afudp_queue_close(struct afudp_queue *q);

/*
 * For afudp_queue_open() and the unit tests (tests/unit/check_queue.c),
 * which bring rings of their own: on @q zeroed but for area, area_size,
 * frame_size and the fill and completion rings (as xsk_umem__create()
 * leaves them), initialise the pool, the lent array and the lock, set the
 * receive budget and fill the fill ring up to its size (fill_target).
 * 0 or -errno. afudp_queue_fini_rings() undoes it.
 */
int afudp_queue_init_rings(struct afudp_queue *q);
void afudp_queue_fini_rings(struct afudp_queue *q);

/* @n frames were taken off an RX ring (any thread, no lock). */
static inline void afudp_queue_rx_taken(struct afudp_queue *q, uint32_t n)
{
	__atomic_sub_fetch(&q->rx_out, n, __ATOMIC_RELAXED);
}

/*
 * Give received frames back to the kernel: into the fill ring, topped up
 * from the pool to fill_target, within the receive budget; what does not
 * fit goes to the pool. Returns true if the fill ring asks for a wake-up.
 */
bool afudp_queue_rx_release(struct afudp_queue *q, const uint64_t *addrs,
			    uint32_t n);

/* Reap the completion ring: sent frames back into the pool. */
void afudp_queue_reap(struct afudp_queue *q);

/*
 * A socket's TX frame cache on this queue: attach it (initialised, empty)
 * when the socket's XSK joins the queue; detach it, which gives its frames
 * back, before the XSK goes.
 */
void afudp_queue_attach(struct afudp_queue *q, struct afudp_cache *c);
void afudp_queue_detach(struct afudp_queue *q, struct afudp_cache *c);

/*
 * One free frame for TX, from cache @c. An empty cache is refilled from
 * the pool, once per batch: completions reaped first, and if the pool is
 * still empty, the frames of idle caches taken back. 0, or -EAGAIN when
 * no frame is free.
 */
int afudp_queue_tx_acquire(struct afudp_queue *q, struct afudp_cache *c,
			   uint64_t *addr);

/*
 * Frames taken with afudp_queue_tx_acquire() given back unused (n at most
 * AFUDP_CACHE_MAX): @c keeps a few (see afudp_cache_give), the rest go to
 * the pool; all go to the pool while a sender waits for one.
 */
void afudp_queue_tx_release(struct afudp_queue *q, struct afudp_cache *c,
			    const uint64_t *addrs, uint32_t n);

/*
 * Waiting for a free frame, for a blocking send:
 *
 *	afudp_queue_wait_begin(q);
 *	for (;;) {
 *		seq = afudp_queue_seq(q);
 *		if (!afudp_queue_tx_acquire(q, c, &addr))
 *			break;
 *		afudp_queue_wait(q, seq, timeout_us);
 *	}
 *	afudp_queue_wait_end(q);
 *
 * Frames given back to the pool by anyone (afudp_queue_tx_release,
 * _rx_release, completions reaped by any socket of the queue) wake the
 * waiters at once. Completions nobody reaps wake no one: the timeout
 * is for those.
 */
void afudp_queue_wait_begin(struct afudp_queue *q);
void afudp_queue_wait_end(struct afudp_queue *q);
/* Does a sender wait for a frame now? A hint, without the lock. */
static inline bool afudp_queue_waited(struct afudp_queue *q)
{
	return __atomic_load_n(&q->waiters, __ATOMIC_RELAXED);
}
static inline uint32_t afudp_queue_seq(struct afudp_queue *q)
{
	return __atomic_load_n(&q->seq, __ATOMIC_ACQUIRE);
}
void afudp_queue_wait(struct afudp_queue *q, uint32_t seq,
		      unsigned int timeout_us);

/*
 * Snapshot of the queue's frames: free (in the pool, or in a cache nobody
 * is using), in the fill ring.
 */
void afudp_queue_count(struct afudp_queue *q, uint64_t *free, uint64_t *fill,
		       uint64_t *bad_put);

static inline void *afudp_queue_data(const struct afudp_queue *q,
				     uint64_t addr)
{
	return xsk_umem__get_data(q->area, addr);
}

enum afudp_lent {
	AFUDP_LENT_NO = 0,
	AFUDP_LENT_TX,	/* a send buffer (afudp_zc_alloc, _from_rx) */
	AFUDP_LENT_RX,	/* a received datagram (afudp_zc_recv) */
};

/* The lent state of the frame holding @addr (< area_size). */
static inline uint8_t *afudp_queue_lent(const struct afudp_queue *q,
					uint64_t addr)
{
	return &q->lent[addr >> q->pool.frame_shift];
}

#endif /* AFUDP_QUEUE_H */
