// SPDX-License-Identifier: BSD-2-Clause
/*
 * Attaching, sharing, reclaiming and removing afudp's XDP program; see xdp.h
 * for the locking protocol between processes.
 *
 * The program comes from the skeleton generated at build time, so the BPF
 * object is inside the library and nothing is looked up on disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "xdp.h"
#include "afudp.bpf.skel.h"
#include "afudp_ts.bpf.skel.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Linux 6.3's uapi; older headers lack it. */
#ifndef BPF_F_XDP_DEV_BOUND_ONLY
#define BPF_F_XDP_DEV_BOUND_ONLY (1U << 6)
#endif

#define LOCK_DIR "/run/afudp"
#define LOCK_USE 0	/* byte locked shared by users, exclusive by the alone */
#define LOCK_ALLOC 1	/* byte locked exclusive around slot allocation */

/*
 * An afudp program found on the interface. Programs attached on their own
 * (the only way here: the libxdp dispatcher is refused on this kernel) are
 * queried and detached through libbpf, the detach pinned to the program
 * found (XDP_FLAGS_REPLACE), so a program attached meanwhile by someone
 * else is never removed. One inside a libxdp dispatcher goes through libxdp.
 */
struct xdp_found {
	__u32 id;
	enum xdp_attach_mode mode;	/* XDP_MODE_NATIVE or XDP_MODE_SKB */
	int fd;				/* -1: known by its id alone */
	struct xdp_program *in_disp;	/* inside a libxdp dispatcher */
};

/* The program's maps, by the names bpf/afudp_shared.h gives them. */
enum xdp_map {
	MAP_PORTS,
	MAP_XSKS,
	MAP_ADDRS,
	MAP_CNT,
	MAP_CFG,
	MAP_MCAST,
	MAP_VLANS,
	MAP_PORTS6,
	MAP_ADDRS6,
	MAP_PMTU,
	MAP_PMTU_SEQ,
	MAP_NR
};
static const char *const map_names[MAP_NR] = {
	[MAP_PORTS] = AFUDP_PORTS_MAP,
	[MAP_XSKS] = AFUDP_XSKS_MAP,
	[MAP_ADDRS] = AFUDP_ADDRS_MAP,
	[MAP_CNT] = AFUDP_CNT_MAP,
	[MAP_CFG] = AFUDP_CFG_MAP,
	[MAP_MCAST] = AFUDP_MCAST_MAP,
	[MAP_VLANS] = AFUDP_VLANS_MAP,
	[MAP_PORTS6] = AFUDP_PORTS6_MAP,
	[MAP_ADDRS6] = AFUDP_ADDRS6_MAP,
	[MAP_PMTU] = AFUDP_PMTU_MAP,
	[MAP_PMTU_SEQ] = AFUDP_PMTU_SEQ_MAP,
};

/* libxdp's attach modes afudp uses, in the order it tries them. */
static const enum xdp_attach_mode attach_modes[] = { XDP_MODE_NATIVE,
						     XDP_MODE_SKB };

/* The one mapping from libxdp's attach modes to afudp's. */
static enum afudp_xdp_mode mode_of(enum xdp_attach_mode m)
{
	return m == XDP_MODE_SKB ? AFUDP_XDP_MODE_SKB : AFUDP_XDP_MODE_NATIVE;
}

/* Does libxdp's attach mode @m satisfy a request (AUTO takes any)? */
static bool mode_ok(enum afudp_xdp_mode req, enum xdp_attach_mode m)
{
	return req == AFUDP_XDP_MODE_AUTO || req == mode_of(m);
}

const char *afudp_xdp_mode_str(enum afudp_xdp_mode m)
{
	switch (m) {
	case AFUDP_XDP_MODE_NATIVE:
		return "native";
	case AFUDP_XDP_MODE_SKB:
		return "skb";
	default:
		return "native or skb";
	}
}

struct afudp_xdp {
	int ifindex;
	int lock_fd;
	char lock_path[64];
	enum xdp_attach_mode mode;	/* XDP_MODE_NATIVE or XDP_MODE_SKB */
	bool shared;
	bool reclaimed;
	bool rx_ts_req;			/* bind to the device: its timestamps, tags */
	bool rx_ts;			/* bound (AFUDP_CFG_RX_TS): it asks for them */
	bool frags;			/* loaded frags-capable (AFUDP_CFG_FRAGS) */
	/* Set when this process loaded it: one of the two builds. */
	struct afudp_bpf *skel;
	struct afudp_ts_bpf *skel_ts;	/* bound to the device (rx_ts) */
	struct bpf_object *obj;		/* the one's object */
	struct xdp_program *prog;	/* ours, from skel; or NULL */
	struct xdp_found other;		/* the one shared (when shared) */
	int map_fd[MAP_NR];	/* -1 where not known */
	void *pmtu_seq;		/* the pmtu_seq map, mapped; or NULL */
	const struct afudp_logger *lg;
	__u16 vid;		/* the VLAN this handle's keys are on, or 0 */
};

static int ofd_lock(int fd, short type, off_t byte, bool wait)
{
	struct flock fl = {
		.l_type = type,
		.l_whence = SEEK_SET,
		.l_start = byte,
		.l_len = 1,
	};

	while (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl)) {
		if (errno == EINTR)
			continue;
		return -errno;
	}
	return 0;
}

static int open_lock(int ifindex, char *path, size_t size,
		     const struct afudp_logger *lg)
{
	struct stat ns;
	int fd;

	/* ifindexes repeat across namespaces: key the lock by both. */
	if (stat("/proc/self/ns/net", &ns))
		return -errno;
	if (mkdir(LOCK_DIR, 0755) && errno != EEXIST) {
		afudp_log(lg, LOG_ERR, "cannot create %s: %s", LOCK_DIR,
			  strerror(errno));
		return -errno;
	}
	snprintf(path, size, LOCK_DIR "/%llu-%d.lock",
		 (unsigned long long)ns.st_ino, ifindex);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		afudp_log(lg, LOG_ERR, "cannot open %s: %s", path,
			  strerror(errno));
		return -errno;
	}
	return fd;
}

