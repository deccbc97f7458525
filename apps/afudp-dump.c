// SPDX-License-Identifier: BSD-2-Clause
/*
 * afudp-dump: capture what a running afudp process receives and sends on
 * its fast path, both ways, as pcapng.
 *
 * A stack keeps a capture ring after its counters in its shared-memory
 * file, /dev/shm/afudp.<pid>.<n> (lib/statshm.h): this program claims
 * it, sets the filter and turns it on; the process's data path then
 * copies every frame it takes from an RX ring (after checking it, before
 * the application sees it) and every frame it puts on a TX ring, with a
 * CLOCK_REALTIME stamp and the direction. This is the ring's one reader.
 * A full ring loses copies, counted, never traffic. Datagrams that go
 * through the kernel socket (the slow path) are not in the capture.
 *
 *   afudp-dump -p PID [-P PORT] [-c COUNT] [-G SECONDS] [-B KIB] -w FILE|-
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "statshm.h"

#define MAX_STACKS 16
/* A slot reserved and not committed this long: its writer died. */
#define STUCK_NS 1000000000ull
/* After the capture is turned off, writers still at it get this long. */
#define GRACE_NS 50000000ull

struct stack {
	char name[256];
	int fd;
	void *m;
	struct afudp_cap_hdr *h;
	uint64_t tail;
	uint64_t seen0, dropped0;	/* the counters when it started */
	uint64_t stuck_since;		/* ns; 0: not waiting */
	uint64_t skipped;		/* slots never committed */
	uint64_t left;			/* read past -c, not written */
};

static struct stack stacks[MAX_STACKS];
static unsigned int nstacks;
static volatile sig_atomic_t stopping;
static FILE *out;
static uint64_t written;
static bool out_err;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: afudp-dump -p PID [-P PORT] [-c COUNT] [-G SECONDS] [-B KIB] -w FILE|-\n"
		"Capture what an afudp process receives and sends on its fast path, as pcapng.\n"
		"  -p PID       the afudp process (the one that opened the stack)\n"
		"  -P PORT      only the sockets bound to this UDP port\n"
		"  -c COUNT     stop after COUNT packets\n"
		"  -G SECONDS   stop after SECONDS\n"
		"  -B KIB       capture ring of KIB KiB (default and most: %u)\n"
		"  -w FILE      write to FILE; -w - writes to stdout\n"
		"  -h, --help   this help\n"
		"Stops on COUNT, SECONDS, SIGINT or SIGTERM, then prints on stderr how\n"
		"many packets it captured and how many copies a full ring dropped.\n"
		"Datagrams that take the kernel socket (the slow path) are not captured.\n",
		AFUDP_CAP_SLOTS * AFUDP_CAP_SLOT / 1024);
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000u,
			       .tv_nsec = ns % 1000000000u };

	nanosleep(&ts, NULL);
}

static bool alive(pid_t pid)
{
	return !kill(pid, 0) || errno == EPERM;
}

/* ---- pcapng ---------------------------------------------------------------- */

static void put(const void *p, size_t n)
{
	if (n && !out_err && fwrite(p, 1, n, out) != n)
		out_err = true;
}

static void put32(uint32_t v)
{
	put(&v, 4);
}

/* An option: code, length, value padded to 4 bytes. */
static void put_opt(uint16_t code, const void *v, uint16_t len)
{
	static const uint8_t zero[4];

	put(&code, 2);
	put(&len, 2);
	put(v, len);
	put(zero, (4 - len % 4) % 4);
}

static uint32_t opt_len(uint16_t len)
{
	return 4 + ((len + 3u) & ~3u);
}

