#!/bin/sh
# run-unit.sh: run every Check suite given; print Check's summary lines and a
# total; fail when any suite fails, crashes, leaks or trips a sanitizer.
# $VALGRIND, if set, prefixes each run (make check-valgrind).
export CK_FORK=no   # one process per suite, so LeakSanitizer and valgrind see every test
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
pass=0 fail=0
for t in "$@"; do
	out=$($VALGRIND "$t" 2>&1)
	rc=$?
	printf '%s: ' "$(basename "$t")"
	printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks' || echo "(no summary)"
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out" | grep -vE '^[0-9]+%: Checks' | tail -40
		echo "FAIL: $t (exit $rc)"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "unit suites: $pass passed, $fail failed"
[ $fail -eq 0 ]
