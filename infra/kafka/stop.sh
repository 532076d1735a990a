#!/usr/bin/env bash
# Stop the broker started by start.sh, using ONLY its pid file (never by name):
# SIGTERM (controlled shutdown), up to 30 s grace, then SIGKILL. Idempotent.
set -euo pipefail
# shellcheck source=infra/kafka/env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"

if ! pid="$(kafka_pid)"; then
  echo "kafka: not running (no live broker in $KAFKA_PID_FILE)"
  rm -f "$KAFKA_PID_FILE"
  exit 0
fi

kill -TERM "$pid"
for _ in $(seq 30); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "kafka: pid $pid ignored SIGTERM for 30s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$KAFKA_PID_FILE"
echo "kafka: stopped (pid $pid)"
