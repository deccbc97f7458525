/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers shared by the afudp apps; see common.h. Where a mistake can only
 * be the user's (an option, the interface, privileges) the helper says what
 * went wrong and what to try, and exits: the apps are thin command-line
 * tools with nothing to recover. Everything else returns to the caller,
 * which may have a stack to close first.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "common.h"

volatile sig_atomic_t app_stop;

static void (*app_usage)(FILE *out);

void app_set_usage(void (*usage)(FILE *out))
{
	app_usage = usage;
}

static void vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", program_invocation_short_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void app_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	if (app_usage)
		app_usage(stderr);
	exit(APP_EXIT_USAGE);
}

void app_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

bool app_common_opt(struct app_common *co, int c, const char *arg)
{
	switch (c) {
	case 'i':
		co->ifname = arg;
		return true;
	case 'v':
		co->verbose++;
		return true;
	case 'h':
		if (app_usage)
			app_usage(stdout);
		exit(0);
	case APP_OPT_BUSY_POLL:
		co->busy_poll = true;
		return true;
	case APP_OPT_KERNEL:
		co->kernel = true;
		return true;
	case APP_OPT_CPU:
		co->cpu = (int)app_opt_int("--cpu", arg, 0, CPU_SETSIZE - 1);
		return true;
	case '?':
		/* getopt_long has already said what was wrong. */
		if (app_usage)
			app_usage(stderr);
		exit(APP_EXIT_USAGE);
	}
	return false;
}

void app_common_check(const struct app_common *co, int argc, char **argv)
{
	if (optind < argc)
		app_usage_error("unexpected argument '%s'", argv[optind]);
	if (!co->ifname)
		app_usage_error("an interface is required (-i IFACE)");
}

int app_parse_int(const char *s, long long min, long long max,
		  long long *out, const char **why)
{
	long long v;
	char *end;

	/* strtoll alone would also take leading blanks and a '+'. */
	if (!isdigit((unsigned char)*s) && *s != '-') {
		*why = "not a decimal integer";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || end == s) {
		*why = "not a decimal integer";
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		*why = "out of range";
		return -1;
	}
	*out = v;
	return 0;
}

int app_parse_addr(const char *s, bool with_port, struct sockaddr_in *out,
		   const char **why)
{
	char ip[INET_ADDRSTRLEN];
	const char *colon = strrchr(s, ':');
	long long port = 0;
	size_t iplen;

	if (with_port && !colon) {
		*why = "expected IP:PORT, e.g. 10.0.0.2:7000";
		return -1;
	}
	if (!with_port && colon) {
		*why = "expected an IPv4 address without a port";
		return -1;
	}
	iplen = colon ? (size_t)(colon - s) : strlen(s);
	if (iplen >= sizeof(ip)) {
		*why = "not an IPv4 address (A.B.C.D)";
		return -1;
	}
	memcpy(ip, s, iplen);
	ip[iplen] = '\0';
	memset(out, 0, sizeof(*out));
	out->sin_family = AF_INET;
	if (inet_pton(AF_INET, ip, &out->sin_addr) != 1) {
		*why = "not an IPv4 address (A.B.C.D)";
		return -1;
	}
	if (with_port && app_parse_int(colon + 1, 1, 65535, &port, why)) {
		*why = "the port must be a number from 1 to 65535";
		return -1;
	}
	out->sin_port = htons((uint16_t)port);
	return 0;
}

int app_parse_addr46(const char *s, bool with_port,
		     struct sockaddr_storage *out, socklen_t *len,
		     const char **why)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)out;
	char ip[INET6_ADDRSTRLEN + IF_NAMESIZE + 1], *pct;
	const char *end, *port = NULL;
	long long p = 0;
	size_t iplen;

	/* Without a colon, or "A.B.C.D:PORT": IPv4, as app_parse_addr(). */
	if (!strchr(s, ':') ||
	    (s[0] != '[' && strchr(s, ':') == strrchr(s, ':') &&
	     strchr(s, '.'))) {
		*len = sizeof(struct sockaddr_in);
		memset(out, 0, sizeof(*out));
		return app_parse_addr(s, with_port, (struct sockaddr_in *)out,
				      why);
	}
	if (s[0] == '[') {
		end = strchr(s, ']');
		if (!end) {
			*why = "no ']' after the IPv6 address";
			return -1;
		}
		s++;
		iplen = (size_t)(end - s);
		if (end[1] == ':')
			port = end + 2;
		else if (end[1]) {
			*why = "expected [IPV6]:PORT";
			return -1;
		}
	} else {
		iplen = strlen(s);
	}
	if (with_port && !port) {
		*why = "expected [IPV6]:PORT, e.g. [fd00::2]:7000";
		return -1;
	}
	if (!with_port && port) {
		*why = "expected an IPv6 address without a port";
		return -1;
	}
	if (iplen >= sizeof(ip)) {
		*why = "not an IPv6 address";
		return -1;
	}
	memcpy(ip, s, iplen);
	ip[iplen] = '\0';
	memset(out, 0, sizeof(*out));
	a6->sin6_family = AF_INET6;
	pct = strchr(ip, '%');
	if (pct) {
		*pct++ = '\0';
		a6->sin6_scope_id = if_nametoindex(pct);
		if (!a6->sin6_scope_id) {
			*why = "no such interface after '%'";
			return -1;
		}
	}
	if (inet_pton(AF_INET6, ip, &a6->sin6_addr) != 1) {
		*why = "not an IPv6 address";
		return -1;
	}
	if (port && app_parse_int(port, 1, 65535, &p, why)) {
		*why = "the port must be a number from 1 to 65535";
		return -1;
	}
	a6->sin6_port = htons((uint16_t)p);
	*len = sizeof(*a6);
	return 0;
}

