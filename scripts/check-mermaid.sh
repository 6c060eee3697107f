#!/usr/bin/env bash
# Renders every bundled blueprint's Mermaid chart with mermaid-cli, to prove Mermaid accepts it.
#
#   scripts/check-mermaid.sh [OUT_DIR]
#
# Needs `mmdc` (npm package @mermaid-js/mermaid-cli@11) on PATH or in MMDC, and a Chromium.
# One way to install both on Debian:
#   apt-get install -y chromium
#   PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @mermaid-js/mermaid-cli@11
# Without them the script says so and exits 0, so that it can run anywhere.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/mermaid-check}"
mmdc="${MMDC:-$(command -v mmdc || true)}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"

if [[ -z "$mmdc" || ! -x "$mmdc" ]]; then
    echo "check-mermaid: skipped, mermaid-cli (mmdc) is not installed;" \
         "install it with: PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @mermaid-js/mermaid-cli@11"
    exit 0
fi
if [[ -z "$chromium" ]]; then
    echo "check-mermaid: skipped, no Chromium found for mermaid-cli; install it with: apt-get install -y chromium"
    exit 0
fi

mkdir -p "$out"
config="$out/puppeteer.json"
printf '{ "executablePath": "%s", "args": ["--no-sandbox", "--disable-gpu"] }\n' "$chromium" > "$config"

cd "$root"
cargo build --quiet --bin frontline
failed=0
for file in blueprints/*.yaml; do
    name="$(basename "$file" .yaml)"
    target/debug/frontline render "$file" --target mermaid > "$out/$name.mmd"
    if "$mmdc" --quiet --puppeteerConfigFile "$config" -i "$out/$name.mmd" -o "$out/$name.svg" >"$out/$name.log" 2>&1 \
        && [[ -s "$out/$name.svg" ]] && ! grep -q "Syntax error" "$out/$name.svg"; then
        echo "ok      $name"
    else
        echo "FAILED  $name (see $out/$name.log)"
        failed=1
    fi
done
exit "$failed"
