// SPDX-License-Identifier: BSD-2-Clause
/*
 * AF_XDP TX metadata for the device's UDP checksum: see txmd.h.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "proto/csum.h"
#include "proto/txmd.h"

#define ETH_LEN 14
#define UDP_CHECK_OFF 6 /* offsetof(struct udphdr, check) */

int afudp_txmd_udp4_csum(void *frame, size_t len, struct afudp_xsk_tx_md *md)
{
	uint8_t *p = frame, *ip = p + ETH_LEN, *udp;
	size_t ihl;
	uint16_t udp_len, sum;
	__be32 saddr, daddr;

	if (len < ETH_LEN + 20)
		return -EINVAL;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	if (ihl < 20 || len < ETH_LEN + ihl + 8)
		return -EINVAL;
	udp = ip + ihl;
	udp_len = (uint16_t)(udp[4] << 8 | udp[5]);
	memcpy(&saddr, ip + 12, 4);
	memcpy(&daddr, ip + 16, 4);
	/* Folded, not inverted: the device adds the header and payload. */
	sum = afudp_csum_fold(afudp_csum_pseudo4(saddr, daddr, 17, udp_len));
	memcpy(udp + UDP_CHECK_OFF, &sum, 2);

	memset(md, 0, sizeof(*md));
	md->flags = AFUDP_XDP_TXMD_FLAGS_CHECKSUM;
	md->csum_start = (uint16_t)(ETH_LEN + ihl);
	md->csum_offset = UDP_CHECK_OFF;
	return 0;
}
