#!/usr/bin/env bash
# Proves that the service images (one per module of services.txt) run. Builds them with Jib twice (the second time from clean, to check that
# the digests are the same), checks each image's configuration, starts the containers as the Kubernetes
# Deployments will run them (one network with the Service names, read-only root filesystem and a writable /tmp,
# 256 MiB each, the Deployments' environment), drives the page API through the frontend, stops recommendation
# and checks that the weather still answers, and measures sizes, start-up and memory. Everything it started is
# stopped and removed at the end, also on failure; the images stay. Report: target/images-report.txt.
#
# Usage: scripts/images/smoke-test.sh [--base-image IMAGE]
#   Without --base-image the base is the offline stand-in made by offline-base-image.sh (no registry needed).
#   With it, IMAGE (for example eclipse-temurin:25.0.3_9-jre-noble) is pulled by the container engine.
# CONTAINER_ENGINE=docker|podman chooses the engine (default: Docker when its daemon answers, else podman).
# shellcheck disable=SC2016 # jq programs are in single quotes
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/use-jdk.sh
LOG_NAME=smoke-test
. scripts/lib.sh
. scripts/images/engine.sh
. scripts/images/containers.sh

offline_base=localhost/weather-jre:25
base_image=$offline_base
case "${1:-}" in
  --base-image) base_image=${2:?--base-image needs an image} ;;
  "") ;;
  *) echo "Usage: $0 [--base-image IMAGE]" >&2; exit 2 ;;
esac

started=$EPOCHREALTIME
run_id=weather-smoke
. scripts/services.sh
containers_init "$run_id"
services=("${container_services[@]}") # module, image, version label, port, network alias
modules=$(service_modules ,)
registry=$container_registry
tmp=$(mktemp -d)

seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000000 }'; }

cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
    for service in "${services[@]}"; do
      read -r module _ <<<"$service"
      if "$ENGINE" inspect "$run_id-$module" >/dev/null 2>&1; then
        echo "--- last log lines of $run_id-$module"
        "$ENGINE" logs --tail 30 "$run_id-$module" 2>&1 || true
      fi
    done
  fi
  remove_containers
  rm -rf "$tmp"
}

remove_containers() { containers_remove; } # also those a killed earlier run left behind

build_images() { # build_images NAME MAVEN-PHASES...: Jib writes one tarball per service
  local name=$1 t0=$EPOCHREALTIME
  shift
  ./mvnw -q -B -DskipTests "$@" jib:buildTar -pl "$modules" -am "${maven_git[@]}" \
    -Djib.from.image="tar://$tmp/base.tar" -Djib.from.platforms="linux/$arch"
  for service in "${services[@]}"; do
    read -r module _ <<<"$service"
    echo "$module $(cat "$module/target/jib-image.digest")" >>"$tmp/digests-$name"
  done
  build_s[$name]=$(seconds_since "$t0")
}

