#!/usr/bin/env bash
# Bring up everything the dunning platform needs locally / in CI:
# PostgreSQL (+ database $1, default dunning), Redis, Kafka. Idempotent.
# Prints one timing line per component.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/lib.sh
source "$HERE/lib.sh"

step() {
  local name="$1" t0; shift
  t0="$(now_ms)"
  if ! "$@"; then echo "up: $name FAILED" >&2; exit 1; fi
  local ms=$(( $(now_ms) - t0 ))
  printf 'up: %-8s ok in %d.%03ds\n' "$name" $((ms / 1000)) $((ms % 1000))
}
step postgres "$HERE/postgres/ensure.sh" "${1:-dunning}"
step redis    "$HERE/redis/ensure.sh"
step kafka    "$HERE/kafka/start.sh"
