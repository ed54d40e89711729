# install.sh: make install puts the binary and the man page under PREFIX.
. "$TOP/tests/e2e-lib.sh"
bdir=$(dirname "$SECNEWS")
build=${bdir%/}
# install from the build the tests use, into a private prefix
make -s -C "$TOP" install BUILD="${build#$TOP/}" PREFIX="$PWD/prefix" >/dev/null 2>err.txt || { cat err.txt; die "make install"; }
[ -x prefix/bin/secnews ] || die "no binary installed"
[ -f prefix/share/man/man1/secnews.1 ] || die "no man page installed"
prefix/bin/secnews --version | grep -q "^secnews " || die "installed binary does not run"
man -l prefix/share/man/man1/secnews.1 2>/dev/null | grep -q "secnews" || grep -q '^.TH SECNEWS 1' prefix/share/man/man1/secnews.1 || die "man page"
