#!/usr/bin/env bash
# The benchmark (docs/benchmark.md): builds the service jar when a source is newer than it, then
# runs io.hypershift.orchestrator.bench.Benchmark with the given options, e.g.
#   bench/run.sh --mode inprocess --runs 2000 --clients 32
#   bench/run.sh --scenario queue-only --runs 100000 --clients 8
#   bench/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find src/main pom.xml -newer "$jar" -type f -print -quit)" ]]; then
  echo "building $jar ..." >&2
  ./mvnw -q -B package -DskipTests
fi

# test-compile keeps the benchmark's own classes current; exec:java runs it (the bench profile
# supplies the main class, the test classpath and where the jar and the logs are).
exec ./mvnw -q -B -Pbench test-compile exec:java -Dbench.args="$*"