struct sockaddr_storage app_opt_addr46(const char *opt, const char *arg,
				       bool with_port, socklen_t *len)
{
	struct sockaddr_storage sa;
	const char *why;

	if (app_parse_addr46(arg, with_port, &sa, len, &why))
		app_usage_error("%s '%s': %s", opt, arg, why);
	return sa;
}

const char *app_addr46_str(const struct sockaddr *sa, char *buf)
{
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)sa;
	char ip[INET6_ADDRSTRLEN], ifn[IF_NAMESIZE + 1] = "";

	if (sa->sa_family != AF_INET6) {
		char b4[APP_ADDRSTRLEN];

		app_addr_str((const struct sockaddr_in *)sa, b4);
		snprintf(buf, APP_ADDR46STRLEN, "%s", b4);
		return buf;
	}
	inet_ntop(AF_INET6, &a6->sin6_addr, ip, sizeof(ip));
	if (a6->sin6_scope_id && if_indextoname(a6->sin6_scope_id, ifn + 1))
		ifn[0] = '%';
	snprintf(buf, APP_ADDR46STRLEN, "[%s%s]:%u", ip, ifn,
		 ntohs(a6->sin6_port));
	return buf;
}

struct sockaddr_in app_opt_addr(const char *opt, const char *arg,
				bool with_port)
{
	struct sockaddr_in sa;
	const char *why;

	if (app_parse_addr(arg, with_port, &sa, &why))
		app_usage_error("%s '%s': %s", opt, arg, why);
	return sa;
}

long long app_opt_int(const char *opt, const char *arg, long long min,
		      long long max)
{
	const char *why;
	long long v;

	if (app_parse_int(arg, min, max, &v, &why))
		app_usage_error("%s '%s': %s (%lld to %lld)", opt, arg, why,
				min, max);
	return v;
}

const char *app_addr_str(const struct sockaddr_in *sa, char *buf)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof(ip));
	snprintf(buf, APP_ADDRSTRLEN, "%s:%u", ip, ntohs(sa->sin_port));
	return buf;
}

/* The library's messages, in the same "name: text" form as ours. */
static void log_stderr(void *ctx, int level, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "afudp: %s%s\n",
		level <= LOG_ERR ? "error: " :
		level == LOG_WARNING ? "warning: " : "", msg);
}

/*
 * The library has logged the details (which capability, which program)
 * already; this names the error and says in one line what to do about it.
 */
__attribute__((noreturn))
static void explain_open_error(const struct app_common *co, int err)
{
	const char *ifn = co->ifname;
	char hint[256] = "";

	switch (err) {
	case EPERM:
	case EACCES:
		snprintf(hint, sizeof(hint),
			 "the XDP backend needs CAP_NET_ADMIN + CAP_BPF (or CAP_SYS_ADMIN) + CAP_NET_RAW, and CAP_SYS_ADMIN to share the interface with another afudp process; run as root, or use --kernel");
		break;
	case ENOBUFS:
		snprintf(hint, sizeof(hint),
			 "the UMEM exceeds the locked-memory limit: raise it (ulimit -l), grant CAP_IPC_LOCK, or use --kernel");
		break;
	case ENODEV:
		snprintf(hint, sizeof(hint), "no such interface");
		break;
	case EEXIST:
		snprintf(hint, sizeof(hint),
			 "another XDP program is attached: remove it (ip link set dev %s xdp off, or xdpgeneric off if in generic mode) or use --kernel",
			 ifn);
		break;
	case EBUSY:
		snprintf(hint, sizeof(hint),
			 "another AF_XDP socket (another afudp process?) already serves a queue of the interface; stop it or use --kernel");
		break;
	case EOPNOTSUPP:
		snprintf(hint, sizeof(hint),
			 "even the fallbacks (generic skb-mode XDP, AF_XDP copy mode) were refused, see the afudp: lines above for which (a kernel without CONFIG_XDP_SOCKETS?); use --kernel");
		break;
	}
	app_die(APP_EXIT_USAGE, "%s: cannot open an afudp stack: %s%s%s", ifn,
		strerror(err), hint[0] ? ": " : "", hint);
}

