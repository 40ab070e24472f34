#!/usr/bin/env bash
# Delivery latency of real-time updates, run several times (each with a fresh service and database) and the spread
# printed: one run's p99 says little on 2 cores (issue 23: 33.7 to 321.5 ms over three quiet runs of the same jar).
# Usage: bench/realtime/run.sh [--runs=5] [--clients=1000] [--schedules=100] [--tenants=10] [--rate=200] [--seconds=30]
#                              [--warmup=40] [--warmup-max=180] [--source=http|db]
#   --runs: how many runs (default 5), one after another
#   --warmup: seconds of events before measuring, at least; then on, in 10 s steps up to --warmup-max, until the
#     service's JIT compiler threads used less than 0.3 s of CPU in the last 10 s (a fresh JVM spends most of its first
#     minute compiling on these 2 cores; measuring while it still does puts compile storms into the tail)
#   --source=http (default): each event is a PATCH moving an item over HTTP (end to end, includes the calendar's write
#     path), the schedules spread over --tenants tenants; the service's rate limits are raised out of the way
#   --source=db: each event is a transaction inserting the event row as the app role (the delivery path alone; one tenant)
# Each run also prints, for its measured window: the service's GC pauses (-Xlog:gc,gc+phases), the CPU its JIT compiler threads
# used, and the machine's load. The jar is rebuilt first when src/main is newer (lib.sh's build_jar); each run's
# database is dropped and its service stopped when it ends, whatever happens.
# Env: JAVA_OPTS for the service (default -Xmx256m, code cache 64m, metaspace 192m), REALTIME_PORT (18080),
#   PGURL (postgresql://postgres@127.0.0.1:5432).
source "$(dirname "$0")/../lib.sh"
PORT=${REALTIME_PORT:-18080}
PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432}
SECRET=bench-secret-bench-secret-bench-secret-32
JAVA_OPTS=${JAVA_OPTS:--Xmx256m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m}
RUNS=5
args=()
for a in "$@"; do
    case $a in
        --runs=*) RUNS=${a#--runs=} ;;
        *) args+=("$a") ;;
    esac
done
build_jar
if curl -sf "http://127.0.0.1:$PORT/api/v1/scheduling/health" >/dev/null; then
    echo "something already answers on port $PORT (a service left from an earlier run?)" >&2
    exit 1
fi
PGJDBC=$(find ~/.m2/repository/org/postgresql/postgresql -name 'postgresql-*.jar' | sort -V | tail -n 1)

SERVICE=
DB=
stop_run() {
    if [ -n "$SERVICE" ]; then
        kill "$SERVICE" 2>/dev/null || true
        # a JVM that ran out of memory may never finish its graceful stop: give it 30 s, then SIGKILL
        for _ in $(seq 1 30); do kill -0 "$SERVICE" 2>/dev/null || break; sleep 1; done
        kill -9 "$SERVICE" 2>/dev/null || true
        wait "$SERVICE" 2>/dev/null || true
        SERVICE=
    fi
    [ -z "$DB" ] || psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    DB=
}
trap 'stop_run; rm -rf "$BENCH_DIR"' EXIT

echo "realtime: $RUNS runs, each with a fresh service (JAVA_OPTS=$JAVA_OPTS) and database; $(nproc) cores"
results=$BENCH_DIR/results
for run in $(seq 1 "$RUNS"); do
    DB=primetime_bench_realtime_$(date +%s)_$run
    psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
    log=$BENCH_DIR/service-$run.log
    gclog=$BENCH_DIR/gc-$run.log
    DATABASE_URL="$PGURL/$DB" API_PORT=$PORT API_HOST=127.0.0.1 SUPABASE_JWT_SECRET=$SECRET \
        RATE_LIMIT_RPS=1000000 RATE_LIMIT_BURST=1000000 \
        "$JAVA_HOME/bin/java" $JAVA_OPTS "-Xlog:gc,gc+phases:file=$gclog:time,uptime" -jar "$ROOT/target/primetime.jar" >"$log" 2>&1 &
    SERVICE=$!
    for _ in $(seq 1 90); do
        curl -sf "http://127.0.0.1:$PORT/api/v1/scheduling/health" >/dev/null && break
        kill -0 "$SERVICE" 2>/dev/null || { echo "the service exited while starting" >&2; tail -n 40 "$log" >&2; exit 1; }
        sleep 1
    done
    echo "== run $run of $RUNS (service pid $SERVICE); $(uptime | sed 's/.*load average/load average/')"
    if ! "$JAVA_HOME/bin/java" -cp "$PGJDBC" "$ROOT/bench/realtime/RealtimeBench.java" --base="http://127.0.0.1:$PORT" \
            --secret=$SECRET --pid=$SERVICE --gclog="$gclog" \
            --db="jdbc:${PGURL/postgresql:\/\/postgres@/postgresql://}/$DB?user=postgres" "${args[@]}" | tee "$BENCH_DIR/run-$run.out"; then
        echo "--- service log (last 40 lines) ---"
        grep -E "ERROR|WARN|Exception" "$log" | tail -n 40
        exit 1
    fi
    grep '^RESULT' "$BENCH_DIR/run-$run.out" | sed "s/\$/ load=$(uptime | awk -F'load average: ' '{print $2}' | cut -d, -f1)/" >> "$results"
    stop_run
done

echo "== spread over $RUNS runs"
python3 - "$results" <<'PY'
import statistics, sys
runs = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in open(sys.argv[1])]
print("run   p50 ms   p99 ms    max ms   request p99   after-200 p99   GC pauses (max, sum ms)   JIT CPU s   peak RSS MiB   load (1 min)")
for i, r in enumerate(runs, 1):
    print("%3d %8s %8s %9s   %11s   %13s   %5s (%6s, %7s)          %6s   %12s   %s" % (i, r["p50"], r["p99"], r["max"], r["request_p99"],
          r["fanout_p99"], r["gc_pauses"], r["gc_max"], r["gc_sum"], r["jit_cpu"], r["rss"], r["load"]))
for key in ("p50", "p99"):
    v = sorted(float(r[key]) for r in runs)
    print("%s: min %.1f, median %.1f, max %.1f ms" % (key, v[0], statistics.median(v), v[-1]))
print("runs with p99 < 100 ms: %d of %d" % (sum(float(r["p99"]) < 100 for r in runs), len(runs)))
PY
