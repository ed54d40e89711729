# server-lib.sh: start tests/server.py for an end-to-end script (sourced after
# e2e-lib.sh). start_server DIR serves DIR on 127.0.0.1 and 127.0.0.2 and sets
# PORT, BASE (http://127.0.0.1:PORT), BASE2 (http://127.0.0.2:PORT, a second
# host) and SLOG (the request log); the server is killed when the script exits.
SPID=
stop_server() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null; wait 2>/dev/null; SPID=; }
trap stop_server EXIT
trap 'stop_server; exit 1' INT TERM
start_server() {
	SLOG=$PWD/server.log
	: >"$SLOG"
	rm -f port.txt
	/usr/bin/python3 "$TOP/tests/server.py" --root "$1" --log "$SLOG" >port.txt 2>server.err &
	SPID=$!
	i=0
	while [ ! -s port.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(head -1 port.txt)
	[ -n "$PORT" ] || { cat server.err >&2; die "the test server did not start"; }
	BASE=http://127.0.0.1:$PORT
	BASE2=http://127.0.0.2:$PORT
}
# requests PATH: how many requests for PATH (exact, with query) the server saw.
requests() { awk -F'\t' -v p="$1" '$1 == "START" && $3 == p' "$SLOG" | wc -l; }
# free_port: a port on 127.0.0.1 with nothing listening.
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
