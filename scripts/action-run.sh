#!/usr/bin/env bash
# The steps of the gclint GitHub Action (action.yml runs one subcommand per
# step; tests/action.rs runs them with a fake GitHub environment):
#
#   prepare  choose where gclint comes from (a release's prebuilt binary, or
#            `cargo install` of the action's own checkout) and print the
#            install folder and the cache key (step outputs)
#   install  download and verify the release binary, or `cargo install`
#            unless the cache had it
#   check    run gclint on the inputs: annotations or a SARIF file, a job
#            summary, and the exit code as a step output
#   access-diff  compare the access granted and needed with the pull
#            request's base: the job summary, optionally a pull-request
#            comment updated in place, and whether access grows
#   finish   exit with gclint's exit code (after the SARIF upload ran)
#
# Inputs come as INPUT_VERSION, INPUT_PATHS, INPUT_FORMAT, INPUT_FAIL_ON,
# INPUT_CONFIG, INPUT_SARIF_FILE, INPUT_UPLOAD_SARIF, INPUT_ACCESS_DIFF_BASE,
# INPUT_ACCESS_DIFF_COMMENT and INPUT_FAIL_ON_NEW_ACCESS, the token as
# GITHUB_TOKEN and the action's ref as GCLINT_ACTION_REF (action.yml sets
# them); the rest is what the runner sets: GITHUB_ACTION_PATH,
# GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP,
# RUNNER_OS, RUNNER_ARCH, and for pull requests GITHUB_BASE_REF, GITHUB_REF,
# GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL.
# GCLINT_RELEASES_URL replaces https://github.com/gclint/gclint/releases/download
# (a mirror; the tests use a file:// URL): assets are read from
# $GCLINT_RELEASES_URL/v<version>/<asset>.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

die() {
  # A workflow command, so the reason shows on the run's page; its text is
  # escaped as the runner unescapes it, so it stays one command.
  local text="$*"
  text=${text//%/%25}
  text=${text//$'\r'/%0D}
  text=${text//$'\n'/%0A}
  echo "::error title=gclint action::$text"
  exit 2
}

# Prints a file of gclint's output about the repository (a report, an
# access diff) to the log with workflow commands stopped around it: a line
# of the checked tree's making cannot become `::add-mask::`, `::error::`
# or `::stop-commands::` (the token to resume is random, so the text
# cannot know it).
print_inert() {
  local token
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  [ -n "$token" ] || die "cannot read /dev/urandom"
  echo "::stop-commands::$token"
  cat -- "$1"
  echo "::$token::"
}

# A Markdown code fence longer than any run of backticks in the text, so
# that the text cannot close it and write Markdown or HTML of its own.
fence_for() {
  local fence='```'
  while [[ "$1" == *"$fence"* ]]; do fence+='`'; done
  printf '%s' "$fence"
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

# The version in the action's own Cargo.toml.
own_version() {
  sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n1
}

# The release asset with the binary for this runner (.github/workflows/release.yml
# names them), or nothing when no release has one.
asset() {
  case "${RUNNER_OS:-}-${RUNNER_ARCH:-}" in
    Linux-X64) echo gclint-x86_64-unknown-linux-musl.tar.gz ;;
    Linux-ARM64) echo gclint-aarch64-unknown-linux-musl.tar.gz ;;
    macOS-X64) echo gclint-x86_64-apple-darwin.tar.gz ;;
    macOS-ARM64) echo gclint-aarch64-apple-darwin.tar.gz ;;
    Windows-X64) echo gclint-x86_64-pc-windows-msvc.zip ;;
  esac
}

