#!/usr/bin/env bash
# Installs the peers `apc bench` compares against, from Debian's packages:
# PyPy (pypy3), Numba (python3-numba), Cython (cython3) and the CPython headers
# (python3-dev) that Cython's extension modules compile against; plus `time`
# for the peak-RSS column. Idempotent: packages already installed are skipped,
# and `apt-get update` runs once, only when something is missing.
# Numba and Cython land in Debian's /usr/bin/python3; the harness finds them
# there even when `python3` on PATH is another interpreter (pyenv, venv).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-peers: run as root (or install sudo)" >&2
    exit 1
  fi
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

need=()
for pkg in pypy3 python3-numba cython3 python3-dev time; do
  if installed "$pkg"; then echo "install-peers: $pkg already installed"; else need+=("$pkg"); fi
done

if [ "${#need[@]}" -eq 0 ]; then
  echo "install-peers: every peer is installed"
  exit 0
fi

echo "install-peers: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
echo "install-peers: done"
