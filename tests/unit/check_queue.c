// SPDX-License-Identifier: BSD-2-Clause
/*
 * A queue's rings and frames without a kernel: the fill and completion
 * rings of struct afudp_queue point at producer, consumer and flags words
 * and ring arrays this file owns, and the tests play the kernel's side by
 * moving those words themselves (fake_ring.h, as Firedancer's test_xsk.c
 * does). The queue is built by afudp_queue_init_rings(), the code
 * afudp_queue_open() runs once the UMEM is registered and bound.
 *
 * What is checked: the fill ring is primed, refilled within the receive
 * budget and topped up from the pool; completions go back to the pool;
 * TX frames go through the sockets' caches; waiting senders are woken
 * when frames come back; and, after random sequences of all of these,
 * every frame is in exactly one place.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_xdp.h>

#include "fake_ring.h"
#include "umem/queue.h"

#define FRAMES 256
#define SHIFT 11
#define FSIZE (1u << SHIFT)
/* Fill and completion rings, as open() sizes them: half the frames. */
#define RING 128
#define BUDGET (FRAMES - FRAMES / 4)
/* RX descriptors point past the headroom, inside their frame. */
#define INNER 256

static struct afudp_queue q;
static struct fake_ring kfill, kcomp;

static void setup(void)
{
	memset(&q, 0, sizeof(q));
	fake_ring_init(&kfill, RING);
	fake_ring_init(&kcomp, RING);
	q.frame_size = FSIZE;
	q.area_size = (size_t)FRAMES * FSIZE;
	q.area = calloc(FRAMES, FSIZE);
	ck_assert_ptr_nonnull(q.area);
	/* What xsk_umem__create() leaves in the rings it maps. */
	FAKE_RING_PROD(q.fill, kfill);
	FAKE_RING(q.comp, kcomp);
	ck_assert_int_eq(afudp_queue_init_rings(&q), 0);
}

static void teardown(void)
{
	afudp_queue_fini_rings(&q);
	free(q.area);
}

/* ---- the kernel's moves ----------------------------------------------- */

static uint32_t fill_count(void)
{
	return fake_ring_count(&kfill);
}

static uint32_t comp_count(void)
{
	return fake_ring_count(&kcomp);
}

/* The kernel takes up to @max frames off the fill ring (to receive in). */
static uint32_t kernel_take_fill(uint64_t *out, uint32_t max)
{
	return fake_take_addrs(&kfill, out, max);
}

/* The kernel is done sending @n frames: onto the completion ring. */
static void kernel_complete(const uint64_t *addrs, uint32_t n)
{
	fake_put_addrs(&kcomp, addrs, n);
}

/* Received frames read by the application: off the RX ring, inner. */
static void app_read(uint64_t *addrs, uint32_t n)
{
	uint32_t i;

	afudp_queue_rx_taken(&q, n);
	for (i = 0; i < n; i++)
		addrs[i] += INNER;
}

static uint32_t seq(void)
{
	return afudp_queue_seq(&q);
}

/* ---- priming and the receive side ------------------------------------- */

START_TEST(test_prime)
{
	unsigned char seen[FRAMES] = { 0 };
	uint32_t i;

	ck_assert_uint_eq(q.fill_target, RING);
	ck_assert_uint_eq(q.rx_budget, BUDGET);
	/* Filled up to the target, counted as the receive side's. */
	ck_assert_uint_eq(fill_count(), RING);
	ck_assert_uint_eq(q.rx_out, RING);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - RING);
	/* Distinct frame bases, none of them still in the pool. */
	for (i = 0; i < RING; i++) {
		uint64_t a = kfill.addr[i];

		ck_assert_uint_eq(a & (FSIZE - 1), 0);
		ck_assert_uint_lt(a >> SHIFT, FRAMES);
		ck_assert_int_eq(seen[a >> SHIFT]++, 0);
		ck_assert_int_eq(q.pool.state[a >> SHIFT], AFUDP_FRAME_OUT);
	}
	ck_assert(!afudp_queue_waited(&q));
}
END_TEST

