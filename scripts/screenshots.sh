#!/usr/bin/env bash
# Writes the HTML report of specs/ and screenshots it in headless Chromium at a desktop and a
# phone width, then checks that the page's script ran (the findings counter is filled in).
# Look at the two PNGs after changing the page.        scripts/screenshots.sh [ARCHLINT]
set -euo pipefail
cd "$(dirname "$0")/.."
archlint=${1:-.build/debug/archlint}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no Chromium: apt-get install chromium" >&2; exit 1; }
out=.build/screenshots
mkdir -p "$out"
"$archlint" report specs --html "$out/index.html" >/dev/null || [ $? -eq 1 ]
page="file://$PWD/$out/index.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=2000)
"$browser" "${flags[@]}" --window-size=1280,2400 --screenshot="$out/desktop.png" "$page" 2>/dev/null
"$browser" "${flags[@]}" --window-size=390,2400 --screenshot="$out/phone.png" "$page" 2>/dev/null
"$browser" "${flags[@]}" --dump-dom "$page" 2>/dev/null > "$out/dom.html"
grep -q 'id="shown" class="muted">[0-9]* of [0-9]* shown' "$out/dom.html" || { echo "the page's script did not run" >&2; exit 1; }
for shot in desktop phone; do
  [ "$(stat -c %s "$out/$shot.png")" -gt 20000 ] || { echo "$shot screenshot is empty" >&2; exit 1; }
done
echo "screenshots: $out/desktop.png, $out/phone.png; the page's script ran"