/*
 * The last user unlinks the lock file (nothing stays in /run), so a lock
 * taken on an open file counts only if the path still names that file;
 * otherwise the caller reopens and tries again.
 */
static bool lock_current(const struct afudp_xdp *x)
{
	struct stat a, b;

	return !fstat(x->lock_fd, &a) && !stat(x->lock_path, &b) &&
	       a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

static void found_close(struct xdp_found *f)
{
	if (f->fd >= 0)
		close(f->fd);
	xdp_program__close(f->in_disp);
	*f = (struct xdp_found){ .fd = -1 };
}

static int found_fd(const struct xdp_found *f)
{
	return f->in_disp ? xdp_program__fd(f->in_disp) : f->fd;
}

/* The id of the program the lock file's owner attached (0 if none). */
static __u32 recorded_id(const struct afudp_xdp *x)
{
	char buf[16] = "";

	if (pread(x->lock_fd, buf, sizeof(buf) - 1, 0) <= 0)
		return 0;
	return (__u32)strtoul(buf, NULL, 10);
}

static void record_id(const struct afudp_xdp *x, __u32 id)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%u\n", id);

	if (pwrite(x->lock_fd, buf, n, 0) != n || ftruncate(x->lock_fd, n))
		afudp_log(x->lg, LOG_WARNING, "cannot write %s: %s",
			  x->lock_path, strerror(errno));
}

/* Look for afudp's program inside the libxdp dispatcher on the interface. */
static int find_in_dispatcher(struct afudp_xdp *x, struct xdp_found *f)
{
	struct xdp_program *p = NULL;
	struct xdp_multiprog *mp;
	int ret = 0;

	mp = xdp_multiprog__get_from_ifindex(x->ifindex);
	if (!mp || libxdp_get_error(mp))
		return mp ? (int)libxdp_get_error(mp) : 0;
	while ((p = xdp_multiprog__next_prog(p, mp)))
		if (!strcmp(xdp_program__name(p), AFUDP_PROG_NAME))
			break;
	if (p) {
		f->in_disp = xdp_program__from_id(xdp_program__id(p));
		ret = (int)libxdp_get_error(f->in_disp);
		if (ret) {
			f->in_disp = NULL;
		} else {
			f->id = xdp_program__id(f->in_disp);
			ret = 1;
		}
	}
	xdp_multiprog__close(mp);
	return ret;
}

/*
 * Whose is program @id, attached in @mode? 1 (afudp's: *f filled), 0 (an
 * empty libxdp dispatcher, or gone meanwhile), -EEXIST (someone else's, a
 * message says whose and what to do), -EPERM (unknowable without
 * CAP_SYS_ADMIN, said too).
 */
static int identify(struct afudp_xdp *x, __u32 id, int mode,
		    struct xdp_found *f)
{
	struct bpf_prog_info pi = {};
	__u32 len = sizeof(pi);
	int fd, ret;

	f->mode = mode;
	if (x->prog && id == xdp_program__id(x->prog)) {	/* our own */
		f->id = id;
		f->fd = fcntl(xdp_program__fd(x->prog), F_DUPFD_CLOEXEC, 0);
		return 1;
	}
	/* The one a dead afudp process recorded attaching. */
	if (id == recorded_id(x)) {
		f->id = id;
		f->fd = bpf_prog_get_fd_by_id(id);	/* -1 is fine */
		return 1;
	}
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		ret = -errno;
		afudp_log(x->lg, LOG_ERR,
			  "an XDP program (id %u) is attached to ifindex %d and telling whose it is needs CAP_SYS_ADMIN (%s); `bpftool prog show id %u` names it",
			  id, x->ifindex, strerror(-ret), id);
		return ret == -EPERM || ret == -EACCES ? -EPERM : ret;
	}
	if (bpf_obj_get_info_by_fd(fd, &pi, &len)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (!strcmp(pi.name, AFUDP_PROG_NAME)) {
		f->id = id;
		f->fd = fd;
		return 1;
	}
	close(fd);
	if (!strcmp(pi.name, "xdp_dispatcher"))
		return find_in_dispatcher(x, f);
	afudp_log(x->lg, LOG_ERR,
		  "interface %d already runs XDP program '%s' (id %u) without the libxdp dispatcher; afudp will not replace it. Remove it (ip link set dev IFACE xdp off) or load it through libxdp, then retry",
		  x->ifindex, pi.name, id);
	return -EEXIST;
}

/*
 * Find afudp's program on the interface: 1 and *f, 0 if there is none,
 * or identify()'s errors.
 */
static int find_prog(struct afudp_xdp *x, struct xdp_found *f)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	int ret;

	*f = (struct xdp_found){ .fd = -1 };
	ret = bpf_xdp_query(x->ifindex, 0, &q);
	if (ret)
		return ret;
	/* afudp attaches in driver or generic mode, never offloaded. */
	if (q.drv_prog_id) {
		ret = identify(x, q.drv_prog_id, XDP_MODE_NATIVE, f);
		if (ret)
			return ret;
	}
	if (q.skb_prog_id)
		return identify(x, q.skb_prog_id, XDP_MODE_SKB, f);
	return 0;
}

