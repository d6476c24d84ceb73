#!/usr/bin/env bash
# Installs archlint for the GitHub Action (action.yml) and puts it on the job's PATH.
#
# Downloads the release tarball for the runner's architecture (scripts/release.sh's
# archlint-VERSION-linux-ARCH.tar.gz) and refuses it unless it matches its .sha256; or, with
# ARCHLINT_BUILD_FROM_SOURCE=true, builds the action's own checkout with `swift build -c release`.
#
#   ARCHLINT_VERSION            release to download (default: the version of the action's checkout)
#   ARCHLINT_BUILD_FROM_SOURCE  true: build from source instead (needs a Swift toolchain)
#   ARCHLINT_DOWNLOAD_URL       folder holding the tarball and its .sha256: https://, file:// or a
#                               path (default: the action repository's GitHub release vVERSION)
#   ARCHLINT_REPOSITORY         OWNER/NAME of the action repository (default: read from the
#                               action's path, _actions/OWNER/NAME/REF; github.action_repository
#                               is empty inside composite actions)
#   GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_PATH   set by the runner
set -euo pipefail
action=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set (run as part of action.yml)}
action=$(cd "$action" && pwd)
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
fail() { echo "::error title=archlint install::$*" >&2; exit 1; }
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
apt_install() {
  command -v apt-get >/dev/null || fail "missing system packages ($*) and no apt-get to install them"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if [ "${ARCHLINT_BUILD_FROM_SOURCE:-false}" = "true" ]; then
  command -v swift >/dev/null || fail "build-from-source needs a Swift toolchain (e.g. swift-actions/setup-swift)"
  pkg-config --exists yaml-0.1 libxml-2.0 2>/dev/null || apt_install libyaml-dev libxml2-dev pkg-config
  swift build -c release --product archlint --package-path "$action" >&2
  bin="$action/.build/release"
else
  version=${ARCHLINT_VERSION:-}
  version=${version#v}
  if [ -z "$version" ]; then
    version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$action/Sources/ArchlintFindings/Finding.swift")
    [ -n "$version" ] || fail "cannot read archlint's version from the action's checkout; set the version input"
  fi
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) fail "no archlint release for $(uname -m) runners; set build-from-source: true" ;;
  esac
  [ "$(uname -s)" = Linux ] || fail "archlint releases are for Linux runners; set build-from-source: true on $(uname -s)"
  name="archlint-$version-linux-$arch"
  url=${ARCHLINT_DOWNLOAD_URL:-}
  if [ -z "$url" ]; then
    repository=${ARCHLINT_REPOSITORY:-}
    if [ -z "$repository" ] && [[ "$action" =~ /_actions/([^/]+)/([^/]+)/ ]]; then
      repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
    fi
    [ -n "$repository" ] || fail "cannot tell the action's repository from $action; set the repository or download-url input"
    url="https://github.com/$repository/releases/download/v$version"
  fi
  folder="$temp/archlint-install"
  rm -rf "$folder" && mkdir -p "$folder"
  for file in "$name.tar.gz" "$name.tar.gz.sha256"; do
    case "$url" in
      *://*) curl --fail --silent --show-error --location --retry 3 -o "$folder/$file" "$url/$file" ||
        fail "cannot download $url/$file" ;;
      *) cp "$url/$file" "$folder/$file" || fail "no $file in $url" ;;
    esac
  done
  (cd "$folder" && sha256sum --check --quiet "$name.tar.gz.sha256" >&2) || fail "$name.tar.gz does not match its .sha256"
  tar -xzf "$folder/$name.tar.gz" -C "$folder"
  bin="$folder/$name"
  # The binary needs only libc, libyaml and libxml2; install the two libraries if the runner lacks them.
  if ldd "$bin/archlint" | grep -q "not found"; then
    apt_install libyaml-0-2 libxml2
  fi
fi

"$bin/archlint" --version >/dev/null || fail "the installed archlint does not run"
echo "archlint $("$bin/archlint" --version) in $bin"
if [ -n "${GITHUB_PATH:-}" ]; then echo "$bin" >>"$GITHUB_PATH"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "bin=$bin" >>"$GITHUB_OUTPUT"; fi
