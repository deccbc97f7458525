/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hash mixing shared by the lib/route tables. Keys are small integers
 * (addresses, prefix/length pairs) chosen partly by whoever configures the
 * network, so they are run through a full-avalanche mix before bucketing:
 * cds_lfht splits buckets on the hash's bits, and raw addresses that share
 * their low bits would all land in one chain.
 */
#ifndef AFUDP_ROUTE_HASH_H
#define AFUDP_ROUTE_HASH_H

#include <stdint.h>

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
