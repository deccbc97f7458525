// SPDX-License-Identifier: BSD-2-Clause
/*
 * afudp-stat: the live counters of every afudp stack on this machine.
 *
 * Each stack publishes its sockets' counters in /dev/shm/afudp.<pid>.<n>
 * (lib/statshm.h). To those this adds what only the kernel knows: the XDP
 * program's per-CPU verdict counters (found by program id) and each XSK's
 * XDP_STATISTICS (the XSK fd duplicated from the process with
 * pidfd_getfd(2), which needs the same privileges as ptrace).
 *
 *   afudp-stat [-p PID] [-w] [-n COUNT]
 *	-w: every second, print rates instead of totals (COUNT times)
 *   afudp-stat [-p PID] --json | --prometheus
 *	the same totals for programs: one JSON document, or Prometheus's
 *	text exposition format (docs/STAT.md lists every field)
 *   afudp-stat [-p PID] --listen [ADDR:]PORT
 *	serve the Prometheus text on GET /metrics (HTTP/1.0, one request
 *	at a time) until SIGTERM or SIGINT; ADDR is 127.0.0.1 unless named
 *	(IPv4, or IPv6 in brackets)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_xdp.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "statshm.h"
#include "../bpf/afudp_shared.h"

#define MAX_STACKS 64

/*
 * The XDP program's counters: the table's name, the machines' name (that
 * of struct afudp_stack_stats without "xdp_"), and whether it counts a
 * verdict or, of the redirected frames, some (not to be added to them).
 */
static const struct xdp_cnt {
	const char *name, *key, *help;
	bool subset;
} xdp_cnt[AFUDP_XDP_CNT_NR] = {
	[AFUDP_XDP_REDIRECTED] = { "redirected", "redirected",
		"Handed to an afudp socket's XSK" },
	[AFUDP_XDP_PASS_NOT_IPV4] = { "not-ipv4", "pass_not_ipv4",
		"Passed to the kernel: not IP (ARP, ...), tagged or not" },
	[AFUDP_XDP_PASS_TRUNC] = { "trunc", "pass_trunc",
		"Passed to the kernel: truncated headers" },
	[AFUDP_XDP_PASS_BAD_IP] = { "bad-ip", "pass_bad_ip",
		"Passed to the kernel: inconsistent IP header" },
	[AFUDP_XDP_PASS_FRAGMENT] = { "fragment", "pass_fragment",
		"Passed to the kernel: IP fragment" },
	[AFUDP_XDP_PASS_NOT_UDP] = { "not-udp", "pass_not_udp",
		"Passed to the kernel: not UDP" },
	[AFUDP_XDP_PASS_NOT_LOCAL] = { "not-local", "pass_not_local",
		"Passed to the kernel: for another host or address" },
	[AFUDP_XDP_PASS_MCAST] = { "mcast", "pass_mcast",
		"Passed to the kernel: multicast or broadcast, no member socket" },
	[AFUDP_XDP_PASS_NO_PORT] = { "no-port", "pass_no_port",
		"Passed to the kernel: no afudp socket on the port" },
	[AFUDP_XDP_PASS_NO_QUEUE] = { "no-queue", "pass_no_queue",
		"Passed to the kernel: no XSK of the socket on the queue" },
	[AFUDP_XDP_PASS_TOO_BIG] = { "too-big", "pass_too_big",
		"Passed to the kernel: larger than a UMEM frame" },
	[AFUDP_XDP_PASS_OTHER_MAC] = { "other-mac", "pass_other_mac",
		"Passed to the kernel: unicast to another MAC" },
	[AFUDP_XDP_PASS_MARTIAN] = { "martian", "pass_martian",
		"Passed to the kernel: impossible or own source address" },
	[AFUDP_XDP_PASS_IP_OPTIONS] = { "ip-options", "pass_ip_options",
		"Passed to the kernel: IPv4 options" },
	[AFUDP_XDP_SPREAD] = { "spread", "redirected_spread",
		"Of redirected, spread over a reuseport group by hash", true },
	[AFUDP_XDP_MC_REDIRECTED] = { "mcast-redirected", "redirected_mcast",
		"Of redirected, multicast copied to member sockets", true },
	[AFUDP_XDP_PASS_VLAN] = { "vlan", "pass_vlan",
		"Passed to the kernel: a VLAN no afudp stack serves, 802.1ad, two tags" },
	[AFUDP_XDP_VLAN_REDIRECTED] = { "vlan-redirected", "redirected_vlan",
		"Of redirected, 802.1Q-tagged", true },
	[AFUDP_XDP_PASS_IP6_EXT] = { "ip6-ext", "pass_ip6_ext",
		"Passed to the kernel: IPv6 extension header" },
	[AFUDP_XDP_REDIRECTED6] = { "redirected6", "redirected6",
		"Of redirected, IPv6 datagrams", true },
	[AFUDP_XDP_PMTU] = { "pmtu", "pmtu_noted",
		"Of not-udp, ICMP path MTU messages for afudp ports, noted", true },
};