/* Section header, then one interface (Ethernet, ns stamps) per stack. */
static void put_headers(void)
{
	static const char app[] = "afudp-dump";
	uint32_t len = 28 + opt_len(sizeof(app) - 1) + 4;
	uint64_t section = UINT64_MAX;	/* not given */
	uint16_t major = 1, minor = 0;
	unsigned int i;

	put32(0x0a0d0d0a);
	put32(len);
	put32(0x1a2b3c4d);
	put(&major, 2);
	put(&minor, 2);
	put(&section, 8);
	put_opt(4, app, sizeof(app) - 1);	/* shb_userappl */
	put_opt(0, NULL, 0);
	put32(len);
	for (i = 0; i < nstacks; i++) {
		const struct afudp_shm *m = stacks[i].m;
		uint16_t link = 1, res = 0;	/* LINKTYPE_ETHERNET */
		uint16_t nlen = strnlen(m->ifname, sizeof(m->ifname));
		uint8_t tsresol = 9;		/* 10^-9 s */

		len = 20 + opt_len(nlen) + opt_len(1) + 4;
		put32(1);
		put32(len);
		put(&link, 2);
		put(&res, 2);
		put32(AFUDP_CAP_SNAP);
		put_opt(2, m->ifname, nlen);	/* if_name */
		put_opt(9, &tsresol, 1);	/* if_tsresol */
		put_opt(0, NULL, 0);
		put32(len);
	}
}

/* An enhanced packet block, its direction in epb_flags. */
static void put_epb(unsigned int ifid, const struct afudp_cap_rec *r)
{
	static const uint8_t zero[4];
	uint32_t cap = r->caplen, pad = (4 - cap % 4) % 4;
	uint32_t flags = r->dir == AFUDP_CAP_IN ? 1 : 2;
	uint32_t len = 28 + cap + pad + opt_len(4) + 4 + 4;

	put32(6);
	put32(len);
	put32(ifid);
	put32((uint32_t)(r->ts >> 32));
	put32((uint32_t)r->ts);
	put32(cap);
	put32(r->len);
	put(r->data, cap);
	put(zero, pad);
	put_opt(2, &flags, 4);	/* epb_flags: 01 inbound, 10 outbound */
	put_opt(0, NULL, 0);
	put32(len);
}

/* ---- the stacks' rings ----------------------------------------------------- */

/* Open and claim every stack of @pid; 0, or how many were found busy. */
static int open_stacks(pid_t pid, uint16_t port, uint32_t nslots)
{
	char prefix[64];
	struct dirent *de;
	struct stat sb;
	int busy = 0, fd;
	DIR *d;

	snprintf(prefix, sizeof(prefix), AFUDP_SHM_PREFIX "%d.", (int)pid);
	d = opendir("/dev/shm");
	if (!d)
		return 0;
	while ((de = readdir(d)) && nstacks < MAX_STACKS) {
		struct stack *s = &stacks[nstacks];
		const struct afudp_shm *m;
		int32_t owner = 0;

		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "afudp-dump: %s: %s\n", de->d_name,
				strerror(errno));
			continue;
		}
		if (fstat(fd, &sb) || (size_t)sb.st_size < AFUDP_SHM_FILE_SIZE) {
			fprintf(stderr,
				"afudp-dump: %s: no capture ring (an older afudp?)\n",
				de->d_name);
			close(fd);
			continue;
		}
		s->m = mmap(NULL, AFUDP_SHM_FILE_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);
		if (s->m == MAP_FAILED) {
			close(fd);
			continue;
		}
		m = s->m;
		if (__atomic_load_n(&m->magic, __ATOMIC_ACQUIRE) !=
			    AFUDP_SHM_MAGIC ||
		    m->version != AFUDP_SHM_VERSION || m->pid != pid) {
			munmap(s->m, AFUDP_SHM_FILE_SIZE);
			close(fd);
			continue;
		}
		s->h = (struct afudp_cap_hdr *)((char *)s->m + AFUDP_CAP_OFF);
		/* One capture at a time; a dead one's claim is taken over. */
		if (!__atomic_compare_exchange_n(&s->h->owner, &owner, getpid(),
						 false, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE) &&
		    (alive(owner) ||
		     !__atomic_compare_exchange_n(&s->h->owner, &owner,
						  getpid(), false,
						  __ATOMIC_ACQ_REL,
						  __ATOMIC_ACQUIRE))) {
			fprintf(stderr,
				"afudp-dump: %s: already captured by process %d\n",
				de->d_name, owner);
			munmap(s->m, AFUDP_SHM_FILE_SIZE);
			close(fd);
			busy++;
			continue;
		}
		s->fd = fd;
		snprintf(s->name, sizeof(s->name), "%s", de->d_name);
		/* Positions only grow: start at the producers' head. */
		s->tail = __atomic_load_n(&s->h->head, __ATOMIC_ACQUIRE);
		__atomic_store_n(&s->h->tail, s->tail, __ATOMIC_RELEASE);
		__atomic_store_n(&s->h->port, port, __ATOMIC_RELAXED);
		__atomic_store_n(&s->h->nslots, nslots, __ATOMIC_RELAXED);
		s->seen0 = __atomic_load_n(&s->h->seen, __ATOMIC_RELAXED);
		s->dropped0 = __atomic_load_n(&s->h->dropped, __ATOMIC_RELAXED);
		nstacks++;
	}
	closedir(d);
	return busy;
}

