// SPDX-License-Identifier: BSD-2-Clause
/*
 * Stacks: option checking, choosing the backend, opening the route mirror,
 * the XDP program and one UMEM per served queue, and tearing them down in
 * the reverse order (sockets first, so ports leave the maps before anything
 * they point to goes away).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include <xdp/libxdp.h>

#include "afudp_int.h"
#include "xdp/devcaps.h"

AFUDP_EXPORT const char *afudp_version(void)
{
	return PACKAGE_VERSION;
}

/*
 * An options struct from a newer caller may be larger than ours: accept it
 * if everything we don't know is zero (libbpf's OPTS_VALID rule).
 */
bool afudp_opts_valid(const void *opts, size_t sz, size_t ours)
{
	const unsigned char *p = opts;
	size_t i;

	if (sz < sizeof(size_t))
		return false;
	for (i = ours; i < sz; i++)
		if (p[i])
			return false;
	return true;
}

/*
 * Copy a caller's options into @dst (our size, zeroed first): fields a
 * caller built against an older header doesn't have read as 0, and nothing
 * past its sz is ever read. False if the struct is not acceptable.
 */
bool afudp_opts_copy(void *dst, size_t ours, const void *opts)
{
	size_t sz;

	memset(dst, 0, ours);
	if (!opts)
		return false;
	memcpy(&sz, opts, sizeof(sz));
	if (!afudp_opts_valid(opts, sz, ours))
		return false;
	memcpy(dst, opts, sz < ours ? sz : ours);
	return true;
}

static bool pow2(unsigned int v)
{
	return v && !(v & (v - 1));
}

/* Current RX queue count: ethtool channels, else sysfs, else 1. */
static unsigned int count_queues(const char *ifname)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ifreq ifr = { 0 };
	unsigned int n = 0;
	char path[128];
	struct dirent *de;
	DIR *d;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
		ifr.ifr_data = (void *)&ch;
		if (!ioctl(fd, SIOCETHTOOL, &ifr))
			n = ch.rx_count > ch.combined_count ? ch.rx_count :
							      ch.combined_count;
		close(fd);
	}
	if (n)
		return n;
	snprintf(path, sizeof(path), "/sys/class/net/%s/queues", ifname);
	d = opendir(path);
	if (d) {
		while ((de = readdir(d)))
			if (!strncmp(de->d_name, "rx-", 3))
				n++;
		closedir(d);
	}
	return n ? n : 1;
}

/*
 * Keep the XDP program's addresses and MAC equal to the interface's.
 * Called when the route mirror sees any address change, IPv4 or IPv6.
 * The IPv6 list is the mirror's usable one (link-local included,
 * tentative and DAD-failed ones left out, as the kernel takes no
 * datagram for them either). The mirror follows st->ifindex: on a VLAN
 * stack the VLAN interface, not its device.
 */
static void sync_iface(void *ctx)
{
	struct afudp_stack *st = ctx;
	__be32 addrs[AFUDP_MAX_ADDRS];
	struct in6_addr addrs6[AFUDP_MAX_ADDRS];
	struct afudp_rt_link link;
	int n, n6;

	n = afudp_rt_addrs(st->rt, addrs, AFUDP_MAX_ADDRS);
	if (n > AFUDP_MAX_ADDRS)
		n = AFUDP_MAX_ADDRS;
	n6 = afudp_rt_addrs6(st->rt, addrs6, AFUDP_MAX_ADDRS);
	if (n6 > AFUDP_MAX_ADDRS)
		n6 = AFUDP_MAX_ADDRS;
	afudp_rt_link(st->rt, &link);
	if (afudp_xdp_set_addrs(st->xdp, addrs, n) ||
	    afudp_xdp_set_addrs6(st->xdp, addrs6, n6) ||
	    afudp_xdp_set_mac(st->xdp, link.mac))
		afudp_log(&st->log, LOG_WARNING,
			  "could not update the XDP program's addresses");
}

/*
 * Does @dev take VLAN tags out of the frames it receives (rx-vlan-offload,
 * ETH_FLAG_RXVLAN)? The XDP program would not see them then.
 */
static bool dev_strips_tags(const char *dev)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GFLAGS };
	struct ifreq ifr = { 0 };
	bool strips = false;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = (void *)&ev;
	if (!ioctl(fd, SIOCETHTOOL, &ifr))
		strips = ev.data & ETH_FLAG_RXVLAN;
	close(fd);
	return strips;
}

/*
 * The 8021q module's table (/proc/net/vlan/config, this namespace's):
 * "name | VID | device" lines after two of headings. 1 and @dev, @vid
 * filled if @ifname is there, else 0.
 */
static int vlan_proc(const char *ifname, char *dev, uint16_t *vid)
{
	char line[128], *name, *v, *d, *save;
	FILE *f = fopen("/proc/net/vlan/config", "re");
	int found = 0;

	if (!f)
		return 0;	/* no 8021q module: no VLAN interfaces */
	while (!found && fgets(line, sizeof(line), f)) {
		name = strtok_r(line, "| \t\n", &save);
		v = strtok_r(NULL, "| \t\n", &save);
		d = strtok_r(NULL, "| \t\n", &save);
		if (!name || !v || !d || strcmp(name, ifname) ||
		    strlen(d) >= IF_NAMESIZE)
			continue;
		*vid = (uint16_t)strtoul(v, NULL, 10);
		snprintf(dev, IF_NAMESIZE, "%s", d);
		found = 1;
	}
	fclose(f);
	return found;
}

/*
 * Which device carries the interface's frames (st->dev), tagged with which
 * VLAN (st->vid): docs/ARCHITECTURE.md, "VLANs". An 8021q VLAN interface
 * is served on its device, by its VID. AFUDP_VLAN=<device>:<VID> says the
 * same of an interface that is not an 8021q device but is one VLAN's
 * interface on that device all the same (a veth into a switch that tags
 * its frames on the way to the device: how tests/integration/vlan.sh
 * builds VLANs on a kernel without 8021q).
 */
