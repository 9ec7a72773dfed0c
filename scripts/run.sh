#!/usr/bin/env bash
# Runs the whole Meterline pipeline on this machine:
# brings up Postgres, Redis and Kafka, builds the services if needed, starts all three,
# and stops everything it started (and nothing else) on Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOGS="$ROOT/.local/logs"
mkdir -p "$LOGS"
log() { printf '[run] %s\n' "$*" >&2; }

INGEST_PORT="${METERLINE_INGEST_PORT:-8080}"
COST_PORT="${METERLINE_COST_PORT:-8081}"
AGG_PORT="${METERLINE_AGGREGATION_PORT:-8082}"
export METERLINE_ADMIN_TOKEN="${METERLINE_ADMIN_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"

# --- services: remember which were down, so Ctrl-C stops only those
was_down=()
status_before=$(./scripts/services.sh status)
for s in postgres redis kafka; do
  grep -q "^$s *up" <<<"$status_before" || was_down+=("$s")
done
./scripts/services.sh up

# --- build if any service jar is missing or older than the sources
needs_build=false
for m in ingestion-api cost-worker aggregation-worker; do
  jar="$m/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$m/src/main" common/src/main pom.xml "$m/pom.xml" -newer "$jar" -print -quit)" ]; then
    needs_build=true
  fi
done
if $needs_build; then
  log "building (./mvnw package -DskipTests)"
  ./mvnw -B -q -ntp package -DskipTests
fi

# --- start the three services
pids=()
stop_all() {
  trap - INT TERM EXIT
  log "stopping the services"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ ${#was_down[@]} -gt 0 ]; then ./scripts/services.sh down "${was_down[@]}"; fi
}
trap stop_all INT TERM EXIT

start() { # module port
  java ${METERLINE_JAVA_OPTS:-} -Dquarkus.http.port="$2" -jar "$1/target/quarkus-app/quarkus-run.jar" >"$LOGS/$1.log" 2>&1 &
  pids+=($!)
}
start ingestion-api "$INGEST_PORT"
start cost-worker "$COST_PORT"
start aggregation-worker "$AGG_PORT"

for pair in "ingestion-api:$INGEST_PORT" "cost-worker:$COST_PORT" "aggregation-worker:$AGG_PORT"; do
  name=${pair%%:*}
  port=${pair##*:}
  deadline=$((SECONDS + 90))
  until curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      log "$name is not ready after 90 s; last lines of $LOGS/$name.log:"
      tail -n 40 "$LOGS/$name.log" >&2
      exit 1
    fi
    sleep 1
  done
done

cat <<EOF

Meterline is running (logs in .local/logs/):
  ingestion-api       http://127.0.0.1:$INGEST_PORT   (Swagger UI: http://127.0.0.1:$INGEST_PORT/q/swagger-ui)
  cost-worker         http://127.0.0.1:$COST_PORT   (health: /q/health/ready, metrics: /q/metrics)
  aggregation-worker  http://127.0.0.1:$AGG_PORT
  admin token         $METERLINE_ADMIN_TOKEN

Press Ctrl-C to stop everything this command started.
EOF
wait -n "${pids[@]}" || true
log "a service exited; see .local/logs/"