/*
 * Read what stack @i's ring holds, writing up to *@quota packets (no
 * limit if NULL). Returns how many slots it consumed.
 */
static uint64_t drain(unsigned int i, uint64_t *quota, bool final)
{
	struct stack *s = &stacks[i];
	uint32_t nslots = s->h->nslots;
	uint64_t head, seq, n = 0;

	head = __atomic_load_n(&s->h->head, __ATOMIC_ACQUIRE);
	while (s->tail != head) {
		const struct afudp_cap_rec *r =
			afudp_cap_slot(s->m, s->tail, nslots);

		seq = __atomic_load_n(&r->seq, __ATOMIC_ACQUIRE);
		if (seq != s->tail + 1) {
			/* Reserved, not written yet; or never, if it died. */
			uint64_t t = now_ns();

			if (!s->stuck_since)
				s->stuck_since = t;
			if (t - s->stuck_since < STUCK_NS) {
				if (!final)
					break;
				sleep_ns(1000000);
				continue;
			}
			s->skipped++;
		} else if (quota && !*quota) {
			s->left++;
		} else {
			put_epb(i, r);
			written++;
			if (quota)
				(*quota)--;
		}
		s->stuck_since = 0;
		s->tail++;
		/* The slot is the producers' again. */
		__atomic_store_n(&s->h->tail, s->tail, __ATOMIC_RELEASE);
		n++;
		if (!final)
			head = __atomic_load_n(&s->h->head, __ATOMIC_ACQUIRE);
	}
	return n;
}

/* Turn every capture off, read what is left, and give the rings back. */
static void close_stacks(uint64_t *quota)
{
	unsigned int i;

	for (i = 0; i < nstacks; i++)
		__atomic_store_n(&stacks[i].h->on, 0, __ATOMIC_RELEASE);
	/* Writers that saw it on finish their batch. */
	sleep_ns(GRACE_NS);
	for (i = 0; i < nstacks; i++)
		drain(i, quota, true);
}

