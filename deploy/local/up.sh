#!/usr/bin/env bash
# Starts the whole platform locally on real infrastructure: builds what is stale, starts PostgreSQL,
# Redis, Kafka and S3Proxy, then the three services; waits until all are ready; seeds a demo account;
# writes deploy/local/.run/env. Running it again on a running platform changes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_prerequisites
ensure_maven

stale=()
for service in "${SERVICES[@]}"; do service_stale "$service" && stale+=("$service"); done
if [ ${#stale[@]} -gt 0 ]; then
  for service in "${stale[@]}"; do
    pid_alive "$RUN_DIR/$service.pid" && die "$service is running an old build; run deploy/local/down.sh first"
  done
  log "building ${stale[*]}"
  modules=$(IFS=,; echo "${stale[*]}")
  mvnw -q install -DskipTests -pl "$modules" -am || die "build failed"
fi

"$LOCAL_DIR/infra.sh" start
ensure_local_secrets

for service in "${SERVICES[@]}"; do start_service "$service"; done
for service in "${SERVICES[@]}"; do wait_service_ready "$service"; done

API_URL="http://127.0.0.1:$POOF_GATEWAY_PORT"
ADMIN_URL="http://127.0.0.1:$POOF_BILLING_PORT"
SEED="$(POOF_ADMIN_URL="$ADMIN_URL" POOF_ADMIN_TOKEN="$POOF_ADMIN_TOKEN" "$LOCAL_DIR/seed-demo.sh")" \
  || die "seeding the demo account and operator failed"
DEMO_KEY="$(sed -n 's/^export POOF_DEMO_KEY=//p' <<<"$SEED")"
OPERATOR_EMAIL="$(sed -n 's/^export POOF_OPERATOR_EMAIL=//p' <<<"$SEED")"
OPERATOR_PASSWORD="$(sed -n 's/^export POOF_OPERATOR_PASSWORD=//p' <<<"$SEED")"
[ -n "$DEMO_KEY" ] && [ -n "$OPERATOR_PASSWORD" ] || die "seeding the demo account and operator failed"

umask 077
cat >"$RUN_DIR/env" <<ENV
export POOF_API_URL=$API_URL
export POOF_ADMIN_URL=$ADMIN_URL
export POOF_ADMIN_TOKEN=$POOF_ADMIN_TOKEN
export POOF_DEMO_KEY=$DEMO_KEY
export POOF_OPERATOR_EMAIL=$OPERATOR_EMAIL
export POOF_OPERATOR_PASSWORD=$OPERATOR_PASSWORD
ENV

cat <<MSG

PoofBG is running.
  Dashboard: $API_URL/dashboard   (sign up, or sign in as the operator below)
  Operator:  $OPERATOR_EMAIL / $OPERATOR_PASSWORD
  API:       $API_URL/v1   (OpenAPI: $API_URL/q/openapi, Swagger UI: $API_URL/q/swagger-ui)
  Admin API: $ADMIN_URL/admin/v1   (token in deploy/local/.run/env)
  Settings:  source deploy/local/.run/env

Try it:
  source deploy/local/.run/env
  curl -s -H "Authorization: Bearer \$POOF_DEMO_KEY" -F file=@photo.jpg \$POOF_API_URL/v1/remove-background

Stop everything with deploy/local/down.sh
MSG
