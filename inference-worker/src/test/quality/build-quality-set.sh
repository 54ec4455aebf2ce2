#!/usr/bin/env bash
# Builds the quality evaluation inputs (see docs/quality.md and MANIFEST.md beside this script):
# fetches three Debian packages with the ordinary apt client, extracts the files the set uses.
# Usage: build-quality-set.sh <output-dir>        (idempotent)
set -euo pipefail

out="${1:?usage: build-quality-set.sh <output-dir>}"
mkdir -p "$out/foregrounds" "$out/backgrounds" "$out/photos"
if [[ -f "$out/.complete" ]]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
packages=(python3-skimage=0.19.3-8 adwaita-icon-theme=43-1 tuxpaint-stamps-default=2022.06.04-1)
if ! apt-get download "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  apt-get download "${packages[@]}" >/dev/null
fi
for deb in *.deb; do
  dpkg-deb -x "$deb" extracted
done

data=extracted/usr/lib/python3/dist-packages/skimage/data
for name in brick grass gravel coffee astronaut chelsea; do
  cp "$data/$name.png" "$out/backgrounds/$name.png"
done
for name in rocket hubble_deep_field; do
  cp "$data/$name.jpg" "$out/backgrounds/$name.jpg"
done
# Real photos without a ground truth, for the contact sheet a person reviews (ContactSheet).
for name in astronaut chelsea coffee; do
  cp "$data/$name.png" "$out/photos/$name.png"
done
cp "$data/rocket.jpg" "$out/photos/rocket.jpg"
icons=extracted/usr/share/icons/Adwaita/512x512/devices
for name in audio-headphones camera-web input-gaming phone; do
  cp "$icons/$name.png" "$out/foregrounds/$name.png"
done
# Photographic cut-outs with their own alpha: fur, feathers, thin legs and stalks, foliage, glass, a person.
stamps=extracted/usr/share/tuxpaint/stamps
for path in animals/mammals/bears/european-bear animals/mammals/bovines/gnu-baby \
    animals/mammals/bovines/indian_blackbuck animals/birds/albino_peahen animals/birds/crowned_crane \
    animals/fish/lobster animals/insects/mantis plants/trees/holm_oak plants/trees/liberia-palm \
    plants/flowers/anemone_red food/fruit/Strawberry2 food/fruit/Cherry_Stella household/Lightbulb \
    medical/stethoscope military/paratrooper household/tools/cementmixer; do
  cp "$stamps/$path.png" "$out/foregrounds/stamp-$(basename "$path").png"
done
touch "$out/.complete"
echo "quality set ready in $out"
