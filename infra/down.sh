#!/usr/bin/env bash
# Stop what up.sh started. Only Kafka: PostgreSQL and Redis belong to the machine.
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka/stop.sh"
