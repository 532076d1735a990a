#!/usr/bin/env bash
# promtool (checks and unit-tests the alert rules in `npm test`), taken from Debian's `prometheus`
# package without installing it: the package would start a Prometheus daemon. Only the one binary is
# extracted into var/tools/prometheus; does nothing when it is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="$root/var/tools/prometheus"
promtool="$target/usr/bin/promtool"
[ -x "$promtool" ] && exit 0
echo "system packages: extracting promtool from Debian's prometheus package into var/tools/prometheus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The package lists must know `prometheus`; refreshing them needs root (as for the other packages).
if ! apt-cache show prometheus >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || { echo "promtool: run as root once, or: sudo apt-get update" >&2; exit 1; }
  apt-get update -qq
fi
(cd "$work" && apt-get download -qq prometheus 2>/dev/null)
dpkg-deb -x "$work"/prometheus_*.deb "$work/extracted"
mkdir -p "$target/usr/bin"
cp "$work/extracted/usr/bin/promtool" "$promtool"
"$promtool" --version | head -1
