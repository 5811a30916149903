#!/usr/bin/env bash
# Runs every benchmark and long fault test (Maven profile `bench`: JUnit tag `bench`, surefire and
# failsafe), keeps the whole log under target/bench/, and prints the machine and the figures at the end.
# Usage: bash src/test/scripts/bench.sh [extra Maven arguments, e.g. -Dtest='IngestBench*']
set -uo pipefail
cd "$(dirname "$0")/../../.."
mkdir -p target/bench
log="target/bench/bench-$(date -u +%Y%m%dT%H%M%SZ).log"

machine() {
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: mvn -B -ntp -Pbench verify $*"
  echo "cpus:    $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "java:    $(java -version 2>&1 | head -1)"
  echo "os:      $(uname -sr)"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
}

machine "$@" | tee "$log"
mvn -B -ntp -Pbench verify "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}

echo
echo "== machine =="
machine "$@"
echo
echo "== figures (whole log: $log) =="
# Our own figures are "BENCH | name | value | unit | note" lines; the other benchmarks print their
# results as lines that name a median or percentile, a rate or a ratio.
grep -E '^BENCH \||p50|p99|median|/s\b|ratio|scrape|SMTP down|outage|taken over|claimed by' "$log" \
  | grep -vE '^\[(INFO|WARNING|ERROR)\]|Tests run:|^[[:space:]]+at |^[0-9:.]+ (INFO|WARN|ERROR)' || true
echo
echo "== result: mvn exit status $status =="
exit "$status"
