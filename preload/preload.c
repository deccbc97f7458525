// SPDX-License-Identifier: BSD-2-Clause
/*
 * libafudp-preload: settings, the fd table, the afudp stack, and the
 * calls that create, bind, duplicate, configure and close sockets.
 * preload.h explains how an application's fd becomes an afudp socket.
 *
 * Settings (environment, as afudp-run sets them):
 *   AFUDP_IFACE      interface to open the stack on (required; without it
 *                    every call goes to libc)
 *   AFUDP_PORTS      comma list of ports and ranges (7000,9000-9010); 0
 *                    selects ephemeral binds (port 0, and the implicit bind
 *                    of a send or connect on an unbound socket). Unset or
 *                    empty: every UDP port the program binds, ephemeral
 *                    ones included.
 *   AFUDP_BUSY_POLL  1: blocking receives spin instead of sleeping
 *   AFUDP_VERBOSE    1: say which sockets afudp serves, and why not
 *   AFUDP_PRELOAD_SIGNALS  0: don't catch SIGTERM/SIGINT/SIGHUP (below)
 * and those libafudp reads itself (AFUDP_BACKEND, AFUDP_XDP_MODE, ...).
 *
 * Served: AF_INET and AF_INET6 SOCK_DGRAM UDP sockets bound (explicitly, or
 * implicitly when ephemeral binds are selected) to a selected port on the
 * wildcard or an address of the interface (an AF_INET6 socket: dual-stack
 * on :: unless IPV6_V6ONLY, as libafudp's AF_INET6 sockets are), whatever
 * options were set before the bind:
 * the control-message ones (IP_PKTINFO, IP_RECVTOS, IP_RECVTTL,
 * IP_RECVORIGDSTADDR, SO_TIMESTAMP*, IP_TOS, IP_TTL) afudp reads from the
 * kernel socket it adopts, and options set later go through
 * afudp_setsockopt(). Those with SO_REUSEPORT set (several sockets on one
 * port, one per worker thread, as Knot DNS binds them) join the port's
 * reuseport group in this process (AFUDP_SO_REUSEPORT: the XDP program
 * spreads flows over them as the kernel would). Another process's sockets
 * on that port stay on the kernel: it cannot take the queues this one
 * serves (no stack, or the port's entry is live: -v says which), and the
 * kernel delivers to them only what its slow path carries; nothing is
 * redirected to a socket nobody reads. An AF_INET6 socket stays on the
 * kernel with IPV6_RECVPATHMTU asked for (is_rx_pathmtu()). Passed to libc
 * untouched:
 * everything else, and a stack that cannot open (the reason is logged
 * once).
 *
 * Exit: the stack closes in an atexit handler (XDP program detached, maps
 * and counters removed). A program killed by SIGTERM/SIGINT/SIGHUP never
 * runs it, so where the program left those at their default action when
 * the stack opened, a handler closes the stack and re-raises the signal.
 * SIGKILL leaves the program attached; the next afudp process on the
 * interface reclaims it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <alloca.h>
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/udp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syslog.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "preload.h"

/* Limit of the fd table: 8 MiB of address space, touched only where used. */
#define PL_TAB_MAX (1u << 20)

struct pl_sock *_Atomic *pl_tab;
unsigned int pl_tab_n;
_Atomic unsigned int pl_nsocks;
volatile sig_atomic_t pl_nolib;
bool pl_busy_poll;

PL_REAL_DECL(close);
PL_REAL_DECL(poll);
PL_REAL_DECL(ppoll);
PL_REAL_DECL(recvmsg);
PL_REAL_DECL(sendmsg);
PL_REAL_DECL(epoll_ctl);
static PL_REAL_DECL(socket);
static PL_REAL_DECL(bind);
static PL_REAL_DECL(connect);
static PL_REAL_DECL(dup);
static PL_REAL_DECL(dup2);
static PL_REAL_DECL(dup3);
static PL_REAL_DECL(fcntl);
static PL_REAL_DECL(ioctl);
static PL_REAL_DECL(setsockopt);
static PL_REAL_DECL(getsockopt);
static PL_REAL_DECL(getsockname);
static PL_REAL_DECL(getpeername);
static PL_REAL_DECL(shutdown);

/* UDP AF_INET/AF_INET6 fds from socket() (or dups of them), maybe bound later. */
static _Atomic uint8_t *pl_cand;
/* Above every fd ever marked in pl_cand or pl_tab: bounds close_range(). */
static _Atomic unsigned int pl_hi;

static void note_fd(int fd)
{
	unsigned int hi = atomic_load_explicit(&pl_hi, memory_order_relaxed);

	while ((unsigned int)fd >= hi &&
	       !atomic_compare_exchange_weak(&pl_hi, &hi, fd + 1))
		;
}

/* Settings. */
static char pl_iface[IF_NAMESIZE];
static bool pl_all_ports = true; /* no AFUDP_PORTS: every port */
static bool pl_ephemeral = true; /* port 0 and implicit binds */
static uint8_t pl_ports[65536 / 8];
static bool pl_verbose;
static bool pl_signals = true;

/*
 * Control path: the stack, set-up and teardown of sockets, the free list.
 * Never taken on the data path.
 */
static pthread_mutex_t pl_ctl = PTHREAD_MUTEX_INITIALIZER;
static struct afudp_stack *pl_stack;
static bool pl_stack_failed;
static struct pl_sock *pl_free;
static struct pl_sock *pl_all;

/*
 * Calls made from inside libafudp (its own kernel sockets, netlink) go
 * straight to libc: the library's sockets are never the application's.
 */
static __thread int pl_depth __attribute__((tls_model("initial-exec")));

void *pl_sym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p) {
		fprintf(stderr, "afudp-preload: no %s in libc: %s\n", name,
			dlerror());
		abort();
	}
	return p;
}