/* A socket's counters in the machines' output, named as in afudp.h. */
static const struct sock_field {
	const char *name, *help;
	size_t off;
} sock_fields[] = {
#define F(x, h) { #x, h, offsetof(struct afudp_socket_stats, x) }
	F(rx_packets, "Datagrams received, both paths"),
	F(rx_bytes, "UDP payload bytes received, both paths"),
	F(tx_packets, "Datagrams sent, both paths"),
	F(tx_bytes, "UDP payload bytes sent, both paths"),
	F(rx_slow, "Of rx_packets, those through the kernel socket"),
	F(tx_slow, "Of tx_packets, those through the kernel socket"),
	F(tx_slow_no_neigh, "Slow-path sends: neighbour not resolved"),
	F(tx_slow_local, "Slow-path sends: destination on this host"),
	F(tx_slow_mtu, "Slow-path sends: larger than the path MTU"),
	F(tx_slow_other, "Slow-path sends: other interface, link down..."),
	F(rx_drop_csum, "Datagrams dropped: bad IPv4 or UDP checksum"),
	F(rx_drop_malformed, "Datagrams dropped: other parse failure"),
	F(rx_drop_filtered, "Datagrams dropped: not from the connected peer"),
	F(rx_drop_rpf, "Datagrams dropped: reverse-path filter"),
	F(tx_ring_full, "Sends that found the TX ring full"),
	F(tx_kicks, "TX wake-up syscalls"),
	F(rx_wakeups, "Receive calls that slept in poll()"),
#undef F
};

/* An XSK's XDP_STATISTICS, named as in <linux/if_xdp.h>. */
static const struct sock_field xsk_fields[] = {
#define F(x, h) { #x, h, offsetof(struct xdp_statistics, x) }
	F(rx_dropped, "Frames the kernel dropped for other reasons"),
	F(rx_invalid_descs, "Invalid RX descriptors"),
	F(tx_invalid_descs, "Invalid TX descriptors"),
	F(rx_ring_full, "Frames dropped: RX ring full"),
	F(rx_fill_ring_empty_descs, "Times the fill ring was found empty"),
	F(tx_ring_empty_descs, "Times the TX ring was found empty"),
#undef F
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define FIELD(p, f) (*(const uint64_t *)((const char *)(p) + (f)->off))

/* What one look at a stack gives; two looks make rates. */
struct snap {
	char name[256];
	int seq;	/* <n> of the file's name: the process's nth stack */
	struct afudp_shm shm;
	uint64_t xdp[AFUDP_XDP_CNT_NR];
	bool xdp_ok;	/* the XDP program's counters could be read */
	struct xdp_statistics xs[AFUDP_SHM_SOCKS][AFUDP_SHM_QUEUES];
	int xs_ok;	/* XDP_STATISTICS could be read */
	uint8_t xs_got[AFUDP_SHM_SOCKS][AFUDP_SHM_QUEUES]; /* that one was */
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: afudp-stat [-p PID] [-w] [-n COUNT]\n"
		"       afudp-stat [-p PID] --json | --prometheus\n"
		"       afudp-stat [-p PID] --listen [ADDR:]PORT\n"
		"Print the counters of the afudp stacks running on this machine.\n"
		"  -p PID     only this process\n"
		"  -w         watch: print rates every second\n"
		"  -n COUNT   with -w, stop after COUNT intervals\n"
		"  --json     the totals as one JSON document\n"
		"  --prometheus\n"
		"             the totals in Prometheus's text exposition format\n"
		"             (for node_exporter's textfile collector)\n"
		"  --listen [ADDR:]PORT\n"
		"             serve that text on GET /metrics over HTTP until\n"
		"             SIGTERM or SIGINT; on 127.0.0.1 unless ADDR is named\n"
		"             (0.0.0.0: every address; IPv6 as [ADDR]:PORT,\n"
		"             [::]: every address of both families)\n"
		"The fields are listed in docs/STAT.md.\n");
}

/* Socket @s's bound address as text: A.B.C.D, or an IPv6 address. */
static const char *sock_addr(const struct afudp_shm_sock *s, char *buf)
{
	if (s->family == AF_INET6)
		return inet_ntop(AF_INET6, s->addr6, buf, INET6_ADDRSTRLEN);
	return inet_ntop(AF_INET, &s->addr, buf, INET6_ADDRSTRLEN);
}

static bool alive(pid_t pid)
{
	return !kill(pid, 0) || errno == EPERM;
}

/*
 * The XDP program's counters, summed over CPUs, found by program id.
 * Returns whether its counters map was found (CAP_BPF...).
 */
