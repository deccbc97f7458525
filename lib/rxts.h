/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Receive timestamps (docs/ARCHITECTURE.md, "Receive timestamps"): each
 * datagram a socket takes while it wants them (s->ts_on: SO_TIMESTAMP*,
 * SO_TIMESTAMPING, or afudp_recvfrom_ts() once called) carries the
 * software time afudp first saw it, one CLOCK_REALTIME reading per ring
 * batch, and, when the XDP program is bound to the device (st->rx_ts_hw
 * 1), the device's timestamp the program wrote before the frame (struct
 * afudp_rx_meta): one 8-byte load. A socket that never asked pays one
 * test per batch. Kept apart from rx.c so the receive loop stays small.
 */
#ifndef AFUDP_RXTS_H
#define AFUDP_RXTS_H

#include <string.h>
#include <time.h>

#include "afudp_int.h"

/* CLOCK_REALTIME in ns (the kernel's SO_TIMESTAMPNS clock): the vDSO. */
static inline uint64_t afudp_rxts_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/*
 * The device's timestamp the program wrote before the frame at @addr of
 * @q, or 0. Its magic is cleared once read: a frame reused without the
 * block (another program meanwhile) is never misread.
 */
static inline uint64_t afudp_rxts_hw(const struct afudp_queue *q,
				     uint64_t addr)
{
	uint8_t *p = (uint8_t *)afudp_queue_data(q, addr) -
		     sizeof(struct afudp_rx_meta);
	struct afudp_rx_meta m;

	memcpy(&m, p, sizeof(m));
	if (m.magic != AFUDP_RX_META_MAGIC)
		return 0;
	memset(p + offsetof(struct afudp_rx_meta, magic), 0, sizeof(m.magic));
	return m.rx_ts;
}

static inline struct timespec afudp_rxts_spec(uint64_t ns)
{
	struct timespec t = { .tv_sec = (time_t)(ns / 1000000000u),
			      .tv_nsec = (long)(ns % 1000000000u) };

	return t;
}

#endif /* AFUDP_RXTS_H */
