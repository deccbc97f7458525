// SPDX-License-Identifier: BSD-2-Clause
/*
 * libafudp-preload, the data path: recv*, send*, read/write(v) on the fds
 * afudp serves, with the kernel's semantics on top of afudp's calls.
 *
 *  - afudp is always called non-blocking, under the socket's lock; a
 *    blocking call then sleeps in poll() on the socket's epoll fd with the
 *    lock released (so one thread may block in recv while another sends),
 *    or spins when busy-polling. SO_RCVTIMEO bounds the wait (EAGAIN).
 *    A signal handled during a sleep gives EINTR, whatever SA_RESTART
 *    says (as poll(2) does; the kernel's recv would restart); a spin
 *    tells them apart (struct wait_st).
 *  - MSG_PEEK (and FIONREAD) take the next datagram into the socket's peek
 *    slot (preload.h: struct pl_peek), which every receive serves first.
 *  - Control messages are afudp's (afudp_recvmmsg, afudp_sendmmsg: those
 *    it does not know send the datagram through the kernel socket). The
 *    peek slot keeps the datagram's, and gives them to every read of it
 *    (as the kernel gives a peeked skb's to the peek and the read).
 *  - Addresses are the socket's family's (sockaddr_in6 on an AF_INET6
 *    socket: libafudp's, passed through).
 *  - What afudp has no fast path for goes through the kernel socket:
 *    MSG_MORE/UDP_CORK, unusual flags (MSG_ERRQUEUE, MSG_OOB...), a
 *    sockaddr_in destination on an AF_INET6 socket (tx_kernel()), and
 *    everything in a forked child libafudp can't serve (pl_nolib), which
 *    then also reads only the kernel socket (and a peeked datagram), to
 *    which libafudp gave the ports back.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "iov.h"
#include "preload.h"

static PL_REAL_DECL(recv);
static PL_REAL_DECL(recvfrom);
static PL_REAL_DECL(recvmmsg);
static PL_REAL_DECL(read);
static PL_REAL_DECL(readv);
static PL_REAL_DECL(send);
static PL_REAL_DECL(sendto);
static PL_REAL_DECL(sendmmsg);
static PL_REAL_DECL(write);
static PL_REAL_DECL(writev);

extern void __chk_fail(void) __attribute__((noreturn));

/* Flags served on afudp's paths; others go to the kernel socket. */
#define RX_FLAGS (MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC)
/* Receive flags that mean nothing here (no descriptors in control data). */
#define RX_NOOP (MSG_NOSIGNAL | MSG_WAITALL | MSG_CMSG_CLOEXEC)
#define TX_FLAGS (MSG_DONTWAIT | MSG_NOSIGNAL | MSG_CONFIRM)

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static bool blocking(struct pl_sock *ps, int flags)
{
	return !(flags & MSG_DONTWAIT) &&
	       !atomic_load_explicit(&ps->nonblock, memory_order_relaxed);
}

/* The end of a blocking receive's wait: SO_RCVTIMEO from now, or -1. */
static int64_t rx_deadline(struct pl_sock *ps)
{
	int ms = atomic_load_explicit(&ps->rcvtimeo_ms, memory_order_relaxed);

	return ms > 0 ? now_ns() + ms * 1000000ll : -1;
}

/*
 * A receive's wait, across its passes. A busy-polling receive blocks the
 * asynchronous signals while it spins, so that it can tell when one comes
 * (sigpending) and behave as the kernel's recv would: EINTR for a handler
 * without SA_RESTART, carry on for the others. It only looks every
 * SPIN_CHECK passes, when it also checks the deadline.
 */
struct wait_st {
	unsigned int spins;
	bool masked;
	sigset_t old;
};
#define SPIN_CHECK 256

static const int sync_sigs[] = { SIGSEGV, SIGBUS,  SIGFPE,
				 SIGILL,  SIGTRAP, SIGSYS };

static void spin_mask(struct wait_st *w)
{
	sigset_t all;
	unsigned int i;

	sigfillset(&all);
	for (i = 0; i < sizeof(sync_sigs) / sizeof(sync_sigs[0]); i++)
		sigdelset(&all, sync_sigs[i]);
	w->masked = !pthread_sigmask(SIG_BLOCK, &all, &w->old);
}

