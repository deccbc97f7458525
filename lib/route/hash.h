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
#include <string.h>

#include <urcu/rculfhash.h>

/*
 * cds_lfht_new() arguments of the lib/route tables: start at 64 buckets,
 * never shrink below, no upper limit (0). No CDS_LFHT_AUTO_RESIZE: its
 * worker thread is re-created in every forked child by liburcu's fork
 * handlers, and in liburcu 0.13 (Debian 12) the new one inherits the
 * parent's futex word (-1 while paused) and spins at 100% of a CPU
 * forever. The writer grows a table itself (afudp_rt_ht_grow()).
 */
#define AFUDP_RT_HT_INIT	64
#define AFUDP_RT_HT_MIN		64
#define AFUDP_RT_HT_MAX		0
#define AFUDP_RT_HT_FLAGS	0

/*
 * After an add that made @count entries: past two per bucket, four times
 * the buckets (cds_lfht_resize() runs in the caller, no worker). The
 * writer only, outside a read-side critical section.
 */
static inline void afudp_rt_ht_grow(struct cds_lfht *ht,
				    unsigned long *buckets,
				    unsigned long count)
{
	if (count <= 2 * *buckets)
		return;
	*buckets *= 4;
	cds_lfht_resize(ht, *buckets);
}

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

/*
 * A 16-byte key (an IPv6 address, or an IPv4 one and zeros) and a small
 * @tag (a prefix length) into one hash: the halves are combined before
 * the one finaliser, the low half spread by an odd multiplier so that
 * equal halves do not cancel. One finaliser, not two: an IPv4 lookup
 * pays this per probed prefix length.
 */
static inline uint64_t afudp_rt_hash128(const void *key, uint8_t tag)
{
	uint64_t hi, lo;

	memcpy(&hi, key, sizeof(hi));
	memcpy(&lo, (const uint8_t *)key + sizeof(hi), sizeof(lo));
	return afudp_rt_hash64(hi ^ (lo * 0x9e3779b97f4a7c15ULL) ^
			       ((uint64_t)tag << 56));
}

#endif /* AFUDP_ROUTE_HASH_H */
