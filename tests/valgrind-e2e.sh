#!/bin/sh
# valgrind-e2e.sh: run the end-to-end scripts with every secnews process under
# valgrind (make check-valgrind). usage: tests/valgrind-e2e.sh BINARY
# Each process's report goes to its own log; any report (an invalid access,
# a definite leak) fails the run, even where a script tolerates a failing
# exit status. HARDEN_LIGHT=1 makes the hardening scripts use smaller batches
# and skip their largest inputs (the sanitizer run covers those); install.sh
# is skipped (it installs the binary, not a valgrind wrapper).
: "${1:?usage: tests/valgrind-e2e.sh BINARY}"
top=$(pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
vg=$(mktemp -d)
chmod 1777 "$vg" # the read-only test runs secnews as another user
cat >"$vg/secnews" <<EOW
#!/bin/sh
exec valgrind -q --suppressions=$top/tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite \\
	--error-exitcode=99 --log-file=$vg/log.%p "$bin" "\$@"
EOW
chmod +x "$vg/secnews"
export SECNEWS="$vg/secnews" TOP="$top" SHARED="${SECNEWS_SHARED:-$top/../shared}" HARDEN_LIGHT=1
pass=0 fail=0
for t in "$top"/tests/e2e/*.sh; do
	case $(basename "$t") in install.sh) continue ;; esac
	dir=$(mktemp -d)
	start=$(date +%s)
	if (cd "$dir" && sh "$t") >"$dir.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $(basename "$t") ($(($(date +%s) - start)) s)"
	else
		fail=$((fail + 1))
		echo "FAIL $(basename "$t")"
		tail -30 "$dir.log"
	fi
	rm -rf "$dir" "$dir.log"
done
reports=0
for f in "$vg"/log.*; do
	[ -s "$f" ] || continue
	reports=$((reports + 1))
	[ $reports -le 3 ] && head -60 "$f"
done
rm -rf "$vg"
echo "e2e under valgrind: $pass passed, $fail failed, $reports processes with valgrind reports"
[ $fail -eq 0 ] && [ $reports -eq 0 ]