static void wait_end(struct wait_st *w)
{
	if (w->masked)
		pthread_sigmask(SIG_SETMASK, &w->old, NULL);
	w->masked = false;
}

/*
 * Signals that came while spinning: let their handlers run. Returns
 * -EINTR if one of them has no SA_RESTART, else 0 (ignored, default
 * action, or restartable: the kernel's recv would go on).
 */
static int spin_signals(struct wait_st *w)
{
	struct sigaction sa;
	sigset_t pend;
	bool came = false, intr = false;
	int sig;

	if (sigpending(&pend))
		return 0;
	for (sig = 1; sig < NSIG; sig++) {
		if (!sigismember(&pend, sig) || sigismember(&w->old, sig))
			continue;
		came = true;
		if (!sigaction(sig, NULL, &sa) && !(sa.sa_flags & SA_RESTART) &&
		    ((sa.sa_flags & SA_SIGINFO) ||
		     (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)))
			intr = true;
	}
	if (!came)
		return 0;
	wait_end(w); /* the handlers run here */
	return intr ? -EINTR : 0;
}

/*
 * Wait for the socket (@events on @fd) until @dl (-1: no limit), sleeping
 * in ppoll() or, with @spin, returning at once to be called again. 0: try
 * again; -EAGAIN: timed out; -EINTR: a signal (a sleep is interrupted by
 * any handler, as poll's is). Every caller ends with wait_end().
 */
static int pl_wait(struct pl_sock *ps, int fd, short events, int64_t dl,
		   bool spin, struct wait_st *w)
{
	struct pollfd p = { .fd = fd, .events = events };
	struct timespec ts, *tp = NULL;
	int64_t left;
	int r;

	if (spin) {
		if (!w->masked)
			spin_mask(w);
		/*
		 * A spinning receiver would take the lock back before a
		 * sleeping sender wakes up to it: step aside while one waits.
		 */
		while (atomic_load_explicit(&ps->shl->waiters, memory_order_relaxed))
			sched_yield();
		if (++w->spins % SPIN_CHECK)
			return 0;
		if (dl >= 0 && now_ns() >= dl)
			return -EAGAIN;
		return w->masked ? spin_signals(w) : 0;
	}
	if (dl >= 0) {
		left = dl - now_ns();
		if (left <= 0)
			return -EAGAIN;
		ts.tv_sec = left / 1000000000;
		ts.tv_nsec = left % 1000000000;
		tp = &ts;
	}
	r = REAL(ppoll)(&p, 1, tp, NULL);
	if (r < 0)
		return -errno;
	return r ? 0 : -EAGAIN;
}

/* Where a receive sleeps: afudp's epoll fd, or in a child the kernel's. */
static int rx_fd(struct pl_sock *ps)
{
	return pl_nolib ? ps->kfd : ps->epfd;
}

static bool rx_spin(void)
{
	return pl_busy_poll && !pl_nolib;
}

/* ---- the peek slot ------------------------------------------------------- */

/* @src of @len bytes (sockaddr_in or _in6, the socket's), cut as the kernel cuts it. */
static void fill_name(struct msghdr *m, const union pl_addr *src, socklen_t len)
{
	socklen_t n;

	if (!m->msg_name) {
		m->msg_namelen = 0;
		return;
	}
	n = m->msg_namelen < len ? m->msg_namelen : len;
	memcpy(m->msg_name, src, n);
	m->msg_namelen = len;
}

/*
 * The held datagram's control messages into @m, each as the kernel's
 * put_cmsg() writes it (lib/cmsg.c does the same): no room for a header
 * sets MSG_CTRUNC and writes nothing, room for part of one writes that
 * part and sets MSG_CTRUNC. msg_controllen becomes the length written.
 */
