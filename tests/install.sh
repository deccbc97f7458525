#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `make install` gives a user what they link against: the shared and static
# library, the one header, a pkg-config file that works, and a library that
# exports only versioned afudp_* symbols. A program built from the installed
# files runs (kernel backend on loopback: no privileges needed).
set -u
: "${top_builddir:=$(cd "$(dirname "$0")/.." && pwd)}"
# A sanitizer build's library needs its programs built with the same flags
# (the ASan runtime first): `make check` passes them, else the Makefile has
# them.
: "${SAN_CFLAGS=$(sed -n 's/^SAN_CFLAGS = //p' "$top_builddir/Makefile" 2>/dev/null)}"
TMP=$(mktemp -d /tmp/afudp-install.XXXXXX)
DEST=$TMP/root
trap 'rm -rf "$TMP"' EXIT
n=0 failed=0
check() {
	local d="$1"; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $d"; else echo "not ok $n - $d"; failed=1; fi
}
echo "1..7"
make -s -C "$top_builddir" install DESTDIR="$DEST" >"$TMP/make.log" 2>&1
check "make install succeeds" test $? = 0
# Where the build's afudp.pc says it installs, its variables expanded
# (Debian's --libdir is '${prefix}/lib/<triplet>').
pcvar() { PKG_CONFIG_PATH="$top_builddir" pkg-config --variable="$1" afudp; }
libdir=$(pcvar libdir) includedir=$(pcvar includedir)
check "installs libafudp.so, libafudp.a, afudp.h, afudp.pc" \
	test -n "$libdir" -a -e "$DEST$libdir/libafudp.so" \
		-a -e "$DEST$libdir/libafudp.a" \
		-a -e "$DEST$includedir/afudp.h" \
		-a -e "$DEST$libdir/pkgconfig/afudp.pc"
exports=$(nm -D --defined-only "$DEST$libdir/libafudp.so" | awk '$2 == "T" {print $3}')
check "exports only afudp_* symbols, each versioned by a node of libafudp.map" \
	bash -c "[ -n '$exports' ] && ! echo '$exports' | grep -v '^afudp_[a-z0-9_]*@@AFUDP_0\.[0-9]*$'"
mapped=$(sed -n 's/^[[:space:]]*\(afudp_[a-z0-9_]*\);$/\1/p' "$top_srcdir/lib/libafudp.map" | sort)
check "... exactly the symbols lib/libafudp.map names" \
	test "$(echo "$exports" | sed 's/@@.*//' | sort)" = "$mapped"
cat >"$TMP/user.c" <<'EOC'
#include <afudp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo",
			.backend = AFUDP_BACKEND_KERNEL);
	struct afudp_stack *st = afudp_stack_open(&o);
	struct afudp_socket *s = st ? afudp_socket(st, NULL) : NULL;
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof(a);
	char buf[8];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (!s || afudp_bind(s, (void *)&a, sizeof(a)) ||
	    afudp_getsockname(s, (void *)&a, &l) ||
	    afudp_sendto(s, "hi", 2, 0, (void *)&a, l) != 2 ||
	    afudp_recv(s, buf, sizeof(buf), 0) != 2)
		return 1;
	printf("afudp %s ok\n", afudp_version());
	afudp_close(s);
	afudp_stack_close(st);
	return 0;
}
EOC
export PKG_CONFIG_SYSROOT_DIR="$DEST" PKG_CONFIG_PATH="$DEST$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs afudp)
check "pkg-config --cflags --libs afudp works ($flags)" test -n "$flags"
cc $SAN_CFLAGS -o "$TMP/user" "$TMP/user.c" $flags 2>"$TMP/cc.log"
check "a program builds against the installed files" test -x "$TMP/user"
check "and runs" bash -o pipefail -c "LD_LIBRARY_PATH='$DEST$libdir' '$TMP/user' | grep -q ok"
exit $failed
