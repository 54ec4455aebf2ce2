#!/usr/bin/env bash
# supervise.sh NAME LIVENESS_URL CHILD_PIDFILE -- COMMAND...
# Keeps one service of the local platform running, as Kubernetes keeps a container running: COMMAND is
# started again whenever it exits (after 1 s, doubling up to 30 s while it keeps dying young), and killed
# and started again when its liveness URL has failed 3 checks in a row (10 s apart, after a 120 s start-up
# grace). TERM or INT stops COMMAND (TERM, then KILL after 30 s) and the supervisor. The child's PID is
# kept in CHILD_PIDFILE so that a chaos test can kill the service itself; its output goes to this
# supervisor's output.
set -uo pipefail
name="$1" liveness="$2" child_pidfile="$3"; shift 3
[ "$1" = "--" ] && shift

child=""
stopping=""
log() { printf '[%s] supervise %s: %s\n' "$(date +%H:%M:%S)" "$name" "$*"; }

stop_child() {
  [ -n "$child" ] || return 0
  kill -TERM "$child" 2>/dev/null || return 0
  for _ in $(seq 1 300); do
    kill -0 "$child" 2>/dev/null || return 0
    sleep 0.1
  done
  log "did not stop in 30 s, killing pid $child"
  kill -KILL "$child" 2>/dev/null || true
}

on_signal() {
  stopping=1
  stop_child
  rm -f "$child_pidfile"
  exit 0
}
trap on_signal TERM INT

live() { curl -fsS -m 5 -o /dev/null "$liveness"; }

backoff=1
while [ -z "$stopping" ]; do
  started=$SECONDS
  "$@" &
  child=$!
  echo "$child" >"$child_pidfile"
  log "started pid $child"
  failures=0
  while kill -0 "$child" 2>/dev/null; do
    # Short sleeps keep the supervisor responsive to TERM.
    for _ in $(seq 1 10); do
      kill -0 "$child" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$child" 2>/dev/null || break
    if [ $((SECONDS - started)) -ge 120 ]; then
      if live; then
        failures=0
      else
        failures=$((failures + 1))
        if [ "$failures" -ge 3 ]; then
          log "liveness failed 3 times ($liveness): restarting pid $child"
          stop_child
          break
        fi
      fi
    fi
  done
  wait "$child" 2>/dev/null
  status=$?
  [ -n "$stopping" ] && break
  if [ $((SECONDS - started)) -ge 60 ]; then backoff=1; fi
  log "pid $child exited with status $status; starting again in ${backoff}s"
  sleep "$backoff"
  backoff=$((backoff * 2 > 30 ? 30 : backoff * 2))
done
