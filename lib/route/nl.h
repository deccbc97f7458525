/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Minimal rtnetlink plumbing for lib/route: a socket, sending a request,
 * receiving a datagram of messages from the kernel, attribute parsing.
 * No libnl on purpose: the mirror needs a few message types, and a
 * dependency for that would outweigh the code.
 *
 * Concurrency: a struct afudp_nl is used by one thread at a time (the
 * caller serialises); the functions keep no other state.
 */
#ifndef AFUDP_ROUTE_NL_H
#define AFUDP_ROUTE_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

struct afudp_nl {
	int fd;
	uint32_t portid;	/* assigned by the kernel at bind */
	uint32_t seq;		/* last sequence number sent */
};

/*
 * Open a non-blocking NETLINK_ROUTE socket joined to @groups (RTMGRP_*,
 * 0 for none) and bound, so no notification after this call is missed.
 * @rcvbuf > 0 asks for that receive buffer (SO_RCVBUFFORCE when allowed).
 * Extended acks are enabled so errors carry the kernel's reason.
 * Returns 0 or a negative errno.
 */
int afudp_nl_open(struct afudp_nl *nl, uint32_t groups, int rcvbuf);

void afudp_nl_close(struct afudp_nl *nl);

/*
 * Send @h to the kernel after stamping a fresh sequence number into it.
 * Returns that sequence number (> 0) or a negative errno (-EAGAIN if the
 * socket buffer is full).
 */
int64_t afudp_nl_send(struct afudp_nl *nl, struct nlmsghdr *h);

/*
 * Receive one datagram into @buf, waiting at most @timeout_ms (-1: no
 * limit, 0: don't wait). Datagrams not sent by the kernel are dropped.
 * Returns its length, or -EAGAIN (nothing within the time), -EMSGSIZE
 * (truncated: @len too small), -ENOBUFS (the kernel dropped notifications
 * for this socket), or another negative errno.
 */
ssize_t afudp_nl_recv(struct afudp_nl *nl, void *buf, size_t len,
		      int timeout_ms);

/* Index the attributes in [@rta, @rta + @len) by type into @tb[0..@max]. */
void afudp_nl_parse(struct rtattr **tb, int max, struct rtattr *rta, int len);

/* *@v = @rta's u32 (host order), if @rta is there and holds one. */
static inline bool afudp_nl_attr_u32(const struct rtattr *rta, uint32_t *v)
{
	if (!rta || RTA_PAYLOAD(rta) < sizeof(*v))
		return false;
	memcpy(v, RTA_DATA(rta), sizeof(*v));
	return true;
}

/* *@v = @rta's IPv4 address, if @rta is there and is exactly one. */
static inline bool afudp_nl_attr_a4(const struct rtattr *rta, __be32 *v)
{
	if (!rta || RTA_PAYLOAD(rta) != sizeof(*v))
		return false;
	memcpy(v, RTA_DATA(rta), sizeof(*v));
	return true;
}

/* *@v = @rta's IPv6 address, if @rta is there and is exactly one. */
static inline bool afudp_nl_attr_a16(const struct rtattr *rta, void *v)
{
	if (!rta || RTA_PAYLOAD(rta) != 16)
		return false;
	memcpy(v, RTA_DATA(rta), 16);
	return true;
}

/* An address of @family (AF_INET: 4 bytes, AF_INET6: 16) into @v. */
static inline bool afudp_nl_attr_addr(const struct rtattr *rta, int family,
				      void *v)
{
	return family == AF_INET6 ? afudp_nl_attr_a16(rta, v) :
				    afudp_nl_attr_a4(rta, v);
}

/* Append an attribute to @h (whose buffer holds @maxlen bytes). 0/-ENOSPC. */
int afudp_nl_addattr(struct nlmsghdr *h, size_t maxlen, int type,
		     const void *data, size_t len);

/*
 * For an NLMSG_ERROR message: the negative errno it carries (0 = ack) or
 * -EBADMSG if truncated; *@msg gets the kernel's extended-ack text, or NULL.
 * *@req (if not NULL) gets the echoed request, or NULL if it was capped.
 */
int afudp_nl_error(const struct nlmsghdr *h, const char **msg,
		   const struct nlmsghdr **req);

#endif /* AFUDP_ROUTE_NL_H */
