#!/usr/bin/env bash
# Installs what ConicDsl needs on Debian 12, idempotently: each package is installed only when missing,
# so a second run does nothing and prints nothing. NuGet packages are restored by the dotnet build itself.
set -euo pipefail

# Debian packages: libz3-dev provides libz3.so, which Microsoft.Z3's P/Invoke layer loads; python3-cvxopt,
# python3-scipy and python3-numpy run the cvxopt backend (Backends/Cvxopt/cvxopt_bridge.py); coinor-csdp provides the csdp
# command the csdp backend runs; Node.js runs the scs backend; libopenblas0-pthread provides libopenblas.so.0, which
# Compiler/LinearAlgebra/OpenBlasLinearAlgebra.cs loads for GEMM and dense factorizations (managed MathNet otherwise).
packages=(libz3-dev python3-cvxopt python3-scipy python3-numpy coinor-csdp libopenblas0-pthread)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm are asked for by command, not by package: a machine may already have them from another
# package source (NodeSource's nodejs bundles npm and conflicts with Debian's npm package).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
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

# libopenblas0-pthread registers its libblas.so.3 and liblapack.so.3 as the system's (update-alternatives, priority 100
# over the reference libraries' 10), which silently moves CSDP, CVXOPT and NumPy onto OpenBLAS: CSDP then stops at
# "partial success" on Examples/xor.cnn at 1e-7 (Tests/Backends/AgreementTests). ConicDsl loads libopenblas.so.0 by
# that name, so when this script is what installed OpenBLAS, the system's choice is pinned back to the reference
# libraries (the ones the backends were measured with). A machine that had OpenBLAS before keeps its owner's choice:
# the backends work on either (the csdp backend reruns at a tighter tolerance when the first point fails the check).
openblas_installed_now=0
for p in "${missing[@]}"; do [ "$p" = libopenblas0-pthread ] && openblas_installed_now=1; done
for lib in libblas.so.3 liblapack.so.3; do
  [ "$openblas_installed_now" = 1 ] || break
  for alt in /var/lib/dpkg/alternatives/"$lib"-*; do
    [ -e "$alt" ] || continue
    name="$(basename "$alt")"
    reference="$(update-alternatives --list "$name" 2>/dev/null | grep -E "/(blas|lapack)/$lib\$" | head -n 1 || true)"
    [ -n "$reference" ] || continue
    if [ "$(readlink -f "/etc/alternatives/$name")" != "$(readlink -f "$reference")" ]; then
      echo "setup: pinning $name to the reference $reference (OpenBLAS stays available as libopenblas.so.0)" >&2
      sudo=""
      [ "$(id -u)" = 0 ] || sudo="sudo"
      $sudo update-alternatives --set "$name" "$reference" >&2
    fi
  done
done

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required: https://dot.net" >&2; exit 3; }

# The scs backend runs SCS's WebAssembly build (npm package scs-solver, pinned by Backends/Scs/package-lock.json)
# under Node.js; npm ci runs only when the package is missing, so a second run does nothing.
scs_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Backends/Scs"
if [ ! -f "$scs_dir/node_modules/scs-solver/package.json" ]; then
  if command -v npm >/dev/null; then
    echo "setup: installing scs-solver (npm ci in Backends/Scs)" >&2
    (cd "$scs_dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >&2) \
      || echo "setup: warning: npm ci failed in $scs_dir; the scs backend will be unavailable" >&2
  else
    # Not fatal: every other backend works without it, and the scs backend says what is missing.
    echo "setup: warning: npm is missing, so the scs backend is unavailable (apt-get install npm)" >&2
  fi
fi
