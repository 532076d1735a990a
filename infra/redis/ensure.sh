#!/usr/bin/env bash
# Make sure the machine's Redis answers on 127.0.0.1:6379; start a
# non-persistent one (no RDB/AOF: dev/CI data is disposable) if it does not.
set -euo pipefail
ping() { [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == PONG ]]; }

if ! ping; then
  if ! command -v redis-server >/dev/null; then
    echo "redis: nothing answers on 127.0.0.1:6379 and there is no redis-server to start; start your" \
      "Redis there, or run as root so infra/system-packages.sh installs Debian's" >&2
    exit 1
  fi
  echo "redis: not answering, starting redis-server"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 20); do ping && break; sleep 0.5; done
  ping || { echo "redis: did not come up, see /var/log/redis/ci.log" >&2; exit 1; }
fi
