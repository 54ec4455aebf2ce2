#!/bin/sh
# One database and owner per service (run once, by the postgres image, on an empty data directory).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v gw_pass="$POOF_GATEWAY_DB_PASSWORD" -v bl_pass="$POOF_BILLING_DB_PASSWORD" <<'SQL'
CREATE ROLE poof_gateway LOGIN PASSWORD :'gw_pass';
CREATE DATABASE poof_gateway OWNER poof_gateway;
CREATE ROLE poof_billing LOGIN PASSWORD :'bl_pass';
CREATE DATABASE poof_billing OWNER poof_billing;
SQL
