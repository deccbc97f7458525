/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file afudp.h
 * @brief afudp: a userspace UDP/IPv4 stack on Linux AF_XDP.
 *
 * A program opens a *stack* on one network interface and creates *sockets*
 * on it with a BSD-like API. Datagrams for a bound port reach the socket
 * straight from the driver's XDP hook through an AF_XDP socket (XSK) and
 * leave through one, without the kernel's network stack. Behind every afudp
 * socket is a real kernel UDP socket on the same address and port: it
 * reserves the port and carries whatever the fast path cannot (IP fragments,
 * traffic from this host, unresolved neighbours, datagrams larger than the
 * MTU), so nothing is lost.
 *
 * Conventions:
 *  - Every function returning int (or ssize_t) returns >= 0 on success and a
 *    negative errno on failure; the errno is the one a BSD socket would give
 *    for the same mistake (strerror(-ret) describes it).
 *  - Constructors return NULL and set errno.
 *  - Options structs start with `size_t sz`: set it to sizeof(the struct)
 *    (AFUDP_OPTS_INIT does), so programs built against an older header keep
 *    working with a newer library.
 *  - Threads: a stack may be used from any number of threads. Data-path
 *    calls on one socket (send*, recv*, release) must come from one thread
 *    at a time; different sockets may be used concurrently from different
 *    threads. Control calls (socket create/bind/connect/close) may come from
 *    any thread but not concurrently with data-path calls on the same socket.
 *  - Addresses are `struct sockaddr_in` passed as `const struct sockaddr *`,
 *    in network byte order as usual; `struct sockaddr_in6` for a socket
 *    created with afudp_socket_opts.family AF_INET6.
 *  - A closed socket's handle behaves like a closed descriptor: calls on it
 *    give -EBADF (see afudp_close()).
 *  - Forbidden contexts, refused rather than left to deadlock or corrupt:
 *    the log callback may not call afudp (-EDEADLK: it may run under
 *    afudp's locks or on its control thread). Where a call returns no int,
 *    errno says it. afudp calls are not async-signal-safe: not from signal
 *    handlers.
 *  - fork(): a child shares its parent's stacks and sockets, fast path
 *    included, as it shares file descriptors: both may send and receive
 *    on an inherited socket (each datagram reaches one of them), open new
 *    sockets on the stack, and close their own part of a socket or stack
 *    (afudp_close(), afudp_stack_close()), which goes for good when no
 *    process holds it any more. The data-path rule above spans processes:
 *    two processes reading one socket take turns (the preload does this
 *    for the application). Up to 64 processes share a stack; a child past
 *    that (or one whose route mirror can't start) gives its ports back to
 *    their kernel sockets, logged, and gets -ECHILD on the stack's calls.
 *    A child that execs lets go of its part with its descriptors.
 */
#ifndef AFUDP_H
#define AFUDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef AFUDP_API
#define AFUDP_API __attribute__((visibility("default")))
#endif

/** Library version, "MAJOR.MINOR.PATCH". */
AFUDP_API const char *afudp_version(void);

struct afudp_stack;
struct afudp_socket;
/* From <sys/socket.h> with _GNU_SOURCE, as for sendmmsg(2)/recvmmsg(2). */
struct mmsghdr;

/** Declare and zero an options struct with its size set. */
#define AFUDP_OPTS_INIT(type, name, ...)                                      \
	struct type name = { .sz = sizeof(struct type), __VA_ARGS__ }

/** Which machinery carries the datagrams. */
enum afudp_backend {
	/** AF_XDP; or the kernel if $AFUDP_BACKEND=kernel is set. */
	AFUDP_BACKEND_DEFAULT = 0,
	/** AF_XDP fast path with the kernel socket as slow path. */
	AFUDP_BACKEND_XDP,
	/** Kernel UDP sockets only: same API, no XDP, no privileges. */
	AFUDP_BACKEND_KERNEL,
};

/** Where the XDP program runs. */
enum afudp_xdp_mode {
	AFUDP_XDP_MODE_AUTO = 0, /**< native (driver), else generic (skb) */
	AFUDP_XDP_MODE_NATIVE,	 /**< driver mode only; fail if refused */
	AFUDP_XDP_MODE_SKB,	 /**< generic mode only */
};

/** How the XSKs move frames between the driver and the UMEM. */
enum afudp_copy_mode {
	AFUDP_COPY_AUTO = 0, /**< zero-copy where the driver can, else copy */
	AFUDP_COPY_COPY,     /**< always copy mode */
	AFUDP_COPY_ZEROCOPY, /**< zero-copy only; fail if the driver can't */
};

/** Stack flags. */
enum afudp_stack_flags {
	/** Do not verify UDP checksums on receive (IPv4 header: always). */
	AFUDP_F_NO_RX_UDP_CSUM = 1u << 0,
	/** Send UDP checksum 0 ("none", RFC 768) instead of computing it. */
	AFUDP_F_NO_TX_UDP_CSUM = 1u << 1,
	/**
	 * Ask the device for receive timestamps (also by the environment:
	 * AFUDP_RX_TIMESTAMP=hardware): the XDP program is loaded bound to
	 * the interface, in native mode, and asks the driver for each
	 * datagram's (bpf_xdp_metadata_rx_timestamp). Where it can't be
	 * (generic mode, a program already shared unbound), datagrams carry
	 * software timestamps only; the log says which. See
	 * afudp_recvfrom_ts().
	 */
	AFUDP_F_RX_HW_TSTAMP = 1u << 2,
};

/** Log levels are syslog's: LOG_ERR (3) ... LOG_DEBUG (7). */
typedef void (*afudp_log_fn)(void *ctx, int level, const char *msg);

/** Options of afudp_stack_open(); zero means "default" for every field. */
struct afudp_stack_opts {
	size_t sz;		/**< sizeof(struct afudp_stack_opts) */
	/** Interface name (required). */
	const char *ifname;
	/** RX queues to serve; NULL = all queues of the interface. */
	const unsigned int *queues;
	/** Number of entries in @queues. */
	unsigned int n_queues;
	/** UMEM frames per queue (power of two; default 4096). */
	unsigned int frames;
	/** Frame size in bytes: 2048 (default) or 4096. */
	unsigned int frame_size;
	/** Per-socket RX and TX ring sizes (power of two; default 1024). */
	unsigned int ring_size;
	/**
	 * The three modes; each left at 0 may be set by the environment:
	 * AFUDP_BACKEND=xdp|kernel, AFUDP_XDP_MODE=native|skb,
	 * AFUDP_COPY_MODE=copy|zerocopy (any other value: EINVAL).
	 */
	enum afudp_backend backend;
	enum afudp_xdp_mode xdp_mode;
	enum afudp_copy_mode copy_mode;
	/** Default for sockets: receive by spinning instead of sleeping. */
	bool busy_poll;
	/** AFUDP_F_* flags. */
	unsigned int flags;
	/** Log sink; NULL logs warnings and errors to stderr. */
	afudp_log_fn log_fn;
	void *log_ctx;
	/** Most verbose level passed to @log_fn (default LOG_WARNING). */
	int log_level;
	size_t : 0;
};

/**
 * Open a stack on an interface.
 *
 * Attaches afudp's XDP program (or shares the one another afudp process
 * already runs on the interface, or reclaims one left by a crashed process),
 * and starts a control thread that mirrors the interface's addresses, routes
 * and neighbours.
 *
 * @param opts options; opts->ifname is required.
 * Several afudp processes may share an interface, each on its own queues:
 * a queue's AF_XDP memory belongs to one process, so a second process asking
 * for a queue already served gets EBUSY (name other queues with
 * opts->queues, or use the kernel backend), after about a second of
 * retries: a queue its last user just released stays busy for some tens of
 * milliseconds.
 *
 * @return the stack, or NULL with errno: EINVAL (bad options), ENODEV (no such
 *   interface), EPERM (missing CAP_NET_ADMIN/CAP_BPF; the log says which),
 *   EEXIST (a foreign XDP program is attached; the log names it),
 *   EOPNOTSUPP (the XDP or copy mode asked for is not available),
 *   EBUSY (a queue is served by another afudp process).
 * Thread: any. Blocking: yes (setup).
 */
AFUDP_API struct afudp_stack *
afudp_stack_open(const struct afudp_stack_opts *opts);

/**
 * Close a stack. All its sockets must be closed first; those still open are
 * closed here. Detaches the XDP program unless another afudp process on the
 * interface still uses it. NULL is ignored; from a forbidden context (the
 * log callback) nothing is done and errno is set. In a process that shares
 * the stack with others (fork()), only this process's part goes: its
 * sockets, unless others hold them too, and its route mirror; the last
 * process closes the rest.
 */
AFUDP_API void afudp_stack_close(struct afudp_stack *stack);

/** Whether a stack got a feature of the device or kernel. */
enum afudp_cap {
	AFUDP_CAP_NOT_ASKED = 0, /**< afudp did not ask for it */
	AFUDP_CAP_NO,		 /**< asked for, not available: fallback */
	AFUDP_CAP_YES,		 /**< in use */
};

/**
 * "not asked", "no" or "yes" (for logs and tools).
 * Thread: any. Blocking: no.
 */
AFUDP_API const char *afudp_cap_str(enum afudp_cap c);

/** What a stack actually runs on: every fallback taken is visible here. */
struct afudp_stack_info {
	size_t sz;
	enum afudp_backend backend;	/**< XDP or KERNEL, never DEFAULT */
	enum afudp_xdp_mode xdp_mode;	/**< NATIVE or SKB (XDP backend) */
	enum afudp_copy_mode copy_mode; /**< COPY or ZEROCOPY (XDP backend) */
	bool prog_shared;  /**< XDP program shared with another process */
	bool prog_reclaimed; /**< a dead process's program was removed */
	int ifindex;
	unsigned int n_queues;	     /**< queues served */
	unsigned int if_queues;	     /**< RX queues the interface has */
	unsigned int mtu;
	unsigned int frame_size;
	unsigned int frames;	     /**< UMEM frames per queue */
	uint8_t mac[6];
	struct in_addr addr;	     /**< primary IPv4 address */
	/*
	 * What the device and kernel offer the XSKs (appended: ABI order).
	 * Each is AFUDP_CAP_NOT_ASKED on the kernel backend.
	 */
	/** Zero-copy: YES, or NO (copy mode). */
	enum afudp_cap zerocopy;
	/**
	 * Multi-buffer frames (XDP_USE_SG, Linux 6.6+), asked for on every
	 * bind: YES, datagrams larger than a frame (up to the MTU, and 16
	 * frames) take the fast path as chains of frames; NO where the
	 * kernel or driver refused it (the log says which): they go
	 * through the kernel socket, as before.
	 */
	enum afudp_cap multi_buffer;
	/**
	 * UDP checksum computed by the device (AF_XDP TX metadata, Linux
	 * 6.8+): NOT_ASKED with AFUDP_F_NO_TX_UDP_CSUM, NO when the device
	 * (netdev xsk-features) or libxdp lacks it: software checksum.
	 */
	enum afudp_cap tx_csum_offload;
	/** Hardware receive timestamps. */
	enum afudp_cap rx_ts_hw;
	/**
	 * SO_PREFER_BUSY_POLL with SO_BUSY_POLL and SO_BUSY_POLL_BUDGET on
	 * the XSKs: NOT_ASKED unless busy-polling (opts.busy_poll, or a
	 * socket's); NO if the kernel refused one (the log says which).
	 */
	enum afudp_cap busy_poll;
	/**
	 * SO_BUSY_POLL (us, read back from an XSK) and SO_BUSY_POLL_BUDGET
	 * (as set: the kernel cannot read it back); 0 unless busy_poll YES.
	 */
	unsigned int busy_poll_usecs;
	unsigned int busy_poll_budget;
	/** The device's netdev xsk-features (NETDEV_XSK_FLAGS_*); 0: none
	 * or not told (kernel before 6.8). */
	uint64_t xsk_features;
	size_t : 0;
};

/**
 * Describe the stack. @info->sz must be set.
 * @return 0, or -EINVAL.
 */
AFUDP_API int afudp_stack_info(struct afudp_stack *stack,
			       struct afudp_stack_info *info);

/** Counters of the XDP program (summed over CPUs) and the route mirror. */
struct afudp_stack_stats {
	size_t sz;
	uint64_t xdp_redirected;	/**< frames handed to an XSK */
	uint64_t xdp_pass_not_ipv4;	/**< not IP: ARP, ... (tagged or not) */
	uint64_t xdp_pass_trunc;	/**< truncated headers */
	uint64_t xdp_pass_bad_ip;	/**< inconsistent IPv4/IPv6 header */
	uint64_t xdp_pass_fragment;	/**< IP fragments */
	uint64_t xdp_pass_not_udp;
	uint64_t xdp_pass_not_local;	/**< for another host or address */
	uint64_t xdp_pass_mcast;	/**< multicast/broadcast */
	uint64_t xdp_pass_no_port;	/**< no afudp socket on the port */
	uint64_t xdp_pass_no_queue;	/**< no XSK of the socket on queue */
	uint64_t xdp_pass_too_big;	/**< frame larger than a UMEM frame */
	uint64_t rt_routes, rt_neighs, rt_redumps, rt_neigh_miss;
	/**
	 * Frame accounting, summed over queues: with no socket open, every
	 * frame is free or waiting in a fill ring (frames_free + frames_fill
	 * == frames_total); frames_bad_put counts returns of a frame that was
	 * not out (a double release): it must stay 0. Free frames include
	 * those a socket keeps for its next sends, when it is not using them
	 * (they go to any socket of the queue that finds no other).
	 */
	uint64_t frames_total, frames_free, frames_fill, frames_bad_put;
	/* Later verdicts of the XDP program (here, not above: ABI order). */
	uint64_t xdp_pass_other_mac;	/**< unicast to another MAC */
	uint64_t xdp_pass_martian;	/**< impossible or own source address */
	uint64_t xdp_pass_ip_options;	/**< IPv4 options: the kernel's job */
	/** Of xdp_redirected, those spread over a reuseport group by hash. */
	uint64_t xdp_redirected_spread;
	/**
	 * Of xdp_redirected, multicast datagrams of a group an afudp socket
	 * joined (IP_ADD_MEMBERSHIP, IP_ADD_SOURCE_MEMBERSHIP through
	 * afudp_setsockopt()), each copied to every member socket.
	 */
	uint64_t xdp_redirected_mcast;
	/**
	 * Passed to the kernel: tagged for a VLAN no afudp stack on the
	 * device serves, 802.1ad or two tags, tagged multicast.
	 */
	uint64_t xdp_pass_vlan;
	/** Of xdp_redirected, 802.1Q-tagged (stacks on VLAN interfaces). */
	uint64_t xdp_redirected_vlan;
	/** IPv6 with an extension header: the kernel's to judge. */
	uint64_t xdp_pass_ip6_ext;
	/** Of xdp_redirected, IPv6 datagrams. */
	uint64_t xdp_redirected6;
	size_t : 0;
};

/** Read the stack's counters. @stats->sz must be set. @return 0/-EINVAL. */
AFUDP_API int afudp_stack_stats(struct afudp_stack *stack,
				struct afudp_stack_stats *stats);

/** Options of afudp_socket(); zero = default for every field. */
struct afudp_socket_opts {
	size_t sz;
	/** 1 = busy-poll receive, 0 = the stack's default, -1 = never. */
	int busy_poll;
	/**
	 * Serve only these of the stack's queues (NULL = all of them).
	 * Sharded mode: several sockets may bind the same port when each
	 * names disjoint queues and sets AFUDP_SO_SHARD.
	 */
	const unsigned int *queues;
	unsigned int n_queues;
	unsigned int flags;	/**< AFUDP_SO_* */
	/**
	 * With AFUDP_SO_KERNEL_FD: the kernel UDP socket to use instead of
	 * creating one (see that flag). Ignored without it.
	 */
	int kernel_fd;
	/**
	 * The socket's address family (since 0.4): 0 or AF_INET, an IPv4
	 * socket; AF_INET6, an IPv6 socket, whose calls (afudp_bind(),
	 * afudp_connect(), afudp_getsockname(), the send and receive calls)
	 * take and give `struct sockaddr_in6`, and whose kernel socket is an
	 * AF_INET6 UDP socket. As a kernel AF_INET6 socket, one bound to
	 * `::` is dual-stack unless IPV6_V6ONLY is set on it first
	 * (afudp_setsockopt(IPPROTO_IPV6, IPV6_V6ONLY)): it also receives
	 * IPv4 datagrams, their source given as an IPv4-mapped address
	 * (::ffff:a.b.c.d), and sends to such addresses over IPv4; one bound
	 * to an IPv4-mapped address is an IPv4 socket on that address. Its
	 * zero-copy receive is afudp_zc_recv6() (afudp_zc_recv():
	 * -EAFNOSUPPORT). AFUDP_SO_SHARD and AFUDP_SO_REUSEPORT work as on
	 * an IPv4 socket (a dual-stack one shares its IPv4 datagrams the
	 * same way). Not yet on an IPv6 socket's fast path (the kernel
	 * socket serves them): IPv6 multicast, UDP_SEGMENT and UDP_GRO, IPv6
	 * control messages. Another value: afudp_socket() fails with
	 * EAFNOSUPPORT. ABI: the
	 * field takes what was the struct's tail padding (the size is
	 * unchanged), which a program built against an older header has
	 * zeroed with the rest (AFUDP_OPTS_INIT, memset): IPv4.
	 * Thread: as afudp_socket(). Blocking: no.
	 */
	int family;
	size_t : 0;
};

/** Socket flags. */
enum afudp_socket_flags {
	/** Receive calls never block (as if MSG_DONTWAIT on each). */
	AFUDP_SO_NONBLOCK = 1u << 0,
	/**
	 * Sharded mode, afudp's SO_REUSEPORT: several sockets of the stack
	 * bind the same address and port, each serving its own queues
	 * (afudp_socket_opts.queues; disjoint, else -EADDRINUSE), so each
	 * queue's traffic reaches one socket and one thread. Their kernel
	 * sockets use SO_REUSEPORT: the kernel path spreads by flow hash.
	 */
	AFUDP_SO_SHARD = 1u << 1,
	/**
	 * Adopt afudp_socket_opts.kernel_fd as the socket's kernel UDP socket
	 * (for a program that already has one, e.g. an LD_PRELOAD shim that
	 * keeps the options the application set on it). It must be an
	 * AF_INET SOCK_DGRAM UDP socket (AF_INET6 for a socket whose
	 * afudp_socket_opts.family is AF_INET6) that is not bound yet; afudp_bind()
	 * binds it. On success the socket owns the fd: it is made
	 * non-blocking and closed by afudp_close() (or replaced by a fresh
	 * socket if a bind fails, as usual). On failure the fd stays the
	 * caller's, untouched. Close-on-exec is left as the caller set it.
	 */
	AFUDP_SO_KERNEL_FD = 1u << 2,
	/**
	 * Reuseport group, the kernel's SO_REUSEPORT on afudp's fast path:
	 * sockets of the stack that set it bind the same address and port
	 * (each bind joins the group), and every one serves all of the
	 * stack's queues, however many queues there are. On each queue the
	 * XDP program sends a datagram to the socket its 4-tuple (source
	 * and destination address and port) hashes to, so one flow stays on
	 * one socket. A socket closing hands its share to the others: the
	 * last one to join takes its place, as the kernel does; datagrams
	 * already in the closing socket's rings go with it, as on a kernel
	 * socket. At most 64 sockets per port (fewer on an interface with
	 * more than 16 queues); a bind beyond gets -ENOSPC. Their kernel
	 * sockets use SO_REUSEPORT: the kernel path spreads by flow hash.
	 * Not with AFUDP_SO_SHARD or afudp_socket_opts.queues (-EINVAL);
	 * a port held by sockets without this flag refuses it, and the other
	 * way round (-EADDRINUSE). Another process's sockets on the port
	 * (its kernel sockets in the same SO_REUSEPORT group) get -EADDRINUSE
	 * from afudp_bind() once this process serves the port; their
	 * datagrams are the ones the kernel path spreads to them.
	 *
	 * Thread: each socket, as any socket, is used by one thread at a
	 * time; the group's sockets by different threads concurrently.
	 * Blocking: joining and leaving take the stack's lock briefly, never
	 * wait for traffic.
	 */
	AFUDP_SO_REUSEPORT = 1u << 3,
};

/**
 * Create a UDP socket on the stack. It gets its port with afudp_bind() (or
 * an ephemeral one on the first send/connect, as a BSD socket does).
 * @return the socket, or NULL with errno (EINVAL, EMFILE, ENOMEM;
 *   EAFNOSUPPORT: see afudp_socket_opts.family; with
 *   AFUDP_SO_KERNEL_FD: EBADF, ENOTSOCK, or EINVAL for an fd that is not
 *   an unbound UDP socket of the socket's family).
 */
AFUDP_API struct afudp_socket *
afudp_socket(struct afudp_stack *stack, const struct afudp_socket_opts *opts);

/**
 * Bind to a local address and port. Address INADDR_ANY or one of the
 * interface's addresses; port 0 picks a free ephemeral port.
 * @return 0; -EADDRINUSE (someone, kernel or afudp, holds the port),
 *   -EADDRNOTAVAIL (not a local address), -EINVAL (already bound, bad
 *   length or family: -EAFNOSUPPORT), -EACCES (privileged port).
 */
AFUDP_API int afudp_bind(struct afudp_socket *sock,
			 const struct sockaddr *addr, socklen_t addrlen);

/**
 * Set the default peer used by afudp_send(); as connect(2) on a UDP socket,
 * only datagrams from that peer are received afterwards. AF_UNSPEC
 * dissolves the association. Binds an ephemeral port if unbound.
 * @return 0; -EINVAL, -EAFNOSUPPORT, -ENETUNREACH.
 */
AFUDP_API int afudp_connect(struct afudp_socket *sock,
			    const struct sockaddr *addr, socklen_t addrlen);

/** Local address (as getsockname(2)). @return 0 or -EINVAL. */
AFUDP_API int afudp_getsockname(struct afudp_socket *sock,
				struct sockaddr *addr, socklen_t *addrlen);

/**
 * A file descriptor that poll/epoll/select report readable when a datagram
 * may be waiting on any of the socket's queues or its kernel socket. Do not
 * read from it or close it; it lives as long as the socket. Readiness is
 * level-triggered and may be spurious: follow it with a non-blocking recv.
 */
AFUDP_API int afudp_socket_fd(struct afudp_socket *sock);

/**
 * Hand the socket's receiving to its kernel socket, or take it back. With
 * @kernel true the XDP program stops redirecting the socket's port (its
 * entries leave the program's maps), so every datagram arrives through the
 * kernel socket; sends keep the fast path. With @kernel false the port is
 * published again and the fast path receives. Datagrams already in the
 * socket's rings stay there for its next receive. A bound socket only;
 * without XSKs (kernel backend) it is a no-op.
 *
 * Thread: like a data-path call on @sock. Blocking: no.
 * @return 0; -EINVAL (not bound), -EBADF, -ECHILD (a forked child that
 * can't be served),
 * -EADDRINUSE (taking it back: another socket now holds the port), or the
 * error of updating the maps.
 */
AFUDP_API int afudp_kernel_rx(struct afudp_socket *sock, bool kernel);

/**
 * Close the socket: unregisters its port from the XDP program first, then
 * releases its XSKs, frames and kernel socket. Release or send zero-copy
 * buffers first: frames still borrowed return only when the stack closes
 * (a warning is logged). NULL is ignored.
 *
 * Like a closed descriptor, a closed socket's handle stays safe to pass
 * until its stack closes: calls on it fail with -EBADF (a second close
 * too), until afudp_socket() hands the same handle out again for a new
 * socket, as open() reuses descriptor numbers.
 * @return 0, or -EBADF if already closed.
 */
AFUDP_API int afudp_close(struct afudp_socket *sock);

/**
 * Send one datagram.
 * @param flags MSG_DONTWAIT: return -EAGAIN rather than wait for TX room.
 * @return bytes sent; -EDESTADDRREQ (no destination), -EMSGSIZE (> 65507),
 *   -ENETUNREACH, -EISCONN (@dst given on a connected socket is allowed, as
 *   Linux does, so this is never returned), -EAGAIN, and what the kernel
 *   socket returns on the slow path.
 * Datagrams that fit the path MTU go out on the fast path; larger ones, to
 * local or not-yet-resolved destinations, through the kernel socket.
 */
AFUDP_API ssize_t afudp_sendto(struct afudp_socket *sock, const void *buf,
			       size_t len, int flags,
			       const struct sockaddr *dst, socklen_t dstlen);

/**
 * Send one datagram described as for sendmsg(2): msg_name (NULL on a
 * connected socket), msg_iov, and control messages with the kernel's
 * meaning. On the fast path: IP_PKTINFO (ipi_spec_dst, if not 0, is the
 * source address; ipi_ifindex, if not 0, the interface: another than the
 * stack's sends through the kernel socket; ipi_addr is ignored, as the
 * kernel does), IP_TOS (an int or a byte: this datagram's TOS), IP_TTL
 * (an int, 1..255) and UDP_SEGMENT (SOL_UDP, a uint16_t; 0: none) or the
 * socket's UDP_SEGMENT option: the payload, up to 64 KiB, leaves as
 * datagrams of that size, the last one possibly shorter, each in its own
 * frame, all queued at once and sent with one wake-up (a few in copy
 * mode, which sends 32 per wake-up); a train of more than 64 segments, or
 * whose segments the path MTU does not take, goes whole to the kernel
 * socket, which sends it or gives its error (-EMSGSIZE, -EINVAL), as for a
 * kernel socket. Any other control message sends the datagram through
 * the kernel socket, which gives its own result.
 * @param flags as afudp_sendto().
 * @return bytes sent, or as afudp_sendto(); -EINVAL for a control message
 *   the kernel would refuse (bad length, TOS or TTL out of range).
 * Thread: the socket's data-path thread. Blocking: as afudp_sendto().
 */
AFUDP_API ssize_t afudp_sendmsg(struct afudp_socket *sock,
				const struct msghdr *msg, int flags);

/** afudp_sendto() to the connected peer. */
AFUDP_API ssize_t afudp_send(struct afudp_socket *sock, const void *buf,
			     size_t len, int flags);

/**
 * Receive one datagram.
 * @param flags MSG_DONTWAIT; MSG_TRUNC: return the real length even if the
 *   buffer was shorter (the rest is discarded, as recvfrom(2) does).
 * @param src filled with the sender if not NULL (*srclen in/out).
 * @return bytes; -EAGAIN when non-blocking and nothing is there; -EINTR
 *   when a signal interrupts the sleep.
 * Blocks (sleeping in epoll, or spinning in busy-poll mode) otherwise. A
 * busy-polling receive spins until a datagram comes: signals don't stop it,
 * so a program that must react to them loops on MSG_DONTWAIT instead.
 */
AFUDP_API ssize_t afudp_recvfrom(struct afudp_socket *sock, void *buf,
				 size_t len, int flags, struct sockaddr *src,
				 socklen_t *srclen);

/** Where a receive timestamp came from (struct afudp_rx_ts). */
enum afudp_ts_source {
	AFUDP_TS_SOFTWARE = 1, /**< afudp's clock, when it first saw it */
	AFUDP_TS_HARDWARE = 2, /**< the device's, in its clock */
};

/** A datagram's receive timestamps (afudp_recvfrom_ts()). */
struct afudp_rx_ts {
	/**
	 * CLOCK_REALTIME when afudp first saw the datagram: when the
	 * receive call that took it took it off its RX ring, one reading
	 * for the datagrams taken together (a multicast copy: when its
	 * group's ring was read); a datagram of the kernel socket, the
	 * kernel's arrival time (SIOCGSTAMPNS). Always set.
	 */
	struct timespec sw;
	/**
	 * The device's receive timestamp, in the device's clock (its PTP
	 * hardware clock: CLOCK_REALTIME only if something keeps it so,
	 * e.g. phc2sys), as SO_TIMESTAMPING's raw hardware time; zero
	 * when there is none (AFUDP_F_RX_HW_TSTAMP not in effect, or the
	 * device gave none for this datagram).
	 */
	struct timespec hw;
	/** AFUDP_TS_HARDWARE when @hw is set, else AFUDP_TS_SOFTWARE. */
	enum afudp_ts_source source;
};

/**
 * afudp_recvfrom() that also gives the datagram's receive timestamps in
 * *@ts (not NULL). The socket takes them for every datagram from its
 * first call on (a clock reading per ring batch, and with hardware
 * timestamps an 8-byte load per datagram), as it does while SO_TIMESTAMP,
 * SO_TIMESTAMPNS or SO_TIMESTAMPING asks for them.
 * @return as afudp_recvfrom().
 * Thread: the socket's data-path thread. Blocking: as afudp_recvfrom().
 */
AFUDP_API ssize_t afudp_recvfrom_ts(struct afudp_socket *sock, void *buf,
				    size_t len, int flags,
				    struct sockaddr *src, socklen_t *srclen,
				    struct afudp_rx_ts *ts);

/**
 * Receive one datagram as recvmsg(2): msg_name/msg_namelen, msg_iov,
 * msg_flags (MSG_TRUNC, MSG_CTRUNC) and the control messages the socket
 * asks for (see afudp_setsockopt()), written as the kernel writes them
 * (same order, lengths and truncation; msg_controllen becomes the length
 * written).
 * @param flags as afudp_recvfrom().
 * @return bytes, or as afudp_recvfrom().
 * Thread: the socket's data-path thread. Blocking: as afudp_recvfrom().
 */
AFUDP_API ssize_t afudp_recvmsg(struct afudp_socket *sock, struct msghdr *msg,
				int flags);

/** afudp_recvfrom() without the source address. */
AFUDP_API ssize_t afudp_recv(struct afudp_socket *sock, void *buf,
			     size_t len, int flags);

/**
 * Send flag (afudp_sendto(), afudp_zc_send()): more sends follow at once.
 * The datagram is queued but the kernel is not woken to transmit it until
 * a send without this flag, or afudp_flush(): one wake-up syscall per batch
 * instead of one per datagram. Forgetting the flush leaves datagrams
 * queued.
 */
#define AFUDP_MSG_BATCH 0x40000

/** Wake the kernel for datagrams queued with AFUDP_MSG_BATCH. 0/-EINVAL. */
AFUDP_API int afudp_flush(struct afudp_socket *sock);

/**
 * Send up to @vlen datagrams described as for sendmmsg(2) (msg_name may be
 * NULL on a connected socket; msg_iov may have several parts). Sets
 * msg_len of each one sent.
 * @return the number sent (>= 1), or a negative errno if none was.
 */
AFUDP_API int afudp_sendmmsg(struct afudp_socket *sock, struct mmsghdr *msgs,
			     unsigned int vlen, int flags);

/**
 * Receive up to @vlen datagrams as recvmmsg(2): fills msg_name/msg_namelen,
 * msg_len, MSG_TRUNC in msg_flags where a buffer was too short, and the
 * control messages as afudp_recvmsg() does. Waits
 * (unless MSG_DONTWAIT) for the first one only, then takes what is there.
 * @return the number received (>= 1), or a negative errno.
 */
AFUDP_API int afudp_recvmmsg(struct afudp_socket *sock, struct mmsghdr *msgs,
			     unsigned int vlen, int flags);

/** A received datagram lent by the stack (zero-copy receive). */
struct afudp_zc_msg {
	const void *data;	 /**< payload, in the UMEM frame */
	size_t len;		 /**< payload bytes */
	struct sockaddr_in src;	 /**< sender */
	uint64_t handle;	 /**< for afudp_zc_release(); opaque */
};

/**
 * Borrow up to @n received datagrams without copying. Each must be given
 * back with afudp_zc_release() (or sent in place with afudp_zc_send() after
 * afudp_zc_from_rx(), or answered with afudp_zc_reply()); a socket may
 * hold at most its ring size at once and
 * gets -ENOBUFS beyond that. A datagram that came through the kernel socket
 * (a reassembled fragment, say: up to 64 KiB) is lent from a per-socket
 * buffer instead of a frame; there is one such buffer, so until it is
 * released further kernel-path datagrams wait. A datagram that came as a
 * chain of frames (multi-buffer: larger than a frame, up to the MTU) is
 * not contiguous in the UMEM: it is lent as a copy in one of 64 heap
 * buffers of the socket, its frames given back at once (while the
 * application holds all 64, such a datagram is dropped and counted
 * rx_dropped, -ENOBUFS if it was the only one taken); afudp_zc_from_rx()
 * gives -EMSGSIZE for it, as for any datagram larger than a frame: send
 * a copy.
 * In busy-poll mode the kernel socket is looked at only every few calls.
 * An AF_INET6 socket's sources do not fit @msgs[i].src: use
 * afudp_zc_recv6() (here -EAFNOSUPPORT).
 * @return count (>= 1) or negative errno (-EAGAIN when non-blocking).
 */
AFUDP_API int afudp_zc_recv(struct afudp_socket *sock,
			    struct afudp_zc_msg *msgs, unsigned int n,
			    int flags);

/**
 * afudp_zc_recv() for a socket of either family, each source also given
 * as a sockaddr_in6 (since 0.4): @src6[i] is the source of @msgs[i], an
 * IPv6 one as it came (a link-local one with the stack's ifindex as
 * scope id), an IPv4 one v4-mapped (::ffff:a.b.c.d), as an AF_INET6
 * kernel socket gives them. @msgs[i].src holds an IPv4 source as
 * afudp_zc_recv() gives it, and is zeroed (AF_UNSPEC) for an IPv6 one.
 * An AF_INET6 socket's zero-copy receive (afudp_zc_recv() refuses it
 * with -EAFNOSUPPORT: an IPv6 source does not fit a sockaddr_in); the
 * other zero-copy calls take any socket. Its sends, afudp_zc_send(), take
 * a sockaddr_in6 (a v4-mapped one goes over IPv4 on a dual-stack socket)
 * and build the IPv6 headers in front of the payload on the fast path.
 * @param src6 @n entries (not NULL: -EINVAL).
 * @return as afudp_zc_recv().
 * Thread: the socket's data-path thread. Blocking: as afudp_zc_recv().
 */
AFUDP_API int afudp_zc_recv6(struct afudp_socket *sock,
			     struct afudp_zc_msg *msgs,
			     struct sockaddr_in6 *src6, unsigned int n,
			     int flags);

/** Return borrowed datagrams to the stack. @return 0 or -EINVAL. */
AFUDP_API int afudp_zc_release(struct afudp_socket *sock,
			       const struct afudp_zc_msg *msgs,
			       unsigned int n);

/** A frame's payload area lent for a zero-copy send. */
struct afudp_zc_buf {
	void *data;		/**< write the payload here */
	size_t cap;		/**< bytes available at @data */
	uint64_t handle;	/**< opaque */
};

/**
 * Borrow up to @n empty frames to write payloads into.
 * @return count (>= 1) or negative errno (-EAGAIN/-ENOBUFS when none free).
 */
AFUDP_API int afudp_zc_alloc(struct afudp_socket *sock,
			     struct afudp_zc_buf *bufs, unsigned int n,
			     int flags);

/**
 * Turn a borrowed received datagram into a send buffer holding its payload
 * (for replying in place: an echo never copies). @msg must not be released
 * afterwards. A datagram from the kernel socket is copied into a send
 * buffer, and -EMSGSIZE (with @msg still borrowed) says it is larger than
 * one: send it with afudp_sendto() and release it.
 * @return 0, -EINVAL, -EMSGSIZE, or -EAGAIN/-ENOBUFS (no free buffer).
 */
AFUDP_API int afudp_zc_from_rx(struct afudp_socket *sock,
			       const struct afudp_zc_msg *msg,
			       struct afudp_zc_buf *buf);

/**
 * Send borrowed received datagrams back, each from its own frame (since
 * 0.5): the reply to @msgs[i] is @msgs[i].len bytes at @msgs[i].data,
 * which the application may rewrite in place first (a cast: the pointer
 * is const for receiving), up to afudp_zc_room() bytes. It goes to
 * @msgs[i].src, the datagram's source as afudp_zc_recv() gave it (or
 * another IPv4 address put there); on an AF_INET6 socket to @src6[i], as
 * afudp_zc_recv6() gave it (@src6 must not be NULL; ignored on AF_INET).
 * Over IPv4 and the fast path the headers are written in front of the
 * payload, as afudp_zc_from_rx() then afudp_zc_send() would, for less:
 * one call for the batch, the route and header template looked up once
 * per destination, the kernel woken once at the end (not at all with
 * AFUDP_MSG_BATCH: afudp_flush()). Any other reply (an IPv6 destination,
 * a datagram lent from a heap buffer, a destination the kernel socket
 * serves) is sent as a copy, as afudp_sendto() sends, and given back.
 * In order, stopping at the first that fails, as sendmmsg(2) does: the
 * replies sent are consumed (not to be released), the one that failed
 * and those after it are still borrowed.
 * @param flags MSG_DONTWAIT, MSG_NOSIGNAL, AFUDP_MSG_BATCH.
 * @return how many were sent (>= 1), or the first one's error: -EINVAL
 * (not a datagram this socket lent, or already given back or sent),
 * -EMSGSIZE (longer than its room), -EAGAIN (no TX room, non-blocking),
 * or as afudp_sendto().
 * Thread: the socket's data-path thread. Blocking: for TX room, unless
 * MSG_DONTWAIT or a non-blocking socket.
 */
AFUDP_API int afudp_zc_reply(struct afudp_socket *sock,
			     const struct afudp_zc_msg *msgs,
			     const struct sockaddr_in6 *src6, unsigned int n,
			     int flags);

/**
 * How many bytes a reply to the borrowed @msg may take at @msg->data
 * with afudp_zc_reply() (since 0.5): what its frame holds from there (a
 * reply longer than the request fits where the frame has room), or its
 * heap buffer's size.
 * @return the room, or -EINVAL (not a datagram this socket lent).
 */
AFUDP_API ssize_t afudp_zc_room(struct afudp_socket *sock,
				const struct afudp_zc_msg *msg);

/**
 * Send @len bytes written at @buf->data to @dst (NULL: the connected peer).
 * The buffer is consumed whatever the result. Where the fast path can't
 * send, the payload goes through the kernel socket.
 * @return @len, or a negative errno (as afudp_sendto()).
 */
AFUDP_API ssize_t afudp_zc_send(struct afudp_socket *sock,
				const struct afudp_zc_buf *buf, size_t len,
				int flags, const struct sockaddr *dst,
				socklen_t dstlen);

/** Give back frames from afudp_zc_alloc() unused. @return 0/-EINVAL. */
AFUDP_API int afudp_zc_free(struct afudp_socket *sock,
			    const struct afudp_zc_buf *bufs, unsigned int n);

/**
 * Set a socket option, as setsockopt(2) with the same levels, names and
 * values. Every option is set on the socket's kernel UDP socket (its
 * errno is returned), so the slow path's datagrams behave as the kernel's;
 * these apply to the fast path too:
 *  - receive control messages, delivered by afudp_recvmsg() and
 *    afudp_recvmmsg() as the kernel delivers them: IP_PKTINFO (struct
 *    in_pktinfo: the stack's ifindex; ipi_addr and ipi_spec_dst the
 *    datagram's destination, the local address it was sent to),
 *    IP_RECVTTL (IP_TTL, an int), IP_RECVTOS (IP_TOS, one byte),
 *    IP_RECVORIGDSTADDR (IP_ORIGDSTADDR, a struct sockaddr_in),
 *    SO_TIMESTAMP (struct timeval) and SO_TIMESTAMPNS (struct timespec),
 *    the latter two a software timestamp: CLOCK_REALTIME when a receive
 *    call first takes the datagram off its ring, one reading per batch
 *    (the kernel's is taken when the datagram enters the stack);
 *    SO_TIMESTAMPING (SCM_TIMESTAMPING: ts[0] that software time with
 *    SOF_TIMESTAMPING_SOFTWARE, ts[2] the device's with
 *    SOF_TIMESTAMPING_RAW_HARDWARE where AFUDP_F_RX_HW_TSTAMP gives one;
 *    SOF_TIMESTAMPING_OPT_PKTINFO and _BIND_PHC not on the fast path);
 *  - IP_TOS and IP_TTL: the TOS and TTL of every datagram sent;
 *  - UDP_SEGMENT (SOL_UDP, an int 0..65535): the segment size of every
 *    send, as afudp_sendmsg()'s control message of that name;
 *  - UDP_GRO (SOL_UDP, an int, 1: on): receives coalesce the datagrams
 *    that follow each other on a ring from one source (address, port,
 *    TOS and TTL), of one size, the last possibly shorter (which ends
 *    the train), at most 64 of them, 64 KiB, and what the buffer holds
 *    (where the kernel would truncate a train, the rest waits for the
 *    next call); afudp_recvmsg() and afudp_recvmmsg() then give the
 *    UDP_GRO control message (SOL_UDP, an int: the segment size) when
 *    more than one was coalesced, as the kernel gives it;
 *  - IP_ADD_MEMBERSHIP (struct ip_mreq or ip_mreqn) and
 *    IP_ADD_SOURCE_MEMBERSHIP (struct ip_mreq_source) on this stack's
 *    interface, and IP_DROP_MEMBERSHIP, IP_DROP_SOURCE_MEMBERSHIP: a
 *    socket bound to the wildcard address receives the group's datagrams
 *    (of that source) for its port on the fast path, every member socket
 *    of the process a copy; the kernel socket joins first (IGMP, and the
 *    kernel path for what the fast path does not take). -EADDRINUSE (a
 *    member already, e.g. an adopted AFUDP_SO_KERNEL_FD socket that joined
 *    before) still makes the membership known to the fast path.
 * Sockets without receive control messages pay nothing for them.
 * @return 0, or a negative errno (-EBADF: closed; the kernel's otherwise).
 * Thread: a control call: any thread, not concurrently with data-path
 *   calls on the socket. Blocking: no.
 */
AFUDP_API int afudp_setsockopt(struct afudp_socket *sock, int level,
			       int optname, const void *optval,
			       socklen_t optlen);

/**
 * Read a socket option, as getsockopt(2) on the socket's kernel UDP
 * socket (whose options afudp_setsockopt() sets).
 * @return 0, or a negative errno.
 * Thread: any. Blocking: no.
 */
AFUDP_API int afudp_getsockopt(struct afudp_socket *sock, int level,
			       int optname, void *optval, socklen_t *optlen);

/** Per-socket counters. */
struct afudp_socket_stats {
	size_t sz;
	uint64_t rx_packets, rx_bytes;	/**< delivered, both paths */
	uint64_t tx_packets, tx_bytes;	/**< sent, both paths */
	uint64_t rx_slow, tx_slow;	/**< through the kernel socket */
	uint64_t tx_slow_no_neigh;	/**< slow: neighbour not resolved */
	uint64_t tx_slow_local;		/**< slow: destination is local */
	uint64_t tx_slow_mtu;		/**< slow: larger than path MTU */
	uint64_t tx_slow_other;		/**< slow: other interface, down... */
	uint64_t rx_drop_csum;		/**< bad IPv4 or UDP checksum */
	uint64_t rx_drop_malformed;	/**< any other parse failure */
	uint64_t rx_drop_filtered;	/**< not from the connected peer */
	uint64_t rx_ring_full;		/**< XDP_STATISTICS rx_ring_full */
	uint64_t rx_dropped;		/**< XDP_STATISTICS rx_dropped */
	uint64_t rx_invalid_descs, tx_invalid_descs; /**< XDP_STATISTICS */
	uint64_t rx_fill_empty;		/**< XDP_STATISTICS fill_ring_empty */
	uint64_t tx_ring_full;		/**< sends that found no TX room */
	uint64_t tx_kicks;		/**< TX wake-up syscalls */
	uint64_t rx_wakeups;		/**< RX sleeps in poll() */
	/** Dropped as the kernel's reverse-path filter (rp_filter) would. */
	uint64_t rx_drop_rpf;
	size_t : 0;
};

/** Read a socket's counters. @stats->sz must be set. @return 0/-EINVAL. */
AFUDP_API int afudp_socket_stats(struct afudp_socket *sock,
				 struct afudp_socket_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* AFUDP_H */
