#!/bin/sh
# deps.sh: install the Debian packages secnews needs, or say exactly which.
# usage: tools/deps.sh PACKAGE...
# Exit 0 when every package is installed (or was just installed), 1 otherwise.
missing=
for p in "$@"; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2 && exit 0
	echo "deps: apt-get failed; install by hand: apt-get install$missing" >&2
	exit 1
fi
echo "deps: missing Debian packages; run as root:" >&2
echo "  apt-get install$missing" >&2
exit 1
