#!/usr/bin/env bash
# HTTP throughput and latency of wanwatch's /api/status vs a FastAPI/uvicorn
# app serving the same JSON, measured in one run with the same wrk settings.
#
#   bench/http_compare.sh [BUILD_DIR] [SECONDS] [CONNECTIONS] [WRK_THREADS]
#   defaults: build/sec-release 10 50 2      (BUILD_DIR: a Release build)
#   WEB_THREADS=2 bench/http_compare.sh ...  (the daemon's web.threads, default 1)
#
# The daemon probes 100 loopback targets (127.0.1.1-127.0.1.100) every second
# while wrk loads it, so the engine and the store run as in real use. The
# uvicorn app returns the daemon's /api/status body captured just before, as
# pre-serialised bytes (FastAPI's fastest path; a dict would be re-encoded per
# request). Everything runs inside a private network namespace holding only
# loopback: nothing leaves the machine.
#
# Prints per server: requests/s, p50 and p99 latency (wrk --latency), CPU
# time per request and the RSS after the run; then the ratios and the load
# average (other work on the machine distorts latency most).
set -euo pipefail

BUILD=${1:-build/sec-release}
SECONDS_EACH=${2:-10}
CONNS=${3:-50}
WRK_THREADS=${4:-2}
WEB_THREADS=${WEB_THREADS:-1}
# NICE=-10: run both servers and wrk at a higher priority than other work on a
# shared machine (latency percentiles there measure the scheduler otherwise).
NICE=${NICE:-0}
BIN=$BUILD/src/app/wanwatch
PY=${PYTHON:-/usr/bin/python3}  # Debian's, where python3-fastapi and uvicorn live

for need in wrk "$PY" curl "$BIN"; do
  command -v "$need" >/dev/null 2>&1 || { echo "http_compare: '$need' not found" >&2; exit 2; }
done
"$PY" -c 'import fastapi, uvicorn' 2>/dev/null ||
  { echo "http_compare: needs python3-fastapi and uvicorn (scripts/install-deps.sh bench)" >&2; exit 2; }

# Re-run inside a private namespace (loopback only).
if [ -z "${WW_BENCH_NETNS:-}" ]; then
  ns=ww-bench-http-$$
  ip netns add "$ns"
  trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
  ip -n "$ns" link set lo up
  WW_BENCH_NETNS=$ns ip netns exec "$ns" "$0" "$BUILD" "$SECONDS_EACH" "$CONNS" "$WRK_THREADS"
  exit $?
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# Polls a URL until it answers 200, at most 30 s.
wait_http() {
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "http_compare: $1 did not answer" >&2
  exit 1
}

list=$(for i in $(seq 1 100); do printf '"127.0.1.%d",' "$i"; done)
cat >"$work/c.toml" <<TOML
[web]
threads = $WEB_THREADS
[probe]
interval_ms = 1000
targets = [${list%,}]
gateway = "none"
tcp_targets = []
dns_servers = []
TOML
nice -n "$NICE" "$BIN" --headless --config "$work/c.toml" --data-dir "$work/data" --web-port 18080 \
  --log-level warn >"$work/daemon.log" 2>&1 &
daemon=$!
pids+=("$daemon")
wait_http http://127.0.0.1:18080/api/status
# A few rounds, so that /api/status carries real statistics for 100 targets.
for _ in $(seq 1 100); do
  pings=$(curl -s http://127.0.0.1:18080/api/status |
    "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total_pings"] or 0)')
  [ "$pings" -ge 500 ] && break
  sleep 0.1
done
curl -s http://127.0.0.1:18080/api/status >"$work/status.json"

cat >"$work/app.py" <<'PY'
import pathlib
from fastapi import FastAPI, Response

BODY = pathlib.Path(__file__).with_name("status.json").read_bytes()
app = FastAPI()


@app.get("/api/status")
def status():
    return Response(content=BODY, media_type="application/json")
PY
(cd "$work" && exec nice -n "$NICE" "$PY" -m uvicorn app:app --host 127.0.0.1 --port 18081 \
  --log-level warning --no-access-log) >"$work/uvicorn.log" 2>&1 &
uvicorn=$!
pids+=("$uvicorn")
wait_http http://127.0.0.1:18081/api/status

# CPU time (user + system) of a process so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk's "Requests/sec:" and "50%"/"99%" lines, the RSS afterwards, and the
# server's CPU time per request (less sensitive to other load on the machine
# than requests/s: a server that needs half the CPU per request serves twice
# as many on an otherwise idle machine).
measure() {
  local name=$1 url=$2 pid=$3 out before after
  before=$(cpu_ticks "$pid")
  out=$(nice -n "$NICE" wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency "$url")
  after=$(cpu_ticks "$pid")
  echo "$out" >"$work/$name.wrk"
  local rps p50 p99 rss errors requests cpu_us
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  cpu_us=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  printf '%-9s requests/s=%-10s p50=%-9s p99=%-9s cpu_us_per_request=%-7s rss_kib=%-7s %s\n' \
    "$name" "$rps" "$p50" "$p99" "$cpu_us" "$rss" "$errors"
  echo "$rps" >"$work/$name.rps"
  echo "$cpu_us" >"$work/$name.cpu"
}

bytes=$(wc -c <"$work/status.json")
echo "GET /api/status ($bytes bytes), wrk -t$WRK_THREADS -c$CONNS -d${SECONDS_EACH}s," \
  "daemon web.threads=$WEB_THREADS probing 100 targets, $(nproc) CPUs, nice $NICE"
measure wanwatch http://127.0.0.1:18080/api/status "$daemon"
measure uvicorn http://127.0.0.1:18081/api/status "$uvicorn"
awk -v a="$(cat "$work/wanwatch.rps")" -v b="$(cat "$work/uvicorn.rps")" \
  -v ca="$(cat "$work/wanwatch.cpu")" -v cb="$(cat "$work/uvicorn.cpu")" \
  'BEGIN { printf "ratio     requests/s %.1fx, CPU per request %.1fx (uvicorn/wanwatch)\n", a / b, cb / ca }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
