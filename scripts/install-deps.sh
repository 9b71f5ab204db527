#!/usr/bin/env bash
# Installs the Debian 12 packages wanwatch needs, and only those that are
# missing, so a second run is quiet and takes well under a second.
#   scripts/install-deps.sh build   compilers, libraries (make run)
#   scripts/install-deps.sh test    build + what the test suites drive
#   scripts/install-deps.sh bench   test + the peers the benchmarks compare against
set -euo pipefail

build_pkgs=(
  g++ cmake ninja-build pkg-config ccache
  libboost-dev libboost-system-dev
  libsqlite3-dev libsqlitecpp-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev libncurses-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# The dashboard (web/) is bundled with Node.js and npm. A Node.js from elsewhere
# (NodeSource, nvm) already brings npm and is used as it is; Debian's is 18.
command -v node >/dev/null 2>&1 || build_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || build_pkgs+=(npm)
# python3-jsonschema: tests/integration/test_openapi.py validates answers against
# /openapi.json (Debian 12 has no python3-openapi-spec-validator; used when present).
# python3-requests and node: test_hermes_examples.py runs Hermes's client examples.
# iperf3: test_lab_speedtest_accuracy's reference for the shaped link's goodput.
test_pkgs=(python3 python3-jsonschema python3-requests iproute2 iputils-ping curl jq procps chromium
           tmux iperf3)
bench_pkgs=(fping wrk hyperfine prometheus-smokeping-prober python3-fastapi uvicorn)

want=("${build_pkgs[@]}")
case "${1:-build}" in
  build) ;;
  test) want+=("${test_pkgs[@]}") ;;
  bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/wanwatch-apt.log 2>&1; then
  # A fresh machine may have no package lists yet.
  $sudo apt-get update -q >>/tmp/wanwatch-apt.log 2>&1
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/wanwatch-apt.log 2>&1 ||
    { tail -20 /tmp/wanwatch-apt.log >&2; exit 1; }
fi
