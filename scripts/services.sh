#!/usr/bin/env bash
# Postgres, Redis and a single-node Kafka (KRaft) for Meterline, without Docker.
#
#   scripts/services.sh up [postgres|redis|kafka]...   find or install+start each service (all, or the ones
#                               named), create the role, databases and topics
#   scripts/services.sh down [postgres|redis|kafka]...   stop only what this script started (all, or the ones named)
#   scripts/services.sh status  say what runs where
#
# Postgres and Redis already answering on their ports are used as they are. Otherwise they are installed from
# Debian packages when missing and started without systemd. Kafka is a real broker built from the Apache Kafka
# jars on Maven Central. Data, logs and pid files live under .local/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.local"
PG_HOST=127.0.0.1
PG_PORT="${METERLINE_PG_PORT:-5432}"
REDIS_PORT="${METERLINE_REDIS_PORT:-6379}"
KAFKA_PORT="${METERLINE_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${METERLINE_KAFKA_CONTROLLER_PORT:-9093}"
# The broker's heap: Kafka's own default. With 256 MiB, 70 % of it stayed live after each GC under bench load
# (a GC about every second, concurrent cycles, humongous allocations): CPU taken from the services.
KAFKA_HEAP="${METERLINE_KAFKA_HEAP:--Xms1g -Xmx1g}"
USAGE_PARTITIONS="${METERLINE_USAGE_PARTITIONS:-6}"
DB_USER=meterline
DB_PASSWORD=meterline
# METERLINE_EXTRA_DATABASES: more databases to create, space-separated (scripts/bench.sh asks for meterline_bench)
read -r -a EXTRA_DATABASES <<<"${METERLINE_EXTRA_DATABASES:-}"
DATABASES=(meterline meterline_test "${EXTRA_DATABASES[@]}")

# A second, private broker (scripts/chaos.sh) sets its own ports (above), directory and heap; it shares the jars.
KAFKA_DIR="${METERLINE_KAFKA_DIR:-$STATE/kafka}"
KAFKA_LIBS="${METERLINE_KAFKA_LIBS:-$STATE/kafka/libs}"
KAFKA_PID="$KAFKA_DIR/kafka.pid"

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

as_postgres() { # from / so that psql does not complain about a working directory postgres cannot read
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && sudo -u postgres "$@"); fi
}

