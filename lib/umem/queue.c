// SPDX-License-Identifier: BSD-2-Clause
/* Per-queue UMEM, shared fill/completion rings and frame pool; see queue.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <linux/if_xdp.h>

#include "afudp.h"
#include "queue.h"
#include "../shared.h"

#define ANCHOR_TX_SIZE 64

static uint32_t pow2_floor(uint32_t v)
{
	uint32_t p = 1;

	while (p * 2 <= v)
		p *= 2;
	return p;
}

/*
 * How long one queue open retries a bind refused with EBUSY, every mode it
 * falls back through together. Re-binding a queue right after its last XSK
 * closed gives EBUSY for tens of milliseconds while the kernel tears the old
 * one down (DESIGN.md), which this rides out; a queue another process serves
 * gives EBUSY for as long as it does, which the caller hears of in about this
 * long, however many modes it tried.
 */
#define AFUDP_BIND_RETRY_MS 1000
/* Between tries: 5 ms, doubling up to 160 ms. */
#define BIND_BACKOFF_MIN_NS (5 * 1000 * 1000ULL)
#define BIND_BACKOFF_MAX_NS (160 * 1000 * 1000ULL)

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Bind the anchor, retrying on EBUSY until @deadline (mono_ns()). */
static int bind_anchor(struct afudp_queue *q, const char *ifname,
		       uint16_t bind_flags, uint64_t deadline)
{
	struct xsk_socket_config cfg = {
		.rx_size = 0,
		.tx_size = ANCHOR_TX_SIZE,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = bind_flags | XDP_USE_NEED_WAKEUP,
	};
	uint64_t backoff = BIND_BACKOFF_MIN_NS, now, wait;
	struct timespec ts;
	int err;

	for (;;) {
		memset(&q->anchor_tx, 0, sizeof(q->anchor_tx));
		err = xsk_socket__create(&q->anchor, ifname, q->qid, q->umem,
					 NULL, &q->anchor_tx, &cfg);
		if (!err)
			fcntl(xsk_socket__fd(q->anchor), F_SETFD, FD_CLOEXEC);
		now = mono_ns();
		if (err != -EBUSY || now >= deadline)
			return err;
		/* The last try falls on the deadline. */
		wait = deadline - now < backoff ? deadline - now : backoff;
		ts.tv_sec = wait / 1000000000ULL;
		ts.tv_nsec = wait % 1000000000ULL;
		nanosleep(&ts, NULL);
		if (backoff < BIND_BACKOFF_MAX_NS)
			backoff *= 2;
	}
}

int afudp_queue_init_rings(struct afudp_queue *q)
{
	uint32_t frames = q->area_size / q->frame_size, n, idx, i;
	uint64_t addrs[256];
	int err;

	err = afudp_pool_init(&q->pool, frames, __builtin_ctz(q->frame_size));
	if (err)
		return err;
	q->lent = afudp_shcalloc(frames, 1);
	if (!q->lent) {
		afudp_pool_fini(&q->pool);
		return -ENOMEM;
	}
	afudp_spin_init_shared(&q->lock);

	/* The fill ring was sized for the frames waiting in it (open()). */
	q->fill_target = q->fill.size;
	/* A quarter of the frames (at least) always stays for TX. */
	q->rx_budget = frames - frames / 4;
	for (i = 0; i < q->fill_target; i += n) {
		n = q->fill_target - i;
		n = afudp_pool_get(&q->pool, addrs, n < 256 ? n : 256);
		if (!n || xsk_ring_prod__reserve(&q->fill, n, &idx) != n)
			break;
		for (uint32_t k = 0; k < n; k++) {
			AFUDP_TO_KERNEL(q, addrs[k]);
			*xsk_ring_prod__fill_addr(&q->fill, idx + k) = addrs[k];
		}
		xsk_ring_prod__submit(&q->fill, n);
		q->rx_out += n;
	}
	return 0;
}

void afudp_queue_fini_rings(struct afudp_queue *q)
{
	pthread_spin_destroy(&q->lock);
	afudp_pool_fini(&q->pool);
	afudp_shfree(q->lent);
	q->lent = NULL;
}

/*
 * Bind the anchor in one copy mode (@mode: XDP_ZEROCOPY or XDP_COPY),
 * with XDP_USE_SG first if @sg_req: a kernel before 6.6 refuses the flag
 * (EINVAL), a zero-copy driver without multi-buffer support too
 * (EOPNOTSUPP); then without it, frames staying within one UMEM frame.
 */
