#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs from the repository's own
# examples and fixtures (and a few small swagger files of reference/). Safe to re-run; the corpora are not committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="$here/corpus"
mkdir -p "$corpus"/{manifest_yaml,manifest_json,terraform_hcl,wizard_js,scan_source,swagger_import}
mkdir -p "$corpus"/{config_toml,baseline_json,client_json,escape}

# A seed file named after its source path, so re-runs overwrite, not add.
seed() { # target file [prefix-byte-in-octal]
  local name
  name="$(echo "$2" | tr '/' '_')"
  if [ -n "${3:-}" ]; then
    { printf "\\$3"; cat "$2"; } >"$corpus/$1/$name"
  else
    cp "$2" "$corpus/$1/$name"
  fi
}

cd "$repo"
while IFS= read -r f; do
  case "$f" in
    *.yaml | *.yml) seed manifest_yaml "$f" ;;
    *.json) seed manifest_json "$f"; seed client_json "$f" ;;
    *.tf) seed terraform_hcl "$f" ;;
    *.toml) seed config_toml "$f" ;;
  esac
  # scan_source: the first byte picks the language (see scan_source.rs).
  case "$f" in
    */config.js) seed wizard_js "$f"; seed scan_source "$f" 000 ;;
    *.js | *.ts | *.mjs | *.cjs) seed scan_source "$f" 000 ;;
    *.py) seed scan_source "$f" 001 ;;
    *.java) seed scan_source "$f" 002 ;;
    *.kt) seed scan_source "$f" 003 ;;
    *.cs) seed scan_source "$f" 004 ;;
    *.go) seed scan_source "$f" 005 ;;
    *.php) seed scan_source "$f" 006 ;;
    *.ps1 | *.psm1) seed scan_source "$f" 007 ;;
    *.html) seed scan_source "$f" 010 ;;
  esac
done < <(find examples fixtures -type f -size -256k | sort)

# baseline_json: the shape --write-baseline writes.
printf '{\n  "version": 1,\n  "gclint": "0.1.0",\n  "findings": [\n    {"file": "appfoundry.yaml", "rule": "unused-scope", "key": "toolbar/users", "count": 1},\n    {"file": "web/app.js", "rule": "missing-scope", "message": "x", "count": 2}\n  ]\n}\n' \
  >"$corpus/baseline_json/seed.json"
# client_json: a one-line export with a byte-order mark; escape: hostile names.
printf '\357\273\277{"name":"portal","authorizedGrantType":"CODE","secret":"Zk3pQ9vX_r2LmN8tB4wE7yH1cJ6sD0aF5gK2uV9iO3q","scope":["users"]}' \
  >"$corpus/client_json/one-line-bom.json"
printf 'evil\n::warning::x <img> \033]8;;https://e/\007y\033]8;;\007 \342\200\256z =1+1 `a|b`' >"$corpus/escape/hostile"

# swagger_import: the first byte picks JSON (even) or YAML (odd).
swagger="$repo/reference/genesys-api/swagger-split"
if [ -d "$swagger" ]; then
  for f in $(ls -S "$swagger" | tail -6); do
    { printf '\001'; cat "$swagger/$f"; } >"$corpus/swagger_import/$f"
  done
fi
for t in "$corpus"/*; do
  echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"
done
