#!/usr/bin/env bash
# Load benchmark of the api-gateway (a program, not a test): starts the packaged gateway against the
# real local infrastructure (deploy/local/infra.sh start), with billing and the worker played by the
# load generator (GatewayLoad), and prints requests/s and latency percentiles.
# Usage: api-gateway/bench/run.sh [seconds per scenario] [concurrency] [waiting POSTs]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER=${1:-20}
CONCURRENCY=${2:-64}
WAITING=${3:-2000}
PORT=${POOF_BENCH_PORT:-18090}
RUN=api-gateway/target/bench
mkdir -p "$RUN"
rm -f "$RUN/billing-url"

./mvnw -q -B -pl api-gateway -am install -DskipTests
./mvnw -q -B -pl api-gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$RUN/classpath"

java -Xmx512m -cp "api-gateway/target/test-classes:api-gateway/target/classes:$(cat "$RUN/classpath")" \
  dev.poofbg.gateway.bench.GatewayLoad "http://127.0.0.1:$PORT" "$SECONDS_PER" "$CONCURRENCY" "$WAITING" \
  "$RUN/billing-url" 2>"$RUN/generator.err" | tee "$RUN/result.txt" &
GENERATOR=$!
for _ in $(seq 1 120); do [ -s "$RUN/billing-url" ] && break; sleep 0.5; done
[ -s "$RUN/billing-url" ] || { echo "the load generator did not start, see $RUN/generator.err" >&2; exit 1; }

QUARKUS_HTTP_PORT=$PORT \
QUARKUS_REST_CLIENT_BILLING_URL="$(cat "$RUN/billing-url")" POOF_INTERNAL_TOKEN=test-internal-token \
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/poof_gateway_test \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/poof_gateway_test \
QUARKUS_REDIS_HOSTS=redis://127.0.0.1:6379/1 \
POOF_STORAGE_ACCESS_KEY=poofbg-local POOF_STORAGE_SECRET_KEY=poofbg-local-secret \
MP_MESSAGING_OUTGOING_JOBS_REQUESTED_TOPIC=gateway-test.jobs.requested \
MP_MESSAGING_INCOMING_JOBS_EVENTS_TOPIC=gateway-test.jobs.events \
MP_MESSAGING_INCOMING_JOBS_EVENTS_WAKEUPS_TOPIC=gateway-test.jobs.events \
MP_MESSAGING_INCOMING_JOBS_EVENTS_GROUP_ID=api-gateway-bench \
QUARKUS_LOG_LEVEL=WARN POOF_JOBS_WAIT_TIMEOUT=${POOF_BENCH_WAIT_TIMEOUT:-150s} \
  java -Xmx1g -XX:+UseG1GC -jar api-gateway/target/quarkus-app/quarkus-run.jar >"$RUN/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill $GATEWAY 2>/dev/null || true; kill $GENERATOR 2>/dev/null || true' EXIT

wait $GENERATOR
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
