/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernel-spin-echo: the best a kernel UDP socket can do for latency: a
 * non-blocking socket polled in a tight loop (recvfrom(MSG_DONTWAIT) until
 * a datagram comes, sendto() it back), so no wake-up is ever on the path.
 * The fair opponent of afudp-echo --busy-poll.
 *
 * --sockperf answers like `sockperf server` (reply only to messages
 * flagged CLIENT|PONG_REQUEST, with CLIENT cleared; see apps/common.h);
 * without it every datagram is echoed as is (afudp-ping's protocol).
 * Runs until --seconds elapse (0: until SIGINT/SIGTERM).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "util.h"

#define SP_OFF_FLAGS 8
#define SP_HDR_LEN 14
#define SP_F_CLIENT 0x1
#define SP_F_PONG_REQUEST 0x2

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "seconds", required_argument, NULL, 't' },
		{ "sockperf", no_argument, NULL, 's' },
		{ 0 }
	};
	static char buf[65536];
	struct sockaddr_in local = { .sin_family = AF_INET }, src;
	socklen_t sl;
	bool sockperf = false;
	double seconds = 0;
	int c, fd, cpu = -1;
	uint64_t deadline, echoed = 0, spins = 0;
	uint16_t f;
	ssize_t n;

	while ((c = getopt_long(argc, argv, "p:", lo, NULL)) != -1) {
		switch (c) {
		case 'p':
			local.sin_port = htons(
				(uint16_t)bu_int("--port", optarg, 1, 65535));
			break;
		case 'C':
			cpu = (int)bu_int("--cpu", optarg, 0, 4095);
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 's':
			sockperf = true;
			break;
		default:
			fprintf(stderr,
				"Usage: kernel-spin-echo -p PORT [--cpu N] [--seconds S] [--sockperf]\n");
			return 2;
		}
	}
	if (!local.sin_port)
		bu_die("need -p PORT");
	bu_catch_signals();
	bu_pin(cpu);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof(local)))
		bu_die("bind: %s", strerror(errno));
	fprintf(stderr, "kernel-spin-echo: echoing on port %u\n",
		ntohs(local.sin_port));
	deadline = seconds > 0 ? bu_now_ns() + (uint64_t)(seconds * 1e9) :
				 UINT64_MAX;
	while (!bu_stop) {
		sl = sizeof(src);
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&src, &sl);
		if (n < 0) {
			/* Look at the clock only now and then. */
			if (!(++spins & 0xfff) && bu_now_ns() >= deadline)
				break;
			continue;
		}
		if (sockperf) {
			if (n < SP_HDR_LEN)
				continue;
			memcpy(&f, buf + SP_OFF_FLAGS, sizeof(f));
			f = ntohs(f);
			if ((f & (SP_F_CLIENT | SP_F_PONG_REQUEST)) !=
			    (SP_F_CLIENT | SP_F_PONG_REQUEST))
				continue;
			f = htons(f & ~SP_F_CLIENT);
			memcpy(buf + SP_OFF_FLAGS, &f, sizeof(f));
		}
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&src,
			   sl) >= 0)
			echoed++;
	}
	fprintf(stderr, "kernel-spin-echo: echoed %" PRIu64 "\n", echoed);
	close(fd);
	return 0;
}
