#!/usr/bin/env bash
# Debian packages the platform's tests and letters need; installed only when missing.
#   poppler-utils: pdftotext, with which tests read back the text of generated PDF letters.
#   chromium: the browser the console's browser tests drive (playwright-core, /usr/bin/chromium).
#   promtool, from prometheus: checks the alert rules; extracted only, never installed (no daemon).
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/prometheus/install-promtool.sh"
packages=(poppler-utils chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system packages: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "system packages: ${missing[*]} missing; run as root or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