static int bind_mode(struct afudp_queue *q, const char *ifname,
		     uint16_t mode, bool sg_req, uint64_t deadline,
		     const struct afudp_logger *lg)
{
	int err;

	q->sg = false;
	if (sg_req) {
		err = bind_anchor(q, ifname, mode | XDP_USE_SG, deadline);
		if (!err) {
			q->sg = true;
			return 0;
		}
		if (err == -EBUSY || err == -EPERM || err == -ENODEV)
			return err;
		afudp_log(lg, LOG_NOTICE,
			  "queue %u: %s bind with XDP_USE_SG: %s; multi-buffer frames stay on the kernel path",
			  q->qid, mode == XDP_ZEROCOPY ? "zero-copy" : "copy-mode",
			  strerror(-err));
	}
	return bind_anchor(q, ifname, mode, deadline);
}

int afudp_queue_open(struct afudp_queue *q, const char *ifname,
		     unsigned int qid, uint32_t frames, uint32_t frame_size,
		     int copy_req, bool sg_req, const struct afudp_logger *lg)
{
	struct xsk_umem_config ucfg = { 0 };
	uint64_t deadline;
	uint32_t ring;
	int err;

	memset(q, 0, sizeof(*q));
	q->qid = qid;
	q->frame_size = frame_size;
	q->area_size = (size_t)frames * frame_size;
	q->area = mmap(NULL, q->area_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (q->area == MAP_FAILED) {
		q->area = NULL;
		return -errno;
	}

	/* Half the frames wait in the fill ring, half serve TX. */
	ring = pow2_floor(frames / 2);
	ucfg.fill_size = ring;
	ucfg.comp_size = ring;
	ucfg.frame_size = frame_size;
	ucfg.frame_headroom = 0;
	/* libxdp leaves the cached indices unset: start from zeroes. */
	memset(&q->fill, 0, sizeof(q->fill));
	memset(&q->comp, 0, sizeof(q->comp));
	err = xsk_umem__create(&q->umem, q->area, q->area_size, &q->fill,
			       &q->comp, &ucfg);
	if (err == -ENOBUFS || err == -EPERM) {
		struct rlimit rl = { 0 };

		getrlimit(RLIMIT_MEMLOCK, &rl);
		afudp_log(lg, LOG_ERR,
			  "queue %u: registering its %zu KiB of UMEM was refused (%s): it counts against RLIMIT_MEMLOCK (%llu KiB here, for all of the user's processes) unless the process has CAP_IPC_LOCK; raise the limit (ulimit -l, systemd LimitMEMLOCK=), grant CAP_IPC_LOCK, or use fewer frames (opts.frames) or queues",
			  qid, q->area_size >> 10, strerror(-err),
			  rl.rlim_cur == RLIM_INFINITY ?
				  0ULL : (unsigned long long)rl.rlim_cur >> 10);
		goto err_unmap;
	} else if (err) {
		afudp_log(lg, LOG_ERR, "queue %u: UMEM registration: %s", qid,
			  strerror(-err));
		goto err_unmap;
	}
	/* libxdp opens its sockets without SOCK_CLOEXEC. */
	fcntl(xsk_umem__fd(q->umem), F_SETFD, FD_CLOEXEC);

	deadline = mono_ns() + AFUDP_BIND_RETRY_MS * 1000000ULL;
	err = -EOPNOTSUPP;
	if (copy_req != AFUDP_COPY_COPY) {
		err = bind_mode(q, ifname, XDP_ZEROCOPY, sg_req, deadline, lg);
		q->zerocopy = !err;
		afudp_log(lg, LOG_INFO,
			  "queue %u: zero-copy bind%s: %s", qid,
			  q->sg ? " (multi-buffer)" : "",
			  err ? strerror(-err) : "ok");
	}
	if (err && copy_req != AFUDP_COPY_ZEROCOPY) {
		err = bind_mode(q, ifname, XDP_COPY, sg_req, deadline, lg);
		afudp_log(lg, err ? LOG_ERR : LOG_INFO,
			  "queue %u: copy-mode bind%s: %s", qid,
			  q->sg ? " (multi-buffer)" : "",
			  err ? strerror(-err) : "ok");
	}
	if (err)
		goto err_umem;

	/*
	 * The pool, the lock and the priming are bookkeeping on the rings
	 * just mapped, after the bind as the priming always was: kept apart
	 * so that a unit test runs the same code on rings of its own.
	 */
	err = afudp_queue_init_rings(q);
	if (err)
		goto err_anchor;
	return 0;

err_anchor:
	xsk_socket__delete(q->anchor);
err_umem:
	xsk_umem__delete(q->umem);
err_unmap:
	munmap(q->area, q->area_size);
	q->area = NULL;
	return err;
}

void afudp_queue_close(struct afudp_queue *q)
{
	if (!q->area)
		return;
	xsk_socket__delete(q->anchor);
	xsk_umem__delete(q->umem);
	afudp_queue_fini_rings(q);
	munmap(q->area, q->area_size);
	q->area = NULL;
}

/* Completed TX frames back into the pool; how many. Under q->lock. */
static uint32_t reap_locked(struct afudp_queue *q)
{
	uint32_t n, idx, i;
	uint64_t a;

	n = xsk_ring_cons__peek(&q->comp, q->comp.size, &idx);
	for (i = 0; i < n; i++) {
		a = afudp_pool_base(&q->pool,
				    *xsk_ring_cons__comp_addr(&q->comp, idx + i));
		AFUDP_FROM_KERNEL(q, a);
		afudp_pool_put(&q->pool, &a, 1);
	}
	if (n)
		xsk_ring_cons__release(&q->comp, n);
	return n;
}

/*
 * Up to @max completed TX frames for the fill ring, straight: reaping
 * them into the pool and taking them out again would end the same, at
 * twice the cost per frame. They stay given out. Under q->lock.
 */
static uint32_t comp_take_locked(struct afudp_queue *q, uint64_t *addrs,
				 uint32_t max)
{
	uint32_t n, idx, i, got = 0;
	uint64_t a;

	n = xsk_ring_cons__peek(&q->comp, max, &idx);
	for (i = 0; i < n; i++) {
		a = afudp_pool_base(&q->pool,
				    *xsk_ring_cons__comp_addr(&q->comp, idx + i));
		AFUDP_FROM_KERNEL(q, a);
		if (afudp_pool_check_out(&q->pool, a))
			addrs[got++] = a;
	}
	if (n)
		xsk_ring_cons__release(&q->comp, n);
	return got;
}

/*
 * After frames came back to the pool (q->lock released since): wake the
 * senders waiting for one. A waiter counts itself in before it last looks
 * at the pool, under q->lock, so it is seen here if it missed the frames.
 */
static void wake_waiters(struct afudp_queue *q)
{
	if (!__atomic_load_n(&q->waiters, __ATOMIC_SEQ_CST))
		return;
	__atomic_add_fetch(&q->seq, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &q->seq, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

bool afudp_queue_rx_release(struct afudp_queue *q, const uint64_t *addrs,
			    uint32_t n)
{
	uint32_t room, used, fit, recycled, top = 0, idx, i, out, left, back = 0;
	uint64_t more[64];
	bool wake;

	pthread_spin_lock(&q->lock);
	/* Only this function adds to rx_out, under the lock: can't overshoot. */
	out = __atomic_load_n(&q->rx_out, __ATOMIC_RELAXED);
	left = out < q->rx_budget ? q->rx_budget - out : 0;
	room = xsk_prod_nb_free(&q->fill, q->fill.size);
	used = q->fill.size - room;
	if (room > left)
		room = left;
	fit = n < room ? n : room;
	if (fit && xsk_ring_prod__reserve(&q->fill, fit, &idx) == fit) {
		for (i = 0; i < fit; i++) {
			AFUDP_TO_KERNEL(q, addrs[i]);
			*xsk_ring_prod__fill_addr(&q->fill, idx + i) =
				afudp_pool_base(&q->pool, addrs[i]);
		}
		xsk_ring_prod__submit(&q->fill, fit);
		used += fit;
		left -= fit;
	} else {
		fit = 0;
	}
	if (fit < n) {
		afudp_pool_put(&q->pool, addrs + fit, n - fit);
		back += n - fit;
	}
	/* Top up from the pool (TX completions) toward the target. */
	if (used < q->fill_target && left) {
		top = q->fill_target - used;
		if (top > left)
			top = left;
		if (top > 64)
			top = 64;
		recycled = comp_take_locked(q, more, top);
		back += reap_locked(q);
		top = recycled + afudp_pool_get(&q->pool, more + recycled,
						 top - recycled);
		if (top && xsk_ring_prod__reserve(&q->fill, top, &idx) == top) {
			for (i = 0; i < top; i++) {
				AFUDP_TO_KERNEL(q, more[i]);
				*xsk_ring_prod__fill_addr(&q->fill, idx + i) =
					more[i];
			}
			xsk_ring_prod__submit(&q->fill, top);
		} else if (top) {
			afudp_pool_put(&q->pool, more, top);
			top = 0;
		}
	}
	__atomic_add_fetch(&q->rx_out, fit + top, __ATOMIC_RELAXED);
	wake = xsk_ring_prod__needs_wakeup(&q->fill);
	back = back && q->pool.nfree;
	pthread_spin_unlock(&q->lock);
	if (back)
		wake_waiters(q);
	return wake;
}

void afudp_queue_reap(struct afudp_queue *q)
{
	bool back;

	pthread_spin_lock(&q->lock);
	back = reap_locked(q) && q->pool.nfree;
	pthread_spin_unlock(&q->lock);
	if (back)
		wake_waiters(q);
}

/* Frames back into the pool (not into a cache), waking waiting senders. */
static void pool_release(struct afudp_queue *q, const uint64_t *addrs,
			 uint32_t n)
{
	if (!n)
		return;
	pthread_spin_lock(&q->lock);
	afudp_pool_put(&q->pool, addrs, n);
	pthread_spin_unlock(&q->lock);
	wake_waiters(q);
}

void afudp_queue_attach(struct afudp_queue *q, struct afudp_cache *c)
{
	afudp_cache_init(c);
	pthread_spin_lock(&q->lock);
	afudp_pool_attach(&q->pool, c);
	pthread_spin_unlock(&q->lock);
}

void afudp_queue_detach(struct afudp_queue *q, struct afudp_cache *c)
{
	bool back;

	pthread_spin_lock(&q->lock);
	back = c->n;
	afudp_pool_detach(&q->pool, c);
	pthread_spin_unlock(&q->lock);
	afudp_cache_fini(c);
	if (back)
		wake_waiters(q);
}

int afudp_queue_tx_acquire(struct afudp_queue *q, struct afudp_cache *c,
			   uint64_t *addr)
{
	uint32_t before, got;
	bool back = false;
	int err;

	pthread_spin_lock(&c->lock);
	if (!c->n) {
		pthread_spin_lock(&q->lock);
		back = reap_locked(q);
		before = q->pool.nfree;
		got = afudp_pool_refill(&q->pool, c);
		/* Frames came back (reaped, reclaimed), some are left. */
		back = (back || q->pool.nfree + got > before) && q->pool.nfree;
		pthread_spin_unlock(&q->lock);
	}
	err = afudp_cache_pop(c, addr) ? -EAGAIN : 0;
	pthread_spin_unlock(&c->lock);
	if (back)
		wake_waiters(q);
	return err;
}

void afudp_queue_tx_release(struct afudp_queue *q, struct afudp_cache *c,
			    const uint64_t *addrs, uint32_t n)
{
	uint64_t spill[2 * AFUDP_CACHE_MAX];
	uint32_t ns;

	if (!n)
		return;
	/* Someone waits for a frame: give them all to the pool. */
	if (afudp_queue_waited(q)) {
		pool_release(q, addrs, n);
		return;
	}
	pthread_spin_lock(&c->lock);
	ns = afudp_cache_give(&q->pool, c, addrs, n, spill);
	pthread_spin_unlock(&c->lock);
	pool_release(q, spill, ns);
}

void afudp_queue_wait_begin(struct afudp_queue *q)
{
	__atomic_add_fetch(&q->waiters, 1, __ATOMIC_SEQ_CST);
}

void afudp_queue_wait_end(struct afudp_queue *q)
{
	__atomic_sub_fetch(&q->waiters, 1, __ATOMIC_SEQ_CST);
}

void afudp_queue_wait(struct afudp_queue *q, uint32_t seq,
		      unsigned int timeout_us)
{
	struct timespec ts = {
		.tv_sec = timeout_us / 1000000,
		.tv_nsec = (long)(timeout_us % 1000000) * 1000,
	};

	/* Returns at once if seq moved since the caller read it. */
	syscall(SYS_futex, &q->seq, FUTEX_WAIT, seq, &ts, NULL, 0);
}

void afudp_queue_count(struct afudp_queue *q, uint64_t *free, uint64_t *fill,
		       uint64_t *bad_put)
{
	bool back;

	pthread_spin_lock(&q->lock);
	back = reap_locked(q);
	*free += q->pool.nfree + afudp_pool_cached(&q->pool);
	*fill += q->fill.size - xsk_prod_nb_free(&q->fill, q->fill.size);
	*bad_put += q->pool.bad_put;
	pthread_spin_unlock(&q->lock);
	if (back)
		wake_waiters(q);
}
