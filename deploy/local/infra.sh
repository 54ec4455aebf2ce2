#!/usr/bin/env bash
# Real local infrastructure without Docker: PostgreSQL, Redis, Kafka (KRaft) and S3Proxy on 127.0.0.1.
# Usage: deploy/local/infra.sh start|stop|status     (idempotent; data under deploy/local/.data)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PG_BIN=/usr/lib/postgresql/15/bin
PG_DATA="$DATA_DIR/postgres"
PG_SOCKET_DIR="$RUN_DIR/pg-socket"
KAFKA_LIB="$TOOLS_DIR/kafka"
S3PROXY_JAR="$TOOLS_DIR/s3proxy/s3proxy-4.1.0-jar-with-dependencies.jar"
TOPICS=(jobs.requested jobs.events jobs.events.dlq)

# Two database owners; each service gets its runtime, test and end-to-end databases.
DATABASES="poof_billing:poof_billing:poof_billing_local poof_billing_test:poof_billing:poof_billing_local poof_billing_e2e:poof_billing:poof_billing_local poof_gateway:poof_gateway:poof_gateway_local poof_gateway_test:poof_gateway:poof_gateway_local poof_gateway_e2e:poof_gateway:poof_gateway_local"

# --- tools -----------------------------------------------------------------------------------------

ensure_tools() {
  if [ ! -f "$KAFKA_LIB/.complete" ]; then
    ensure_maven
    log "gathering the Kafka broker jars"
    rm -rf "$KAFKA_LIB"
    mvnw -q -f deploy/local/tools/pom.xml dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_LIB" -DincludeScope=runtime || die "could not gather Kafka jars"
    touch "$KAFKA_LIB/.complete"
  fi
  if [ ! -f "$S3PROXY_JAR" ]; then
    ensure_maven
    log "fetching S3Proxy"
    mvnw -q -f deploy/local/tools/pom.xml dependency:copy \
      -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
      -DoutputDirectory="$TOOLS_DIR/s3proxy" || die "could not fetch S3Proxy"
  fi
}

# --- PostgreSQL ----------------------------------------------------------------------------------

