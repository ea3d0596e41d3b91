#!/usr/bin/env bash
# A prototype for issue 22 (the automated canary decides, on real Prometheus), not wired into scripts/cluster.sh yet;
# what it showed is in the design note automated-canary.md of the session that wrote it.
#
#   scripts/cluster/prometheus/prototype.sh build OUTPUT [--cold]
#       builds the Prometheus server of this module (cmd/prometheus of github.com/prometheus/prometheus, the version
#       go.mod pins) into OUTPUT under nice -n 19, with the build tags below, and prints the build time, the binary's
#       size and `prometheus --version`. --cold: with an empty Go build cache of its own (removed afterwards), to know
#       what a new machine pays; the module cache stays the shared one.
#   scripts/cluster/prometheus/prototype.sh scrape PROMETHEUS JAR APP VERSION [PATH [JSON]]
#       starts JAR on a free loopback port as the data plane starts a service (SERVICE_VERSION, the root pom's JVM
#       options, -XX:MaxRAM of the pods' 384 MiB limit; the caller's environment, e.g. WEATHER_FAULTS_FAILURE_PERCENT,
#       passes through), and PROMETHEUS on another one with a scrape config for the jar's /actuator/prometheus (a
#       static target with the labels that Istio's Prometheus addon gives a pod: namespace, app, version, pod), sends
#       300 requests to PATH (default forecast's /weather?city=beijing&days=1; POSTed with JSON when given) and 20 for
#       an unknown city, and asks Prometheus' HTTP API for http_server_requests_seconds_count by version and status and
#       for the analysis values (success rate; mean latency; p95 and the share within 500 ms, which need the SLO
#       buckets that APP_ARGS="--management.metrics.distribution.slo.http.server.requests=100ms,250ms,500ms,1s"
#       gives the jar). Stops both by PID, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../../.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

PROMETHEUS_MODULE_VERSION=$(sed -n 's/^require github.com\/prometheus\/prometheus \(v[0-9.]*\)$/\1/p' \
  scripts/cluster/prometheus/go.mod)
# Service discovery for Kubernetes only (the file and HTTP discovery are always built in): no cloud SDKs. netgo as
# Prometheus' own release build (.promu.yml); not builtinassets: the module has no built web UI (it needs npm), so
# the UI pages answer an error and the HTTP API works.
TAGS=netgo,remove_all_sd,enable_kubernetes_sd

