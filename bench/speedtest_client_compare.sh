#!/usr/bin/env bash
# Loopback throughput of the speed test client (`wanwatch speedtest`) against
# iperf3 in the same run, with the same streams and duration, and the client's
# CPU time per Gbit moved.
#
#   bench/speedtest_client_compare.sh [BUILD_DIR] [SECONDS] [STREAMS]
#   defaults: build/client-rel 10 4        (BUILD_DIR: a Release build)
#
# Rows:
#   iperf3 -c -P N -t S (-R for download) against iperf3 -s: the reference.
#   wanwatch speedtest against `wanwatch speedtest-server` and against the
#   integration tests' Python peer (tests/integration/speedtest_peer.py), LibreSpeed
#   and Cloudflare-style paths: goodput over the measured part (after the 2 s
#   warm-up), as it reports it.
# "client CPU s/Gbit": user + system time of the client process over the payload
# it moved (for wanwatch, both directions together, since it is one process).
# Everything runs in a private network namespace holding only loopback.
set -euo pipefail

BUILD=${1:-build/client-rel}
SECS=${2:-10}
STREAMS=${3:-4}
BIN=$BUILD/src/app/wanwatch
for need in iperf3 python3 /usr/bin/time "$BIN"; do
  command -v "$need" >/dev/null 2>&1 || { echo "speedtest_client_compare: '$need' not found" >&2; exit 2; }
done

if [ -z "${WW_BENCH_NETNS:-}" ]; then
  ns=ww-bench-stc-$$
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

iperf3 -s -B 127.0.0.1 -p 5301 >/dev/null 2>&1 &
pids+=($!)
"$BIN" speedtest-server --listen 127.0.0.1:8391 >"$tmp/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  grep -q "listening on" "$tmp/server.log" 2>/dev/null && break
  sleep 0.1
done

printf '%-50s %12s %12s %18s\n' "client" "down Gbit/s" "up Gbit/s" "client CPU s/Gbit"

warm=2
for dir in down up; do
  flag=""; [ "$dir" = down ] && flag="-R"
  /usr/bin/time -f "%U %S" -o "$tmp/iperf_$dir.time" \
    iperf3 -c 127.0.0.1 -p 5301 -J -t $((SECS - warm)) -O $warm -P "$STREAMS" $flag >"$tmp/iperf_$dir.json"
done
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
rate, cpu, gbit = {}, 0.0, 0.0
for d in ("down", "up"):
    j = json.load(open("%s/iperf_%s.json" % (tmp, d)))
    rate[d] = j["end"]["sum_received"]["bits_per_second"] / 1e9
    gbit += j["end"]["sum_sent"]["bytes"] * 8 / 1e9
    u, s = open("%s/iperf_%s.time" % (tmp, d)).read().split()[-2:]
    cpu += float(u) + float(s)
print("%-50s %12.2f %12.2f %18.3f" % ("iperf3 -P N (-R)", rate["down"], rate["up"], cpu / gbit))
PY

# The Python test peer of the integration tests as a second server: its own
# limits differ from wanwatch's server, so the client is seen against two.
here=$(cd "$(dirname "$0")" && pwd)
python3 -c "
import sys, time
sys.path.insert(0, '$here/../tests/integration')
from speedtest_peer import SpeedtestPeer
with SpeedtestPeer() as p:
    print(p.url, flush=True)
    time.sleep(3600)
" >"$tmp/peer.url" &
pids+=($!)
for _ in $(seq 100); do
  [ -s "$tmp/peer.url" ] && break
  sleep 0.1
done
peer=$(head -1 "$tmp/peer.url")

run_client() {  # label server protocol
  local label=$1 server=$2 proto=$3 out="$tmp/ww_$1_$3"
  /usr/bin/time -f "%U %S" -o "$out.time" \
    "$BIN" speedtest --json --server "$server" --protocol "$proto" \
    --streams "$STREAMS" --duration "$SECS" >"$out.json" || true
  python3 - "$out" "wanwatch speedtest ($proto, $label)" <<'PY'
import json, sys
out, label = sys.argv[1:]
r = json.load(open(out + ".json"))
if r["status"] != "ok":
    print("%s failed: %s" % (label, r["error"]))
    sys.exit(0)
u, s = open(out + ".time").read().split()[-2:]
gbit = (r["bytes_downloaded"] + r["bytes_uploaded"]) * 8 / 1e9
print("%-50s %12.2f %12.2f %18.3f" % (label, r["download_mbps"] / 1e3, r["upload_mbps"] / 1e3,
                                      (float(u) + float(s)) / gbit))
PY
}
for proto in librespeed cloudflare; do
  run_client "wanwatch server" http://127.0.0.1:8391 $proto
  run_client "Python peer" "$peer" $proto
done
