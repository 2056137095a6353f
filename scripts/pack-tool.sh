#!/usr/bin/env bash
# Packs the conicdsl .NET tool for this machine's platform into DIR (default ./artifacts):
#   scripts/pack-tool.sh [DIR] [RID]
# then: dotnet tool install -g --add-source DIR conicdsl
# The package is platform-specific (RID, default linux-x64): a portable package would carry OR-Tools' and
# SkiaSharp's native libraries for every platform (about 330 MB instead of 43 MB). Restore uses the configured
# NuGet sources (the offline feed works); nothing is downloaded at pack time otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/artifacts}"
rid="${2:-$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)}"
dotnet pack "$here/Cli/ConicDsl.Cli.csproj" -c Release -r "${rid:-linux-x64}" -p:SelfContained=false -o "$out" --nologo -v quiet >&2
ls "$out"/conicdsl.*.nupkg
