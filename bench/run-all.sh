#!/usr/bin/env bash
# Every benchmark in one go (what `make bench` runs): the Google Benchmark
# binaries of BUILD_DIR, then the peer comparisons that exist. Each script runs
# its daemons and peers inside private network namespaces or on loopback.
#   bench/run-all.sh BUILD_DIR
set -uo pipefail
build=${1:?usage: run-all.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
status=0
run() {
  echo "=== $*"
  "$@" || { echo "=== FAILED: $*"; status=1; }
}
for b in ww_engine_bench ww_icmp_bench ww_schedule_bench ww_store_bench ww_uplink_history_bench; do
  [ -x "$build/bench/$b" ] && run "$build/bench/$b" --benchmark_min_time=0.5
done
[ -x "$build/bench/ww_schedule_drift" ] && run "$build/bench/ww_schedule_drift"
run "$here/icmp_compare.sh" "$build"
run "$here/daemon_rss.sh" "$build" 100 120
run "$here/speedtest_api_bench.py" "$build"
run "$here/analysis_api_bench.py" "$build"
run "$here/speedtest_vs_iperf3.py" "$build"
for s in "$here"/*_compare.sh; do
  case "$s" in */icmp_compare.sh | */store_schema_compare.sh) continue ;; esac
  run "$s" "$build"
done
exit $status
