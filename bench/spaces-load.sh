#!/usr/bin/env bash
# Builds the bench module once and runs the spaces load generator (issue 4) on JDK 25 (the same discovery as
# bench/run.sh): a BenchServer process (the real server with PTTH and spaces) and this load generator, on 127.0.0.1,
# every session holding a real replica; then a summary table. Arguments are name=value pairs for
# pavel.bench.ptth.SpacesLoad, e.g.
#   bench/spaces-load.sh                                    # everything with the defaults (about 2.5 minutes)
#   bench/spaces-load.sh sessions=1,100 upgraded=0 idle=500 # smaller
#   bench/spaces-load.sh writers=8 seconds=20               # a longer REST run with more writers
# Defaults: writers=4 seconds=10 warmup=10 viewers=10 sessions=1,100,1000 rounds=30 fanOutWarmup=20 pause=200
# upgraded=100 idle=2000 limit=900 serverHeap=1g serverGc=g1.
# Set PAVEL_BENCH_NO_BUILD=1 to skip the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."

# The JDK 25 that ./pavel finds (JAVA_HOME if it is 25 or newer, else the system's JVM directories).
java="$(./pavel jdk)/bin/java"

if [[ "${PAVEL_BENCH_NO_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi

echo "spaces-load: $("$java" -version 2>&1 | head -1), $(nproc) cores, ulimit -n $(ulimit -n)" >&2
exec "$java" -Xmx1g -Dlogback.configurationFile=logback-bench.xml -cp "bench/target/classes:bench/target/lib/*" \
    pavel.bench.ptth.SpacesLoad "$@"
