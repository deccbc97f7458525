/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for lib/xdp/devcaps: the netdev xsk-features query and the
 * busy-poll options. SO_BUSY_POLL and its kin are SOL_SOCKET options,
 * handled for every socket by the same kernel code, so a UDP socket stands
 * in for an XSK. A test that needs CAP_NET_ADMIN checks it has it first;
 * the refusal test drops it (Check runs each test in its own child).
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <check.h>

#include "xdp/devcaps.h"

static bool have_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d))
		return false;
	return d[0].effective & (1u << CAP_NET_ADMIN);
}

static void drop_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = { 0 };

	ck_assert_int_eq(syscall(SYS_capget, &h, d), 0);
	d[0].effective &= ~(1u << CAP_NET_ADMIN);
	ck_assert_int_eq(syscall(SYS_capset, &h, d), 0);
	ck_assert(!have_net_admin());
}

START_TEST(test_busy_poll_set)
{
	unsigned int prefer, usecs;
	char why[160] = "";
	int fd;

	if (!have_net_admin())
		return; /* test_busy_poll_refused covers this process */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_msg(!afudp_xsk_busy_poll(fd, 20, 64, why, sizeof(why)), "%s",
		      why);
	afudp_xsk_busy_poll_get(fd, &prefer, &usecs);
	ck_assert_uint_eq(prefer, 1);
	ck_assert_uint_eq(usecs, 20);
	close(fd);
}
END_TEST

START_TEST(test_busy_poll_refused)
{
	unsigned int prefer, usecs;
	char why[160] = "";
	int fd, err;

	if (have_net_admin())
		drop_net_admin();
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(fd, 0);
	err = afudp_xsk_busy_poll(fd, 20, 64, why, sizeof(why));
	ck_assert_int_eq(err, -EPERM);
	/* The line names the option, the reason and the cure. */
	ck_assert_msg(strstr(why, "SO_") && strstr(why, "refused") &&
			      strstr(why, "CAP_NET_ADMIN"),
		      "%s", why);
	/* SO_PREFER_BUSY_POLL needs CAP_NET_ADMIN in every kernel. */
	ck_assert_msg(strstr(why, "SO_PREFER_BUSY_POLL=1 refused"), "%s", why);
	afudp_xsk_busy_poll_get(fd, &prefer, &usecs);
	ck_assert_uint_eq(prefer, 0);
	close(fd);
}
END_TEST

START_TEST(test_xsk_features_lo)
{
	uint64_t f = 0xdead;
	int err;

	err = afudp_netdev_xsk_features(if_nametoindex("lo"), &f);
	/* Before Linux 6.3 there is no netdev family to ask. */
	if (err == -EOPNOTSUPP)
		return;
	ck_assert_int_eq(err, 0);
	ck_assert_uint_eq(f, 0); /* lo offers XSKs nothing */
	/* No such device: the kernel's error, not a silent 0. */
	ck_assert_int_lt(afudp_netdev_xsk_features(0x7ffffff0, &f), 0);
}
END_TEST

Suite *devcaps_suite(void)
{
	Suite *s = suite_create("devcaps");
	TCase *tc = tcase_create("devcaps");

	tcase_add_test(tc, test_xsk_features_lo);
	tcase_add_test(tc, test_busy_poll_set);
	/* Last: it drops a capability (for good with CK_FORK=no). */
	tcase_add_test(tc, test_busy_poll_refused);
	suite_add_tcase(s, tc);
	return s;
}
