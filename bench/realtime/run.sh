#!/usr/bin/env bash
# Starts the service (built jar) on a fresh database of the local PostgreSQL, then runs RealtimeBench against it.
# Usage: bench/realtime/run.sh [--clients=1000] [--schedules=100] [--tenants=10] [--rate=200] [--seconds=30] [--warmup=40] [--source=http|db]
#   --warmup: seconds of events before measuring; a running service has long compiled its hot paths, a fresh JVM
#     spends most of its first minute compiling on these 2 cores (a profile at 5 s warm-up: a third of the CPU in the JIT)
#   --source=http (default): each event is a PATCH moving an item over HTTP (end to end, includes the calendar's write
#     path), the schedules spread over --tenants tenants; the service's rate limits are raised out of the way
#   --source=db: each event is a transaction inserting the event row as the app role (the delivery path alone; one tenant)
# Env: JAVA_OPTS for the service (default -Xmx256m, code cache 64m, metaspace 192m), PORT (18080), PGURL (postgresql://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PORT=${PORT:-18080}
PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432}
SECRET=bench-secret-bench-secret-bench-secret-32
DB=primetime_bench_$(date +%s)
[ -f target/primetime.jar ] || ./mvnw -B -q -DskipTests package
if curl -sf "http://127.0.0.1:$PORT/api/v1/scheduling/health" >/dev/null; then
    echo "something already answers on port $PORT (a service left from an earlier run?)" >&2
    exit 1
fi
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
LOG=$(mktemp)
DATABASE_URL="$PGURL/$DB" API_PORT=$PORT API_HOST=127.0.0.1 SUPABASE_JWT_SECRET=$SECRET \
    RATE_LIMIT_RPS=1000000 RATE_LIMIT_BURST=1000000 \
    "$JAVA_HOME/bin/java" ${JAVA_OPTS:--Xmx256m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m} -jar target/primetime.jar >"$LOG" 2>&1 &
SERVICE=$!
cleanup() {
    status=$?
    if [ $status -ne 0 ]; then
        echo "--- service log (last 40 lines) ---"
        grep -E "ERROR|WARN|Exception" "$LOG" | tail -n 40
    fi
    kill "$SERVICE" 2>/dev/null || true
    # a JVM that ran out of memory may never finish its graceful stop: give it 30 s, then SIGKILL
    for _ in $(seq 1 30); do kill -0 "$SERVICE" 2>/dev/null || break; sleep 1; done
    kill -9 "$SERVICE" 2>/dev/null || true
    wait "$SERVICE" 2>/dev/null || true
    psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
    rm -f "$LOG"
}
trap cleanup EXIT
for _ in $(seq 1 90); do
    curl -sf "http://127.0.0.1:$PORT/api/v1/scheduling/health" >/dev/null && break
    kill -0 "$SERVICE" 2>/dev/null || { echo "the service exited while starting" >&2; exit 1; }
    sleep 1
done
echo "service pid $SERVICE, JAVA_OPTS=${JAVA_OPTS:--Xmx256m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m}, $(nproc) cores"
PGJDBC=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort -V | tail -n 1)
"$JAVA_HOME/bin/java" -cp "$PGJDBC" bench/realtime/RealtimeBench.java --base="http://127.0.0.1:$PORT" --secret=$SECRET \
    --pid=$SERVICE --db="jdbc:${PGURL/postgresql:\/\/postgres@/postgresql://}/$DB?user=postgres" "$@"
