#!/usr/bin/env bash
# Loopback throughput of the speed test endpoints (`wanwatch speedtest-server`)
# against iperf3 in the same run: what the server can give a client when the
# link is not the limit, and the server's CPU time per Gbit moved.
#
#   bench/speedtest_server_compare.sh [BUILD_DIR] [SECONDS] [THREADS]
#   defaults: build/server-rel 8 2        (BUILD_DIR: a Release build)
#
# Rows: iperf3 -c (1 and 4 streams, client → server), curl GET /__down and
# POST /__up (Content-Length, from a sparse file) with 1 and 4 parallel curls,
# each for SECONDS. Gbit/s is payload bytes × 8 / wall time as the client
# counts them. "server CPU s/Gbit" is the server process's user + system time
# over the payload moved (iperf3's server for its rows). Everything runs in a
# private network namespace holding only loopback.
set -euo pipefail

BUILD=${1:-build/server-rel}
SECS=${2:-8}
THREADS=${3:-2}
BIN=$BUILD/src/app/wanwatch
for need in iperf3 curl "$BIN"; do
  command -v "$need" >/dev/null 2>&1 || { echo "speedtest_server_compare: '$need' not found" >&2; exit 2; }
done

if [ -z "${WW_BENCH_NETNS:-}" ]; then
  ns=ww-bench-st-$$
  ip netns add "$ns"
  trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
  ip -n "$ns" link set lo up
  WW_BENCH_NETNS=$ns ip netns exec "$ns" "$0" "$@"
  exit $?
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# row NAME PID BYTES SECONDS_WALL CPU_TICKS_BEFORE
row() {
  local after
  after=$(cpu_ticks "$2")
  awk -v n="$1" -v b="$3" -v t="$4" -v c0="$5" -v c1="$after" -v hz="$hz" 'BEGIN {
    gbit = b * 8 / 1e9; cpu = (c1 - c0) / hz;
    printf "%-34s %8.2f Gbit/s   server CPU %5.2f s = %5.3f s/Gbit\n", n, gbit / t, cpu, cpu / gbit }'
}

# iperf3: the reference.
iperf3 -s -p 5201 >/dev/null 2>&1 &
ipid=$!
pids+=("$ipid")
# listening(PORT): polls (at most 5 s) until something listens on the port.
listening() {
  for _ in $(seq 1 50); do ss -Hltn "sport = :$1" | grep -q . && return 0; sleep 0.1; done
  echo "speedtest_server_compare: nothing listens on port $1" >&2
  exit 1
}
listening 5201
for streams in 1 4; do
  c0=$(cpu_ticks "$ipid")
  iperf3 -c 127.0.0.1 -p 5201 -t "$SECS" -P "$streams" -J >"$tmp/iperf.json"
  read -r bytes secs < <(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["end"]["sum_received"]; print(e["bytes"], e["seconds"])' "$tmp/iperf.json")
  row "iperf3 -P $streams" "$ipid" "$bytes" "$secs" "$c0"
done

"$BIN" speedtest-server --listen 127.0.0.1:18090 --threads "$THREADS" --max-request-mb 16384 \
  --log-level warn >"$tmp/server.log" 2>&1 &
spid=$!
pids+=("$spid")
listening 18090
truncate -s 16G "$tmp/upload.bin"  # sparse: zeros from the page cache, no disk

# run_curls N down|up: N curls for SECS; prints "bytes wall_seconds".
run_curls() {
  local n=$1 dir=$2 start end
  start=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    if [ "$dir" = down ]; then
      curl -s --max-time "$SECS" -o /dev/null -w '%{size_download}\n' \
        "http://127.0.0.1:18090/__down?bytes=17179869184" >"$tmp/c$i" || true &
    else
      curl -s --max-time "$SECS" -o /dev/null -w '%{size_upload}\n' -X POST \
        -H 'Content-Type: application/octet-stream' -T "$tmp/upload.bin" \
        "http://127.0.0.1:18090/__up" >"$tmp/c$i" || true &
    fi
  done
  wait  # a subshell: only its curls
  end=$(date +%s.%N)
  echo "$(cat "$tmp"/c* | awk '{s += $1} END {print s}') $(echo "$end - $start" | bc -l)"
  rm -f "$tmp"/c*
}

for dir in down up; do
  for n in 1 4; do
    c0=$(cpu_ticks "$spid")
    read -r bytes secs < <(run_curls "$n" "$dir")
    path=$([ "$dir" = down ] && echo "GET /__down" || echo "POST /__up")
    row "wanwatch $path ×$n curl" "$spid" "$bytes" "$secs" "$c0"
  done
done
echo "threads $THREADS; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