apt_install() {
  log "installing $* from Debian packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() { # description timeout_seconds logfile command...
  local what=$1 timeout=$2 logfile=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "$what did not answer within ${timeout}s; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 2>/dev/null || true
      die "$what is not up"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- Postgres
pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

pg_start() {
  if ! pg_up; then
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    [ -d "/etc/postgresql/$version/main" ] || as_root pg_createcluster "$version" main >/dev/null
    log "starting Postgres $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    echo "$version" >"$STATE/postgres.started"
    wait_for Postgres 30 "/var/log/postgresql/postgresql-$version-main.log" pg_up
  fi
  pg_setup
}

pg_admin() { # runs psql as a superuser: peer auth over the socket on a fresh install, else TCP as postgres
  if id postgres >/dev/null 2>&1 && as_postgres psql -X -q -p "$PG_PORT" -d postgres -c 'select 1' >/dev/null 2>&1; then
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"
  else
    psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres "$@"
  fi
}

pg_setup() {
  # The password is stored as SCRAM, so it works where 127.0.0.1 asks for scram-sha-256 and where it is trust.
  pg_admin <<SQL
SET password_encryption = 'scram-sha-256';
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  END IF;
  -- scripts/bench.sh starts its reservation step from a completed checkpoint (Postgres 15+)
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pg_checkpoint')
     AND NOT pg_has_role('$DB_USER', 'pg_checkpoint', 'MEMBER') THEN
    GRANT pg_checkpoint TO $DB_USER;
  END IF;
END \$\$;
SQL
  local db
  for db in "${DATABASES[@]}"; do
    if [ "$(pg_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
      pg_admin -c "CREATE DATABASE $db OWNER $DB_USER"
    fi
  done
  PGPASSWORD=$DB_PASSWORD psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d meterline -c 'select 1' >/dev/null \
    || die "role $DB_USER cannot log in to 127.0.0.1:$PG_PORT with its password; check pg_hba.conf"
}

pg_stop() {
  [ -f "$STATE/postgres.started" ] || return 0
  log "stopping Postgres"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(cat "$STATE/postgres.started")" main stop || true
  rm -f "$STATE/postgres.started"
}

# ---------------------------------------------------------------- Redis
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_start() {
  redis_up && return 0
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  mkdir -p "$STATE/redis"
  log "starting Redis"
  # Redis is an accelerator for de-duplication; Postgres is the record. Nothing is persisted.
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$STATE/redis" --logfile "$STATE/redis/redis.log" --pidfile "$STATE/redis/redis.pid"
  touch "$STATE/redis.started"
  wait_for Redis 20 "$STATE/redis/redis.log" redis_up
}

redis_stop() {
  [ -f "$STATE/redis.started" ] || return 0
  log "stopping Redis"
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -f "$STATE/redis.started"
}

# ---------------------------------------------------------------- Kafka
kafka_pid() { [ -f "$KAFKA_PID" ] && kill -0 "$(cat "$KAFKA_PID")" 2>/dev/null && cat "$KAFKA_PID"; }

kafka_tool() { java -Xmx256m -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.properties" "$@"; }

# kafka_answers: the topic names of the broker on 127.0.0.1:$KAFKA_PORT. Fails at once when nothing listens there:
# the tool itself retries for 60 s (default.api.timeout.ms), which every start of a stopped broker used to wait.
kafka_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null || return 1
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list
}

kafka_install() {
  [ -f "$KAFKA_LIBS/.complete" ] && return 0
  log "resolving the Kafka broker jars from Maven Central (once)"
  rm -rf "$KAFKA_LIBS"
  "$ROOT/mvnw" -q -B -f "$ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS" -DincludeScope=runtime
  touch "$KAFKA_LIBS/.complete"
}

kafka_configure() {
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  cat >"$KAFKA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
EOF
  cat >"$KAFKA_DIR/log4j2.properties" <<EOF
appender.file.type=File
appender.file.name=file
appender.file.fileName=$KAFKA_DIR/logs/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
logger.kafka.name=kafka
logger.kafka.level=INFO
logger.kafka.additivity=false
logger.kafka.appenderRef.file.ref=file
logger.apache.name=org.apache.kafka
logger.apache.level=INFO
EOF
  cat >"$KAFKA_DIR/log4j2-tools.properties" <<EOF
appender.err.type=Console
appender.err.name=err
appender.err.target=SYSTEM_ERR
appender.err.layout.type=PatternLayout
appender.err.layout.pattern=%p %m%n
rootLogger.level=WARN
rootLogger.appenderRef.err.ref=err
EOF
}

kafka_start() {
  kafka_install
  kafka_configure
  local pid
  if pid=$(kafka_pid); then
    kill -CONT "$pid" 2>/dev/null || true # a test may have paused it (SIGSTOP) and died before resuming
  elif kafka_answers >/dev/null 2>&1; then
    log "a Kafka broker already answers on 127.0.0.1:$KAFKA_PORT; using it"
  else
    if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
      log "formatting Kafka storage (once)"
      kafka_tool kafka.tools.StorageTool format --config "$KAFKA_DIR/server.properties" \
        --cluster-id "$(kafka_tool kafka.tools.StorageTool random-uuid)" >"$KAFKA_DIR/logs/format.log" 2>&1 \
        || { cat "$KAFKA_DIR/logs/format.log" >&2; die "could not format Kafka storage"; }
    fi
    log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
    # shellcheck disable=SC2086
    nohup java $KAFKA_HEAP -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$KAFKA_LIBS/*" \
      kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/logs/stdout.log" 2>&1 &
    echo $! >"$KAFKA_PID"
  fi
  wait_for Kafka 60 "$KAFKA_DIR/logs/server.log" kafka_answers
  kafka_topics
}

# The missing topics are created side by side (one tool JVM each, 5-10 s apiece on a busy machine; one after the
# other they took over a minute of the reduced chaos run's set-up).
kafka_topics() {
  local existing spec name partitions pids=() pid failed=0
  existing=$(kafka_answers 2>/dev/null)
  for spec in "usage-events:$USAGE_PARTITIONS" "usage-priced:$USAGE_PARTITIONS" "wallet-alerts:3" "wallet-movements:3" "usage-events-dlq:1"; do
    name=${spec%%:*}
    partitions=${spec##*:}
    grep -qx "$name" <<<"$existing" && continue
    log "creating topic $name ($partitions partitions)"
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --create \
      --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor 1 >/dev/null &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  return $failed
}

kafka_stop() {
  local pid
  pid=$(kafka_pid) || { rm -f "$KAFKA_PID"; return 0; }
  log "stopping Kafka (pid $pid)"
  kill -CONT "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$KAFKA_PID"
}

# ---------------------------------------------------------------- commands
status() {
  local started
  started() { [ -f "$STATE/$1.started" ] && echo " (started by services.sh)" || echo " (already running; not ours)"; }
  if pg_up; then echo "postgres  up    127.0.0.1:$PG_PORT$(started postgres)"; else echo "postgres  down"; fi
  if redis_up; then echo "redis     up    127.0.0.1:$REDIS_PORT$(started redis)"; else echo "redis     down"; fi
  local pid
  if pid=$(kafka_pid); then echo "kafka     up    127.0.0.1:$KAFKA_PORT (pid $pid, started by services.sh)"
  elif (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; then echo "kafka     up    127.0.0.1:$KAFKA_PORT (already running; not ours)"
  else echo "kafka     down"; fi
}

mkdir -p "$STATE" "$KAFKA_DIR"
case "${1:-}" in
  up)
    shift
    [ $# -gt 0 ] || set -- postgres redis kafka
    for service in "$@"; do
      case "$service" in
        postgres) pg_start ;;
        redis) redis_start ;;
        kafka) kafka_start ;;
        *) die "unknown service $service" ;;
      esac
    done
    status
    ;;
  down)
    shift
    [ $# -gt 0 ] || set -- kafka redis postgres
    for service in "$@"; do
      case "$service" in
        kafka) kafka_stop ;;
        redis) redis_stop ;;
        postgres) pg_stop ;;
        *) die "unknown service $service" ;;
      esac
    done
    ;;
  status) status ;;
  *) echo "usage: $0 up|down [postgres|redis|kafka]... | status" >&2; exit 2 ;;
esac