static void slot_cmsgs(struct msghdr *m, const uint8_t *ctl, size_t ctllen)
{
	uint8_t *out = m->msg_control;
	size_t room = m->msg_controllen, off = 0, dl, cmlen;
	struct cmsghdr h;

	while (off + sizeof(h) <= ctllen) {
		memcpy(&h, ctl + off, sizeof(h));
		if (h.cmsg_len < CMSG_LEN(0) || off + h.cmsg_len > ctllen)
			break;
		dl = h.cmsg_len - CMSG_LEN(0);
		off += CMSG_SPACE(dl);
		if (!out || room < sizeof(h)) {
			m->msg_flags |= MSG_CTRUNC;
			continue;
		}
		cmlen = CMSG_LEN(dl);
		if (room < cmlen) {
			m->msg_flags |= MSG_CTRUNC;
			cmlen = room;
		}
		h.cmsg_len = cmlen;
		memcpy(out, &h, sizeof(h));
		memcpy(out + CMSG_LEN(0), ctl + off - CMSG_SPACE(dl) + CMSG_LEN(0),
		       cmlen - CMSG_LEN(0));
		cmlen = CMSG_SPACE(dl) < room ? CMSG_SPACE(dl) : room;
		out += cmlen;
		room -= cmlen;
	}
	m->msg_controllen = out ? m->msg_controllen - room : 0;
}

/*
 * Serve a receive from the peek slot: copy the held datagram out, and take
 * it off unless @flags has MSG_PEEK. -EAGAIN if the slot is empty.
 */
static ssize_t slot_take(struct pl_sock *ps, struct msghdr *m, int flags)
{
	struct pl_peek *sh = ps->sh;
	uint8_t ctl[PL_PEEK_CTL];
	union pl_addr src;
	socklen_t srclen;
	uint32_t seq, len, ctllen;
	eventfd_t v;
	size_t c;

	if (likely(!sh))
		return -EAGAIN;
	for (;;) {
		seq = atomic_load_explicit(&sh->seq, memory_order_acquire);
		if (!(seq & 1))
			return -EAGAIN;
		len = sh->len;
		src = sh->src;
		srclen = sh->srclen < sizeof(src) ? sh->srclen : sizeof(src);
		ctllen = sh->ctllen < sizeof(ctl) ? sh->ctllen : sizeof(ctl);
		memcpy(ctl, sh->ctl, ctllen);
		c = afudp_iov_scatter(m->msg_iov, m->msg_iovlen, sh->data, len);
		if (flags & MSG_PEEK) {
			atomic_thread_fence(memory_order_acquire);
			if (atomic_load_explicit(&sh->seq,
						 memory_order_relaxed) != seq)
				continue;
		} else {
			if (!atomic_compare_exchange_strong(&sh->seq, &seq,
							    seq + 1))
				continue;
			/* Not readable any more (a child reads it too). */
			eventfd_read(ps->evfd, &v);
		}
		fill_name(m, &src, srclen);
		m->msg_flags = c < len ? MSG_TRUNC : 0;
		slot_cmsgs(m, ctl, ctllen);
		return (flags & MSG_TRUNC) ? (ssize_t)len : (ssize_t)c;
	}
}

/*
 * Owner, under ps->lock: take the next datagram into the slot if it is
 * empty. 0 (the slot holds one), -EAGAIN, or -errno.
 */
static int slot_fill(struct pl_sock *ps)
{
	struct pl_peek *sh;
	struct iovec iov;
	struct mmsghdr mm;
	uint32_t seq;
	int r;

	if (!ps->sh) {
		/* Shared, so that a forked child's read takes it off. */
		sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (sh == MAP_FAILED)
			return -ENOMEM;
		ps->sh = sh;
	}
	sh = ps->sh;
	seq = atomic_load_explicit(&sh->seq, memory_order_acquire);
	if (seq & 1)
		return 0;
	/* The whole datagram (a UDP payload fits) and its control messages,
	 * which the reads of it get again. */
	iov.iov_base = sh->data;
	iov.iov_len = sizeof(sh->data);
	memset(&mm, 0, sizeof(mm));
	mm.msg_hdr.msg_name = &sh->src;
	mm.msg_hdr.msg_namelen = sizeof(sh->src);
	mm.msg_hdr.msg_iov = &iov;
	mm.msg_hdr.msg_iovlen = 1;
	mm.msg_hdr.msg_control = sh->ctl;
	mm.msg_hdr.msg_controllen = sizeof(sh->ctl);
	r = afudp_recvmmsg(ps->s, &mm, 1, MSG_DONTWAIT);
	if (r <= 0)
		return r ? r : -EAGAIN;
	sh->len = mm.msg_len < sizeof(sh->data) ? mm.msg_len :
						  sizeof(sh->data);
	sh->ctllen = mm.msg_hdr.msg_controllen;
	sh->srclen = mm.msg_hdr.msg_namelen;
	/* Readable before it is there: never readable with nothing held. */
	eventfd_write(ps->evfd, 1);
	atomic_store_explicit(&sh->seq, seq + 1, memory_order_release);
	return 0;
}

