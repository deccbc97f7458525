/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's side of an XSK ring, for unit tests that run without one:
 * the producer, consumer and flags words and the ring array the kernel
 * would map, owned by the test, which plays the kernel by moving those
 * words itself (as Firedancer's test_xsk.c does). libxdp's inline ring
 * accessors (xsk.h) then work on them unchanged.
 *
 * Fill and completion rings carry frame addresses, RX and TX rings
 * descriptors; one struct serves both. Used by check_queue.c (a queue's
 * shared rings) and check_dp.c (a socket's RX and TX rings on top).
 */
#ifndef AFUDP_TESTS_FAKE_RING_H
#define AFUDP_TESTS_FAKE_RING_H

#include <check.h>
#include <stdint.h>
#include <string.h>
#include <linux/if_xdp.h>

/* The largest ring a test makes; sizes are powers of two up to it. */
#define FAKE_RING_MAX 128

struct fake_ring {
	uint32_t prod;
	uint32_t cons;
	uint32_t flags;
	uint32_t size;
	union {
		uint64_t addr[FAKE_RING_MAX];		/* fill, completion */
		struct xdp_desc desc[FAKE_RING_MAX];	/* RX, TX */
	};
};

static inline void fake_ring_init(struct fake_ring *k, uint32_t size)
{
	memset(k, 0, sizeof(*k));
	k->size = size;
}

/*
 * libxdp's ring struct (xsk_ring_prod or _cons, the same fields) on the
 * words of @k, as a consumer's; FAKE_RING_PROD for a producer's, whose
 * cached_cons is one ring ahead, as libxdp has it.
 */
#define FAKE_RING(r, k)                                                        \
	do {                                                                   \
		(r).mask = (k).size - 1;                                       \
		(r).size = (k).size;                                           \
		(r).producer = &(k).prod;                                      \
		(r).consumer = &(k).cons;                                      \
		(r).flags = &(k).flags;                                        \
		(r).ring = (k).addr;                                           \
		(r).cached_prod = (k).prod;                                    \
		(r).cached_cons = (k).cons;                                    \
	} while (0)
#define FAKE_RING_PROD(r, k)                                                   \
	do {                                                                   \
		FAKE_RING(r, k);                                               \
		(r).cached_cons += (k).size;                                   \
	} while (0)

/* Entries in the ring; either side may be the application's. */
static inline uint32_t fake_ring_count(struct fake_ring *k)
{
	return __atomic_load_n(&k->prod, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&k->cons, __ATOMIC_ACQUIRE);
}

static inline uint32_t fake_ring_slot(const struct fake_ring *k, uint32_t i)
{
	return i & (k->size - 1);
}

/* The kernel takes up to @max addresses (fill ring: frames to receive in). */
static inline uint32_t fake_take_addrs(struct fake_ring *k, uint64_t *out,
				       uint32_t max)
{
	uint32_t n = fake_ring_count(k), i;

	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = k->addr[fake_ring_slot(k, k->cons + i)];
	__atomic_store_n(&k->cons, k->cons + n, __ATOMIC_RELEASE);
	return n;
}

/* The kernel gives @n addresses (completion ring: frames it has sent). */
static inline void fake_put_addrs(struct fake_ring *k, const uint64_t *addrs,
				  uint32_t n)
{
	uint32_t i;

	ck_assert_uint_le(n, k->size - fake_ring_count(k));
	for (i = 0; i < n; i++)
		k->addr[fake_ring_slot(k, k->prod + i)] = addrs[i];
	__atomic_store_n(&k->prod, k->prod + n, __ATOMIC_RELEASE);
}

/* The kernel takes up to @max descriptors (TX ring: frames to send). */
static inline uint32_t fake_take_descs(struct fake_ring *k,
				       struct xdp_desc *out, uint32_t max)
{
	uint32_t n = fake_ring_count(k), i;

	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = k->desc[fake_ring_slot(k, k->cons + i)];
	__atomic_store_n(&k->cons, k->cons + n, __ATOMIC_RELEASE);
	return n;
}

/* The kernel gives one descriptor (RX ring: a datagram received). */
static inline void fake_put_desc(struct fake_ring *k, uint64_t addr,
				 uint32_t len)
{
	struct xdp_desc *d;

	ck_assert_uint_lt(fake_ring_count(k), k->size);
	d = &k->desc[fake_ring_slot(k, k->prod)];
	d->addr = addr;
	d->len = len;
	d->options = 0;
	__atomic_store_n(&k->prod, k->prod + 1, __ATOMIC_RELEASE);
}

#endif /* AFUDP_TESTS_FAKE_RING_H */