static int detach_found(struct afudp_xdp *x, const struct xdp_found *f)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = f->fd);

	if (f->in_disp)
		return xdp_program__detach(f->in_disp, x->ifindex, f->mode, 0);
	/*
	 * Without its fd (no CAP_SYS_ADMIN: a dead afudp process's program,
	 * known by the id it recorded) the detach can't be pinned to it; we
	 * hold the interface's lock alone, so only a non-afudp tool racing us
	 * could be affected.
	 */
	return bpf_xdp_detach(x->ifindex,
			      f->mode == XDP_MODE_SKB ? XDP_FLAGS_SKB_MODE :
							XDP_FLAGS_DRV_MODE,
			      f->fd > 0 ? &o : NULL);
}

/* Detach every afudp program from the interface; never anyone else's. */
static int remove_afudp_progs(struct afudp_xdp *x)
{
	struct xdp_found f;
	int ret, n = 0;

	while ((ret = find_prog(x, &f)) == 1) {
		ret = detach_found(x, &f);
		afudp_log(x->lg, ret ? LOG_ERR : LOG_INFO,
			  "detaching afudp program id %u from ifindex %d: %s",
			  f.id, x->ifindex, ret ? strerror(-ret) : "done");
		found_close(&f);
		if (ret)
			return ret;
		if (++n > 16)
			return -ELOOP;
	}
	return ret < 0 ? ret : n;
}

static void skel_destroy(struct afudp_xdp *x)
{
	if (x->skel)
		afudp_bpf__destroy(x->skel);
	if (x->skel_ts)
		afudp_ts_bpf__destroy(x->skel_ts);
	x->skel = NULL;
	x->skel_ts = NULL;
	x->obj = NULL;
}

/* The cfg map's flags (AFUDP_CFG_*), 0 if it can't be read. */
static __u8 cfg_flags(const struct afudp_xdp *x)
{
	struct afudp_cfg cfg = { 0 };
	__u32 key = 0;

	if (x->map_fd[MAP_CFG] < 0 ||
	    bpf_map_lookup_elem(x->map_fd[MAP_CFG], &key, &cfg))
		return 0;
	return cfg.flags;
}

/*
 * Load and attach the skeleton's program, bound to the device (@bound:
 * its metadata kfuncs are the driver's; native mode only, the kernel
 * refusing device-bound programs in generic mode) or not.
 */
static int attach_skel(struct afudp_xdp *x, enum afudp_xdp_mode mode_req,
		       bool bound, bool frags)
{
	unsigned int i;
	int err = -EINVAL;

	if (bound) {
		struct bpf_program *p;

		x->skel_ts = afudp_ts_bpf__open();
		if (!x->skel_ts)
			return -errno;
		x->obj = x->skel_ts->obj;
		p = x->skel_ts->progs.afudp_xdp;
		bpf_program__set_ifindex(p, x->ifindex);
		bpf_program__set_flags(p, bpf_program__flags(p) |
						  BPF_F_XDP_DEV_BOUND_ONLY);
	} else {
		x->skel = afudp_bpf__open();
		if (!x->skel)
			return -errno;
		x->obj = x->skel->obj;
	}
	x->prog = xdp_program__from_bpf_obj(x->obj, "xdp");
	err = (int)libxdp_get_error(x->prog);
	if (err) {
		x->prog = NULL;
		return err;
	}
	/*
	 * BPF_F_XDP_HAS_FRAGS (what SEC("xdp.frags") asks for): the driver
	 * may then give the program multi-buffer frames, which a device
	 * whose MTU exceeds a page needs in native mode (veth refuses a
	 * program without it), and an XSK bound with XDP_USE_SG takes as
	 * a chain of frames. The program reads only the first buffer's
	 * headers and bpf_xdp_get_buff_len(), so it is the same code.
	 */
	if (frags) {
		err = xdp_program__set_xdp_frags_support(x->prog, true);
		if (err)
			return err;
	}
	for (i = 0; i < ARRAY_SIZE(attach_modes); i++) {
		enum xdp_attach_mode m = attach_modes[i];

		if (!mode_ok(mode_req, m) || (bound && m != XDP_MODE_NATIVE))
			continue;
		err = xdp_program__attach(x->prog, x->ifindex, m, 0);
		afudp_log(x->lg, err ? LOG_NOTICE : LOG_INFO,
			  "attach in %s mode%s%s: %s",
			  afudp_xdp_mode_str(mode_of(m)),
			  bound ? ", bound to the device" : "",
			  frags ? ", frags-capable" : "",
			  err ? strerror(-err) : "ok");
		if (!err) {
			x->mode = m;
			break;
		}
	}
	return err;
}

/* Drop what a failed attach_skel() left, for the next try. */
static void attach_undo(struct afudp_xdp *x)
{
	xdp_program__close(x->prog);
	x->prog = NULL;
	skel_destroy(x);
}

/*
 * attach_skel() frags-capable first; a kernel that refuses the flag
 * (before 5.18), or a mode that refuses such a program, gets today's
 * program, whose frames stay within one buffer (logged).
 */
static int attach_frags(struct afudp_xdp *x, enum afudp_xdp_mode mode_req,
			bool bound)
{
	int err;

	err = attach_skel(x, mode_req, bound, true);
	x->frags = !err;
	if (!err)
		return 0;
	attach_undo(x);
	err = attach_skel(x, mode_req, bound, false);
	if (!err)
		afudp_log(x->lg, LOG_NOTICE,
			  "ifindex %d: the frags-capable program was refused: multi-buffer frames stay on the kernel path",
			  x->ifindex);
	return err;
}

