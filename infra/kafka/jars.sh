#!/usr/bin/env bash
# Resolve the Kafka jars into $KAFKA_LIBS (var/kafka/libs unless KAFKA_VAR_DIR moves it).
# Kafka is fetched from Maven Central (the only reachable source) via a pom. The
# marker holds the pom's checksum, so an interrupted copy or an edited pom
# triggers a fresh resolve into a temp dir that is swapped in. Used by start.sh
# and cluster.sh; does nothing when the jars are there.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/kafka/env.sh
source "$HERE/env.sh"

pom="$HERE/pom.xml"
want="$(sha256sum "$pom" | cut -d' ' -f1)"
[[ "$(cat "$KAFKA_LIBS/.resolved" 2>/dev/null)" == "$want" ]] && exit 0
mkdir -p "$KAFKA_LOGS"
echo "kafka: resolving jars from $pom (first run only) ..."
rm -rf "$KAFKA_LIBS.tmp"
if ! mvn -B -ntp -f "$pom" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS.tmp" >"$KAFKA_LOGS/mvn.log" 2>&1; then
  tail -n 50 "$KAFKA_LOGS/mvn.log" >&2
  echo "kafka: jar resolution failed, full log in $KAFKA_LOGS/mvn.log" >&2
  exit 1
fi
echo "$want" >"$KAFKA_LIBS.tmp/.resolved"
rm -rf "$KAFKA_LIBS" && mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
echo "kafka: $(ls "$KAFKA_LIBS"/*.jar | wc -l) jars in $KAFKA_LIBS"
