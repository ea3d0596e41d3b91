#!/usr/bin/env bash
# Measures what the closing notes report: each service's start-up time (alone, then all five at once as
# ./run-local.sh starts them) and its resident memory after 1,000 requests to its main endpoint.
# Needs curl. Report: target/measure-local.txt
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/use-jdk.sh
use_jdk
report=target/measure-local.txt
work=target/measure-local
mkdir -p "$work"
java_opts=${JAVA_OPTS:-$default_java_opts}
export JAVA_OPTS=$java_opts

. scripts/services.sh
./mvnw -q -DskipTests package -pl "$(service_modules ,)" -am

modules=()
declare -A ports
while read -r module local_port; do
  modules+=("$module")
  ports[$module]=$local_port
done < <(services)

started_in() { sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$1" | tail -1; }

{
  echo "Measured $(date -u +%FT%TZ) on $(nproc) cores, $(java -version 2>&1 | head -1), JAVA_OPTS=$java_opts"
  echo
  echo "Start-up alone (Spring Boot's 'Started ... in', seconds):"
} >"$report"
for module in "${modules[@]}"; do
  # shellcheck disable=SC2086
  java $java_opts -jar "$module/target/$module.jar" --server.port="${ports[$module]}" >"$work/$module-alone.log" 2>&1 &
  pid=$!
  until curl -sf "localhost:${ports[$module]}/actuator/health/readiness" >/dev/null; do sleep 0.2; done
  printf '  %-15s %s\n' "$module" "$(started_in "$work/$module-alone.log")" >>"$report"
  kill "$pid"; wait "$pid" || true
done

setsid ./run-local.sh >"$work/run-local.out" 2>&1 &
runner=$!
trap 'kill -TERM $runner 2>/dev/null; wait $runner 2>/dev/null || true' EXIT
until grep -q "is running" "$work/run-local.out"; do
  kill -0 $runner 2>/dev/null || { cat "$work/run-local.out"; exit 1; }
  sleep 0.5
done

requests() { # url-template count: a curl config, so one process and kept-alive connections send them all
  local template=$1 count=$2 cities=(beijing shanghai london singapore sydney new-york harbin cairo)
  for ((i = 0; i < count; i++)); do
    printf 'url = "%s"\noutput = /dev/null\n' "${template//CITY/${cities[i % ${#cities[@]}]}}"
  done
}
load() { # name, then curl options: sends the requests and records the answers' status codes
  local name=$1; shift
  printf '  %-15s %s\n' "$name" "$(curl -s -K - -w '%{http_code}\n' "$@" | sort | uniq -c | xargs)" >>"$work/status.txt"
}
: >"$work/status.txt"
requests "http://localhost:3000/api/weather?city=CITY&days=3" 1000 | load frontend
requests "http://localhost:3002/weather?city=CITY&days=7" 1000 | load forecast-v1
requests "http://localhost:3012/weather?city=CITY&days=7" 1000 | load forecast-v2
requests "http://localhost:3003/ad?city=CITY" 1000 | load advertisement
requests "http://localhost:3005/recommendations" 1000 | load recommendation -H 'Content-Type: application/json' \
  -d '{"days":[{"condition":"rain","minTemperature":8,"maxTemperature":14},{"condition":"sunny","minTemperature":20,"maxTemperature":31}]}'

{
  echo
  echo "All five at once (./run-local.sh): start-up seconds, and resident memory after 1,000 requests each"
  echo "(frontend /api/weather; forecast /weather?days=7; advertisement /ad; recommendation POST, 2 days):"
  for module in "${modules[@]}"; do
    pid=$(pgrep -f "$module/target/$module.jar" | head -1)
    rss=$(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$pid/status")
    printf '  %-15s started in %5s s   RSS %s\n' "$module" "$(started_in "target/run-local/$module.log")" "$rss"
  done
  echo
  echo "Answers to the 1,000 requests (count, status):"
  cat "$work/status.txt"
} >>"$report"
cat "$report"