static int attach_own(struct afudp_xdp *x, enum afudp_xdp_mode mode_req)
{
	unsigned int i;
	__u8 flags = 0;
	int err;

	/*
	 * Hardware timestamps, or the VLAN tags a device takes out of the
	 * frames, asked for: the program bound to the device first; where
	 * that can't attach (generic mode asked for, a driver refusing), the
	 * usual one, whose datagrams carry software timestamps only (and
	 * the caller refuses a VLAN it can't see: lib/stack.c).
	 */
	err = x->rx_ts_req && mode_req != AFUDP_XDP_MODE_SKB ?
		      attach_frags(x, mode_req, true) : -EOPNOTSUPP;
	x->rx_ts = !err;
	if (err) {
		if (x->rx_ts_req)
			afudp_log(x->lg, LOG_NOTICE,
				  "ifindex %d: no program bound to the device (%s): no device metadata (software receive timestamps only, no VLAN tag the device took out)",
				  x->ifindex, strerror(-err));
		attach_undo(x);
		err = attach_frags(x, mode_req, false);
	}
	if (err)
		return err;
	/* What a later process, alone, recognises as a dead one's. */
	record_id(x, xdp_program__id(x->prog));
	for (i = 0; i < MAP_NR; i++)
		x->map_fd[i] = bpf_object__find_map_fd_by_name(x->obj,
							       map_names[i]);
	/* For the processes that share it: how it was loaded. */
	flags = (x->rx_ts ? AFUDP_CFG_RX_TS : 0) |
		(x->frags ? AFUDP_CFG_FRAGS : 0);
	if (flags) {
		struct afudp_cfg cfg = { .flags = flags };
		__u32 key = 0;

		if (bpf_map_update_elem(x->map_fd[MAP_CFG], &key, &cfg, 0))
			x->rx_ts = false;
	}
	return 0;
}

/* Which of the program's maps is called @name; MAP_NR for none. */
static enum xdp_map map_named(const char *name)
{
	enum xdp_map m;

	for (m = 0; m < MAP_NR && strcmp(name, map_names[m]); m++)
		;
	return m;
}

/* Close the maps' fds: those of a shared program are this process's. */
static void close_maps(struct afudp_xdp *x)
{
	enum xdp_map m;

	for (m = 0; m < MAP_NR; m++)
		if (x->map_fd[m] >= 0)
			close(x->map_fd[m]);
}

/* Take the maps of a program another afudp process attached. */
static int adopt(struct afudp_xdp *x)
{
	struct bpf_prog_info pi = {};
	/* Its maps, and the .rodata: more than enough room for their ids. */
	__u32 len = sizeof(pi), ids[MAP_NR + 16], i, version = 0;
	int fd, err, prog_fd = found_fd(&x->other);
	enum xdp_map m;
	static const char why[] =
		"sharing the afudp program another process runs on ifindex %d needs CAP_SYS_ADMIN (to open its maps); grant it, or use the kernel backend";

	if (prog_fd < 0) {
		afudp_log(x->lg, LOG_ERR, why, x->ifindex);
		return -EPERM;
	}
	pi.nr_map_ids = ARRAY_SIZE(ids);
	pi.map_ids = (__u64)(unsigned long)ids;
	err = bpf_obj_get_info_by_fd(prog_fd, &pi, &len);
	if (err)
		return -errno;
	for (i = 0; i < pi.nr_map_ids && i < ARRAY_SIZE(ids); i++) {
		struct bpf_map_info mi = {};
		__u32 mlen = sizeof(mi), key = 0;
		char val[64];

		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0 && (errno == EPERM || errno == EACCES)) {
			afudp_log(x->lg, LOG_ERR, why, x->ifindex);
			return -EPERM;
		}
		if (fd < 0)
			continue;
		if (bpf_obj_get_info_by_fd(fd, &mi, &mlen)) {
			close(fd);
			continue;
		}
		m = map_named(mi.name);
		if (m == MAP_NR && strstr(mi.name, ".rodata") &&
		    mi.value_size >= 4 && mi.value_size <= sizeof(val) &&
		    !bpf_map_lookup_elem(fd, &key, val))
			memcpy(&version, val, 4);
		if (m < MAP_NR && x->map_fd[m] < 0)
			x->map_fd[m] = fd;
		else
			close(fd);
	}
	if (version != AFUDP_PROG_VERSION) {
		afudp_log(x->lg, LOG_ERR,
			  "the afudp program on ifindex %d is version %u, this library needs %u: stop the processes using it first",
			  x->ifindex, version, AFUDP_PROG_VERSION);
		return -EPROTO;
	}
	for (m = 0; m < MAP_NR; m++)
		if (x->map_fd[m] < 0)
			return -ENOENT;
	/* Bound to the device or not, as its first process loaded it. */
	x->rx_ts = cfg_flags(x) & AFUDP_CFG_RX_TS;
	x->frags = cfg_flags(x) & AFUDP_CFG_FRAGS;
	return 0;
}

