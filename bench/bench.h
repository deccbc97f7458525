/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Shared by bench.bpf.c and the bench programs that load it: the config
 * map's value and the counter indexes. Host byte order in bench_cfg.
 */
#ifndef AFUDP_BENCH_H
#define AFUDP_BENCH_H

#include <linux/types.h>

#define BENCH_MAX_QUEUES 64

enum {
	BENCH_CNT_RX = 0, /* frames bench_count dropped */
	BENCH_CNT_GEN, /* frames bench_gen sent */
	BENCH_CNT_NR,
};

struct bench_cfg {
	__u32 flows; /* bench_gen: source ports sport .. sport+flows-1 */
	__u16 sport; /* bench_gen: first source port */
	__u16 dport; /* bench_xsk: UDP port redirected to the XSKs */
};

#endif /* AFUDP_BENCH_H */
