/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Live counters of a stack, in a shared-memory file that afudp-stat reads
 * from outside the process: /dev/shm/afudp.<pid>.<n>, one per stack.
 *
 * The data path writes its counters here and nowhere else, so publishing
 * them costs nothing: they are the same stores into pages that happen to
 * be shared. Each socket's counters are written by the one thread using
 * it; readers may see a counter mid-update by one increment, never a torn
 * 64-bit value (aligned stores). What the process alone can read (the
 * kernel's XDP_STATISTICS of an XSK) is left to the reader: the XSK fds are
 * listed, and afudp-stat duplicates them with pidfd_getfd(2).
 *
 * Bump AFUDP_SHM_VERSION when the layout changes.
 */
#ifndef AFUDP_STATSHM_H
#define AFUDP_STATSHM_H

#include <stddef.h>
#include <stdint.h>

#include "afudp.h"

#define AFUDP_SHM_PREFIX "afudp."
#define AFUDP_SHM_MAGIC 0x61667564u	/* "afud" */
#define AFUDP_SHM_VERSION 5
#define AFUDP_SHM_SOCKS 256
#define AFUDP_SHM_QUEUES 64

struct afudp_shm_sock {
	uint32_t used;			/* 1 while the socket is open */
	uint16_t port;			/* network order; 0 until bound */
	uint16_t nx;			/* XSKs (queues served) */
	uint32_t addr;			/* bound address, network order */
	uint32_t family;		/* AF_INET6: the address is addr6 */
	uint8_t addr6[16];		/* an IPv6 socket's bound address */
	int32_t xsk_fd[AFUDP_SHM_QUEUES];
	uint32_t qid[AFUDP_SHM_QUEUES];
	struct afudp_socket_stats c;	/* written by the data path */
};

struct afudp_shm {
	uint32_t magic;
	uint32_t version;
	int32_t pid;
	int32_t ifindex;
	char ifname[16];
	uint32_t backend;		/* enum afudp_backend */
	uint32_t xdp_mode;		/* enum afudp_xdp_mode */
	uint32_t copy_mode;		/* enum afudp_copy_mode */
	uint32_t n_queues;
	uint32_t prog_id;		/* the XDP program, 0 if none */
	uint32_t pad;
	struct afudp_shm_sock socks[AFUDP_SHM_SOCKS];
	/* What the device offers: enum afudp_cap each (afudp_stack_info). */
	uint8_t zerocopy;
	uint8_t multi_buffer;
	uint8_t tx_csum_offload;
	uint8_t rx_ts_hw;
	uint8_t busy_poll;		/* may change when a socket asks */
	uint8_t pad2[3];
	uint32_t busy_poll_usecs;
	uint32_t busy_poll_budget;
	uint64_t xsk_features;
};

/*
 * Packet capture (afudp-dump), in the same file after the counters, at
 * AFUDP_CAP_OFF: a control header, then AFUDP_CAP_SLOTS fixed-size slots.
 * The file is sparse (tmpfs): the slots cost no memory until a capture
 * writes them, and the stack maps them once, at open, so a forked child
 * shares them as it shares the counters and nothing is ever remapped
 * under a running data path.
 *
 * afudp-dump, the one consumer, claims the header (@owner: its pid),
 * sets the filter and the ring's size, then @on. The data path reads @on
 * once per batch (relaxed: a capture starts a few datagrams late, never
 * wrong); while it is set, every producer (any thread of any process
 * sharing the stack) reserves slots by a compare-and-swap on @head, fills
 * them, and commits each by writing its @seq last (release). A full ring
 * drops the copy, counted in @dropped, never the datagram. The consumer
 * copies the slot at @tail once its @seq says it is committed, then
 * moves @tail on (release) to give the slot back. A slot a producer
 * reserved and never committed (it died) is skipped by the consumer
 * after a while and counted dropped.
 */
#define AFUDP_CAP_SLOT 2048u		/* bytes per slot, its header included */
#define AFUDP_CAP_SLOTS 4096u		/* 8 MiB of slots at most */

struct afudp_cap_rec {
	uint64_t seq;			/* committed: its position + 1 */
	uint64_t ts;			/* CLOCK_REALTIME, ns */
	uint32_t len;			/* the frame's length */
	uint16_t caplen;		/* bytes of it in @data */
	uint8_t dir;			/* AFUDP_CAP_IN / _OUT */
	uint8_t flags;
	uint16_t port;			/* the socket's, network order */
	uint16_t pad[3];
	uint8_t data[];			/* the Ethernet frame */
};
#define AFUDP_CAP_SNAP (AFUDP_CAP_SLOT - sizeof(struct afudp_cap_rec))

#define AFUDP_CAP_IN 1
#define AFUDP_CAP_OUT 2

struct afudp_cap_hdr {
	/* Written by afudp-dump, read by the data path. */
	uint32_t on;			/* the one word checked per batch */
	uint16_t port;			/* filter, network order; 0: all */
	uint16_t pad;
	int32_t owner;			/* pid of the afudp-dump, 0: none */
	uint32_t nslots;		/* slots in use, <= AFUDP_CAP_SLOTS */
	uint8_t line0[48];
	/* The producers'. */
	uint64_t head;			/* next position to reserve */
	uint64_t seen;			/* frames offered to the capture */
	uint64_t dropped;		/* copies dropped: ring full */
	uint8_t line1[40];
	/* The consumer's. */
	uint64_t tail;			/* next position to read */
	uint8_t line2[56];
};

/* Where the capture header sits in the file, and the whole file's size. */
#define AFUDP_CAP_OFF \
	((sizeof(struct afudp_shm) + 4095) & ~(size_t)4095)
#define AFUDP_CAP_RING_OFF (AFUDP_CAP_OFF + 4096)
#define AFUDP_SHM_FILE_SIZE \
	(AFUDP_CAP_RING_OFF + (size_t)AFUDP_CAP_SLOTS * AFUDP_CAP_SLOT)

static inline struct afudp_cap_rec *afudp_cap_slot(void *shm, uint64_t pos,
						   uint32_t nslots)
{
	return (struct afudp_cap_rec *)((char *)shm + AFUDP_CAP_RING_OFF +
					(size_t)(pos % nslots) *
						AFUDP_CAP_SLOT);
}

#endif /* AFUDP_STATSHM_H */
