#!/usr/bin/env bash
# Measures frontline as users run it: whole-process `check` and `build` over corpora of
# generated blueprints, `check` over copies of the bundled blueprints (which carry warnings), single blueprints of growing size, the parse-only floor, and the 4S
# diagram next to the diagram tools people know. Prints Markdown tables.
#
#   bench/run.sh            # everything (several minutes on 2 cores)
#   QUICK=1 bench/run.sh    # fewer runs, no 10,000-file corpus
#   SIZES="1000" STEPS="100" bench/run.sh   # chosen corpus sizes and blueprint lengths
#   ONLY=check bench/run.sh                 # only `check`, on clean and on bundled corpora
#   ONLY=build SITE_DIR=/dev/shm bench/run.sh  # `check`, then full and incremental `build`
#   ONLY=audit bench/run.sh                 # only `build` with and without [audit]
#   ONLY=docx bench/run.sh                  # only `build` with and without the Word files
#   ONLY=pdf bench/run.sh                   # only `build --pdf` of the bundled blueprints
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time); graphviz, plantuml and
# mermaid-cli (MMDC=path/to/mmdc) are compared when present.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install hyperfine time)" >&2; exit 2; }
done

cargo build --release --quiet --bin frontline --example gen-corpus --example parse-floor --example peer-diagrams
repo=$PWD
# FRONTLINE=path/to/another/frontline measures that binary instead, with the same corpora.
bin=${FRONTLINE:-$repo/target/release/frontline}
gen=$repo/target/release/examples/gen-corpus
floor=$repo/target/release/examples/parse-floor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Runs start in the scratch folder, so that this repository's frontline.toml (its libraries and
# audits) is not part of what is measured.
cd "$work"

runs=${RUNS:-10}
sizes=${SIZES:-"10 100 1000 10000"}
# The largest single blueprint stays under the 8 MiB file limit (about 6,000 steps).
steps_list=${STEPS:-"10 100 1000 5000"}
if [ -n "${QUICK:-}" ]; then runs=3; sizes="10 100 1000"; fi

# median seconds of a command, from hyperfine's JSON
median() {
  hyperfine --style none --runs "$runs" --warmup 1 --export-json "$work/h.json" "$@" >/dev/null 2>&1
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$work/h.json"
}
# peak resident memory in MB
peak() {
  /usr/bin/time -f %M "$@" >/dev/null 2>"$work/t.txt" || true
  awk 'END { printf "%.0f", $1 / 1024 }' "$work/t.txt"
}
# fewer runs where one run takes seconds
runs_for() {
  if [ -n "${QUICK:-}" ] || [ "$1" -ge 10000 ]; then echo 3
  elif [ "$1" -ge 1000 ]; then echo 5
  else echo "${RUNS:-10}"; fi
}
ms() { python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) * 1000))" "$1"; }
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
rate() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

echo "machine: $(nproc) cores, $(uname -sm); frontline $($bin --version | cut -d' ' -f2)"