# A release binary when the `version` input names one, or when the action is
# used at its own release tag (gclint/gclint@v0.1.0); otherwise (@main, a
# branch, a commit) the action's checkout is built with cargo, since no
# release holds exactly that code.
prepare() {
  local hash own version source asset
  own=$(own_version)
  version="${INPUT_VERSION:-}"
  version="${version#v}"
  if [ -z "$version" ]; then
    case "${GCLINT_ACTION_REF:-}" in
      "v$own" | "$own") version=$own ;;
    esac
  fi
  asset=$(asset)
  if [ -n "$version" ] && [ -n "$asset" ]; then
    source=release
  elif [ -n "${INPUT_VERSION:-}" ] && [ "$version" != "$own" ]; then
    die "no gclint release has a binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}: leave out \`version\` to build the action's own gclint $own with cargo"
  else
    source=cargo
  fi
  output source "$source"
  if [ "$source" = release ]; then
    output version "$version"
    output asset "$asset"
    output install-root "${RUNNER_TEMP:?RUNNER_TEMP is not set}/gclint-v$version"
  else
    hash=$(source_hash)
    output install-root "${RUNNER_TEMP:?RUNNER_TEMP is not set}/gclint-$hash"
    output cache-key "gclint-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$hash"
  fi
}

binary() {
  local root="${GCLINT_ROOT:?GCLINT_ROOT is not set}"
  if [ -x "$root/bin/gclint.exe" ]; then
    echo "$root/bin/gclint.exe"
  else
    echo "$root/bin/gclint"
  fi
}

# Downloads the release asset and sha256sums.txt, checks the one against the
# other and unpacks the binary into $GCLINT_ROOT/bin. Returns 1 when the
# release or its asset does not exist; a wrong checksum stops the action.
download() {
  local version=$1 asset=$2 base url tmp expected actual name found
  base="${GCLINT_RELEASES_URL:-https://github.com/gclint/gclint/releases/download}"
  url="${base%/}/v$version"
  tmp=$(mktemp -d "${RUNNER_TEMP:-/tmp}/gclint-download.XXXXXX")
  if ! curl -fsSL --retry 3 -o "$tmp/$asset" "$url/$asset" ||
    ! curl -fsSL --retry 3 -o "$tmp/sha256sums.txt" "$url/sha256sums.txt"; then
    rm -rf "$tmp"
    return 1
  fi
  expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$tmp/sha256sums.txt")
  [ -n "$expected" ] || die "$url/sha256sums.txt has no checksum for $asset"
  actual=$(sha256 <"$tmp/$asset" | cut -d' ' -f1)
  [ "$actual" = "$expected" ] ||
    die "checksum mismatch for $url/$asset: sha256sums.txt says $expected, the download is $actual"
  name=${asset%.tar.gz}
  name=${name%.zip}
  case "$asset" in
    *.zip) unzip -q "$tmp/$asset" -d "$tmp" 2>/dev/null || 7z x -y -o"$tmp" "$tmp/$asset" >/dev/null ;;
    *) tar -xzf "$tmp/$asset" -C "$tmp" ;;
  esac
  mkdir -p "$GCLINT_ROOT/bin"
  found=
  for exe in gclint gclint.exe; do
    if [ -f "$tmp/$name/$exe" ]; then
      mv "$tmp/$name/$exe" "$GCLINT_ROOT/bin/$exe"
      chmod +x "$GCLINT_ROOT/bin/$exe"
      found=$exe
    fi
  done
  rm -rf "$tmp"
  [ -n "$found" ] || die "$url/$asset holds no $name/gclint"
  echo "gclint $version downloaded from $url/$asset (SHA-256 checked)"
}

cargo_install() {
  command -v cargo >/dev/null 2>&1 ||
    die "cargo is not on PATH: add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before this action"
  cargo install --path "$action_path" --locked --root "$GCLINT_ROOT"
}

install() {
  local bin reported
  bin=$(binary)
  if [ "${GCLINT_SOURCE:-cargo}" = release ]; then
    local version="${GCLINT_VERSION:?GCLINT_VERSION is not set}"
    if [ ! -x "$bin" ]; then
      if ! download "$version" "${GCLINT_ASSET:?GCLINT_ASSET is not set}"; then
        # At the action's own tag, its checkout is that version's source.
        [ -z "${INPUT_VERSION:-}" ] ||
          die "no gclint release v$version with $GCLINT_ASSET at ${GCLINT_RELEASES_URL:-https://github.com/gclint/gclint/releases/download}"
        echo "no gclint release v$version to download: building the action's checkout with cargo"
        cargo_install
        return
      fi
      bin=$(binary)
    fi
    reported=$("$bin" --version | cut -d' ' -f2)
    [ "$reported" = "$version" ] ||
      die "the gclint of release v$version says it is version $reported"
    return
  fi
  if [ -x "$bin" ]; then
    echo "gclint $("$bin" --version | cut -d' ' -f2) restored from the cache"
    return
  fi
  cargo_install
}