int pl_next_len(struct pl_sock *ps)
{
	int r = 0;

	if (pl_nolib) {
		/* The kernel socket's own FIONREAD, after a peeked one. */
		if (ps->sh && (atomic_load(&ps->sh->seq) & 1))
			return ps->sh->len;
		return ioctl(ps->kfd, FIONREAD, &r) ? -errno : r;
	}
	pl_lock(ps);
	r = slot_fill(ps);
	if (!r)
		r = ps->sh->len;
	else if (r == -EAGAIN)
		r = 0;
	pl_unlock(ps);
	return r;
}

/* ---- receive ---------------------------------------------------------- */

/* Through the kernel socket, blocking or not as the application's fd. */
static ssize_t kernel_recvmsg(struct pl_sock *ps, struct msghdr *m, int flags,
			      int64_t dl)
{
	bool block = blocking(ps, flags) && !(flags & MSG_ERRQUEUE);
	struct wait_st w = { 0 };
	ssize_t r;

	for (;;) {
		r = REAL(recvmsg)(ps->kfd, m, flags | MSG_DONTWAIT);
		if (r >= 0)
			return r;
		if (errno != EAGAIN || !block)
			return -errno;
		r = pl_wait(ps, ps->kfd, POLLIN, dl, false, &w);
		if (r)
			return r;
	}
}

/* recvmsg(2) on an afudp socket, until the deadline @dl (-1: SO_RCVTIMEO). */
static ssize_t recvmsg_dl(struct pl_sock *ps, struct msghdr *m, int flags,
			  int64_t dl)
{
	bool block = blocking(ps, flags), dl_set = dl >= 0;
	struct wait_st w = { 0 };
	struct mmsghdr mm;
	ssize_t r;

	flags &= ~RX_NOOP;
	if (flags & ~RX_FLAGS)
		return kernel_recvmsg(ps, m, flags,
				      dl_set ? dl : rx_deadline(ps));
	for (;;) {
		r = slot_take(ps, m, flags);
		if (r != -EAGAIN)
			break;
		if (pl_nolib) {
			r = REAL(recvmsg)(ps->kfd, m, flags | MSG_DONTWAIT);
			if (r < 0)
				r = -errno;
		} else if (flags & MSG_PEEK) {
			pl_lock(ps);
			r = slot_fill(ps);
			pl_unlock(ps);
			if (!r)
				continue; /* served from the slot */
		} else {
			mm.msg_hdr = *m;
			pl_lock(ps);
			r = afudp_recvmmsg(ps->s, &mm, 1,
					   MSG_DONTWAIT | (flags & MSG_TRUNC));
			pl_unlock(ps);
			if (r == 1) {
				*m = mm.msg_hdr;
				r = mm.msg_len;
			}
		}
		if (r != -EAGAIN || !block)
			break;
		if (!dl_set) {
			dl = rx_deadline(ps);
			dl_set = true;
		}
		r = pl_wait(ps, rx_fd(ps), POLLIN, dl, rx_spin(), &w);
		if (r)
			break;
	}
	wait_end(&w);
	return r;
}

ssize_t pl_recvmsg(struct pl_sock *ps, struct msghdr *m, int flags)
{
	return recvmsg_dl(ps, m, flags, -1);
}

