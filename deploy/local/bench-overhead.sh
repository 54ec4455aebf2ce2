#!/usr/bin/env bash
# What the platform adds to the worker's own time per job (issue target: at most 15 % for a 1 MP image).
# Starts the platform with up.sh (or reuses the running one), then runs GatewayOverheadBenchmark
# (deploy/e2e-tests): sequential POSTs of a JPEG, each answer's latency against the processing_ms the
# worker reported for that job on jobs.events, after warm-up traffic that brings the services' JIT to
# steady state (0 warm-up posts skips it). See docs/benchmarks.md, section "Gateway overhead".
# Usage: deploy/local/bench-overhead.sh [runs=20] [megapixels=1] [warm-up-posts=150]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-20}"
MEGAPIXELS="${2:-1}"
WARM_UP_POSTS="${3:-150}"

"$LOCAL_DIR/up.sh" >/dev/null
# shellcheck disable=SC1091
source "$RUN_DIR/env"
run_e2e_bench GatewayOverheadBenchmark "$POOF_API_URL" "$POOF_ADMIN_URL" "$POOF_ADMIN_TOKEN" \
  "127.0.0.1:$POOF_KAFKA_PORT" "$RUNS" "$MEGAPIXELS" "$WARM_UP_POSTS"
