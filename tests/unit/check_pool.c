// SPDX-License-Identifier: BSD-2-Clause
/*
 * Frame pool accounting: every frame is either in the pool or out, never
 * both, never lost, never given out twice; bad returns are refused and
 * counted without disturbing the rest. Sockets' frame caches hold no frame
 * hostage: sized to the pool, and idle ones taken back when the pool runs
 * out.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "umem/pool.h"

#define N 256
#define SHIFT 11

static struct afudp_pool p;

static void setup(void)
{
	ck_assert_int_eq(afudp_pool_init(&p, N, SHIFT), 0);
}

static void teardown(void)
{
	afudp_pool_fini(&p);
}

START_TEST(test_init_bad)
{
	struct afudp_pool q;

	ck_assert_int_eq(afudp_pool_init(&q, 0, SHIFT), -EINVAL);
	ck_assert_int_eq(afudp_pool_init(&q, 16, 5), -EINVAL);
}
END_TEST

START_TEST(test_all_distinct)
{
	uint64_t a[N + 8];
	unsigned char seen[N] = { 0 };
	uint32_t i, n;

	n = afudp_pool_get(&p, a, N + 8);
	ck_assert_uint_eq(n, N);
	ck_assert_uint_eq(afudp_pool_out(&p), N);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(a[i] & ((1u << SHIFT) - 1), 0);
		ck_assert_uint_lt(a[i] >> SHIFT, N);
		ck_assert_int_eq(seen[a[i] >> SHIFT]++, 0);
	}
	ck_assert_uint_eq(afudp_pool_get(&p, a, 1), 0);
	ck_assert_uint_eq(afudp_pool_put(&p, a, n), 0);
	ck_assert_uint_eq(p.nfree, N);
}
END_TEST

START_TEST(test_double_put_refused)
{
	uint64_t a[4];

	ck_assert_uint_eq(afudp_pool_get(&p, a, 4), 4);
	ck_assert_uint_eq(afudp_pool_put(&p, a, 1), 0);
	/* Second return of the same frame: refused, pool unchanged. */
	ck_assert_uint_eq(afudp_pool_put(&p, a, 1), 1);
	ck_assert_uint_eq(p.nfree, N - 3);
	ck_assert_uint_eq(p.bad_put, 1);
	/* Foreign address beyond the UMEM: refused. */
	a[0] = (uint64_t)N << SHIFT;
	ck_assert_uint_eq(afudp_pool_put(&p, a, 1), 1);
	ck_assert_uint_eq(afudp_pool_put(&p, a + 1, 3), 0);
	ck_assert_uint_eq(p.nfree, N);
}
END_TEST

START_TEST(test_inner_address_accepted)
{
	uint64_t a, inner;

	ck_assert_uint_eq(afudp_pool_get(&p, &a, 1), 1);
	/* RX descriptors point past the headroom, inside the frame. */
	inner = a + 256 + 42;
	ck_assert_uint_eq(afudp_pool_base(&p, inner), a);
	ck_assert_uint_eq(afudp_pool_put(&p, &inner, 1), 0);
	ck_assert_uint_eq(p.nfree, N);
}
END_TEST

/* Random get/put sequences: the books balance after every step. */
START_TEST(test_random_conservation)
{
	uint64_t held[N], tmp[32];
	uint32_t nheld = 0, i, k, n;

	srand(1234);
	for (i = 0; i < 20000; i++) {
		k = 1 + rand() % 32;
		if (rand() & 1) {
			n = afudp_pool_get(&p, tmp, k);
			memcpy(held + nheld, tmp, n * sizeof(*tmp));
			nheld += n;
		} else if (nheld) {
			if (k > nheld)
				k = nheld;
			/* Return k random held frames. */
			for (n = 0; n < k; n++) {
				uint32_t j = rand() % nheld;

				tmp[n] = held[j];
				held[j] = held[--nheld];
			}
			ck_assert_uint_eq(afudp_pool_put(&p, tmp, k), 0);
		}
		ck_assert_uint_eq(nheld + p.nfree, N);
	}
	ck_assert_uint_eq(afudp_pool_put(&p, held, nheld), 0);
	ck_assert_uint_eq(p.nfree, N);
	ck_assert_uint_eq(p.bad_put, 0);
}
END_TEST

/* ---- socket caches (pool.h) ------------------------------------------ */

/* Frames in the pool, in caches and held elsewhere add up to the pool. */
static void books(uint32_t held, const struct afudp_cache *a,
		  const struct afudp_cache *b)
{
	ck_assert_uint_eq(p.nfree + held + (a ? a->n : 0) + (b ? b->n : 0), N);
	ck_assert_uint_eq(p.bad_put, 0);
}

/* Take every frame the pool has left, as an application hoarding them. */
static uint32_t drain(uint64_t *held)
{
	return afudp_pool_get(&p, held, N);
}