build() {
  local output=${1:?usage: prototype.sh build OUTPUT [--cold]} cold=${2:-} cache version start
  version=$(cat "$(cd scripts/cluster/prometheus && go mod download -json github.com/prometheus/prometheus |
    sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')/VERSION")
  if [ "$cold" = --cold ]; then
    cache=$(mktemp -d)
    export GOCACHE=$cache
    trap 'go clean -cache; rm -rf "$cache"' EXIT
  fi
  log "building Prometheus $version (github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION), tags $TAGS," \
    "GOCACHE=$(go env GOCACHE), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$SECONDS
  (cd scripts/cluster/prometheus && CGO_ENABLED=0 nice -n 19 go build -tags "$TAGS" -ldflags "
      -X github.com/prometheus/common/version.Version=$version
      -X github.com/prometheus/common/version.Revision=$PROMETHEUS_MODULE_VERSION
      -X github.com/prometheus/common/version.Branch=$PROMETHEUS_MODULE_VERSION" \
    -o "$output" github.com/prometheus/prometheus/cmd/prometheus)
  log "built in $((SECONDS - start)) s, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
  ls -l "$output"
  "$output" --version
}

scrape() {
  local prometheus=${1:?usage: prototype.sh scrape PROMETHEUS JAR APP VERSION [PATH [JSON]]} jar=${2:?JAR}
  local app=${3:?APP} version=${4:?VERSION} path=${5:-/weather?city=beijing&days=1} json=${6:-}
  local app_port prom_port i flag
  # globals: the EXIT trap runs after this function's locals are gone
  dir=$(mktemp -d) app_pid="" prom_pid=""
  trap '[ -z "$app_pid" ] || kill "$app_pid" 2>/dev/null; [ -z "$prom_pid" ] || kill "$prom_pid" 2>/dev/null;
    wait 2>/dev/null; log "stopped PIDs $app_pid $prom_pid; logs and data in $dir"' EXIT
  free_port app_port
  free_port prom_port
  # shellcheck source=scripts/use-jdk.sh
  source scripts/use-jdk.sh
  use_jdk >/dev/null
  local flags=()
  while read -r flag; do flags+=("$flag"); done < <(awk '/<jvmFlags>/ { on = 1 } on && /<jvmFlag>/ {
      sub(/.*<jvmFlag>/, ""); sub(/<\/jvmFlag>.*/, ""); print } /<\/jvmFlags>/ { exit }' pom.xml)
  SERVICE_VERSION=$version POD_NAME="$app-prototype" "$JAVA_HOME/bin/java" "${flags[@]}" -XX:MaxRAM=384m -jar "$jar" \
    --server.port="$app_port" ${APP_ARGS:-} >"$dir/app.log" 2>&1 &
  app_pid=$!
  cat >"$dir/prometheus.yml" <<CONFIG
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: kubernetes-pods
    honor_labels: true
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
        labels: {namespace: weather, app: "$app", version: "$version", pod: "$app-prototype"}
CONFIG
  "$prometheus" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$prom_port" >"$dir/prometheus.log" 2>&1 &
  prom_pid=$!
  local start=$SECONDS
  wait_ready prometheus "$prom_port" /-/ready 30 "$prom_pid" "$dir/prometheus.log"
  log "Prometheus ready on 127.0.0.1:$prom_port in $((SECONDS - start)) s, RSS $(rss "$prom_pid")"
  wait_ready "$(basename "$jar")" "$app_port" /actuator/health/readiness 120 "$app_pid" "$dir/app.log"
  log "$(basename "$jar") ready on 127.0.0.1:$app_port in $((SECONDS - start)) s"
  local codes
  codes=$(for i in $(seq 1 300); do
    curl -s -o /dev/null -w '%{http_code}\n' ${json:+-H 'Content-Type: application/json' -d "$json"} \
      "http://127.0.0.1:$app_port$path"
  done | sort | uniq -c | tr -s ' \n' ' ')
  log "300 requests to $path answered: $codes"
  for i in $(seq 1 20); do http_status "$app_port" "/weather?city=atlantis&days=1" >/dev/null; done
  sleep 5
  query "$prom_port" 'sum by (version, service_version, status, uri) (http_server_requests_seconds_count)'
  local selector="namespace=\"weather\", app=\"$app\", version=\"$version\", uri!~\"/actuator.*\""
  query "$prom_port" "sum(rate(http_server_requests_seconds_count{$selector, status!~\"5..\"}[30s]))
    / sum(rate(http_server_requests_seconds_count{$selector}[30s]))"
  query "$prom_port" "sum(rate(http_server_requests_seconds_sum{$selector}[30s]))
    / sum(rate(http_server_requests_seconds_count{$selector}[30s]))"
  query "$prom_port" "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{$selector}[30s])))"
  query "$prom_port" "sum(rate(http_server_requests_seconds_bucket{$selector, le=\"0.5\"}[30s]))
    / sum(rate(http_server_requests_seconds_count{$selector}[30s]))"
  curl -s "http://127.0.0.1:$prom_port/api/v1/targets" | head -c 600; echo
  log "status of the UI page /query (no built-in assets): $(http_status "$prom_port" /query)"
  log "Prometheus RSS at the end $(rss "$prom_pid")"
}

query() { # PORT PROMQL: the instant query's answer from Prometheus' HTTP API
  log "query: $(tr -s ' \n' ' ' <<<"$2")"
  curl -s --get "http://127.0.0.1:$1/api/v1/query" --data-urlencode "query=$2"
  echo
}

rss() { awk '/^VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$1/status"; }

case "${1:-}" in
build) shift; build "$@" ;;
scrape) shift; scrape "$@" ;;
*) die "usage: prototype.sh build OUTPUT [--cold] | prototype.sh scrape PROMETHEUS JAR VERSION" ;;
esac
