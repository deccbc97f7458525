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

#include <stdint.h>

#include "afudp.h"

#define AFUDP_SHM_PREFIX "afudp."
#define AFUDP_SHM_MAGIC 0x61667564u	/* "afud" */
#define AFUDP_SHM_VERSION 2
#define AFUDP_SHM_SOCKS 256
#define AFUDP_SHM_QUEUES 64

struct afudp_shm_sock {
	uint32_t used;			/* 1 while the socket is open */
	uint16_t port;			/* network order; 0 until bound */
	uint16_t nx;			/* XSKs (queues served) */
	uint32_t addr;			/* bound address, network order */
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
};

#endif /* AFUDP_STATSHM_H */