static int vlan_resolve(struct afudp_stack *st)
{
	const char *env = getenv("AFUDP_VLAN"), *c;
	unsigned long v;
	char *end;

	snprintf(st->dev, sizeof(st->dev), "%s", st->ifname);
	st->vid = 0;
	if (env && *env) {
		c = strrchr(env, ':');
		if (!c || c == env || c - env >= IF_NAMESIZE)
			goto bad;
		errno = 0;
		v = strtoul(c + 1, &end, 10);
		if (errno || end == c + 1 || *end || v < 1 || v > 4094)
			goto bad;
		memcpy(st->dev, env, c - env);
		st->dev[c - env] = 0;
		st->vid = (uint16_t)v;
		afudp_log(&st->log, LOG_INFO, "AFUDP_VLAN=%s", env);
	} else if (vlan_proc(st->ifname, st->dev, &st->vid) &&
		   (st->vid < 1 || st->vid > 4094)) {
		afudp_log(&st->log, LOG_ERR, "%s: VLAN ID %u: not served",
			  st->ifname, st->vid);
		return -EOPNOTSUPP;
	}
	st->dev_ifindex = st->vid ? (int)if_nametoindex(st->dev) : st->ifindex;
	if (!st->dev_ifindex) {
		afudp_log(&st->log, LOG_ERR, "%s: its device %s: no such interface",
			  st->ifname, st->dev);
		return -ENODEV;
	}
	if (st->vid)
		afudp_log(&st->log, LOG_INFO,
			  "%s: VLAN %u on %s: frames tagged on %s's queues",
			  st->ifname, st->vid, st->dev, st->dev);
	return 0;
bad:
	afudp_log(&st->log, LOG_ERR,
		  "AFUDP_VLAN=%s: expected <device>:<VLAN ID 1-4094>", env);
	return -EINVAL;
}

/*
 * A VLAN on a device that takes the tags out on receive: its frames reach
 * the XDP program untagged, their tag in the driver's metadata, which only
 * the device-bound build of the program reads
 * (bpf_xdp_metadata_rx_vlan_tag()). Asked for here (st->vlan_bound), and
 * checked once the program is there (vlan_check_prog()).
 */
static void vlan_check_dev(struct afudp_stack *st)
{
	st->vlan_bound = st->vid && dev_strips_tags(st->dev);
	if (st->vlan_bound)
		afudp_log(&st->log, LOG_INFO,
			  "%s: %s takes VLAN tags out of the frames (rx-vlan-offload on): the XDP program bound to the device reads them from the driver",
			  st->ifname, st->dev);
}

/*
 * ... and refused where the program can't. (A bound program on a driver
 * without the kfunc gets no tag: those frames look untagged and take the
 * kernel path, unless the device's own addresses include the VLAN's.)
 */
static int vlan_check_prog(struct afudp_stack *st)
{
	if (!st->vlan_bound || afudp_xdp_rx_ts(st->xdp))
		return 0;
	afudp_log(&st->log, LOG_ERR,
		  "%s: %s takes VLAN tags out of the frames it receives (rx-vlan-offload on) and the XDP program on it can't read them from the driver (not bound to the device: generic mode, a driver refusing it, or a program another process loaded unbound), so VLAN %u's frames can't be told apart: turn the offload off with `ethtool -K %s rxvlan off`, or use the kernel backend (AFUDP_BACKEND=kernel)",
		  st->ifname, st->dev, st->vid, st->dev);
	return -EOPNOTSUPP;
}

static int check_opts(const struct afudp_stack_opts *o)
{
	if (!o->ifname ||
	    !o->ifname[0] || strlen(o->ifname) >= IF_NAMESIZE)
		return -EINVAL;
	if (o->frames && (!pow2(o->frames) || o->frames < 128 ||
			  o->frames > (1u << 20)))
		return -EINVAL;
	if (o->frame_size && o->frame_size != 2048 && o->frame_size != 4096)
		return -EINVAL;
	if (o->ring_size && (!pow2(o->ring_size) || o->ring_size < 64 ||
			     o->ring_size > 16384))
		return -EINVAL;
	if ((unsigned int)o->backend > AFUDP_BACKEND_KERNEL ||
	    (unsigned int)o->xdp_mode > AFUDP_XDP_MODE_SKB ||
	    (unsigned int)o->copy_mode > AFUDP_COPY_ZEROCOPY)
		return -EINVAL;
	if (o->flags & ~(AFUDP_F_NO_RX_UDP_CSUM | AFUDP_F_NO_TX_UDP_CSUM |
			 AFUDP_F_RX_HW_TSTAMP))
		return -EINVAL;
	if (o->log_level < 0 || o->log_level > LOG_DEBUG)
		return -EINVAL;
	if (o->n_queues && !o->queues)
		return -EINVAL;
	return 0;
}

/*
 * An option left at its default (0) may be chosen from the environment, so
 * an operator can force a mode without rebuilding: AFUDP_BACKEND=xdp|kernel,
 * AFUDP_XDP_MODE=native|skb, AFUDP_COPY_MODE=copy|zerocopy,
 * AFUDP_RX_TIMESTAMP=software|hardware (and, apart: AFUDP_QUEUES,
 * AFUDP_VLAN). @names lists
 * the accepted words by enum value.
 */
static int env_choice(struct afudp_stack *st, const char *var,
		      const char *const *names, int n, int *val)
{
	const char *env = getenv(var);
	int i;

	if (*val || !env || !*env)
		return 0;
	for (i = 1; i < n; i++) {
		if (!strcmp(env, names[i])) {
			*val = i;
			afudp_log(&st->log, LOG_INFO, "%s=%s", var, env);
			return 0;
		}
	}
	afudp_log(&st->log, LOG_ERR, "%s=%s: expected %s%s%s", var, env,
		  names[1], n > 2 ? " or " : "", n > 2 ? names[2] : "");
	return -EINVAL;
}

