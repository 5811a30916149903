#!/usr/bin/env bash
# The performance benchmark of issue 16 in one command: single POSTs and the batch against the server's own commit
# and COPY limits, a breach's email under load, flat growth (10 000 against 10 000 000 stored values, /metrics
# at 100 000 series), and the resident memory of the packaged jar as its own process at 100 000 series under load
# (built first). Every phase talks to 127.0.0.1 only and stops after a fixed count or time. Prints the machine
# and the commit first and every table of figures against its limit at the end; the whole log stays in target/bench/.
# Usage: bash src/test/scripts/performance.sh [extra Maven arguments, e.g. -Dbench.values=1000000]
set -uo pipefail
cd "$(dirname "$0")/../../.."
mkdir -p target/bench
log="target/bench/performance-$(date -u +%Y%m%dT%H%M%SZ).log"
tests='IngestThroughputBench,AlertEmailLatencyBench#windowZeroWhileOthersIngestAtHalfTheMaximumRate,FlatGrowthBench,ServiceMemoryBench'

machine() {
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus:    $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "java:    $(java -version 2>&1 | head -1)"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
}

machine | tee "$log"
# ServiceMemoryBench runs target/indikatorvakt.jar, so the jar is built from this commit first
mvn -B -ntp -q package -DskipTests 2>&1 | tee -a "$log" || { echo "== the jar did not build =="; exit 1; }
mvn -B -ntp -Pbench test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}

echo
echo "== machine at the end =="
machine
echo
echo "== figures against their limits (whole log: $log) =="
# the benchmarks print their results as Markdown tables and their verdicts as "goal ..." lines
grep -E '^\|.*\|$|^goal |^pg_settings|load average' "$log" | grep -vE '^\[(INFO|WARNING|ERROR)\]' || true
echo
echo "== result: mvn exit status $status =="
exit "$status"