START_TEST(test_rx_release_tops_up)
{
	uint64_t rx[16];
	uint32_t i, slot;

	ck_assert_uint_eq(kernel_take_fill(rx, 16), 16);
	app_read(rx, 16);
	ck_assert_uint_eq(q.rx_out, RING - 16);
	/* 4 back into the fill ring, as frame bases; 12 more from the pool. */
	slot = kfill.prod;
	ck_assert(!afudp_queue_rx_release(&q, rx, 4));
	ck_assert_uint_eq(fill_count(), RING);
	for (i = 0; i < 4; i++, slot++)
		ck_assert_uint_eq(kfill.addr[slot & (RING - 1)], rx[i] - INNER);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - RING - 12);
	ck_assert_uint_eq(q.rx_out, RING);
	/* The fill ring is full: the other 12 go to the pool. */
	ck_assert(!afudp_queue_rx_release(&q, rx + 4, 12));
	ck_assert_uint_eq(fill_count(), RING);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - RING);
	ck_assert_uint_eq(q.rx_out, RING);
	ck_assert_uint_eq(q.pool.bad_put, 0);
}
END_TEST

/*
 * Frames in RX rings nobody reads count against the receive budget: a
 * quarter of the frames stays for TX, whatever piles up.
 */
START_TEST(test_rx_release_budget)
{
	static uint64_t a[RING], b[RING];

	/* Socket A reads all the fill ring had. */
	ck_assert_uint_eq(kernel_take_fill(a, RING), RING);
	app_read(a, RING);
	ck_assert_uint_eq(q.rx_out, 0);
	/* Topped up from the pool, at most 64 frames a call. */
	afudp_queue_rx_release(&q, NULL, 0);
	ck_assert_uint_eq(fill_count(), 64);
	afudp_queue_rx_release(&q, NULL, 0);
	ck_assert_uint_eq(fill_count(), RING);
	ck_assert_uint_eq(q.pool.nfree, 0);
	ck_assert_uint_eq(q.rx_out, RING);
	/* All of it lands in socket B's RX ring, unread. */
	ck_assert_uint_eq(kernel_take_fill(b, RING), RING);
	ck_assert_uint_eq(q.rx_out, RING);
	/* A gives its frames back: the budget takes half, the pool half. */
	afudp_queue_rx_release(&q, a, RING);
	ck_assert_uint_eq(q.rx_out, BUDGET);
	ck_assert_uint_eq(fill_count(), BUDGET - RING);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - BUDGET);
	/* Nothing tops the fill ring up past the budget either. */
	afudp_queue_rx_release(&q, NULL, 0);
	ck_assert_uint_eq(fill_count(), BUDGET - RING);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - BUDGET);
	/* B reads at last: its frames refill the ring, the rest is free. */
	app_read(b, RING);
	afudp_queue_rx_release(&q, b, RING);
	ck_assert_uint_eq(fill_count(), RING);
	ck_assert_uint_eq(q.rx_out, RING);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - RING);
	ck_assert_uint_eq(q.pool.bad_put, 0);
}
END_TEST

START_TEST(test_rx_release_need_wakeup)
{
	uint64_t rx[2];

	ck_assert_uint_eq(kernel_take_fill(rx, 2), 2);
	app_read(rx, 2);
	kfill.flags = XDP_RING_NEED_WAKEUP;
	ck_assert(afudp_queue_rx_release(&q, rx, 1));
	kfill.flags = 0;
	ck_assert(!afudp_queue_rx_release(&q, rx + 1, 1));
	ck_assert_uint_eq(fill_count(), RING);
}
END_TEST

/* ---- completions and the send side ------------------------------------ */

START_TEST(test_reap)
{
	struct afudp_cache c;
	uint64_t tx[5], sent[5];
	uint32_t i, nfree;

	afudp_queue_attach(&q, &c);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &tx[i]), 0);
	nfree = q.pool.nfree;
	/* Sent from inside their frames, as a descriptor may point. */
	for (i = 0; i < 5; i++) {
		sent[i] = tx[i] + i * 100;
		ck_assert_uint_eq(afudp_pool_base(&q.pool, sent[i]), tx[i]);
	}
	kernel_complete(sent, 5);
	afudp_queue_reap(&q);
	ck_assert_uint_eq(comp_count(), 0);
	ck_assert_uint_eq(q.pool.nfree, nfree + 5);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(q.pool.state[tx[i] >> SHIFT],
				 AFUDP_FRAME_FREE);
	for (i = 0; i < q.pool.nfree; i++)
		ck_assert_uint_eq(q.pool.free[i] & (FSIZE - 1), 0);
	/* Reaped once: nothing more the next time. */
	afudp_queue_reap(&q);
	ck_assert_uint_eq(q.pool.nfree, nfree + 5);
	ck_assert_uint_eq(q.pool.bad_put, 0);
	ck_assert_uint_eq(q.pool.nfree + c.n + fill_count(), FRAMES);
	afudp_queue_detach(&q, &c);
	ck_assert_uint_eq(q.pool.nfree + fill_count(), FRAMES);
}
END_TEST