void pl_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > LOG_WARNING && !pl_verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "afudp-preload[%d]: ", (int)getpid());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static bool env_true(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") && strcasecmp(v, "no") &&
	       strcasecmp(v, "false");
}

/* "7000,9000-9010,0": false on a malformed list (then nothing is served). */
static bool parse_ports(const char *s)
{
	char *end;
	long a, b;

	pl_all_ports = false;
	pl_ephemeral = false;
	while (*s) {
		a = strtol(s, &end, 10);
		if (end == s || a < 0 || a > 65535)
			return false;
		b = a;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			if (end == s + 1 || b < a || b > 65535)
				return false;
			s = end;
		}
		for (; a <= b; a++) {
			if (!a)
				pl_ephemeral = true;
			else
				pl_ports[a / 8] |= 1u << (a % 8);
		}
		if (*s == ',')
			s++;
		else if (*s)
			return false;
	}
	return true;
}

static bool selected(uint16_t port)
{
	if (!port)
		return pl_ephemeral;
	return pl_all_ports || (pl_ports[port / 8] & (1u << (port % 8)));
}

/*
 * fork(): the child goes on with the sockets it inherited, on the fast
 * path (libafudp shares a stack with its forked children, and pl_sock's
 * lock is process-shared), whether it or its parent or both read them. A
 * child that libafudp can't serve (it says why) uses the kernel sockets,
 * which then have every datagram.
 */
_Atomic bool pl_forked;

static void pl_atfork_prepare(void)
{
	pthread_mutex_lock(&pl_ctl);
}

static void pl_atfork_parent(void)
{
	pthread_mutex_unlock(&pl_ctl);
}

/*
 * The child's references are its table's entries: the calls in flight
 * that held the others are its parent's threads.
 */
static void pl_atfork_child(void)
{
	unsigned int fd, hi = atomic_load(&pl_hi);
	struct pl_sock *ps;

	pthread_mutex_init(&pl_ctl, NULL);
	if (!pl_stack)
		return;
	for (ps = pl_all; ps; ps = ps->all_next)
		if (atomic_load(&ps->refs))
			atomic_store(&ps->refs, 0);
	for (fd = 0; fd < hi && fd < pl_tab_n; fd++) {
		ps = atomic_load(&pl_tab[fd]);
		if (ps)
			atomic_fetch_add(&ps->refs, 1);
	}
	atomic_store(&pl_forked, true);
}

void pl_fork_check(void)
{
	struct afudp_stack_info info = { .sz = sizeof(info) };
	int err;

	pthread_mutex_lock(&pl_ctl);
	if (atomic_exchange(&pl_forked, false) && pl_stack && !pl_nolib) {
		pl_depth++;
		err = afudp_stack_info(pl_stack, &info);
		pl_depth--;
		if (err == -ECHILD) {
			pl_log(LOG_WARNING,
			       "forked child %d: afudp can't serve it: its sockets use the kernel",
			       (int)getpid());
			pl_nolib = 1;
		}
	}
	pthread_mutex_unlock(&pl_ctl);
}

__attribute__((constructor)) static void pl_init(void)
{
	const char *v = getenv("AFUDP_IFACE");
	struct rlimit rl;
	size_t n;

	if (!v || !*v)
		return; /* nothing to serve: libc does it all */
	if (strlen(v) >= sizeof(pl_iface)) {
		pl_log(LOG_WARNING, "AFUDP_IFACE=%s: name too long", v);
		return;
	}
	v = getenv("AFUDP_PORTS");
	if (v && *v && !parse_ports(v)) {
		pl_log(LOG_WARNING,
		       "AFUDP_PORTS=%s: expected a list like 7000,9000-9010: serving nothing",
		       v);
		return;
	}
	pl_busy_poll = env_true("AFUDP_BUSY_POLL");
	pl_verbose = env_true("AFUDP_VERBOSE");
	v = getenv("AFUDP_PRELOAD_SIGNALS");
	pl_signals = !v || env_true("AFUDP_PRELOAD_SIGNALS");
	/* Sized for the highest fd the process may ever have. */
	n = PL_TAB_MAX;
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_max < n)
		n = rl.rlim_max > rl.rlim_cur ? rl.rlim_max : rl.rlim_cur;
	if (n < 1024)
		n = 1024;
	pl_tab = mmap(NULL, n * sizeof(*pl_tab), PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	pl_cand = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (pl_tab == MAP_FAILED || pl_cand == MAP_FAILED) {
		pl_log(LOG_WARNING, "no memory for the fd table");
		pl_tab = NULL;
		pl_cand = NULL;
		return;
	}
	snprintf(pl_iface, sizeof(pl_iface), "%s", getenv("AFUDP_IFACE"));
	pthread_atfork(pl_atfork_prepare, pl_atfork_parent, pl_atfork_child);
	/* Last: a non-zero size turns the preload on. */
	pl_tab_n = n;
}

/* ---- the stack ----------------------------------------------------------- */

static void pl_close_stack(void)
{
	if (pl_nolib || !pl_stack)
		return;
	pl_nolib = 1; /* sockets left open fall back to libc */
	afudp_stack_close(pl_stack);
}

static void pl_atexit(void)
{
	pthread_mutex_lock(&pl_ctl);
	pl_close_stack();
	pthread_mutex_unlock(&pl_ctl);
}

/*
 * SIGTERM/SIGINT/SIGHUP at their default action: clean up, then die of
 * the signal as the program would have (SA_RESETHAND restored the default;
 * the re-raised signal is delivered when the handler returns). Skipped if
 * the control path was busy, rather than risk deadlocking on its lock.
 */
static void pl_on_signal(int sig)
{
	int e = errno;

	if (!pthread_mutex_trylock(&pl_ctl))
		pl_close_stack();
	raise(sig);
	errno = e;
}

