#!/usr/bin/env bash
# Fuzzes the whole pipeline (load → validate → rules → every reporter) with libFuzzer and
# AddressSanitizer.                                    scripts/fuzz.sh [SECONDS] [JOBS]
#
# Builds Sources/archlint-fuzz with -sanitize=fuzzer,address into .build-fuzz, seeds it
# from specs/, the conformance cases and the bad-input corpus, and runs for SECONDS
# (default 300). The corpus it grows is kept in .build-fuzz/corpus, so runs add up.
# A crash is written to .build-fuzz/crashes/; reproduce it with
#   swift run archlint-fuzz .build-fuzz/crashes/crash-…
# and turn it into a corpus file under Tests/ArchlintLoadTests/Corpus with its fix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
jobs="${2:-1}"
work=.build-fuzz
mkdir -p "$work/corpus" "$work/crashes"

echo "== building the fuzz target (release, -sanitize=fuzzer,address)"
# lld: gold cannot link libFuzzer's instrumented objects into Swift executables.
swift build -c release --scratch-path "$work" --product archlint-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld

echo "== seeds"
seeds="$work/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"
separator=$'\n#-- next file --\n'
n=0
seed() { n=$((n + 1)); cat > "$seeds/$(printf '%04d' $n)-$1"; }
for file in specs/*/*.yaml ../shared/conformance/cases/*/*.yaml Tests/ArchlintLoadTests/Corpus/*.yaml; do
  [ -f "$file" ] && [ "$(stat -c %s "$file")" -le 65536 ] && seed "$(basename "$file")" < "$file"
done
# Each folder of specs as one input, so peers, shared environments and duplicates across
# files are reached.
for folder in specs/* ../shared/conformance/cases/*; do
  files=("$folder"/*.yaml)
  [ ${#files[@]} -gt 1 ] || continue
  { first=1; for file in "${files[@]}"; do
      [ $first -eq 1 ] || printf '%s' "$separator"; first=0; cat "$file"; done; } | seed "$(basename "$folder")-all.yaml"
done
echo "$n seed inputs"

# A dictionary of the format's words helps the mutator write specs rather than noise.
dictionary="$work/spec.dict"
{
  grep -ohE '^[ -]*[a-z_]+:' specs/*/*.yaml ../shared/conformance/cases/*/*.yaml | sed -E 's/^[ -]*//' | sort -u
  grep -ohE ':[ ]+[a-z][a-z0-9_.-]+$' specs/*/*.yaml | sed -E 's/^:[ ]+//' | sort -u
  printf '%s\n' '&a' '*a' '<<' '- ' '{' '}' '[' ']' '"' "'" '|' '>' '!!str' '!!int' '---' '...' '#-- next file --' \
    '0.0.0.0/0' '10.0.0.0/16' '::/0' 'sg:' 'shared' 'ref:'
} | sort -u | sed -E 's/\\/\\\\/g; s/"/\\"/g; s/^(.*)$/"\1"/' > "$dictionary"

echo "== fuzzing for ${seconds}s with $jobs job(s)"
# Leak detection is off: LeakSanitizer reports Swift's process-lifetime statics (the
# compiled rule packs, type metadata), which hides real findings.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
log="$work/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log"
set +e
"$work/release/archlint-fuzz" "$work/corpus" "$seeds" \
  -dict="$dictionary" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/crashes/" \
  $([ "$jobs" -gt 1 ] && echo "-fork=$jobs") 2>&1 | tee "$log" | grep -E "INITED|DONE|pulse|ERROR|SUMMARY|stat::|Test unit written" 
status=${PIPESTATUS[0]}
set -e
echo "== log: $log; corpus: $(ls "$work/corpus" | wc -l) inputs; crashes: $(ls "$work/crashes" | wc -l)"
exit "$status"
