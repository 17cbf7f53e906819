# Sourced by tests/e2e/run.sh and scripts/screenshots.sh: start a skjold
# server for a browser on a free loopback port.
#
#   start_server BIN DB ERRFILE
# starts `BIN --db DB serve`, its stderr in ERRFILE, and waits until it
# answers /api/v1/health.  Sets server_pid, url and password (the first-run
# admin password the server prints on a fresh database).  On failure it calls
# start_failed MESSAGE, which the sourcing script defines (and which exits).
start_server() {
	_bin=$1
	_db=$2
	_err=$3
	# a free port: ask the kernel for one, then hand it to the server
	port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
	[ -n "$port" ] || start_failed "could not find a free port"
	: >"$_err"
	"$_bin" --db "$_db" serve --listen "127.0.0.1:$port" 2>"$_err" >/dev/null &
	server_pid=$!
	url="http://127.0.0.1:$port"
	password=
	_i=0
	while [ $_i -lt 150 ]; do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			cat "$_err" >&2
			server_pid=
			start_failed "the server exited before it was ready"
		fi
		if [ -z "$password" ]; then
			# the password is the first word after "admin / " (the server adds a note after it)
			password=$(sed -n 's/^skjold: first-run login: admin \/ \([^[:space:]]*\).*$/\1/p' "$_err" | head -n 1)
		fi
		if [ -n "$password" ] && node -e '
			fetch(process.argv[1] + "/api/v1/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
		' "$url" 2>/dev/null; then
			return 0
		fi
		_i=$((_i + 1))
		sleep 0.2
	done
	[ -n "$password" ] || { cat "$_err" >&2; start_failed "no 'first-run login' line on the server's stderr"; }
	start_failed "the server did not answer $url/api/v1/health"
}