static const char *xdp_mode_name(enum afudp_xdp_mode m)
{
	return m == AFUDP_XDP_MODE_NATIVE ? "native" :
	       m == AFUDP_XDP_MODE_SKB	  ? "skb (generic)" :
					    "auto";
}

static const char *copy_mode_name(enum afudp_copy_mode m)
{
	return m == AFUDP_COPY_ZEROCOPY ? "zero-copy" :
	       m == AFUDP_COPY_COPY	? "copy" :
					  "auto";
}

static void print_stack_info(const struct app_common *co,
			     struct afudp_stack *st)
{
	AFUDP_OPTS_INIT(afudp_stack_info, info);
	char ip[INET_ADDRSTRLEN];

	if (afudp_stack_info(st, &info)) {
		fprintf(stderr, "%s: %s: stack open (no info)\n",
			program_invocation_short_name, co->ifname);
		return;
	}
	inet_ntop(AF_INET, &info.addr, ip, sizeof(ip));
	if (info.backend == AFUDP_BACKEND_KERNEL) {
		fprintf(stderr,
			"%s: %s: backend kernel (no XDP), addr %s, mtu %u%s\n",
			program_invocation_short_name, co->ifname, ip,
			info.mtu, co->busy_poll ? ", busy-poll" : "");
		return;
	}
	fprintf(stderr,
		"%s: %s: backend xdp, xdp mode %s, copy mode %s, queues %u of %u, addr %s, mtu %u%s%s%s\n",
		program_invocation_short_name, co->ifname,
		xdp_mode_name(info.xdp_mode), copy_mode_name(info.copy_mode),
		info.n_queues, info.if_queues, ip, info.mtu,
		info.prog_shared ? ", program shared" : "",
		info.prog_reclaimed ? ", stale program reclaimed" : "",
		co->busy_poll ? ", busy-poll" : "");
}

struct afudp_stack *app_open_stack(const struct app_common *co)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o,
		.ifname = co->ifname,
		.backend = co->kernel ? AFUDP_BACKEND_KERNEL :
					AFUDP_BACKEND_XDP,
		.busy_poll = co->busy_poll,
		.log_fn = log_stderr,
		.log_level = co->verbose >= 2 ? LOG_DEBUG :
			     co->verbose ? LOG_INFO : LOG_WARNING,
	);
	struct afudp_stack *st;

	st = afudp_stack_open(&o);
	if (!st)
		explain_open_error(co, errno);
	print_stack_info(co, st);
	return st;
}

int app_pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr,
			"%s: --cpu %d: cannot pin to that CPU: %s (online CPUs: %ld; a cpuset or taskset may exclude it)\n",
			program_invocation_short_name, cpu, strerror(errno),
			sysconf(_SC_NPROCESSORS_ONLN));
		return -1;
	}
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	app_stop = 1;
}

void app_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* No SA_RESTART: blocking calls must return and see app_stop. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void app_count_error(uint64_t *counter, const char *what, int err)
{
	if (!(*counter)++)
		fprintf(stderr, "%s: %s: %s (further ones are only counted)\n",
			program_invocation_short_name, what, strerror(-err));
}

uint64_t app_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest sample with @permille/1000 of all at or below. */
static double pct_us(const uint64_t *sorted, size_t n, unsigned int permille)
{
	size_t rank = ((uint64_t)n * permille + 999) / 1000;

	return sorted[rank ? rank - 1 : 0] / 1000.0;
}

void app_print_latency(FILE *out, uint64_t *ns, size_t n)
{
	if (!n) {
		fprintf(out, "no samples\n");
		return;
	}
	qsort(ns, n, sizeof(*ns), cmp_u64);
	fprintf(out,
		"min %.2f p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f us\n",
		ns[0] / 1000.0, pct_us(ns, n, 500), pct_us(ns, n, 900),
		pct_us(ns, n, 990), pct_us(ns, n, 999), ns[n - 1] / 1000.0);
}