static bool read_xdp(uint32_t prog_id, uint64_t *cnt)
{
	struct bpf_prog_info pi = { 0 };
	__u32 len = sizeof(pi), ids[16], i, k;
	int ncpu = libbpf_num_possible_cpus(), pfd, fd;
	bool found = false;

	memset(cnt, 0, AFUDP_XDP_CNT_NR * sizeof(*cnt));
	pfd = bpf_prog_get_fd_by_id(prog_id);
	if (pfd < 0 || ncpu <= 0)
		return false;
	pi.nr_map_ids = 16;
	pi.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(pfd, &pi, &len))
		goto out;
	for (i = 0; i < pi.nr_map_ids && i < 16; i++) {
		struct bpf_map_info mi = { 0 };
		__u32 mlen = sizeof(mi);
		uint64_t v[ncpu];

		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen) &&
		    !strcmp(mi.name, AFUDP_CNT_MAP)) {
			found = true;
			for (k = 0; k < AFUDP_XDP_CNT_NR; k++) {
				if (bpf_map_lookup_elem(fd, &k, v))
					continue;
				for (int c = 0; c < ncpu; c++)
					cnt[k] += v[c];
			}
		}
		close(fd);
	}
out:
	close(pfd);
	return found;
}

/* XDP_STATISTICS of the process's XSKs, through duplicated fds. */
static int read_xsk_stats(struct snap *sn)
{
	const struct afudp_shm *m = &sn->shm;
	int pidfd, fd, i, q;
	socklen_t len;

	pidfd = syscall(SYS_pidfd_open, m->pid, 0);
	if (pidfd < 0)
		return -errno;
	for (i = 0; i < AFUDP_SHM_SOCKS; i++) {
		if (!m->socks[i].used)
			continue;
		for (q = 0; q < m->socks[i].nx && q < AFUDP_SHM_QUEUES; q++) {
			fd = syscall(SYS_pidfd_getfd, pidfd,
				     m->socks[i].xsk_fd[q], 0);
			if (fd < 0)
				continue;
			len = sizeof(sn->xs[i][q]);
			if (!getsockopt(fd, SOL_XDP, XDP_STATISTICS,
					&sn->xs[i][q], &len))
				sn->xs_got[i][q] = 1;
			close(fd);
		}
	}
	close(pidfd);
	return 0;
}

/* Snapshot every live stack; remove the files of dead processes. */
static int take(struct snap *sn, int max, pid_t only)
{
	struct dirent *de;
	int n = 0, fd;
	DIR *d = opendir("/dev/shm");
	void *p;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		if (strncmp(de->d_name, AFUDP_SHM_PREFIX,
			    strlen(AFUDP_SHM_PREFIX)))
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		p = mmap(NULL, sizeof(struct afudp_shm), PROT_READ,
			 MAP_SHARED, fd, 0);
		close(fd);
		if (p == MAP_FAILED)
			continue;
		memcpy(&sn[n].shm, p, sizeof(sn[n].shm));
		munmap(p, sizeof(struct afudp_shm));
		if (sn[n].shm.magic != AFUDP_SHM_MAGIC ||
		    sn[n].shm.version != AFUDP_SHM_VERSION)
			continue;
		if (!alive(sn[n].shm.pid)) {
			/* A crashed process's: nobody else will remove it. */
			unlinkat(dirfd(d), de->d_name, 0);
			continue;
		}
		if (only && sn[n].shm.pid != only)
			continue;
		snprintf(sn[n].name, sizeof(sn[n].name), "%s", de->d_name);
		sn[n].seq = atoi(strrchr(de->d_name, '.') + 1);
		sn[n].shm.ifname[sizeof(sn[n].shm.ifname) - 1] = '\0';
		memset(sn[n].xdp, 0, sizeof(sn[n].xdp));
		sn[n].xdp_ok = sn[n].shm.prog_id &&
			       read_xdp(sn[n].shm.prog_id, sn[n].xdp);
		memset(sn[n].xs, 0, sizeof(sn[n].xs));
		memset(sn[n].xs_got, 0, sizeof(sn[n].xs_got));
		sn[n].xs_ok = !read_xsk_stats(&sn[n]);
		n++;
	}
	closedir(d);
	return n;
}

static const char *mode_str(const struct afudp_shm *m)
{
	if (m->backend == AFUDP_BACKEND_KERNEL)
		return "kernel backend";
	return m->xdp_mode == AFUDP_XDP_MODE_SKB ?
		       (m->copy_mode == AFUDP_COPY_ZEROCOPY ? "xdp skb zero-copy" :
							       "xdp skb copy") :
		       (m->copy_mode == AFUDP_COPY_ZEROCOPY ? "xdp native zero-copy" :
							       "xdp native copy");
}

/* enum afudp_cap as afudp_cap_str() says it (this tool has no libafudp). */
static const char *cap_str(uint8_t c)
{
	return c == AFUDP_CAP_YES ? "yes" : c == AFUDP_CAP_NO ? "no" :
							       "not asked";
}

/*
 * Print @cur, or with @prev the rates per second since it (same stack
 * file, same socket slot; a socket new since then shows its totals).
 */
