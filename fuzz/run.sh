#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after the
# other, and prints the executions and the outcome of each.
#
#   fuzz/run.sh 600                  # ten minutes per target
#   fuzz/run.sh 3600 scan_source     # an hour on one target
#
# cargo-fuzz needs nightly features; on a stable toolchain they are enabled
# with RUSTC_BOOTSTRAP=1 (set here unless the toolchain is nightly).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(manifest_yaml manifest_json terraform_hcl wizard_js scan_source swagger_import
    config_toml baseline_json client_json escape)
fi
rustc --version | grep -q nightly || export RUSTC_BOOTSTRAP=1
cd "$here"
[ -d corpus ] || ./seed.sh
mkdir -p logs
cargo fuzz build -O || exit 2
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log="logs/$t.log"
  cargo fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 >"$log" 2>&1
  code=$?
  runs="$(grep -o 'Done [0-9]* runs' "$log" | awk '{print $2}')"
  if [ $code -eq 0 ]; then
    echo "$t: ${runs:-?} executions in ${seconds}s, no crash"
  else
    echo "$t: FAILED (exit $code) after ${runs:-?} executions; see fuzz/$log and fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status
