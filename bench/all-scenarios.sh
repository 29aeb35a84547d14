#!/usr/bin/env bash
# Every scenario behind the figures in the README and docs/benchmark.md, one after the other, with the
# sizes used there; the tables go to the terminal and to target/bench/all-scenarios-<time>.md.
# About 25 minutes on 2 cores (35 with a native executable). Each line can also be run on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
out="target/bench/all-scenarios-$(date +%Y%m%d-%H%M%S).md"
mkdir -p target/bench

scenario() {
  local title="$1"; shift
  echo "## $title" | tee -a "$out"
  echo '```' >> "$out"
  echo "bench/run.sh $*" >> "$out"
  echo '```' >> "$out"
  bench/run.sh "$@" 2>&1 | grep '^|' | tee -a "$out"
  echo >> "$out"
}

# a. orchestration overhead: built-in stub agents, SQLite file
scenario "a. in-process" --mode inprocess --store file --runs 20000 --clients 32 --worker-concurrency 8
scenario "a. in-process, heap capped" --mode inprocess --store file --runs 20000 --clients 32 --worker-concurrency 8 \
  --child-jvm-opts -Xmx128m,-XX:+UseSerialGC
scenario "a. Redis, 1 worker" --mode redis --workers 1 --worker-concurrency 8 --runs 5000 --clients 32
scenario "a. Redis, 2 workers" --mode redis --workers 2 --worker-concurrency 8 --runs 5000 --clients 32
# b. I/O-bound scaling: 50 ms agents, one worker
scenario "b. 1 worker x 1" --mode redis --workers 1 --worker-concurrency 1 --agent-latency-ms 50 --runs 200 --clients 32 --deadline-s 600
scenario "b. 1 worker x 16" --mode redis --workers 1 --worker-concurrency 16 --agent-latency-ms 50 --runs 2000 --clients 32
scenario "b. 1 worker x 128" --mode redis --workers 1 --worker-concurrency 128 --agent-latency-ms 50 --runs 5000 --clients 32
# c. the queue alone
scenario "c. queue only" --scenario queue-only --runs 100000 --clients 8
scenario "c. queue only, pipelined" --scenario queue-only --runs 100000 --clients 8 --pipeline 16
# d. faults under load (fake agents at 20 ms)
scenario "d. kill -9 worker" --scenario kill-worker --workers 2 --worker-concurrency 16 --runs 1000 --clients 16
scenario "d. SIGTERM worker" --scenario sigterm-worker --workers 2 --worker-concurrency 16 --runs 1000 --clients 16
scenario "d. restart Redis" --scenario restart-redis --workers 2 --worker-concurrency 16 --runs 1000 --clients 16
scenario "d. kill -9 in-process API" --scenario kill-api --runs 1000 --clients 16

# The same service as a native executable (./mvnw package -Dnative), when one has been built
native=$(ls target/*-runner 2>/dev/null | head -1 || true)
if [[ -n "$native" ]]; then
  scenario "native: a. in-process" --mode inprocess --store file --runs 20000 --clients 32 --worker-concurrency 8 --jar "$native"
  scenario "native: a. Redis, 2 workers" --mode redis --workers 2 --worker-concurrency 8 --runs 5000 --clients 32 --jar "$native"
  scenario "native: b. 1 worker x 128" --mode redis --workers 1 --worker-concurrency 128 --agent-latency-ms 50 --runs 5000 --clients 32 --jar "$native"
fi

echo "all tables: $out"
