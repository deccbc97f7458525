// SPDX-License-Identifier: BSD-2-Clause
/*
 * What a device and the kernel offer the XSKs: see devcaps.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "xdp/devcaps.h"

#ifndef SO_PREFER_BUSY_POLL
#define SO_PREFER_BUSY_POLL 69
#endif
#ifndef SO_BUSY_POLL_BUDGET
#define SO_BUSY_POLL_BUDGET 70
#endif

/* include/uapi/linux/netdev.h: the family, its command and attributes. */
#define NETDEV_FAMILY "netdev"
#define NETDEV_CMD_DEV_GET 1
#define NETDEV_A_DEV_IFINDEX 1
#define NETDEV_A_DEV_XSK_FEATURES 6

struct gnl_req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char attrs[64];
};

/* An empty request of generic netlink family @type: command @cmd, @seq. */
static void gnl_init(struct gnl_req *r, uint16_t type, uint32_t seq,
		     uint8_t cmd)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST;
	r->n.nlmsg_seq = seq;
	r->g.cmd = cmd;
	r->g.version = 1;
}

static void put_attr(struct gnl_req *r, uint16_t type, const void *data,
		     uint16_t len)
{
	struct nlattr *a;

	a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/*
 * Send @r and walk the one answer's attributes: @cb sees each. A netlink
 * error comes back as its negative errno.
 */
static int gnl_call(int fd, struct gnl_req *r,
		    void (*cb)(const struct nlattr *a, void *ctx), void *ctx)
{
	char buf[8192] __attribute__((aligned(4)));
	struct nlmsghdr *h;
	struct nlattr *a;
	ssize_t n;
	int len, step;

	if (send(fd, r, r->n.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		return -errno;
	for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
	     h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_seq != r->n.nlmsg_seq)
			continue;
		if (h->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(h);

			return e->error ? e->error : -ENODATA;
		}
		len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
		while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
		       a->nla_len <= len) {
			cb(a, ctx);
			step = NLA_ALIGN(a->nla_len);
			len -= step;
			a = (struct nlattr *)((char *)a + step);
		}
		return 0;
	}
	return -ENODATA;
}

static void family_cb(const struct nlattr *a, void *ctx)
{
	if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID &&
	    a->nla_len >= NLA_HDRLEN + 2)
		memcpy(ctx, (const char *)a + NLA_HDRLEN, 2);
}

static void dev_cb(const struct nlattr *a, void *ctx)
{
	if ((a->nla_type & NLA_TYPE_MASK) == NETDEV_A_DEV_XSK_FEATURES &&
	    a->nla_len >= NLA_HDRLEN + 8)
		memcpy(ctx, (const char *)a + NLA_HDRLEN, 8);
}

int afudp_netdev_xsk_features(int ifindex, uint64_t *features)
{
	/* A kernel that never answers must not hang the stack's open. */
	struct timeval tv = { .tv_sec = 1 };
	struct gnl_req r;
	uint16_t family = 0;
	uint32_t idx = ifindex;
	int fd, err;

	*features = 0;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	gnl_init(&r, GENL_ID_CTRL, 1, CTRL_CMD_GETFAMILY);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, NETDEV_FAMILY,
		 sizeof(NETDEV_FAMILY));
	err = gnl_call(fd, &r, family_cb, &family);
	if (err == -ENOENT || (!err && !family)) {
		err = -EOPNOTSUPP; /* before Linux 6.3 */
		goto out;
	}
	if (err)
		goto out;

	gnl_init(&r, family, 2, NETDEV_CMD_DEV_GET);
	put_attr(&r, NETDEV_A_DEV_IFINDEX, &idx, sizeof(idx));
	/* No attribute (before 6.8): no XSK features, *features stays 0. */
	err = gnl_call(fd, &r, dev_cb, features);
out:
	close(fd);
	return err;
}

int afudp_xsk_busy_poll(int fd, unsigned int usecs, unsigned int budget,
			char *why, size_t why_size)
{
	static const struct {
		int opt;
		const char *name;
	} opts[] = {
		{ SO_PREFER_BUSY_POLL, "SO_PREFER_BUSY_POLL" },
		{ SO_BUSY_POLL, "SO_BUSY_POLL" },
		{ SO_BUSY_POLL_BUDGET, "SO_BUSY_POLL_BUDGET" },
	};
	int val[3] = { 1, (int)usecs, (int)budget };
	unsigned int i;
	int err;

	for (i = 0; i < 3; i++) {
		if (!setsockopt(fd, SOL_SOCKET, opts[i].opt, &val[i],
				sizeof(val[i])))
			continue;
		err = -errno;
		/*
		 * The kernel's reasons: EPERM without CAP_NET_ADMIN (for
		 * SO_PREFER_BUSY_POLL, a budget above the socket's, and on
		 * older kernels SO_BUSY_POLL above net.core.busy_read);
		 * ENOPROTOOPT before Linux 5.11 or without
		 * CONFIG_NET_RX_BUSY_POLL.
		 */
		snprintf(
			why, why_size, "%s=%d refused: %s%s", opts[i].name,
			val[i], strerror(-err),
			err == -EPERM ?
				" (needs CAP_NET_ADMIN)" :
			err == -ENOPROTOOPT ?
				" (kernel before 5.11 or without CONFIG_NET_RX_BUSY_POLL)" :
				"");
		return err;
	}
	return 0;
}

void afudp_xsk_busy_poll_get(int fd, unsigned int *prefer, unsigned int *usecs)
{
	int v = 0;
	socklen_t len = sizeof(v);

	*prefer = 0;
	*usecs = 0;
	if (!getsockopt(fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, &v, &len) && v > 0)
		*prefer = v;
	len = sizeof(v);
	v = 0;
	if (!getsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &v, &len) && v > 0)
		*usecs = v;
}
