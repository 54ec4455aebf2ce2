#!/usr/bin/env bash
# Fetches axe-core's browser bundle (axe.min.js, MPL-2.0) from the npm package with the ordinary npm client and
# verifies it; the browser tests inject it into every dashboard page. Idempotent: a verified file is kept.
# Usage: fetch-axe.sh <download-dir>
set -euo pipefail

PACKAGE="axe-core@4.14.1"
EXPECTED_SHA256="29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"

dir="${1:?usage: fetch-axe.sh <download-dir>}"
mkdir -p "$dir"
target="$dir/axe.min.js"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$target" && "$(sha "$target")" == "$EXPECTED_SHA256" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-axe: npm is required to fetch $PACKAGE" >&2; exit 1; }

work="$(mktemp -d "$dir/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tgz="$(cd "$work" && npm pack --silent "$PACKAGE" | tail -n 1)"
tar -xzf "$work/$tgz" -C "$work" package/axe.min.js
actual="$(sha "$work/package/axe.min.js")"
if [[ "$actual" != "$EXPECTED_SHA256" ]]; then
  echo "fetch-axe: axe.min.js from $PACKAGE has sha256 $actual; expected $EXPECTED_SHA256. Refusing to use it." >&2
  exit 1
fi
mv "$work/package/axe.min.js" "$target"
echo "fetch-axe: $target verified"
