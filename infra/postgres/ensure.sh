#!/usr/bin/env bash
# Make sure the machine's PostgreSQL answers on 127.0.0.1:5432 and that the
# database named by $1 (default: dunning) exists. Trust auth as user postgres.
set -euo pipefail
DB="${1:-dunning}"
PGPORT="${PGPORT:-5432}"
[[ "$DB" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "postgres: bad database name '$DB'" >&2; exit 2; }

if ! pg_isready -q -h 127.0.0.1 -p "$PGPORT"; then
  # The machine has the Debian cluster but no systemd: start it directly.
  if ! command -v pg_ctlcluster >/dev/null || [ ! -d /etc/postgresql ]; then
    echo "postgres: nothing answers on 127.0.0.1:$PGPORT and there is no Debian cluster to start;" \
      "start your PostgreSQL there, or run as root so infra/system-packages.sh installs Debian's" >&2
    exit 1
  fi
  ver="$(ls /etc/postgresql | sort -V | tail -n 1)"
  echo "postgres: not answering, starting cluster $ver/main"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  for _ in $(seq 30); do
    pg_isready -q -h 127.0.0.1 -p "$PGPORT" && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p "$PGPORT"
fi

psql_() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
  psql_ -c "CREATE DATABASE \"$DB\""
  echo "postgres: created database $DB"
fi