/* An empty cache takes a batch from the pool; the next sends don't. */
START_TEST(test_tx_acquire_refill)
{
	struct afudp_cache c;
	uint64_t a;
	uint32_t i, batch = q.pool.batch;

	afudp_queue_attach(&q, &c);
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &a), 0);
	ck_assert_uint_eq(c.n, batch - 1);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - RING - batch);
	for (i = 1; i < batch; i++)
		ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &a), 0);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - RING - batch);
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &a), 0);
	ck_assert_uint_eq(q.pool.nfree, FRAMES - RING - 2 * batch);
	afudp_queue_detach(&q, &c);
}
END_TEST

/* With the pool empty, an acquire reaps the completion ring first. */
START_TEST(test_tx_acquire_reaps)
{
	static uint64_t held[FRAMES];
	struct afudp_cache c;
	uint32_t nheld;
	uint64_t a;

	afudp_queue_attach(&q, &c);
	nheld = afudp_pool_get(&q.pool, held, FRAMES);
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &a), -EAGAIN);
	/* Three of the held frames were sent and are now complete. */
	kernel_complete(held + nheld - 3, 3);
	nheld -= 3;
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &a), 0);
	ck_assert_uint_eq(comp_count(), 0);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_uint_eq(q.pool.nfree + c.n + 1 + nheld + fill_count(),
			  FRAMES);
	afudp_queue_detach(&q, &c);
}
END_TEST

/* With the pool empty, an acquire takes the frames of idle caches. */
START_TEST(test_tx_acquire_reclaims_idle)
{
	static uint64_t held[FRAMES];
	struct afudp_cache a, b;
	uint32_t batch = q.pool.batch;
	uint64_t x;

	afudp_queue_attach(&q, &a);
	afudp_queue_attach(&q, &b);
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &a, &x), 0);
	ck_assert_uint_eq(a.n, batch - 1);
	afudp_pool_get(&q.pool, held, FRAMES);
	ck_assert_uint_eq(q.pool.nfree, 0);
	/* a is idle: b gets its frames. */
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &b, &x), 0);
	ck_assert_uint_eq(a.n, 0);
	ck_assert_uint_eq(b.n, batch - 2);
	/* b is in use (its owner holds its lock): a gets nothing. */
	pthread_spin_lock(&b.lock);
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &a, &x), -EAGAIN);
	ck_assert_uint_eq(b.n, batch - 2);
	pthread_spin_unlock(&b.lock);
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &a, &x), 0);
	ck_assert_uint_eq(b.n, 0);
	afudp_queue_detach(&q, &a);
	afudp_queue_detach(&q, &b);
	ck_assert_uint_eq(q.pool.bad_put, 0);
}
END_TEST

/*
 * Frames given back unused stay in the cache up to keep, then down to a
 * batch; all go to the pool while a sender waits.
 */
START_TEST(test_tx_release)
{
	struct afudp_cache c;
	uint64_t tx[AFUDP_CACHE_MAX];
	uint32_t i, k, n, nfree, batch = q.pool.batch, keep = q.pool.keep;

	afudp_queue_attach(&q, &c);
	n = keep + 1;
	for (i = 0; i < n; i++)
		ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &tx[i]), 0);
	/* Up to keep: all kept, the pool untouched. */
	k = keep - c.n;
	nfree = q.pool.nfree;
	afudp_queue_tx_release(&q, &c, tx, k);
	ck_assert_uint_eq(c.n, keep);
	ck_assert_uint_eq(q.pool.nfree, nfree);
	/* Past it: down to a batch, the rest spilled to the pool. */
	afudp_queue_tx_release(&q, &c, tx + k, n - k);
	ck_assert_uint_eq(c.n, batch);
	ck_assert_uint_eq(q.pool.nfree + c.n + fill_count(), FRAMES);
	/* A sender waits: the frame goes to the pool, and it is told. */
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &c, &tx[0]), 0);
	nfree = q.pool.nfree;
	afudp_queue_wait_begin(&q);
	i = seq();
	afudp_queue_tx_release(&q, &c, tx, 1);
	afudp_queue_wait_end(&q);
	ck_assert_uint_eq(c.n, batch - 1);
	ck_assert_uint_eq(q.pool.nfree, nfree + 1);
	ck_assert_uint_ne(seq(), i);
	ck_assert_uint_eq(q.pool.bad_put, 0);
	afudp_queue_detach(&q, &c);
	ck_assert_uint_eq(q.pool.nfree + fill_count(), FRAMES);
}
END_TEST

