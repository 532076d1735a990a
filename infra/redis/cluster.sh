#!/usr/bin/env bash
# A three-master Redis Cluster on this machine (no replicas, no persistence), to run the platform on
# Redis Cluster (REDIS_CLUSTER_NODES) and for the tests that need one.
#   bash infra/redis/cluster.sh start|stop|status
# Env: REDIS_CLUSTER_PORTS (default 7001,7002,7003), REDIS_CLUSTER_BUS_PORTS (default each port +
# 10000), REDIS_CLUSTER_DIR (absolute; default var/redis-cluster). Stops only the pids it wrote.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${REDIS_CLUSTER_DIR:-$root/var/redis-cluster}"
IFS=, read -r -a ports <<<"${REDIS_CLUSTER_PORTS:-7001,7002,7003}"
if [[ -n "${REDIS_CLUSTER_BUS_PORTS:-}" ]]; then
  IFS=, read -r -a bus_ports <<<"$REDIS_CLUSTER_BUS_PORTS"
else
  bus_ports=()
  for port in "${ports[@]}"; do bus_ports+=("$((port + 10000))"); done
fi
nodes=()
for port in "${ports[@]}"; do nodes+=("127.0.0.1:$port"); done

answers() { [[ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == PONG ]]; }
state_ok() { redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
all_ok() { for port in "${ports[@]}"; do state_ok "$port" || return 1; done; }

start() {
  mkdir -p "$dir"
  for i in "${!ports[@]}"; do
    local port="${ports[$i]}" node_dir="$dir/node-${ports[$i]}"
    answers "$port" && continue
    mkdir -p "$node_dir"
    redis-server --port "$port" --cluster-port "${bus_ports[$i]}" --bind 127.0.0.1 \
      --cluster-enabled yes --cluster-config-file "$node_dir/nodes.conf" --cluster-node-timeout 5000 \
      --save "" --appendonly no --dir "$node_dir" --daemonize yes \
      --pidfile "$node_dir/redis.pid" --logfile "$node_dir/redis.log"
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 40); do answers "$port" && break; sleep 0.25; done
    answers "$port" || { echo "redis-cluster: node $port did not come up, see $dir/node-$port/redis.log" >&2; exit 1; }
  done
  # A node that knows no slots has never been part of a cluster: create it (kept in nodes.conf after).
  if redis-cli -h 127.0.0.1 -p "${ports[0]}" cluster info | grep -q '^cluster_slots_assigned:0'; then
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log"
  fi
  for _ in $(seq 60); do all_ok && break; sleep 0.5; done
  all_ok || { echo "redis-cluster: cluster_state is not ok after 30 s" >&2; exit 1; }
  echo "redis-cluster: ready, REDIS_CLUSTER_NODES=$(IFS=,; echo "${nodes[*]}")"
}

stop() {
  for port in "${ports[@]}"; do
    local pid_file="$dir/node-$port/redis.pid" pid
    [[ -f "$pid_file" ]] || continue
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
  done
  echo "redis-cluster: stopped"
}

status() {
  all_ok && echo "redis-cluster: ok, REDIS_CLUSTER_NODES=$(IFS=,; echo "${nodes[*]}")" && exit 0
  echo "redis-cluster: not ok" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
