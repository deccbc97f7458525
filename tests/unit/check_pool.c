// SPDX-License-Identifier: BSD-2-Clause
/*
 * Frame pool accounting: every frame is either in the pool or out, never
 * both, never lost, never given out twice; bad returns are refused and
 * counted without disturbing the rest.
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
	suite_add_tcase(s, tc);
	return s;
}