ssize_t pl_recvfrom(struct pl_sock *ps, void *buf, size_t len, int flags,
		    struct sockaddr *src, socklen_t *srclen)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr m = {
		.msg_name = src,
		.msg_namelen = src && srclen ? *srclen : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct wait_st w = { 0 };
	int64_t dl = -1;
	bool dl_set = false;
	ssize_t r;

	if (src && !srclen)
		return -EFAULT;
	flags &= ~RX_NOOP;
	/* The plain case, without a msghdr; anything else takes recvmsg's. */
	if (unlikely(ps->sh || pl_nolib ||
		     (flags & ~(MSG_DONTWAIT | MSG_TRUNC)))) {
		r = pl_recvmsg(ps, &m, flags);
		if (r >= 0 && src)
			*srclen = m.msg_namelen;
		return r;
	}
	for (;;) {
		pl_lock(ps);
		r = afudp_recvfrom(ps->s, buf, len,
				   MSG_DONTWAIT | (flags & MSG_TRUNC), src,
				   srclen);
		pl_unlock(ps);
		if (r != -EAGAIN || !blocking(ps, flags))
			break;
		if (!dl_set) {
			dl = rx_deadline(ps);
			dl_set = true;
		}
		r = pl_wait(ps, ps->epfd, POLLIN, dl, pl_busy_poll, &w);
		if (r)
			break;
	}
	wait_end(&w);
	return r;
}

/* ---- send ------------------------------------------------------------- */

static ssize_t kernel_sendmsg(struct pl_sock *ps, const struct msghdr *m,
			      int flags)
{
	bool block = blocking(ps, flags);
	struct wait_st w = { 0 };
	ssize_t r;

	for (;;) {
		r = REAL(sendmsg)(ps->kfd, m, flags | MSG_DONTWAIT);
		if (r >= 0)
			return r;
		if (errno != EAGAIN || !block)
			return -errno;
		r = pl_wait(ps, ps->kfd, POLLOUT, -1, false, &w);
		if (r)
			return r;
	}
}

/*
 * A send afudp refuses with EAFNOSUPPORT goes through the kernel socket,
 * which gives the kernel's answer: an IPv6 socket's kernel socket sends to
 * an IPv4 (sockaddr_in) destination, as udpv6_sendmsg() does, where afudp
 * takes sockaddr_in6 only. Checked on the error, so that other sends pay
 * nothing for it.
 *
 * Must this send go through the kernel socket? Unusual flags, and corking
 * (MSG_MORE, UDP_CORK: the kernel assembles the datagram, so every part
 * of it goes there). Under ps->lock. (Control messages afudp does not
 * know go there too, from afudp_sendmmsg.)
 */
static bool tx_kernel(struct pl_sock *ps, int flags)
{
	bool more = flags & MSG_MORE;

	if (pl_nolib || (flags & ~(TX_FLAGS | MSG_MORE)))
		return true;
	if (more || ps->corked == 2) {
		/* A corked datagram ends with the first send without MORE. */
		if (ps->corked != 1)
			ps->corked = more ? 2 : 0;
		return true;
	}
	return ps->corked != 0;
}

static int tx_flags(struct pl_sock *ps, int flags)
{
	return (flags & (MSG_DONTWAIT | MSG_NOSIGNAL)) |
	       (blocking(ps, flags) ? 0 : MSG_DONTWAIT);
}

ssize_t pl_sendmsg(struct pl_sock *ps, const struct msghdr *m, int flags)
{
	struct mmsghdr mm = { .msg_hdr = *m };
	int r;

	pl_lock(ps);
	if (tx_kernel(ps, flags)) {
		pl_unlock(ps);
		return kernel_sendmsg(ps, m, flags & ~MSG_CONFIRM);
	}
	r = afudp_sendmmsg(ps->s, &mm, 1, tx_flags(ps, flags));
	pl_unlock(ps);
	if (unlikely(r == -EAFNOSUPPORT))
		return kernel_sendmsg(ps, m, flags & ~MSG_CONFIRM);
	return r == 1 ? (ssize_t)mm.msg_len : r;
}