pg_psql() { runuser -u postgres -- "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$POOF_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

start_postgres() {
  mkdir -p "$PG_SOCKET_DIR"; chown postgres "$PG_SOCKET_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initialising PostgreSQL in $PG_DATA"
    mkdir -p "$PG_DATA"; chown postgres "$PG_DATA"; chmod 700 "$PG_DATA"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$RUN_DIR/postgres-init.log" 2>&1 \
      || die "initdb failed, see $RUN_DIR/postgres-init.log"
  fi
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    # Durable commits (fsync and synchronous_commit on, PostgreSQL's defaults): a crash must never lose a
    # committed job row whose job was already published and charged.
    log "starting PostgreSQL on 127.0.0.1:$POOF_PG_PORT"
    touch "$RUN_DIR/postgres.log"; chown postgres "$RUN_DIR/postgres.log"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$RUN_DIR/postgres.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $POOF_PG_PORT -k $PG_SOCKET_DIR -c max_connections=300" \
      start >/dev/null || die "PostgreSQL did not start, see $RUN_DIR/postgres.log"
  fi
  local entry db owner password
  for entry in $DATABASES; do
    IFS=: read -r db owner password <<<"$entry"
    if [ "$(pg_psql -c "SELECT 1 FROM pg_roles WHERE rolname='$owner'")" != 1 ]; then
      pg_psql -c "CREATE ROLE $owner LOGIN PASSWORD '$password'"
    fi
    if [ "$(pg_psql -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != 1 ]; then
      pg_psql -c "CREATE DATABASE $db OWNER $owner"
    fi
  done
}

stop_postgres() {
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    head -1 "$PG_DATA/postmaster.pid" >"$RUN_DIR/postgres.pid"
    log "stopping PostgreSQL"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    stop_pid postgres "$RUN_DIR/postgres.pid" 10
  fi
}

# --- Redis ---------------------------------------------------------------------------------------

start_redis() {
  pid_alive "$RUN_DIR/redis.pid" && return 0
  log "starting Redis on 127.0.0.1:$POOF_REDIS_PORT"
  mkdir -p "$DATA_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$POOF_REDIS_PORT" --save '' --appendonly no --daemonize yes \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --dir "$DATA_DIR/redis" \
    || die "Redis did not start, see $RUN_DIR/redis.log"
  wait_until 10 redis redis-cli -h 127.0.0.1 -p "$POOF_REDIS_PORT" ping || die "Redis is not answering"
}

# --- Kafka ---------------------------------------------------------------------------------------

kafka_java() { java -Xms128m -Xmx512m -XX:+UseG1GC -Dlog4j2.configurationFile="$LOCAL_DIR/tools/log4j2.xml" -cp "$KAFKA_LIB/*" "$@"; }

start_kafka() {
  pid_alive "$RUN_DIR/kafka.pid" && return 0
  local conf="$RUN_DIR/kafka-server.properties" logdir="$DATA_DIR/kafka"
  cat >"$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$POOF_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$POOF_KAFKA_PORT,CONTROLLER://127.0.0.1:$POOF_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$POOF_KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$logdir
num.partitions=$KAFKA_PARTITIONS
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
  if [ ! -f "$logdir/meta.properties" ]; then
    log "formatting Kafka storage in $logdir"
    local cluster_id
    cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$conf" >"$RUN_DIR/kafka-format.log" 2>&1 \
      || die "Kafka storage format failed, see $RUN_DIR/kafka-format.log"
  fi
  log "starting Kafka on 127.0.0.1:$POOF_KAFKA_PORT"
  nohup java -Xms256m -Xmx512m -XX:+UseG1GC -Dlog4j2.configurationFile="$LOCAL_DIR/tools/log4j2.xml" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$conf" >"$RUN_DIR/kafka.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/kafka.pid"
  wait_until 60 kafka port_open "$POOF_KAFKA_PORT" || die "Kafka did not open its port, see $RUN_DIR/kafka.log"
  kafka_java "$LOCAL_DIR/tools/CreateTopics.java" "127.0.0.1:$POOF_KAFKA_PORT" "$KAFKA_PARTITIONS" "${TOPICS[@]}" \
    >>"$RUN_DIR/kafka-topics.log" 2>&1 || die "could not create topics, see $RUN_DIR/kafka-topics.log"
}

# --- S3Proxy -------------------------------------------------------------------------------------

start_s3proxy() {
  pid_alive "$RUN_DIR/s3proxy.pid" && return 0
  local conf="$RUN_DIR/s3proxy.properties"
  # The filesystem backend maps a bucket to a folder and treats world-readable files as public-read:
  # keep the bucket and everything S3Proxy writes private.
  mkdir -p "$DATA_DIR/s3/$POOF_S3_BUCKET"
  chmod 700 "$DATA_DIR/s3" "$DATA_DIR/s3/$POOF_S3_BUCKET"
  cat >"$conf" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$POOF_S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$POOF_S3_ACCESS_KEY
s3proxy.credential=$POOF_S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DATA_DIR/s3
jclouds.identity=$POOF_S3_ACCESS_KEY
jclouds.credential=$POOF_S3_SECRET_KEY
PROPS
  chmod 600 "$conf"
  log "starting S3Proxy on 127.0.0.1:$POOF_S3_PORT"
  umask 077
  nohup java -Xms64m -Xmx256m -jar "$S3PROXY_JAR" --properties "$conf" >"$RUN_DIR/s3proxy.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/s3proxy.pid"
  wait_until 60 s3proxy port_open "$POOF_S3_PORT" || die "S3Proxy did not open its port, see $RUN_DIR/s3proxy.log"
}

# --- commands ------------------------------------------------------------------------------------

status() {
  local rc=0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 \
    && echo "postgres  running  127.0.0.1:$POOF_PG_PORT" || { echo "postgres  stopped"; rc=1; }
  for svc in redis:$POOF_REDIS_PORT kafka:$POOF_KAFKA_PORT s3proxy:$POOF_S3_PORT; do
    local name=${svc%%:*} port=${svc#*:}
    if pid_alive "$RUN_DIR/$name.pid"; then printf '%-9s running  127.0.0.1:%s (pid %s)\n' "$name" "$port" "$(cat "$RUN_DIR/$name.pid")"
    else printf '%-9s stopped\n' "$name"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  start)
    ensure_prerequisites
    ensure_tools
    start_postgres
    start_redis
    start_kafka
    start_s3proxy
    log "infrastructure ready"
    ;;
  stop)
    stop_pid s3proxy "$RUN_DIR/s3proxy.pid"
    stop_pid kafka "$RUN_DIR/kafka.pid" 60
    stop_pid redis "$RUN_DIR/redis.pid"
    stop_postgres
    ;;
  status) status ;;
  # One component at a time, for fault drills (docs/operations.md): stop or start it; crash-postgres stops
  # PostgreSQL the way a power cut would (immediate mode: no checkpoint, in-flight transactions lost).
  start-one|stop-one)
    case "${2:-}" in
      postgres) if [ "$1" = start-one ]; then start_postgres; else stop_postgres; fi ;;
      redis) if [ "$1" = start-one ]; then start_redis; else stop_pid redis "$RUN_DIR/redis.pid"; fi ;;
      kafka) if [ "$1" = start-one ]; then start_kafka; else stop_pid kafka "$RUN_DIR/kafka.pid" 60; fi ;;
      s3proxy) if [ "$1" = start-one ]; then start_s3proxy; else stop_pid s3proxy "$RUN_DIR/s3proxy.pid"; fi ;;
      *) echo "usage: $0 $1 postgres|redis|kafka|s3proxy" >&2; exit 2 ;;
    esac ;;
  crash-postgres)
    log "crashing PostgreSQL (immediate stop)"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true ;;
  *) echo "usage: $0 start|stop|status|start-one NAME|stop-one NAME|crash-postgres" >&2; exit 2 ;;
esac
