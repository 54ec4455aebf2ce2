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
echo "worker MALLOC_CONF: $(tr '\0' '\n' <"/proc/$(cat "$RUN_DIR/inference-worker.process.pid")/environ" | sed -n 's/^MALLOC_CONF=//p')"
run_e2e_bench WorkerSoakBenchmark "$POOF_API_URL" "$POOF_ADMIN_URL" "$POOF_ADMIN_TOKEN" \
  "$RUN_DIR/inference-worker.process.pid" "$JOBS" "$CONCURRENCY"