static int apply_env(struct afudp_stack *st, const struct afudp_stack_opts *o)
{
	static const char *const backends[] = { "", "xdp", "kernel" };
	static const char *const xdp[] = { "auto", "native", "skb" };
	static const char *const copy[] = { "auto", "copy", "zerocopy" };
	static const char *const rxts[] = { "", "software", "hardware" };
	int b = o->backend, ts = 0, err;

	st->xdp_mode = o->xdp_mode;
	st->copy_req = o->copy_mode;
	err = env_choice(st, "AFUDP_BACKEND", backends, 3, &b);
	if (!err)
		err = env_choice(st, "AFUDP_RX_TIMESTAMP", rxts, 3, &ts);
	/* -1: not asked for; open_xdp() says what it got. */
	st->rx_ts_hw = (o->flags & AFUDP_F_RX_HW_TSTAMP) || ts == 2 ? 0 : -1;
	if (!err)
		err = env_choice(st, "AFUDP_XDP_MODE", xdp, 3, &st->xdp_mode);
	if (!err)
		err = env_choice(st, "AFUDP_COPY_MODE", copy, 3, &st->copy_req);
	st->backend = b == AFUDP_BACKEND_KERNEL ? AFUDP_BACKEND_KERNEL :
						   AFUDP_BACKEND_XDP;
	return err;
}

/*
 * AFUDP_QUEUES=Q[,Q...]: the queues to serve when the caller named none
 * (a tool serving one VLAN of a device, say, beside another stack on its
 * other queues). Up to 64; 0 and @q filled, or -EINVAL.
 */
static int env_queues(struct afudp_stack *st, unsigned int *q,
		      unsigned int *n)
{
	const char *env = getenv("AFUDP_QUEUES"), *p;
	unsigned long v;
	char *end;

	*n = 0;
	if (!env || !*env)
		return 0;
	for (p = env; *n < 64; p = end + 1) {
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno || end == p || v >= AFUDP_MAX_SLOTS ||
		    (*end && *end != ','))
			break;
		q[(*n)++] = (unsigned int)v;
		if (!*end) {
			afudp_log(&st->log, LOG_INFO, "AFUDP_QUEUES=%s", env);
			return 0;
		}
	}
	afudp_log(&st->log, LOG_ERR,
		  "AFUDP_QUEUES=%s: expected up to 64 queue numbers, comma-separated",
		  env);
	return -EINVAL;
}

static int open_queues(struct afudp_stack *st,
		       const struct afudp_stack_opts *o)
{
	struct afudp_stack_opts eo;
	unsigned int i, j, qid, eq[64];
	int err;

	if (!o->n_queues) {
		eo = *o;
		err = env_queues(st, eq, &eo.n_queues);
		if (err)
			return err;
		if (eo.n_queues) {
			eo.queues = eq;
			o = &eo;
		}
	}
	st->nq = o->n_queues ? o->n_queues : st->if_queues;
	st->queues = afudp_shcalloc(st->nq, sizeof(*st->queues));
	if (!st->queues)
		return -ENOMEM;
	for (i = 0; i < st->nq; i++) {
		qid = o->n_queues ? o->queues[i] : i;
		for (j = 0; j < i; j++)
			if (st->queues[j].qid == qid)
				break;
		if (qid >= st->if_queues || j < i) {
			afudp_log(&st->log, LOG_ERR,
				  "queue %u: %s (the interface has %u)", qid,
				  j < i ? "named twice" : "no such queue",
				  st->if_queues);
			err = -EINVAL;
			goto err;
		}
		err = afudp_queue_open(&st->queues[i], st->dev, qid,
				       st->frames, st->frame_size,
				       st->copy_req, true, &st->log);
		if (err == -EBUSY)
			afudp_log(&st->log, LOG_ERR,
				  "%s queue %u is in use by another AF_XDP socket (another afudp process?): serve other queues (opts.queues) or use the kernel backend",
				  st->ifname, qid);
		if (err)
			goto err;
		/* All queues in one mode: the first decides for the rest. */
		if (i == 0)
			st->copy_mode = st->queues[0].zerocopy ?
						AFUDP_COPY_ZEROCOPY :
						AFUDP_COPY_COPY;
	}
	/*
	 * Chains only where every queue takes them: one max_len per port.
	 * Not on a VLAN yet: a chain's send and receive paths know no tag,
	 * so a VLAN's datagrams larger than a frame stay on the kernel path.
	 */
	st->mb = !st->vid;
	for (i = 0; i < st->nq; i++)
		st->mb = st->mb && st->queues[i].sg;
	if (st->vid && st->nq && st->queues[0].sg)
		afudp_log(&st->log, LOG_INFO,
			  "%s: VLAN %u: no multi-buffer chains on a VLAN yet: datagrams larger than a frame go through the kernel socket",
			  st->ifname, st->vid);
	return 0;
err:
	while (i--)
		afudp_queue_close(&st->queues[i]);
	afudp_shfree(st->queues);
	st->queues = NULL;
	return err;
}

AFUDP_EXPORT const char *afudp_cap_str(enum afudp_cap c)
{
	switch (c) {
	case AFUDP_CAP_NO:
		return "no";
	case AFUDP_CAP_YES:
		return "yes";
	default:
		return "not asked";
	}
}

/* XDP_USE_SG is asked for on every XSK backend's bind. */
static enum afudp_cap mb_cap(const struct afudp_stack *st)
{
	return st->mb ? AFUDP_CAP_YES : AFUDP_CAP_NO;
}

static enum afudp_cap rx_ts_hw_cap(const struct afudp_stack *st)
{
	return st->rx_ts_hw < 0 ? AFUDP_CAP_NOT_ASKED :
	       st->rx_ts_hw ? AFUDP_CAP_YES : AFUDP_CAP_NO;
}

/* Publish the busy-poll state for afudp-stat (it changes after open). */
static void shm_busy_poll(struct afudp_stack *st)
{
	if (!st->shm)
		return;
	st->shm->busy_poll_usecs = st->bp_usecs;
	st->shm->busy_poll_budget = st->bp_budget;
	__atomic_store_n(&st->shm->busy_poll, (uint8_t)st->bp_cap,
			 __ATOMIC_RELEASE);
}

