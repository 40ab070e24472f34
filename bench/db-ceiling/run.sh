#!/usr/bin/env bash
# How close the service comes to what PostgreSQL itself does with the same statements (issue 23). pgbench replays
# exactly the SQL the service sends (get.sql, create.sql: captured with log_statement = all, claims and role
# included), against the same database on the same cores, then wrk loads the API with the same requests, in one run:
#   GET /calendar/{id} (10 items), one tenant, one schedule: as bench/calendar-load
#   POST /calendar (10 items) spread over TENANTS tenants: as bench/calendar-load's multi-tenant create
# Prints each endpoint's req/s, p50/p99, its ceiling's TPS and p50/p99, the ratio, and the machine's load.
# Usage: bench/db-ceiling/run.sh [seconds per measurement] [connections] [tenants]
#   the same connection count for wrk and pgbench (16: past saturation on 2 cores, as bench/calendar-load says);
#   ROUNDS=n repeats the four measurements n times, interleaved (default 1); WARMUP seconds of API load first (30)
source "$(dirname "$0")/../lib.sh"
HERE=$ROOT/bench/db-ceiling
SECONDS_PER_RUN=${1:-20}
CONNECTIONS=${2:-16}
TENANTS=${3:-20}
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-30}
command -v pgbench >/dev/null || { echo "installing pgbench (Debian package postgresql-contrib)"; apt-get install -y -qq postgresql-contrib >/dev/null; }
need_wrk
build_jar
DB=primetime_bench_ceiling
start_service $DB SUPABASE_JWT_SECRET="$BENCH_SECRET"
tokens=$(bench_tmp)
mint_tokens "$TENANTS" > "$tokens"
TOKEN=$(head -1 "$tokens")
body=$(calendar_body)
created=$(bench_tmp)
curl -sf -X POST "$BASE/api/v1/scheduling/calendar" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$body" > "$created"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$created")
get_lua=$(bench_tmp)
echo 'wrk.headers["Authorization"] = "Bearer '"$TOKEN"'"' > "$get_lua"
post_lua=$(bench_tmp)
wrk_post_script "$body" "$tokens" > "$post_lua"

