#!/usr/bin/env bash
# A three-node Kafka 4 KRaft cluster on this machine, from the same jars and
# template as start.sh: each node is broker and controller at once, with its own
# node id, ports and data dir, and the three form a static controller quorum.
# Topics are meant to be replicated three times with min.insync.replicas 2, so
# any one node may be down (see docs/deploy.md).
#
#   infra/kafka/cluster.sh start      start the nodes not running (all three at once)
#   infra/kafka/cluster.sh stop       stop every node (stop.sh: SIGTERM, then SIGKILL)
#   infra/kafka/cluster.sh status     which nodes run, and the brokers' list
#   infra/kafka/cluster.sh kill N     kill -9 node N (1-3), as a crashed machine; `start` brings it back
#
# Env: KAFKA_CLUSTER_PORT (19092): node N listens on PORT+10*(N-1) and its
#      controller on the port after that (19092/19093, 19102/19103, 19112/19113);
#      KAFKA_CLUSTER_VAR_DIR (var/kafka-cluster): node-N/ under it holds each
#      node's data, logs, config and pid; KAFKA_START_TIMEOUT (120 s).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/lib.sh
source "$HERE/../lib.sh"

NODES=3
BASE="${KAFKA_CLUSTER_PORT:-19092}"
CLUSTER_VAR="${KAFKA_CLUSTER_VAR_DIR:-$VAR_DIR/kafka-cluster}"
port() { echo $((BASE + 10 * ($1 - 1))); }
controller_port() { echo $((BASE + 10 * ($1 - 1) + 1)); }
node_dir() { echo "$CLUSTER_VAR/node-$1"; }
brokers() {
  local n list=()
  for n in $(seq "$NODES"); do list+=("127.0.0.1:$(port "$n")"); done
  (IFS=,; echo "${list[*]}")
}
voters() {
  local n list=()
  for n in $(seq "$NODES"); do list+=("$n@127.0.0.1:$(controller_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}
# Runs start.sh or stop.sh for node N.
node() {
  local n="$1" script="$2"
  KAFKA_VAR_DIR="$(node_dir "$n")" KAFKA_PORT="$(port "$n")" KAFKA_CONTROLLER_PORT="$(controller_port "$n")" \
    KAFKA_NODE_ID="$n" KAFKA_QUORUM_VOTERS="$(voters)" KAFKA_EXTRA_PROPERTIES="$HERE/cluster.properties" \
    KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}" KAFKA_READY_PROBE=port "$HERE/$script"
}
node_pid() {
  local pid_file
  pid_file="$(node_dir "$1")/kafka.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null && cat "$pid_file"
}

start() {
  mkdir -p "$CLUSTER_VAR"
  # One resolve for the three nodes: they share the development broker's jars.
  KAFKA_VAR_DIR="$VAR_DIR/kafka" "$HERE/jars.sh"
  [[ -s "$CLUSTER_VAR/cluster.id" ]] ||
    java -cp "$VAR_DIR/kafka/libs/*" kafka.tools.StorageTool random-uuid >"$CLUSTER_VAR/cluster.id"
  local n pids=() failed=0
  for n in $(seq "$NODES"); do
    mkdir -p "$(node_dir "$n")"
    ln -sfn "$VAR_DIR/kafka/libs" "$(node_dir "$n")/libs"
    cp "$CLUSTER_VAR/cluster.id" "$(node_dir "$n")/cluster.id"
    # Together: a node waits for a quorum of the others before it serves.
    (node "$n" start.sh | sed "s/^/node $n: /") &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || { echo "kafka cluster: a node did not start (logs under $CLUSTER_VAR/node-*/logs)" >&2; exit 1; }
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-120}))
  until timeout 30 java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$VAR_DIR/kafka/libs/*" \
      org.apache.kafka.tools.ClusterTool list-endpoints --bootstrap-server "$(brokers)" 2>/dev/null |
      grep -c broker | grep -qx "$NODES"; do
    ((SECONDS < deadline)) || { echo "kafka cluster: not all $NODES brokers registered" >&2; exit 1; }
    sleep 1
  done
  echo "kafka cluster: $NODES brokers ready; KAFKA_BROKERS=$(brokers)"
}

case "${1:-}" in
  start) start ;;
  stop)
    # Together: the last node alone cannot finish a controlled shutdown without a quorum.
    for n in $(seq "$NODES"); do (node "$n" stop.sh | sed "s/^/node $n: /") & done
    wait
    ;;
  status)
    for n in $(seq "$NODES"); do
      if pid="$(node_pid "$n")"; then echo "node $n: pid $pid, 127.0.0.1:$(port "$n")"; else echo "node $n: down"; fi
    done
    echo "KAFKA_BROKERS=$(brokers)"
    ;;
  kill)
    n="${2:?usage: cluster.sh kill N}"
    pid="$(node_pid "$n")" || { echo "node $n: not running"; exit 0; }
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    echo "node $n: killed (pid $pid); cluster.sh start brings it back"
    ;;
  *) sed -n '7,10p' "$0" >&2; exit 2 ;;
esac