/* ---- wake-ups ----------------------------------------------------------- */

/* Every way frames come back to the pool moves seq while one waits. */
START_TEST(test_wakeup_seq)
{
	static uint64_t held[FRAMES];
	struct afudp_cache a, b;
	uint32_t s, nheld, batch = q.pool.batch;
	uint64_t rx[4];

	afudp_queue_attach(&q, &a);
	afudp_queue_attach(&q, &b);
	/* Two received frames held, the fill ring full, the pool empty. */
	ck_assert_uint_eq(kernel_take_fill(rx, 4), 4);
	app_read(rx, 4);
	afudp_queue_rx_release(&q, rx, 2);
	ck_assert_uint_eq(fill_count(), RING);
	nheld = afudp_pool_get(&q.pool, held, FRAMES);

	/* Nobody waits: nothing moves. */
	s = seq();
	kernel_complete(held + --nheld, 1);
	afudp_queue_reap(&q);
	afudp_queue_tx_release(&q, &a, held + --nheld, 1);
	afudp_queue_rx_release(&q, rx + 2, 1);
	ck_assert_uint_eq(seq(), s);

	afudp_queue_wait_begin(&q);
	ck_assert(afudp_queue_waited(&q));
	/* Completions reaped. */
	s = seq();
	kernel_complete(held + --nheld, 1);
	afudp_queue_reap(&q);
	ck_assert_uint_ne(seq(), s);
	/* No completion, no wake-up. */
	s = seq();
	afudp_queue_reap(&q);
	ck_assert_uint_eq(seq(), s);
	/* A received frame past the full fill ring, into the pool. */
	s = seq();
	afudp_queue_rx_release(&q, rx + 3, 1);
	ck_assert_uint_ne(seq(), s);
	/* An unused TX frame given back. */
	s = seq();
	afudp_queue_tx_release(&q, &a, held + --nheld, 1);
	ck_assert_uint_ne(seq(), s);
	afudp_queue_wait_end(&q);

	/* An idle cache's frames taken back, some left for the waiter. */
	nheld += afudp_pool_get(&q.pool, held + nheld, FRAMES);
	afudp_queue_tx_release(&q, &a, held + nheld - batch, batch);
	nheld -= batch;
	ck_assert_uint_eq(a.n, batch + 1);
	afudp_queue_wait_begin(&q);
	s = seq();
	ck_assert_int_eq(afudp_queue_tx_acquire(&q, &b, &held[nheld++]), 0);
	ck_assert_uint_eq(a.n, 0);
	ck_assert_uint_ne(seq(), s);
	/* A cache detached with frames in it. */
	ck_assert_uint_ne(b.n, 0);
	s = seq();
	afudp_queue_detach(&q, &b);
	ck_assert_uint_ne(seq(), s);
	afudp_queue_wait_end(&q);
	ck_assert(!afudp_queue_waited(&q));

	afudp_queue_detach(&q, &a);
	ck_assert_uint_eq(q.pool.nfree + nheld + fill_count(), FRAMES);
	ck_assert_uint_eq(q.pool.bad_put, 0);
}
END_TEST

struct sender {
	struct afudp_cache c;
	uint64_t addr;
	int err;
};

/* A blocking send, as queue.h shows it, with a timeout far too long. */
static void *sender(void *arg)
{
	struct sender *s = arg;
	uint32_t was;

	afudp_queue_wait_begin(&q);
	for (;;) {
		was = afudp_queue_seq(&q);
		s->err = afudp_queue_tx_acquire(&q, &s->c, &s->addr);
		if (!s->err)
			break;
		afudp_queue_wait(&q, was, 60 * 1000 * 1000);
	}
	afudp_queue_wait_end(&q);
	return NULL;
}

