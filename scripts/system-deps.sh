#!/usr/bin/env bash
# Installs the Debian packages the platform needs (PDF fonts, the fast font subsetter, and Chromium for the tests),
# when they are missing and we are root; otherwise prints the exact command to run.
# Usage: scripts/system-deps.sh [extra-package ...]
set -euo pipefail

# chromium: Debian's browser, driven by Playwright in the browser journeys (tests/e2e); never a downloaded build.
packages=(libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk poppler-utils zbar-tools chromium "$@")
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: cannot install ${missing[*]} (no apt-get); PDFs may lack fonts for Asian scripts." >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "System packages missing. Run this once as root:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