image_id() { "$ENGINE" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

fetch() { curl -s -o "$tmp/body" -w '%{http_code}' --max-time 10 "$1"; } # fetch URL: the status; the body in $tmp/body

json_is() { # json_is URL [JQ-OPTIONS] JQ-FILTER: the answer is 200 and the filter is true on its body
  [ "$(fetch "$1")" = 200 ] && jq -e "${@:2}" "$tmp/body" >/dev/null
}

jvm_mib() { # jvm_mib MODULE AREA: JVM memory in use (heap or nonheap), from the Prometheus endpoint
  curl -fs --max-time 5 "http://127.0.0.1:${container_host_port[$1]}/actuator/prometheus" \
    | awk -v area="$2" '/^jvm_memory_used_bytes\{/ && index($0, "area=\"" area "\"") { s += $NF }
        END { printf "%.0f", s / 1048576 }'
}

trap cleanup EXIT
use_jdk
pick_engine
apt_install curl jq
remove_containers

case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "Unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

# 1. Base image, as a docker-archive tarball for Jib (an OCI archive does not work as Jib's base)
image_refs=()
for service in "${services[@]}"; do
  read -r _ image _ <<<"$service"
  image_refs+=("$registry/$image")
done
image_refs+=("$base_image")
old_ids=()
for ref in "${image_refs[@]}"; do old_ids+=("$(image_id "$ref")"); done
if [ "$base_image" = "$offline_base" ]; then
  log "Building the offline base image $base_image"
  scripts/images/offline-base-image.sh "$base_image"
elif ! "$ENGINE" image inspect "$base_image" >/dev/null 2>&1; then
  "$ENGINE" pull "$base_image"
fi
quietly "$ENGINE" save -o "$tmp/base.tar" "$base_image"
base_size=$("$ENGINE" image inspect -f '{{.Size}}' "$base_image")
base_java=$("$ENGINE" run --rm "${ENGINE_RUN_OPTS[@]}" --entrypoint java "$base_image" -version 2>&1 | sed -n 2p)

# 2. Images, twice: the second build starts from clean and must give the same digests
declare -A build_s
revision=$(git rev-parse HEAD 2>/dev/null || echo "")
read -ra maven_git <<<"$(git_commit_option)"
log "Building the images with Jib"
for service in "${services[@]}"; do rm -rf "${service%% *}/target/aot"; done # a cache of an earlier run
build_images first package
log "Building them again from clean"
build_images second clean package
check "a rebuild from clean gives the same image digests" cmp -s "$tmp/digests-first" "$tmp/digests-second"
load_images() {
  for service in "${services[@]}"; do
    read -r module _ <<<"$service"
    quietly "$ENGINE" load -i "$module/target/jib-image.tar"
  done
}
load_images
# The AOT cache: a training run of each image, then the images again with the cache as one more layer
log "Training the images' AOT caches"
t0=$EPOCHREALTIME
scripts/images/aot-train.sh
build_s[aot-train]=$(seconds_since "$t0")
log "Building the images with their AOT caches"
build_images with-aot package
load_images
# Remove the images that this run replaced (the services' first, then the base), so that runs do not pile them up
for i in "${!image_refs[@]}"; do
  if [ -n "${old_ids[i]}" ] && [ "${old_ids[i]}" != "$(image_id "${image_refs[i]}")" ]; then
    "$ENGINE" rmi "${old_ids[i]}" >/dev/null 2>&1 || true
  fi
done

# 3. Image configuration
for service in "${services[@]}"; do
  read -r module image label port _ <<<"$service"
  "$ENGINE" image inspect -f '{{json .Config}}' "$registry/$image" >"$tmp/config-$module.json"
  config=$tmp/config-$module.json
  check "$image runs as a numeric user that is not root" \
    jq -e '.User | test("^[0-9]+(:[0-9]+)?$") and (split(":")[0] != "0")' "$config"
  check "$image entrypoint runs java with the $module main class" \
    jq -e '.Entrypoint[0] == "java" and (.Entrypoint[-1] | test("^io\\.weatherforecast\\..*Application$"))' "$config"
  check "$image starts with its AOT cache, and the JVM accepts it" sh -c "jq -e '.Entrypoint | index(\"-XX:AOTCache=/app/aot/app.aot\")' '$config' && '$ENGINE' run --rm ${ENGINE_RUN_OPTS[*]} --entrypoint java '$registry/$image' -XX:AOTMode=on -XX:AOTCache=/app/aot/app.aot $(jq -r '.Entrypoint[1:-1] | map(select(startswith("-XX:AOTCache") | not)) | join(" ")' "$config") -version"
  check "$image exposes port $port only" jq -e --arg p "$port/tcp" '.ExposedPorts | keys == [$p]' "$config"
  check "$image has the version label $label and the OCI labels" jq -e --arg l "$label" --arg r "$revision" '
    .Labels as $labels | $labels.version == $l
    and all("title", "version", "source"; $labels["org.opencontainers.image." + .] | length > 0)
    and ($r == "" or $labels["org.opencontainers.image.revision"] == $r)' "$config"
done

# 4. The containers, started together as a rollout would
containers_start
log "Started the containers; waiting for readiness"
containers_wait_ready
declare -n host_port=container_host_port ready_s=container_ready_s

# 5. Through the frontend, as a browser would
web=http://127.0.0.1:${host_port[frontend]}
check "the page loads" sh -c "curl -fs --max-time 10 '$web/' | grep -qi '<html'"
# The first call after start-up loads classes and opens connections in three JVMs: on a loaded 2-core machine
# forecast v2's call to recommendation can outlast its 1 s time limit, and that one answer rightly comes without
# advice. One untimed call first, as a first visitor would make; the checks below are about the warm app.
curl -s -o /dev/null --max-time 10 "$web/api/weather?city=beijing" || true
for city in beijing shanghai sydney; do
  check "the weather API answers for $city, with the ad and advice from forecast v2" \
    json_is "$web/api/weather?city=$city&days=3" --arg c "$city" \
    '.city.id == $c and (.forecast.days | length == 3) and .ad != null and .forecast.recommendations == "available"'
done
check "the route is frontend v1 → forecast v2 → recommendation v1, with the instance names" \
  json_is "$web/api/weather?city=beijing" --arg p "$run_id-" \
  '[.route[0][] | "\(.service) \(.version) \(.instance) \(.status)"]
    == ["frontend v1 \($p)frontend ok", "forecast v2 \($p)forecast-v2 ok", "recommendation v1 \($p)recommendation ok"]'
check "frontend v2 serves the page with its own look, and says it is v2" \
  sh -c "curl -fs --max-time 10 'http://127.0.0.1:${host_port[frontend-v2]}/look.css' | grep -q \"Frontend v2's look\" &&
    curl -fs --max-time 10 'http://127.0.0.1:${host_port[frontend-v2]}/actuator/info' | grep -q '\"version\":\"v2\"'"
check "forecast v1 answers on its own, without advice" \
  json_is "http://127.0.0.1:${host_port[forecast-v1]}/weather?city=beijing" \
  '.servedBy.version == "v1" and (has("recommendations") | not)'

# Some load before measuring memory: 400 page requests, 4 at a time, over 12 cities and 1 to 7 days
load_start=$EPOCHREALTIME
for i in $(seq 0 399); do
  cities=(beijing shanghai guangzhou shenzhen chengdu harbin sydney london new-york mumbai singapore tokyo)
  echo "$web/api/weather?city=${cities[i % 12]}&days=$((i % 7 + 1))"
done | xargs -P 4 -n 1 curl -s -o /dev/null --max-time 10 -w '%{http_code}\n' >"$tmp/load"
load_s=$(seconds_since "$load_start")
check "400 page requests under load all answered 200" test "$(grep -c '^200$' "$tmp/load")" = 400
declare -A mem heap nonheap
for service in "${services[@]}"; do
  read -r module _ <<<"$service"
  mem[$module]=$(container_memory_mib "$run_id-$module")
  heap[$module]=$(jvm_mib "$module" heap)
  nonheap[$module]=$(jvm_mib "$module" nonheap)
done

# 6. Recommendation down: forecast v2 still answers, without advice
"$ENGINE" stop -t 5 "$run_id-recommendation" >/dev/null
# A stopped container's address may refuse the connection (unavailable) or not answer at all (timeout, after
# forecast v2's time limiter): either way the hop has no answer and the page still comes.
check "with recommendation stopped the weather answers 200 with recommendations unavailable" \
  json_is "$web/api/weather?city=beijing" '.forecast.recommendations == "unavailable"
    and ([.route[0][] | select(.service == "recommendation") | .status] | . == ["unavailable"] or . == ["timeout"])'
for service in "${services[@]}"; do
  read -r module _ <<<"$service"
  check "$module was not killed for lack of memory" \
    test "$("$ENGINE" inspect -f '{{.State.OOMKilled}}' "$run_id-$module")" = false
done

# 7. Report
mkdir -p target
{
  echo "Weather Forecast images: smoke test of $(date -u +%FT%TZ), commit ${revision:-unknown}"
  echo "engine: $ENGINE $("$ENGINE" version -f '{{.Client.Version}}' 2>/dev/null), $arch," \
    "$(getconf _NPROCESSORS_ONLN) cores"
  echo "base image: $base_image, $(mb "$base_size") MB, $base_java"
  echo "JVM flags: $(jq -r '.Entrypoint[1:-3] | join(" ")' "$tmp/config-frontend.json")"
  echo "Jib builds of the images: ${build_s[first]} s, then ${build_s[second]} s from clean;" \
    "AOT training ${build_s[aot-train]} s, then ${build_s[with-aot]} s with the caches"
  echo "400 page requests, 4 at a time: $load_s s"
  echo "memory: as the engine reports it after the checks and those requests; heap and non-heap: JVM memory in use"
  echo
  printf '%-15s %-28s %8s %11s %9s %8s %6s %9s\n' service image "size MB" "above base" "ready s" "mem MiB" heap non-heap
  for service in "${services[@]}"; do
    read -r module image _ <<<"$service"
    size=$("$ENGINE" image inspect -f '{{.Size}}' "$registry/$image")
    printf '%-15s %-28s %8s %11s %9s %8s %6s %9s\n' "$module" "$registry/$image" "$(mb "$size")" \
      "$(mb $((size - base_size)))" "${ready_s[$module]}" "${mem[$module]}" "${heap[$module]}" "${nonheap[$module]}"
  done
  echo
  echo "whole smoke test: $(seconds_since "$started") s"
  echo "smoke-test: $passed passed, $failed failed"
} | tee target/images-report.txt
[ "$failed" -eq 0 ]
