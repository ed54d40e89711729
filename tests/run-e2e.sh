#!/bin/sh
# run-e2e.sh: run every end-to-end script in tests/e2e/ against the built
# binary ($SECNEWS, absolute path), each in a fresh temporary folder.
# Prints one line per script and a total; fails when any script fails.
: "${SECNEWS:?set SECNEWS to the secnews binary}"
top=$(pwd)
export SECNEWS TOP="$top" SHARED="${SECNEWS_SHARED:-$top/../shared}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
pass=0 fail=0
for t in "$top"/tests/e2e/*.sh; do
	[ -e "$t" ] || continue
	dir=$(mktemp -d)
	if (cd "$dir" && sh "$t") >"$dir.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $(basename "$t")"
	else
		fail=$((fail + 1))
		echo "FAIL $(basename "$t")"
		tail -30 "$dir.log"
	fi
	rm -rf "$dir" "$dir.log"
done
echo "e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
