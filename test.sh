#!/usr/bin/env bash
# Runs the whole test suite and ends with one line "N passed, N failed, N skipped", computed from the
# run's own TRX results file (not from dotnet test's console summary).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
scripts/setup.sh || exit $?
results="$here/TestResults"
rm -rf "$results"
dotnet test Tests/ConicDsl.Tests.csproj -c Release --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$results"
rc=$?
trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "test.sh: no test results were produced (the build failed?)" >&2
  echo "0 passed, 0 failed"
  exit $(( rc == 0 ? 1 : rc ))
fi
# Counted per test result (the TRX's <Counters> leaves out tests that were not run, e.g. [Explicit] benchmarks and
# cases whose Assume did not hold): Passed, the failing outcomes, and every other outcome as skipped.
read -r passed failed notexec < <(/usr/bin/python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
outcomes = [r.get("outcome") for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns)]
failing = {"Failed", "Error", "Timeout", "Aborted"}
print(outcomes.count("Passed"), sum(o in failing for o in outcomes), sum(o != "Passed" and o not in failing for o in outcomes))
PY
)
echo "${passed:-0} passed, ${failed} failed, ${notexec:-0} skipped"
if [ "$failed" -gt 0 ] || [ "$rc" -ne 0 ]; then exit 1; fi
exit 0
