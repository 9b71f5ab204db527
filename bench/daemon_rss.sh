#!/usr/bin/env bash
# Daemon footprint: RSS of wanwatch probing N loopback targets (127.0.1.x)
# every second, after it has run for a while. Runs inside a private network
# namespace (loopback only), so nothing leaves the machine.
#   bench/daemon_rss.sh BUILD_DIR [TARGETS] [SECONDS]
set -euo pipefail
build=${1:?usage: daemon_rss.sh BUILD_DIR [TARGETS] [SECONDS]}
targets=${2:-100}
seconds=${3:-120}
bin=$build/src/app/wanwatch
ns=ww-bench-rss-$$
tmp=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link set lo up
list=$(for i in $(seq 1 "$targets"); do printf '"127.0.%d.%d",' $((i / 250 + 1)) $((i % 250 + 1)); done)
cat >"$tmp/c.toml" <<TOML
[probe]
interval_ms = 1000
targets = [${list%,}]
gateway = "none"
tcp_targets = []
dns_servers = []
TOML
ip netns exec "$ns" "$bin" --headless --config "$tmp/c.toml" --data-dir "$tmp/data" \
  --web-port 18080 --log-level warn >"$tmp/log" 2>&1 &
pid=$!
sleep "$seconds"  # the measurement period itself, not a wait for a state
status=$(ip netns exec "$ns" curl -s localhost:18080/api/status)
pings=$(printf '%s' "$status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_pings"])')
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
cpu=$(awk '{print $14 + $15}' /proc/$pid/stat)
hz=$(getconf CLK_TCK)
printf 'targets=%d seconds=%d total_pings=%s rss_kib=%d peak_rss_kib=%d cpu_seconds=%.2f\n' \
  "$targets" "$seconds" "$pings" "$rss" "$hwm" "$(awk -v c="$cpu" -v h="$hz" 'BEGIN { print c / h }')"