void afudp_busy_poll_xsk(struct afudp_stack *st, int fd)
{
	char why[160];
	int err;

	/*
	 * A budget of one batch: a busy poll fills about what one receive
	 * call takes off the ring.
	 */
	err = afudp_xsk_busy_poll(fd, AFUDP_BUSY_POLL_USECS, AFUDP_BATCH, why,
				  sizeof(why));
	if (err) {
		if (st->bp_cap != AFUDP_CAP_NO)
			afudp_log(&st->log, LOG_WARNING,
				  "%s: preferred busy-poll: %s; busy-polling goes on, without the kernel's NAPI busy polling",
				  st->ifname, why);
		st->bp_cap = AFUDP_CAP_NO;
		st->bp_usecs = st->bp_budget = 0;
	} else if (st->bp_cap != AFUDP_CAP_NO) {
		unsigned int prefer;

		/* Read back: what the kernel holds, not what was asked. */
		afudp_xsk_busy_poll_get(fd, &prefer, &st->bp_usecs);
		st->bp_budget = AFUDP_BATCH;	/* accepted; unreadable */
		afudp_log(&st->log, LOG_DEBUG,
			  "%s: XSK fd %d: SO_PREFER_BUSY_POLL %u, SO_BUSY_POLL %u us, SO_BUSY_POLL_BUDGET %u",
			  st->ifname, fd, prefer, st->bp_usecs, st->bp_budget);
		st->bp_cap = prefer ? AFUDP_CAP_YES : AFUDP_CAP_NO;
	}
	shm_busy_poll(st);
}

/*
 * What the device offers the XSKs, asked once the queues are bound: the
 * netdev xsk-features (TX checksum offload), and the busy-poll options on
 * each queue's anchor XSK when busy-polling is the stack's default (the
 * sockets' XSKs get them too, see afudp_xsks_create()).
 */
static void probe_device(struct afudp_stack *st)
{
	unsigned int i;
	int err;

	err = afudp_netdev_xsk_features(st->dev_ifindex, &st->xsk_features);
	if (err)
		afudp_log(&st->log, LOG_INFO,
			  "%s: netdev xsk-features not read: %s",
			  st->ifname, err == -EOPNOTSUPP ?
				  "no netdev netlink family (Linux < 6.3)" :
				  strerror(-err));
	if (st->flags & AFUDP_F_NO_TX_UDP_CSUM) {
		st->tx_csum = AFUDP_CAP_NOT_ASKED;
	} else {
		/*
		 * The device's checksum needs the UMEM registered with
		 * tx_metadata_len (Linux 6.8), which libxdp 1.3's
		 * xsk_umem_config cannot ask for: software checksum, said
		 * so when the device could have done it.
		 */
		st->tx_csum = AFUDP_CAP_NO;
		if (st->xsk_features & AFUDP_NETDEV_XSK_FLAGS_TX_CHECKSUM)
			afudp_log(&st->log, LOG_NOTICE,
				  "%s: the device offers TX checksum offload, but libxdp cannot register the UMEM's TX metadata (tx_metadata_len): UDP checksums computed in software",
				  st->ifname);
	}
	st->bp_cap = AFUDP_CAP_NOT_ASKED;
	if (st->busy_poll)
		for (i = 0; i < st->nq; i++)
			afudp_busy_poll_xsk(st,
					    xsk_socket__fd(st->queues[i].anchor));
}

/*
 * What the XDP backend needs that this thread lacks, named in @buf (empty if
 * nothing). Checked up front: without them libbpf and libxdp fail with
 * errors that name nothing (EBADF, EPERM from one of many calls).
 */
static void missing_caps(char *buf, size_t size)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = { 0 };
	size_t n = 0;

	buf[0] = 0;
	if (syscall(SYS_capget, &h, d))
		return;	/* can't tell: let the kernel decide */
#define HAS(c) (d[(c) / 32].effective & (1u << ((c) % 32)))
#define NEED(ok, what)                                                   \
	do {                                                              \
		if (!(ok) && n < size)                                    \
			n += snprintf(buf + n, size - n, "%s%s",          \
				      n ? ", " : "", what);               \
	} while (0)
	NEED(HAS(CAP_NET_ADMIN), "CAP_NET_ADMIN");
	NEED(HAS(CAP_NET_RAW), "CAP_NET_RAW");
	NEED(HAS(CAP_BPF) || HAS(CAP_SYS_ADMIN), "CAP_BPF (or CAP_SYS_ADMIN)");
#undef NEED
#undef HAS
}

/*
 * Hardware receive timestamps, asked for (AFUDP_F_RX_HW_TSTAMP or
 * AFUDP_RX_TIMESTAMP=hardware): st->rx_ts_hw says what the program does,
 * logged once.
 */
static void rx_ts_open(struct afudp_stack *st)
{
	if (st->rx_ts_hw < 0)
		return;
	st->rx_ts_hw = afudp_xdp_rx_ts(st->xdp) ? 1 : 0;
	afudp_log(&st->log, st->rx_ts_hw ? LOG_INFO : LOG_NOTICE,
		  "%s: hardware receive timestamps: %s", st->ifname,
		  st->rx_ts_hw ?
			  "asked of the driver for each datagram (the program is bound to the device)" :
			  "no (the program on the interface is not bound to it): software timestamps");
}

static int open_xdp(struct afudp_stack *st)
{
	char missing[128];
	int err;

	missing_caps(missing, sizeof(missing));
	if (missing[0]) {
		afudp_log(&st->log, LOG_ERR,
			  "%s: the XDP backend needs CAP_NET_ADMIN, CAP_NET_RAW and CAP_BPF (or CAP_SYS_ADMIN); this process lacks %s: run as root, grant them, or use the kernel backend (AFUDP_BACKEND=kernel)",
			  st->ifname, missing);
		return -EPERM;
	}
	afudp_log_capture_libs(&st->log);
	err = afudp_xdp_open(&st->xdp, st->dev_ifindex, st->xdp_mode,
			     st->rx_ts_hw >= 0 || st->vlan_bound, &st->log);
	afudp_log_capture_libs(NULL);
	if (err == -EPERM || err == -EACCES) {
		/* Capabilities are there: a security module, or a message
		 * above says what (sharing needs CAP_SYS_ADMIN). */
		afudp_log(&st->log, LOG_ERR,
			  "%s: setting up the XDP program was refused (%s); use the kernel backend (AFUDP_BACKEND=kernel) if it can't be allowed",
			  st->ifname, strerror(-err));
		return -EPERM;
	}
	if (err) {
		afudp_log(&st->log, LOG_ERR,
			  "%s: attaching the XDP program in %s mode failed: %s%s",
			  st->ifname,
			  afudp_xdp_mode_str(st->xdp_mode),
			  strerror(-err),
			  st->xdp_mode == AFUDP_XDP_MODE_NATIVE ?
				  "; try skb mode (AFUDP_XDP_MODE_SKB)" :
				  "");
		return err;
	}
	afudp_log(&st->log, LOG_INFO, "%s: XDP program %s in %s mode%s",
		  st->ifname, afudp_xdp_shared(st->xdp) ? "shared" : "attached",
		  afudp_xdp_mode_str(afudp_xdp_mode(st->xdp)),
		  afudp_xdp_reclaimed(st->xdp) ?
			  " (removed one left by a dead process)" :
			  "");
	afudp_xdp_set_vid(st->xdp, st->vid);
	rx_ts_open(st);
	return 0;
}

