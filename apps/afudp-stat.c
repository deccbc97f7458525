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
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

static const char *const xdp_names[AFUDP_XDP_CNT_NR] = {
	"redirected", "not-ipv4", "trunc", "bad-ip", "fragment", "not-udp",
	"not-local", "mcast", "no-port", "no-queue", "too-big", "other-mac",
	"martian", "ip-options", "spread",
};

/* What one look at a stack gives; two looks make rates. */
struct snap {
	char name[256];
	struct afudp_shm shm;
	uint64_t xdp[AFUDP_XDP_CNT_NR];
	struct xdp_statistics xs[AFUDP_SHM_SOCKS][AFUDP_SHM_QUEUES];
	int xs_ok;	/* XDP_STATISTICS could be read */
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: afudp-stat [-p PID] [-w] [-n COUNT]\n"
		"Print the counters of the afudp stacks running on this machine.\n"
		"  -p PID     only this process\n"
		"  -w         watch: print rates every second\n"
		"  -n COUNT   with -w, stop after COUNT intervals\n");
}

static bool alive(pid_t pid)
{
	return !kill(pid, 0) || errno == EPERM;
}

/* The XDP program's counters, summed over CPUs, found by program id. */
static void read_xdp(uint32_t prog_id, uint64_t *cnt)
{
	struct bpf_prog_info pi = { 0 };
	__u32 len = sizeof(pi), ids[16], i, k;
	int ncpu = libbpf_num_possible_cpus(), pfd, fd;

	memset(cnt, 0, AFUDP_XDP_CNT_NR * sizeof(*cnt));
	pfd = bpf_prog_get_fd_by_id(prog_id);
	if (pfd < 0 || ncpu <= 0)
		return;
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
			getsockopt(fd, SOL_XDP, XDP_STATISTICS, &sn->xs[i][q],
				   &len);
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
		read_xdp(sn[n].shm.prog_id, sn[n].xdp);
		memset(sn[n].xs, 0, sizeof(sn[n].xs));
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
	if (m->prog_id) {
		printf("  xdp%s:", u);
		for (k = 0; k < AFUDP_XDP_CNT_NR; k++)
			printf(" %s %.0f", xdp_names[k],
			       (double)(cur->xdp[k] -
					(prev ? prev->xdp[k] : 0)) * f);
		printf("\n");
	}
	for (i = 0; i < AFUDP_SHM_SOCKS; i++) {
		const struct afudp_shm_sock *s = &m->socks[i];
		const struct afudp_socket_stats *c = &s->c, *pc = NULL;
		struct in_addr a = { .s_addr = s->addr };

		if (!s->used)
			continue;
		if (prev && prev->shm.socks[i].used &&
		    prev->shm.socks[i].port == s->port)
			pc = &prev->shm.socks[i].c;
#define R(x) ((double)(c->x - (pc ? pc->x : 0)) * (pc ? f : 1.0))
		printf("  socket %s:%u%s: rx %.0f pkts %.0f bytes (slow %.0f), tx %.0f pkts %.0f bytes (slow %.0f)\n",
		       inet_ntoa(a), ntohs(s->port), pc ? " per second" : "",
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
	static struct snap a[MAX_STACKS], b[MAX_STACKS];
	struct snap *cur = a, *prev = b, *t;
	int c, i, n, np = 0, count = -1, round;
	bool watch = false;
	pid_t only = 0;
	double tp = 0, tc;

	while ((c = getopt(argc, argv, "p:wn:h")) != -1) {
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
	libbpf_set_print(NULL);
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
