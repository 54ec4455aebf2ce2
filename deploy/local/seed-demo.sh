#!/usr/bin/env bash
# Ensures a demo Pro account with a working API key exists, and a dashboard operator, and prints
# `export POOF_DEMO_KEY=...`, `export POOF_OPERATOR_EMAIL=...` and `export POOF_OPERATOR_PASSWORD=...`.
# Idempotent: the account id, key id and key are remembered in deploy/local/.run/demo.env (mode 600)
# and re-used while the account exists and the key is not revoked; otherwise they are created anew.
# Needs POOF_ADMIN_URL and POOF_ADMIN_TOKEN (environment, else deploy/local/.run/env).
set -euo pipefail

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${POOF_RUN_DIR:-$LOCAL_DIR/.run}"
DEMO_ENV="$RUN_DIR/demo.env"
DEMO_EMAIL="${POOF_DEMO_EMAIL:-demo@poofbg.local}"
OPERATOR_EMAIL="${POOF_OPERATOR_EMAIL:-operator@poofbg.local}"

log() { printf '[seed-demo] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if { [ -z "${POOF_ADMIN_URL:-}" ] || [ -z "${POOF_ADMIN_TOKEN:-}" ]; } && [ -f "$RUN_DIR/env" ]; then
  url="${POOF_ADMIN_URL:-}"; token="${POOF_ADMIN_TOKEN:-}"
  # shellcheck disable=SC1091
  source "$RUN_DIR/env"
  POOF_ADMIN_URL="${url:-${POOF_ADMIN_URL:-}}"; POOF_ADMIN_TOKEN="${token:-${POOF_ADMIN_TOKEN:-}}"
fi
[ -n "${POOF_ADMIN_URL:-}" ] || die "POOF_ADMIN_URL is not set"
[ -n "${POOF_ADMIN_TOKEN:-}" ] || die "POOF_ADMIN_TOKEN is not set"
POOF_ADMIN_URL="${POOF_ADMIN_URL%/}"

# call METHOD PATH [JSON]: sets STATUS and BODY. The token travels through a file descriptor.
call() {
  local out
  local -a args=(-sS -m 30 -X "$1" -o - -w '\n%{http_code}')
  # Bodies (the operator's password) go through standard input, never on curl's command line.
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary @-)
  out="$(curl "${args[@]}" -H @<(printf 'Authorization: Bearer %s\n' "$POOF_ADMIN_TOKEN") "$POOF_ADMIN_URL$2" <<<"${3:-}")" || die "cannot reach $POOF_ADMIN_URL"
  STATUS="${out##*$'\n'}"; BODY="${out%$'\n'*}"
}

# field NAME: first string value of NAME in BODY (flat fields of our own responses).
field() { grep -o "\"$1\":\"[^\"]*\"" <<<"$BODY" | head -1 | cut -d'"' -f4; }

create_key() {
  call POST "/admin/v1/accounts/$ACCOUNT_ID/keys" '{"name":"demo"}'
  [ "$STATUS" = 201 ] || die "creating the demo key failed: HTTP $STATUS $BODY"
  KEY_ID="$(field id)"; KEY="$(field key)"
  [[ "$KEY" == pk_live_* ]] || die "unexpected key creation response"
}

ACCOUNT_ID=""; KEY_ID=""; KEY=""; OPERATOR_PASSWORD=""
if [ -f "$DEMO_ENV" ]; then
  # shellcheck disable=SC1090
  source "$DEMO_ENV"
  ACCOUNT_ID="${POOF_DEMO_ACCOUNT_ID:-}"; KEY_ID="${POOF_DEMO_KEY_ID:-}"; KEY="${POOF_DEMO_KEY:-}"
  OPERATOR_PASSWORD="${POOF_OPERATOR_PASSWORD:-}"
fi

if [ -n "$ACCOUNT_ID" ]; then
  call GET "/admin/v1/accounts/$ACCOUNT_ID"
  case "$STATUS" in
    200) ;;
    404) log "remembered demo account $ACCOUNT_ID no longer exists"; ACCOUNT_ID="" ;;
    *) die "checking the demo account failed: HTTP $STATUS $BODY" ;;
  esac
fi

if [ -z "$ACCOUNT_ID" ]; then
  call POST /admin/v1/accounts "{\"plan\":\"pro\",\"email\":\"$DEMO_EMAIL\"}"
  [ "$STATUS" = 201 ] || die "creating the demo account failed: HTTP $STATUS $BODY"
  ACCOUNT_ID="$(field id)"
  log "created demo Pro account $ACCOUNT_ID"
  create_key
else
  call GET "/admin/v1/accounts/$ACCOUNT_ID/keys"
  [ "$STATUS" = 200 ] || die "listing the demo keys failed: HTTP $STATUS $BODY"
  if [ -z "$KEY_ID" ] || ! grep -q "\"id\":\"$KEY_ID\"[^}]*\"revoked_at\":null" <<<"$BODY"; then
    log "demo key missing or revoked; creating a new one"
    create_key
  fi
fi

# The local operator: a dashboard user with the operator role (never granted by sign-up).
if [ -n "$OPERATOR_PASSWORD" ]; then
  call PUT /admin/v1/users/operator "{\"email\":\"$OPERATOR_EMAIL\",\"operator\":true}"
  [ "$STATUS" = 200 ] || OPERATOR_PASSWORD=""
fi
if [ -z "$OPERATOR_PASSWORD" ]; then
  OPERATOR_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  call POST /admin/v1/users "{\"email\":\"$OPERATOR_EMAIL\",\"password\":\"$OPERATOR_PASSWORD\",\"operator\":true}"
  [ "$STATUS" = 201 ] || die "creating the operator $OPERATOR_EMAIL failed (HTTP $STATUS $BODY); if it exists from an earlier run whose deploy/local/.run was removed, remove deploy/local/.data too"
  log "created operator $OPERATOR_EMAIL"
fi

mkdir -p "$RUN_DIR"
umask 077
cat >"$DEMO_ENV" <<ENV
POOF_DEMO_ACCOUNT_ID=$ACCOUNT_ID
POOF_DEMO_KEY_ID=$KEY_ID
POOF_DEMO_KEY=$KEY
POOF_OPERATOR_PASSWORD=$OPERATOR_PASSWORD
ENV
echo "export POOF_DEMO_KEY=$KEY"
echo "export POOF_OPERATOR_EMAIL=$OPERATOR_EMAIL"
echo "export POOF_OPERATOR_PASSWORD=$OPERATOR_PASSWORD"
