#!/usr/bin/env bash
# Runs the whole test suite: unit tests, per-service integration tests on the real local infrastructure,
# the Helm chart checks and the end-to-end suite. Starts the infrastructure it needs and stops what it
# started. The exit status is the verdict.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_prerequisites
ensure_browser
ensure_maven

for service in "${SERVICES[@]}"; do
  if pid_alive "$RUN_DIR/$service.pid"; then
    log "note: the local platform ($service) is running; the end-to-end suite shares its Kafka topics"
    log "      (its own consumer groups keep results right, but both workers will see every job)"
    break
  fi
done

started_infra=""
if ! "$LOCAL_DIR/infra.sh" status >/dev/null 2>&1; then started_infra=1; fi
cleanup() {
  if [ -n "$started_infra" ]; then "$LOCAL_DIR/infra.sh" stop || true; fi
}
trap cleanup EXIT
"$LOCAL_DIR/infra.sh" start

log "running the test suite"
set +e
mvnw verify "$@" 2>&1 | tee "$RUN_DIR/test.log" | grep -E --line-buffered \
  '^\[(INFO|WARNING|ERROR)\] (Tests run:|Running |BUILD|Reactor Summary|PoofBG|.*(SUCCESS|FAILURE|SKIPPED) \[)|FAIL|<<< ERROR|Tests in error|Failed tests'
status=${PIPESTATUS[0]}
set -e
log "full log: $RUN_DIR/test.log"
exit "$status"