static void pl_catch_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa, old;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = pl_on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &old) ||
		    (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Under pl_ctl. */
static struct afudp_stack *pl_get_stack(void)
{
	struct afudp_stack_info info = { .sz = sizeof(info) };

	if (pl_stack || pl_stack_failed)
		return pl_stack;
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = pl_iface,
			.busy_poll = pl_busy_poll,
			.log_level = pl_verbose ? LOG_INFO : LOG_WARNING);
	pl_depth++;
	pl_stack = afudp_stack_open(&o);
	pl_depth--;
	if (!pl_stack) {
		pl_stack_failed = true;
		pl_log(LOG_WARNING,
		       "cannot open an afudp stack on %s (%s): UDP goes through the kernel",
		       pl_iface, strerror(errno));
		return NULL;
	}
	atexit(pl_atexit);
	if (pl_signals)
		pl_catch_signals();
	if (!afudp_stack_info(pl_stack, &info))
		pl_log(LOG_INFO, "stack on %s: %s%s%s, %u queue(s)%s", pl_iface,
		       info.backend == AFUDP_BACKEND_KERNEL ? "kernel" : "xdp",
		       info.backend == AFUDP_BACKEND_KERNEL   ? "" :
		       info.xdp_mode == AFUDP_XDP_MODE_NATIVE ? " native" :
								" skb",
		       info.backend == AFUDP_BACKEND_KERNEL  ? "" :
		       info.copy_mode == AFUDP_COPY_ZEROCOPY ? " zerocopy" :
							       " copy",
		       info.n_queues, pl_busy_poll ? ", busy-poll" : "");
	return pl_stack;
}

/* ---- socket objects -------------------------------------------------------- */

/* Under pl_ctl. Type-stable: pl_get() may touch a recycled one. */
static struct pl_sock *pl_alloc(void)
{
	struct pl_sock *ps = pl_free;

	if (ps) {
		pl_free = ps->next_free;
	} else {
		ps = calloc(1, sizeof(*ps));
		if (!ps)
			return NULL;
		ps->shl = mmap(NULL, sizeof(*ps->shl), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (ps->shl == MAP_FAILED) {
			free(ps);
			return NULL;
		}
		{
			pthread_mutexattr_t a;

			pthread_mutexattr_init(&a);
			pthread_mutexattr_setpshared(&a,
						     PTHREAD_PROCESS_SHARED);
			pthread_mutex_init(&ps->shl->lock, &a);
			pthread_mutexattr_destroy(&a);
		}
		ps->all_next = pl_all;
		pl_all = ps;
	}
	ps->s = NULL;
	ps->kfd = ps->epfd = ps->evfd = -1;
	atomic_store(&ps->nonblock, false);
	atomic_store(&ps->rcvtimeo_ms, 0);
	ps->corked = 0;
	ps->sh = NULL;
	ps->next_free = NULL;
	return ps;
}

/* The last reference went: close the afudp socket, recycle the struct. */
static void pl_teardown(struct pl_sock *ps)
{
	pthread_mutex_lock(&pl_ctl);
	if (!pl_nolib) {
		pl_depth++;
		afudp_close(ps->s); /* its epoll fd and kernel socket too */
		pl_depth--;
		REAL(close)(ps->evfd);
	}
	/*
	 * A forked child libafudp can't serve keeps its copies, and after
	 * the stack closed at exit there is nothing left to close: the fds
	 * are close-on-exec and go with the process.
	 */
	if (ps->sh)
		munmap(ps->sh, sizeof(*ps->sh));
	ps->sh = NULL;
	ps->s = NULL;
	ps->next_free = pl_free;
	pl_free = ps;
	atomic_fetch_sub(&pl_nsocks, 1);
	pthread_mutex_unlock(&pl_ctl);
}

void pl_put(struct pl_sock *ps)
{
	if (atomic_fetch_sub_explicit(&ps->refs, 1, memory_order_acq_rel) == 1)
		pl_teardown(ps);
}

/* Make @fd name @ps (a dup of one of its fds): takes a reference. */
static void pl_link(int fd, struct pl_sock *ps)
{
	struct pl_sock *old;

	note_fd(fd);
	atomic_fetch_add(&ps->refs, 1);
	old = atomic_exchange(&pl_tab[fd], ps);
	if (old)
		pl_put(old);
}

/*
 * Group memberships a socket took before its bind (socat sets
 * ip-add-membership first), while it was only a candidate: the kernel
 * socket keeps them when afudp adopts it, and afudp learns them when the
 * bind serves it (pl_mc_replay()). Slot free: fd 0 (fds stored + 1).
 */
#define PL_MC_PENDING 32
static struct {
	int fd1;
	int name;
	socklen_t len;
	unsigned char val[sizeof(struct ip_mreq_source)];
} pl_mc_pend[PL_MC_PENDING];
static pthread_mutex_t pl_mc_lock = PTHREAD_MUTEX_INITIALIZER;

static bool is_membership(int level, int name)
{
	return level == IPPROTO_IP &&
	       (name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP ||
		name == IP_ADD_SOURCE_MEMBERSHIP ||
		name == IP_DROP_SOURCE_MEMBERSHIP);
}

static void pl_mc_note(int fd, int name, const void *val, socklen_t len)
{
	unsigned int i;

	pthread_mutex_lock(&pl_mc_lock);
	for (i = 0; i < PL_MC_PENDING && pl_mc_pend[i].fd1; i++)
		;
	if (i < PL_MC_PENDING) {
		pl_mc_pend[i].fd1 = fd + 1;
		pl_mc_pend[i].name = name;
		pl_mc_pend[i].len = len < sizeof(pl_mc_pend[i].val) ?
					    len : sizeof(pl_mc_pend[i].val);
		memcpy(pl_mc_pend[i].val, val, pl_mc_pend[i].len);
	} else {
		pl_log(LOG_WARNING,
		       "fd %d: too many group joins before bind: kernel path for this one",
		       fd);
	}
	pthread_mutex_unlock(&pl_mc_lock);
}

/* Replay @fd's noted memberships on its afudp socket @s (or forget them). */
static void pl_mc_replay(int fd, struct afudp_socket *s)
{
	unsigned int i;

	pthread_mutex_lock(&pl_mc_lock);
	for (i = 0; i < PL_MC_PENDING; i++) {
		if (pl_mc_pend[i].fd1 != fd + 1)
			continue;
		if (s)
			afudp_setsockopt(s, IPPROTO_IP, pl_mc_pend[i].name,
					 pl_mc_pend[i].val, pl_mc_pend[i].len);
		pl_mc_pend[i].fd1 = 0;
	}
	pthread_mutex_unlock(&pl_mc_lock);
}

/* @fd no longer names its socket (closed, or replaced by dup2). */
static void pl_unlink(int fd)
{
	struct pl_sock *old;

	if ((unsigned int)fd >= pl_tab_n)
		return;
	pl_mc_replay(fd, NULL);
	if (atomic_load_explicit(&pl_cand[fd], memory_order_relaxed))
		atomic_store(&pl_cand[fd], 0);
	if (!atomic_load(&pl_tab[fd]))
		return;
	old = atomic_exchange(&pl_tab[fd], NULL);
	if (old)
		pl_put(old);
}

/* ---- choosing and adopting sockets ------------------------------------------ */

/* Is @a, of @family (AF_INET: an in_addr, AF_INET6: an in6_addr), on the interface? */
static bool iface_has(int family, const void *a)
{
	size_t off = family == AF_INET ?
			     offsetof(struct sockaddr_in, sin_addr) :
			     offsetof(struct sockaddr_in6, sin6_addr);
	size_t n = family == AF_INET ? sizeof(struct in_addr) :
				       sizeof(struct in6_addr);
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa))
		return false;
	for (i = ifa; i && !found; i = i->ifa_next)
		found = i->ifa_addr && i->ifa_addr->sa_family == family &&
			!strcmp(i->ifa_name, pl_iface) &&
			!memcmp((const char *)i->ifa_addr + off, a, n);
	freeifaddrs(ifa);
	return found;
}

