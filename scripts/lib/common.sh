# shellcheck shell=bash
# Shell helpers shared by scripts/run.sh and scripts/bench.sh. Source it after setting ML_ROOT (the repo root)
# and, optionally, ML_TAG (the log prefix). Everything it defines starts with ml_ / ML_.
#
#   services   ml_services_up, ml_services_down_started      Postgres/Redis/Kafka via scripts/services.sh
#   jars       ml_build_if_needed, ml_start_service, ml_wait_ready, ml_stop_services, ml_peak_rss_mb
#   admin API  ml_admin, ml_ensure_rates, ml_ensure_customer, ml_create_api_key, ml_top_up
#   other      ml_random_token, ml_psql, ml_kafka_tool
#
# The admin API calls follow the issue 5 contract (Authorization: Bearer $METERLINE_ADMIN_TOKEN, base URL
# $ML_API_URL, default http://127.0.0.1:8080).

: "${ML_ROOT:?set ML_ROOT to the repository root before sourcing common.sh}"
ML_TAG="${ML_TAG:-meterline}"
ML_API_URL="${ML_API_URL:-http://127.0.0.1:8080}"
ML_SERVICES=(ingestion-api cost-worker aggregation-worker)
ML_PIDS=()          # pids of the services this shell started
declare -A ML_PID   # module -> pid
ML_WAS_DOWN=()      # which of postgres/redis/kafka services.sh started for us

ml_log() { printf '[%s] %s\n' "$ML_TAG" "$*" >&2; }
ml_die() { printf '[%s] ERROR: %s\n' "$ML_TAG" "$*" >&2; exit 1; }