/* Counter files of processes that died without closing their stacks. */
static void stats_reap(void)
{
	struct dirent *de;
	DIR *d = opendir("/dev/shm");
	int pid;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (sscanf(de->d_name, AFUDP_SHM_PREFIX "%d.", &pid) == 1 &&
		    pid > 0 && kill(pid, 0) && errno == ESRCH)
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

/*
 * Publish the stack's counters for afudp-stat (statshm.h). Best effort:
 * without /dev/shm the stack works the same, its counters private.
 */
static void stats_open(struct afudp_stack *st)
{
	static int seq;
	int fd, n = __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED);
	struct afudp_shm *m;

	stats_reap();
	snprintf(st->shm_name, sizeof(st->shm_name), "/" AFUDP_SHM_PREFIX "%d.%d",
		 (int)getpid(), n);
	st->cap = &afudp_cap_none;
	fd = shm_open(st->shm_name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
		      0644);
	/* Sparse: the capture slots cost nothing until a capture runs. */
	if (fd < 0 || ftruncate(fd, AFUDP_SHM_FILE_SIZE)) {
		afudp_log(&st->log, LOG_NOTICE,
			  "counters not published for afudp-stat: %s",
			  strerror(errno));
		if (fd >= 0) {
			close(fd);
			shm_unlink(st->shm_name);
		}
		return;
	}
	m = mmap(NULL, AFUDP_SHM_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		shm_unlink(st->shm_name);
		return;
	}
	m->version = AFUDP_SHM_VERSION;
	m->pid = getpid();
	m->ifindex = st->ifindex;
	snprintf(m->ifname, sizeof(m->ifname), "%s", st->ifname);
	m->backend = st->backend;
	if (st->xdp) {
		m->xdp_mode = afudp_xdp_mode(st->xdp);
		m->copy_mode = st->copy_mode;
		m->prog_id = afudp_xdp_prog_id(st->xdp);
	}
	m->n_queues = st->nq;
	if (st->xdp) {
		m->zerocopy = st->copy_mode == AFUDP_COPY_ZEROCOPY ?
				      AFUDP_CAP_YES : AFUDP_CAP_NO;
		m->multi_buffer = mb_cap(st);
		m->tx_csum_offload = st->tx_csum;
		m->rx_ts_hw = rx_ts_hw_cap(st);
		m->xsk_features = st->xsk_features;
	}
	m->busy_poll = st->bp_cap;
	m->busy_poll_usecs = st->bp_usecs;
	m->busy_poll_budget = st->bp_budget;
	/* Readers check the magic last written: the header is complete. */
	__atomic_store_n(&m->magic, AFUDP_SHM_MAGIC, __ATOMIC_RELEASE);
	st->shm = m;
	st->cap = (struct afudp_cap_hdr *)((char *)m + AFUDP_CAP_OFF);
}

static void stats_close(struct afudp_stack *st)
{
	if (!st->shm)
		return;
	st->cap = &afudp_cap_none;
	munmap(st->shm, AFUDP_SHM_FILE_SIZE);
	shm_unlink(st->shm_name);
	st->shm = NULL;
}

/* ---- processes: fork() -------------------------------------------------- */

/*
 * A stack survives fork(): its data-path state is in shared memory
 * (shared.h), so the child reads and sends on the sockets it inherited on
 * the fast path, as the parent does, and several processes can read one
 * socket. Each process keeps a private list of the stacks it has open
 * (@mine). At a fork the child claims a slot in each stack's @procs (the
 * parent waits for that, so a socket it closes right after fork() is
 * known to be the child's too: afudp_close() asks who else holds it). On
 * its first call the child starts its own route mirror (afudp_adopt()).
 */
#define AFUDP_MINE 16
static pthread_mutex_t mine_lock = PTHREAD_MUTEX_INITIALIZER;
static struct afudp_stack *mine[AFUDP_MINE];
static bool mine_lost[AFUDP_MINE];	/* this child can't serve it */
static unsigned int mine_gen[AFUDP_MINE]; /* afudp_forks when taken over */
static int fork_pipe[2] = { -1, -1 };
unsigned int afudp_forks;
unsigned int afudp_adopted;
unsigned int afudp_nlost;
unsigned int afudp_fork_work;

/* afudp_fork_work from the three above, after any of them changed. */
static void fork_work_set(void)
{
	__atomic_store_n(&afudp_fork_work,
			 afudp_forks != afudp_adopted || afudp_nlost,
			 __ATOMIC_RELAXED);
}

/*
 * Does process @pid still have @fd open as the file of inode @ino? Each
 * process of a stack holds a copy of its token (close-on-exec), so one
 * that exited, exec'd or closed the stack has none.
 */
bool afudp_proc_has(pid_t pid, int fd, ino_t ino)
{
	char path[64], link[64];
	struct stat sb;
	ssize_t n;

	if (fd < 0 || pid <= 0)
		return false;
	if (pid == getpid())
		return !fstat(fd, &sb) && sb.st_ino == ino;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return false;
	link[n] = 0;
	/* "socket:[ino]", "pipe:[ino]" */
	n = (ssize_t)strlen(link);
	return n > 2 && link[n - 1] == ']' && strchr(link, '[') &&
	       strtoull(strchr(link, '[') + 1, NULL, 10) == (uint64_t)ino;
}

static bool in_stack(const struct afudp_stack *st, pid_t pid)
{
	return afudp_proc_has(pid, st->token, st->token_ino);
}

