#!/usr/bin/env bash
# Benchmark: boot-to-ready and idle RSS of the Berth distribution against bare Karaf of the same
# version, then signed GET /admin/users (20 rows) against GET /healthz at 32 connections for 30 s.
# Prints the figures; takes about 3 minutes. Requires the distribution to be built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
KARAF_VERSION=4.4.10
VERSION=0.1.0-SNAPSHOT
DIST="$ROOT/karaf-distribution/target/berth-distribution-$VERSION.tar.gz"
WORK="$ROOT/bench/target"
PORT=18281
RUNS=${BENCH_BOOT_RUNS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
SECONDS_LOAD=${BENCH_SECONDS:-30}
mkdir -p "$WORK"
[[ -f "$DIST" ]] || mvn -B -q -DskipTests install -pl karaf-distribution -am
BARE="$WORK/apache-karaf-$KARAF_VERSION.tar.gz"
if [[ ! -f "$BARE" ]]; then
  mvn -B -q dependency:copy -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -DoutputDirectory="$WORK"
fi

pid_of() { # the Karaf JVM of a home directory
  pgrep -f -- "-Dkaraf.home=$1" | head -1
}

wait_port() { # port timeout-seconds
  local end=$((SECONDS + $2))
  while ((SECONDS < end)); do
    (echo > /dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

wait_http() { # url expected-status timeout-seconds
  local end=$((SECONDS + $3))
  while ((SECONDS < end)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" == "$2" ]] && return 0
    sleep 0.05
  done
  return 1
}

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

boot() { # name tarball -> sets BOOT_MS; leaves the instance running in $WORK/name
  local name=$1 tarball=$2 dir="$WORK/$1"
  rm -rf "$dir" && mkdir -p "$dir" && tar -xzf "$tarball" -C "$dir" --strip-components=1
  sed -i "s/^org.osgi.service.http.port.*/org.osgi.service.http.port = $PORT/" "$dir/etc/org.ops4j.pax.web.cfg" 2>/dev/null || true
  local t0; t0=$(date +%s%N)
  (cd "$dir" && BERTH_ADMIN_EMAIL=bench@berth.test BERTH_ADMIN_PASSWORD='Bench-pass-1!' exec bin/karaf server) \
    > "$dir/console.log" 2>&1 < /dev/null &
  if [[ $name == bare* ]]; then wait_port 8101 120; else wait_http "http://127.0.0.1:$PORT/admin/users" 401 120; fi
  local t1; t1=$(date +%s%N)
  BOOT_MS=$(((t1 - t0) / 1000000))
}

stop() { # dir
  local pid; pid=$(pid_of "$1" || true)
  if [[ -n "$pid" ]]; then kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; fi
}

declare -A BOOT RESTART RSS
for kind in bare berth; do
  tarball=$BARE; [[ $kind == berth ]] && tarball=$DIST
  times=()
  for i in $(seq 1 "$RUNS"); do
    boot "$kind" "$tarball"
    times+=("$BOOT_MS")
    stop "$WORK/$kind"
  done
  BOOT[$kind]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  # restart of the last instance, its data/ (bundle cache, database) kept
  dir="$WORK/$kind"; t0=$(date +%s%N)
  (cd "$dir" && exec bin/karaf server) >> "$dir/console.log" 2>&1 < /dev/null &
  if [[ $kind == bare ]]; then wait_port 8101 120; else wait_http "http://127.0.0.1:$PORT/admin/users" 401 120; fi
  RESTART[$kind]=$((($(date +%s%N) - t0) / 1000000))
  sleep 15
  RSS[$kind]=$(rss_mib "$(pid_of "$dir")")
  [[ $kind == bare ]] && stop "$dir"
  echo "$kind: first boot to ready (ms): ${times[*]}  median ${BOOT[$kind]} ms; restart ${RESTART[$kind]} ms; idle RSS ${RSS[$kind]} MiB"
done

# Berth is still running: 40 users so a page has 20 rows, then the load runs.
java bench/LoadDriver.java seed "$PORT" bench@berth.test 'Bench-pass-1!' 40
echo "warm-up (10 s each, not counted):"
java bench/LoadDriver.java "$PORT" /healthz "$CONNECTIONS" 10
java bench/LoadDriver.java "$PORT" "/admin/users?limit=20" "$CONNECTIONS" 10 bench@berth.test 'Bench-pass-1!'
echo "measured:"
java bench/LoadDriver.java "$PORT" /healthz "$CONNECTIONS" "$SECONDS_LOAD"
java bench/LoadDriver.java "$PORT" "/admin/users?limit=20" "$CONNECTIONS" "$SECONDS_LOAD" bench@berth.test 'Bench-pass-1!'
echo "RSS after load: $(rss_mib "$(pid_of "$WORK/berth")") MiB"
stop "$WORK/berth"
awk -v b="${BOOT[berth]}" -v k="${BOOT[bare]}" -v rb="${RSS[berth]}" -v rk="${RSS[bare]}" \
  -v sb="${RESTART[berth]}" -v sk="${RESTART[bare]}" \
  'BEGIN {printf "ratios: first boot %.2fx, restart %.2fx, idle RSS %.2fx bare Karaf\n", b/k, sb/sk, rb/rk}'