ml_random_token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# ------------------------------------------------------------------ Postgres, Redis, Kafka
# The admin helpers need curl and jq; a fresh Debian machine may lack them.
ml_require_tools() {
  local missing=() tool
  for tool in curl jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  ml_log "installing ${missing[*]} from Debian packages"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Brings them up, remembering which were down so that ml_services_down_started stops only those.
ml_services_up() {
  local status_before s
  ml_require_tools
  status_before=$("$ML_ROOT/scripts/services.sh" status)
  for s in postgres redis kafka; do
    grep -q "^$s *up" <<<"$status_before" || ML_WAS_DOWN+=("$s")
  done
  "$ML_ROOT/scripts/services.sh" up >&2
}

ml_services_down_started() {
  if [ ${#ML_WAS_DOWN[@]} -gt 0 ]; then "$ML_ROOT/scripts/services.sh" down "${ML_WAS_DOWN[@]}"; fi
}

# psql as the application role: ml_psql DB SQL (prints unaligned, tuples only)
ml_psql() {
  PGPASSWORD="${METERLINE_DB_PASSWORD:-meterline}" psql -X -q -v ON_ERROR_STOP=1 -tA \
    -h "${METERLINE_DB_HOST:-127.0.0.1}" -p "${METERLINE_DB_PORT:-5432}" -U "${METERLINE_DB_USER:-meterline}" \
    -d "$1" -c "$2"
}

ML_KAFKA_LIBS="${METERLINE_KAFKA_LIBS:-$ML_ROOT/.local/kafka/libs}"
ml_kafka_tool() {
  [ -d "$ML_KAFKA_LIBS" ] || ml_die "no Kafka jars in $ML_KAFKA_LIBS (scripts/services.sh up puts them there)"
  java -Xmx512m -cp "$ML_KAFKA_LIBS/*" -Dlog4j2.configurationFile="$ML_KAFKA_LIBS/../log4j2-tools.properties" "$@"
}

# ------------------------------------------------------------------ service jars
# Builds everything (one Maven run) when a service jar or the loadgen jar is missing or older than its sources.
ml_build_if_needed() {
  local m jar needs=false
  for m in "${ML_SERVICES[@]}"; do
    jar="$ML_ROOT/$m/target/quarkus-app/quarkus-run.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$ML_ROOT/$m/src/main" "$ML_ROOT/common/src/main" "$ML_ROOT/pom.xml" \
      "$ML_ROOT/$m/pom.xml" -newer "$jar" -print -quit)" ]; then
      needs=true
    fi
  done
  jar="$ML_ROOT/loadgen/target/meterline-loadgen.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$ML_ROOT/loadgen/src/main" "$ML_ROOT/loadgen/pom.xml" -newer "$jar" -print -quit)" ]; then
    needs=true
  fi
  if $needs; then
    ml_log "building (./mvnw package -DskipTests)"
    (cd "$ML_ROOT" && ./mvnw -B -q -ntp package -DskipTests)
  fi
}

# ml_cds_opts MODULE: JVM options for MODULE's class-data-sharing archive, .local/cds/MODULE.jsa: the classes a
# whole run loaded (JDK, Quarkus, Kafka and Postgres clients, ours), mapped at the next start instead of being read
# and verified again, about a quarter less CPU to start (docs/reliability.md, "Fast recovery"). While it is missing
# or older than the jar, the options make the JVM write it when it exits normally (SIGTERM, not kill -9). The JVM
# checks it against the jar and its own version and ignores, with a warning, one that does not match.
# METERLINE_CDS=off: neither.
ml_cds_opts() {
  local jsa="$ML_ROOT/.local/cds/$1.jsa" jar="$ML_ROOT/$1/target/quarkus-app/quarkus-run.jar"
  [ "${METERLINE_CDS:-on}" != off ] || return 0
  mkdir -p "$ML_ROOT/.local/cds"
  if [ -s "$jsa" ] && [ "$jsa" -nt "$jar" ]; then echo "-XX:SharedArchiveFile=$jsa"; else
    rm -f "$jsa"
    echo "-XX:ArchiveClassesAtExit=$jsa -Xlog:cds=error"
  fi
}

# ml_start_service MODULE PORT LOGFILE [JVM_OPTIONS]: starts the fast-jar in the background with the caller's
# environment (METERLINE_* variables configure it) plus METERLINE_JAVA_OPTS (default -Xmx1g: without a cap the JVM
# takes a quarter of the RAM, and the cost worker grew to 4.5 GiB RSS in a benchmark), the class-data-sharing
# archive (ml_cds_opts) and JVM_OPTIONS.
ml_start_service() {
  local module=$1 port=$2 logfile=$3 extra=${4:-}
  # shellcheck disable=SC2086,SC2046 # METERLINE_JAVA_OPTS, extra and ml_cds_opts are lists of JVM options
  java ${METERLINE_JAVA_OPTS:--Xmx1g} $(ml_cds_opts "$module") $extra -Dquarkus.http.port="$port" \
    -jar "$ML_ROOT/$module/target/quarkus-app/quarkus-run.jar" >"$logfile" 2>&1 &
  ML_PIDS+=("$!")
  ML_PID[$module]=$!
}

# ml_wait_ready NAME PORT LOGFILE [TIMEOUT_S]: waits for /q/health/ready; on time-out shows the log's tail.
ml_wait_ready() {
  local name=$1 port=$2 logfile=$3 timeout=${4:-90}
  local deadline=$((SECONDS + timeout))
  until curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
    if [ -n "${ML_PID[$name]:-}" ] && ! kill -0 "${ML_PID[$name]}" 2>/dev/null; then
      ml_log "$name exited; last lines of $logfile:"
      tail -n 40 "$logfile" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      ml_log "$name is not ready after ${timeout}s; last lines of $logfile:"
      tail -n 40 "$logfile" >&2
      return 1
    fi
    sleep 1
  done
}

ml_stop_services() {
  local pid
  [ ${#ML_PIDS[@]} -gt 0 ] || return 0
  ml_log "stopping the services"
  for pid in "${ML_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${ML_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  ML_PIDS=()
}

# Peak resident memory (VmHWM) of a running process, in MiB.
ml_peak_rss_mb() {
  awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "n/a"
}

# ------------------------------------------------------------------ admin API
# ml_admin METHOD PATH [JSON_BODY]: prints the response body, then the HTTP status on a last line of its own.
ml_admin() {
  local method=$1 path=$2 body=${3:-}
  local args=(-sS -X "$method" -w '\n%{http_code}' -H "Authorization: Bearer ${METERLINE_ADMIN_TOKEN:?}"
    -H 'Accept: application/json')
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$body"); fi
  curl "${args[@]}" "$ML_API_URL$path" || printf '\n000'
}

# ml_admin_ok "EXPECTED_STATUSES" METHOD PATH [BODY]: prints the body; dies unless the status is one expected.
ml_admin_ok() {
  local expected=$1; shift
  local out status
  out=$(ml_admin "$@")
  status=${out##*$'\n'}
  if ! grep -qw "$status" <<<"$expected"; then
    ml_die "$1 $2 answered $status (expected $expected): ${out%$'\n'*}"
  fi
  printf '%s\n' "${out%$'\n'*}"
}

# ml_ensure_rates RATES_JSON [provider:model ...]: for each model of the file (or only the ones named) that has
# no rate yet, PUTs the file's rows for it, all in one bulk call. Models that have any rate are left alone:
# the catalogue migration's prices win over this file's.
ml_ensure_rates() {
  local file=$1; shift
  local pairs pair provider model body count missing=()
  if [ $# -gt 0 ]; then pairs=("$@"); else
    mapfile -t pairs < <(jq -r '[.[] | "\(.provider):\(.model)"] | unique | .[]' "$file")
  fi
  for pair in "${pairs[@]}"; do
    provider=${pair%%:*}
    model=${pair#*:}
    body=$(ml_admin_ok 200 GET "/v1/admin/rates?provider=$provider&model=$model")
    count=$(jq 'if type == "array" then length else ((.items // .data // .rates // []) | length) end' <<<"$body")
    [ "$count" -gt 0 ] || missing+=("$pair")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    ml_log "rates: ${#pairs[@]} model(s) already priced"
    return 0
  fi
  ml_log "rates: adding ${missing[*]}"
  body=$(jq -c --args '[.[] | select(("\(.provider):\(.model)") as $p | $ARGS.positional | index($p))]' \
    "${missing[@]}" <"$file")
  ml_admin_ok "200 201 204" PUT /v1/admin/rates "$body" >/dev/null
}

# ml_ensure_customer ID NAME: reuses the customer if it exists, creates it (and its wallet) otherwise.
ml_ensure_customer() {
  local id=$1 name=$2 out status
  out=$(ml_admin GET "/v1/admin/customers/$id")
  status=${out##*$'\n'}
  case "$status" in
    200) return 0 ;;
    404) ml_admin_ok "201 409" POST /v1/admin/customers \
           "$(jq -cn --arg id "$id" --arg name "$name" '{id: $id, name: $name}')" >/dev/null ;;
    *) ml_die "GET /v1/admin/customers/$id answered $status: ${out%$'\n'*}" ;;
  esac
}

# ml_create_api_key CUSTOMER_ID [KEY_NAME]: prints the new key (shown only once by the API).
ml_create_api_key() {
  local body
  body=$(ml_admin_ok 201 POST "/v1/admin/customers/$1/api-keys" \
    "$(jq -cn --arg name "${2:-$ML_TAG}" '{name: $name}')")
  jq -er '.api_key' <<<"$body"
}

# ml_top_up CUSTOMER_ID AMOUNT IDEMPOTENCY_KEY: credits the wallet once; re-running with the same key is a no-op.
ml_top_up() {
  ml_admin_ok "200 201" POST "/v1/admin/customers/$1/wallet/top-ups" \
    "$(jq -cn --arg amount "$2" --arg key "$3" '{amount: $amount, idempotency_key: $key}')" >/dev/null
}
