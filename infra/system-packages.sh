#!/usr/bin/env bash
# Debian packages the platform needs; installed only when missing, as root (else the exact command
# to run is printed and the script fails).
#   poppler-utils: pdftotext, with which tests read back the text of generated PDF letters.
#   chromium: the browser the console's browser tests drive (playwright-core, /usr/bin/chromium).
#   On a machine that lacks them, the servers the platform runs on: PostgreSQL (its Debian cluster
#   is given trust auth for user postgres on 127.0.0.1 only, as a development machine's), Redis, and
#   a Java runtime and Maven for the Kafka broker (infra/kafka resolves its jars from Maven Central).
#   promtool, from prometheus: checks the alert rules; extracted only, never installed (no daemon).
set -euo pipefail
packages=(poppler-utils chromium)
# Servers are looked for by command, since a machine may have them from elsewhere than Debian.
command -v pg_ctlcluster >/dev/null || command -v pg_ctl >/dev/null || packages+=(postgresql)
command -v redis-server >/dev/null || packages+=(redis-server)
command -v java >/dev/null || packages+=(default-jre-headless)
command -v mvn >/dev/null || packages+=(maven)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
install_missing() {
  echo "system packages: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "system packages: ${missing[*]} missing; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Packages that ship a server would start it from their install scripts; infra/up.sh starts what it
  # needs itself, on its own ports and settings.
  policy=/usr/sbin/policy-rc.d
  created_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=true
  fi
  trap '[ "$created_policy" = true ] && rm -f "$policy"' EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    # The cluster Debian just created: let user postgres in from 127.0.0.1 without a password, as the
    # platform's development settings expect (DATABASE_URL postgres://postgres@127.0.0.1:5432/...).
    hba="$(ls -d /etc/postgresql/*/main | sort -V | tail -n 1)/pg_hba.conf"
    sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    echo "system packages: PostgreSQL installed; trust auth for postgres on 127.0.0.1 in $hba"
  fi
}

[ ${#missing[@]} -eq 0 ] || install_missing
bash "$(dirname "${BASH_SOURCE[0]}")/prometheus/install-promtool.sh"