/*
 * Can afudp's fast path have what a socket bound to @a receives? The
 * wildcard, or an address of the interface: over IPv6 a link-local one
 * with the interface's scope, or an IPv4-mapped one (an IPv4 socket on
 * that address, for the kernel as for afudp).
 */
static bool iface_addr(const union pl_addr *a)
{
	const struct in6_addr *a6 = &a->sin6.sin6_addr;

	if (a->sa.sa_family == AF_INET)
		return a->sin.sin_addr.s_addr == htonl(INADDR_ANY) ||
		       iface_has(AF_INET, &a->sin.sin_addr);
	if (IN6_IS_ADDR_UNSPECIFIED(a6))
		return true;
	if (IN6_IS_ADDR_V4MAPPED(a6))
		return a6->s6_addr32[3] == htonl(INADDR_ANY) ||
		       iface_has(AF_INET, &a6->s6_addr32[3]);
	if (IN6_IS_ADDR_LINKLOCAL(a6) &&
	    a->sin6.sin6_scope_id != if_nametoindex(pl_iface))
		return false;
	return iface_has(AF_INET6, a6);
}

static uint16_t port_of(const union pl_addr *a)
{
	return ntohs(a->sa.sa_family == AF_INET6 ? a->sin6.sin6_port :
						   a->sin.sin_port);
}

static socklen_t addr_len(int family)
{
	return family == AF_INET6 ? sizeof(struct sockaddr_in6) :
				    sizeof(struct sockaddr_in);
}