# pgbench's variables: the claims exactly as the service sets them (the token's payload as sent), one create script
# per tenant (ceiling() runs one per connection), and the items and events as the service bound them for this body
# (the events' payloads are the created schedule and items as JSON, as the service writes them)
scripts=$(bench_tmp -d)
pgvars=$(bench_tmp)
python3 - "$tokens" "$created" "$HERE/create.sql" "$scripts" "$TENANTS" > "$pgvars" <<'PY'
import base64, datetime, json, re, sys
tokens, created, template, out, tenants = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read(), sys.argv[4], int(sys.argv[5])
def arr(values):  # a PostgreSQL text array literal
    return "{" + ",".join("NULL" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"
def var(name, value):
    print("-D")
    print("%s=%s" % (name, value))
for n, token in enumerate(open(tokens).read().split(), 1):
    payload = token.split(".")[1]
    claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    sub = json.loads(claims)["sub"]
    var("claims_%d" % n, claims); var("sub_%d" % n, sub); var("tenant_%d" % n, sub)
    with open("%s/create-%d.sql" % (out, n), "w") as f:
        f.write(re.sub(r":(claims|sub|tenant)\b", lambda m: ":%s_%d" % (m.group(1), n), template))
items = created["items"]
schedule = dict(created, items=None)
var("role", "primetime_app"); var("title", created["title"]); var("timezone", created["timezone"]); var("metadata", "{}")
var("count", len(items)); var("events", len(items) + 1)
var("contents", arr(i["content_id"] for i in items)); var("platforms", arr(i["platform"] for i in items))
var("types", arr(i["content_type"] for i in items))
utc = lambda t: datetime.datetime.fromisoformat(t).astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
var("times", arr(utc(i["scheduled_time"]) for i in items))  # as the service binds an Instant
var("earliest", arr(None for _ in items)); var("latest", arr(None for _ in items)); var("nones", arr(None for _ in items))
var("priorities", arr(i["priority"] for i in items)); var("pinned", arr(str(i["pinned"]).lower() for i in items))
var("statuses", arr(i["status"] for i in items)); var("metadatas", arr("{}" for _ in items))
var("etypes", arr(["schedule.created"] + ["item.created"] * len(items)))
compact = lambda o: json.dumps(o, separators=(",", ":"))
var("payloads", arr([compact(schedule)] + [compact(i) for i in items]))
PY
mapfile -t PGVARS < "$pgvars"
first_tenant=(-D "claims=$(python3 -c 'import base64,sys; p=sys.argv[1].split(".")[1]; print(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)).decode())' "$TOKEN")"
              -D "sub=bench-1" -D "tenant=bench-1")
# the same creates without their NOTIFY, to show what PostgreSQL's commit-time notify lock costs (a diagnostic
# line, not a ceiling: the service needs the NOTIFY)
for n in $(seq 1 "$TENANTS"); do
    sed "s/SELECT pg_notify('primetime_events', counter.tenant_id || ':' || counter.last_event_id) FROM counter/SELECT 1 FROM counter/" \
        "$scripts/create-$n.sql" > "$scripts/quiet-$n.sql"
done

# ceiling <label> <seconds> <pgbench arguments...>: TPS and p50/p99 (per-transaction log), one line.
# With CEILING_SCRIPT set (a file name with %d for the tenant), one pgbench per connection instead, connection k
# running tenant k's script: each connection its own tenant, as wrk's creates go round the tenants (at random,
# connections collide on a tenant's event counter row, a wait the API's load does not have).
ceiling() {
    local label=$1 seconds=$2; shift 2
    local logs out k
    logs=$(bench_tmp -d)
    out=$(bench_tmp -d)
    if [ -z "${CEILING_SCRIPT:-}" ]; then
        (cd "$logs" && pgbench -n -M prepared -h 127.0.0.1 -U postgres -c "$CONNECTIONS" -j 2 -T "$seconds" -l --log-prefix=tx \
            "${PGVARS[@]}" "$@" $DB > "$out/1" 2>&1) || { cat "$out/1" >&2; exit 1; }
    else
        local pids=()
        for k in $(seq 1 "$CONNECTIONS"); do
            # shellcheck disable=SC2059
            (cd "$logs" && exec pgbench -n -M prepared -h 127.0.0.1 -U postgres -c 1 -j 1 -T "$seconds" -l --log-prefix="tx$k" \
                "${PGVARS[@]}" -f "$(printf "$CEILING_SCRIPT" $(( (k - 1) % TENANTS + 1 )))" "$@" $DB > "$out/$k" 2>&1) &
            pids+=($!)
        done
        for k in "${pids[@]}"; do wait "$k" || { cat "$out"/* >&2; exit 1; }; done
    fi
    python3 - "$logs" "$(awk '/^tps/ {s += $3} END {print s}' "$out"/*)" "$label" "$(awk '/number of failed transactions/ {s += $5} END {print s + 0}' "$out"/*)" <<'PY'
import glob, sys
lat = sorted(int(line.split()[2]) for f in glob.glob(sys.argv[1] + "/tx*") for line in open(f))
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] / 1000.0
print("%-44s %10.1f TPS     p50 %6.2fms   p99 %6.2fms   failed %s" % (sys.argv[3], float(sys.argv[2]), pct(0.5), pct(0.99), sys.argv[4]))
PY
}
# api <label> <lua> <path>: one wrk measurement, printed as bench/calendar-load prints it
api() {
    local out
    out=$(bench_tmp)
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$2" "$BASE$3" > "$out"
    wrk_summary "$1" "$out"
}

maintain_database $DB
echo "DB ceiling: ${SECONDS_PER_RUN}s per measurement, $CONNECTIONS connections (wrk and pgbench, 2 threads each), $TENANTS tenants for creates, $ROUNDS round(s); $(nproc) cores"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
# warm-up: the service's JIT (see lib.sh's warm_up), and pgbench's prepared statements and the buffer cache
WARMUP_MAX=${WARMUP_MAX:-120} warm_up -c"$CONNECTIONS" -s "$get_lua" "$BASE/api/v1/scheduling/calendar/$id"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$post_lua" "$BASE/api/v1/scheduling/calendar" >/dev/null
ceiling "(warm-up)" 5 -f "$HERE/get.sql" -D "id=$id" "${first_tenant[@]}" >/dev/null
CEILING_SCRIPT="$scripts/create-%d.sql" ceiling "(warm-up)" 5 >/dev/null
results=$(bench_tmp)
for round in $(seq 1 "$ROUNDS"); do
    echo "-- round $round"
    ceiling "ceiling: GET's SQL (pgbench)" "$SECONDS_PER_RUN" -f "$HERE/get.sql" -D "id=$id" "${first_tenant[@]}" | tee -a "$results"
    api "GET /calendar/{id} (10 items)" "$get_lua" "/api/v1/scheduling/calendar/$id" | tee -a "$results"
    CEILING_SCRIPT="$scripts/create-%d.sql" ceiling "ceiling: create's SQL (pgbench)" "$SECONDS_PER_RUN" | tee -a "$results"
    api "POST /calendar (10 items), $TENANTS tenants" "$post_lua" "/api/v1/scheduling/calendar" | tee -a "$results"
    CEILING_SCRIPT="$scripts/quiet-%d.sql" ceiling "(the same without its NOTIFY)" "$SECONDS_PER_RUN" | tee -a "$results"
    echo "   load: $(uptime | sed 's/.*load average/load average/')"
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [l for l in open(sys.argv[1])]
def rates(prefix): return [float(l.split()[l.split().index("TPS" if "TPS" in l else "req/s") - 1]) for l in rows if l.startswith(prefix)]
# the ceiling is the most the database did with the SQL (a round it was held back in says nothing about its limit);
# the API's figure is its median
for name, api, ceiling, target in (("GET /calendar/{id}", "GET /calendar", "ceiling: GET", 0.5),
                                    ("POST /calendar (10 items)", "POST /calendar", "ceiling: create", 0.6)):
    a, c = rates(api), rates(ceiling)
    ratio = statistics.median(a) / max(c)
    print("%-28s API %8.0f req/s (median) / ceiling %8.0f TPS (best) = %.2f (target >= %.1f: %s)" % (name, statistics.median(a), max(c),
          ratio, target, "met" if ratio >= target else "missed"))
    if max(c) > 2 * min(c):
        print("  the ceiling varied more than 2x between rounds (%s TPS): the machine was not quiet" % ", ".join("%.0f" % x for x in c))
PY
echo "service peak RSS: $(rss_mib) MiB; load after: $(uptime | sed 's/.*load average/load average/')"
