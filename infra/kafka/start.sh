#!/usr/bin/env bash
# Start a single-node Kafka 4 (KRaft) broker on 127.0.0.1:${KAFKA_PORT:-9092}
# for development and CI. Idempotent: does nothing if the port already answers.
# Runtime files: var/kafka/{libs,data,logs,server.properties,cluster.id,kafka.pid}.
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (port+1), KAFKA_DATA_DIR,
#      KAFKA_VAR_DIR (var/kafka), KAFKA_START_TIMEOUT (60 s), JAVA (java),
#      KAFKA_EXTRA_PROPERTIES (a file appended to server.properties; later keys win,
#      e.g. extra SASL/TLS listeners for a test broker),
#      KAFKA_READY_PROBE (admin: an admin round trip from a JVM; port: the port
#      answering, for a caller that probes with its own client, sparing a JVM
#      on a loaded machine),
#      KAFKA_NODE_ID (1) and KAFKA_QUORUM_VOTERS (unset: a quorum of this node
#      alone; "1@host:port,2@host:port,...": a static quorum, for one node of a
#      cluster, see cluster.sh),
#      KAFKA_JVM_EXTRA_OPTS (JVM options added to the broker's, e.g. a cheaper JIT
#      and collector for test brokers on a loaded machine).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/kafka/env.sh
source "$HERE/env.sh"
WAIT_SECS="${KAFKA_START_TIMEOUT:-60}"

if port_open 127.0.0.1 "$KAFKA_PORT"; then
  echo "kafka: something already answers on 127.0.0.1:$KAFKA_PORT, nothing to do"
  exit 0
fi
mkdir -p "$KAFKA_VAR" "$KAFKA_LOGS"

# 1. Jars, from Maven Central on the first run (jars.sh).
"$HERE/jars.sh"
cp_libs="$KAFKA_LIBS/*"

# 2. Config: rendered from the template on every start (cheap; picks up edits).
conf="$KAFKA_VAR/server.properties"
sed -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@DATA_DIR@|$KAFKA_DATA_DIR|g" -e "s|@NODE_ID@|$KAFKA_NODE_ID|g" "$HERE/server.properties" >"$conf"
format_quorum=(--standalone)
if [[ -n "${KAFKA_QUORUM_VOTERS:-}" ]]; then
  sed -i "s|^controller.quorum.bootstrap.servers=.*|controller.quorum.voters=$KAFKA_QUORUM_VOTERS|" "$conf"
  format_quorum=()
fi
if [[ -n "${KAFKA_EXTRA_PROPERTIES:-}" ]]; then
  { echo; echo "# appended from KAFKA_EXTRA_PROPERTIES"; cat "$KAFKA_EXTRA_PROPERTIES"; } >>"$conf"
fi

# 3. KRaft storage must be formatted once with a cluster id. The id is kept in
#    var/kafka/cluster.id so a wiped data dir is re-formatted with the same id.
if [[ ! -f "$KAFKA_DATA_DIR/meta.properties" ]]; then
  [[ -s "$KAFKA_VAR/cluster.id" ]] ||
    "$JAVA" -cp "$cp_libs" kafka.tools.StorageTool random-uuid >"$KAFKA_VAR/cluster.id"
  echo "kafka: formatting $KAFKA_DATA_DIR (cluster id $(cat "$KAFKA_VAR/cluster.id"))"
  "$JAVA" -cp "$cp_libs" -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -Dkafka.logs.dir="$KAFKA_LOGS" kafka.tools.StorageTool format --config "$conf" \
    --cluster-id "$(cat "$KAFKA_VAR/cluster.id")" "${format_quorum[@]}" --ignore-formatted >/dev/null
fi

# 4. Launch, unless our broker is already alive (e.g. still starting up).
if pid="$(kafka_pid)"; then
  echo "kafka: broker pid $pid is already starting, waiting for it"
else
  # nohup + background: survives the calling shell; stdout/err kept for crashes
  # that happen before log4j is up.
  # shellcheck disable=SC2086 # KAFKA_JVM_EXTRA_OPTS: several options, split on purpose.
  nohup "$JAVA" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 ${KAFKA_JVM_EXTRA_OPTS:-} \
    -Djava.awt.headless=true -Dkafka.logs.dir="$KAFKA_LOGS" \
    -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -cp "$cp_libs" kafka.Kafka "$conf" >"$KAFKA_LOGS/stdout.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$KAFKA_PID_FILE"
  echo "kafka: started broker pid $pid, waiting up to ${WAIT_SECS}s for readiness"
fi

# 5. Readiness. An open port can precede readiness (metadata not yet loaded),
#    so once the port answers we also require a real admin round-trip
#    (list topics) to succeed. Small-heap, C1-only JVM to keep the probe cheap.
probe() {
  timeout 20 "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp_libs" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list \
    >"$KAFKA_LOGS/probe.log" 2>&1
}
start=$SECONDS
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "kafka: broker process $pid exited during startup" >&2; break
  fi
  if port_open 127.0.0.1 "$KAFKA_PORT" && { [[ "${KAFKA_READY_PROBE:-admin}" == port ]] || probe; }; then
    echo "kafka: ready on 127.0.0.1:$KAFKA_PORT after $((SECONDS - start))s"
    exit 0
  fi
  if (( SECONDS - start >= WAIT_SECS )); then
    echo "kafka: not ready after ${WAIT_SECS}s (still running as pid $pid; infra/kafka/stop.sh stops it)" >&2
    break
  fi
  echo "kafka: ... waiting ($((SECONDS - start))s)"
  sleep 1
done

for f in "$KAFKA_LOGS/server.log" "$KAFKA_LOGS/stdout.log"; do
  [[ -s "$f" ]] && { echo "---- last 50 lines of $f" >&2; tail -n 50 "$f" >&2; }
done
exit 1
