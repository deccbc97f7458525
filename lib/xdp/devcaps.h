/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a device and the kernel offer the XSKs, asked once at stack open:
 * the netdev generic netlink family's xsk-features (TX checksum offload
 * through AF_XDP TX metadata, Linux 6.8+), and the busy-poll socket
 * options of an XSK. Debian 12's headers (Linux 6.1) and libbpf 1.1 know
 * neither the netdev family's XSK attributes nor the TX metadata, so their
 * kernel ABI numbers are spelled here.
 */
#ifndef AFUDP_XDP_DEVCAPS_H
#define AFUDP_XDP_DEVCAPS_H

#include <stddef.h>
#include <stdint.h>

/* include/uapi/linux/netdev.h (Linux 6.8+). */
#define AFUDP_NETDEV_XSK_FLAGS_TX_TIMESTAMP 1u
#define AFUDP_NETDEV_XSK_FLAGS_TX_CHECKSUM 2u

/*
 * afudp_netdev_xsk_features() - the device's netdev xsk-features.
 * @ifindex: the interface
 * @features: set to NETDEV_A_DEV_XSK_FEATURES (0 if the kernel has the
 *	netdev family but not the attribute: before 6.8)
 *
 * Return: 0, -EOPNOTSUPP (no netdev genetlink family: before 6.3), or
 * another negative errno. Blocking: yes (one netlink round trip, bounded
 * by a receive timeout).
 */
int afudp_netdev_xsk_features(int ifindex, uint64_t *features);

/* The busy-poll options afudp sets on an XSK when busy-polling. */
#define AFUDP_BUSY_POLL_USECS 20

/*
 * afudp_xsk_busy_poll() - set SO_PREFER_BUSY_POLL, SO_BUSY_POLL (@usecs)
 * and SO_BUSY_POLL_BUDGET (@budget) on the XSK @fd.
 * @why: on failure, the option refused and the kernel's reason, for a log
 *
 * Return: 0, or the negative errno of the first option refused (the
 * others are not tried).
 */
int afudp_xsk_busy_poll(int fd, unsigned int usecs, unsigned int budget,
			char *why, size_t why_size);

/*
 * Read SO_PREFER_BUSY_POLL and SO_BUSY_POLL back (0 each if unreadable).
 * The kernel has no getsockopt for SO_BUSY_POLL_BUDGET.
 */
void afudp_xsk_busy_poll_get(int fd, unsigned int *prefer, unsigned int *usecs);

#endif
