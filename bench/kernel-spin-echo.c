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
 * -6: an IPv6 socket bound to [::] (sockperf 3.7's server has no IPv6).
 * --blocking: a blocking recvfrom() instead of the spin (the kernel's
 * blocking server where sockperf cannot be one, i.e. over IPv6).
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


int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "seconds", required_argument, NULL, 't' },
		{ "sockperf", no_argument, NULL, 's' },
		{ "blocking", no_argument, NULL, 'b' },
		{ 0 }
	};
	static char buf[65536];
	struct sockaddr_storage src;
	socklen_t sl;
	bool sockperf = false, blocking = false;
	int family = AF_INET, port = 0;
	double seconds = 0;
	int c, fd, cpu = -1;
	uint64_t deadline, echoed = 0, spins = 0;
	uint16_t f, nf;
	union bu_sa local;
	ssize_t n;

	while ((c = getopt_long(argc, argv, "p:6", lo, NULL)) != -1) {
		switch (c) {
		case 'p':
			port = (int)bu_int("--port", optarg, 1, 65535);
			break;
		case '6':
			family = AF_INET6;
			break;
		case 'b':
			blocking = true;
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
				"Usage: kernel-spin-echo -p PORT [-6] [--cpu N] [--seconds S] [--sockperf]\n"
				"                        [--blocking]\n");
			return 2;
		}
	}
	if (!port)
		bu_die("need -p PORT");
	local = bu_any(family, (uint16_t)port);
	bu_catch_signals();
	bu_pin(cpu);
	fd = socket(family, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, &local.sa, bu_sa_len(&local)))
		bu_die("bind: %s", strerror(errno));
	fprintf(stderr, "kernel-spin-echo: echoing on port %u (%s%s)\n",
		port, family == AF_INET6 ? "IPv6" : "IPv4",
		blocking ? ", blocking" : "");
	deadline = seconds > 0 ? bu_now_ns() + (uint64_t)(seconds * 1e9) :
				 UINT64_MAX;
	while (!bu_stop) {
		sl = sizeof(src);
		n = recvfrom(fd, buf, sizeof(buf), blocking ? 0 : MSG_DONTWAIT,
			     (struct sockaddr *)&src, &sl);
		if (n < 0) {
			/* Look at the clock only now and then. */
			if ((blocking || !(++spins & 0xfff)) &&
			    bu_now_ns() >= deadline)
				break;
			continue;
		}
		if (sockperf &&
		    !bu_sp_reply((uint8_t *)buf, (size_t)n, &f, &nf))
			continue;
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&src,
			   sl) >= 0)
			echoed++;
	}
	fprintf(stderr, "kernel-spin-echo: echoed %" PRIu64 "\n", echoed);
	close(fd);
	return 0;
}
