// SPDX-License-Identifier: BSD-2-Clause
/*
 * libafudp-preload, readiness. An afudp fd is an epoll instance: poll,
 * select and epoll report it readable exactly when the socket may have a
 * datagram (XSK rings, kernel socket, or a peeked datagram: preload.h), with
 * no help. But an epoll fd never polls writable, and a UDP socket nearly
 * always is: programs that wait for POLLOUT before sending (socat does,
 * and Python's socket with a timeout) would wait forever. So:
 *  - poll/ppoll/select/pselect: an afudp fd asked for writability is
 *    reported writable at once (afudp's send waits for TX room itself);
 *  - epoll_ctl: for an afudp fd registered with EPOLLOUT, the socket's
 *    eventfd (always writable) is registered beside it with EPOLLOUT and
 *    the same data; it leaves with the fd (EPOLL_CTL_DEL/MOD, or the
 *    socket's close). One socket registered twice in one epoll set through
 *    two dups shares that eventfd: the later registration's data wins.
 * With no afudp socket in the process, each call is one relaxed load more
 * than libc's.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>

#include "preload.h"

static PL_REAL_DECL(select);
static PL_REAL_DECL(pselect);

extern void __chk_fail(void) __attribute__((noreturn));

#define PL_POLLOUT (POLLOUT | POLLWRNORM)

/* glibc declares poll's array write-only; its events are read here. */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

static bool any_socks(void)
{
	return atomic_load_explicit(&pl_nsocks, memory_order_relaxed) != 0;
}

/* Does any afudp fd in @fds ask for writability? */
static bool wants_out(const struct pollfd *fds, nfds_t n)
{
	nfds_t i;

	for (i = 0; i < n; i++)
		if ((fds[i].events & PL_POLLOUT) && pl_is(fds[i].fd))
			return true;
	return false;
}

/* After a zero-timeout poll: add the afudp fds' writability. */
static int add_out(struct pollfd *fds, nfds_t n, int r)
{
	nfds_t i;

	for (i = 0; i < n; i++) {
		if (!(fds[i].events & PL_POLLOUT) || !pl_is(fds[i].fd))
			continue;
		if (!fds[i].revents)
			r++;
		fds[i].revents |= fds[i].events & PL_POLLOUT;
	}
	return r;
}

PL_API int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	int r;

	if (likely(!any_socks()) || !wants_out(fds, n))
		return REAL(poll)(fds, n, timeout);
	r = REAL(poll)(fds, n, 0);
	return r < 0 ? r : add_out(fds, n, r);
}

PL_API int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts,
		 const sigset_t *mask)
{
	static const struct timespec zero;
	int r;

	if (likely(!any_socks()) || !wants_out(fds, n))
		return REAL(ppoll)(fds, n, ts, mask);
	r = REAL(ppoll)(fds, n, &zero, mask);
	return r < 0 ? r : add_out(fds, n, r);
}

PL_API int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t len)
{
	if (len / sizeof(*fds) < n)
		__chk_fail();
	return poll(fds, n, timeout);
}

PL_API int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *ts,
		       const sigset_t *mask, size_t len)
{
	if (len / sizeof(*fds) < n)
		__chk_fail();
	return ppoll(fds, n, ts, mask);
}

/* The afudp fds in @w (below @nfds) into @mine; how many. */
static int out_set(int nfds, const fd_set *w, fd_set *mine)
{
	int fd, n = 0;

	FD_ZERO(mine);
	if (!w)
		return 0;
	if (nfds > FD_SETSIZE)
		nfds = FD_SETSIZE;
	for (fd = 0; fd < nfds; fd++) {
		if (FD_ISSET(fd, w) && pl_is(fd)) {
			FD_SET(fd, mine);
			n++;
		}
	}
	return n;
}

/* After a zero-timeout select: the afudp fds in @mine are writable. */
static int add_out_set(int nfds, fd_set *w, const fd_set *mine, int r)
{
	int fd;

	if (nfds > FD_SETSIZE)
		nfds = FD_SETSIZE;
	for (fd = 0; fd < nfds; fd++) {
		if (FD_ISSET(fd, mine) && !FD_ISSET(fd, w)) {
			FD_SET(fd, w);
			r++;
		}
	}
	return r;
}

PL_API int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	struct timeval zero = { 0, 0 };
	fd_set mine;
	int n;

	if (likely(!any_socks()) || !out_set(nfds, w, &mine))
		return REAL(select)(nfds, r, w, e, tv);
	n = REAL(select)(nfds, r, w, e, &zero);
	return n < 0 ? n : add_out_set(nfds, w, &mine, n);
}

PL_API int pselect(int nfds, fd_set *r, fd_set *w, fd_set *e,
		   const struct timespec *ts, const sigset_t *mask)
{
	static const struct timespec zero;
	fd_set mine;
	int n;

	if (likely(!any_socks()) || !out_set(nfds, w, &mine))
		return REAL(pselect)(nfds, r, w, e, ts, mask);
	n = REAL(pselect)(nfds, r, w, e, &zero, mask);
	return n < 0 ? n : add_out_set(nfds, w, &mine, n);
}

PL_API int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	struct epoll_event ce;
	struct pl_sock *ps;
	int r, e;

	r = REAL(epoll_ctl)(epfd, op, fd, ev);
	if (likely(!any_socks()) || r || !(ps = pl_get(fd)))
		return r;
	e = errno;
	if (op == EPOLL_CTL_DEL ||
	    (op == EPOLL_CTL_MOD && ev && !(ev->events & EPOLLOUT))) {
		REAL(epoll_ctl)(epfd, EPOLL_CTL_DEL, ps->evfd, NULL);
	} else if (ev && (ev->events & EPOLLOUT)) {
		ce.events = EPOLLOUT | (ev->events &
					(EPOLLET | EPOLLONESHOT | EPOLLWAKEUP));
		ce.data = ev->data;
		if (REAL(epoll_ctl)(epfd, EPOLL_CTL_MOD, ps->evfd, &ce) &&
		    errno == ENOENT)
			REAL(epoll_ctl)(epfd, EPOLL_CTL_ADD, ps->evfd, &ce);
	}
	errno = e;
	pl_put(ps);
	return 0;
}