/* "a.b.c.d:port" or "[v6]:port", for the log. */
static const char *addr_str(const union pl_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];
	bool v6 = a->sa.sa_family == AF_INET6;

	if (!inet_ntop(a->sa.sa_family,
		       v6 ? (const void *)&a->sin6.sin6_addr :
			    (const void *)&a->sin.sin_addr,
		       ip, sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u", ip, port_of(a));
	return buf;
}

static int sockopt_int(int fd, int level, int name)
{
	socklen_t len = sizeof(int);
	int v = 0;

	if (REAL(getsockopt)(fd, level, name, &v, &len))
		return -1;
	return v;
}

static int timeval_ms(const void *val, socklen_t len);

/* The socket's SO_RCVTIMEO in ms (0: none), as the preload keeps it. */
static int rcvtimeo_of(int fd)
{
	struct timeval tv = { 0 };
	socklen_t len = sizeof(tv);

	if (REAL(getsockopt)(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len))
		return 0;
	return timeval_ms(&tv, len);
}

/*
 * Can afudp take this socket as it is? An unbound UDP socket of @family
 * (the address's: a mismatch is the kernel's error to give).
 */
static const char *unservable(int fd, int family)
{
	union pl_addr a;
	socklen_t len = sizeof(a);

	if (sockopt_int(fd, SOL_SOCKET, SO_DOMAIN) != family ||
	    sockopt_int(fd, SOL_SOCKET, SO_TYPE) != SOCK_DGRAM ||
	    sockopt_int(fd, SOL_SOCKET, SO_PROTOCOL) != IPPROTO_UDP)
		return "not a UDP socket of the address's family";
	if (REAL(getsockname)(fd, &a.sa, &len) || port_of(&a))
		return "bound already";
	return NULL;
}

/*
 * IPV6_RECVPATHMTU: the kernel gives its IPV6_PATHMTU message for the
 * socket's own oversized sends (ipv6_local_rxpmtu()), which the fast path
 * never sees; every other IPv6 receive option libafudp serves (lib/cmsg.c).
 * A socket asking for it before its bind stays the kernel's; one asking
 * later has its port given back to the kernel (afudp_kernel_rx()), whose
 * socket then receives every datagram, and the message, as afudp reads it.
 */
static bool is_rx_pathmtu(int level, int name)
{
	return level == IPPROTO_IPV6 && name == IPV6_RECVPATHMTU;
}

/* Does the socket @fd ask for it? */
static bool rx_pathmtu_set(int fd)
{
	return sockopt_int(fd, IPPROTO_IPV6, IPV6_RECVPATHMTU) > 0;
}

enum { PL_LIBC, PL_SERVED, PL_KERNEL_BOUND, PL_ERROR };

/*
 * Turn the application's fd @fd into an afudp socket bound to @a (steps
 * in preload.h), of @a's family: an AF_INET6 one is dual-stack or not as
 * the kernel socket's IPV6_V6ONLY says (libafudp reads it at the bind). Returns PL_SERVED (*out: the socket, with a reference),
 * PL_LIBC (not for afudp: let libc do the call, nothing changed),
 * PL_KERNEL_BOUND (the kernel bound @fd but afudp could not take it: it
 * stays a kernel socket, and the bind succeeded), or PL_ERROR (errno: the
 * bind failed as the kernel's would have).
 */
static int pl_serve(int fd, const union pl_addr *a, struct pl_sock **out)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int family = a->sa.sa_family;
	union pl_addr got;
	socklen_t glen = sizeof(got);
	struct afudp_socket *s;
	struct pl_sock *ps;
	int k, fl, fdfl, err, ret = PL_LIBC;
	char ip[INET6_ADDRSTRLEN + 8];
	const char *why;

	if ((unsigned int)fd >= pl_tab_n || pl_nolib)
		return PL_LIBC;
	if (!selected(port_of(a)))
		return PL_LIBC;
	pthread_mutex_lock(&pl_ctl);
	why = unservable(fd, family);
	if (!why && !iface_addr(a))
		why = "address not on the interface";
	if (!why && family == AF_INET6 && rx_pathmtu_set(fd))
		why = "IPv6 socket asking for IPV6_RECVPATHMTU";
	if (why) {
		pl_log(LOG_INFO, "fd %d port %u: kernel (%s)", fd, port_of(a),
		       why);
		goto out;
	}
	if (!pl_get_stack()) {
		pl_log(LOG_INFO, "fd %d port %u: kernel (no afudp stack)", fd,
		       port_of(a));
		goto out;
	}
	fl = REAL(fcntl)(fd, F_GETFL);
	fdfl = REAL(fcntl)(fd, F_GETFD);
	k = REAL(fcntl)(fd, F_DUPFD_CLOEXEC, 0);
	if (fl < 0 || fdfl < 0 || k < 0)
		goto out;
	AFUDP_OPTS_INIT(afudp_socket_opts, so, .flags = AFUDP_SO_KERNEL_FD,
			.kernel_fd = k, .family = family);
	/* Every SO_REUSEPORT socket of a port here joins one group. */
	if (sockopt_int(fd, SOL_SOCKET, SO_REUSEPORT) > 0)
		so.flags |= AFUDP_SO_REUSEPORT;
	pl_depth++;
	s = afudp_socket(pl_stack, &so);
	if (!s) {
		pl_depth--;
		/* EOPNOTSUPP: an option afudp can't take yet, no fault. */
		pl_log(errno == EOPNOTSUPP ? LOG_INFO : LOG_WARNING,
		       "fd %d: afudp_socket: %s: kernel", fd, strerror(errno));
		REAL(close)(k);
		goto out;
	}
	err = afudp_bind(s, &a->sa, addr_len(family));
	if (err) {
		/* The library closed k, and bound fd's socket or not. */
		afudp_close(s);
		pl_depth--;
		if (!REAL(getsockname)(fd, &got.sa, &glen) && port_of(&got)) {
			pl_log(LOG_WARNING,
			       "fd %d port %u: afudp cannot serve it (%s): kernel",
			       fd, port_of(&got), strerror(-err));
			ret = PL_KERNEL_BOUND;
		} else {
			errno = -err;
			ret = PL_ERROR;
		}
		goto out;
	}
	pl_depth--;
	ps = pl_alloc();
	if (!ps)
		goto err_close;
	ps->s = s;
	ps->kfd = k;
	ps->epfd = afudp_socket_fd(s);
	ps->family = family;
	atomic_store(&ps->nonblock, !!(fl & O_NONBLOCK));
	/* Set before the bind, on the kernel socket: the preload's now. */
	atomic_store(&ps->rcvtimeo_ms, rcvtimeo_of(k));
	ps->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ev.data.u64 = UINT32_MAX - 1; /* afudp's waits ignore it */
	if (ps->evfd < 0 ||
	    REAL(epoll_ctl)(ps->epfd, EPOLL_CTL_ADD, ps->evfd, &ev))
		goto err_ps;
	/* Publish first: from here on a call on fd goes to afudp. */
	atomic_store(&ps->refs, 1 + !!out);
	atomic_fetch_add(&pl_nsocks, 1);
	note_fd(fd);
	atomic_store_explicit(&pl_tab[fd], ps, memory_order_release);
	if (REAL(dup3)(ps->epfd, fd, (fdfl & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0) {
		/* Never seen; fd still names the (bound) kernel socket. */
		atomic_store(&pl_tab[fd], NULL);
		atomic_fetch_sub(&pl_nsocks, 1);
		goto err_ps;
	}
	if (REAL(getsockname)(k, &got.sa, &glen))
		got = *a;
	pl_log(LOG_INFO, "fd %d: afudp serves %s", fd,
	       addr_str(&got, ip, sizeof(ip)));
	pl_depth++;
	pl_mc_replay(fd, ps->s);
	pl_depth--;
	if (out)
		*out = ps;
	pthread_mutex_unlock(&pl_ctl);
	return PL_SERVED;

err_ps:
	if (ps->evfd >= 0)
		REAL(close)(ps->evfd);
	ps->next_free = pl_free;
	pl_free = ps;
err_close:
	/* The kernel socket stays bound through fd: carry on with it. */
	pl_depth++;
	afudp_close(s);
	pl_depth--;
	ret = PL_KERNEL_BOUND;
out:
	pthread_mutex_unlock(&pl_ctl);
	return ret;
}

struct pl_sock *pl_autobind(int fd)
{
	struct pl_sock *ps = NULL;
	union pl_addr any;
	socklen_t len = sizeof(any);

	if (pl_depth || !pl_ephemeral || (unsigned int)fd >= pl_tab_n ||
	    !atomic_load_explicit(&pl_cand[fd], memory_order_relaxed))
		return NULL;
	/* Decided once: served now, or left to the kernel for good. */
	atomic_store(&pl_cand[fd], 0);
	/* The wildcard of the socket's family, as the kernel binds it. */
	if (REAL(getsockname)(fd, &any.sa, &len) ||
	    (any.sa.sa_family != AF_INET && any.sa.sa_family != AF_INET6) ||
	    port_of(&any))
		return NULL;
	if (pl_serve(fd, &any, &ps) != PL_SERVED)
		return NULL;
	return ps;
}

/* ---- socket, bind, connect ---------------------------------------------------- */

PL_API int socket(int domain, int type, int protocol)
{
	int fd;

	/*
	 * libafudp's own sockets (libxdp's XSKs are created without it) must
	 * not leak into the programs the application executes.
	 */
	if (pl_depth)
		type |= SOCK_CLOEXEC;
	fd = REAL(socket)(domain, type, protocol);

	if (fd >= 0 && (unsigned int)fd < pl_tab_n && !pl_depth &&
	    (domain == AF_INET || domain == AF_INET6) &&
	    (type & 0xff) == SOCK_DGRAM &&
	    (!protocol || protocol == IPPROTO_UDP)) {
		note_fd(fd);
		atomic_store(&pl_cand[fd], 1);
	}
	return fd;
}

PL_API int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	union pl_addr a;
	int r;

	if (likely(pl_tab_n) && !pl_depth && (unsigned int)fd < pl_tab_n &&
	    atomic_load(&pl_cand[fd]) && pl_addr_ok(addr, len)) {
		/* An RFC 2133 sockaddr_in6 has no scope id: 0. */
		memset(&a, 0, sizeof(a));
		memcpy(&a, addr, len < sizeof(a) ? len : sizeof(a));
		/* Until it is bound (a bind may fail), it may still be ours. */
		switch (pl_serve(fd, &a, NULL)) {
		case PL_SERVED:
		case PL_KERNEL_BOUND:
			atomic_store(&pl_cand[fd], 0);
			return 0;
		case PL_ERROR:
			return -1;
		}
		r = REAL(bind)(fd, addr, len);
		if (!r)
			atomic_store(&pl_cand[fd], 0);
		return r;
	}
	if (pl_is(fd)) {
		errno = EINVAL; /* bound already, as the kernel says */
		return -1;
	}
	return REAL(bind)(fd, addr, len);
}

/*
 * An IPv6 socket connected to an IPv4 address (sockaddr_in): the kernel
 * connects a dual-stack one to the IPv4-mapped address, which afudp
 * takes; @m is that. Unchanged otherwise (V6ONLY: the kernel's error).
 */
static const struct sockaddr *connect_addr(struct pl_sock *ps,
					   const struct sockaddr *addr,
					   socklen_t *len,
					   struct sockaddr_in6 *m)
{
	struct sockaddr_in sin;

	if (ps->family != AF_INET6 || !addr ||
	    *len < (socklen_t)sizeof(sin) || addr->sa_family != AF_INET ||
	    sockopt_int(ps->kfd, IPPROTO_IPV6, IPV6_V6ONLY) != 0)
		return addr;
	memcpy(&sin, addr, sizeof(sin));
	memset(m, 0, sizeof(*m));
	m->sin6_family = AF_INET6;
	m->sin6_port = sin.sin_port;
	m->sin6_addr.s6_addr16[5] = 0xffff;
	m->sin6_addr.s6_addr32[3] = sin.sin_addr.s_addr;
	*len = sizeof(*m);
	return (const struct sockaddr *)m;
}

PL_API int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct pl_sock *ps = pl_get(fd);
	struct sockaddr_in6 m;
	int r;

	if (!ps && pl_addr_ok(addr, len))
		ps = pl_autobind(fd);
	if (!ps)
		return REAL(connect)(fd, addr, len);
	if (pl_nolib) {
		r = REAL(connect)(ps->kfd, addr, len);
	} else {
		addr = connect_addr(ps, addr, &len, &m);
		pl_lock(ps);
		pl_depth++;
		r = afudp_connect(ps->s, addr, len);
		pl_depth--;
		pl_unlock(ps);
		if (r < 0) {
			errno = -r;
			r = -1;
		}
	}
	pl_put(ps);
	return r;
}

