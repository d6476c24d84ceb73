#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer, each in its own build
# folder so the normal build is left alone.   scripts/sanitizers.sh [address|thread]...
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(address thread)
# Instrumented code runs several times slower; the tests' hang guards allow for it.
export ARCHLINT_TIME_SCALE=10
# LeakSanitizer reports Swift's process-lifetime statics (the schema tables, type metadata)
# as leaks; memory errors are what this run is for, so leak detection is off.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
for kind in "${kinds[@]}"; do
  echo "== swift test --sanitize=$kind"
  ARCHLINT_SANITIZER="$kind" swift test --sanitize="$kind" --scratch-path ".build-$kind"
done
