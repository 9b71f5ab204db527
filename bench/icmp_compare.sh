#!/usr/bin/env bash
# CPU time and memory of wanwatch's ICMP prober vs fping, in one run: both ping
# the same loopback target lists (1,000 and 10,000 addresses 127.0.x.y) once,
# with the same spacing between packets.
#
#   bench/icmp_compare.sh [BUILD_DIR]          default: build/icmp-release
#   INTERVAL_MS=1 REPEAT=3 SIZES="1000 10000" bench/icmp_compare.sh
#
# Spacing: fping's default interval is 10 ms (-i 10), so 10,000 targets would
# take 100 s; both tools get INTERVAL_MS instead (default 1: fping -i 1,
# ww_icmp_ping_once --interval-us 1000). INTERVAL_MS=0 sends as fast as each
# tool allows (fping -i 0 needs root; ours sends bursts of 100 between reads).
# All use a 1000 ms timeout and 56-byte payloads. Two fping modes: "fping" is
# the count mode asked for (-c1 -q), which writes a summary line per target to
# unbuffered stderr (6 write calls each); "fping-a" is its alive mode with no
# retries (-a -q -r 0): also one echo per target, output buffered. Ours prints
# one line in total.
#
# Prints one line per run (user, sys, user+sys seconds, max RSS KiB, wall
# seconds, targets answered), then the median user+sys and RSS per tool.
# Only 127.0.0.0/8 is pinged: nothing leaves the machine.
set -euo pipefail

BUILD=${1:-build/icmp-release}
TOOL="$BUILD/bench/ww_icmp_ping_once"
INTERVAL_MS=${INTERVAL_MS:-1}
REPEAT=${REPEAT:-3}
SIZES=${SIZES:-"1000 10000"}
TIME=/usr/bin/time

for need in fping "$TIME" "$TOOL"; do
  if ! command -v "$need" >/dev/null 2>&1; then
    echo "icmp_compare: '$need' not found (build ww_icmp_ping_once, install fping and time)" >&2
    exit 2
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_list() {  # make_list N FILE: 127.0.1.1, 127.0.1.2, ... 250 per /24
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "127.0.%d.%d\n", int(i / 250) + 1, i % 250 + 1 }' >"$2"
}

# run TOOL N LIST: one measured run; appends "tool n user sys cpu rss wall answered" to results.
run() {
  local tool=$1 n=$2 list=$3 answered
  if [[ $tool == fping ]]; then
    "$TIME" -f "%U %S %M %e" -o "$work/time" \
      fping -c1 -q -i "$INTERVAL_MS" -t 1000 -b 56 -f "$list" 2>"$work/out" || true
    answered=$(grep -c 'xmt/rcv/%loss = 1/1/0%' "$work/out" || true)
  elif [[ $tool == fping-a ]]; then
    "$TIME" -f "%U %S %M %e" -o "$work/time" \
      fping -a -q -r 0 -i "$INTERVAL_MS" -t 1000 -b 56 -f "$list" >"$work/out" 2>/dev/null || true
    answered=$(wc -l <"$work/out")
  else
    "$TIME" -f "%U %S %M %e" -o "$work/time" \
      "$TOOL" --interval-us $((INTERVAL_MS * 1000)) --timeout-ms 1000 --payload 56 "$list" \
      >"$work/out" 2>/dev/null || true
    answered=$(sed -n 's/.*targets [0-9]* ok \([0-9]*\) .*/\1/p' "$work/out")
  fi
  read -r user sys rss wall <"$work/time"
  local cpu
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  printf '%-9s %6d %6s %6s %6s %8s %7s %8s\n' "$tool" "$n" "$user" "$sys" "$cpu" "$rss" "$wall" \
    "$answered"
  echo "$tool $n $cpu $rss" >>"$work/results"
}

echo "# interval ${INTERVAL_MS} ms, ${REPEAT} runs each, $(fping -v 2>&1 | head -1), $(nproc) cores"
printf '%-9s %6s %6s %6s %6s %8s %7s %8s\n' tool targets user_s sys_s cpu_s rss_kib wall_s answered
for n in $SIZES; do
  make_list "$n" "$work/list$n"
  for ((r = 0; r < REPEAT; r++)); do
    run fping "$n" "$work/list$n"
    run fping-a "$n" "$work/list$n"
    run wanwatch "$n" "$work/list$n"
  done
done

echo "# medians (user+sys s, max RSS KiB)"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for n in $SIZES; do
  for tool in fping fping-a wanwatch; do
    cpu=$(awk -v t="$tool" -v n="$n" '$1 == t && $2 == n { print $3 }' "$work/results" | median)
    rss=$(awk -v t="$tool" -v n="$n" '$1 == t && $2 == n { print $4 }' "$work/results" | median)
    printf '%-9s %6d cpu_s %s rss_kib %s\n' "$tool" "$n" "$cpu" "$rss"
  done
done
