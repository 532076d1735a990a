# shellcheck shell=bash disable=SC2034  # sourced; variables are used by the callers
# Settings shared by infra/kafka/start.sh and stop.sh (sourced, not executed).
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_NODE_ID="${KAFKA_NODE_ID:-1}"
# Everything at runtime lives here; KAFKA_VAR_DIR relocates it all, e.g. to run
# a second, independent broker: KAFKA_PORT=19092 KAFKA_VAR_DIR=/tmp/k2 start.sh
KAFKA_VAR="${KAFKA_VAR_DIR:-$VAR_DIR/kafka}"
KAFKA_LIBS="$KAFKA_VAR/libs"                     # jars resolved from infra/kafka/pom.xml
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_VAR/data}"
KAFKA_LOGS="$KAFKA_VAR/logs"
KAFKA_PID_FILE="$KAFKA_VAR/kafka.pid"
JAVA="${JAVA:-java}"

# kafka_pid: print the pid from the pid file if that process is alive AND is
# our broker, i.e. kafka.Kafka run with this instance's config (guards against
# a recycled pid or another instance); fail otherwise.
kafka_pid() {
  local pid
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  pid="$(cat "$KAFKA_PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $KAFKA_VAR/server.properties" || return 1
  echo "$pid"
}