# The `paths` input as the array `paths`: separated by white space (spaces
# or new lines), no globbing.
input_paths() {
  set -f
  # shellcheck disable=SC2206
  paths=(${INPUT_PATHS:-.})
  set +f
  [ "${#paths[@]}" -gt 0 ] || paths=(.)
}

check() {
  local bin format fail_on upload sarif_file status
  bin=$(binary)
  [ -x "$bin" ] || die "gclint is not installed at $bin"
  cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}"

  local -a paths
  input_paths

  # Options before `--`, paths after: a path starting with `-` is a path.
  local -a options=()
  if [ -n "${INPUT_CONFIG:-}" ]; then
    options+=(--config "$INPUT_CONFIG")
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
    "$bin" check ${options[@]+"${options[@]}"} --format sarif --output "$sarif_file" \
      --fail-on never -- "${paths[@]}" ||
      die "gclint could not write the SARIF report"
    echo "gclint: SARIF report written to $sarif_file"
  fi

  status=0
  if [ "$format" = github ]; then
    # Annotations are workflow commands; gclint escapes what the tree wrote.
    "$bin" check ${options[@]+"${options[@]}"} --format "$format" --fail-on "$fail_on" \
      -- "${paths[@]}" || status=$?
  else
    local log="$RUNNER_TEMP/gclint-report.txt"
    "$bin" check ${options[@]+"${options[@]}"} --format "$format" --fail-on "$fail_on" \
      -- "${paths[@]}" >"$log" || status=$?
    print_inert "$log"
    rm -f -- "$log"
  fi
  if [ "$status" -gt 1 ]; then
    exit "$status"
  fi

  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    local report fence
    report=$("$bin" check ${options[@]+"${options[@]}"} --format human --color never \
      --fail-on never -- "${paths[@]}" || true)
    fence=$(fence_for "$report")
    {
      echo "### gclint"
      echo
      printf '%s\n' "${report##*$'\n'}"
      echo
      if [ "$status" -eq 0 ]; then
        echo "Nothing at or above \`$fail_on\`."
      else
        echo "Findings at or above \`$fail_on\`: the step fails."
      fi
      echo
      echo "<details><summary>Report</summary>"
      echo
      printf '%s\n' "${fence}text"
      printf '%s\n' "$report"
      printf '%s\n' "$fence"
      echo
      echo "</details>"
    } >>"$GITHUB_STEP_SUMMARY"
  fi

  output exit-code "$status"
  output upload "$upload"
  output sarif-file "$sarif_file"
}

# Marks the pull-request comment this action writes, to find it again.
COMMENT_MARKER='<!-- gclint access-diff -->'

# One GitHub API request: METHOD, path under the API, optional body file.
# The token goes to curl through its standard input, never on a command line.
github_api() {
  local method=$1 path=$2 body=${3:-}
  local -a data=()
  [ -z "$body" ] || data=(--data-binary "@$body")
  printf 'header = "Authorization: Bearer %s"\n' "$GITHUB_TOKEN" |
    curl --silent --show-error --fail --config - \
      --request "$method" \
      --header "Accept: application/vnd.github+json" \
      --header "X-GitHub-Api-Version: 2022-11-28" \
      --header "Content-Type: application/json" \
      ${data[@]+"${data[@]}"} \
      "${GITHUB_API_URL:-https://api.github.com}$path"
}

