#!/usr/bin/env bash
# Single POSTs measured from outside, the way issue 16 checks them: in alternating rounds on one PostgreSQL server,
# pgbench's one-row INSERT + COMMIT at 32 clients (the limit) and wrk at 32 connections posting one new value per
# request to the packaged service (single-post.lua). Prints each round, the medians and their ratio, and the
# service's CPU per request. Talks to 127.0.0.1 only and stops after a fixed time.
#
# Usage: bash src/test/scripts/outside-single-post.sh postgresql://USER:PASSWORD@127.0.0.1:PORT [rounds] [seconds]
#   USER must create databases and roles (the migrations create the service's roles): a superuser of a scratch
#   server. Needs psql, pgbench and wrk, and the jar (mvn -B -ntp package -DskipTests). Settings pass through the
#   environment, e.g. INDIKATORVAKT_INGEST_CONCURRENT_TRANSACTIONS=4 to compare. The keys are Kalmar's day-level
#   values since 2016 of its 25 units that have existed since then (about 100 000 per wrk thread, none later than
#   today): enough for the warm-up and three rounds below about 5 000 POST/s.
set -euo pipefail
cd "$(dirname "$0")/../../.."
server=${1:?postgresql://USER:PASSWORD@127.0.0.1:PORT of a scratch server}
rounds=${2:-3}
seconds=${3:-8}
for tool in psql pgbench wrk; do
  command -v "$tool" >/dev/null || { echo "needs $tool on the PATH" >&2; exit 2; }
done
[[ -f target/indikatorvakt.jar ]] || { echo "needs target/indikatorvakt.jar: mvn -B -ntp package -DskipTests" >&2; exit 2; }
database="indikatorvakt_outside_$$"
work=$(mktemp -d)
api=18080
management=19090
service=""
cleanup() {
  [[ -n "$service" ]] && kill "$service" 2>/dev/null && wait "$service" 2>/dev/null
  psql -q "$server/postgres" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$server/postgres" -c "CREATE DATABASE $database" >/dev/null
# the limit's table lives in a schema of its own: the service's migrations want the public schema to themselves
psql -q "$server/$database" -c "CREATE SCHEMA outside" \
  -c "CREATE TABLE outside.bench_commit (id bigserial PRIMARY KEY, value double precision NOT NULL)"
echo "INSERT INTO outside.bench_commit (value) VALUES (1);" > "$work/commit.sql"
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes'), $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -qAt "$server/$database" -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings
  WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes')"

(cd "$work" && INDIKATORVAKT_CONFIG_DIR="$OLDPWD/config" INDIKATORVAKT_DATABASE_URL="$server/$database" \
  INDIKATORVAKT_HTTP_PORT=$api INDIKATORVAKT_MANAGEMENT_PORT=$management \
  INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND=1000000 INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST=1000000 \
  exec java @"$OLDPWD/config/jvm.options" -jar "$OLDPWD/target/indikatorvakt.jar" > "$work/service.log" 2>&1) &
service=$!
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$management/health/ready" >/dev/null && break
  kill -0 "$service" 2>/dev/null || { grep -m5 -E "ERROR|Exception" "$work/service.log" >&2; exit 1; }
  sleep 0.5
done

cpu() { awk '{print $14 + $15}' "/proc/$(pgrep -P "$service" java || echo "$service")/stat"; }
# each run starts past every key posted before it: a thread never posts more than the whole run did
offset=0
post() {
  OFFSET=$offset wrk -t2 -c32 -d"$1s" --latency -s src/test/scripts/single-post.lua "http://127.0.0.1:$api" \
    >"$work/wrk.out" 2>"$work/wrk.err"
  # two threads, each its own indicator: each posted about half of the requests, a few more at most
  offset=$((offset + $(awk '/requests in/ {print int($1 / 2) + 100}' "$work/wrk.out")))
}
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# the JIT's first minutes are not what a running service costs: a warm-up of both first, not counted
post $((seconds * 2))
pgbench -n -c 32 -j 2 -T "$seconds" -f "$work/commit.sql" "$server/$database" >/dev/null 2>&1
: > "$work/limit"; : > "$work/posts"; : > "$work/p50"; : > "$work/p99"; : > "$work/cpu"
for round in $(seq "$rounds"); do
  limit=$(pgbench -n -c 32 -j 2 -T "$seconds" -f "$work/commit.sql" "$server/$database" 2>&1 \
    | awk '/^tps/ {print $3}')
  before=$(cpu)
  post "$seconds"
  out=$(cat "$work/wrk.out")
  after=$(cpu)
  rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  count=$(awk '/requests in/ {print $1}' <<<"$out")
  failed=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  per=$(awk -v t=$((after - before)) -v n="$count" 'BEGIN {printf "%.2f", t * 10 / n}')
  echo "round $round: pgbench $limit commits/s; service $rate POST/s (failed ${failed:-0}), p50 $p50, p99 $p99," \
    "service CPU $per ms per POST; load $(cut -d' ' -f1 /proc/loadavg)"
  [[ -z "$failed" ]] || { cat "$work/wrk.err" >&2; exit 1; }
  echo "$limit" >> "$work/limit"; echo "$rate" >> "$work/posts"; echo "$per" >> "$work/cpu"
  sed -E 's/ms$//; s/^([0-9.]+)s$/\1e3/' <<<"$p50" >> "$work/p50"
  sed -E 's/ms$//; s/^([0-9.]+)s$/\1e3/' <<<"$p99" >> "$work/p99"
done
limit=$(median < "$work/limit"); rate=$(median < "$work/posts")
echo
echo "| figure | median of $rounds rounds of ${seconds} s | ratio to pgbench | goal |"
echo "|---|---|---|---|"
echo "| pgbench one-row INSERT + COMMIT, 32 clients | $limit commits/s | 1 | – |"
awk -v r="$rate" -v l="$limit" -v p50="$(median < "$work/p50")" -v p99="$(median < "$work/p99")" \
  -v c="$(median < "$work/cpu")" 'BEGIN {printf "| single POST, wrk 32 connections | %s POST/s, p50 %s ms, p99 %s ms, " \
  "service CPU %s ms per POST | %.2f | >= 0.5, p99 < 50 ms |\n", r, p50, p99, c, r / l}'
