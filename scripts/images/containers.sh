# shellcheck shell=bash
# Sourced by smoke-test.sh, aot-train.sh and scripts/bench: the service containers started together, as the
# Kubernetes Deployments run them. Needs ENGINE and ENGINE_RUN_OPTS (engine.sh) and services.sh; run from the
# repository root.
#
#   containers_init RUN_ID      fills container_services ("module image label port alias" a line) and the names
#   containers_start [ARGS...]  starts them all on network RUN_ID (extra engine run ARGS for each, e.g. -e ...);
#                               CONTAINER_MEMORY (default 256m) is each one's memory limit
#   containers_wait_ready       waits until every readiness probe answers; container_ready_s[module] is the time
#   containers_remove           stops and removes them and the network (also those a killed earlier run left)
#   container_memory_mib NAME   the container's memory use as the engine reports it, in MiB

. scripts/lib.sh

containers_init() {
  container_run_id=$1
  container_registry=localhost/weather # the default image.registry
  container_services=()
  declare -gA container_host_port=() container_start_at=() container_ready_s=()
  # A service answers under its image's name, except where a newer version of the same image runs beside it:
  # forecast v2 answers as "forecast" (the route then shows recommendation) and v1 runs under its module's name, as
  # Kubernetes would only round-robin between the two without a mesh.
  local images module image name label alias
  images=$(services | while read -r module _; do service_image "$module"; done)
  while read -r module _; do
    image=$(service_image "$module")
    name=${image%%:*} label=${image#*:} alias=${image%%:*}
    if awk -v n="$name" -v l="$label" -F: '$1 == n && $2 > l { f = 1 } END { exit !f }' <<<"$images"; then
      alias=$module
    fi
    container_services+=("$module $image $label $(pom_property "$module" image.port) $alias")
  done < <(services)
}

containers_remove() {
  local names=() service module
  for service in "${container_services[@]}"; do
    read -r module _ <<<"$service"
    names+=("$container_run_id-$module")
  done
  "$ENGINE" stop -t 2 "${names[@]}" >/dev/null 2>&1 || true
  "$ENGINE" rm -f "${names[@]}" >/dev/null 2>&1 || true
  "$ENGINE" network rm "$container_run_id" >/dev/null 2>&1 || true
}

containers_start() { # containers_start [ARGS...]: all of them, each with the extra engine run ARGS
  local service module
  for service in "${container_services[@]}"; do
    read -r module _ <<<"$service"
    containers_start_one "$module" "$@"
  done
}

containers_start_one() { # containers_start_one MODULE [ARGS...]; the first one creates the network
  local module=$1 service image label port alias memory=${CONTAINER_MEMORY:-256m} run_opts
  shift
  for service in "${container_services[@]}"; do
    [ "${service%% *}" = "$module" ] && read -r _ image label port alias <<<"$service"
  done
  "$ENGINE" network exists "$container_run_id" >/dev/null 2>&1 \
    || "$ENGINE" network inspect "$container_run_id" >/dev/null 2>&1 \
    || "$ENGINE" network create "$container_run_id" >/dev/null
  # Only /tmp writable, as in the Deployments (podman would also mount a tmpfs on /run and /var/tmp)
  run_opts=(--read-only --tmpfs /tmp --memory "$memory" --memory-swap "$memory" "${ENGINE_RUN_OPTS[@]}")
  [ "$ENGINE" = podman ] && run_opts+=(--read-only-tmpfs=false)
  # What Kubernetes detection gives (the services call each other by Service name), less the API server: the ad
  # catalogue and advice rules come from the images' application.yml instead of ConfigMaps.
  container_start_at[$module]=$EPOCHREALTIME
  "$ENGINE" run -d --name "$container_run_id-$module" --hostname "$container_run_id-$module" \
    --network "$container_run_id" --network-alias "$alias" -p "127.0.0.1::$port" "${run_opts[@]}" \
    -e SERVICE_VERSION="$label" -e POD_NAME="$container_run_id-$module" -e POD_NAMESPACE=weather \
    -e NODE_NAME="$(hostname)" -e SPRING_MAIN_CLOUD_PLATFORM=kubernetes -e SPRING_CLOUD_KUBERNETES_ENABLED=false \
    "$@" "$container_registry/$image" >/dev/null
  container_host_port[$module]=$("$ENGINE" port "$container_run_id-$module" "$port/tcp" | head -1 | sed 's/.*://')
}

containers_wait_ready() { # polls every container's readiness probe, records seconds from its start to ready
  local deadline=$((SECONDS + 180)) pending=("${!container_start_at[@]}") still module
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for module in "${pending[@]}"; do
      if http_ok "${container_host_port[$module]}" /actuator/health/readiness; then
        container_ready_s[$module]=$(awk -v a="${container_start_at[$module]}" -v b="$EPOCHREALTIME" \
          'BEGIN { printf "%.2f", b - a }')
        printf '%s %s ready after %s s\n' "$(date +%T)" "$module" "${container_ready_s[$module]}"
      elif [ "$("$ENGINE" inspect -f '{{.State.Running}}' "$container_run_id-$module")" != true ]; then
        echo "$module stopped before it was ready" >&2; return 1
      else
        still+=("$module")
      fi
    done
    pending=("${still[@]}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ $SECONDS -gt $deadline ]; then echo "Not ready after 180 s: ${pending[*]}" >&2; return 1; fi
    sleep 0.1
  done
}

container_memory_mib() { # what the engine reports as the container's memory use, in MiB (units differ)
  "$ENGINE" stats --no-stream --format '{{.MemUsage}}' "$1" | awk '{
    v = $1; u = v; sub(/^[0-9.]+/, "", u); sub(/[A-Za-z]+$/, "", v)
    f["B"] = 1; f["kB"] = 1e3; f["KiB"] = 1024; f["MB"] = 1e6; f["MiB"] = 1048576; f["GB"] = 1e9; f["GiB"] = 1073741824
    printf "%.0f", v * f[u] / 1048576 }'
}