if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = audit ]; then
echo
echo "## Building copies of the bundled blueprints with and without [audit]"
echo
echo "With [audit], the bundled audit records (made against the first copy) are scored into audits/index.html."
echo "Medians of wall-clock and CPU (user + system) seconds; CPU time is what a loaded machine changes least."
echo
echo "| files | build | with [audit] | with / without | CPU: build | with [audit] | with / without | rebuild | with [audit] | CPU: with / without | peak MB (build / with [audit]) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  runs=$(runs_for "$n")
  corpus="$work/bundled-$n"
  "$gen" --bundled "$corpus" $(( (n + 4) / 5 ))
  # Two project folders over one corpus: one without settings, one whose frontline.toml has
  # [audit] with the bundled records, each naming the first copy of its blueprint.
  plain="$work/plain" audited="$work/audited"
  mkdir -p "$plain" "$audited/audits"
  printf '[audit]\npaths = ["audits/"]\n' > "$audited/frontline.toml"
  for record in "$repo"/audits/*.yaml; do
    sed -E 's/^blueprint: (.*)$/blueprint: \1-copy-0/' "$record" > "$audited/audits/$(basename "$record")"
  done
  site="${SITE_DIR:-$work}/frontline-bench-site"
  # measure FOLDER FRESH: medians of "wall cpu peak-MB" of `build` run in FOLDER, into a new
  # site when FRESH is 1, else into the site of the run before (an incremental build)
  measure() {
    rm -f "$work/m.txt"
    (cd "$1" && "$bin" build "$corpus" --out "$site" -q)
    for _ in $(seq "$runs"); do
      [ "$2" = 1 ] && rm -rf "$site"
      (cd "$1" && /usr/bin/time -a -o "$work/m.txt" -f "%e %U %S %M" "$bin" build "$corpus" --out "$site" -q)
    done
    python3 -c "
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1]) if line[:1].isdigit()]
print(statistics.median(r[0] for r in rows), statistics.median(r[1] + r[2] for r in rows), round(max(r[3] for r in rows) / 1024))
" "$work/m.txt"
  }
  read -r b bc pb <<< "$(measure "$plain" 1)"
  read -r r rc _ <<< "$(measure "$plain" 0)"
  rm -rf "$site"
  read -r ba bac pa <<< "$(measure "$audited" 1)"
  read -r ra rac _ <<< "$(measure "$audited" 0)"
  rm -rf "$site" "$corpus" "$plain" "$audited"
  echo "| $n | $(ms "$b") ms | $(ms "$ba") ms | $(ratio "$ba" "$b") | $(ms "$bc") ms | $(ms "$bac") ms | $(ratio "$bac" "$bc") | $(ms "$r") ms | $(ms "$ra") ms | $(ratio "$rac" "$rc") | $pb / $pa |"
done
fi
[ "${ONLY:-}" = audit ] && exit 0

if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = docx ]; then
echo
echo "## Building copies of the bundled blueprints with and without the Word files"
echo
echo "\`[handbook] docx = false\` leaves manual.docx out; medians of wall-clock and CPU seconds of a fresh build."
echo
echo "| files | build without DOCX | with DOCX | with / without | CPU: without | with | with / without |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  runs=$(runs_for "$n")
  corpus="$work/bundled-$n"
  "$gen" --bundled "$corpus" $(( (n + 4) / 5 ))
  with="$work/with-docx" without="$work/without-docx"
  mkdir -p "$with" "$without"
  printf '[handbook]\ndocx = false\n' > "$without/frontline.toml"
  site="${SITE_DIR:-$work}/frontline-bench-site"
  # fresh FOLDER: medians of "wall cpu" of a fresh `build` run in FOLDER
  fresh() {
    rm -f "$work/m.txt"
    for _ in $(seq "$runs"); do
      rm -rf "$site"
      (cd "$1" && /usr/bin/time -a -o "$work/m.txt" -f "%e %U %S" "$bin" build "$corpus" --out "$site" -q)
    done
    python3 -c "
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1]) if line[:1].isdigit()]
print(statistics.median(r[0] for r in rows), statistics.median(r[1] + r[2] for r in rows))
" "$work/m.txt"
  }
  read -r o oc <<< "$(fresh "$without")"
  read -r d dc <<< "$(fresh "$with")"
  rm -rf "$site" "$corpus" "$with" "$without"
  echo "| $n | $(ms "$o") ms | $(ms "$d") ms | $(ratio "$d" "$o") | $(ms "$oc") ms | $(ms "$dc") ms | $(ratio "$dc" "$oc") |"
done
fi
[ "${ONLY:-}" = docx ] && exit 0

if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = pdf ]; then
echo
echo "## Building the bundled blueprints with manual.pdf"
echo
cd "$repo"
if "$bin" render blueprints/hotel-checkin.yaml --target manual-pdf --out "$work/probe.pdf" -q 2>/dev/null; then
  echo "Each manual printed twice by the browser found on the machine (two at a time); a fresh build each run."
  echo
  site="${SITE_DIR:-$work}/frontline-bench-pdf"
  hyperfine --style basic --runs "${PDF_RUNS:-3}" --export-markdown "$work/pdf.md" \
    --prepare "rm -rf '$site'" \
    -n "build (HTML, Word)" "$bin build blueprints --out '$site' -q" \
    -n "build --pdf" "$bin build blueprints --out '$site' --pdf -q" >/dev/null
  cat "$work/pdf.md"
  rm -rf "$site"
else
  echo "No Chromium, Chrome or Edge on this machine: \`build --pdf\` not measured."
fi
fi
[ "${ONLY:-}" = pdf ] && exit 0
echo
echo "## Corpora of blueprints of 15 steps"
echo
echo "| files | parse floor | check | check / floor | build | build / floor | files/s (build) | peak MB (check / build) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  runs=$(runs_for "$n")
  corpus="$work/corpus-$n"
  "$gen" "$corpus" "$n" 15
  f=$(median "$floor $corpus")
  c=$(median "$bin check $corpus --format json")
  pc=$(peak "$bin" check "$corpus" --format json)
  if [ "${ONLY:-}" = check ]; then
    echo "| $n | $(ms "$f") ms | $(ms "$c") ms | $(ratio "$c" "$f") | – | – | – | $pc / – |"
    rm -rf "$corpus"
    continue
  fi
  b=$(median --prepare "rm -rf $work/site" "$bin build $corpus --out $work/site -q")
  rm -rf "$work/site"
  pb=$(peak "$bin" build "$corpus" --out "$work/site" -q)
  rm -rf "$work/site"
  echo "| $n | $(ms "$f") ms | $(ms "$c") ms | $(ratio "$c" "$f") | $(ms "$b") ms | $(ratio "$b" "$f") | $(rate "$n" "$b") | $pc / $pb |"
  rm -rf "$corpus"
done

echo
echo "## Copies of the bundled blueprints (four of the five carry warnings)"
echo
echo "| files | warnings | parse floor | check | check / floor | peak MB (check) |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  runs=$(runs_for "$n")
  corpus="$work/bundled-$n"
  # five bundled blueprints per copy
  "$gen" --bundled "$corpus" $(( (n + 4) / 5 ))
  warnings=$("$bin" check "$corpus" --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['summary']['warnings'])")
  f=$(median "$floor $corpus")
  c=$(median "$bin check $corpus --format json")
  pc=$(peak "$bin" check "$corpus" --format json)
  echo "| $n | $warnings | $(ms "$f") ms | $(ms "$c") ms | $(ratio "$c" "$f") | $pc |"
  rm -rf "$corpus"
done
[ "${ONLY:-}" = check ] && exit 0

echo
echo "## Building copies of the bundled blueprints, and building them again"
echo
echo "The site in SITE_DIR (default: beside the corpus, on the same disk; /dev/shm for tmpfs)."
echo
echo "| files | parse floor | build | build / floor | rebuild, nothing changed | rebuild, one file changed | one changed / build | peak MB (build / rebuild) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
site_dir=${SITE_DIR:-$work}
for n in $sizes; do
  runs=$(runs_for "$n")
  corpus="$work/bundled-$n"
  "$gen" --bundled "$corpus" $(( (n + 4) / 5 ))
  site="$site_dir/frontline-bench-site"
  f=$(median "$floor $corpus")
  b=$(median --prepare "rm -rf $site" "$bin build $corpus --out $site -q")
  rm -rf "$site"
  pb=$(peak "$bin" build "$corpus" --out "$site" -q)
  none=$(median "$bin build $corpus --out $site -q")
  # One file gets a new last line before every run.
  changed=$(ls "$corpus"/*.yaml | head -n 1)
  one=$(median --prepare "echo \"# \$(date +%s%N)\" >> $changed" "$bin build $corpus --out $site -q")
  pr=$(peak "$bin" build "$corpus" --out "$site" -q)
  rm -rf "$site" "$corpus"
  echo "| $n | $(ms "$f") ms | $(ms "$b") ms | $(ratio "$b" "$f") | $(ms "$none") ms | $(ms "$one") ms | $(ratio "$one" "$b") | $pb / $pr |"
done
[ "${ONLY:-}" = build ] && exit 0


echo
echo "## One blueprint of growing size"
echo
echo "| steps | file | parse floor | check | build | render svg | peak MB (build) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
runs=${RUNS:-10}
[ -n "${QUICK:-}" ] && runs=3
for steps in $steps_list; do
  corpus="$work/single-$steps"
  "$gen" "$corpus" 1 "$steps"
  file="$corpus/blueprint-00000.yaml"
  size=$(du -k "$file" | cut -f1)
  f=$(median "$floor $corpus")
  c=$(median "$bin check $file --format json")
  b=$(median --prepare "rm -rf $work/site" "$bin build $file --out $work/site -q")
  s=$(median "$bin render $file --target svg")
  rm -rf "$work/site"
  pb=$(peak "$bin" build "$file" --out "$work/site" -q)
  rm -rf "$work/site" "$corpus"
  echo "| $steps | ${size} KB | $(ms "$f") ms | $(ms "$c") ms | $(ms "$b") ms | $(ms "$s") ms | $pb |"
done

echo
echo "## The 4S diagram, whole process, next to other diagram tools"
echo
# The 4S blueprint uses the bundled library: render it with the repository's settings.
cd "$repo"
four_s=blueprints/car-service-4s.yaml
"$bin" render "$four_s" --target mermaid > "$work/4s.mmd"
ours=$(median "$bin render $four_s --target svg")
echo "| tool | median | × frontline |"
echo "|---|---:|---:|"
echo "| frontline render --target svg | $(ms "$ours") ms | 1 |"
if command -v dot >/dev/null; then
  target/release/examples/peer-diagrams "$four_s" dot > "$work/4s.dot"
  t=$(median "dot -Tsvg $work/4s.dot -o $work/4s-dot.svg")
  echo "| graphviz dot -Tsvg (same lanes and actions) | $(ms "$t") ms | $(ratio "$t" "$ours") |"
fi
if command -v plantuml >/dev/null; then
  target/release/examples/peer-diagrams "$four_s" plantuml > "$work/4s.puml"
  t=$(median "plantuml -tsvg $work/4s.puml")
  echo "| plantuml -tsvg (activity swimlanes) | $(ms "$t") ms | $(ratio "$t" "$ours") |"
fi
mmdc=${MMDC:-$(command -v mmdc || true)}
if [ -n "$mmdc" ]; then
  runs=3
  t=$(median "$mmdc -i $work/4s.mmd -o $work/4s-mmd.svg ${MMDC_ARGS:-}")
  echo "| mermaid-cli mmdc (swimlane.mmd) | $(ms "$t") ms | $(ratio "$t" "$ours") |"
fi
