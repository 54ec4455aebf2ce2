#!/usr/bin/env bash
# Model forward benchmark: U^2-Net-p on DJL's PyTorch engine vs ONNX Runtime on the same weights (see
# docs/benchmarks.md, section "Model forward"). Runs the benchmark program twice: with glibc malloc and spinning
# OpenMP threads (libtorch's defaults), then as the worker is launched (jemalloc + passive OpenMP waiting).
# Usage: deploy/local/bench-model.sh [runs=20] [warmup=5] [threads=nproc] [cpu|gpu]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-20}"
WARMUP="${2:-5}"
THREADS="${3:-$(nproc)}"
DEVICE="${4:-cpu}"

apt_install libjemalloc2
JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2

cd "$REPO_DIR"
log "building inference-worker (fetches and imports the weights on first use)"
./mvnw -q -B -pl inference-worker -am install -DskipTests
./mvnw -q -B -pl inference-worker dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="inference-worker/target/test-classes:inference-worker/target/classes:$(cat inference-worker/target/bench.classpath)"

run() {
  (cd inference-worker && env "$@" OPT_OUT_TRACKING=true java -Dai.djl.offline=true -Xmx2g \
    -cp "${CP//inference-worker\//}" dev.poofbg.worker.bench.ModelForwardBenchmark \
    "$RUNS" "$WARMUP" "$THREADS" "$DEVICE" 2>&1 | grep -vE 'WARN|INFO|Warning: AutoNonVariableTypeMode')
}

echo "### libtorch defaults: glibc malloc, default OpenMP waiting (spin, then sleep)"
run -u OMP_WAIT_POLICY -u LD_PRELOAD -u MALLOC_CONF
echo
echo "### as the worker runs: jemalloc, OMP_WAIT_POLICY=PASSIVE"
run LD_PRELOAD="$JEMALLOC" MALLOC_CONF="oversize_threshold:0,background_thread:true,dirty_decay_ms:10000,muzzy_decay_ms:10000" \
  OMP_WAIT_POLICY=PASSIVE
