/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal layout of stacks and sockets, shared by stack.c, socket.c and
 * the data path (rx.c, tx.c, zc.c; dp.h). Not installed.
 *
 * Ownership: a stack owns its queues (UMEM, shared rings, frame pools), its
 * XDP program handle and its route mirror; a socket owns its XSKs (one per
 * queue it serves, each joined to that queue's UMEM), its kernel UDP socket
 * and the epoll fd that makes it pollable. A socket's data-path state
 * (rings, counters) is touched only by the one thread using it; the queues'
 * shared rings only under their lock. Its TX frame caches are its own too,
 * under a lock of their own, which lets a socket that finds its queue out
 * of frames take back the ones an idle socket keeps (umem/pool.h).
 */
#ifndef AFUDP_INT_H
#define AFUDP_INT_H

#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <xdp/xsk.h>

#include "afudp.h"
#include "log.h"
#include "proto/udp4.h"
#include "proto/udp6.h"
#include "statshm.h"
#include "route/route.h"
#include "shared.h"
#include "umem/queue.h"
#include "xdp/xdp.h"

#define AFUDP_EXPORT __attribute__((visibility("default")))
/*
 * For a step of the per-datagram path that the compiler would call out of
 * line (it has a rare branch, or two callers): inlined, it saves the call
 * and the saved registers, which callgrind counts on every datagram.
 */
#define AFUDP_HOT_INLINE inline __attribute__((always_inline))

/* Descriptors handled per ring visit. */
#define AFUDP_BATCH 64
/* Offset of the data in a received frame in copy mode. */
#define AFUDP_RX_HEADROOM 256

/*
 * Most frames of one multi-buffer datagram (XDP_USE_SG chains), both
 * ways: below the kernel's MAX_SKB_FRAGS (17), which bounds a copy-mode
 * send's chain. 16 frames of 2048 bytes carry a 9000-byte MTU's frame
 * with room to spare; the XDP program passes longer frames to the kernel
 * (afudp_rx_max_len()).
 */
#define AFUDP_MAX_FRAGS 16

/* Zero-copy send buffers of a socket without XSKs: one bit each. */
#define AFUDP_HEAP_BUFS 64

/* Option defaults (afudp_stack_opts zero fields). */
#define AFUDP_DEF_FRAMES 4096
#define AFUDP_DEF_FRAME_SIZE 2048
#define AFUDP_DEF_RING 1024

/* Processes that can share one stack (fork()). */
#define AFUDP_PROCS 64
/* Its arena (shared.h): address space, touched as used. */
#define AFUDP_ARENA_SIZE (64u << 20)

struct afudp_stack {
	struct afudp_logger log;
	char ifname[IF_NAMESIZE];
	int ifindex;
	/*
	 * The device whose queues, XSKs and XDP program carry the stack's
	 * frames: the interface itself, or, for a VLAN interface, the
	 * device under it, with the frames tagged @vid (0: untagged).
	 * Routes, neighbours, addresses and the MAC stay the interface's
	 * (docs/ARCHITECTURE.md, "VLANs").
	 */
	char dev[IF_NAMESIZE];
	int dev_ifindex;
	uint16_t vid;
	bool vlan_bound;	/* @dev strips tags: the bound program needed */
	enum afudp_backend backend;
	unsigned int flags;
	bool busy_poll;
	uint32_t frame_size;
	uint32_t frames;
	uint32_t ring_size;
	int xdp_mode;			/* asked for: opts or environment */
	int copy_req;			/* asked for: opts or environment */
	int copy_mode;			/* in use: AFUDP_COPY_COPY/_ZEROCOPY */
	/*
	 * Every queue bound with XDP_USE_SG: datagrams larger than a frame
	 * take the fast path as chains of frames (rx.c, tx.c).
	 */
	bool mb;
	/* What the device and kernel offer the XSKs (afudp_stack_info). */
	uint64_t xsk_features;		/* netdev xsk-features, 0: none */
	int tx_csum;			/* enum afudp_cap: device checksums */
	int bp_cap;			/* enum afudp_cap: busy-poll options */
	unsigned int bp_usecs;		/* SO_BUSY_POLL read back */
	unsigned int bp_budget;		/* SO_BUSY_POLL_BUDGET read back */
	/*
	 * Hardware receive timestamps: -1 not asked for, 0 asked but the
	 * program is not bound to the device, 1 the program asks the driver
	 * for each datagram (lib/rxts.h reads what it wrote).
	 */
	int rx_ts_hw;
	unsigned int if_queues;		/* RX queues of the interface */
	unsigned int nq;		/* queues served */
	struct afudp_queue *queues;	/* [nq] */
	struct afudp_xdp *xdp;		/* NULL on the kernel backend */
	struct afudp_rt *rt;		/* NULL on the kernel backend */
	pthread_mutex_t lock;		/* the socket and port lists */
	struct afudp_socket *socks;
	struct afudp_socket *closed;	/* kept for reuse; see CHECK_OPEN */
	struct afudp_port_use *ports;	/* ports published by this stack */
	/*
	 * Multicast (mcast.c), under mc_lock: the sockets' group
	 * memberships, and the group XSKs (an internal socket, created
	 * with the first published membership) the XDP program sends the
	 * joined groups' datagrams to, at XSKMAP slots mc_base + queue.
	 */
	pthread_mutex_t mc_lock;
	struct afudp_mc_memb *mc;
	struct afudp_socket *mc_gs;
	uint32_t mc_base;
	struct afudp_shm *shm;		/* counters for afudp-stat, or NULL */
	/* Capture control in it (afudp-dump), or &afudp_cap_none. */
	struct afudp_cap_hdr *cap;
	char shm_name[64];
	/*
	 * The processes sharing the stack (shared.h): the one that opened
	 * it, and each child forked since, which claims a slot in the fork
	 * itself (0: free; a dead process's slot is free too). Atomic.
	 */
	pid_t procs[AFUDP_PROCS];
	/* Held by each of them, close-on-exec: who still shares it. */
	int token;
	ino_t token_ino;
	/* Sockets, ports, memberships: blocks every process sees. */
	struct afudp_arena arena;
};

/*
 * The longest frame (Ethernet header on) the stack's XSKs take, for the
 * XDP program's max_len: what one UMEM frame holds after the kernel's
 * receive headroom, or a chain of AFUDP_MAX_FRAGS of them.
 */
static inline unsigned int afudp_rx_max_len(const struct afudp_stack *st)
{
	return (st->frame_size - AFUDP_RX_HEADROOM) *
	       (st->mb ? AFUDP_MAX_FRAGS : 1);
}

/* capture.c: st->cap of a stack that publishes nothing (never on). */
extern struct afudp_cap_hdr afudp_cap_none;

/* Most sockets of one reuseport group (AFUDP_SO_REUSEPORT). */
#define AFUDP_REUSEPORT_MAX 64

/*
 * A port this stack published to the XDP program, and which of its queues
 * are taken: one socket holds all of a port's queues, or several sharded
 * sockets (AFUDP_SO_SHARD) hold disjoint sets of them, or a reuseport
 * group (AFUDP_SO_REUSEPORT) shares them all: @members in the order of
 * their XSKMAP slots, the live ones dense (xdp.h, afudp_xdp_shard_join()).
 * @v6: the port's entry in the IPv6 ports map, bound to @addr6 (@addr:
 * IPv4's); a dual-stack socket counts in one of each.
 */
struct afudp_port_use {
	struct afudp_port_use *next;
	__be16 port;
	bool v6;
	__be32 addr;
	struct in6_addr addr6;
	bool shard;
	bool reuse;
	unsigned int refs;
	struct afudp_socket **members;	/* [AFUDP_REUSEPORT_MAX] if reuse */
	uint8_t owned[];		/* [if_queues]: 1 = a socket serves it */
};

/* A socket's membership of a group (source 0: any source). */
struct afudp_mc_memb {
	struct afudp_mc_memb *next;
	struct afudp_socket *s;
	__be32 group;
	__be32 source;
	bool published;			/* its key is in the mcast map */
};

/*
 * A multicast datagram waiting for its member socket: a frame of the
 * queue of the socket's XSK x[xi], as if taken off that XSK's RX ring.
 */
struct afudp_mc_copy {
	uint64_t addr;
	uint32_t len;
	uint32_t xi;
	uint64_t ts, ts_hw;		/* when read off the group's ring (rxts.h) */
};

/* Copies a member socket holds at most; more are dropped (rx_dropped). */
#define AFUDP_MC_BACKLOG 256

/* A socket's XSK on one queue. */
struct afudp_sxsk {
	struct afudp_queue *q;
	struct xsk_socket *xsk;
	int fd;
	struct xsk_ring_cons rx;
	struct xsk_ring_prod tx;
	bool tx_pending;		/* sent with AFUDP_MSG_BATCH, not kicked */
	struct afudp_cache cache;	/* free frames of q for TX (pool.h) */
};

/*
 * A closed socket's memory stays with its stack (the next afudp_socket()
 * reuses it; afudp_stack_close() frees it), its magic cleared: a call on
 * it fails with EBADF, as a BSD call on a closed descriptor does, instead
 * of touching freed memory. Like a descriptor number, the handle may come
 * back from afudp_socket() as a new socket.
 */
#define AFUDP_SOCK_MAGIC 0x55445073u	/* "UDPs" */
#define AFUDP_CHECK_OPEN(s)                                          \
	do {                                                         \
		if (s) {                                             \
			int e_;                                      \
			if ((s)->magic != AFUDP_SOCK_MAGIC)          \
				return -EBADF;                       \
			e_ = afudp_ctx_err((s)->st);                 \
			if (e_)                                      \
				return e_;                           \
		}                                                    \
	} while (0)

/*
 * fork()s this process has been the child of (pthread_atfork), the value
 * it had when this process last took over its stacks, and how many of them
 * it could not take over (stack.c, afudp_adopt()).
 */
extern unsigned int afudp_forks;
extern unsigned int afudp_adopted;
extern unsigned int afudp_nlost;
/*
 * Non-zero while afudp_forks != afudp_adopted or afudp_nlost is: the one
 * word afudp_ctx_err() reads on every call (stack.c sets it with them).
 */
extern unsigned int afudp_fork_work;

/*
 * stack.c. A forked child's first call on a stack it inherited: start
 * this process's own route mirror for each. 0, or -ECHILD if @st can't be
 * served here (its ports went back to their kernel sockets, logged).
 */
int afudp_adopt(const struct afudp_stack *st);

/*
 * Where the application may not call in from: its log callback (-EDEADLK,
 * see log.h), and a child process after fork() on a stack it could not
 * take over (-ECHILD). A child's first call takes its stacks over.
 */
static inline int afudp_ctx_err(const struct afudp_stack *st)
{
	if (__builtin_expect(afudp_in_log_fn, 0))
		return -EDEADLK;
	if (__builtin_expect(
		    __atomic_load_n(&afudp_fork_work, __ATOMIC_RELAXED), 0))
		return afudp_adopt(st);
	return 0;
}

/*
 * One destination's way out, as the route mirror last said (dstcache.c):
 * kept while the mirror's generation is @gen. A seqlock (@seq odd while
 * written) because the socket is in memory that forked processes share,
 * each with its own mirror and generations.
 */
struct afudp_dst_key {
	uint64_t a;	/* local address, local port << 32 */
	uint32_t b;	/* AFUDP_DST_KEY_SET | TTL | TOS << 8 | flags << 16 */
};

#define AFUDP_DST_KEY_SET (1u << 31)	/* else: no template in the entry */

struct afudp_dst_cache {
	uint32_t seq;
	__be32 daddr;
	uint64_t gen;			/* 0: empty */
	struct afudp_rt_result res;
	struct afudp_dst_key key;	/* what tmpl was built for */
	struct afudp_udp4_tmpl tmpl;
};

#define AFUDP_DST_CACHE 8		/* entries per socket, a power of 2 */

/*
 * The same for an IPv6 socket's IPv6 destinations (dstcache.c): the
 * route mirror's answer (route, NDP neighbour, source address) for
 * (@daddr, @scope_id), and a header template built for @key: the
 * socket's port, the hop limit and traffic class (afudp_dst_key6();
 * the peer's port is swapped in at each use). The socket's own address is fixed at its bind,
 * before any entry is made.
 */
struct afudp_dst_cache6 {
	uint32_t seq;
	uint32_t scope_id;
	uint64_t gen;			/* 0: empty */
	uint64_t key;			/* 0: no template */
	struct in6_addr daddr;
	struct afudp_rt_result6 res;
	struct afudp_udp6_tmpl tmpl;
};

#define AFUDP_DST_CACHE6 4		/* entries per socket, a power of 2 */

struct afudp_socket {
	uint32_t magic;			/* AFUDP_SOCK_MAGIC while open */
	struct afudp_stack *st;
	struct afudp_socket *next;	/* stack list, under st->lock */
	/*
	 * The kernel UDP socket on the same port: it reserves the port, and
	 * it is the slow path both ways (the public counters' "slow").
	 */
	int kfd;
	ino_t kino;			/* its inode: who holds it (fork) */
	int epfd;			/* pollable: XSK fds + kfd */
	unsigned int nx;
	struct afudp_sxsk *x;		/* [nx], created at bind */
	unsigned int *qsel;		/* queues asked for (NULL = all) */
	unsigned int nqsel;
	unsigned int rr;		/* next XSK to read first (fairness) */
	unsigned int txi;		/* XSK to send on: last one read */
	unsigned int kern_rr;		/* cadence of kernel socket reads */
	bool bound;
	bool registered;		/* port published in the XDP maps */
	bool connected;
	bool nonblock;
	bool busy_poll;
	bool shard;			/* AFUDP_SO_SHARD */
	bool reuse;			/* AFUDP_SO_REUSEPORT */
	struct sockaddr_in local;
	struct sockaddr_in peer;
	uint16_t ip_id;
	/*
	 * IPv6 (ip6.c): @family AF_INET6 for an IPv6 socket, whose API
	 * addresses are @local6 and @peer6. @local keeps its port (the
	 * receive filter's) and, bound to an IPv4-mapped address, that
	 * address; @peer, connected to an IPv4-mapped peer, that peer
	 * (else an address no IPv4 datagram comes from). @v6: IPv6
	 * datagrams reach it, its port is in the ports6 map (@reg6); @v4:
	 * IPv4 ones do (dual-stack, or bound to a mapped address). AF_INET
	 * sockets: v4 only, none of the rest used.
	 */
	int family;
	bool v4, v6, reg6;
	struct sockaddr_in6 local6;
	struct sockaddr_in6 peer6;
	/*
	 * Control messages: which ones receives deliver (AFUDP_CM_*; 0, the
	 * common case, costs the receive path one test), and the TOS and
	 * TTL of what is sent, as the kernel socket's options say
	 * (afudp_cmsg_sync(), cmsg.c).
	 */
	unsigned int cmsg;
	unsigned int tsflags;		/* SO_TIMESTAMPING's (AFUDP_CM_TSING) */
	/*
	 * Take receive timestamps (rxts.h): SO_TIMESTAMP(NS) or SO_TIMESTAMPING
	 * asked for them (cmsg), or afudp_recvfrom_ts() did (ts_api, kept).
	 */
	bool ts_on;
	bool ts_api;
	uint8_t tos;
	uint8_t ttl;
	/* IPV6_TCLASS and IPV6_UNICAST_HOPS, for an AF_INET6 socket's IPv6. */
	uint8_t tclass6;
	uint8_t hlim6;
	/*
	 * UDP_SEGMENT (the socket's segment size for sends, 0: none) and
	 * UDP_GRO (receives coalesce trains), from the kernel socket too;
	 * off, the common case, each costs its path one test.
	 */
	uint16_t gso_size;
	bool gro;
	uint32_t zc_held;		/* received frames lent to the app */
	uint32_t zc_tx_held;		/* TX frames lent to the app */
	/*
	 * Heap buffers stand in for frames where there is no UMEM: the
	 * datagram a zero-copy receive took from the kernel socket (up to
	 * 64 KiB, one at a time), and zero-copy send buffers on a socket
	 * without XSKs (kernel backend).
	 */
	/*
	 * Multicast copies for this socket (under st->mc_lock): a ring of
	 * mc_len entries from mc_head, created with the first membership,
	 * with an eventfd (in epfd) readable while it is not empty.
	 */
	struct afudp_mc_copy *mc_q;
	unsigned int mc_head;
	unsigned int mc_len;
	int mc_efd;
	uint8_t *kern_buf;
	bool kern_lent;
	uint64_t heap_lent;		/* bit i: heap_tx[i] lent */
	uint8_t *heap_tx[AFUDP_HEAP_BUFS];
	/*
	 * Multi-buffer datagrams lent by afudp_zc_recv() (zc.c): copied
	 * whole into chain_rx[i], bit i of chain_lent, allocated on first
	 * use at afudp_rx_max_len().
	 */
	uint64_t chain_lent;
	uint8_t *chain_rx[AFUDP_HEAP_BUFS];
	/*
	 * Counters kept by the data path: in the stack's shared memory when
	 * it has a slot for this socket, else in @own.
	 */
	struct afudp_socket_stats *c;
	struct afudp_shm_sock *slot;	/* NULL: not published */
	struct afudp_socket_stats own;
	/* The sender's last destinations, by address (dstcache.c). */
	struct afudp_dst_cache dst[AFUDP_DST_CACHE];
	struct afudp_dst_cache6 dst6[AFUDP_DST_CACHE6];	/* IPv6 sockets */
};

/* Is an options struct of @sz bytes acceptable (unknown tail zero)? */
bool afudp_opts_valid(const void *opts, size_t sz, size_t ours);
bool afudp_opts_copy(void *dst, size_t ours, const void *opts);

/*
 * socket.c: bind the kernel socket, then XSKs and the port. The data path
 * binds an unbound socket this way on its first send.
 */
int afudp_bind_addr(struct afudp_socket *s, const struct sockaddr_in *sin);

/*
 * ip6.c: an AF_INET6 socket's halves of bind, connect, getsockname, the
 * sends (dst/dstlen as the caller gave them: v4-mapped ones go to
 * afudp_tx_send4()), the receive (a frame the IPv4 parser refused as
 * not_ipv4, on a socket with s->v6) and the source address it gives.
 */
int afudp_bind_addr6(struct afudp_socket *s, const struct sockaddr_in6 *sin6);
int afudp_check_sin6(const struct sockaddr *addr, socklen_t len,
		     struct sockaddr_in6 *out);
int afudp_connect6(struct afudp_socket *s, const struct sockaddr_in6 *sin6);

/*
 * socket.c, for ip6.c: publish a bound socket's port in the ports maps
 * its families need (an AF_INET6 socket: IPv6's if s->v6, IPv4's if
 * s->v4), a shard's queues or a reuseport member's slots too; a fresh
 * kernel socket of the socket's family.
 */
int afudp_register_ports(struct afudp_socket *s);
/*
 * socket.c, the steps of a bind both families take: can the fast path
 * reach IPv4 address @a (0: any) on this interface; the socket bound
 * (the kernel socket's address read); its fast path made (XSKs, the port
 * published), 0 or an error, undone; a bind that failed after the kernel
 * socket's undone (a fresh kernel socket: one cannot unbind), @err
 * returned.
 */
bool afudp_local4_here(struct afudp_stack *st, __be32 a);
void afudp_bound(struct afudp_socket *s);
int afudp_bind_fast(struct afudp_socket *s);
int afudp_unbind(struct afudp_socket *s, int err);
int afudp_new_kernel_socket(struct afudp_socket *s);

/* afudp_socket.cmsg: what receives deliver, as the kernel socket's options. */
#define AFUDP_CM_PKTINFO 0x01u	/* IP_PKTINFO */
#define AFUDP_CM_TTL 0x02u	/* IP_RECVTTL */
#define AFUDP_CM_TOS 0x04u	/* IP_RECVTOS */
#define AFUDP_CM_ORIGDST 0x08u	/* IP_RECVORIGDSTADDR */
#define AFUDP_CM_TS 0x10u	/* SO_TIMESTAMP: struct timeval */
#define AFUDP_CM_TSNS 0x20u	/* SO_TIMESTAMPNS: struct timespec */
#define AFUDP_CM_TSNEW 0x40u	/* ... set by its _NEW name (64-bit time) */
#define AFUDP_CM_TSTAMP (AFUDP_CM_TS | AFUDP_CM_TSNS)
#define AFUDP_CM_TSING 0x80u	/* SO_TIMESTAMPING: s->tsflags */
/* An AF_INET6 socket's (the IP ones above apply to its IPv4 datagrams). */
#define AFUDP_CM_PKTINFO6 0x100u	/* IPV6_RECVPKTINFO */
#define AFUDP_CM_HLIM6 0x200u		/* IPV6_RECVHOPLIMIT */
#define AFUDP_CM_TCLASS6 0x400u		/* IPV6_RECVTCLASS */
#define AFUDP_CM_FLOW6 0x800u		/* IPV6_FLOWINFO */
#define AFUDP_CM_OPKTINFO6 0x1000u	/* IPV6_2292PKTINFO */
#define AFUDP_CM_OHLIM6 0x2000u		/* IPV6_2292HOPLIMIT */
#define AFUDP_CM_ORIGDST6 0x4000u	/* IPV6_RECVORIGDSTADDR */
/* linux/in6.h's, which glibc's netinet/in.h lacks (and clashes with). */
#ifndef IPV6_FLOWINFO
#define IPV6_FLOWINFO 11
#endif

/* The names of both time_t ABIs: the cmsg type is the name that was set. */
#ifndef SO_TIMESTAMP_OLD
#define SO_TIMESTAMP_OLD SO_TIMESTAMP
#define SO_TIMESTAMPNS_OLD SO_TIMESTAMPNS
#endif
#ifndef SO_TIMESTAMPING_OLD
#define SO_TIMESTAMPING_OLD SO_TIMESTAMPING
#endif

/*
 * cmsg.c: which of SO_TIMESTAMPING's receive timestamps @tsflags has the
 * kernel give (bit 0: software, ts[0]; bit 1: raw hardware, ts[2]); 0:
 * no SCM_TIMESTAMPING message.
 */
unsigned int afudp_rx_tsflags(unsigned int tsflags);

/*
 * socket.c: read the kernel socket's options into s->cmsg, s->tos, s->ttl,
 * s->gso_size, s->gro (the kernel socket is their one source of truth).
 */
void afudp_cmsg_sync(struct afudp_socket *s);

/* socket.c, for mcast.c: a socket's XSKs, one per served queue. */
int afudp_xsks_create(struct afudp_socket *s);
void afudp_xsks_destroy(struct afudp_socket *s);
void afudp_xsks_fds(const struct afudp_socket *s, int *fds);
/*
 * stack.c: the busy-poll options (SO_PREFER_BUSY_POLL, SO_BUSY_POLL,
 * SO_BUSY_POLL_BUDGET) on the XSK @fd, for a busy-polling socket; the
 * first refusal is logged, and st->bp_cap says what the XSKs got.
 */
void afudp_busy_poll_xsk(struct afudp_stack *st, int fd);

/*
 * mcast.c. After the kernel socket took a membership option: the same
 * for the fast path (a socket bound to the wildcard address, on this
 * interface). Never fails: what is not published, the kernel delivers.
 */
void afudp_mc_setsockopt(struct afudp_socket *s, int name, const void *val,
			 socklen_t len);
/* The socket got its port: publish the memberships it took before. */
void afudp_mc_bound(struct afudp_socket *s);
/* Closing: its memberships go, its copies go back (before its XSKs). */
void afudp_mc_close(struct afudp_socket *s);
/*
 * Receive: take the group XSKs' datagrams into the members' copies, then
 * up to @n of this socket's copies into @out. The socket's thread only.
 */
unsigned int afudp_mc_pop(struct afudp_socket *s, struct afudp_mc_copy *out,
			  unsigned int n);

/*
 * Processes (stack.c): does @pid have @fd open as inode @ino; does a
 * process of @st other than this one; does one share @st.
 */
bool afudp_proc_has(pid_t pid, int fd, ino_t ino);
bool afudp_others_have(const struct afudp_stack *st, int fd, ino_t ino);
bool afudp_shared_with_others(const struct afudp_stack *st);
/*
 * socket.c, for afudp_stack_close(): close this process's part of each
 * socket; a socket no live process holds any more goes for good.
 */
void afudp_socks_close(struct afudp_stack *st);
/* socket.c, for afudp_adopt(): every port back to its kernel socket. */
void afudp_socks_to_kernel(struct afudp_stack *st);

static inline bool afudp_kernel_backend(const struct afudp_stack *st)
{
	return st->backend == AFUDP_BACKEND_KERNEL;
}

#endif /* AFUDP_INT_H */
