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
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
attr() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
passed=$(attr passed); failed=$(attr failed); errors=$(attr error); timeouts=$(attr timeout); aborted=$(attr aborted)
notexec=$(attr notExecuted)
failed=$(( ${failed:-0} + ${errors:-0} + ${timeouts:-0} + ${aborted:-0} ))
echo "${passed:-0} passed, ${failed} failed, ${notexec:-0} skipped"
if [ "$failed" -gt 0 ] || [ "$rc" -ne 0 ]; then exit 1; fi
exit 0