/* Take a free slot of @st->procs for @pid (any process, no lock). */
static bool claim_slot(struct afudp_stack *st, pid_t pid)
{
	unsigned int i;
	pid_t old;

	for (i = 0; i < AFUDP_PROCS; i++) {
		old = __atomic_load_n(&st->procs[i], __ATOMIC_ACQUIRE);
		if (old == pid)
			return true;
		if ((!old || !in_stack(st, old)) &&
		    __atomic_compare_exchange_n(&st->procs[i], &old, pid, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}

static void release_slot(struct afudp_stack *st, pid_t pid)
{
	unsigned int i;

	for (i = 0; i < AFUDP_PROCS; i++)
		if (__atomic_load_n(&st->procs[i], __ATOMIC_ACQUIRE) == pid)
			__atomic_store_n(&st->procs[i], 0, __ATOMIC_RELEASE);
}

bool afudp_others_have(const struct afudp_stack *st, int fd, ino_t ino)
{
	pid_t self = getpid(), p;
	unsigned int i;

	for (i = 0; i < AFUDP_PROCS; i++) {
		p = __atomic_load_n(&st->procs[i], __ATOMIC_ACQUIRE);
		if (p && p != self && afudp_proc_has(p, fd, ino))
			return true;
	}
	return false;
}

bool afudp_shared_with_others(const struct afudp_stack *st)
{
	return afudp_others_have(st, st->token, st->token_ino);
}

/* The stack's token: the read end of a pipe, for its inode (in_stack()). */
static int open_token(struct afudp_stack *st)
{
	struct stat sb;
	int p[2];

	if (pipe2(p, O_CLOEXEC))
		return -1;
	close(p[1]);
	if (fstat(p[0], &sb)) {
		close(p[0]);
		return -1;
	}
	st->token = p[0];
	st->token_ino = sb.st_ino;
	return 0;
}

static void mine_add(struct afudp_stack *st)
{
	unsigned int i;

	pthread_mutex_lock(&mine_lock);
	for (i = 0; i < AFUDP_MINE && mine[i]; i++)
		;
	if (i < AFUDP_MINE) {
		mine[i] = st;
		mine_lost[i] = false;
		mine_gen[i] = afudp_forks;	/* opened here: its own */
	} else {
		afudp_log(&st->log, LOG_WARNING,
			  "more than %u stacks in one process: a forked child can't serve this one",
			  AFUDP_MINE);
	}
	pthread_mutex_unlock(&mine_lock);
}

/* Under mine_lock. */
static int mine_find(const struct afudp_stack *st)
{
	int i;

	for (i = 0; i < AFUDP_MINE; i++)
		if (mine[i] == st)
			return i;
	return -1;
}

static void mine_del(struct afudp_stack *st)
{
	int i;

	pthread_mutex_lock(&mine_lock);
	i = mine_find(st);
	if (i >= 0) {
		if (mine_lost[i])
			afudp_nlost--;
		mine[i] = NULL;
		mine_lost[i] = false;
		fork_work_set();
	}
	pthread_mutex_unlock(&mine_lock);
}

/* Does this process run @st's route mirror (opened it, or took it over)? */
static bool taken_over(const struct afudp_stack *st)
{
	bool yes;
	int i;

	pthread_mutex_lock(&mine_lock);
	i = mine_find(st);
	if (i < 0)	/* not listed (too many stacks): its opener's */
		yes = __atomic_load_n(&st->procs[0], __ATOMIC_RELAXED) ==
		      getpid();
	else
		yes = mine_gen[i] == afudp_forks && !mine_lost[i];
	pthread_mutex_unlock(&mine_lock);
	return yes;
}

static void fork_prepare(void)
{
	unsigned int i;

	afudp_rt_fork_prepare();
	pthread_mutex_lock(&mine_lock);
	for (i = 0; i < AFUDP_MINE && !mine[i]; i++)
		;
	if (i < AFUDP_MINE && pipe2(fork_pipe, O_CLOEXEC))
		fork_pipe[0] = fork_pipe[1] = -1;
}

/* Wait for the child to have claimed its slots (EOF: no child). */
static void fork_parent(void)
{
	pid_t child;

	if (fork_pipe[1] >= 0) {
		close(fork_pipe[1]);
		while (read(fork_pipe[0], &child, sizeof(child)) < 0 &&
		       errno == EINTR)
			;
		close(fork_pipe[0]);
		fork_pipe[0] = fork_pipe[1] = -1;
	}
	pthread_mutex_unlock(&mine_lock);
	afudp_rt_fork_parent();
}

static void fork_child(void)
{
	pid_t self = getpid();
	unsigned int i;

	__atomic_add_fetch(&afudp_forks, 1, __ATOMIC_RELAXED);
	afudp_rt_fork_child();
	pthread_mutex_init(&mine_lock, NULL);
	for (i = 0; i < AFUDP_MINE; i++) {
		if (!mine[i] || mine_lost[i])
			continue;
		if (!claim_slot(mine[i], self)) {
			mine_lost[i] = true;
			afudp_nlost++;
		}
	}
	fork_work_set();
	if (fork_pipe[1] >= 0) {
		/* On failure the parent reads EOF, and goes on. */
		ssize_t n = write(fork_pipe[1], &self, sizeof(self));

		(void)n;
		close(fork_pipe[1]);
		close(fork_pipe[0]);
		fork_pipe[0] = fork_pipe[1] = -1;
	}
}

static void watch_forks(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

int afudp_adopt(const struct afudp_stack *cst)
{
	const char *why = NULL;
	struct afudp_stack *st;
	unsigned int i;
	int err, ret;

	pthread_mutex_lock(&mine_lock);
	if (afudp_adopted != afudp_forks) {
		afudp_adopted = afudp_forks;
		for (i = 0; i < AFUDP_MINE; i++) {
			st = mine[i];
			if (!st || mine_gen[i] == afudp_forks)
				continue;
			mine_gen[i] = afudp_forks;
			why = "all its process slots are taken";
			if (!mine_lost[i]) {
				err = afudp_rt_restart(st->rt);
				if (!err)
					continue;
				why = strerror(-err);
				mine_lost[i] = true;
				afudp_nlost++;
			}
			afudp_log(&st->log, LOG_WARNING,
				  "forked child %d can't serve the stack on %s (%s): its ports go back to their kernel sockets",
				  (int)getpid(), st->ifname, why);
			afudp_socks_to_kernel(st);
		}
		fork_work_set();
	}
	/* Not listed (too many stacks): the child can't serve it. */
	i = mine_find(cst);
	ret = i >= AFUDP_MINE || mine_lost[i] ? -ECHILD : 0;
	pthread_mutex_unlock(&mine_lock);
	return ret;
}

AFUDP_EXPORT struct afudp_stack *
afudp_stack_open(const struct afudp_stack_opts *uo)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct afudp_stack_opts local, *o = &local;
	struct afudp_stack *st;
	int err;

	if (afudp_in_log_fn) {
		errno = EDEADLK;
		return NULL;
	}
	pthread_once(&once, watch_forks);
	err = afudp_opts_copy(&local, sizeof(local), uo) ? check_opts(o) :
							   -EINVAL;
	if (err) {
		errno = -err;
		return NULL;
	}
	st = afudp_shcalloc(1, sizeof(*st));
	if (!st) {
		errno = ENOMEM;
		return NULL;
	}
	st->procs[0] = getpid();
	err = afudp_arena_init(&st->arena, AFUDP_ARENA_SIZE);
	if (err || open_token(st)) {
		err = err ? err : -errno;
		afudp_arena_fini(&st->arena);
		afudp_shfree(st);
		errno = -err;
		return NULL;
	}
	afudp_logger_init(&st->log, o->log_fn, o->log_ctx, o->log_level);
	afudp_mutex_init_shared(&st->lock);
	afudp_mutex_init_shared(&st->mc_lock);
	snprintf(st->ifname, sizeof(st->ifname), "%s", o->ifname);
	st->flags = o->flags;
	st->busy_poll = o->busy_poll;
	st->frames = o->frames ? o->frames : AFUDP_DEF_FRAMES;
	st->frame_size = o->frame_size ? o->frame_size : AFUDP_DEF_FRAME_SIZE;
	st->ring_size = o->ring_size ? o->ring_size : AFUDP_DEF_RING;
	if (st->ring_size > st->frames / 2) {
		afudp_log(&st->log, LOG_ERR,
			  "ring_size %u needs at least %u frames", st->ring_size,
			  st->ring_size * 2);
		err = -EINVAL;
		goto err_free;
	}
	err = apply_env(st, o);
	if (err)
		goto err_free;
	st->ifindex = if_nametoindex(st->ifname);
	if (!st->ifindex) {
		afudp_log(&st->log, LOG_ERR, "%s: no such interface",
			  st->ifname);
		err = -ENODEV;
		goto err_free;
	}
	if (st->flags & AFUDP_F_NO_RX_UDP_CSUM)
		afudp_log(&st->log, LOG_NOTICE,
			  "UDP checksums are not verified on receive");
	if (st->flags & AFUDP_F_NO_TX_UDP_CSUM)
		afudp_log(&st->log, LOG_NOTICE,
			  "UDP checksums are sent as 0 (none)");
	err = vlan_resolve(st);
	if (err)
		goto err_free;
	st->if_queues = count_queues(st->dev);

	st->rt = afudp_rt_open(st->ifindex, afudp_log_cb, &st->log);
	if (!st->rt) {
		err = -errno;
		afudp_log(&st->log, LOG_ERR, "%s: reading routes: %s",
			  st->ifname, strerror(errno));
		goto err_free;
	}
	if (afudp_kernel_backend(st)) {
		afudp_log(&st->log, LOG_INFO, "%s: kernel backend",
			  st->ifname);
		stats_open(st);
		mine_add(st);
		return st;
	}

	vlan_check_dev(st);
	err = open_xdp(st);
	if (err)
		goto err_rt;
	err = vlan_check_prog(st);
	if (err)
		goto err_xdp_only;
	sync_iface(st);
	afudp_rt_set_addr_cb(st->rt, sync_iface, st);
	err = open_queues(st, o);
	if (err) {
		if (err == -EPERM)
			afudp_log(&st->log, LOG_ERR,
				  "%s: AF_XDP sockets need CAP_NET_RAW",
				  st->ifname);
		else if (st->copy_req == AFUDP_COPY_ZEROCOPY)
			afudp_log(&st->log, LOG_ERR,
				  "%s: zero-copy was asked for and the driver refused it (%s); use AFUDP_COPY_AUTO or AFUDP_COPY_COPY",
				  st->ifname, strerror(-err));
		goto err_xdp;
	}
	/* Path MTUs that ICMP teaches (lib/route/pmtu.c): the program notes them. */
	afudp_rt_set_pmtu(st->rt, afudp_xdp_pmtu_seq(st->xdp),
			  afudp_xdp_pmtu_read, st->xdp);
	probe_device(st);
	afudp_log(&st->log, LOG_INFO,
		  "%s: zero-copy %s, multi-buffer %s (XDP program %sfrags-capable), TX checksum offload %s, hardware RX timestamps %s, preferred busy-poll %s",
		  st->ifname,
		  afudp_cap_str(st->copy_mode == AFUDP_COPY_ZEROCOPY ?
					AFUDP_CAP_YES : AFUDP_CAP_NO),
		  afudp_cap_str(mb_cap(st)),
		  afudp_xdp_frags(st->xdp) ? "" : "not ",
		  afudp_cap_str(st->tx_csum), afudp_cap_str(rx_ts_hw_cap(st)),
		  afudp_cap_str(st->bp_cap));
	stats_open(st);
	mine_add(st);
	return st;

err_xdp:
	afudp_rt_set_addr_cb(st->rt, NULL, NULL);
err_xdp_only:
	afudp_xdp_close(st->xdp);
err_rt:
	afudp_rt_close(st->rt);
err_free:
	pthread_mutex_destroy(&st->lock);
	pthread_mutex_destroy(&st->mc_lock);
	close(st->token);
	afudp_arena_fini(&st->arena);
	afudp_shfree(st);
	errno = -err;
	return NULL;
}

AFUDP_EXPORT void afudp_stack_close(struct afudp_stack *st)
{
	bool lost;
	unsigned int i;

	if (!st)
		return;
	if (afudp_in_log_fn) {
		errno = EDEADLK;
		return;
	}
	/*
	 * A forked child that never used the stack closes its part without
	 * taking it over: its copy of the route mirror has no thread to stop
	 * (a child that forks per datagram, socat's way, closes at each exit).
	 */
	lost = !taken_over(st);
	afudp_socks_close(st);
	if (afudp_shared_with_others(st)) {
		/* Other processes go on with it: only this one's part goes. */
		mine_del(st);
		release_slot(st, getpid());
		if (lost)
			afudp_rt_forget(st->rt);
		else
			afudp_rt_close(st->rt);
		close(st->token);	/* the others see this one gone */
		return;
	}
	mine_del(st);
	stats_close(st);
	for (i = 0; i < st->nq; i++)
		afudp_queue_close(&st->queues[i]);
	afudp_shfree(st->queues);
	/* The control thread stops here: no address callback after it. */
	if (lost)
		afudp_rt_forget(st->rt);
	else
		afudp_rt_close(st->rt);
	afudp_xdp_close(st->xdp);
	pthread_mutex_destroy(&st->lock);
	pthread_mutex_destroy(&st->mc_lock);
	close(st->token);
	/* The sockets, closed ones too, go with the arena. */
	afudp_arena_fini(&st->arena);
	afudp_shfree(st);
}

AFUDP_EXPORT int afudp_stack_info(struct afudp_stack *st,
				  struct afudp_stack_info *info)
{
	struct afudp_rt_link link;
	size_t sz;
	int err;

	if (!st || !info || info->sz < sizeof(size_t))
		return -EINVAL;
	err = afudp_ctx_err(st);
	if (err)
		return err;
	sz = info->sz < sizeof(*info) ? info->sz : sizeof(*info);
	{
		struct afudp_stack_info i = { .sz = sz };

		afudp_rt_link(st->rt, &link);
		i.backend = st->backend;
		if (!afudp_kernel_backend(st)) {
			i.xdp_mode = afudp_xdp_mode(st->xdp);
			i.copy_mode = st->copy_mode;
			i.prog_shared = afudp_xdp_shared(st->xdp);
			i.prog_reclaimed = afudp_xdp_reclaimed(st->xdp);
			i.n_queues = st->nq;
			i.frame_size = st->frame_size;
			i.frames = st->frames;
			i.zerocopy = st->copy_mode == AFUDP_COPY_ZEROCOPY ?
					     AFUDP_CAP_YES : AFUDP_CAP_NO;
			i.multi_buffer = mb_cap(st);
			i.tx_csum_offload = st->tx_csum;
			i.rx_ts_hw = rx_ts_hw_cap(st);
			i.busy_poll = st->bp_cap;
			i.busy_poll_usecs = st->bp_usecs;
			i.busy_poll_budget = st->bp_budget;
			i.xsk_features = st->xsk_features;
		}
		i.ifindex = st->ifindex;
		i.if_queues = st->if_queues;
		i.mtu = link.mtu;
		memcpy(i.mac, link.mac, 6);
		i.addr.s_addr = link.addr;
		memcpy(info, &i, sz);
	}
	return 0;
}

AFUDP_EXPORT int afudp_stack_stats(struct afudp_stack *st,
				   struct afudp_stack_stats *stats)
{
	uint64_t cnt[AFUDP_XDP_CNT_NR] = { 0 };
	uint64_t ftotal = 0, ffree = 0, ffill = 0, fbad = 0;
	struct afudp_rt_stats rs;
	unsigned int i;
	size_t sz;
	int err;

	if (!st || !stats || stats->sz < sizeof(size_t))
		return -EINVAL;
	err = afudp_ctx_err(st);
	if (err)
		return err;
	sz = stats->sz < sizeof(*stats) ? stats->sz : sizeof(*stats);
	if (st->xdp) {
		err = afudp_xdp_counters(st->xdp, cnt);
		if (err)
			return err;
	}
	afudp_rt_get_stats(st->rt, &rs);
	for (i = 0; i < st->nq; i++) {
		ftotal += st->frames;
		afudp_queue_count(&st->queues[i], &ffree, &ffill, &fbad);
	}
	{
		struct afudp_stack_stats s = {
			.sz = sz,
			.xdp_redirected = cnt[AFUDP_XDP_REDIRECTED],
			.xdp_pass_not_ipv4 = cnt[AFUDP_XDP_PASS_NOT_IPV4],
			.xdp_pass_trunc = cnt[AFUDP_XDP_PASS_TRUNC],
			.xdp_pass_bad_ip = cnt[AFUDP_XDP_PASS_BAD_IP],
			.xdp_pass_fragment = cnt[AFUDP_XDP_PASS_FRAGMENT],
			.xdp_pass_not_udp = cnt[AFUDP_XDP_PASS_NOT_UDP],
			.xdp_pass_not_local = cnt[AFUDP_XDP_PASS_NOT_LOCAL],
			.xdp_pass_mcast = cnt[AFUDP_XDP_PASS_MCAST],
			.xdp_pass_no_port = cnt[AFUDP_XDP_PASS_NO_PORT],
			.xdp_pass_no_queue = cnt[AFUDP_XDP_PASS_NO_QUEUE],
			.xdp_pass_too_big = cnt[AFUDP_XDP_PASS_TOO_BIG],
			.xdp_pass_other_mac = cnt[AFUDP_XDP_PASS_OTHER_MAC],
			.xdp_pass_martian = cnt[AFUDP_XDP_PASS_MARTIAN],
			.xdp_pass_ip_options = cnt[AFUDP_XDP_PASS_IP_OPTIONS],
			.xdp_redirected_spread = cnt[AFUDP_XDP_SPREAD],
			.xdp_redirected_mcast = cnt[AFUDP_XDP_MC_REDIRECTED],
			.xdp_pass_vlan = cnt[AFUDP_XDP_PASS_VLAN],
			.xdp_redirected_vlan = cnt[AFUDP_XDP_VLAN_REDIRECTED],
			.xdp_pass_ip6_ext = cnt[AFUDP_XDP_PASS_IP6_EXT],
			.xdp_redirected6 = cnt[AFUDP_XDP_REDIRECTED6],
			.rt_routes = rs.routes,
			.rt_neighs = rs.neighs,
			.rt_redumps = rs.redumps,
			.rt_neigh_miss = rs.neigh_miss,
			.frames_total = ftotal,
			.frames_free = ffree,
			.frames_fill = ffill,
			.frames_bad_put = fbad,
		};
		memcpy(stats, &s, sz);
	}
	return 0;
}
