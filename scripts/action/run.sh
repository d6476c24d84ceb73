#!/usr/bin/env bash
# Runs archlint for the GitHub Action (action.yml): `archlint check`, or on a pull request
# `archlint diff --base origin/BASE --merge-base` (only what the pull request brings in fails
# it; the checkout needs the merge base, fetch-depth: 0). Findings become annotations
# (--format github), the SARIF report goes to a file for code scanning, the Markdown report
# to the run's step summary. Exits with archlint's status (0 pass, 1 findings at the gate,
# 2 specs could not be loaded).
#
#   ARCHLINT_PATHS               spec files or folders, separated by spaces (default: the configuration's)
#   ARCHLINT_ARGS                more options for check/diff, separated by spaces
#   ARCHLINT_FAIL_ON             --fail-on (default: the configuration's, else error)
#   ARCHLINT_DIFF_ON_PULL_REQUEST  false: run check on pull requests too
#   ARCHLINT_SARIF_FILE          where to write SARIF (default: $RUNNER_TEMP/archlint.sarif; empty: none)
#   ARCHLINT_SUMMARY             false: no step summary
#   ARCHLINT_BIN                 the archlint to run (default: archlint on PATH)
#   GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP   set by the runner
set -uo pipefail
archlint=${ARCHLINT_BIN:-archlint}
# shellcheck disable=SC2206  # paths and options are words, as on a command line
paths=(${ARCHLINT_PATHS:-}) args=(${ARCHLINT_ARGS:-})
gate=()
[ -n "${ARCHLINT_FAIL_ON:-}" ] && gate=(--fail-on "$ARCHLINT_FAIL_ON")

event=${GITHUB_EVENT_NAME:-}
if [[ "$event" == pull_request* ]] && [ "${ARCHLINT_DIFF_ON_PULL_REQUEST:-true}" = "true" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  command=(diff --base "origin/$GITHUB_BASE_REF" --merge-base)
  what="the changes against $GITHUB_BASE_REF"
else
  command=(check)
  what="the specs"
fi

sarif=${ARCHLINT_SARIF_FILE-${RUNNER_TEMP:-/tmp}/archlint.sarif}
sarif_options=()
if [ -n "$sarif" ]; then
  mkdir -p "$(dirname "$sarif")" && rm -f "$sarif"
  sarif_options=(--sarif "$sarif")
fi

echo "archlint ${command[*]} ${paths[*]} ${args[*]} ${gate[*]}" >&2
status=0
"$archlint" "${command[@]}" "${paths[@]}" "${args[@]}" "${gate[@]}" --format github "${sarif_options[@]}" || status=$?

if [ "${ARCHLINT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ "$status" -le 1 ]; then
    # The same run as Markdown, with the same gate so its verdict is the step's; the step's
    # status is the first run's.
    markdown=0
    "$archlint" "${command[@]}" "${paths[@]}" "${args[@]}" "${gate[@]}" --format markdown >>"$GITHUB_STEP_SUMMARY" 2>/dev/null || markdown=$?
    if [ "$markdown" -gt 1 ]; then echo "archlint could not write the Markdown summary; see the job log." >>"$GITHUB_STEP_SUMMARY"; fi
  else
    printf '## archlint\n\narchlint could not check %s (exit status %s): the errors are in the job log and as annotations.\n' \
      "$what" "$status" >>"$GITHUB_STEP_SUMMARY"
  fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >>"$GITHUB_OUTPUT"
  if [ -n "$sarif" ] && [ -s "$sarif" ]; then echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"; fi
fi
exit "$status"
