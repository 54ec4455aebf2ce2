#!/usr/bin/env bash
# Stops everything up.sh started (the three services, then the infrastructure), each by its PID.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
  stop_pid "${SERVICES[$i]}" "$RUN_DIR/${SERVICES[$i]}.pid" 60
done
"$LOCAL_DIR/infra.sh" stop
log "all stopped"
