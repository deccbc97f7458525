// SPDX-License-Identifier: BSD-2-Clause
/* Logging through the application's callback; see log.h. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "log.h"

__thread int afudp_in_log_fn __attribute__((tls_model("initial-exec")));

static void log_stderr(void *ctx, int level, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "afudp: %s%s\n", level <= LOG_ERR ? "error: " :
		level == LOG_WARNING ? "warning: " : "", msg);
}

void afudp_logger_init(struct afudp_logger *lg, afudp_log_fn fn, void *ctx,
		       int level)
{
	lg->fn = fn ? fn : log_stderr;
	lg->ctx = ctx;
	lg->level = level ? level : LOG_WARNING;
}

static void vlog(const struct afudp_logger *lg, int level, const char *fmt,
		 va_list ap)
{
	char buf[512];
	size_t n;

	if (!lg || level > lg->level)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	afudp_in_log_fn++;
	lg->fn(lg->ctx, level, buf);
	afudp_in_log_fn--;
}

void afudp_log(const struct afudp_logger *lg, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(lg, level, fmt, ap);
	va_end(ap);
}

void afudp_log_cb(void *logger, int level, const char *msg)
{
	afudp_log(logger, level, "%s", msg);
}

/*
 * The library hooks are process-wide; stacks are opened rarely, so one
 * mutex-protected pointer to the logger of the open in progress is enough.
 */
static pthread_mutex_t lib_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct afudp_logger *lib_logger;

static int lib_print(const struct afudp_logger *lg, const char *fmt,
		     va_list ap)
{
	if (lg)
		vlog(lg, LOG_DEBUG, fmt, ap);
	return 0;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	(void)level;
	return lib_print(lib_logger, fmt, ap);
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt,
			va_list ap)
{
	(void)level;
	return lib_print(lib_logger, fmt, ap);
}

void afudp_log_capture_libs(const struct afudp_logger *lg)
{
	if (lg)
		pthread_mutex_lock(&lib_lock);
	lib_logger = lg;
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
	if (!lg)
		pthread_mutex_unlock(&lib_lock);
}
