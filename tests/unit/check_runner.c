/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The main() of every unit test program. Each program is this file compiled
 * with -DAFUDP_SUITE=<module>_suite next to tests/unit/check_<module>.c.
 *
 * Results go to stdout as TAP for automake's tap-driver.sh: Check writes the
 * TAP log to stdout when its file name is "-", one "ok N - file:tcase:test:
 * message" line per test, flushed as each test ends, and the plan "1..N"
 * last, which TAP allows. CK_NORMAL adds a "Running suite(s):" line, a
 * summary and one line per failure on the same stream; tap-driver.sh copies
 * such non-TAP lines into the test's .log and otherwise ignores them.
 *
 * The exit status is non-zero when a test failed, so a program also works by
 * hand; under tap-driver.sh that adds an "exited with status 1" ERROR to the
 * "not ok" lines unless the driver runs with --ignore-exit.
 *
 * Check forks once per test unless CK_FORK=no (use that under valgrind or a
 * debugger); a test that crashes is then reported as "not ok" instead of
 * ending the program.
 */
#include <stdlib.h>
#include <check.h>

#ifndef AFUDP_SUITE
#error "build with -DAFUDP_SUITE=<module>_suite"
#endif

Suite *AFUDP_SUITE(void);

int main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(AFUDP_SUITE());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