static void show(const struct snap *cur, const struct snap *prev, double dt)
{
	const struct afudp_shm *m = &cur->shm;
	double f = prev ? 1.0 / dt : 1.0;
	const char *u = prev ? "/s" : "";
	int i, q, k;

	printf("pid %d %s: %s, %u queue%s, xdp program %u\n", m->pid,
	       m->ifname, mode_str(m), m->n_queues, m->n_queues == 1 ? "" : "s",
	       m->prog_id);
	if (m->backend != AFUDP_BACKEND_KERNEL) {
		printf("  device: zero-copy %s, multi-buffer %s, TX checksum offload %s, hardware RX timestamps %s, preferred busy-poll %s",
		       cap_str(m->zerocopy), cap_str(m->multi_buffer),
		       cap_str(m->tx_csum_offload), cap_str(m->rx_ts_hw),
		       cap_str(m->busy_poll));
		if (m->busy_poll == AFUDP_CAP_YES)
			printf(" (%u us, budget %u)", m->busy_poll_usecs,
			       m->busy_poll_budget);
		printf("\n");
	}
	if (m->prog_id) {
		printf("  xdp%s:", u);
		for (k = 0; k < AFUDP_XDP_CNT_NR; k++)
			printf(" %s %.0f", xdp_cnt[k].name,
			       (double)(cur->xdp[k] -
					(prev ? prev->xdp[k] : 0)) * f);
		printf("\n");
	}
	for (i = 0; i < AFUDP_SHM_SOCKS; i++) {
		const struct afudp_shm_sock *s = &m->socks[i];
		const struct afudp_socket_stats *c = &s->c, *pc = NULL;
		char a[INET6_ADDRSTRLEN];
		bool v6 = s->family == AF_INET6;

		if (!s->used)
			continue;
		if (prev && prev->shm.socks[i].used &&
		    prev->shm.socks[i].port == s->port)
			pc = &prev->shm.socks[i].c;
#define R(x) ((double)(c->x - (pc ? pc->x : 0)) * (pc ? f : 1.0))
		printf("  socket %s%s%s:%u%s: rx %.0f pkts %.0f bytes (slow %.0f), tx %.0f pkts %.0f bytes (slow %.0f)\n",
		       v6 ? "[" : "", sock_addr(s, a), v6 ? "]" : "",
		       ntohs(s->port), pc ? " per second" : "",
		       R(rx_packets), R(rx_bytes), R(rx_slow), R(tx_packets),
		       R(tx_bytes), R(tx_slow));
		printf("    tx slow: no-neigh %.0f local %.0f mtu %.0f other %.0f; rx drops: csum %.0f malformed %.0f filtered %.0f rpf %.0f; tx ring full %.0f, kicks %.0f, rx sleeps %.0f\n",
		       R(tx_slow_no_neigh), R(tx_slow_local), R(tx_slow_mtu),
		       R(tx_slow_other), R(rx_drop_csum), R(rx_drop_malformed),
		       R(rx_drop_filtered), R(rx_drop_rpf), R(tx_ring_full),
		       R(tx_kicks),
		       R(rx_wakeups));
#undef R
		for (q = 0; cur->xs_ok && q < s->nx && q < AFUDP_SHM_QUEUES;
		     q++) {
			const struct xdp_statistics *x = &cur->xs[i][q];
			const struct xdp_statistics *px =
				pc ? &prev->xs[i][q] : NULL;
#define X(f_) ((double)(x->f_ - (px ? px->f_ : 0)) * (px ? f : 1.0))
			printf("    queue %u: rx dropped %.0f, rx ring full %.0f, fill empty %.0f, invalid descs rx %.0f tx %.0f\n",
			       s->qid[q], X(rx_dropped), X(rx_ring_full),
			       X(rx_fill_ring_empty_descs), X(rx_invalid_descs),
			       X(tx_invalid_descs));
#undef X
		}
	}
}

/* ---- for machines: JSON, Prometheus ------------------------------------ */

static const char *backend_str(const struct afudp_shm *m)
{
	return m->backend == AFUDP_BACKEND_KERNEL ? "kernel" : "xdp";
}

static const char *xdp_mode_str(const struct afudp_shm *m)
{
	if (m->backend == AFUDP_BACKEND_KERNEL)
		return NULL;
	return m->xdp_mode == AFUDP_XDP_MODE_SKB ? "skb" : "native";
}

static const char *copy_mode_str(const struct afudp_shm *m)
{
	if (m->backend == AFUDP_BACKEND_KERNEL)
		return NULL;
	return m->copy_mode == AFUDP_COPY_ZEROCOPY ? "zerocopy" : "copy";
}

static int nsocks(const struct snap *sn)
{
	int i, n = 0;

	for (i = 0; i < AFUDP_SHM_SOCKS; i++)
		n += !!sn->shm.socks[i].used;
	return n;
}

static int nxsks(const struct afudp_shm_sock *s)
{
	return s->nx < AFUDP_SHM_QUEUES ? s->nx : AFUDP_SHM_QUEUES;
}

/* An interface name may hold any byte but '/' and blanks. */
static void json_str(FILE *o, const char *s)
{
	if (!s) {
		fputs("null", o);
		return;
	}
	fputc('"', o);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(o, "\\u%04x", c);
		else
			fputc(c, o);
	}
	fputc('"', o);
}