int afudp_xdp_open(struct afudp_xdp **out, int ifindex,
		   enum afudp_xdp_mode mode_req, bool rx_ts,
		   const struct afudp_logger *lg)
{
	struct afudp_xdp *x;
	enum xdp_map m;
	int err, tries;

	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->ifindex = ifindex;
	x->lg = lg;
	x->rx_ts_req = rx_ts;
	for (m = 0; m < MAP_NR; m++)
		x->map_fd[m] = -1;
	x->lock_fd = -1;
	x->other.fd = -1;

	for (tries = 0; tries < 100; tries++) {
		if (x->lock_fd >= 0)
			close(x->lock_fd);
		x->lock_fd = open_lock(ifindex, x->lock_path,
				       sizeof(x->lock_path), lg);
		if (x->lock_fd < 0) {
			err = x->lock_fd;
			goto err_free;
		}
		if (!ofd_lock(x->lock_fd, F_WRLCK, LOCK_USE, false)) {
			if (!lock_current(x))
				continue;	/* unlinked by a last user */
			/* Alone: what is there is a dead process's. */
			err = remove_afudp_progs(x);
			if (err < 0)
				goto err_unlock;
			x->reclaimed = err > 0;
			err = attach_own(x, mode_req);
			if (err)
				goto err_unlock;
			/* Atomic downgrade: no one sees us as absent. */
			err = ofd_lock(x->lock_fd, F_RDLCK, LOCK_USE, false);
			if (err)
				goto err_detach;
			*out = x;
			return 0;
		}
		err = ofd_lock(x->lock_fd, F_RDLCK, LOCK_USE, true);
		if (err)
			goto err_close;
		if (!lock_current(x))
			continue;
		err = find_prog(x, &x->other);
		if (err < 0)
			goto err_unlock;
		x->mode = x->other.mode;
		if (err == 1) {
			if (!mode_ok(mode_req, x->mode)) {
				afudp_log(lg, LOG_ERR,
					  "the shared afudp program on ifindex %d runs in %s mode, not the mode asked for",
					  ifindex,
					  afudp_xdp_mode_str(mode_of(x->mode)));
				err = -EOPNOTSUPP;
				goto err_unlock;
			}
			x->shared = true;
			err = adopt(x);
			if (err)
				goto err_unlock;
			*out = x;
			return 0;
		}
		/* Its last user left between our two locks: start over. */
		ofd_lock(x->lock_fd, F_UNLCK, LOCK_USE, false);
	}
	close(x->lock_fd);
	x->lock_fd = -1;
	err = -EAGAIN;
	goto err_close;

err_detach:
	/* Still alone (exclusive lock): any afudp program is the one we put. */
	remove_afudp_progs(x);
err_unlock:
	ofd_lock(x->lock_fd, F_UNLCK, LOCK_USE, false);
err_close:
	if (x->lock_fd >= 0)
		close(x->lock_fd);
err_free:
	xdp_program__close(x->prog);
	found_close(&x->other);
	skel_destroy(x);
	if (x->shared)
		close_maps(x);
	free(x);
	return err;
}

void afudp_xdp_close(struct afudp_xdp *x)
{
	if (!x)
		return;
	/* The last user removes the program and the lock file. */
	if (!ofd_lock(x->lock_fd, F_WRLCK, LOCK_USE, false)) {
		remove_afudp_progs(x);
		unlink(x->lock_path);
	}
	close(x->lock_fd);
	if (x->pmtu_seq)
		munmap(x->pmtu_seq, (size_t)sysconf(_SC_PAGESIZE));
	if (x->shared)
		close_maps(x);
	xdp_program__close(x->prog);
	found_close(&x->other);
	skel_destroy(x);
	free(x);
}

enum afudp_xdp_mode afudp_xdp_mode(const struct afudp_xdp *x)
{
	return mode_of(x->mode);
}

bool afudp_xdp_shared(const struct afudp_xdp *x)
{
	return x->shared;
}

bool afudp_xdp_reclaimed(const struct afudp_xdp *x)
{
	return x->reclaimed;
}

bool afudp_xdp_rx_ts(const struct afudp_xdp *x)
{
	return x->rx_ts;
}

bool afudp_xdp_frags(const struct afudp_xdp *x)
{
	return x->frags;
}

unsigned int afudp_xdp_prog_id(const struct afudp_xdp *x)
{
	return x->prog ? xdp_program__id(x->prog) : x->other.id;
}

/* Slots and the entries that record them change under the ALLOC lock. */
static int alloc_lock(struct afudp_xdp *x)
{
	return ofd_lock(x->lock_fd, F_WRLCK, LOCK_ALLOC, true);
}

static void alloc_unlock(struct afudp_xdp *x)
{
	ofd_lock(x->lock_fd, F_UNLCK, LOCK_ALLOC, false);
}

/* XSKMAP slots a port entry spans: @stride for each queue covered. */
static __u32 span(const struct afudp_port_val *v)
{
	return v->nslots * (v->stride ? v->stride : 1);
}

static void clear_slots(struct afudp_xdp *x, const struct afudp_port_val *v)
{
	__u32 s;

	for (s = v->base; s < v->base + span(v) && s < AFUDP_MAX_SLOTS; s++)
		bpf_map_delete_elem(x->map_fd[MAP_XSKS], &s);
}

/*
 * An entry of either ports map (IPv4's, IPv6's): both begin with a
 * struct afudp_port_val, all that slot bookkeeping reads.
 */
union port_entry {
	struct afudp_port_val p;
	struct afudp_port6_val p6;
};

/* First fit of @n free slots among the ranges the ports maps record. */
static int alloc_slots(struct afudp_xdp *x, unsigned int n, __u32 *base)
{
	unsigned char used[AFUDP_MAX_SLOTS];
	static const enum xdp_map ports[] = { MAP_PORTS, MAP_PORTS6 };
	struct afudp_port_key key, *prev;
	union port_entry v;
	unsigned int i;
	__u32 b, s;
	int m;

	memset(used, 0, sizeof(used));
	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		m = ports[i];
		prev = NULL;
		while (!bpf_map_get_next_key(x->map_fd[m], prev, &key)) {
			prev = &key;
			if (bpf_map_lookup_elem(x->map_fd[m], &key, &v))
				continue;
			for (s = v.p.base;
			     s < v.p.base + span(&v.p) && s < AFUDP_MAX_SLOTS;
			     s++)
				used[s] = 1;
		}
	}
	/* The group XSKs' slots, which every entry of a process repeats. */
	{
		struct afudp_mc_key mk, *mprev = NULL;
		struct afudp_mc_val mv;

		while (!bpf_map_get_next_key(x->map_fd[MAP_MCAST], mprev, &mk)) {
			mprev = &mk;
			if (bpf_map_lookup_elem(x->map_fd[MAP_MCAST], &mk, &mv))
				continue;
			for (s = mv.base;
			     s < mv.base + mv.nslots && s < AFUDP_MAX_SLOTS; s++)
				used[s] = 1;
		}
	}
	for (b = 0; b + n <= AFUDP_MAX_SLOTS; b++) {
		for (s = 0; s < n && !used[b + s]; s++)
			;
		if (s == n) {
			*base = b;
			return 0;
		}
		b += s;
	}
	return -ENOSPC;
}

