#!/usr/bin/env bash
# Builds the bench module once and runs the durability benchmark (issue 6) on JDK 25 (the same discovery as
# bench/run.sh): one sync on the disk, then durable ops/s through spaces on a SQLite world with group commit and with
# one commit per op (and in memory, the bound), back to back in this JVM, each arm on a fresh data directory under
# dir=; then logs of 100k and 1M ops, with snapshots as in production and with none, each recovered in fresh JVMs;
# then a summary table.
# Arguments are name=value pairs for pavel.bench.store.DurableOps, e.g.
#   bench/durability-load.sh                                      # everything with the defaults (about 6 minutes)
#   bench/durability-load.sh logs= arms=perop:64:1,group:64:1     # one pair of arms, no recovery
#   bench/durability-load.sh arms= logs=1000000 snapshots=off     # only the worst-case recovery
# Defaults: arms=perop:64:1,group:64:1,memory:64:1,perop:256:1,group:256:1,memory:256:1,group:256:8 seconds=10
# warmup=5 nodes=3000 syncs=2000 logs=100000,1000000 snapshots=10000,off builders=64 children=3 repeats=2 dropCache=1
# dir=/tmp limit=900.
# dir= must be on the disk being measured (not a tmpfs); the summary names its device and file system.
# Set PAVEL_BENCH_NO_BUILD=1 to skip the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."

# The JDK 25 that ./pavel finds (JAVA_HOME if it is 25 or newer, else the system's JVM directories).
java="$(./pavel jdk)/bin/java"

if [[ "${PAVEL_BENCH_NO_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi

echo "durability-load: $("$java" -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# sqlite-jdbc loads its native library with System.load, a restricted method on JDK 25.
exec "$java" -Xmx2g --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=logback-bench.xml \
    -cp "bench/target/classes:bench/target/lib/*" pavel.bench.store.DurableOps "$@"