/* The fields as members, each line ended by a comma but the last. */
static void json_fields(FILE *o, const char *ind, const void *p,
			const struct sock_field *f, size_t n, bool more)
{
	size_t k;

	for (k = 0; k < n; k++)
		fprintf(o, "%s\"%s\": %" PRIu64 "%s\n", ind, f[k].name,
			FIELD(p, &f[k]), k + 1 < n || more ? "," : "");
}

static void json_socket(FILE *o, const struct snap *sn, int i)
{
	const struct afudp_shm_sock *s = &sn->shm.socks[i];
	char a[INET6_ADDRSTRLEN];
	int q, nx = nxsks(s);

	fprintf(o, "        {\n"
		   "          \"slot\": %d,\n"
		   "          \"address\": \"%s\",\n"
		   "          \"port\": %u,\n",
		i, sock_addr(s, a), ntohs(s->port));
	json_fields(o, "          ", &s->c, sock_fields, NFIELDS(sock_fields),
		    true);
	fprintf(o, "          \"xsks\": [");
	for (q = 0; q < nx; q++) {
		fprintf(o, "%s\n            {\n"
			   "              \"queue\": %u,\n"
			   "              \"xdp_statistics\": ",
			q ? "," : "", s->qid[q]);
		if (sn->xs_got[i][q]) {
			fprintf(o, "{\n");
			json_fields(o, "                ", &sn->xs[i][q],
				    xsk_fields, NFIELDS(xsk_fields), false);
			fprintf(o, "              }\n");
		} else {
			fprintf(o, "null\n");
		}
		fprintf(o, "            }");
	}
	fprintf(o, "%s]\n        }", nx ? "\n          " : "");
}

static void json_stack(FILE *o, const struct snap *sn)
{
	const struct afudp_shm *m = &sn->shm;
	int i, k, first = 1;

	fprintf(o, "    {\n"
		   "      \"pid\": %d,\n"
		   "      \"stack\": %d,\n"
		   "      \"ifname\": ", m->pid, sn->seq);
	json_str(o, m->ifname);
	fprintf(o, ",\n      \"ifindex\": %d,\n      \"backend\": ", m->ifindex);
	json_str(o, backend_str(m));
	fprintf(o, ",\n      \"xdp_mode\": ");
	json_str(o, xdp_mode_str(m));
	fprintf(o, ",\n      \"copy_mode\": ");
	json_str(o, copy_mode_str(m));
	fprintf(o, ",\n"
		   "      \"queues\": %u,\n"
		   "      \"xdp_prog_id\": %u,\n"
		   "      \"device\": {\n"
		   "        \"zerocopy\": \"%s\",\n"
		   "        \"multi_buffer\": \"%s\",\n"
		   "        \"tx_csum_offload\": \"%s\",\n"
		   "        \"rx_ts_hw\": \"%s\",\n"
		   "        \"busy_poll\": \"%s\",\n"
		   "        \"busy_poll_usecs\": %u,\n"
		   "        \"busy_poll_budget\": %u,\n"
		   "        \"xsk_features\": %" PRIu64 "\n"
		   "      },\n"
		   "      \"xdp\": ", m->n_queues, m->prog_id,
		cap_str(m->zerocopy), cap_str(m->multi_buffer),
		cap_str(m->tx_csum_offload), cap_str(m->rx_ts_hw),
		cap_str(m->busy_poll), m->busy_poll_usecs, m->busy_poll_budget,
		m->xsk_features);
	if (sn->xdp_ok) {
		fprintf(o, "{\n");
		for (k = 0; k < AFUDP_XDP_CNT_NR; k++)
			fprintf(o, "        \"%s\": %" PRIu64 "%s\n",
				xdp_cnt[k].key, sn->xdp[k],
				k + 1 < AFUDP_XDP_CNT_NR ? "," : "");
		fprintf(o, "      },\n");
	} else {
		fprintf(o, "null,\n");
	}
	fprintf(o, "      \"sockets\": [");
	for (i = 0; i < AFUDP_SHM_SOCKS; i++) {
		if (!m->socks[i].used)
			continue;
		fprintf(o, "%s\n", first ? "" : ",");
		json_socket(o, sn, i);
		first = 0;
	}
	fprintf(o, "%s]\n    }", first ? "" : "\n      ");
}

static void show_json(FILE *o, const struct snap *sn, int n)
{
	struct timespec ts;
	int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(o, "{\n"
		   "  \"version\": 1,\n"
		   "  \"time\": %lld.%03ld,\n"
		   "  \"stacks\": [",
		(long long)ts.tv_sec, ts.tv_nsec / 1000000);
	for (i = 0; i < n; i++) {
		fprintf(o, "%s\n", i ? "," : "");
		json_stack(o, &sn[i]);
	}
	fprintf(o, "%s]\n}\n", n ? "\n  " : "");
}

/*
 * A label value: backslash, double quote and newline escaped; other bytes
 * that are not printable ASCII as '?' (a value must be UTF-8).
 */
static void prom_str(FILE *o, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\\' || c == '"')
			fprintf(o, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", o);
		else
			fputc(c < 0x20 || c >= 0x7f ? '?' : c, o);
	}
}

