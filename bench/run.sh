#!/usr/bin/env bash
# Builds the bench module and runs JMH on JDK 25. Arguments go to JMH; the benchmark classes default to one fork,
# 5 x 2 s warmup and 5 x 2 s measurement, the settings docs/benchmarks.md quotes. Examples:
#   bench/run.sh                                   # everything (about 13 minutes)
#   bench/run.sh PathBenchmark -p nodes=100000     # one class, one size
#   bench/run.sh OpApplyBenchmark -prof gc         # with allocation per op
#   bench/run.sh --check                           # only print the documents' shape and verify the paths
# Set PAVEL_BENCH_NO_BUILD=1 to skip the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."

# The JDK 25 that ./pavel finds (JAVA_HOME if it is 25 or newer, else the system's JVM directories).
java="$(./pavel jdk)/bin/java"

if [[ "${PAVEL_BENCH_NO_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi

classpath="bench/target/classes:bench/target/lib/*"
# JMH 1.37 still reads field offsets through sun.misc.Unsafe; JDK 25 warns about it on every fork.
flags=(--sun-misc-unsafe-memory-access=allow)

if [[ "${1:-}" == --check ]]; then
  shift
  exec "$java" "${flags[@]}" -cp "$classpath" pavel.bench.BenchDocumentCheck "$@"
fi
exec "$java" "${flags[@]}" -cp "$classpath" org.openjdk.jmh.Main "$@"
