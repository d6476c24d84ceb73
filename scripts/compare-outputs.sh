#!/usr/bin/env bash
# Compares what two builds of archlint print and write, byte for byte: the release build of
# BASE (a commit) against the release build of the working tree. Refactors of the model
# (issue #14) must not change a single byte of output unless a message was improved on
# purpose, and this is how that is shown.
#
#   scripts/compare-outputs.sh [BASE]     (default: the commit before the model work began)
#
# Inputs: the shipped specs (every output format, a file checked alone, validate, graph,
# rules), the bad-input corpus (JSON), and Benchmarks' deterministic 10,000-resource set
# (JSON, SARIF, JUnit, Markdown, text). The base build is cached in .build/compare/REV.
# Exit status 0 when every command gives the same stdout, stderr, status and files.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# The last commit of issue #13: outputs as they were before issue #14's first commit.
base=${1:-a0f5746}
rev=$(git rev-parse --short "$base")
cache="$root/.build/compare/$rev"

if [ ! -x "$cache/archlint" ]; then
  echo "building archlint at $rev (release, cached in .build/compare/$rev)…" >&2
  rm -rf "$cache/src" && mkdir -p "$cache"
  git worktree add --quiet --detach "$cache/src" "$rev"
  trap 'git -C "$root" worktree remove --force "$cache/src" 2>/dev/null || true' EXIT
  (cd "$cache/src" && swift build -c release --product archlint >"$cache/build.log" 2>&1) || { tail -30 "$cache/build.log" >&2; exit 2; }
  cp "$cache/src/.build/release/archlint" "$cache/archlint"
  git -C "$root" worktree remove --force "$cache/src"
  trap - EXIT
fi
echo "building the working tree (release)…" >&2
swift build -c release --product archlint >.build/compare/build.log 2>&1 || { tail -30 .build/compare/build.log >&2; exit 2; }
new="$root/.build/release/archlint" old="$cache/archlint"

estate="$root/.build/compare/estate-10000"
if [ ! -f "$estate/.stamp" ]; then
  python3 Benchmarks/generate.py --resources 10000 --files 100 --seed 1 "$estate" >/dev/null
  touch "$estate/.stamp"
fi

export SOURCE_DATE_EPOCH=1767225600 ARCHLINT_TODAY=2026-12-01 NO_COLOR=1
commands=(
  "check specs --no-config"
  "check specs --no-config --format json"
  "check specs --no-config --format junit"
  "check specs --no-config --format sarif"
  "check specs --no-config --format github"
  "check specs --no-config --format markdown"
  "check specs --no-config --fail-on warning --junit OUT/junit.xml --sarif OUT/archlint.sarif"
  "check specs/navlab/development.yaml --no-config --format json"
  "check --reports --format json --config .archlint.yml"
  "validate specs"
  "rules"
  "rules ENC005"
  "graph specs --no-config"
  "graph specs --no-config --format dot"
  "schema"
  "check Tests/ArchlintLoadTests/Corpus --no-config --format json"
  "validate Tests/ArchlintLoadTests/Corpus"
  "check $estate --no-config"
  "check $estate --no-config --format json"
  "check $estate --no-config --format sarif"
  "check $estate --no-config --format junit"
  "check $estate --no-config --format markdown"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
differ=0
for command in "${commands[@]}"; do
  for side in old new; do
    mkdir -p "$work/$side"
    binary=${!side}
    status=0
    # --reports writes the configured reports: into the scratch folder, not reports/.
    run=${command//OUT/$work/$side}
    if [[ "$command" == *"--reports"* ]]; then
      mkdir -p "$work/$side/repo" && cp -r .archlint.yml specs "$work/$side/repo/" && mkdir -p "$work/$side/repo/.git"
      (cd "$work/$side/repo" && "$binary" $run >"$work/$side/stdout" 2>"$work/$side/stderr") || status=$?
      mv "$work/$side/repo/reports" "$work/$side/reports" 2>/dev/null || true
      rm -rf "$work/$side/repo"
    else
      # shellcheck disable=SC2086
      "$binary" $run >"$work/$side/stdout" 2>"$work/$side/stderr" || status=$?
    fi
    echo "$status" >"$work/$side/status"
    # The scratch folder as printed: absolute, or relative to the repository root.
    shown=$(realpath --relative-to="$root" "$work/$side")
    sed -i -e "s|$work/$side|OUT|g" -e "s|$shown|OUT|g" "$work/$side/stdout" "$work/$side/stderr"
  done
  if diff -r "$work/old" "$work/new" >/dev/null; then
    echo "same      archlint ${command//$root\//}"
  else
    echo "DIFFERENT archlint ${command//$root\//}"
    diff -r "$work/old" "$work/new" | head -12 | sed 's/^/          /'
    differ=1
  fi
  rm -rf "$work/old" "$work/new"
done
if [ "$differ" -ne 0 ]; then
  echo "outputs differ from $rev; list every deliberate change in the issue's note" >&2
  exit 1
fi
echo "every output is byte-identical to $rev's"
