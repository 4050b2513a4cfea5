#!/usr/bin/env bash
# `npm test`: the unit project, then the integration project (real PostgreSQL, one suite at a
# time), then the browser suite (scripts/browser-test.ts: the demo store on a fresh database,
# driven by Debian's Chromium), each writing a JSON report to .tmp/. Ends with one line alone,
# `N passed, N failed, N skipped`, summed over all runs: CI reads that line.
# Extra arguments (a test path pattern, -t "name") go to both jest runs; the browser suite then
# runs only when an argument names test/browser (it takes minutes, and a pattern meant for jest
# narrows nothing in it).
set -euo pipefail

cd "$(dirname "$0")/.."
out_dir=.tmp/test-results
mkdir -p "$out_dir"
rm -f "$out_dir"/unit.json "$out_dir"/integration.json "$out_dir"/browser.json

export MEDUSA_DISABLE_TELEMETRY=true
# @medusajs/test-utils loads medusa-config with a dynamic import(), which jest only allows with
# this flag (Medusa's own test scripts set it too).
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"

status=0
build_failed=0
# The package a merchant installs is what `medusa plugin:build` writes to .medusa/server. It
# type-checks against Medusa's generated query types, which a plain `tsc` does not see, and it
# reports type errors with "completed with errors" rather than always by its exit code.
build_log="$out_dir/plugin-build.log"
if npx medusa plugin:build >"$build_log" 2>&1 && ! grep -q "completed with errors" "$build_log"; then
  echo "plugin build: ok"
else
  cat "$build_log"
  echo "plugin build: FAILED"
  build_failed=1
  status=1
fi
npx jest --selectProjects unit --passWithNoTests \
  --json --outputFile "$out_dir/unit.json" "$@" || status=1
# --forceExit: a client a suite leaves open (a Redis connection of Medusa's or a rate limiter's)
# must not keep CI waiting after every suite has reported.
npx jest --selectProjects integration --runInBand --passWithNoTests --forceExit \
  --json --outputFile "$out_dir/integration.json" "$@" || status=1

reports=("$out_dir/unit.json" "$out_dir/integration.json")
run_browser=1
if [ "$#" -gt 0 ]; then
  run_browser=0
  for arg in "$@"; do
    case "$arg" in *test/browser*) run_browser=1 ;; esac
  done
fi
if [ "$run_browser" = 1 ]; then
  # Its report has the jest fields summed below; a crash before writing it counts as a failure.
  npx tsx scripts/browser-test.ts --report "$out_dir/browser.json" || status=1
  reports+=("$out_dir/browser.json")
fi

# A run that crashed before writing its report counts as one failure: a missing report must
# never read as success. Suites that could not run at all (syntax error, failing import) count
# as failures too; jest reports them apart from failed tests.
BUILD_FAILED=$build_failed node - "${reports[@]}" <<'NODE' || status=1
const fs = require("fs")
// The plugin build counts as one check of its own.
let passed = process.env.BUILD_FAILED === "1" ? 0 : 1
let failed = process.env.BUILD_FAILED === "1" ? 1 : 0
let skipped = 0
for (const file of process.argv.slice(2)) {
  let report
  try {
    report = JSON.parse(fs.readFileSync(file, "utf8"))
  } catch {
    console.error(`no jest report at ${file}: counting the run as failed`)
    failed += 1
    continue
  }
  passed += report.numPassedTests
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites
  skipped += report.numPendingTests + report.numTodoTests
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""))
process.exit(failed > 0 ? 1 : 0)
NODE

exit "$status"
