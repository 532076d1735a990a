# shellcheck shell=bash disable=SC2034  # sourced; variables are used by the callers
# Shared helpers for infra/*.sh (sourced, not executed).
# ROOT = repo root, derived from this file's location so the repo can live anywhere.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR_DIR="$ROOT/var"

# port_open HOST PORT: true if something accepts TCP connections there.
# Uses bash's /dev/tcp so no nc/ss is needed; `timeout` guards against a hang.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# now_ms: wall clock in milliseconds (for the timings printed by up.sh).
now_ms() { date +%s%3N; }
