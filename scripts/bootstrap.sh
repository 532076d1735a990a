#!/usr/bin/env bash
# Entry point of `npm start` and `npm test`. Runs under whatever Node the
# machine has (Node 20 is enough): installs the pinned Node 24 and pnpm into
# infra/toolchain, installs the workspace, brings up Kafka/PostgreSQL/Redis
# unless URLs for them are given, then runs the named workspace script on Node 24.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
task="${1:?usage: bootstrap.sh <workspace script>}"
shift

toolchain="$root/infra/toolchain"
want_node="$(sed -n 's/.*"node": "\(.*\)".*/\1/p' "$toolchain/package.json")"
if [ "$("$toolchain/node_modules/.bin/node" --version 2>/dev/null)" != "v$want_node" ]; then
  echo "[bootstrap] installing Node $want_node and pnpm into infra/toolchain"
  npm ci --prefix "$toolchain" --no-audit --no-fund --loglevel=error
fi
export PATH="$toolchain/node_modules/.bin:$PATH"

bash "$root/infra/system-packages.sh"

echo "[bootstrap] pnpm install ($(node --version), pnpm $(pnpm --version)) after ${SECONDS} s"
pnpm install --frozen-lockfile --prefer-offline --reporter=silent

case "$task" in
  test:*) db_name=dunning_test ;;
  platform:demo) db_name=dunning_demo ;;
  platform:bench) db_name=dunning_bench ;;
  platform:faults) db_name=dunning_test ;;
  *) db_name=dunning ;;
esac

# Tests fall back to testcontainers when no URLs are given and Docker answers;
# everywhere else the local servers are used.
docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }
# The static check (lint and types, CPU-bound) runs while the servers come up (mostly waiting).
check_pid=""
if [[ "$task" == test:all ]]; then
  mkdir -p "$root/var"
  pnpm run --silent check > "$root/var/check.log" 2>&1 &
  check_pid=$!
fi

if [ -z "${KAFKA_BROKERS:-}${DATABASE_URL:-}${REDIS_URL:-}" ] && { [[ "$task" != test:* ]] || ! docker_answers; }; then
  bash "$root/infra/up.sh" "$db_name"
  export KAFKA_BROKERS="127.0.0.1:9092"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db_name"
  export REDIS_URL="redis://127.0.0.1:6379"
fi

echo "[bootstrap] servers up after ${SECONDS} s"

# kafkajs 2.2.4 schedules negative timeouts, which Node 24 warns about on every request.
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
export KAFKAJS_NO_PARTITIONER_WARNING=1

if [ -n "$check_pid" ]; then
  check_status=0
  wait "$check_pid" || check_status=$?
  cat "$root/var/check.log"
  if [ "$check_status" -ne 0 ]; then echo "[bootstrap] lint or type check failed" >&2; exit "$check_status"; fi
  echo "[bootstrap] lint and types ok after ${SECONDS} s"
  task=test:files
fi

exec pnpm run --silent "$task" "$@"