/* ---- descriptors ------------------------------------------------------------ */

PL_API int close(int fd)
{
	if (likely(pl_tab_n) && (unsigned int)fd < pl_tab_n)
		pl_unlink(fd);
	return REAL(close)(fd);
}

static PL_REAL_DECL(close_range);

PL_API int close_range(unsigned int first, unsigned int last, int flags)
{
	unsigned int fd;
	int r = REAL(close_range)(first, last, flags);

	if (!r && !(flags & CLOSE_RANGE_CLOEXEC) && pl_tab_n)
		for (fd = first; fd <= last && fd < atomic_load(&pl_hi); fd++)
			pl_unlink(fd);
	return r;
}

PL_API void closefrom(int lowfd)
{
	if (lowfd < 0)
		lowfd = 0;
	if (close_range(lowfd, ~0u, 0)) {
		/* Old kernels: one by one, as glibc does. */
		for (long fd = lowfd, max = sysconf(_SC_OPEN_MAX); fd < max;
		     fd++)
			close(fd);
	}
}

/* After a successful dup of @old to @new: @new names what @old names. */
static void pl_dup_done(int old, int new)
{
	struct pl_sock *ps;

	if (new < 0 || old == new || (unsigned int)new >= pl_tab_n)
		return;
	ps = pl_get(old);
	if (ps) {
		pl_link(new, ps);
		pl_put(ps);
		atomic_store(&pl_cand[new], 0);
	} else {
		pl_unlink(new);
		if ((unsigned int)old < pl_tab_n &&
		    atomic_load(&pl_cand[old])) {
			note_fd(new);
			atomic_store(&pl_cand[new], 1);
		}
	}
}