/*
 * A sender blocked for a frame wakes when a completion is reaped by
 * another thread. Without the wake-up it would sleep for a minute: the
 * test case's timeout (WAIT_TIMEOUT s) fails it long before, and a wake-up
 * takes microseconds, so a slow machine is no cause for failure.
 */
#define WAIT_TIMEOUT 20
START_TEST(test_wait_woken)
{
	static uint64_t held[FRAMES];
	struct sender s;
	pthread_t t;
	uint32_t nheld;

	afudp_queue_attach(&q, &s.c);
	nheld = afudp_pool_get(&q.pool, held, FRAMES);
	ck_assert_int_eq(pthread_create(&t, NULL, sender, &s), 0);
	while (!afudp_queue_waited(&q))
		sched_yield();
	/* Let it get to sleep (it need not: seq tells it either way). */
	usleep(10 * 1000);
	kernel_complete(held + nheld - 1, 1);
	afudp_queue_reap(&q);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(s.err, 0);
	ck_assert_uint_eq(s.addr, held[nheld - 1]);
	afudp_queue_detach(&q, &s.c);
}
END_TEST

/* ---- conservation ------------------------------------------------------- */

/* Frames outside the queue's structures, by where they are. */
enum place { UNREAD, RX_HELD, TX_HELD, INFLIGHT, NPLACES };

static struct {
	uint64_t addr[FRAMES];
	uint32_t n;
} at[NPLACES];

/* Take @k random frames out of @p into @out; how many there were. */
static uint32_t pick(enum place p, uint64_t *out, uint32_t k)
{
	uint32_t i, j;

	if (k > at[p].n)
		k = at[p].n;
	for (i = 0; i < k; i++) {
		j = rand() % at[p].n;
		out[i] = at[p].addr[j];
		at[p].addr[j] = at[p].addr[--at[p].n];
	}
	return k;
}

static void put(enum place p, const uint64_t *addrs, uint32_t n)
{
	memcpy(at[p].addr + at[p].n, addrs, n * sizeof(*addrs));
	at[p].n += n;
}

/*
 * Check notes where each passing assertion is, at a cost: this one runs
 * for every frame at every step, so it asserts only when it fails.
 */
static void mark(unsigned char *seen, uint64_t a)
{
	if (a >> SHIFT >= FRAMES || seen[a >> SHIFT]++)
		ck_abort_msg("frame %llu foreign or in two places",
			     (unsigned long long)(a >> SHIFT));
}

/*
 * Every frame in exactly one place, and the receive side's count right.
 * With @count, what afudp_queue_count() reports too (it reaps).
 */
static void books(struct afudp_cache *c, unsigned int nc, bool count)
{
	unsigned char seen[FRAMES] = { 0 };
	uint64_t free = 0, fill = 0, bad = 0;
	uint32_t i, k, total = 0;

	for (i = 0; i < q.pool.nfree; i++)
		mark(seen, q.pool.free[i]);
	for (k = 0; k < nc; k++)
		for (i = 0; i < c[k].n; i++)
			mark(seen, c[k].addr[i]);
	for (i = kfill.cons; i != kfill.prod; i++)
		mark(seen, kfill.addr[i & (RING - 1)]);
	for (i = kcomp.cons; i != kcomp.prod; i++)
		mark(seen, kcomp.addr[i & (RING - 1)]);
	for (k = 0; k < NPLACES; k++)
		for (i = 0; i < at[k].n; i++)
			mark(seen, at[k].addr[i]);
	for (i = 0; i < FRAMES; i++)
		total += seen[i];
	ck_assert_uint_eq(total, FRAMES);
	ck_assert_uint_eq(q.pool.bad_put, 0);
	ck_assert_uint_eq(q.rx_out, fill_count() + at[UNREAD].n);
	ck_assert_uint_le(q.rx_out, q.rx_budget);
	if (!count)
		return;
	/* What the stack's statistics report: free, and in the fill ring. */
	afudp_queue_count(&q, &free, &fill, &bad);
	ck_assert_uint_eq(free, q.pool.nfree + c[0].n + c[1].n);
	ck_assert_uint_eq(fill, fill_count());
	ck_assert_uint_eq(bad, 0);
}