# The pull request's number: from `refs/pull/N/merge`, else the event.
pull_request_number() {
  if [[ "${GITHUB_REF:-}" =~ ^refs/pull/([0-9]+)/ ]]; then
    echo "${BASH_REMATCH[1]}"
  elif [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
    jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH"
  fi
}

# Writes the report as the pull request's gclint comment: the one found by
# its marker is edited, else a new one is posted.
comment() {
  local report=$1 number repo page list id body
  command -v curl >/dev/null 2>&1 || die "access-diff-comment needs curl on the runner"
  command -v jq >/dev/null 2>&1 || die "access-diff-comment needs jq on the runner"
  [ -n "${GITHUB_TOKEN:-}" ] || die "access-diff-comment needs a token (the github-token input)"
  number=$(pull_request_number)
  [ -n "$number" ] || die "access-diff-comment: this run is not for a pull request"
  repo="${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}"
  id=
  for ((page = 1; ; page++)); do
    list=$(github_api GET "/repos/$repo/issues/$number/comments?per_page=100&page=$page") ||
      die "cannot list the comments of pull request #$number"
    id=$(jq -r --arg marker "$COMMENT_MARKER" \
      'map(select(.body | contains($marker))) | .[0].id // empty' <<<"$list")
    if [ -n "$id" ] || [ "$(jq length <<<"$list")" -lt 100 ]; then break; fi
  done
  body="$RUNNER_TEMP/gclint-access-diff-comment.json"
  jq -n --arg text "$COMMENT_MARKER"$'\n'"$report" '{body: $text}' >"$body"
  if [ -n "$id" ]; then
    github_api PATCH "/repos/$repo/issues/comments/$id" "$body" >/dev/null ||
      die "cannot update comment $id of pull request #$number"
    echo "gclint: updated the access-diff comment of pull request #$number"
  else
    github_api POST "/repos/$repo/issues/$number/comments" "$body" >/dev/null ||
      die "cannot comment on pull request #$number"
    echo "gclint: commented on pull request #$number"
  fi
}

access_diff() {
  local bin base fail status report grows
  bin=$(binary)
  [ -x "$bin" ] || die "gclint is not installed at $bin"
  cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set}"
  fail="${INPUT_FAIL_ON_NEW_ACCESS:-false}"
  case "$fail" in
    true | false) ;;
    *) die "fail-on-new-access must be true or false, not '$fail'" ;;
  esac
  case "${INPUT_ACCESS_DIFF_COMMENT:-false}" in
    true | false) ;;
    *) die "access-diff-comment must be true or false, not '$INPUT_ACCESS_DIFF_COMMENT'" ;;
  esac

  base="${INPUT_ACCESS_DIFF_BASE:-}"
  if [ -z "$base" ]; then
    [ -n "${GITHUB_BASE_REF:-}" ] ||
      die "access-diff compares with the pull request's base: run it on pull_request events, or give access-diff-base"
    base="origin/$GITHUB_BASE_REF"
    # actions/checkout fetches only the merge commit: the base's tip is enough.
    if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
      echo "gclint: fetching $GITHUB_BASE_REF, the pull request's base"
      git fetch --quiet --no-tags --depth=1 origin \
        "+refs/heads/$GITHUB_BASE_REF:refs/remotes/origin/$GITHUB_BASE_REF" || true
    fi
  fi

  local -a paths args=()
  input_paths
  if [ -n "${INPUT_CONFIG:-}" ]; then
    args+=(--config "$INPUT_CONFIG")
  fi
  status=0
  local diff_file="$RUNNER_TEMP/gclint-access-diff.md"
  "$bin" access-diff "$base" --format markdown --fail-on-new-access ${args[@]+"${args[@]}"} \
    -- "${paths[@]}" >"$diff_file" || status=$?
  report=$(cat -- "$diff_file")
  [ "$status" -le 1 ] || die "gclint access-diff could not compare with $base (its message is above)"
  grows=false
  [ "$status" -eq 0 ] || grows=true

  print_inert "$diff_file"
  rm -f -- "$diff_file"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '%s\n' "$report" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ "${INPUT_ACCESS_DIFF_COMMENT:-false}" = true ]; then
    comment "$report"
  fi
  output new-access "$grows"
  if [ "$grows" = true ] && [ "$fail" = true ]; then
    echo "::error title=gclint access-diff::the change grants or needs access that $base did not (see the job summary)"
    exit 1
  fi
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
  access-diff) access_diff ;;
  finish) finish ;;
  *)
    echo "usage: $0 prepare|install|check|access-diff|finish" >&2
    exit 2
    ;;
esac