ssize_t pl_sendto(struct pl_sock *ps, const void *buf, size_t len, int flags,
		  const struct sockaddr *dst, socklen_t dstlen)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr m = {
		.msg_name = (void *)dst,
		.msg_namelen = dst ? dstlen : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t r;

	pl_lock(ps);
	if (unlikely(tx_kernel(ps, flags))) {
		pl_unlock(ps);
		return kernel_sendmsg(ps, &m, flags & ~MSG_CONFIRM);
	}
	r = afudp_sendto(ps->s, buf, len, tx_flags(ps, flags), dst,
			 dst ? dstlen : 0);
	pl_unlock(ps);
	if (unlikely(r == -EAFNOSUPPORT))
		return kernel_sendmsg(ps, &m, flags & ~MSG_CONFIRM);
	return r;
}

/* ---- the intercepted calls --------------------------------------------- */

static ssize_t ret(ssize_t r)
{
	if (r >= 0)
		return r;
	errno = (int)-r;
	return -1;
}

/* The socket @fd names, or the one a send from an unbound socket binds. */
static struct pl_sock *tx_sock(int fd, const void *dst, socklen_t dstlen)
{
	struct pl_sock *ps = pl_get(fd);

	if (!ps && pl_addr_ok(dst, dstlen))
		ps = pl_autobind(fd);
	return ps;
}

