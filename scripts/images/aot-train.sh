#!/usr/bin/env bash
# Makes each service image's JDK AOT cache (JEP 483/514) by a training run of the image itself: the images,
# built without a cache and loaded into the container engine, are started together as the smoke test starts them,
# with -XX:AOTCacheOutput; they answer a short workload through the frontend and directly; when they are stopped each
# JVM writes its cache, which lands in <module>/target/aot/app.aot. The next Jib build of a module with that file adds
# it as a layer and starts java with -XX:AOTCache=/app/aot/app.aot (the root pom's profile aot-cache).
#
# The cache is valid only for the JVM build and the class path it was made with (the same base image and layers),
# which a training run in the image guarantees. A cache the JVM rejects (another base image, another architecture,
# a changed jar) is logged as "[error][aot] ... Unable to map shared spaces" and costs the start-up it would have
# saved, nothing else.
#
# Usage: scripts/images/aot-train.sh            (after ./mvnw package jib:dockerBuild, or jib:buildTar and a load)
#        then build the images again, without clean: ./mvnw package jib:dockerBuild (or jib:buildTar ...)
# CONTAINER_ENGINE=docker|podman chooses the engine, as for the smoke test.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/images/engine.sh
. scripts/images/containers.sh
. scripts/services.sh

requests=${AOT_TRAINING_REQUESTS:-200}
pick_engine >/dev/null
apt_install curl
containers_init weather-aot-train
trap containers_remove EXIT
containers_remove

for service in "${container_services[@]}"; do
  read -r module image _ <<<"$service"
  if "$ENGINE" image inspect -f '{{json .Config.Entrypoint}}' "$container_registry/$image" | grep -q AOTCache; then
    die "$container_registry/$image already starts with an AOT cache: build it again after" \
      "rm -r $module/target/aot, then train"
  fi
  rm -rf "$module/target/aot" "$module/target/aot-train"
  mkdir -p "$module/target/aot-train"
  chmod 0777 "$module/target/aot-train" # the image's user, 65532, writes the cache
done

echo "Training: the images with -XX:AOTCacheOutput"
# The JVM forks a second one at exit to assemble the cache: more room than the 256 MiB of a Deployment.
for service in "${container_services[@]}"; do
  read -r module _ <<<"$service"
  CONTAINER_MEMORY=1g containers_start_one "$module" -v "$PWD/$module/target/aot-train:/aot:rw" \
    -e JAVA_TOOL_OPTIONS=-XX:AOTCacheOutput=/aot/app.aot
done
containers_wait_ready

# The workload: what the page and the canary meter send, and each service's own endpoints
port() { echo "${container_host_port[$1]}"; }
cities=(beijing shanghai london singapore sydney new-york harbin cairo)
for ((i = 0; i < requests; i++)); do
  city=${cities[i % ${#cities[@]}]}
  printf 'url = "http://127.0.0.1:%s"\noutput = /dev/null\n' \
    "$(port frontend)/api/weather?city=$city&days=$((i % 7 + 1))" "$(port frontend)/api/probe?city=$city" \
    "$(port forecast-v1)/weather?city=$city&days=$((i % 7 + 1))" "$(port advertisement)/ad?city=$city"
done | curl -s -K - --parallel --parallel-max 4 2>/dev/null || true
for path in "$(port frontend)/" "$(port frontend)/api/cities" "$(port frontend)/api/weather?city=atlantis" \
    "$(port forecast-v1)/cities"; do
  curl -s -o /dev/null "http://127.0.0.1:$path" || true
done
for module in "${!container_host_port[@]}"; do
  curl -s -o /dev/null "http://127.0.0.1:$(port "$module")/actuator/prometheus" || true
done

echo "Stopping them: each JVM writes its AOT cache"
names=()
for service in "${container_services[@]}"; do
  read -r module _ <<<"$service"
  names+=("$container_run_id-$module")
done
"$ENGINE" stop -t 600 "${names[@]}" >/dev/null
for service in "${container_services[@]}"; do
  read -r module _ <<<"$service"
  if [ ! -s "$module/target/aot-train/app.aot" ]; then
    echo "No AOT cache from $module:" >&2
    "$ENGINE" logs --tail 20 "$container_run_id-$module" >&2 || true
    exit 1
  fi
  mkdir -p "$module/target/aot"
  mv "$module/target/aot-train/app.aot" "$module/target/aot/app.aot"
  rm -rf "$module/target/aot-train"
  echo "  $module/target/aot/app.aot: $(du -m "$module/target/aot/app.aot" | cut -f1) MB"
done
