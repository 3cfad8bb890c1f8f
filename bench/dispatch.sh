#!/usr/bin/env bash
# Dispatcher benchmarks (JMH, bench/jmh): placements per second of the dispatcher core in process
# (DispatcherCoreBench, per scheduling policy) and sessions scheduled per second over the real JPA
# repositories on embedded Derby (EndToEndBench). Builds the benchmark jar, runs both, prints the figures.
#
# Environment: BENCH_WARMUP (warm-up iterations, default 2), BENCH_ITERATIONS (measured iterations,
# default 5), BENCH_MVN_OPTS (extra Maven options, e.g. -o). Extra arguments go to JMH, e.g.
# `bench/dispatch.sh -p policy=drf` or `bench/dispatch.sh -prof stack`.
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${BENCH_WARMUP:-2}
ITERATIONS=${BENCH_ITERATIONS:-5}
JAR=bench/jmh/target/berth-benchmarks.jar
OUT=bench/jmh/target/results

echo "== building $JAR"
# test sources are not compiled: the benchmark needs only the modules' main code
mvn -q -B ${BENCH_MVN_OPTS:-} -Pbench -pl bench/jmh -am package -Dmaven.test.skip=true
mkdir -p "$OUT"

echo "== machine: $(nproc) CPU(s), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(java -version 2>&1 | head -1)"

run() { # name, then JMH arguments
    local name=$1
    shift
    java -jar "$JAR" "$name" -f 1 -wi "$WARMUP" -i "$ITERATIONS" -rf csv -rff "$OUT/$name.csv" "$@"
}

run DispatcherCoreBench "$@"
run EndToEndBench "$@"

# JMH's score is milliseconds per operation; one operation places every session of the workload
summary() { # csv, label, unit
    awk -F, -v label="$2" -v unit="$3" '
        { sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); col[$i] = i }; next }
        { gsub(/"/, "") }
        $col["Benchmark"] !~ /:/ {
            ms = $col["Score"]; err = $col["Score Error (99.9%)"]; n = $col["Param: sessions"]
            printf "%-10s %-4s %6d sessions, %4d agents: %9.1f ± %8.1f ms/op = %7.0f %s\n", label,
                $col["Param: policy"], n, $col["Param: agents"], ms, err, n / (ms / 1000), unit
        }' "$1"
}
echo
echo "== figures (mean of $ITERATIONS measured iterations after $WARMUP warm-up)"
summary "$OUT/DispatcherCoreBench.csv" "core" "placements/s"
summary "$OUT/EndToEndBench.csv" "end-to-end" "sessions/s"