PL_API ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *src, socklen_t *srclen)
{
	struct pl_sock *ps = pl_get(fd);
	ssize_t r;

	if (!ps)
		return REAL(recvfrom)(fd, buf, len, flags, src, srclen);
	r = pl_recvfrom(ps, buf, len, flags, src, srclen);
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	struct pl_sock *ps = pl_get(fd);
	ssize_t r;

	if (!ps)
		return REAL(recv)(fd, buf, len, flags);
	r = pl_recvfrom(ps, buf, len, flags, NULL, NULL);
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t read(int fd, void *buf, size_t len)
{
	struct pl_sock *ps = pl_get(fd);
	ssize_t r;

	if (!ps)
		return REAL(read)(fd, buf, len);
	r = pl_recvfrom(ps, buf, len, 0, NULL, NULL);
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	struct pl_sock *ps = pl_get(fd);
	ssize_t r;

	if (!ps)
		return REAL(recvmsg)(fd, m, flags);
	r = pl_recvmsg(ps, m, flags);
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t readv(int fd, const struct iovec *iov, int n)
{
	struct pl_sock *ps = pl_get(fd);
	struct msghdr m = { .msg_iov = (struct iovec *)iov, .msg_iovlen = n };
	ssize_t r;

	if (!ps)
		return REAL(readv)(fd, iov, n);
	r = n < 0 ? -EINVAL : pl_recvmsg(ps, &m, 0);
	pl_put(ps);
	return ret(r);
}

/*
 * recvmmsg(2): waits (unless non-blocking) for the first datagram, then
 * takes what is there; without MSG_WAITFORONE a blocking call goes on
 * waiting for all @vlen as the kernel does, until @timeout (which here
 * bounds the wait; the kernel only checks it between datagrams).
 */
PL_API int recvmmsg(int fd, struct mmsghdr *msgs, unsigned int vlen, int flags,
		    struct timespec *timeout)
{
	struct pl_sock *ps = pl_get(fd);
	int f = flags & ~MSG_WAITFORONE;
	int64_t dl = -1;
	unsigned int n = 0;
	ssize_t r = 0;

	if (!ps)
		return REAL(recvmmsg)(fd, msgs, vlen, flags, timeout);
	if (timeout)
		dl = now_ns() + timeout->tv_sec * 1000000000ll +
		     timeout->tv_nsec;
	f &= ~RX_NOOP;
	while (n < vlen) {
		if (!n || ps->sh || pl_nolib || (f & ~RX_FLAGS)) {
			r = recvmsg_dl(ps, &msgs[n].msg_hdr,
				       n ? f | MSG_DONTWAIT : f, dl);
			if (r >= 0) {
				msgs[n++].msg_len = r;
				continue;
			}
		} else {
			pl_lock(ps);
			r = afudp_recvmmsg(ps->s, msgs + n, vlen - n,
					   MSG_DONTWAIT | (f & MSG_TRUNC));
			pl_unlock(ps);
			if (r > 0) {
				n += r;
				continue;
			}
		}
		if (!n || r != -EAGAIN || (flags & MSG_WAITFORONE) ||
		    !blocking(ps, f))
			break;
		/* Blocking for the rest, as the kernel does. */
		r = recvmsg_dl(ps, &msgs[n].msg_hdr, f, dl);
		if (r < 0)
			break;
		msgs[n++].msg_len = r;
	}
	pl_put(ps);
	return n ? (int)n : (int)ret(r);
}

PL_API ssize_t sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *dst, socklen_t dstlen)
{
	struct pl_sock *ps = tx_sock(fd, dst, dstlen);
	ssize_t r;

	if (!ps)
		return REAL(sendto)(fd, buf, len, flags, dst, dstlen);
	r = pl_sendto(ps, buf, len, flags, dst, dstlen);
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	struct pl_sock *ps = pl_get(fd);
	ssize_t r;

	if (!ps)
		return REAL(send)(fd, buf, len, flags);
	r = pl_sendto(ps, buf, len, flags, NULL, 0);
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t write(int fd, const void *buf, size_t len)
{
	struct pl_sock *ps = pl_get(fd);
	ssize_t r;

	if (!ps)
		return REAL(write)(fd, buf, len);
	r = pl_sendto(ps, buf, len, 0, NULL, 0);
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	struct pl_sock *ps =
		tx_sock(fd, m ? m->msg_name : NULL, m ? m->msg_namelen : 0);
	ssize_t r;

	if (!ps)
		return REAL(sendmsg)(fd, m, flags);
	r = m ? pl_sendmsg(ps, m, flags) : -EFAULT;
	pl_put(ps);
	return ret(r);
}

PL_API ssize_t writev(int fd, const struct iovec *iov, int n)
{
	struct pl_sock *ps = pl_get(fd);
	struct msghdr m = { .msg_iov = (struct iovec *)iov, .msg_iovlen = n };
	ssize_t r;

	if (!ps)
		return REAL(writev)(fd, iov, n);
	r = n < 0 ? -EINVAL : pl_sendmsg(ps, &m, 0);
	pl_put(ps);
	return ret(r);
}

PL_API int sendmmsg(int fd, struct mmsghdr *msgs, unsigned int vlen, int flags)
{
	struct pl_sock *ps =
		tx_sock(fd, msgs && vlen ? msgs[0].msg_hdr.msg_name : NULL,
			msgs && vlen ? msgs[0].msg_hdr.msg_namelen : 0);
	unsigned int i;
	ssize_t r = 0;

	if (!ps)
		return REAL(sendmmsg)(fd, msgs, vlen, flags);
	pl_lock(ps);
	if (vlen && !tx_kernel(ps, flags)) {
		r = afudp_sendmmsg(ps->s, msgs, vlen, tx_flags(ps, flags));
		pl_unlock(ps);
		if (likely(r != -EAFNOSUPPORT)) {
			pl_put(ps);
			return (int)ret(r);
		}
		/* The first to an IPv4 address (below): one at a time. */
	} else {
		pl_unlock(ps);
	}
	/* One at a time: the first may block, the rest don't. */
	for (i = 0; i < vlen; i++) {
		r = pl_sendmsg(ps, &msgs[i].msg_hdr,
			       i ? flags | MSG_DONTWAIT : flags);
		if (r < 0)
			break;
		msgs[i].msg_len = r;
	}
	pl_put(ps);
	return i ? (int)i : (int)ret(r);
}

/* _FORTIFY_SOURCE entry points: glibc's call its own recv/read inside. */
PL_API ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen,
			  int flags)
{
	if (len > buflen)
		__chk_fail();
	return recv(fd, buf, len, flags);
}

PL_API ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen,
			      int flags, struct sockaddr *src,
			      socklen_t *srclen)
{
	if (len > buflen)
		__chk_fail();
	return recvfrom(fd, buf, len, flags, src, srclen);
}

PL_API ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return read(fd, buf, len);
}
