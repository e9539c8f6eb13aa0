#!/usr/bin/env bash
# The steps of the gclint GitHub Action (action.yml runs one subcommand per
# step; tests/action.rs runs them with a fake GitHub environment):
#
#   prepare  print the install folder and the cache key (step outputs)
#   install  `cargo install` the action's own checkout, unless the cache had it
#   check    run gclint on the inputs: annotations or a SARIF file, a job
#            summary, and the exit code as a step output
#   finish   exit with gclint's exit code (after the SARIF upload ran)
#
# Inputs come as INPUT_PATHS, INPUT_FORMAT, INPUT_FAIL_ON, INPUT_CONFIG,
# INPUT_SARIF_FILE and INPUT_UPLOAD_SARIF (action.yml sets them); the rest is
# what the runner sets: GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, RUNNER_TEMP, RUNNER_OS, RUNNER_ARCH.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

die() {
  # A workflow command, so the reason shows on the run's page.
  echo "::error title=gclint action::$*"
  exit 2
}

output() {
  printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi
}

# The binary is a function of the action's sources, so they key the cache.
source_hash() {
  (
    cd "$action_path"
    find Cargo.toml Cargo.lock build.rs src rules -type f -print0 |
      LC_ALL=C sort -z |
      while IFS= read -r -d '' f; do
        printf '%s\n' "$f"
        cat "$f"
      done
  ) | sha256 | cut -c1-24
}

prepare() {
  local hash
  hash=$(source_hash)
  output install-root "${RUNNER_TEMP:?RUNNER_TEMP is not set}/gclint-$hash"
  output cache-key "gclint-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$hash"
}

binary() {
  local root="${GCLINT_ROOT:?GCLINT_ROOT is not set}"
  if [ -x "$root/bin/gclint.exe" ]; then
    echo "$root/bin/gclint.exe"
  else
    echo "$root/bin/gclint"
  fi
}

install() {
  local bin
  bin=$(binary)
  if [ -x "$bin" ]; then
    echo "gclint $("$bin" --version | cut -d' ' -f2) restored from the cache"
    return
  fi
  command -v cargo >/dev/null 2>&1 ||
    die "cargo is not on PATH: add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before this action"
  cargo install --path "$action_path" --locked --root "$GCLINT_ROOT"
}

check() {
  local bin format fail_on upload sarif_file status
  bin=$(binary)
  [ -x "$bin" ] || die "gclint is not installed at $bin"
  cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}"

  # Paths are separated by white space (spaces or new lines); no globbing.
  local -a paths
  set -f
  # shellcheck disable=SC2206
  paths=(${INPUT_PATHS:-.})
  set +f
  [ "${#paths[@]}" -gt 0 ] || paths=(.)

  local -a common=("${paths[@]}")
  if [ -n "${INPUT_CONFIG:-}" ]; then
    common+=(--config "$INPUT_CONFIG")
  fi

  upload="${INPUT_UPLOAD_SARIF:-false}"
  case "$upload" in
    true | false) ;;
    *) die "upload-sarif must be true or false, not '$upload'" ;;
  esac
  fail_on="${INPUT_FAIL_ON:-error}"
  format="${INPUT_FORMAT:-auto}"
  if [ "$format" = auto ]; then
    # Uploaded results show as code-scanning alerts; annotations would repeat them.
    if [ "$upload" = true ]; then format=human; else format=github; fi
  fi

  sarif_file="${INPUT_SARIF_FILE:-}"
  if [ "$upload" = true ] && [ -z "$sarif_file" ]; then
    sarif_file="$RUNNER_TEMP/gclint.sarif"
  fi
  if [ -n "$sarif_file" ]; then
    mkdir -p "$(dirname "$sarif_file")"
    "$bin" check "${common[@]}" --format sarif --output "$sarif_file" --fail-on never ||
      die "gclint could not write the SARIF report"
    echo "gclint: SARIF report written to $sarif_file"
  fi

  status=0
  "$bin" check "${common[@]}" --format "$format" --fail-on "$fail_on" || status=$?
  if [ "$status" -gt 1 ]; then
    exit "$status"
  fi

  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    local report
    report=$("$bin" check "${common[@]}" --format human --color never --fail-on never || true)
    {
      echo "### gclint"
      echo
      echo "${report##*$'\n'}"
      echo
      if [ "$status" -eq 0 ]; then
        echo "Nothing at or above \`$fail_on\`."
      else
        echo "Findings at or above \`$fail_on\`: the step fails."
      fi
      echo
      echo "<details><summary>Report</summary>"
      echo
      echo '```text'
      echo "$report"
      echo '```'
      echo
      echo "</details>"
    } >>"$GITHUB_STEP_SUMMARY"
  fi

  output exit-code "$status"
  output upload "$upload"
  output sarif-file "$sarif_file"
}

finish() {
  local code="${GCLINT_EXIT_CODE:-}"
  case "$code" in
    0) ;;
    1) echo "gclint found problems at or above fail-on (see the annotations or the job summary)" ;;
    *) die "the check step reported no exit code" ;;
  esac
  exit "$code"
}

case "${1:-}" in
  prepare) prepare ;;
  install) install ;;
  check) check ;;
  finish) finish ;;
  *)
    echo "usage: $0 prepare|install|check|finish" >&2
    exit 2
    ;;
esac
