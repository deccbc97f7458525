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
 * by q->lock, taken once per batch by the functions below. Nothing else here
 * is mutable after open.
 */
#ifndef AFUDP_QUEUE_H
#define AFUDP_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <xdp/xsk.h>

#include "log.h"
#include "pool.h"

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
	struct xsk_umem *umem;
	struct xsk_ring_prod fill;
	struct xsk_ring_cons comp;
	struct xsk_socket *anchor;
	struct xsk_ring_prod anchor_tx;
	pthread_spinlock_t lock;
	struct afudp_pool pool;		/* under lock */
	uint32_t fill_target;		/* frames kept in the fill ring */
	uint32_t in_fill;		/* under lock */
};

/*
 * Create the UMEM of @frames frames of @frame_size bytes for queue @qid of
 * @ifname, bind the anchor (zero-copy if @copy_req asks or allows it, see
 * enum afudp_copy_mode) and fill the fill ring. 0 or -errno.
 */
int afudp_queue_open(struct afudp_queue *q, const char *ifname,
		     unsigned int qid, uint32_t frames, uint32_t frame_size,
		     int copy_req, const struct afudp_logger *lg);
void afudp_queue_close(struct afudp_queue *q);

/*
 * Give received frames back to the kernel: into the fill ring, topped up
 * from the pool to fill_target; what does not fit goes to the pool.
 * Returns true if the fill ring asks for a wake-up.
 */
bool afudp_queue_recycle(struct afudp_queue *q, const uint64_t *addrs,
			 uint32_t n);

/* Reap completions into the pool, then take up to @n free frames. */
uint32_t afudp_queue_take(struct afudp_queue *q, uint64_t *addrs, uint32_t n);

/* Return unused frames to the pool. */
void afudp_queue_put(struct afudp_queue *q, const uint64_t *addrs, uint32_t n);

/* Snapshot of the queue's frames: free in the pool, in the fill ring. */
void afudp_queue_count(struct afudp_queue *q, uint64_t *free, uint64_t *fill,
		       uint64_t *bad_put);

static inline void *afudp_queue_data(const struct afudp_queue *q,
				     uint64_t addr)
{
	return xsk_umem__get_data(q->area, addr);
}

#endif /* AFUDP_QUEUE_H */
