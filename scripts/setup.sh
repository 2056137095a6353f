#!/usr/bin/env bash
# Installs what ConicDsl needs on Debian 12, idempotently: each package is installed only when missing,
# so a second run does nothing and prints nothing. NuGet packages are restored by the dotnet build itself.
set -euo pipefail

# Debian packages: libz3-dev provides libz3.so, which Microsoft.Z3's P/Invoke layer loads.
packages=(libz3-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt-get)" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install ${missing[*]}" >&2; exit 3; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required: https://dot.net" >&2; exit 3; }
