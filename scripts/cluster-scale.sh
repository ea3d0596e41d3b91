#!/usr/bin/env bash
# The canary at scale, by simulation: on a fresh local cluster (scripts/cluster.sh) with many fake nodes, forecast v1
# and v2 run with a few hundred replicas each; the 50/50 and the 100% steps of docs/tutorial.md are applied, and the
# script measures how long istiod takes to serve the frontend's sidecar the new weights, the endpoints per subset,
# and istiod's memory. No container runs (KWOK) and no request passes a proxy (no Envoy here): what is measured is
# the control plane alone. Report: target/cluster-scale.md (docs/cluster.md quotes it).
# Usage: scripts/cluster-scale.sh [--replicas N] [--nodes N]      (defaults: 300 replicas per version, 40 nodes)
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=300
nodes=40
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    *) echo "usage: $0 [--replicas N] [--nodes N]" >&2; exit 2 ;;
  esac
done
report=target/cluster-scale.md
mkdir -p target

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
rss_mib() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$(cat "target/cluster/pids/$1.pid")/status"; }
LOG_NAME=scale
. scripts/lib.sh

scripts/cluster.sh up --nodes "$nodes" >&2
trap 'scripts/cluster.sh down >&2' EXIT
eval "$(scripts/cluster.sh env)"

# The tutorial up to forecast v2 running beside v1, everything routed to v1
for file in k8s/namespace.yaml; do kubectl apply -f "$file" >/dev/null; done
kubectl apply -k k8s >/dev/null
for file in istio/weather-gateway.yaml istio/destination-rule-v1.yaml istio/virtual-service-v1.yaml \
    k8s/recommendation-all.yaml k8s/forecast-v2-deployment.yaml istio/forecast-v2-destination.yaml; do
  kubectl apply -f "$file" >/dev/null
done
istiod_before=$(rss_mib istiod)

start=$(now)
kubectl scale deployment forecast-v1 forecast-v2 -n weather --replicas="$replicas" >/dev/null
kubectl wait --for=condition=Available deployment forecast-v1 forecast-v2 -n weather --timeout=10m >/dev/null
until [ "$(kubectl get pods -n weather -l app=forecast --field-selector=status.phase=Running -o name | wc -l)" \
    -eq $((2 * replicas)) ]; do sleep 1; done
pods_s=$(since "$start")
log "$((2 * replicas)) forecast pods Running on $nodes nodes after $pods_s s"

frontend=$(kubectl get pod -n weather -l app=frontend -o jsonpath='{.items[0].metadata.name}')
# wait_for JQ-FILTER: seconds until the frontend's xDS answer satisfies the filter (polled, 60 s at most)
wait_for() {
  local from=$1 filter=$2 deadline=$((SECONDS + 60))
  until scripts/cluster.sh xds weather "$frontend" --timeout 30s 2>/dev/null | jq -e "$filter" >/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "timeout"; return; }
    sleep 0.1
  done
  since "$from"
}
subset_endpoints() { # the number of endpoints istiod gives a subset cluster of forecast
  scripts/cluster.sh xds weather "$frontend" --timeout 30s \
    | jq --arg c "outbound|3002|$1|forecast.weather.svc.cluster.local" '[.endpoints[$c].endpoints[]?.lb_endpoints[]] | length'
}
weights='.routes["3002"].virtual_hosts[] | select(.name == "forecast.weather.svc.cluster.local:3002")
  | .routes[0].route.weighted_clusters.clusters | map(.weight)'

endpoints_s=$(wait_for "$start" "[.endpoints[\"outbound|3002|v1|forecast.weather.svc.cluster.local\"].endpoints[]?.lb_endpoints[]] | length == $replicas")
log "istiod serves $replicas v1 endpoints $endpoints_s s after the scale-up"

xds_start=$(now)
scripts/cluster.sh xds weather "$frontend" --timeout 30s >target/cluster-scale-frontend.json
xds_s=$(since "$xds_start")
xds_kb=$(($(wc -c <target/cluster-scale-frontend.json) / 1024))

start=$(now)
kubectl apply -f istio/vs-forecast-weight-based-50.yaml >/dev/null
fifty_s=$(wait_for "$start" "$weights == [50, 50]")
log "50/50 served after $fifty_s s"
v1_endpoints=$(subset_endpoints v1)
v2_endpoints=$(subset_endpoints v2)

start=$(now)
kubectl apply -f istio/vs-forecast-weight-based-v2.yaml >/dev/null
hundred_s=$(wait_for "$start" '.routes["3002"].virtual_hosts[] | select(.name == "forecast.weather.svc.cluster.local:3002")
  | .routes[0].route.cluster == "outbound|3002|v2|forecast.weather.svc.cluster.local"
    or (.routes[0].route.weighted_clusters.clusters | map(.name) == ["outbound|3002|v2|forecast.weather.svc.cluster.local"])')
log "100% v2 served after $hundred_s s"
istiod_after=$(rss_mib istiod)
apiserver_after=$(rss_mib kube-apiserver)

{
  echo "Measured $(date -u +%FT%TZ) on $(nproc) cores: $nodes fake nodes, forecast v1 and v2 with $replicas replicas each"
  echo
  echo "| what | measured |"
  echo "|---|---|"
  echo "| $((2 * replicas)) forecast pods scheduled and Running (KWOK) | $pods_s s |"
  echo "| istiod serves all $replicas v1 endpoints, from the scale-up | $endpoints_s s |"
  echo "| one xDS answer for the frontend's sidecar (xds-dump, all resources) | $xds_s s, $xds_kb KiB |"
  echo "| the 50/50 weights served, from kubectl apply | $fifty_s s |"
  echo "| endpoints per subset at 50/50 (v1 / v2) | $v1_endpoints / $v2_endpoints |"
  echo "| 100% v2 served, from kubectl apply | $hundred_s s |"
  echo "| istiod resident memory: before the scale-up / after | $istiod_before MiB / $istiod_after MiB |"
  echo "| kube-apiserver resident memory after | $apiserver_after MiB |"
} | tee "$report"