/* Queue q's first slot is @base + q * @stride: @fds[q] there, if >= 0. */
static int fill_slots(struct afudp_xdp *x, __u32 base, __u32 stride,
		      const int *fds, unsigned int nq)
{
	unsigned int q;
	__u32 s;

	for (q = 0; q < nq; q++) {
		if (fds[q] < 0)
			continue;
		s = base + q * stride;
		if (bpf_map_update_elem(x->map_fd[MAP_XSKS], &s, &fds[q], 0))
			return -errno;
	}
	return 0;
}

/*
 * Does @v belong to a process still running? Only asked where the port may
 * be shared in the kernel (SO_REUSEPORT), so that the caller's bind proves
 * nothing; a pid in another pid namespace reads as gone.
 */
static bool pid_alive(__u32 pid)
{
	if (!pid || pid == (__u32)getpid())
		return false;
	return !kill((pid_t)pid, 0) || errno == EPERM;
}

static bool owner_alive(const struct afudp_port_val *v)
{
	return pid_alive(v->pid);
}

/*
 * Publish @ne (its p.base filled here) as @port's entry in ports map @m:
 * afudp_xdp_port_add()'s work, for either family.
 */
static int port_publish(struct afudp_xdp *x, enum xdp_map m, __be16 port,
			union port_entry *ne, const int *fds, unsigned int nq,
			bool shared)
{
	const char *fam = m == MAP_PORTS6 ? "IPv6 " : "";
	struct afudp_port_key key = { .port = port, .vid = x->vid };
	union port_entry v;
	int err;

	err = alloc_lock(x);
	if (err)
		return err;
	/*
	 * The caller holds the port through its kernel socket, so an entry
	 * still here belongs to a process that died: clear it. Unless the
	 * kernel shares the port (SO_REUSEPORT): then another process may
	 * hold it, and its live entry stays.
	 */
	if (!bpf_map_lookup_elem(x->map_fd[m], &key, &v)) {
		if (shared && owner_alive(&v.p)) {
			afudp_log(x->lg, LOG_INFO,
				  "%sport %u: process %u serves it already",
				  fam, ntohs(port), v.p.pid);
			err = -EADDRINUSE;
			goto out;
		}
		afudp_log(x->lg, LOG_INFO, "%sport %u: replacing a stale entry",
			  fam, ntohs(port));
		bpf_map_delete_elem(x->map_fd[m], &key);
		clear_slots(x, &v.p);
	}
	err = alloc_slots(x, nq * ne->p.stride, &ne->p.base);
	if (err)
		goto out;
	err = fill_slots(x, ne->p.base, ne->p.stride, fds, nq);
	if (err) {
		clear_slots(x, &ne->p);
		goto out;
	}
	/* Published last: the program never sees a port without its slots. */
	if (bpf_map_update_elem(x->map_fd[m], &key, ne, BPF_NOEXIST)) {
		err = errno == EEXIST ? -EADDRINUSE : -errno;
		clear_slots(x, &ne->p);
	}
out:
	alloc_unlock(x);
	return err;
}

static void port_unpublish(struct afudp_xdp *x, enum xdp_map m, __be16 port)
{
	struct afudp_port_key key = { .port = port, .vid = x->vid };
	union port_entry v;

	if (alloc_lock(x))
		return;
	if (!bpf_map_lookup_elem(x->map_fd[m], &key, &v)) {
		bpf_map_delete_elem(x->map_fd[m], &key);
		clear_slots(x, &v.p);
	}
	alloc_unlock(x);
}

int afudp_xdp_port_add(struct afudp_xdp *x, __be16 port, __be32 addr,
		       const int *fds, unsigned int nq, unsigned int max_len,
		       unsigned int stride, bool shared)
{
	union port_entry ne = { .p = { .nslots = nq, .addr = addr,
				       .max_len = max_len,
				       .stride = stride ? stride : 1,
				       .nshards = 1, .pid = getpid() } };

	return port_publish(x, MAP_PORTS, port, &ne, fds, nq, shared);
}

void afudp_xdp_port_del(struct afudp_xdp *x, __be16 port)
{
	port_unpublish(x, MAP_PORTS, port);
}

int afudp_xdp_port6_add(struct afudp_xdp *x, __be16 port,
			const struct in6_addr *addr, const int *fds,
			unsigned int nq, unsigned int max_len,
			unsigned int stride, bool shared)
{
	union port_entry ne = { .p6 = { .p = { .nslots = nq,
					       .max_len = max_len,
					       .stride = stride ? stride : 1,
					       .nshards = 1,
					       .pid = getpid() } } };

	if (addr)
		memcpy(ne.p6.addr, addr, sizeof(ne.p6.addr));
	return port_publish(x, MAP_PORTS6, port, &ne, fds, nq, shared);
}

void afudp_xdp_port6_del(struct afudp_xdp *x, __be16 port)
{
	port_unpublish(x, MAP_PORTS6, port);
}

/* The ports map of a family: IPv4's or (@v6) IPv6's. */
static enum xdp_map ports_map(bool v6)
{
	return v6 ? MAP_PORTS6 : MAP_PORTS;
}

static int slots_update(struct afudp_xdp *x, __be16 port, bool v6,
			const int *fds, unsigned int nq, bool set)
{
	struct afudp_port_key key = { .port = port, .vid = x->vid };
	union port_entry v;
	unsigned int q;
	int err = 0;
	__u32 s;

	if (bpf_map_lookup_elem(x->map_fd[ports_map(v6)], &key, &v))
		return -ENOENT;
	for (q = 0; q < nq && q < v.p.nslots; q++) {
		if (fds[q] < 0)
			continue;
		s = v.p.base + q * v.p.stride;
		if (set && bpf_map_update_elem(x->map_fd[MAP_XSKS], &s, &fds[q], 0))
			err = -errno;
		else if (!set)
			bpf_map_delete_elem(x->map_fd[MAP_XSKS], &s);
	}
	return err;
}

