#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Nothing can hang a test: lib.sh's time limits stop what never ends, and
# say where. A test planted here (an inner script on lib.sh, with a limit
# of 8 s) runs afudp-echo in the foreground expecting a refusal, but it
# serves and never returns: the shape of issue 11's modes.sh hang (its
# foreign XDP program failed to compile). It has also left in the
# background a server that ignores SIGTERM. The harness must stop it
# within seconds with a `not ok` and a `Bail out!` naming the step and what
# it waited for, and leave no namespace and no process behind. Before that,
# a foreground program past its FG_LIMIT is stopped with exit status 124.
. "$(dirname "$0")/lib.sh"
require_root

plan 8
HW=$(mktemp -d /tmp/afudp-hang.XXXXXX) && T_DIRS="$T_DIRS $HW"
PORT=$(( 17000 + $$ % 1000 ))
MARK="afudp-hang-$$"	# the stubborn server's name in ps
INNER_LIMIT=8

cat >"$HW/inner.sh" <<EOS
#!/bin/bash
T_LIMIT=$INNER_LIMIT
. "$top_srcdir/tests/integration/lib.sh"
plan 4
bed hangin || { echo "Bail out! cannot build the veth bed"; exit 1; }
diag "namespaces: \$NS_A \$NS_B"
# A server that ignores SIGTERM, forgotten in the background.
bg "\$WORK/stubborn.log" in_a bash -c 'trap "" TERM; exec -a $MARK sleep 1000'
check "a step that passes" true
fg_stopped() {
	FG_LIMIT=2 in_a "\$APPS/afudp-echo" -i "\$IF_A" -p $PORT >/dev/null 2>&1
	[ \$? = 124 ]
}
check "a server in the foreground past its FG_LIMIT: stopped, exit 124" fg_stopped
check "afudp-echo refuses to start (it serves: never returns)" \\
	in_a "\$APPS/afudp-echo" -i "\$IF_A" -p $PORT
check "never reached" true
finish
EOS

start=$SECONDS
top_builddir="$top_builddir" top_srcdir="$top_srcdir" \
	limit 120 bash "$HW/inner.sh" >"$HW/out" 2>"$HW/err"
rc=$?
took=$(( SECONDS - start ))
sed 's/^/#   /' "$HW/out"
# Bed, FG_LIMIT step and the limit itself, then SIGTERM and SIGKILL 2 s
# later: within ten seconds of the limit.
max=$(( INNER_LIMIT * T_SCALE + 10 ))
check "the planted hang is stopped in $took s (at most $max), exit $rc" \
	test "$rc" != 0 -a "$rc" != 124 -a "$took" -le "$max"
check "the step before it passed, and its FG_LIMIT step" \
	grep -q "^ok 2 - a server in the foreground past its FG_LIMIT" "$HW/out"
check "'not ok' names the step and what it ran" \
	grep -Eq "^not ok 3 - timed out: inner.sh .* in step 'afudp-echo refuses to start.*running: ip netns exec hangina[0-9]+ .*afudp-echo" "$HW/out"
check "'Bail out!' follows, and nothing after it ran" \
	bash -c "grep -q '^Bail out! inner.sh: over its' $HW/out &&
		 ! grep -q 'never reached' $HW/out"
ns=$(sed -n 's/^# namespaces: //p' "$HW/out")
check "the planted test's namespaces are gone ($ns)" \
	bash -c "[ -n '$ns' ] && ! ip netns list | grep -Ew '$(echo $ns | tr ' ' '|')'"
gone() { ! ps -eo args= | grep -Eq "$1"; }
check "the foreground afudp-echo is gone" \
	wait_until 5 gone "afudp-echo -i va -p $PORT( |$)"
check "the server that ignored SIGTERM is gone" wait_until 5 gone "^$MARK "
check "the watchdog said what it stopped" grep -q "^# watchdog: stopping" "$HW/err"
finish
