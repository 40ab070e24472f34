#!/usr/bin/env bash
# Three instances behind HAProxy, as compose.yaml runs them, here without Docker (issue 23): three service processes
# on loopback ports, HAProxy in front (compose/haproxy.cfg, the same file compose mounts), one PostgreSQL (the local
# one, a fresh database) and a Redis of the bench's own (rate limits shared: RATE_LIMIT_BACKEND=redis). Then
# ScaleBench.java, through the balancer: a mixed load, WebSocket clients following their tenants' events, running
# schedules whose items fall due during the load (every instance's dispatcher claims, a webhook receiver counts), and
# a probe of the shared rate limit. With KILL=1, one instance gets SIGKILL in the middle of the load.
# Prints req/s and p50/p99 per endpoint, requests per instance, and the counts: acknowledged creates lost, events
# missed/repeated per client, double dispatches (all must be 0), and the machine's load.
# Usage: bench/scale/run.sh [seconds of load] [WebSocket clients] [load workers]
#   KILL=1: SIGKILL instance 2 at KILL_AT seconds (default 25) into the load
#   Env: BASE_PORT (18100: balancer; +1..+3 the instances; +9 HAProxy's stats; +90 the webhook receiver; +290 Redis),
#   JAVA_OPTS per instance (default -Xmx256m), TENANTS (30), DUE (200 items due during the load), RATE_LIMIT_RPS and
#   RATE_LIMIT_BURST per tenant (200/200: far above one tenant's share of the load, low enough for the probe to show
#   one shared bucket)
source "$(dirname "$0")/../lib.sh"
SECONDS_OF_LOAD=${1:-60}
CLIENTS=${2:-300}
WORKERS=${3:-16}
TENANTS=${TENANTS:-30}
BASE_PORT=${BASE_PORT:-18100}
RPS=${RATE_LIMIT_RPS:-200}
BURST=${RATE_LIMIT_BURST:-200}
REDIS_PORT=$((BASE_PORT + 290))
HOOK_PORT=$((BASE_PORT + 90))
DB=primetime_bench_scale
if ! command -v haproxy >/dev/null; then
    echo "bench/scale needs HAProxy: installing the Debian package haproxy (apt-get install haproxy)"
    apt-get install -y -qq haproxy >/dev/null || { apt-get update -qq && apt-get install -y -qq haproxy >/dev/null; }
fi
command -v redis-server >/dev/null || { echo "installing the Debian package redis-server"; apt-get install -y -qq redis-server >/dev/null; }
build_jar
for port in $BASE_PORT $((BASE_PORT + 1)) $((BASE_PORT + 2)) $((BASE_PORT + 3)) $((BASE_PORT + 9)) $HOOK_PORT $REDIS_PORT; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is taken (a bench left running?)" >&2; exit 1; fi
done

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres 2>/dev/null || true
    rm -rf "$BENCH_DIR"
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" postgres

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$BENCH_DIR/redis.log" 2>&1 &
PIDS+=($!)

INSTANCE_PIDS=()
start_instance() {
    local n=$1
    env ENVIRONMENT=development API_HOST=127.0.0.1 API_PORT=$((BASE_PORT + n)) \
        DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10} \
        SUPABASE_JWT_SECRET="$BENCH_SECRET" RATE_LIMIT_RPS="$RPS" RATE_LIMIT_BURST="$BURST" \
        RATE_LIMIT_BACKEND=redis REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
        WEBHOOK_URL="http://127.0.0.1:$HOOK_PORT/hook" WEBHOOK_SECRET=bench-webhook-secret-0123456789abcdef \
        "$JAVA_HOME/bin/java" ${JAVA_OPTS:--Xmx256m} -jar "$ROOT/target/primetime.jar" --logging.level.root=WARN \
        > "$BENCH_DIR/instance-$n.log" 2>&1 &
    PIDS+=($!)
    INSTANCE_PIDS[$n]=$!
}
wait_healthy() {
    local n=$1
    for _ in $(seq 1 120); do
        curl -sf "http://127.0.0.1:$((BASE_PORT + n))/actuator/health/readiness" >/dev/null 2>&1 && return
        kill -0 "${INSTANCE_PIDS[$n]}" 2>/dev/null || break
        sleep 1
    done
    echo "instance $n did not start:" >&2; tail -20 "$BENCH_DIR/instance-$n.log" >&2; exit 1
}
# the first migrates the database; the other two start once it is done (on 2 cores three cold starts at once take
# longer than one after another)
start_instance 1; wait_healthy 1
start_instance 2; start_instance 3; wait_healthy 2; wait_healthy 3

BALANCER_BIND=127.0.0.1:$BASE_PORT PRIMETIME_1=127.0.0.1:$((BASE_PORT + 1)) PRIMETIME_2=127.0.0.1:$((BASE_PORT + 2)) \
    PRIMETIME_3=127.0.0.1:$((BASE_PORT + 3)) STATS_BIND=127.0.0.1:$((BASE_PORT + 9)) \
    haproxy -db -f "$ROOT/compose/haproxy.cfg" > "$BENCH_DIR/haproxy.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 20); do curl -sf "http://127.0.0.1:$BASE_PORT/api/v1/scheduling/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$BASE_PORT/api/v1/scheduling/health" >/dev/null || { echo "HAProxy did not start:" >&2; cat "$BENCH_DIR/haproxy.log" >&2; exit 1; }
echo "3 instances (pids ${INSTANCE_PIDS[*]}, ${JAVA_OPTS:--Xmx256m}, pool ${DATABASE_POOL_SIZE:-10} each) behind HAProxy $(haproxy -v | head -1 | awk '{print $3}') on :$BASE_PORT; Redis :$REDIS_PORT; $(nproc) cores"
echo "load before: $(uptime | sed 's/.*load average/load average/')"

kill_args=()
if [ -n "${KILL:-}" ]; then kill_args=(--kill-pid="${INSTANCE_PIDS[2]}" --kill-at="${KILL_AT:-25}"); fi
PGJDBC=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort -V | tail -n 1)
"$JAVA_HOME/bin/java" -cp "$PGJDBC" "$ROOT/bench/scale/ScaleBench.java" --base="http://127.0.0.1:$BASE_PORT" \
    --secret="$BENCH_SECRET" --db="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres" --tenants="$TENANTS" \
    --clients="$CLIENTS" --seconds="$SECONDS_OF_LOAD" --workers="$WORKERS" --due="${DUE:-200}" --hook-port="$HOOK_PORT" \
    --probe="${PROBE:-1500}" --rps="$RPS" --burst="$BURST" "${kill_args[@]}"
echo "requests per instance (HAProxy's count, the set-up included):"
curl -s "http://127.0.0.1:$((BASE_PORT + 9))/;csv" | awk -F, '$1 == "primetime" && $2 ~ /^primetime-/ {printf "  %s: %s requests, %s connections refused/failed, status %s\n", $2, $49, $14, $18}'
echo "load after: $(uptime | sed 's/.*load average/load average/')"
