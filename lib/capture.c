// SPDX-License-Identifier: BSD-2-Clause
/*
 * Capture: copies of the frames the fast path takes and sends, for
 * afudp-dump, into the ring after the stack's counters (statshm.h). The
 * data path calls in here only while a capture runs (afudp_cap_on(), one
 * load per batch); then every producer, any thread of any process that
 * shares the stack, reserves its batch's slots with one compare-and-swap
 * and commits each slot on its own. A full ring drops the copies, counted,
 * never the datagrams. What goes through the kernel socket is not here:
 * it never is a frame in the UMEM.
 */
#include <string.h>
#include <time.h>

#include "dp.h"

/* Where st->cap points while the stack publishes no counters: never on. */
struct afudp_cap_hdr afudp_cap_none;

struct cap_frame {
	const uint8_t *p;
	uint32_t len;	/* bytes at p: what can be copied */
	uint32_t wire;	/* the whole frame's, a chain's every frame counted */
};

/* Copy @n frames of socket @s going way @dir into the ring. */
static void cap_put(struct afudp_socket *s, uint8_t dir,
		    const struct cap_frame *f, unsigned int n)
{
	struct afudp_cap_hdr *h = s->st->cap;
	uint16_t port = __atomic_load_n(&h->port, __ATOMIC_RELAXED);
	uint32_t nslots = __atomic_load_n(&h->nslots, __ATOMIC_RELAXED);
	uint64_t head, tail, room, want, t;
	struct timespec ts;
	unsigned int i;

	if ((port && port != s->local.sin_port) || !nslots ||
	    nslots > AFUDP_CAP_SLOTS || !s->st->shm)
		return;
	__atomic_fetch_add(&h->seen, n, __ATOMIC_RELAXED);
	head = __atomic_load_n(&h->head, __ATOMIC_RELAXED);
	do {
		tail = __atomic_load_n(&h->tail, __ATOMIC_ACQUIRE);
		room = head - tail < nslots ? nslots - (head - tail) : 0;
		want = n < room ? n : room;
		if (!want)
			break;
	} while (!__atomic_compare_exchange_n(&h->head, &head, head + want,
					      true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	if (want < n)
		__atomic_fetch_add(&h->dropped, n - want, __ATOMIC_RELAXED);
	if (!want)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	t = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	for (i = 0; i < want; i++) {
		struct afudp_cap_rec *r =
			afudp_cap_slot(s->st->shm, head + i, nslots);
		uint32_t c = f[i].len < AFUDP_CAP_SNAP ? f[i].len :
							  AFUDP_CAP_SNAP;

		r->ts = t;
		r->len = f[i].wire;
		r->caplen = (uint16_t)c;
		r->dir = dir;
		r->flags = 0;
		r->port = s->local.sin_port;
		memcpy(r->data, f[i].p, c);
		/* The consumer reads the slot once this says it is whole. */
		__atomic_store_n(&r->seq, head + i + 1, __ATOMIC_RELEASE);
	}
}

void afudp_cap_rx(struct afudp_socket *s, const struct afudp_rx_item *items,
		  unsigned int n)
{
	struct cap_frame f[AFUDP_BATCH];
	unsigned int i, m;

	while (n) {
		m = n < AFUDP_BATCH ? n : AFUDP_BATCH;
		for (i = 0; i < m; i++) {
			const struct afudp_rx_item *it = &items[i];
			const uint8_t *p = afudp_queue_data(it->x->q, it->addr);

			/*
			 * The frame up to the payload's end: no padding. Of
			 * a multi-buffer chain, its first frame only (a slot
			 * holds less than a chain), with the chain's length
			 * as the record's: a reader sees it cut short, as
			 * by a snap length.
			 */
			f[i].p = p;
			f[i].wire = (uint32_t)(it->info.payload - p) +
				    it->info.payload_len;
			f[i].len = (uint32_t)(it->info.payload - p) +
				   (it->nfrag ? it->head_len :
						it->info.payload_len);
		}
		cap_put(s, AFUDP_CAP_IN, f, m);
		items += m;
		n -= m;
	}
}

void afudp_cap_tx(struct afudp_socket *s, const void *frame, uint32_t len,
		  uint32_t wire)
{
	struct cap_frame f = { frame, len, wire };

	cap_put(s, AFUDP_CAP_OUT, &f, 1);
}
