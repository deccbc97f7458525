/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rtnetlink plumbing; see nl.h.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

int afudp_nl_open(struct afudp_nl *nl, uint32_t groups, int rcvbuf)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int one = 1;
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (rcvbuf > 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		/* Unprivileged: settle for what rmem_max allows. */
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				 sizeof(rcvbuf));
	/* Best effort: older kernels just give bare error codes. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	sa.nl_groups = groups;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	if (getsockname(fd, (struct sockaddr *)&sa, &salen) < 0)
		goto fail;
	nl->fd = fd;
	nl->portid = sa.nl_pid;
	nl->seq = 0;
	return 0;
fail:
	err = -errno;
	close(fd);
	return err;
}

void afudp_nl_close(struct afudp_nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

int64_t afudp_nl_send(struct afudp_nl *nl, struct nlmsghdr *h)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	/* Zero is skipped: notifications carry seq 0. */
	if (++nl->seq == 0)
		nl->seq = 1;
	h->nlmsg_seq = nl->seq;
	h->nlmsg_pid = nl->portid;
	do
		n = sendto(nl->fd, h, h->nlmsg_len, 0, (struct sockaddr *)&sa,
			   sizeof(sa));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n != h->nlmsg_len)
		return -EIO;
	return nl->seq;
}

ssize_t afudp_nl_recv(struct afudp_nl *nl, void *buf, size_t len,
		      int timeout_ms)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &sa,
		.msg_namelen = sizeof(sa),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct pollfd pfd = { .fd = nl->fd, .events = POLLIN };
	ssize_t n;
	int ret;

	for (;;) {
		n = recvmsg(nl->fd, &mh, MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && timeout_ms != 0) {
			ret = poll(&pfd, 1, timeout_ms);
			if (ret < 0 && errno != EINTR)
				return -errno;
			if (ret == 0)
				return -EAGAIN;
			/* EINTR restarts the full wait; good enough here. */
			continue;
		}
		if (n < 0)
			return -errno;
		if (mh.msg_flags & MSG_TRUNC || (size_t)n > len)
			return -EMSGSIZE;
		if (mh.msg_namelen != sizeof(sa) || sa.nl_pid != 0) {
			/* Not from the kernel: ignore it and read on. */
			mh.msg_namelen = sizeof(sa);
			continue;
		}
		return n;
	}
}

void afudp_nl_parse(struct rtattr **tb, int max, struct rtattr *rta, int len)
{
	memset(tb, 0, sizeof(*tb) * (max + 1));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		/* Nested/byte-order flag bits are not part of the type. */
		unsigned short type = rta->rta_type & NLA_TYPE_MASK;

		if (type <= max && !tb[type])
			tb[type] = rta;
	}
}

int afudp_nl_addattr(struct nlmsghdr *h, size_t maxlen, int type,
		     const void *data, size_t len)
{
	size_t alen = RTA_LENGTH(len);
	struct rtattr *rta;

	if (NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(alen) > maxlen)
		return -ENOSPC;
	rta = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = alen;
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(alen);
	return 0;
}

int afudp_nl_error(const struct nlmsghdr *h, const char **msg,
		   const struct nlmsghdr **req)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off, plen;

	*msg = NULL;
	if (req)
		*req = NULL;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return -EBADMSG;
	plen = h->nlmsg_len - NLMSG_HDRLEN;
	off = sizeof(*e);
	if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		/* The whole request is echoed after the error. */
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    off - sizeof(e->msg) + NLMSG_ALIGN(e->msg.nlmsg_len) > plen)
			return e->error;
		if (req)
			*req = &e->msg;
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg);
	}
	if (h->nlmsg_flags & NLM_F_ACK_TLVS && off < plen) {
		struct rtattr *tb[NLMSGERR_ATTR_MAX + 1];
		struct rtattr *rta;

		rta = (struct rtattr *)((char *)NLMSG_DATA(h) + off);
		afudp_nl_parse(tb, NLMSGERR_ATTR_MAX, rta, plen - off);
		rta = tb[NLMSGERR_ATTR_MSG];
		if (rta && RTA_PAYLOAD(rta) > 0 &&
		    ((char *)RTA_DATA(rta))[RTA_PAYLOAD(rta) - 1] == '\0')
			*msg = RTA_DATA(rta);
	}
	return e->error;
}
