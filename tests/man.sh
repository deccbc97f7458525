#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The manual pages (man/): each renders without a warning from man or
# groff, and each program's page lists every option the program's --help
# lists, so an option added to a program without its page fails here.
# `make install-man` installs them where man finds them. No privileges, no
# network.
set -u
: "${top_builddir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
TMP=$(mktemp -d /tmp/afudp-man.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
n=0 failed=0
check() {
	local d="$1"; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $d"; else echo "not ok $n - $d"; failed=1; fi
}
diag() { echo "# $*"; }

# Each installed program and its page; afudp.7 is the overview.
PROGS="apps/afudp-echo apps/afudp-ping apps/afudp-stat apps/afudp-rpc apps/afudp-dump
preload/afudp-run"
PAGES="afudp.7"
for p in $PROGS; do PAGES="$PAGES ${p##*/}.1"; done
echo "1..$(( $(echo $PAGES | wc -w) + $(echo $PROGS | wc -w) + 2 ))"

export LC_ALL=C.UTF-8

# warnings PAGE: what man and groff say about the page (all of groff's
# warnings on), nothing if it is clean.
warnings() {
	MANWIDTH=80 man --warnings=w -l "$1" 2>&1 >/dev/null
}

# text PAGE: the page as plain text, unhyphenated and wide enough that no
# line breaks inside an option, any formatting, Unicode minus or hyphen
# turned back into ASCII.
text() {
	MANWIDTH=250 MANROFFOPT=-rHY=0 man -l "$1" 2>/dev/null |
		sed 's/.\x08//g; s/\xe2\x88\x92/-/g; s/\xe2\x80\x90/-/g'
}

# help_opts PROGRAM: the options its --help (-h where --help is refused)
# lists: every -x and --word that starts a word, one a line.
help_opts() {
	local out
	out=$("$1" --help 2>/dev/null) || out=$("$1" -h 2>/dev/null) || return 1
	printf '%s\n' "$out" |
		grep -oE '(^|[][ ,|(])--?[A-Za-z][-A-Za-z0-9]*' |
		sed 's/^[][ ,|(]//' | sort -u
}

# missing TEXTFILE OPTS...: the options not found in the text as a word of
# their own (-p is not found in -pp, --port not in --ports).
missing() {
	local f="$1" o miss=""
	shift
	for o in "$@"; do
		grep -qE -e "(^|[^-[:alnum:]])$o([^-[:alnum:]]|$)" "$f" ||
			miss="$miss $o"
	done
	echo "${miss# }"
}

for pg in $PAGES; do
	w=$(warnings "$top_srcdir/man/$pg")
	check "$pg renders without warnings" test -z "$w"
	[ -z "$w" ] || printf '%s\n' "$w" | head -20 | sed 's/^/# /'
done

for p in $PROGS; do
	prog="$top_builddir/$p" pg="${p##*/}.1" why=""
	opts=$(help_opts "$prog") || why="$p --help failed"
	# (printf: echo would take -n for its own)
	list=$(printf '%s ' $opts) list=${list% }
	# A parser that finds (nearly) nothing would pass anything.
	[ -n "$why" ] || [ "$(printf '%s\n' "$opts" | wc -l)" -ge 3 ] ||
		why="only '$list' found in $p --help"
	if [ -z "$why" ]; then
		text "$top_srcdir/man/$pg" >"$TMP/$pg.txt"
		# shellcheck disable=SC2086
		miss=$(missing "$TMP/$pg.txt" $opts)
		[ -z "$miss" ] || why="$pg lacks $miss"
	fi
	check "$pg lists every option of ${p##*/} --help ($list)" \
		test -z "$why"
	[ -z "$why" ] || diag "$why"
done

# The check above can fail: a page with an option taken out of it
# (afudp-echo's --sockperf, wherever it appears) misses it.
sed 's/\\-\\-sockperf//g' "$top_srcdir/man/afudp-echo.1" >"$TMP/cut.1"
text "$TMP/cut.1" >"$TMP/cut.txt"
check "a page without an option the program lists is caught" \
	test "$(missing "$TMP/cut.txt" --sockperf --port)" = "--sockperf"

make -s -C "$top_builddir" install-man DESTDIR="$TMP/root" \
	>"$TMP/install.log" 2>&1 || sed 's/^/# /' "$TMP/install.log"
inst=""
for pg in $PAGES; do
	f=$(find "$TMP/root" -path "*/man${pg##*.}/$pg" 2>/dev/null | head -1)
	[ -n "$f" ] && [ -z "$(warnings "$f")" ] || inst="$inst $pg"
done
check "make install-man installs every page in its section${inst:+ (not:$inst)}" \
	test -z "$inst"
exit $failed
