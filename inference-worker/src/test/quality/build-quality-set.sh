#!/usr/bin/env bash
# Builds the edge-quality evaluation inputs (see docs/quality.md and MANIFEST.md beside this script):
# fetches two Debian packages with the ordinary apt client, extracts the few files the set uses.
# Usage: build-quality-set.sh <output-dir>        (idempotent)
set -euo pipefail

out="${1:?usage: build-quality-set.sh <output-dir>}"
mkdir -p "$out/foregrounds" "$out/backgrounds"
if [[ -f "$out/.complete" ]]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download python3-skimage=0.19.3-8 adwaita-icon-theme=43-1 >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  apt-get download python3-skimage=0.19.3-8 adwaita-icon-theme=43-1 >/dev/null
fi
for deb in *.deb; do
  dpkg-deb -x "$deb" extracted
done

data=extracted/usr/lib/python3/dist-packages/skimage/data
for name in brick grass gravel coffee; do
  cp "$data/$name.png" "$out/backgrounds/$name.png"
done
icons=extracted/usr/share/icons/Adwaita/512x512/devices
for name in audio-headphones camera-web input-gaming phone; do
  cp "$icons/$name.png" "$out/foregrounds/$name.png"
done
touch "$out/.complete"
echo "quality set ready in $out"