PL_API int dup(int fd)
{
	int r = REAL(dup)(fd);

	if (pl_tab_n)
		pl_dup_done(fd, r);
	return r;
}

PL_API int dup2(int old, int new)
{
	int r = REAL(dup2)(old, new);

	if (pl_tab_n && r >= 0)
		pl_dup_done(old, r);
	return r;
}

PL_API int dup3(int old, int new, int flags)
{
	int r = REAL(dup3)(old, new, flags);

	if (pl_tab_n && r >= 0)
		pl_dup_done(old, r);
	return r;
}

/*
 * fcntl on F: the descriptor's own flags (FD_CLOEXEC) and dups are F's;
 * O_NONBLOCK is kept for the socket (the kernel socket stays non-blocking
 * for afudp); everything else goes to the kernel socket.
 */
static int pl_fcntl(int fd, int cmd, unsigned long arg)
{
	struct pl_sock *ps;
	int r;

	if (likely(!pl_tab_n) || !pl_is(fd))
		goto libc;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		r = REAL(fcntl)(fd, cmd, arg);
		if (r >= 0)
			pl_dup_done(fd, r);
		return r;
	case F_GETFD:
	case F_SETFD:
		goto libc;
	}
	ps = pl_get(fd);
	if (!ps)
		goto libc;
	switch (cmd) {
	case F_GETFL:
		r = REAL(fcntl)(ps->kfd, F_GETFL);
		if (r >= 0)
			r = (r & ~O_NONBLOCK) |
			    (atomic_load(&ps->nonblock) ? O_NONBLOCK : 0);
		break;
	case F_SETFL:
		r = REAL(fcntl)(ps->kfd, F_SETFL, arg | O_NONBLOCK);
		if (!r)
			atomic_store(&ps->nonblock, !!(arg & O_NONBLOCK));
		break;
	default:
		r = REAL(fcntl)(ps->kfd, cmd, arg);
	}
	pl_put(ps);
	return r;
libc:
	r = REAL(fcntl)(fd, cmd, arg);
	if (r >= 0 && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) && pl_tab_n)
		pl_dup_done(fd, r);
	return r;
}

PL_API int fcntl(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return pl_fcntl(fd, cmd, arg);
}

PL_API int fcntl64(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return pl_fcntl(fd, cmd, arg);
}

PL_API int ioctl(int fd, unsigned long req, ...)
{
	struct pl_sock *ps;
	void *arg;
	va_list ap;
	int r;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	ps = pl_get(fd);
	if (!ps)
		return REAL(ioctl)(fd, req, arg);
	switch (req) {
	case FIOCLEX:
	case FIONCLEX: /* the descriptor's own flag */
		r = REAL(ioctl)(fd, req, arg);
		break;
	case FIONBIO:
		if (!arg) {
			errno = EFAULT;
			r = -1;
			break;
		}
		atomic_store(&ps->nonblock, !!*(int *)arg);
		r = 0;
		break;
	case FIONREAD: /* SIOCINQ */
		if (!arg) {
			errno = EFAULT;
			r = -1;
			break;
		}
		r = pl_next_len(ps);
		if (r >= 0) {
			*(int *)arg = r;
			r = 0;
		} else {
			errno = -r;
			r = -1;
		}
		break;
	default:
		r = REAL(ioctl)(ps->kfd, req, arg);
	}
	pl_put(ps);
	return r;
}

/* ---- options and names: the kernel socket's -------------------------------- */

static int timeval_ms(const void *val, socklen_t len)
{
	const struct timeval *tv = val;
	long long ms;

	if (!val || len < (socklen_t)sizeof(*tv))
		return -1;
	ms = (long long)tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

static bool is_rcvtimeo(int name)
{
#ifdef SO_RCVTIMEO_NEW
	/* Same layout on 64-bit: two 64-bit fields. */
	if (name == SO_RCVTIMEO_NEW && sizeof(long) == 8)
		return true;
#endif
	return name == SO_RCVTIMEO;
}

PL_API int setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len)
{
	struct pl_sock *ps = pl_get(fd);
	int r;

	if (!ps) {
		r = REAL(setsockopt)(fd, level, name, val, len);
		if (!r && is_membership(level, name) && val &&
		    (unsigned int)fd < pl_tab_n &&
		    atomic_load(&pl_cand[fd]))
			pl_mc_note(fd, name, val, len);
		return r;
	}
	if (pl_nolib) {
		r = REAL(setsockopt)(ps->kfd, level, name, val, len);
	} else {
		/*
		 * On the kernel socket (its buffers, filters, multicast...),
		 * and those afudp's fast path knows (control messages, TOS)
		 * on it too. Under the lock: the data path reads them.
		 */
		pl_lock(ps);
		r = afudp_setsockopt(ps->s, level, name, val, len);
		pl_unlock(ps);
		if (r) {
			errno = -r;
			r = -1;
		}
	}
	if (!r && ps->family == AF_INET6 && !pl_nolib &&
	    is_rx_pathmtu(level, name) && rx_pathmtu_set(ps->kfd)) {
		pl_lock(ps);
		pl_depth++;
		if (!afudp_kernel_rx(ps->s, true))
			pl_log(LOG_INFO,
			       "fd %d: IPV6_RECVPATHMTU asked: its port goes to the kernel",
			       fd);
		pl_depth--;
		pl_unlock(ps);
	}
	if (!r && level == SOL_SOCKET && is_rcvtimeo(name))
		atomic_store(&ps->rcvtimeo_ms, timeval_ms(val, len));
	if (!r && level == IPPROTO_UDP && name == UDP_CORK && val &&
	    len >= (socklen_t)sizeof(int)) {
		pl_lock(ps);
		ps->corked = *(const int *)val ? 1 : 0;
		pl_unlock(ps);
	}
	pl_put(ps);
	return r;
}