START_TEST(test_random_conservation)
{
	uint64_t tmp[AFUDP_CACHE_MAX];
	struct afudp_cache c[2];
	uint32_t i, k, n, step;

	memset(at, 0, sizeof(at));
	afudp_queue_attach(&q, &c[0]);
	afudp_queue_attach(&q, &c[1]);
	srand(20240611);
	for (step = 0; step < 20000; step++) {
		struct afudp_cache *x = &c[rand() & 1];

		k = 1 + rand() % AFUDP_CACHE_MAX;
		switch (rand() % 9) {
		case 0: /* the kernel receives into fill-ring frames */
			n = kernel_take_fill(tmp, k);
			put(UNREAD, tmp, n);
			break;
		case 1: /* the application reads them */
			n = pick(UNREAD, tmp, k);
			afudp_queue_rx_taken(&q, n);
			for (i = 0; i < n; i++)
				tmp[i] += rand() % FSIZE;
			put(RX_HELD, tmp, n);
			break;
		case 2: /* ... and gives them back */
			n = pick(RX_HELD, tmp, k);
			kfill.flags = rand() & 1 ? XDP_RING_NEED_WAKEUP : 0;
			ck_assert_int_eq(afudp_queue_rx_release(&q, tmp, n),
					 !!kfill.flags);
			break;
		case 3: /* frames to send */
			for (n = 0; n < k; n++)
				if (afudp_queue_tx_acquire(&q, x, &tmp[n]))
					break;
			put(TX_HELD, tmp, n);
			break;
		case 4: /* sent */
			n = pick(TX_HELD, tmp, k);
			put(INFLIGHT, tmp, n);
			break;
		case 5: /* completed, as far as the ring has room */
			if (k > RING - comp_count())
				k = RING - comp_count();
			n = pick(INFLIGHT, tmp, k);
			for (i = 0; i < n; i++)
				tmp[i] += rand() % FSIZE;
			kernel_complete(tmp, n);
			break;
		case 6:
			afudp_queue_reap(&q);
			break;
		case 7: /* not sent after all */
			n = pick(TX_HELD, tmp, k);
			afudp_queue_tx_release(&q, x, tmp, n);
			break;
		default: /* a sender starts or stops waiting */
			if (afudp_queue_waited(&q))
				afudp_queue_wait_end(&q);
			else
				afudp_queue_wait_begin(&q);
			break;
		}
		/*
		 * Counting reaps: only now and then, or no completion would
		 * ever wait in the ring for the other ways of reaping.
		 */
		books(c, 2, step % 64 == 63);
	}
	/* Everything back: all frames free or waiting in the fill ring. */
	if (afudp_queue_waited(&q))
		afudp_queue_wait_end(&q);
	while ((n = pick(RX_HELD, tmp, AFUDP_CACHE_MAX)))
		afudp_queue_rx_release(&q, tmp, n);
	while ((n = pick(UNREAD, tmp, AFUDP_CACHE_MAX))) {
		afudp_queue_rx_taken(&q, n);
		afudp_queue_rx_release(&q, tmp, n);
	}
	while ((n = pick(TX_HELD, tmp, AFUDP_CACHE_MAX)))
		afudp_queue_tx_release(&q, &c[0], tmp, n);
	while ((n = pick(INFLIGHT, tmp, RING - comp_count()))) {
		kernel_complete(tmp, n);
		afudp_queue_reap(&q);
	}
	afudp_queue_reap(&q);
	books(c, 2, true);
	afudp_queue_detach(&q, &c[0]);
	afudp_queue_detach(&q, &c[1]);
	ck_assert_uint_eq(q.pool.nfree + fill_count(), FRAMES);
	ck_assert_uint_eq(q.rx_out, fill_count());
}
END_TEST

Suite *queue_suite(void)
{
	Suite *s = suite_create("queue");
	TCase *tc = tcase_create("queue");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, WAIT_TIMEOUT);
	tcase_add_test(tc, test_prime);
	tcase_add_test(tc, test_rx_release_tops_up);
	tcase_add_test(tc, test_rx_release_budget);
	tcase_add_test(tc, test_rx_release_need_wakeup);
	tcase_add_test(tc, test_reap);
	tcase_add_test(tc, test_tx_acquire_refill);
	tcase_add_test(tc, test_tx_acquire_reaps);
	tcase_add_test(tc, test_tx_acquire_reclaims_idle);
	tcase_add_test(tc, test_tx_release);
	tcase_add_test(tc, test_wakeup_seq);
	tcase_add_test(tc, test_wait_woken);
	tcase_add_test(tc, test_random_conservation);
	suite_add_tcase(s, tc);
	return s;
}
