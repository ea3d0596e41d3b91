# shellcheck shell=bash
# Sourced by scripts/bench: its part 3, the mesh's cost. The page API through the ingress gateway and the sidecars of
# the real data plane (scripts/cluster.sh up --data-plane, then the steps of docs/tutorial.md to its end: forecast v2
# only), at the rates and connections of part 2's page runs, the pods' services on part 2's JVM options; and each
# Envoy's CPU time over each load (user + system, from /proc) and its resident memory after it.
#
#   mesh_part            all of it: up, the tutorial, the loads, down; records kinds mesh, mesh-load and envoy
#   mesh_skip REASON     records that the part was left out, and why
#   mesh_down            stops the cluster if mesh_part started it (the bench's cleanup calls it)

# Off the default offset 0 of the lessons' tests, so that a bench never takes the ports of their cluster
mesh_offset=${CLUSTER_PORT_OFFSET:-100}
mesh_running=false
mesh_cluster() { CLUSTER_PORT_OFFSET=$mesh_offset scripts/cluster.sh "$@"; }

# What Istio publishes for its own proxy (istio.io, "Performance and Scalability", 1,000 requests/s): added by the two
# sidecars of one hop, and per sidecar
mesh_anchor='{p90_ms: 0.228, p99_ms: 0.298, vcpu_per_sidecar_at_1000: 0.20, mb_per_sidecar: 60}'
# The page request's longest path: gateway → frontend → forecast v2 → recommendation, three hops in series, each
# through two Envoys (the frontend asks advertisement beside forecast, one hop in parallel)
mesh_hops=3
# How often one page request passes each Envoy, in or out, by its Deployment: the frontend's sidecar takes the page in
# and sends forecast's and advertisement's calls out; forecast's takes its call in and sends recommendation's out
declare -A mesh_passes=([istio-ingressgateway]=1 [frontend-v1]=3 [forecast-v2]=2 [recommendation-v1]=1
  [advertisement-v1]=1)

mesh_skip() {
  log "The mesh's cost: skipped: $1"
  record --arg why "$1" '{kind: "mesh-skipped", why: $why}'
}

mesh_down() {
  if $mesh_running; then
    mesh_cluster down >"$work/mesh-down.log" 2>&1 || log "scripts/cluster.sh down failed: see $work/mesh-down.log"
    mesh_running=false
  fi
}

# the bash blocks under "## Steps" of docs/tutorial.md, in order: what an attendee runs
tutorial_commands() {
  awk '/^## / { steps = ($0 == "## Steps") } steps && /^```bash$/ { on = 1; next } /^```/ { on = 0 } steps && on' \
    docs/tutorial.md
}

# mesh_envoys: a line per Envoy of the data plane: its pod's Deployment and its PID
mesh_envoys() {
  local prefix netns pod pid envoy=$root/target/cluster/data-plane/bin/envoy
  prefix=$(cat target/cluster/data-plane/netns-prefix)
  for netns in $(ip netns list | awk '{ print $1 }' | grep "^$prefix"); do
    pod=${netns#"$prefix"}
    pod=${pod#weather-}
    pod=${pod#istio-system-}
    for pid in $(ip netns pids "$netns"); do
      if [ "$(readlink "/proc/$pid/exe")" = "$envoy" ]; then echo "${pod%-*-*} $pid"; fi
    done
  done
}

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; } # utime + stime, all threads

mesh_part() {
  local t0=$SECONDS gateway envoy pid hz name qps
  hz=$(getconf CLK_TCK)
  if ! mesh_cluster built >/dev/null; then
    log "Building the cluster (scripts/cluster.sh build, cached per version)"
    mesh_cluster build >&2
  fi
  log "The mesh: scripts/cluster.sh up --data-plane (port offset $mesh_offset), the pods on the JVM options above"
  DATA_PLANE_JAVA_OPTS=$java_opts mesh_cluster up --data-plane >"$work/mesh-up.log" 2>&1 ||
    { tail -n 20 "$work/mesh-up.log" >&2; die "scripts/cluster.sh up --data-plane failed: see $work/mesh-up.log"; }
  mesh_running=true
  log "  docs/tutorial.md's steps to its end (forecast v2 only)"
  # then until every Deployment is available and forecast v1's pod is gone, as the tutorial's last step shows it
  (eval "$(mesh_cluster env)" && bash -eo pipefail -c "$(tutorial_commands)" &&
    kubectl wait --for=condition=Available deployment --all -n weather --timeout=5m &&
    timeout 120 bash -c 'until [ -z "$(kubectl get pods -n weather -l app=forecast,version=v1 -o name)" ]; do
      sleep 1; done') >"$work/mesh-tutorial.log" 2>&1 ||
    die "docs/tutorial.md's steps failed or their pods did not settle: see $work/mesh-tutorial.log"
  gateway=$(eval "$(mesh_cluster env)" && echo "$GATEWAY")
  wait_ready "the page API through the gateway" "${gateway##*:}" "/api/weather?city=beijing&days=3" 120
  local url="http://$gateway/api/weather?city=beijing&days=3"
  log "  $fixed_load page requests through the gateway to warm up"
  "$fortio" load -quiet -qps 0 -c 8 -n "$fixed_load" -timeout 5s "$url" >/dev/null 2>&1 || true
  declare -A envoy_pid before
  local deadline=$((SECONDS + 60))
  # a deleted pod's network namespace may outlive it for a moment
  until [ "$(mesh_envoys | awk '{ print $1 }' | sort | tr '\n' ' ')" = "$(printf '%s\n' "${!mesh_passes[@]}" | sort |
    tr '\n' ' ')" ]; do
    [ $SECONDS -lt $deadline ] ||
      die "the data plane runs the Envoys of $(mesh_envoys | awk '{ print $1 }' | xargs), not those of ${!mesh_passes[*]}"
    sleep 1
  done
  while read -r envoy pid; do envoy_pid[$envoy]=$pid; done < <(mesh_envoys)
  for qps in 50 300; do
    name=mesh-page@$qps
    for envoy in "${!envoy_pid[@]}"; do before[$envoy]=$(cpu_ticks "${envoy_pid[$envoy]}"); done
    fortio_run "$name" "$qps" "$([ "$qps" = 50 ] && echo 2 || echo 8)" "$url" mesh-load
    for envoy in "${!envoy_pid[@]}"; do
      pid=${envoy_pid[$envoy]}
      record --arg l "page@$qps" --arg e "$envoy" --argjson passes "${mesh_passes[$envoy]}" \
        --argjson cpu "$(($(cpu_ticks "$pid") - ${before[$envoy]}))" --argjson hz "$hz" \
        --argjson kib "$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")" \
        '{kind: "envoy", load: $l, envoy: $e, passes: $passes, cpu_s: ($cpu / $hz), rss_mib: ($kib / 1024 | round)}'
    done
  done
  mesh_down
  record --argjson hops "$mesh_hops" --argjson s "$((SECONDS - t0))" \
    "{kind: \"mesh\", hops: \$hops, seconds: \$s, anchor: $mesh_anchor}"
  log "  the mesh part took $((SECONDS - t0)) s, cluster up and down included"
}
