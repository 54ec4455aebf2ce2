#!/usr/bin/env bash
# The worker's memory over a long run of mixed jobs (docs/benchmarks.md, "Worker memory"): starts the platform
# with up.sh (the worker with POOF_WORKER_MALLOC_CONF when set, to compare allocator settings), then runs
# WorkerSoakBenchmark (deploy/e2e-tests): N uploads of 0.25-12 MP (every 50th 30 MP), C at a time, the
# worker's RSS sampled every second.
# Usage: [POOF_WORKER_MALLOC_CONF=...] deploy/local/bench-soak.sh [jobs=1000] [concurrency=4]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JOBS="${1:-1000}"
CONCURRENCY="${2:-4}"

"$LOCAL_DIR/up.sh" >/dev/null
# shellcheck disable=SC1091
source "$RUN_DIR/env"
cd "$REPO_DIR"
./mvnw -q -B -pl deploy/e2e-tests test-compile
./mvnw -q -B -pl deploy/e2e-tests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/deploy/e2e-tests/target/bench.classpath" >/dev/null
echo "worker MALLOC_CONF: $(tr '\0' '\n' <"/proc/$(cat "$RUN_DIR/inference-worker.process.pid")/environ" | sed -n 's/^MALLOC_CONF=//p')"
java -cp "deploy/e2e-tests/target/test-classes:$(cat deploy/e2e-tests/target/bench.classpath)" \
  dev.poofbg.e2e.bench.WorkerSoakBenchmark "$POOF_API_URL" "$POOF_ADMIN_URL" "$POOF_ADMIN_TOKEN" \
  "$RUN_DIR/inference-worker.process.pid" "$JOBS" "$CONCURRENCY" 2> >(grep -v -E 'INFO|WARN' >&2)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
