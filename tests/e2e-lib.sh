# lib.sh: helpers for the end-to-end scripts (sourced, not run).
# Each script runs in a fresh temporary folder; $SECNEWS is the binary,
# $TOP the repository, $SHARED the shared corpus.
set -u
export SECNEWS_DB="$PWD/test.db"
fails=0
die() { echo "FAIL: $*" >&2; exit 1; }
# expect_status N CMD...: run CMD, check its exit status is N; output in out.txt/err.txt.
expect_status() {
	want=$1; shift
	"$@" >out.txt 2>err.txt
	got=$?
	[ "$got" = "$want" ] || { cat out.txt err.txt >&2; die "'$*' exited $got, expected $want"; }
}
# contains FILE TEXT: FILE holds TEXT (fixed string).
contains() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; head -50 "$1" >&2; die "$1 lacks '$2'"; }; }
lacks() { ! grep -qF -- "$2" "$1" || die "$1 holds '$2'"; }
sql() { sqlite3 "$SECNEWS_DB" "$1"; }
