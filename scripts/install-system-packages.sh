#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those missing (CI runs on a fresh machine).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -q "PT Serif" || missing+=(fonts-paratype)
fc-list 2>/dev/null | grep -q "Liberation Serif" || missing+=(fonts-liberation2)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Устанавливаю пакеты Debian: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
