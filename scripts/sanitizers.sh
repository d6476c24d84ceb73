#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer, each in its own build
# folder so the normal build is left alone.   scripts/sanitizers.sh [address|thread]...
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(address thread)
for kind in "${kinds[@]}"; do
  echo "== swift test --sanitize=$kind"
  swift test --sanitize="$kind" --scratch-path ".build-$kind"
done