void app_print_socket_stats(FILE *out, struct afudp_socket *sock)
{
	AFUDP_OPTS_INIT(afudp_socket_stats, s);
	int err;

	err = afudp_socket_stats(sock, &s);
	if (err) {
		fprintf(out, "socket: no counters: %s\n", strerror(-err));
		return;
	}
	fprintf(out,
		"socket: rx %" PRIu64 " pkts %" PRIu64 " bytes (slow path %" PRIu64 "), tx %" PRIu64 " pkts %" PRIu64 " bytes (slow path %" PRIu64 ")\n",
		s.rx_packets, s.rx_bytes, s.rx_slow, s.tx_packets, s.tx_bytes,
		s.tx_slow);
	fprintf(out,
		"socket: tx slow: no-neigh %" PRIu64 " local %" PRIu64 " mtu %" PRIu64 " other %" PRIu64 "\n",
		s.tx_slow_no_neigh, s.tx_slow_local, s.tx_slow_mtu,
		s.tx_slow_other);
	fprintf(out,
		"socket: rx drops: csum %" PRIu64 " malformed %" PRIu64 " filtered %" PRIu64 " ring-full %" PRIu64 " dropped %" PRIu64 " fill-empty %" PRIu64 " invalid-desc %" PRIu64 " rpf %" PRIu64 "\n",
		s.rx_drop_csum, s.rx_drop_malformed, s.rx_drop_filtered,
		s.rx_ring_full, s.rx_dropped, s.rx_fill_empty,
		s.rx_invalid_descs, s.rx_drop_rpf);
	fprintf(out,
		"socket: tx: ring-full %" PRIu64 " invalid-desc %" PRIu64 " kicks %" PRIu64 "; rx sleeps %" PRIu64 "\n",
		s.tx_ring_full, s.tx_invalid_descs, s.tx_kicks, s.rx_wakeups);
}

void app_print_stack_stats(FILE *out, struct afudp_stack *st)
{
	AFUDP_OPTS_INIT(afudp_stack_stats, s);
	AFUDP_OPTS_INIT(afudp_stack_info, info);

	if (afudp_stack_info(st, &info) || info.backend != AFUDP_BACKEND_XDP ||
	    afudp_stack_stats(st, &s))
		return;
	fprintf(out,
		"xdp: redirected %" PRIu64 "; passed: not-ipv4 %" PRIu64 " trunc %" PRIu64 " bad-ip %" PRIu64 " fragment %" PRIu64 " not-udp %" PRIu64 " not-local %" PRIu64 " mcast %" PRIu64 " no-port %" PRIu64 " no-queue %" PRIu64 " too-big %" PRIu64 " other-mac %" PRIu64 " martian %" PRIu64 " ip-options %" PRIu64 " vlan %" PRIu64 " ip6-ext %" PRIu64 "\n",
		s.xdp_redirected, s.xdp_pass_not_ipv4, s.xdp_pass_trunc,
		s.xdp_pass_bad_ip, s.xdp_pass_fragment, s.xdp_pass_not_udp,
		s.xdp_pass_not_local, s.xdp_pass_mcast, s.xdp_pass_no_port,
		s.xdp_pass_no_queue, s.xdp_pass_too_big, s.xdp_pass_other_mac,
		s.xdp_pass_martian, s.xdp_pass_ip_options, s.xdp_pass_vlan,
		s.xdp_pass_ip6_ext);
	fprintf(out, "xdp: of redirected: spread %" PRIu64 " mcast %" PRIu64
		     " vlan-tagged %" PRIu64 " IPv6 %" PRIu64 "\n",
		s.xdp_redirected_spread, s.xdp_redirected_mcast,
		s.xdp_redirected_vlan, s.xdp_redirected6);
	fprintf(out,
		"route: routes %" PRIu64 " neighbours %" PRIu64 " redumps %" PRIu64 " neighbour misses %" PRIu64 "\n",
		s.rt_routes, s.rt_neighs, s.rt_redumps, s.rt_neigh_miss);
}

int app_parse_double(const char *s, double min, double max, double *out,
		     const char **why)
{
	char *end;
	double v;

	/* As app_parse_int: no blanks, no sign, no "inf" or "nan". */
	if (!isdigit((unsigned char)*s) && *s != '.') {
		*why = "not a decimal number";
		return -1;
	}
	errno = 0;
	v = strtod(s, &end);
	if (*end || end == s) {
		*why = "not a decimal number";
		return -1;
	}
	if (errno == ERANGE || !(v >= min && v <= max)) {
		*why = "out of range";
		return -1;
	}
	*out = v;
	return 0;
}

double app_opt_double(const char *opt, const char *arg, double min,
		      double max)
{
	const char *why;
	double v;

	if (app_parse_double(arg, min, max, &v, &why))
		app_usage_error("%s '%s': %s (%g to %g)", opt, arg, why, min,
				max);
	return v;
}
