# Shared by the bench scripts: a JDK 21+, the service jar, a fresh benchmark database, wrk.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${BENCH_PORT:-8090}
BASE="http://127.0.0.1:$PORT"

find_java() {
    if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then return; fi
    for j in /usr/lib/jvm/*; do
        if [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
            export JAVA_HOME=$j; return
        fi
    done
    echo "no JDK 21+ found" >&2; exit 1
}

need_wrk() {
    command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get install -y -qq wrk >/dev/null; }
}

build_jar() {
    find_java
    if [ ! -f "$ROOT/target/primetime.jar" ] || [ -n "$(find "$ROOT/src/main" -newer "$ROOT/target/primetime.jar" -print -quit)" ]; then
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true)
    fi
}

# start_service <database name> [extra env assignments...]: a fresh database on the local server, the service on $PORT
start_service() {
    local db=$1; shift
    psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" postgres
    LOG=$(bench_tmp)
    env ENVIRONMENT=development API_PORT=$PORT DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" \
        RATE_LIMIT_RPS=1000000 RATE_LIMIT_BURST=1000000 "$@" \
        "$JAVA_HOME/bin/java" -Xmx512m -jar "$ROOT/target/primetime.jar" --logging.level.root=WARN \
        --logging.level.dev.primetime.tenancy.TokenVerification=WARN > "$LOG" 2>&1 &
    SERVICE_PID=$!
    MAINTENANCE_PID=
    BENCH_DB=$db
    trap stop_service EXIT
    # 60 s is plenty on a quiet machine; at a load of 20 on 2 cores the service takes longer (BENCH_START_SECONDS)
    for _ in $(seq 1 "${BENCH_START_SECONDS:-60}"); do
        curl -sf "$BASE/api/v1/scheduling/health" >/dev/null 2>&1 && break
        sleep 1
    done
    curl -sf "$BASE/api/v1/scheduling/health" >/dev/null || { echo "service did not start; log: $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
    TOKEN=$(grep -o 'eyJ[A-Za-z0-9._-]*' "$LOG" | head -1 || true)
}

# stop_service: what a bench leaves behind goes with it: the service, the vacuum loop, the database, temp files
stop_service() {
    kill ${MAINTENANCE_PID:-} 2>/dev/null || true
    if [ -n "${SERVICE_PID:-}" ]; then
        kill "$SERVICE_PID" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$SERVICE_PID" 2>/dev/null || true
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    if [ -n "${BENCH_DB:-}" ] && [ -z "${KEEP_DATABASE:-}" ]; then
        psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" postgres 2>/dev/null || true
    fi
    rm -rf "$BENCH_DIR"
}

# bench_tmp [-d]: a temp file (or directory) in the bench's own directory, removed when the bench ends
BENCH_DIR=$(mktemp -d /tmp/primetime-bench.XXXXXX)
trap 'rm -rf "$BENCH_DIR"' EXIT
bench_tmp() { mktemp ${1:-} -p "$BENCH_DIR"; }

# calendar_body: the 10-item POST /calendar body of bench/calendar-load (six platforms, one hour apart)
calendar_body() {
    python3 -c '
import json, datetime
t = datetime.datetime(2030, 1, 7, 15, tzinfo=datetime.timezone.utc)
items = [{"content_id": "c%d" % i, "platform": ["youtube","tiktok","instagram","linkedin","twitter","facebook"][i % 6],
          "scheduled_time": (t + datetime.timedelta(hours=i)).isoformat()} for i in range(10)]
print(json.dumps({"title": "Bench", "timezone": "America/New_York", "items": items}))'
}

# wrk_post_script <body> [tokens file]: a wrk script that POSTs the body; with a file of tokens, each request as the
# next tenant of the file (a tenant's events are numbered in commit order, so one tenant's creates commit one after
# another; a service's load comes from many tenants)
wrk_post_script() {
    python3 -c 'import sys, json; print("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = " + json.dumps(sys.argv[1]))' "$1"
    [ -z "${2:-}" ] || cat <<LUA
local tokens = {}
for line in io.lines("$2") do tokens[#tokens + 1] = line end
local i = 0
function request()
  i = i + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1]
  return wrk.format()
end
LUA
}

# maintain_database <database name>: what autovacuum would do on a production server, for a bench's database.
# These machines run PostgreSQL with autovacuum off (conf.d/90-ci.conf, for fast tests), so a bench database was never
# analysed: the statement cache kept plans made when its tables were nearly empty, and in some runs every schedule read
# by id scanned its tenant's whole (tenant_id, status) index range instead of the primary key (auto_explain; the plans
# cost 8.21 and 8.22, so which one a run got was chance). Analyse once the set-up data is written, then vacuum and
# analyse every minute (autovacuum's naptime) while the bench runs.
maintain_database() {
    local db=$1
    psql -h 127.0.0.1 -U postgres -q -c "VACUUM (ANALYZE)" "$db"
    (while sleep 60; do psql -h 127.0.0.1 -U postgres -q -c "VACUUM (ANALYZE)" "$db" 2>/dev/null || exit 0; done) &
    MAINTENANCE_PID=$!
}

# jit_seconds: seconds the service's JIT compilers have spent so far (jstat -compiler, column Time)
jit_seconds() { "$JAVA_HOME/bin/jstat" -compiler "$SERVICE_PID" | awk 'NR == 2 {print $4}'; }

# warm_up <wrk arguments...>: load in 10 s rounds, at least WARMUP seconds, then until a round costs the JIT less
# than 0.3 s of compiling (at most WARMUP_MAX seconds). On 2 cores shared with the load the JIT compiles for one
# to two minutes; a fixed 40 s once left a third of the measured minute with a compiler thread busy (jstat: 80 s of
# compile time, still rising by ~1 s per second when the measurement started).
warm_up() {
    local spent=0 before after
    while [ "$spent" -lt "${WARMUP_MAX:-180}" ]; do
        before=$(jit_seconds)
        wrk -t2 -d10s "$@" >/dev/null
        spent=$((spent + 10))
        after=$(jit_seconds)
        if [ "$spent" -ge "${WARMUP:-40}" ] && awk -v a="$after" -v b="$before" 'BEGIN {exit !(a - b < 0.3)}'; then
            break
        fi
    done
    echo "warm-up: ${spent}s of load; the JIT had compiled for ${after}s, $(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.1f", a - b}')s of it in the last 10 s"
}

rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVICE_PID/status"; }

# wrk_summary <label> <wrk output file>: requests/s, p50, p99, non-2xx
wrk_summary() {
    local label=$1 file=$2
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$file")
    p50=$(awk '$1=="50%" {print $2}' "$file")
    p99=$(awk '$1=="99%" {print $2}' "$file")
    errors=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$file")
    printf '%-44s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$label" "$rps" "$p50" "$p99" "${errors:-0}"
}

BENCH_SECRET=bench-secret-with-at-least-thirty-two-bytes-0123456789
# mint_tokens <count>: HS256 tokens for tenants bench-1..bench-N, one per line (the service runs with BENCH_SECRET)
mint_tokens() {
    python3 - "$1" "$BENCH_SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
count, secret = int(sys.argv[1]), sys.argv[2].encode()
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
for i in range(1, count + 1):
    claims = {"sub": "bench-%d" % i, "aud": "authenticated", "role": "authenticated", "exp": int(time.time()) + 7200}
    body = header + "." + b64(json.dumps(claims).encode())
    print(body + "." + b64(hmac.new(secret, body.encode(), hashlib.sha256).digest()))
PY
}