PL_API int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	struct pl_sock *ps = pl_get(fd);
	int r;

	if (!ps)
		return REAL(getsockopt)(fd, level, name, val, len);
	r = REAL(getsockopt)(ps->kfd, level, name, val, len);
	pl_put(ps);
	return r;
}

PL_API int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct pl_sock *ps = pl_get(fd);
	int r;

	if (!ps)
		return REAL(getsockname)(fd, addr, len);
	r = REAL(getsockname)(ps->kfd, addr, len);
	pl_put(ps);
	return r;
}

PL_API int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct pl_sock *ps = pl_get(fd);
	int r;

	if (!ps)
		return REAL(getpeername)(fd, addr, len);
	r = REAL(getpeername)(ps->kfd, addr, len);
	pl_put(ps);
	return r;
}

PL_API int shutdown(int fd, int how)
{
	struct pl_sock *ps = pl_get(fd);
	int r;

	if (!ps)
		return REAL(shutdown)(fd, how);
	r = REAL(shutdown)(ps->kfd, how);
	pl_put(ps);
	return r;
}

/* ---- exec ------------------------------------------------------------------- */

/*
 * exec(): the new program keeps the descriptors that are not close-on-exec,
 * but not this process's memory, so not afudp's side of a served socket.
 * Each such fd becomes its kernel socket again, and the socket's port goes
 * back to the kernel (the XDP program stops redirecting it), said with -v:
 * the new program reads what arrives, through the kernel socket, as any
 * other process still holding the socket does. If the exec fails the fds
 * are afudp's again; the port stays with the kernel socket, which the
 * socket also reads.
 */
static void pl_exec_prepare(bool undo)
{
	unsigned int fd, hi;
	struct pl_sock *ps;
	int fl;

	if (!pl_tab_n || !atomic_load(&pl_nsocks))
		return;
	pthread_mutex_lock(&pl_ctl);
	hi = atomic_load(&pl_hi);
	for (fd = 0; fd < hi && fd < pl_tab_n; fd++) {
		ps = atomic_load(&pl_tab[fd]);
		fl = ps ? REAL(fcntl)(fd, F_GETFD) : -1;
		if (fl < 0 || (fl & FD_CLOEXEC))
			continue;
		if (undo) {
			REAL(dup3)(ps->epfd, fd, 0);
			continue;
		}
		if (!pl_nolib && ps->s) {
			pl_depth++;
			if (!afudp_kernel_rx(ps->s, true))
				pl_log(LOG_INFO,
				       "exec: fd %d goes to the new program as its kernel socket, and its port to the kernel",
				       fd);
			pl_depth--;
		}
		REAL(dup3)(ps->kfd, fd, 0);
	}
	pthread_mutex_unlock(&pl_ctl);
}

static PL_REAL_DECL(execve);
static PL_REAL_DECL(execv);
static PL_REAL_DECL(execvp);
static PL_REAL_DECL(execvpe);
static PL_REAL_DECL(fexecve);

#define PL_EXEC(call)                                                          \
	({                                                                     \
		int r_, e_;                                                    \
		pl_exec_prepare(false);                                        \
		r_ = call;                                                     \
		e_ = errno;                                                    \
		pl_exec_prepare(true);                                         \
		errno = e_;                                                    \
		r_;                                                            \
	})

PL_API int execve(const char *path, char *const argv[], char *const envp[])
{
	return PL_EXEC(REAL(execve)(path, argv, envp));
}

PL_API int execv(const char *path, char *const argv[])
{
	return PL_EXEC(REAL(execv)(path, argv));
}

PL_API int execvp(const char *file, char *const argv[])
{
	return PL_EXEC(REAL(execvp)(file, argv));
}

PL_API int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return PL_EXEC(REAL(execvpe)(file, argv, envp));
}

PL_API int fexecve(int fd, char *const argv[], char *const envp[])
{
	return PL_EXEC(REAL(fexecve)(fd, argv, envp));
}

/* execl*(): glibc calls its internal execve, so they are ours too. */
#define PL_EXECL_ARGV(arg0, ap, argv)                                           \
	do {                                                                   \
		size_t n_ = 1;                                                 \
		va_list c_;                                                    \
		va_copy(c_, ap);                                               \
		while (va_arg(c_, char *))                                     \
			n_++;                                                  \
		va_end(c_);                                                    \
		argv = alloca((n_ + 1) * sizeof(char *));                      \
		argv[0] = (char *)(arg0);                                      \
		for (size_t i_ = 1; i_ <= n_; i_++)                            \
			argv[i_] = va_arg(ap, char *);                         \
	} while (0)

PL_API int execl(const char *path, const char *arg, ...)
{
	char **argv;
	va_list ap;

	va_start(ap, arg);
	PL_EXECL_ARGV(arg, ap, argv);
	va_end(ap);
	return execv(path, argv);
}

PL_API int execlp(const char *file, const char *arg, ...)
{
	char **argv;
	va_list ap;

	va_start(ap, arg);
	PL_EXECL_ARGV(arg, ap, argv);
	va_end(ap);
	return execvp(file, argv);
}

PL_API int execle(const char *path, const char *arg, ...)
{
	char **argv, **envp;
	va_list ap;

	va_start(ap, arg);
	PL_EXECL_ARGV(arg, ap, argv);
	envp = va_arg(ap, char **);
	va_end(ap);
	return execve(path, argv, envp);
}
