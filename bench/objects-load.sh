#!/usr/bin/env bash
# Builds the bench module once and runs the objects benchmark (issue 5) on JDK 25 (the same discovery as
# bench/run.sh): one ObjectsWorker JVM per arm (compiled: the Graal compiler for Truffle on the upgrade module path,
# as ./pavel serve runs; interpreted: the same JVM without it; nocompile: Graal with compilation turned off), each
# measuring live objects in process; the compiled arm also over HTTP; then a worker for the heap per idle object;
# then a summary table. Arguments are name=value pairs for pavel.bench.objects.ObjectsLoad, e.g.
#   bench/objects-load.sh                                      # everything with the defaults (about 10 minutes)
#   bench/objects-load.sh arms=compiled,interpreted scenarios=arith:1,sort:1 swaps=0 http=0 idle=0   # the ratio
#   bench/objects-load.sh arms= idle=2000 idleOwn=500          # only the heap, smaller
# Defaults: arms=compiled,interpreted,nocompile scenarios=trivial:1,trivial:100,arith:1,sort:1 seconds=10 warmup=10
# warmupMax=60 warmupWindow=5 window=100 swaps=200 swapWarmup=20 http=1 actors=100 clients=4 idle=10000 idleOwn=1000
# contexts=1 workerHeap=2g idleHeap=4g limit=1200 upgrade=server/target/lib/upgrade.
# Set PAVEL_BENCH_NO_BUILD=1 to skip the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."

# The JDK 25 that ./pavel finds (JAVA_HOME if it is 25 or newer, else the system's JVM directories).
java="$(./pavel jdk)/bin/java"

if [[ "${PAVEL_BENCH_NO_BUILD:-}" != 1 ]]; then
  # -am builds the server too, which copies the Graal compiler to server/target/lib/upgrade.
  mvn -B -q -pl bench -am package -DskipTests
fi
if [[ ! -d server/target/lib/upgrade ]]; then
  echo "objects-load: server/target/lib/upgrade is missing; build without PAVEL_BENCH_NO_BUILD=1 first." >&2
  exit 1
fi

echo "objects-load: $("$java" -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec "$java" -Xmx512m -Dlogback.configurationFile=logback-bench.xml -cp "bench/target/classes:bench/target/lib/*" \
    pavel.bench.objects.ObjectsLoad "$@"
