/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The XDP program on one interface: attaching it (or sharing the one another
 * afudp process runs there, or reclaiming one a dead process left), its maps,
 * and removing it when the last user goes.
 *
 * Ownership across processes is decided by an OFD lock on
 * /run/afudp/<netns>-<ifindex>.lock: every process using the program holds it
 * shared; whoever can take it exclusively is alone, so any afudp program on
 * the interface is a dead process's and may be replaced, and on close the
 * last user detaches. The kernel drops the lock of a process that dies, so
 * no pid files or heartbeats are needed. A second lock on the same file's
 * byte 1 serialises slot allocation between processes.
 *
 * This module knows ports, slots and XSK fds, not sockets.
 */
#ifndef AFUDP_XDP_H
#define AFUDP_XDP_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/types.h>

#include "../bpf/afudp_shared.h"
#include "afudp.h"
#include "log.h"
#include "route/route.h"

struct afudp_xdp;

/*
 * Attach (or share) in the mode asked for: AUTO, NATIVE or SKB. @rx_ts:
 * load the program bound to the device, for its receive timestamps and
 * the VLAN tags it takes out of frames (afudp_xdp_rx_ts() says whether
 * the program runs so); a process that shares the program takes it as its
 * first process loaded it.
 */
int afudp_xdp_open(struct afudp_xdp **out, int ifindex,
		   enum afudp_xdp_mode mode_req, bool rx_ts,
		   const struct afudp_logger *lg);
void afudp_xdp_close(struct afudp_xdp *x);

/* What was done: the mode (NATIVE or SKB), shared, reclaimed. */
enum afudp_xdp_mode afudp_xdp_mode(const struct afudp_xdp *x);
/* "native", "skb"; "native or skb" for AUTO. */
const char *afudp_xdp_mode_str(enum afudp_xdp_mode m);
bool afudp_xdp_shared(const struct afudp_xdp *x);
bool afudp_xdp_reclaimed(const struct afudp_xdp *x);
/*
 * Is the program the device-bound build (AFUDP_CFG_RX_TS): does it write
 * the device's receive timestamps before the frames it sends to XSKs
 * (struct afudp_rx_meta), and read the VLAN tags the device took out?
 */
bool afudp_xdp_rx_ts(const struct afudp_xdp *x);
/*
 * Was the program loaded frags-capable (BPF_F_XDP_HAS_FRAGS,
 * AFUDP_CFG_FRAGS)? Then a native-mode driver may hand it multi-buffer
 * frames, which go to an XSK bound with XDP_USE_SG as chains.
 */
bool afudp_xdp_frags(const struct afudp_xdp *x);
unsigned int afudp_xdp_prog_id(const struct afudp_xdp *x);

/*
 * Register @port (network order) for @addr (0 = any local address) with
 * one XSK fd per interface queue: @fds[q] is the XSK for RX queue q, or -1
 * where the socket has none; frames longer than @max_len (what fits a UMEM
 * frame) go to the kernel instead. @stride slots are reserved per queue (1
 * for a plain port; a reuseport group's most sockets), @fds filling each
 * queue's first. Slots are allocated, filled, and the port entry published
 * last, all under the allocation lock. @shared: the caller's kernel socket
 * has SO_REUSEPORT, so an entry of another live process may be there.
 * Returns 0, -EADDRINUSE if a live entry exists for the port (an entry the
 * caller's own kernel socket proves stale, or a dead process's, is
 * replaced), -ENOSPC.
 */
int afudp_xdp_port_add(struct afudp_xdp *x, __be16 port, __be32 addr,
		       const int *fds, unsigned int nq, unsigned int max_len,
		       unsigned int stride, bool shared);

/* Unpublish @port first, then empty its slots. */
void afudp_xdp_port_del(struct afudp_xdp *x, __be16 port);

/*
 * IPv6: register @port for @addr (NULL or :: = any local IPv6 address)
 * in the ports6 map, as afudp_xdp_port_add() does in the IPv4 one, with
 * the same arguments, rules and results (under the handle's VLAN, as
 * there: afudp_xdp_set_vid()). A dual-stack socket (bound to
 * ::, IPV6_V6ONLY off) calls both, with the same fds: each entry gets
 * its own slots (lib/socket.c). The sharded and reuseport calls below
 * work on either map's entry: IPv4's, or IPv6's with @v6.
 */