START_TEST(test_cache_sized_to_pool)
{
	static const uint32_t frames[][3] = {
		/* frames, batch, keep */
		{ 1, 1, 2 },	 { 16, 1, 2 },	  { 128, 4, 8 },
		{ 256, 8, 16 },	 { 1024, 32, 64 }, { 4096, 32, 64 },
		{ 65536, 32, 64 },
	};
	struct afudp_pool q;
	unsigned int i;

	for (i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		ck_assert_int_eq(afudp_pool_init(&q, frames[i][0], SHIFT), 0);
		ck_assert_uint_eq(q.batch, frames[i][1]);
		ck_assert_uint_eq(q.keep, frames[i][2]);
		ck_assert_uint_le(q.keep, AFUDP_CACHE_MAX);
		afudp_pool_fini(&q);
	}
}
END_TEST

START_TEST(test_cache_refill_batch)
{
	struct afudp_cache a;
	uint64_t addr;
	uint32_t i;

	afudp_cache_init(&a);
	afudp_pool_attach(&p, &a);
	ck_assert_int_eq(afudp_cache_pop(&a, &addr), -1);
	ck_assert_uint_eq(afudp_pool_refill(&p, &a), p.batch);
	ck_assert_uint_eq(a.n, p.batch);
	books(0, &a, NULL);
	/* One refill serves a batch of pops. */
	for (i = 0; i < p.batch; i++)
		ck_assert_int_eq(afudp_cache_pop(&a, &addr), 0);
	ck_assert_int_eq(afudp_cache_pop(&a, &addr), -1);
	books(p.batch, &a, NULL);
	afudp_pool_detach(&p, &a);
	afudp_cache_fini(&a);
}
END_TEST

/*
 * The bug this guards against: frames sitting in an idle socket's cache
 * while another socket of the queue finds the pool empty and waits forever.
 */
START_TEST(test_cache_idle_reclaimed)
{
	static uint64_t held[N];
	struct afudp_cache a, b;
	uint32_t nheld, was;

	afudp_cache_init(&a);
	afudp_cache_init(&b);
	afudp_pool_attach(&p, &a);
	afudp_pool_attach(&p, &b);
	ck_assert_uint_eq(afudp_pool_refill(&p, &a), p.batch);
	nheld = drain(held);
	ck_assert_uint_eq(p.nfree, 0);
	books(nheld, &a, &b);
	/* a is idle (its lock free): b gets a's frames. */
	was = a.n;
	ck_assert_uint_eq(afudp_pool_refill(&p, &b), p.batch);
	ck_assert_uint_eq(a.n, 0);
	ck_assert_uint_eq(p.nfree, was - p.batch);
	books(nheld, &a, &b);
	/* Frames given back to the pool are there for the other one. */
	ck_assert_uint_eq(afudp_pool_put(&p, held, nheld), 0);
	books(0, &a, &b);
	afudp_pool_detach(&p, &a);
	afudp_pool_detach(&p, &b);
	ck_assert_uint_eq(p.nfree, N);
	ck_assert(p.caches == NULL);
	afudp_cache_fini(&a);
	afudp_cache_fini(&b);
}
END_TEST

/* A cache in use (its owner holds its lock) is not touched. */
START_TEST(test_cache_busy_kept)
{
	static uint64_t held[N];
	struct afudp_cache a, b;
	uint32_t nheld;

	afudp_cache_init(&a);
	afudp_cache_init(&b);
	afudp_pool_attach(&p, &a);
	afudp_pool_attach(&p, &b);
	afudp_pool_refill(&p, &a);
	nheld = drain(held);
	pthread_spin_lock(&a.lock);
	ck_assert_uint_eq(afudp_pool_cached(&p), 0);
	ck_assert_uint_eq(afudp_pool_refill(&p, &b), 0);
	ck_assert_uint_eq(a.n, p.batch);
	pthread_spin_unlock(&a.lock);
	/* Idle again: counted as free, and reclaimable. */
	ck_assert_uint_eq(afudp_pool_cached(&p), p.batch);
	ck_assert_uint_eq(afudp_pool_reclaim(&p, &b), p.batch);
	ck_assert_uint_eq(a.n, 0);
	ck_assert_uint_eq(p.nfree, p.batch);
	books(nheld, &a, &b);
	/* The caller's own cache is never reclaimed by itself. */
	afudp_pool_refill(&p, &b);
	ck_assert_uint_eq(afudp_pool_reclaim(&p, &b), 0);
	ck_assert_uint_eq(b.n, p.batch);
	afudp_pool_put(&p, held, nheld);
	afudp_pool_detach(&p, &a);
	afudp_pool_detach(&p, &b);
	ck_assert_uint_eq(p.nfree, N);
	afudp_cache_fini(&a);
	afudp_cache_fini(&b);
}
END_TEST

