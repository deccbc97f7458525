/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hash mixing and sizing shared by the lib/route tables. Keys are small
 * integers (addresses, prefix/length pairs) chosen partly by whoever
 * configures the network, so they are run through a full-avalanche mix
 * before bucketing: cds_lfht splits buckets on the hash's bits, and raw
 * addresses that share their low bits would all land in one chain.
 */
#ifndef AFUDP_ROUTE_HASH_H
#define AFUDP_ROUTE_HASH_H

#include <stdint.h>

/*
 * cds_lfht_new() arguments of the lib/route tables: start at 16 buckets,
 * never shrink below, no upper limit (0), and let the table resize itself
 * as entries come and go (CDS_LFHT_ACCOUNTING counts them for that).
 */
#define AFUDP_RT_HT_INIT	16
#define AFUDP_RT_HT_MIN		16
#define AFUDP_RT_HT_MAX		0
#define AFUDP_RT_HT_FLAGS	(CDS_LFHT_AUTO_RESIZE | CDS_LFHT_ACCOUNTING)

/* MurmurHash3's 64-bit finaliser: a bijection, every input bit avalanches. */
static inline uint64_t afudp_rt_hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

#endif /* AFUDP_ROUTE_HASH_H */