int afudp_xdp_port6_add(struct afudp_xdp *x, __be16 port,
			const struct in6_addr *addr, const int *fds,
			unsigned int nq, unsigned int max_len,
			unsigned int stride, bool shared);
void afudp_xdp_port6_del(struct afudp_xdp *x, __be16 port);

/*
 * Sharded ports: fill (set) or empty (clear) the slots of an existing
 * port entry for the queues where @fds[q] >= 0, leaving the other shards'
 * slots alone. The caller knows the queues are its own. 0, -ENOENT.
 */
int afudp_xdp_slots_set(struct afudp_xdp *x, __be16 port, bool v6,
			const int *fds, unsigned int nq);
void afudp_xdp_slots_clear(struct afudp_xdp *x, __be16 port, bool v6,
			   const int *fds, unsigned int nq);

/*
 * Reuseport groups (port added with a stride): a socket joins with its XSK
 * fds, taking the next slot of each queue, counted in the entry once they
 * are filled; returns its index, -ENOENT, -ENOSPC (stride reached).
 * Leaving, socket @i's slots get the fds of the last socket (@last_fds,
 * ignored when @i is the last), the count drops, the last slots empty: the
 * caller moves its last socket to index @i too. The caller serialises.
 */
int afudp_xdp_shard_join(struct afudp_xdp *x, __be16 port, bool v6,
			 const int *fds, unsigned int nq);
void afudp_xdp_shard_leave(struct afudp_xdp *x, __be16 port, bool v6,
			   unsigned int i, const int *last_fds,
			   unsigned int nq);

/*
 * Multicast (lib/mcast.c): publish @k, a joined (group, source, port), to
 * the process's group XSKs @fds (one per queue, -1 where none). *@base is
 * their first slot: UINT32_MAX the first time, when the slots are
 * allocated and filled, then whatever it returned. A live entry of
 * another process for @k becomes a "kernel's" entry (nslots 0): the
 * kernel then delivers to every process's kernel socket. 0, -ENOSPC.
 */
int afudp_xdp_mc_add(struct afudp_xdp *x, const struct afudp_mc_key *k,
		     const int *fds, unsigned int nq, unsigned int max_len,
		     __u32 *base);
/* Unpublish @k (if it is this process's); @last: empty the slots too. */
void afudp_xdp_mc_del(struct afudp_xdp *x, const struct afudp_mc_key *k,
		      bool last, __u32 base, unsigned int nq);

/*
 * The VLAN this handle serves (0, the default: untagged): its ports,
 * addresses and MAC are published under @vid (afudp_shared.h). Set once,
 * before any of them.
 */
void afudp_xdp_set_vid(struct afudp_xdp *x, __u16 vid);

/* Replace the set of local addresses the program accepts (this VLAN's). */
int afudp_xdp_set_addrs(struct afudp_xdp *x, const __be32 *addrs, int n);
/*
 * The same for IPv6 (this VLAN's; the map holds AFUDP_MAX_ADDRS of all
 * VLANs: -E2BIG past them).
 */
int afudp_xdp_set_addrs6(struct afudp_xdp *x, const struct in6_addr *addrs,
			 int n);

/*
 * Set the interface's MAC (a VLAN's: its interface's): unicast frames for
 * another go to the kernel. A VLAN's entry makes its tagged frames
 * matched at all.
 */
int afudp_xdp_set_mac(struct afudp_xdp *x, const uint8_t mac[6]);

/* Sum the per-CPU verdict counters into @cnt[AFUDP_XDP_CNT_NR]. */
int afudp_xdp_counters(struct afudp_xdp *x, uint64_t *cnt);

/*
 * Path MTU news (afudp_shared.h, "Path MTU"): the program's counter of
 * ICMP path MTU messages it noted, mapped read-only (a plain load tells
 * whether there are new ones; NULL if it cannot be mapped, logged); and
 * the notes themselves, this VLAN's, up to @max into @out (how many): an
 * afudp_rt_pmtu_read_fn, @ctx the struct afudp_xdp.
 */
const volatile uint64_t *afudp_xdp_pmtu_seq(struct afudp_xdp *x);
int afudp_xdp_pmtu_read(void *x, struct afudp_rt_pmtu *out, int max);

#endif /* AFUDP_XDP_H */