int afudp_xdp_slots_set(struct afudp_xdp *x, __be16 port, bool v6,
			const int *fds, unsigned int nq)
{
	return slots_update(x, port, v6, fds, nq, true);
}

void afudp_xdp_slots_clear(struct afudp_xdp *x, __be16 port, bool v6,
			   const int *fds, unsigned int nq)
{
	slots_update(x, port, v6, fds, nq, false);
}

/* Queue @q's slot @i of port entry @v. */
static __u32 shard_slot(const struct afudp_port_val *v, unsigned int q,
			unsigned int i)
{
	return v->base + q * v->stride + i;
}

int afudp_xdp_shard_join(struct afudp_xdp *x, __be16 port, bool v6,
			 const int *fds, unsigned int nq)
{
	struct afudp_port_key key = { .port = port, .vid = x->vid };
	int m = x->map_fd[ports_map(v6)];
	union port_entry e;
	struct afudp_port_val *v = &e.p;
	unsigned int q;
	__u32 s;

	if (bpf_map_lookup_elem(m, &key, &e))
		return -ENOENT;
	if (v->nshards >= v->stride)
		return -ENOSPC;
	for (q = 0; q < nq && q < v->nslots; q++) {
		if (fds[q] < 0)
			continue;
		s = shard_slot(v, q, v->nshards);
		if (bpf_map_update_elem(x->map_fd[MAP_XSKS], &s, &fds[q], 0)) {
			int err = -errno;

			while (q--) {
				s = shard_slot(v, q, v->nshards);
				bpf_map_delete_elem(x->map_fd[MAP_XSKS], &s);
			}
			return err;
		}
	}
	/* Counted last: the hash never picks a slot before it is filled. */
	v->nshards++;
	if (bpf_map_update_elem(m, &key, &e, BPF_EXIST)) {
		int err = -errno;

		v->nshards--;
		for (q = 0; q < nq && q < v->nslots; q++) {
			s = shard_slot(v, q, v->nshards);
			bpf_map_delete_elem(x->map_fd[MAP_XSKS], &s);
		}
		return err;
	}
	return (int)v->nshards - 1;
}

void afudp_xdp_shard_leave(struct afudp_xdp *x, __be16 port, bool v6,
			   unsigned int i, const int *last_fds,
			   unsigned int nq)
{
	struct afudp_port_key key = { .port = port, .vid = x->vid };
	int m = x->map_fd[ports_map(v6)];
	union port_entry e;
	struct afudp_port_val *v = &e.p;
	unsigned int q, last;
	__u32 s;

	if (bpf_map_lookup_elem(m, &key, &e) || i >= v->nshards)
		return;
	last = v->nshards - 1;
	/*
	 * The last socket takes slot @i first, so a flow hashed to @i meets
	 * a live XSK all along; where it cannot, the slot empties (the kernel
	 * socket then delivers), it never keeps the leaving XSK.
	 */
	for (q = 0; i != last && q < v->nslots; q++) {
		s = shard_slot(v, q, i);
		if (q >= nq || last_fds[q] < 0 ||
		    bpf_map_update_elem(x->map_fd[MAP_XSKS], &s, &last_fds[q], 0))
			bpf_map_delete_elem(x->map_fd[MAP_XSKS], &s);
	}
	/* Then the hash stops choosing the last slot, and it empties. */
	v->nshards = last;
	bpf_map_update_elem(m, &key, &e, BPF_EXIST);
	for (q = 0; q < v->nslots; q++) {
		s = shard_slot(v, q, last);
		bpf_map_delete_elem(x->map_fd[MAP_XSKS], &s);
	}
}

int afudp_xdp_mc_add(struct afudp_xdp *x, const struct afudp_mc_key *k,
		     const int *fds, unsigned int nq, unsigned int max_len,
		     __u32 *base)
{
	struct afudp_mc_val v, nv = { .nslots = nq, .max_len = max_len,
				      .pid = getpid() };
	/* The group XSKs' slots, as a port's (stride 1) to clear them. */
	struct afudp_port_val range = { .nslots = nq, .stride = 1 };
	bool fresh = *base == UINT32_MAX;
	int err = alloc_lock(x);

	if (err)
		return err;
	if (!bpf_map_lookup_elem(x->map_fd[MAP_MCAST], k, &v) &&
	    (pid_alive(v.pid) || !v.nslots)) {
		afudp_log(x->lg, LOG_INFO,
			  "group %08x port %u: joined by another process too: the kernel delivers it",
			  ntohl(k->group), ntohs(k->port));
		v = (struct afudp_mc_val){ 0 };
		err = bpf_map_update_elem(x->map_fd[MAP_MCAST], k, &v, 0) ?
			      -errno : 0;
		goto out;
	}
	if (fresh) {
		err = alloc_slots(x, nq, base);
		if (err)
			goto out;
		range.base = *base;
		err = fill_slots(x, *base, 1, fds, nq);
		if (err)
			goto err_slots;
	}
	nv.base = *base;
	/* Published after its slots, as a port is. */
	if (!bpf_map_update_elem(x->map_fd[MAP_MCAST], k, &nv, 0))
		goto out;
	err = -errno;
err_slots:
	if (fresh) {
		clear_slots(x, &range);
		*base = UINT32_MAX;
	}
out:
	alloc_unlock(x);
	return err;
}