static void prom_head(FILE *o, const char *name, const char *type,
		      const char *help)
{
	fprintf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The labels that tell the stack, then those of socket @i (if >= 0). */
static void prom_labels(FILE *o, const struct snap *sn, int i)
{
	const struct afudp_shm_sock *s;
	char a[INET6_ADDRSTRLEN];

	fprintf(o, "pid=\"%d\",stack=\"%d\",ifname=\"", sn->shm.pid, sn->seq);
	prom_str(o, sn->shm.ifname);
	fputc('"', o);
	if (i < 0)
		return;
	s = &sn->shm.socks[i];
	fprintf(o, ",socket=\"%d\",address=\"%s\",port=\"%u\"", i,
		sock_addr(s, a), ntohs(s->port));
}

/*
 * Every metric family once, its samples together (the format wants them
 * so): the loops go over the fields outside, the stacks inside.
 */
static void show_prom(FILE *o, const struct snap *sn, int n)
{
	char name[128];
	size_t f;
	int j, i, k, q;

	prom_head(o, "afudp_stacks", "gauge", "afudp stacks running");
	fprintf(o, "afudp_stacks %d\n", n);
	prom_head(o, "afudp_stack_info", "gauge",
		  "A stack's interface, backend and modes; always 1");
	for (j = 0; j < n; j++) {
		const struct afudp_shm *m = &sn[j].shm;

		fprintf(o, "afudp_stack_info{");
		prom_labels(o, &sn[j], -1);
		fprintf(o, ",backend=\"%s\",xdp_mode=\"%s\",copy_mode=\"%s\",xdp_prog_id=\"%u\"} 1\n",
			backend_str(m),
			xdp_mode_str(m) ? xdp_mode_str(m) : "none",
			copy_mode_str(m) ? copy_mode_str(m) : "none",
			m->prog_id);
	}
	prom_head(o, "afudp_stack_device_info", "gauge",
		  "What the device offers a stack's XSKs: yes, no or not asked; always 1");
	for (j = 0; j < n; j++) {
		const struct afudp_shm *m = &sn[j].shm;

		fprintf(o, "afudp_stack_device_info{");
		prom_labels(o, &sn[j], -1);
		fprintf(o, ",zerocopy=\"%s\",multi_buffer=\"%s\",tx_csum_offload=\"%s\",rx_ts_hw=\"%s\",busy_poll=\"%s\"} 1\n",
			cap_str(m->zerocopy), cap_str(m->multi_buffer),
			cap_str(m->tx_csum_offload), cap_str(m->rx_ts_hw),
			cap_str(m->busy_poll));
	}
	prom_head(o, "afudp_stack_busy_poll_usecs", "gauge",
		  "SO_BUSY_POLL of the XSKs, 0 unless preferred busy-poll");
	for (j = 0; j < n; j++) {
		fprintf(o, "afudp_stack_busy_poll_usecs{");
		prom_labels(o, &sn[j], -1);
		fprintf(o, "} %u\n", sn[j].shm.busy_poll_usecs);
	}
	prom_head(o, "afudp_stack_busy_poll_budget", "gauge",
		  "SO_BUSY_POLL_BUDGET of the XSKs, 0 unless preferred busy-poll");
	for (j = 0; j < n; j++) {
		fprintf(o, "afudp_stack_busy_poll_budget{");
		prom_labels(o, &sn[j], -1);
		fprintf(o, "} %u\n", sn[j].shm.busy_poll_budget);
	}
	prom_head(o, "afudp_stack_xsk_features", "gauge",
		  "The device's netdev xsk-features bits (2: TX checksum)");
	for (j = 0; j < n; j++) {
		fprintf(o, "afudp_stack_xsk_features{");
		prom_labels(o, &sn[j], -1);
		fprintf(o, "} %" PRIu64 "\n", sn[j].shm.xsk_features);
	}
	prom_head(o, "afudp_stack_queues", "gauge", "RX queues a stack serves");
	for (j = 0; j < n; j++) {
		fprintf(o, "afudp_stack_queues{");
		prom_labels(o, &sn[j], -1);
		fprintf(o, "} %u\n", sn[j].shm.n_queues);
	}
	prom_head(o, "afudp_stack_sockets", "gauge", "Open afudp sockets");
	for (j = 0; j < n; j++) {
		fprintf(o, "afudp_stack_sockets{");
		prom_labels(o, &sn[j], -1);
		fprintf(o, "} %d\n", nsocks(&sn[j]));
	}
	prom_head(o, "afudp_xdp_frames_total", "counter",
		  "Frames the stack's XDP program saw, by verdict");
	for (j = 0; j < n; j++) {
		for (k = 0; sn[j].xdp_ok && k < AFUDP_XDP_CNT_NR; k++) {
			if (xdp_cnt[k].subset)
				continue;
			fprintf(o, "afudp_xdp_frames_total{");
			prom_labels(o, &sn[j], -1);
			fprintf(o, ",verdict=\"%s\"} %" PRIu64 "\n",
				xdp_cnt[k].key, sn[j].xdp[k]);
		}
	}
	for (k = 0; k < AFUDP_XDP_CNT_NR; k++) {
		if (!xdp_cnt[k].subset)
			continue;
		snprintf(name, sizeof(name), "afudp_xdp_%s_total",
			 xdp_cnt[k].key);
		prom_head(o, name, "counter", xdp_cnt[k].help);
		for (j = 0; j < n; j++) {
			if (!sn[j].xdp_ok)
				continue;
			fprintf(o, "%s{", name);
			prom_labels(o, &sn[j], -1);
			fprintf(o, "} %" PRIu64 "\n", sn[j].xdp[k]);
		}
	}
	for (f = 0; f < NFIELDS(sock_fields); f++) {
		snprintf(name, sizeof(name), "afudp_socket_%s_total",
			 sock_fields[f].name);
		prom_head(o, name, "counter", sock_fields[f].help);
		for (j = 0; j < n; j++) {
			for (i = 0; i < AFUDP_SHM_SOCKS; i++) {
				if (!sn[j].shm.socks[i].used)
					continue;
				fprintf(o, "%s{", name);
				prom_labels(o, &sn[j], i);
				fprintf(o, "} %" PRIu64 "\n",
					FIELD(&sn[j].shm.socks[i].c,
					      &sock_fields[f]));
			}
		}
	}
	for (f = 0; f < NFIELDS(xsk_fields); f++) {
		snprintf(name, sizeof(name), "afudp_xsk_%s_total",
			 xsk_fields[f].name);
		prom_head(o, name, "counter", xsk_fields[f].help);
		for (j = 0; j < n; j++) {
			for (i = 0; i < AFUDP_SHM_SOCKS; i++) {
				const struct afudp_shm_sock *s =
					&sn[j].shm.socks[i];

				for (q = 0; s->used && q < nxsks(s); q++) {
					if (!sn[j].xs_got[i][q])
						continue;
					fprintf(o, "%s{", name);
					prom_labels(o, &sn[j], i);
					fprintf(o, ",queue=\"%u\"} %" PRIu64 "\n",
						s->qid[q],
						FIELD(&sn[j].xs[i][q],
						      &xsk_fields[f]));
				}
			}
		}
	}
}

/* ---- --listen: GET /metrics --------------------------------------------- */

/*
 * [ADDR:]PORT, ADDR an IPv4 address, "localhost" or [IPV6] (in brackets);
 * 127.0.0.1 when there is none, so that only a named address exposes the
 * counters further.
 */
static int parse_listen(const char *arg, struct sockaddr_storage *ss,
			socklen_t *sslen)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sa = (struct sockaddr_in *)ss;
	const char *colon = strrchr(arg, ':'), *port = arg;
	char host[INET6_ADDRSTRLEN + 16], *end;
	bool v6 = arg[0] == '[';
	unsigned long p;

	memset(ss, 0, sizeof(*ss));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*sslen = sizeof(*sa);
	if (colon) {
		size_t len = colon - arg;

		port = colon + 1;
		if (v6) {
			if (len < 2 || arg[len - 1] != ']')
				return -1;
			arg++;
			len -= 2;
		}
		if (len >= sizeof(host))
			return -1;
		memcpy(host, arg, len);
		host[len] = '\0';
		if (v6) {
			s6->sin6_family = AF_INET6;
			*sslen = sizeof(*s6);
			if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
				return -1;
		} else if (len && strcmp(host, "localhost") &&
			   inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
			return -1;
		}
	} else if (v6) {
		return -1;
	}
	if (!isdigit((unsigned char)*port))
		return -1;
	p = strtoul(port, &end, 10);
	if (*end || !p || p > 65535)
		return -1;
	/* sin_port and sin6_port are at the same place. */
	sa->sin_port = htons(p);
	return 0;
}

