#!/usr/bin/env bash
# Writes the HTML report of specs/, measures its layout in headless Chromium at a desktop
# (1280 px) and a phone (390 px) width, and takes screenshots into .build/screenshots/:
# the top of the page at both widths and the diagrams at desktop width.
# Fails when the layout probe (scripts/layout-probe.html) finds sideways scrolling, a findings
# table wider than its box, anything sticking out of the page, a script that did not run, a
# diagram missing, or a diagram that neither fits nor zooms. Look at the PNGs after changing
# the page.                                              scripts/screenshots.sh [ARCHLINT]
set -euo pipefail
cd "$(dirname "$0")/.."
archlint=${1:-.build/debug/archlint}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no Chromium: apt-get install chromium" >&2; exit 1; }
out=.build/screenshots
mkdir -p "$out"
"$archlint" report specs --html "$out/index.html" >/dev/null || [ $? -eq 1 ]
cp scripts/layout-probe.html "$out/probe.html"
# A page that shows the report from its diagrams on, for the third screenshot.
printf '<!DOCTYPE html><body style="margin:0"><iframe src="index.html#diagrams" style="width:1280px;height:2400px;border:0"></iframe></body>\n' > "$out/diagrams.html"

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files --virtual-time-budget=3000)
shoot() { "$browser" "${flags[@]}" --window-size="$2" --screenshot="$out/$1.png" "file://$PWD/$out/$3" 2>/dev/null >/dev/null; }
shoot desktop 1280,2400 index.html
shoot phone 390,2400 index.html
shoot diagrams 1280,2400 diagrams.html

"$browser" "${flags[@]}" --window-size=1800,1000 --dump-dom "file://$PWD/$out/probe.html" 2>/dev/null > "$out/probe-result.html"
result=$(sed -n '/<pre id="result">/,/<\/pre>/p' "$out/probe-result.html" | sed -e 's/<[^>]*>//g' -e '/^$/d')
echo "$result"
[ -n "$result" ] && ! grep -q "pending" <<<"$result" || { echo "the layout probe did not run" >&2; exit 1; }
if grep -q "^FAIL" <<<"$result"; then echo "the HTML report's layout is broken (see above)" >&2; exit 1; fi
for shot in desktop phone diagrams; do
  [ "$(stat -c %s "$out/$shot.png")" -gt 20000 ] || { echo "$shot screenshot is empty" >&2; exit 1; }
done
echo "screenshots: $out/desktop.png, $out/phone.png, $out/diagrams.png"