void afudp_xdp_mc_del(struct afudp_xdp *x, const struct afudp_mc_key *k,
		      bool last, __u32 base, unsigned int nq)
{
	struct afudp_port_val range = { .base = base, .nslots = nq,
					.stride = 1 };
	struct afudp_mc_val v;

	if (alloc_lock(x))
		return;
	if (!bpf_map_lookup_elem(x->map_fd[MAP_MCAST], k, &v) &&
	    v.pid == (__u32)getpid())
		bpf_map_delete_elem(x->map_fd[MAP_MCAST], k);
	if (last && base != UINT32_MAX)
		clear_slots(x, &range);
	alloc_unlock(x);
}

void afudp_xdp_set_vid(struct afudp_xdp *x, __u16 vid)
{
	x->vid = vid;
}

int afudp_xdp_set_addrs(struct afudp_xdp *x, const __be32 *addrs, int n)
{
	struct afudp_addr_key key = { .vid = x->vid }, next, *prev = NULL;
	__u32 one = 1;
	int i, err = 0;

	/* Add the new set before removing the old: no window without. */
	for (i = 0; i < n; i++) {
		key.addr = addrs[i];
		if (bpf_map_update_elem(x->map_fd[MAP_ADDRS], &key, &one, 0))
			err = -errno;
	}
	/* Only this VLAN's: the others belong to other stacks. */
	while (!bpf_map_get_next_key(x->map_fd[MAP_ADDRS], prev, &next)) {
		for (i = 0; i < n && addrs[i] != next.addr; i++)
			;
		if (next.vid == x->vid && i == n) {
			bpf_map_delete_elem(x->map_fd[MAP_ADDRS], &next);
			prev = NULL;	/* iteration restarts after a delete */
			continue;
		}
		key = next;
		prev = &key;
	}
	return err;
}

int afudp_xdp_set_addrs6(struct afudp_xdp *x, const struct in6_addr *addrs,
			 int n)
{
	struct afudp_addr6_key key = { .vid = x->vid }, next, *prev = NULL;
	__u32 one = 1;
	int i, err = 0;

	_Static_assert(sizeof(key.addr) == sizeof(*addrs), "one IPv6 address");
	/* As afudp_xdp_set_addrs(): the new set first, then the old goes. */
	for (i = 0; i < n; i++) {
		memcpy(&key.addr, &addrs[i], sizeof(key.addr));
		if (bpf_map_update_elem(x->map_fd[MAP_ADDRS6], &key, &one, 0))
			err = -errno;
	}
	/* Only this VLAN's: the others belong to other stacks. */
	while (!bpf_map_get_next_key(x->map_fd[MAP_ADDRS6], prev, &next)) {
		for (i = 0; i < n && memcmp(&addrs[i], &next.addr,
					    sizeof(next.addr));
		     i++)
			;
		if (next.vid == x->vid && i == n) {
			bpf_map_delete_elem(x->map_fd[MAP_ADDRS6], &next);
			prev = NULL;	/* iteration restarts after a delete */
			continue;
		}
		key = next;
		prev = &key;
	}
	return err;
}

int afudp_xdp_set_mac(struct afudp_xdp *x, const uint8_t mac[6])
{
	struct afudp_cfg cfg = { .flags = cfg_flags(x) };
	struct afudp_vlan_val vv = { 0 };
	__u32 key = 0;

	if (x->vid) {
		key = x->vid;
		memcpy(vv.mac, mac, sizeof(vv.mac));
		return bpf_map_update_elem(x->map_fd[MAP_VLANS], &key, &vv, 0) ?
			       -errno : 0;
	}
	memcpy(cfg.mac, mac, sizeof(cfg.mac));
	return bpf_map_update_elem(x->map_fd[MAP_CFG], &key, &cfg, 0) ? -errno : 0;
}

int afudp_xdp_counters(struct afudp_xdp *x, uint64_t *cnt)
{
	int ncpu = libbpf_num_possible_cpus();
	__u32 i;
	int c;

	if (ncpu <= 0)
		return -EINVAL;
	{
		uint64_t vals[ncpu];

		for (i = 0; i < AFUDP_XDP_CNT_NR; i++) {
			cnt[i] = 0;
			if (bpf_map_lookup_elem(x->map_fd[MAP_CNT], &i, vals))
				return -errno;
			for (c = 0; c < ncpu; c++)
				cnt[i] += vals[c];
		}
	}
	return 0;
}

const volatile uint64_t *afudp_xdp_pmtu_seq(struct afudp_xdp *x)
{
	void *p;

	if (x->pmtu_seq)
		return x->pmtu_seq;
	/* Read-only: the program alone writes it. */
	p = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED,
		 x->map_fd[MAP_PMTU_SEQ], 0);
	if (p == MAP_FAILED) {
		afudp_log(x->lg, LOG_WARNING,
			  "path MTU: cannot map the program's news counter (%s): Packet Too Big and fragmentation-needed messages are not followed",
			  strerror(errno));
		return NULL;
	}
	x->pmtu_seq = p;
	return p;
}

int afudp_xdp_pmtu_read(void *ctx, struct afudp_rt_pmtu *out, int max)
{
	struct afudp_xdp *x = ctx;
	struct afudp_pmtu_key k, next;
	struct afudp_pmtu_val v;
	void *prev = NULL;
	int n = 0;

	while (n < max &&
	       !bpf_map_get_next_key(x->map_fd[MAP_PMTU], prev, &next)) {
		k = next;
		prev = &k;
		if (k.vid != x->vid ||
		    bpf_map_lookup_elem(x->map_fd[MAP_PMTU], &k, &v))
			continue;
		memcpy(&out[n].addr, &k.addr, sizeof(out[n].addr));
		out[n].mtu = v.mtu;
		out[n].ns = v.ns;
		n++;
	}
	return n;
}