#define HTTP_WAIT_MS 5000	/* a client that says nothing is dropped */

/*
 * Read the request's head (until its empty line) from @cfd. Returns its
 * length, 0 to drop the client, -1 if @sfd says we must stop.
 */
static int http_read(int cfd, int sfd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t r;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = cfd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};

		if (poll(p, 2, HTTP_WAIT_MS) <= 0)
			return 0;
		if (p[1].revents)
			return -1;
		r = recv(cfd, buf + len, size - 1 - len, 0);
		if (r <= 0)
			return 0;
		len += r;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return len;
		if (len == size - 1)
			return 0;
	}
}

static void http_send(int cfd, const char *p, size_t len)
{
	ssize_t w;

	while (len) {
		w = send(cfd, p, len, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		p += w;
		len -= w;
	}
}

static void http_answer(int cfd, const char *status, const char *body,
			size_t len)
{
	char head[256];
	int n;

	n = snprintf(head, sizeof(head),
		     "HTTP/1.0 %s\r\n"
		     "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
		     "Content-Length: %zu\r\n"
		     "Connection: close\r\n\r\n", status, len);
	http_send(cfd, head, n);
	http_send(cfd, body, len);
}

/* One request. Returns -1 if a signal came meanwhile: time to stop. */
static int http_one(int cfd, int sfd, struct snap *sn, pid_t only)
{
	struct timeval tv = { .tv_sec = HTTP_WAIT_MS / 1000 };
	char req[4096], *body = NULL;
	size_t blen = 0;
	const char *path;
	FILE *o;
	int r;

	setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	r = http_read(cfd, sfd, req, sizeof(req));
	if (r <= 0)
		return r;
	if (strncmp(req, "GET ", 4)) {
		http_answer(cfd, "405 Method Not Allowed", "GET only\n", 9);
		return 0;
	}
	path = req + 4;
	if (strncmp(path, "/metrics", 8) ||
	    (path[8] != ' ' && path[8] != '?' && path[8] != '\r' &&
	     path[8] != '\n')) {
		http_answer(cfd, "404 Not Found", "try /metrics\n", 13);
		return 0;
	}
	o = open_memstream(&body, &blen);
	if (!o) {
		http_answer(cfd, "500 Internal Server Error", "", 0);
		return 0;
	}
	show_prom(o, sn, take(sn, MAX_STACKS, only));
	if (fclose(o))
		http_answer(cfd, "500 Internal Server Error", "", 0);
	else
		http_answer(cfd, "200 OK", body, blen);
	free(body);
	return 0;
}

/*
 * Serve until SIGTERM or SIGINT, which a signalfd takes (blocked, so that
 * none comes between a look at a flag and a blocking call).
 */
static int serve(const char *arg, struct snap *sn, pid_t only)
{
	struct sockaddr_storage sa;
	int lfd, sfd, cfd, r, one = 1;
	char addr[INET6_ADDRSTRLEN + 2];
	socklen_t salen;
	sigset_t ss;

	if (parse_listen(arg, &sa, &salen)) {
		fprintf(stderr, "afudp-stat: --listen %s: not [ADDR:]PORT\n",
			arg);
		return 2;
	}
	if (sa.ss_family == AF_INET6) {
		addr[0] = '[';
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr,
			  addr + 1, INET6_ADDRSTRLEN);
		strcat(addr, "]");
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr,
			  addr, sizeof(addr));
	}
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	/* Started in the background by a shell, SIGINT comes ignored. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	sfd = signalfd(-1, &ss, SFD_CLOEXEC);
	lfd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sfd < 0 || lfd < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sa, salen) || listen(lfd, 16)) {
		fprintf(stderr, "afudp-stat: cannot listen on %s:%u: %s\n",
			addr, ntohs(((struct sockaddr_in *)&sa)->sin_port),
			strerror(errno));
		return 1;
	}
	printf("serving http://%s:%u/metrics\n", addr,
	       ntohs(((struct sockaddr_in *)&sa)->sin_port));
	fflush(stdout);
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = lfd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (cfd < 0)
			continue;
		r = http_one(cfd, sfd, sn, only);
		close(cfd);
		if (r < 0)
			break;
	}
	close(lfd);
	close(sfd);
	return 0;
}

static const struct snap *find(const struct snap *s, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s[i].name, name))
			return &s[i];
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "prometheus", no_argument, NULL, 'P' },
		{ "listen", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct snap a[MAX_STACKS], b[MAX_STACKS];
	struct snap *cur = a, *prev = b, *t;
	int c, i, n, np = 0, count = -1, round, machine = 0;
	const char *listen_on = NULL;
	bool watch = false;
	pid_t only = 0;
	double tp = 0, tc;

	while ((c = getopt_long(argc, argv, "p:wn:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			only = atoi(optarg);
			break;
		case 'w':
			watch = true;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 'J':
		case 'P':
		case 'L':
			if (machine && machine != c) {
				fprintf(stderr, "afudp-stat: --json, --prometheus and --listen exclude each other\n");
				return 2;
			}
			machine = c;
			if (c == 'L')
				listen_on = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	if (machine && watch) {
		fprintf(stderr, "afudp-stat: -w is for people; --json, --prometheus and --listen give totals\n");
		return 2;
	}
	libbpf_set_print(NULL);
	if (machine == 'L')
		return serve(listen_on, cur, only);
	if (machine) {
		n = take(cur, MAX_STACKS, only);
		if (machine == 'J')
			show_json(stdout, cur, n);
		else
			show_prom(stdout, cur, n);
		if (fflush(stdout) || ferror(stdout)) {
			perror("afudp-stat: stdout");
			return 1;
		}
		return 0;
	}
	for (round = 0;; round++) {
		tc = now();
		n = take(cur, MAX_STACKS, only);
		if (!watch || round) {
			if (!n)
				printf("no afudp stack is running%s\n",
				       only ? " in that process" : "");
			for (i = 0; i < n; i++)
				show(&cur[i],
				     watch ? find(prev, np, cur[i].name) : NULL,
				     tc - tp);
			fflush(stdout);
		}
		if (!watch || (count >= 0 && round >= count))
			break;
		t = prev;
		prev = cur;
		cur = t;
		np = n;
		tp = tc;
		sleep(1);
	}
	return 0;
}
