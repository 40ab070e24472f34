#!/usr/bin/env bash
# Two builds of the service compared interleaved, under the loads of run.sh (issue 23): GET /calendar/{id} (10 items,
# one tenant) and the 10-item POST /calendar (TENANTS tenants). Both services run at once, each on a database of its
# own, are warmed up once, then measured in turn, A B A B …, with the same commands. Per measurement it prints the
# CPU time per request of the service process (less its JIT compiler threads', shown apart: on a busy machine the JIT
# may still be compiling after the warm-up) and of its PostgreSQL backends (utime + stime from /proc, before and
# after), req/s, p50/p99 and the load; then each figure's median per build. CPU per request is the comparison to trust
# on a shared machine: req/s and the tail move with whatever else the cores are doing, the CPU a request costs much
# less. (wrk's own CPU is in neither; the database's background writers are not counted, which matters for creates.)
# Usage: bench/db-ceiling/ab.sh <jar A> <jar B> [rounds] [seconds per measurement] [connections] [tenants]
#   jar B "-": A alone (to profile it); defaults 3 rounds, 20 s, 16 connections, 20 tenants; POSTS=0 measures the GETs only;
#   JAVA_OPTS_A / JAVA_OPTS_B: extra JVM options for one side (a flight recording, another GC …).
#   PROFILE=<file>: a profile of A over the measured rounds, warm-up left out: a flight recording (settings=profile)
#     for a .jfr file, else async-profiler's CPU samples (ASYNC_PROFILER=<its libasyncProfiler.so>, from the Maven
#     Central jar tools.profiler:async-profiler's linux-x64 folder) as collapsed stacks (or .html: a flame graph);
#   A listens on BENCH_PORT, B on B_PORT (BENCH_PORT + 100).
source "$(dirname "$0")/../lib.sh"
JAR_A=$(realpath "$1")
SIDES="A B"
if [ "$2" = - ]; then SIDES=A; else JAR_B=$(realpath "$2"); fi
ROUNDS=${3:-3}
SECONDS_PER_RUN=${4:-20}
CONNECTIONS=${5:-16}
TENANTS=${6:-20}
POSTS=${POSTS:-1}
PORT_B=${B_PORT:-$((PORT + 100))}
need_wrk
find_java
trap stop_both EXIT
declare -A PID URL DB GET_LUA ID
stop_both() {
    local side
    kill ${MAINTENANCE_PID:-} 2>/dev/null || true
    for side in A B; do
        if [ -n "${PID[$side]:-}" ]; then
            kill "${PID[$side]}" 2>/dev/null || true
            for _ in $(seq 1 30); do kill -0 "${PID[$side]}" 2>/dev/null || break; sleep 1; done
            kill -9 "${PID[$side]}" 2>/dev/null || true
        fi
        [ -z "${DB[$side]:-}" ] || psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${DB[$side]} WITH (FORCE)" postgres 2>/dev/null || true
    done
    rm -rf "$BENCH_DIR"
}
# start <side> <jar> <port> <extra JVM options>
start() {
    local side=$1 jar=$2 port=$3 opts=$4 log
    DB[$side]=primetime_bench_ab_$(echo "$side" | tr 'AB' 'ab')
    URL[$side]="http://127.0.0.1:$port"
    psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${DB[$side]} WITH (FORCE)" -c "CREATE DATABASE ${DB[$side]}" postgres
    log=$(bench_tmp)
    # shellcheck disable=SC2086
    env ENVIRONMENT=development API_PORT="$port" DATABASE_URL="postgresql://postgres@127.0.0.1:5432/${DB[$side]}" \
        RATE_LIMIT_RPS=1000000 RATE_LIMIT_BURST=1000000 SUPABASE_JWT_SECRET="$BENCH_SECRET" \
        "$JAVA_HOME/bin/java" -Xmx512m $opts -jar "$jar" --logging.level.root=WARN \
        --logging.level.dev.primetime.tenancy.TokenVerification=WARN > "$log" 2>&1 &
    PID[$side]=$!
    for _ in $(seq 1 240); do
        curl -sf "${URL[$side]}/api/v1/scheduling/health" >/dev/null 2>&1 && return
        sleep 1
    done
    echo "service $side did not start; log: $log" >&2; tail -20 "$log" >&2; exit 1
}
start A "$JAR_A" "$PORT" "${JAVA_OPTS_A:-}"
[ "$SIDES" = A ] || start B "$JAR_B" "$PORT_B" "${JAVA_OPTS_B:-}"
tokens=$(bench_tmp)
mint_tokens "$TENANTS" > "$tokens"
TOKEN=$(head -1 "$tokens")
body=$(calendar_body)
post_lua=$(bench_tmp)
wrk_post_script "$body" "$tokens" > "$post_lua"
for side in $SIDES; do
    ID[$side]=$(curl -sf -X POST "${URL[$side]}/api/v1/scheduling/calendar" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' -d "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    GET_LUA[$side]=$(bench_tmp)
    echo 'wrk.headers["Authorization"] = "Bearer '"$TOKEN"'"' > "${GET_LUA[$side]}"
done

# ticks <pid…>: utime + stime of the processes, in clock ticks (a process gone since is left out)
ticks() { local p; for p in "$@"; do awk '{print $1, $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done; }
# jit_ticks <pid>: each of its JIT compiler threads' utime + stime ("tid ticks" lines)
jit_ticks() { grep -l 'CompilerThre' /proc/"$1"/task/*/comm 2>/dev/null | while read -r f; do awk '{print $1, $14 + $15}' "${f%comm}stat" 2>/dev/null || true; done; }
backends() { psql -h 127.0.0.1 -U postgres -Atq -c "SELECT pid FROM pg_stat_activity WHERE datname = '$1'" postgres; }
# measure <side> <label> <wrk arguments…>: one wrk run, printed with the CPU per request of the service and its backends
measure() {
    local side=$1 label=$2; shift 2
    local out before after dbbefore dbafter jitbefore jitafter
    out=$(bench_tmp)
    before=$(ticks "${PID[$side]}")
    jitbefore=$(jit_ticks "${PID[$side]}")
    # shellcheck disable=SC2046
    dbbefore=$(ticks $(backends "${DB[$side]}"))
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" > "$out"
    after=$(ticks "${PID[$side]}")
    jitafter=$(jit_ticks "${PID[$side]}")
    # shellcheck disable=SC2046
    dbafter=$(ticks $(backends "${DB[$side]}"))
    python3 - "$side" "$label" "$out" "$before" "$after" "$dbbefore" "$dbafter" "$(getconf CLK_TCK)" \
        "$(cut -d' ' -f1 /proc/loadavg)" "$jitbefore" "$jitafter" <<'PY'
import re, sys
side, label, out, before, after, dbbefore, dbafter, hz, load, jitbefore, jitafter = sys.argv[1:]
text = open(out).read()
def pairs(s): return dict(l.split() for l in s.strip().splitlines() if l.strip())
requests = int(re.search(r"(\d+) requests in", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
def ms(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, text, re.M)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
service = sum(int(v) for v in pairs(after).values()) - sum(int(v) for v in pairs(before).values())
b, a = pairs(dbbefore), pairs(dbafter)
db = sum(int(v) - int(b.get(k, 0)) for k, v in a.items())
jb, ja = pairs(jitbefore), pairs(jitafter)
jit = sum(int(v) - int(jb[k]) for k, v in ja.items() if k in jb)  # compiler threads alive at both ends
us = lambda t: t * 1e6 / int(hz) / max(requests, 1)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print("%s  %-10s %8.0f req/s  service %6.0f µs/req  db %5.0f µs/req  p50 %7.2f ms  p99 %7.2f ms  non-2xx %s  jit %4.0f µs/req  load %s"
      % (side, label, rps, us(service - jit), us(db), ms(50), ms(99), errors.group(1) if errors else 0, us(jit), load))
PY
}

echo "A: $JAR_A on $PORT; B: ${JAR_B:-none} on $PORT_B; $ROUNDS round(s) of ${SECONDS_PER_RUN}s, $CONNECTIONS connections, $(nproc) cores"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
for side in $SIDES; do
    SERVICE_PID=${PID[$side]} WARMUP_MAX=${WARMUP_MAX:-120} warm_up -c"$CONNECTIONS" -s "${GET_LUA[$side]}" \
        "${URL[$side]}/api/v1/scheduling/calendar/${ID[$side]}" | sed "s/^/$side /"
    [ "$POSTS" = 0 ] || wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-20}s" -s "$post_lua" "${URL[$side]}/api/v1/scheduling/calendar" >/dev/null
    psql -h 127.0.0.1 -U postgres -q -c "VACUUM (ANALYZE)" "${DB[$side]}"
done
results=$(bench_tmp)
profile() {  # profile start|stop
    [ -n "${PROFILE:-}" ] || return 0
    if [[ $PROFILE == *.jfr ]]; then
        if [ "$1" = start ]; then "$JAVA_HOME/bin/jcmd" "${PID[A]}" JFR.start name=ab settings=profile >/dev/null
        else "$JAVA_HOME/bin/jcmd" "${PID[A]}" JFR.dump name=ab filename="$(realpath "$PROFILE")" >/dev/null; fi
    # (the options quoted: jcmd would read the "=" in them as its own name=value)
    elif [ "$1" = start ]; then
        "$JAVA_HOME/bin/jcmd" "${PID[A]}" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,event=${PROFILE_EVENT:-cpu},interval=1ms\"" >/dev/null
    else
        "$JAVA_HOME/bin/jcmd" "${PID[A]}" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,file=$(realpath "$PROFILE")$([[ $PROFILE == *.html ]] || echo ,collapsed)\"" >/dev/null
    fi
}
profile start
for round in $(seq 1 "$ROUNDS"); do
    for side in $SIDES; do
        measure "$side" GET -s "${GET_LUA[$side]}" "${URL[$side]}/api/v1/scheduling/calendar/${ID[$side]}" | tee -a "$results"
    done
    if [ "$POSTS" != 0 ]; then
        for side in $SIDES; do
            measure "$side" POST -s "$post_lua" "${URL[$side]}/api/v1/scheduling/calendar" | tee -a "$results"
        done
    fi
done
profile stop
python3 - "$results" <<'PY'
import re, statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print("medians          req/s   service µs/req   db µs/req   p50 ms   p99 ms")
for label in ("GET", "POST"):
    for side in ("A", "B"):
        r = [x for x in rows if x[0] == side and x[1] == label]
        if not r: continue
        col = lambda name, off=1: statistics.median(float(x[x.index(name) + off]) for x in r)
        print("%s %-5s %10.0f %14.0f %11.0f %8.2f %8.2f" % (side, label, col("req/s", -1), col("service"), col("db"), col("p50"), col("p99")))
PY
echo "load after: $(uptime | sed 's/.*load average/load average/')"