static void release_stacks(void)
{
	unsigned int i;

	for (i = 0; i < nstacks; i++) {
		struct stack *s = &stacks[i];

		/* The slots' pages back to the system (the file is tmpfs). */
		fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			  AFUDP_CAP_RING_OFF,
			  (off_t)AFUDP_CAP_SLOTS * AFUDP_CAP_SLOT);
		__atomic_store_n(&s->h->owner, 0, __ATOMIC_RELEASE);
		munmap(s->m, AFUDP_SHM_FILE_SIZE);
		close(s->fd);
	}
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t count = 0, quota, *q = NULL, end = 0, seen = 0, dropped = 0,
		 skipped = 0, left = 0, got;
	const char *file = NULL;
	char what[32] = "all ports";
	struct sigaction sa = { .sa_handler = on_signal };
	uint32_t nslots = AFUDP_CAP_SLOTS;
	long port = 0, secs = 0, kib;
	unsigned int i;
	pid_t pid = 0;
	int c, busy;
	char *e;

	while ((c = getopt_long(argc, argv, "p:P:c:G:B:w:h", longs, NULL)) !=
	       -1) {
		switch (c) {
		case 'p':
			pid = (pid_t)strtol(optarg, &e, 10);
			if (*e || pid <= 0)
				goto bad;
			break;
		case 'P':
			port = strtol(optarg, &e, 10);
			if (*e || port <= 0 || port > 65535)
				goto bad;
			break;
		case 'c':
			count = strtoull(optarg, &e, 10);
			if (*e || !count)
				goto bad;
			q = &quota;
			break;
		case 'G':
			secs = strtol(optarg, &e, 10);
			if (*e || secs <= 0)
				goto bad;
			break;
		case 'B':
			kib = strtol(optarg, &e, 10);
			if (*e || kib <= 0)
				goto bad;
			nslots = (uint32_t)((uint64_t)kib * 1024 / AFUDP_CAP_SLOT);
			if (!nslots)
				nslots = 1;
			if (nslots > AFUDP_CAP_SLOTS)
				nslots = AFUDP_CAP_SLOTS;
			break;
		case 'w':
			file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !pid || !file) {
		usage(stderr);
		return 2;
	}
	quota = count;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A reader that went away (| tshark) ends the capture, not us. */
	signal(SIGPIPE, SIG_IGN);

	busy = open_stacks(pid, htons((uint16_t)port), nslots);
	if (!nstacks) {
		if (!busy)
			fprintf(stderr,
				"afudp-dump: no afudp stack of process %d (/dev/shm/%s%d.*)\n",
				(int)pid, AFUDP_SHM_PREFIX, (int)pid);
		return 1;
	}
	if (!strcmp(file, "-")) {
		out = stdout;
	} else {
		out = fopen(file, "w");
		if (!out) {
			fprintf(stderr, "afudp-dump: %s: %s\n", file,
				strerror(errno));
			release_stacks();
			return 1;
		}
	}
	/*
	 * The slots' memory now, not at the data path's first write: a
	 * full /dev/shm would fault the process there (SIGBUS).
	 */
	for (i = 0; i < nstacks; i++) {
		if (!fallocate(stacks[i].fd, 0, AFUDP_CAP_RING_OFF,
			       (off_t)nslots * AFUDP_CAP_SLOT))
			continue;
		fprintf(stderr, "afudp-dump: %s: %u KiB for the ring: %s\n",
			stacks[i].name, nslots * AFUDP_CAP_SLOT / 1024,
			strerror(errno));
		release_stacks();
		return 1;
	}
	put_headers();
	fflush(out);
	for (i = 0; i < nstacks; i++)
		__atomic_store_n(&stacks[i].h->on, 1, __ATOMIC_RELEASE);
	if (port)
		snprintf(what, sizeof(what), "port %ld", port);
	fprintf(stderr,
		"afudp-dump: capturing on process %d, %u stack%s (%s), %s, ring of %u packets\n",
		(int)pid, nstacks, nstacks == 1 ? "" : "s",
		((const struct afudp_shm *)stacks[0].m)->ifname, what, nslots);
	if (secs)
		end = now_ns() + (uint64_t)secs * 1000000000u;

	while (!stopping && !out_err && !(q && !quota) &&
	       !(end && now_ns() >= end)) {
		got = 0;
		for (i = 0; i < nstacks; i++)
			got += drain(i, q, false);
		if (!got) {
			fflush(out);
			sleep_ns(1000000);
		}
	}
	close_stacks(q);
	if (fflush(out) || out_err)
		fprintf(stderr, "afudp-dump: writing %s: %s\n", file,
			strerror(errno));
	if (out != stdout)
		fclose(out);
	for (i = 0; i < nstacks; i++) {
		struct stack *s = &stacks[i];

		seen += __atomic_load_n(&s->h->seen, __ATOMIC_RELAXED) -
			s->seen0;
		dropped += __atomic_load_n(&s->h->dropped, __ATOMIC_RELAXED) -
			   s->dropped0;
		skipped += s->skipped;
		left += s->left;
	}
	release_stacks();
	fprintf(stderr,
		"afudp-dump: %" PRIu64 " packets captured, %" PRIu64
		" copies dropped (ring full %" PRIu64 ", lost by a writer %" PRIu64
		"), %" PRIu64 " seen",
		written, dropped + skipped, dropped, skipped, seen);
	if (left)
		fprintf(stderr, ", %" PRIu64 " past -c not written", left);
	fprintf(stderr, "\n");
	return out_err ? 1 : 0;
bad:
	fprintf(stderr, "afudp-dump: bad value for -%c: %s\n", c, optarg);
	usage(stderr);
	return 2;
}
