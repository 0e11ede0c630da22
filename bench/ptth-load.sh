#!/usr/bin/env bash
# Builds the bench module once and runs the PTTH load generator on JDK 25 (the same discovery as bench/run.sh):
# a BenchServer process (the real server with PTTH) and this load generator, on 127.0.0.1, then a summary table.
# Arguments are name=value pairs for pavel.bench.ptth.PtthLoad, e.g.
#   bench/ptth-load.sh                                  # all scenarios with the defaults (about 2 minutes)
#   bench/ptth-load.sh longPoll=2000 upgraded=200       # a smaller hold scenario
#   bench/ptth-load.sh seconds=20 window=64             # a longer pipelined run
# Defaults: longPoll=10000 upgraded=2000 small=1000 pipelined=100 seconds=10 window=64 rounds=5 limit=480
# serverHeap=1g warmup=3 clientHandlers=virtual (inline: handlers on the event loop, to measure that hop). Each process needs about longPoll + upgraded + 100 file descriptors.
# Set PAVEL_BENCH_NO_BUILD=1 to skip the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."

# The JDK 25 that ./pavel finds (JAVA_HOME if it is 25 or newer, else the system's JVM directories).
java="$(./pavel jdk)/bin/java"

if [[ "${PAVEL_BENCH_NO_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi

echo "ptth-load: $("$java" -version 2>&1 | head -1), $(nproc) cores, ulimit -n $(ulimit -n)" >&2
exec "$java" -Xmx1g -Dlogback.configurationFile=logback-bench.xml -cp "bench/target/classes:bench/target/lib/*" \
    pavel.bench.ptth.PtthLoad "$@"