/* Frames given back to a cache: kept up to keep, then down to a batch. */
START_TEST(test_cache_give_bounded)
{
	static uint64_t held[N];
	uint64_t spill[2 * AFUDP_CACHE_MAX];
	struct afudp_cache a;
	uint32_t nheld, i, ns, nspilled = 0;

	afudp_cache_init(&a);
	afudp_pool_attach(&p, &a);
	nheld = drain(held);
	/* Inner addresses (zero-copy handles) are kept as frame bases. */
	ck_assert_uint_eq(afudp_cache_give(&p, &a, held, 1, spill), 0);
	ck_assert_uint_eq(a.addr[0], held[0]);
	held[1] += 42;
	for (i = 1; i < p.keep; i++)
		ck_assert_uint_eq(afudp_cache_give(&p, &a, &held[i], 1, spill),
				  0);
	ck_assert_uint_eq(a.n, p.keep);
	ck_assert_uint_eq(a.addr[1] & ((1u << SHIFT) - 1), 0);
	/* One more: the cache goes back to one batch, the rest spill. */
	ns = afudp_cache_give(&p, &a, &held[p.keep], 1, spill);
	ck_assert_uint_eq(ns, p.keep + 1 - p.batch);
	ck_assert_uint_eq(a.n, p.batch);
	ck_assert_uint_eq(afudp_pool_put(&p, spill, ns), 0);
	nspilled += ns;
	/* Many at once: the cache never holds more than keep. */
	ns = afudp_cache_give(&p, &a, &held[p.keep + 1], AFUDP_CACHE_MAX,
			      spill);
	ck_assert_uint_le(a.n, p.keep);
	ck_assert_uint_eq(ns, p.batch + AFUDP_CACHE_MAX - a.n);
	ck_assert_uint_eq(afudp_pool_put(&p, spill, ns), 0);
	nspilled += ns;
	i = p.keep + 1 + AFUDP_CACHE_MAX;
	ck_assert_uint_eq(nspilled + a.n, i);
	books(nheld - i, &a, NULL);
	ck_assert_uint_eq(afudp_pool_put(&p, &held[i], nheld - i), 0);
	afudp_pool_detach(&p, &a);
	ck_assert_uint_eq(p.nfree, N);
	ck_assert_uint_eq(p.bad_put, 0);
	afudp_cache_fini(&a);
}
END_TEST

/* Random traffic through two caches: the books balance at every step. */
START_TEST(test_cache_random_conservation)
{
	static uint64_t held[N];
	uint64_t spill[2 * AFUDP_CACHE_MAX], tmp[AFUDP_CACHE_MAX];
	struct afudp_cache c[2];
	uint32_t nheld = 0, i, k, n, ns;
	unsigned char seen[N];

	afudp_cache_init(&c[0]);
	afudp_cache_init(&c[1]);
	afudp_pool_attach(&p, &c[0]);
	afudp_pool_attach(&p, &c[1]);
	srand(4321);
	for (i = 0; i < 20000; i++) {
		struct afudp_cache *x = &c[rand() & 1];

		k = 1 + rand() % AFUDP_CACHE_MAX;
		switch (rand() % 3) {
		case 0: /* send: frames out of the cache */
			for (n = 0; n < k; n++) {
				if (afudp_cache_pop(x, &held[nheld]) &&
				    (!afudp_pool_refill(&p, x) ||
				     afudp_cache_pop(x, &held[nheld])))
					break;
				nheld++;
			}
			break;
		case 1: /* completions: back to the pool */
			if (k > nheld)
				k = nheld;
			nheld -= k;
			ck_assert_uint_eq(afudp_pool_put(&p, &held[nheld], k),
					  0);
			break;
		default: /* given back unused: to the cache */
			if (k > nheld)
				k = nheld;
			nheld -= k;
			memcpy(tmp, &held[nheld], k * sizeof(*tmp));
			ns = afudp_cache_give(&p, x, tmp, k, spill);
			ck_assert_uint_le(x->n, p.keep);
			ck_assert_uint_eq(afudp_pool_put(&p, spill, ns), 0);
			break;
		}
		books(nheld, &c[0], &c[1]);
	}
	/* No frame in two places. */
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < nheld; i++)
		ck_assert_int_eq(seen[held[i] >> SHIFT]++, 0);
	for (k = 0; k < 2; k++)
		for (i = 0; i < c[k].n; i++)
			ck_assert_int_eq(seen[c[k].addr[i] >> SHIFT]++, 0);
	ck_assert_uint_eq(afudp_pool_put(&p, held, nheld), 0);
	afudp_pool_detach(&p, &c[0]);
	afudp_pool_detach(&p, &c[1]);
	ck_assert_uint_eq(p.nfree, N);
	ck_assert_uint_eq(p.bad_put, 0);
	afudp_cache_fini(&c[0]);
	afudp_cache_fini(&c[1]);
}
END_TEST

Suite *pool_suite(void)
{
	Suite *s = suite_create("pool");
	TCase *tc = tcase_create("pool");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_init_bad);
	tcase_add_test(tc, test_all_distinct);
	tcase_add_test(tc, test_double_put_refused);
	tcase_add_test(tc, test_inner_address_accepted);
	tcase_add_test(tc, test_random_conservation);
	tcase_add_test(tc, test_cache_sized_to_pool);
	tcase_add_test(tc, test_cache_refill_batch);
	tcase_add_test(tc, test_cache_idle_reclaimed);
	tcase_add_test(tc, test_cache_busy_kept);
	tcase_add_test(tc, test_cache_give_bounded);
	tcase_add_test(tc, test_cache_random_conservation);
	suite_add_tcase(s, tc);
	return s;
}
