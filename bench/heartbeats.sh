#!/usr/bin/env bash
# Benchmark: heartbeat processing on the manager. Starts the Berth distribution, then simulates
# BENCH_AGENTS agents (default 1000) heartbeating every BENCH_INTERVAL seconds (default 5) with their
# full state for BENCH_SECONDS (default 60), and prints heartbeats/s, p50/p99 latency and the
# manager's CPU. The driver runs on the same machine and shares its CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VERSION=0.1.0-SNAPSHOT
DIST="$ROOT/karaf-distribution/target/berth-distribution-$VERSION.tar.gz"
WORK="$ROOT/bench/target"
PORT=18281
AGENTS=${BENCH_AGENTS:-1000}
INTERVAL=${BENCH_INTERVAL:-5}
SECONDS_LOAD=${BENCH_SECONDS:-60}
mkdir -p "$WORK"
[[ -f "$DIST" ]] || mvn -B -q -DskipTests install -pl karaf-distribution -am
dir="$WORK/heartbeats"
rm -rf "$dir" && mkdir -p "$dir" && tar -xzf "$DIST" -C "$dir" --strip-components=1
(cd "$dir" && BERTH_HTTP_PORT=$PORT BERTH_ADMIN_EMAIL=bench@berth.test BERTH_ADMIN_PASSWORD='Bench-pass-1!' \
  exec bin/karaf server) > "$dir/console.log" 2>&1 < /dev/null &
end=$((SECONDS + 120))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/admin/users" || true)" == 401 ]]; do
  ((SECONDS < end)) || { echo "Berth did not start; see $dir/console.log" >&2; exit 1; }
  sleep 0.2
done
until [[ -s "$dir/data/agent-token" ]]; do sleep 0.2; done
pid=$(pgrep -f -- "-Dkaraf.home=$dir" | head -1)
trap 'kill "$pid" 2>/dev/null || true' EXIT
java bench/HeartbeatDriver.java "$PORT" "$dir/data/agent-token" "$pid" "$AGENTS" "$INTERVAL" "$SECONDS_LOAD"
echo "manager RSS after load: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status") MiB"
kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
trap - EXIT
