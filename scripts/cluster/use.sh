# shellcheck shell=bash
# Sourced by scripts/cluster.sh: what a running cluster offers: status, env (what to use it with) and xds (what istiod
# sends a pod's proxy).


status() {
  local name pid any=false
  for name in $COMPONENTS; do
    if running "$name"; then
      pid=$(pid_of "$name")
      printf '%-24s running  PID %-8s RSS %6s MiB\n' "$name" "$pid" \
        "$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")"
      any=true
    else
      printf '%-24s stopped\n' "$name"
    fi
  done
  if $any; then
    echo "kubeconfig: $KUBECONFIG_FILE (API server https://127.0.0.1:$APISERVER_PORT)"
    echo "istiod: xDS 127.0.0.1:$ISTIOD_GRPC_PORT, debug http://127.0.0.1:$ISTIOD_MONITORING_PORT/debug"
  fi
}

env_lines() {
  echo "export KUBECONFIG=$KUBECONFIG_FILE"
  # kubectl v1.37.2 built here first on the PATH (an older kubectl warns about the skew or lacks commands), and
  # this checkout's xds-dump and, after up --rollouts, the kubectl plugin of Argo Rollouts (linked into
  # target/cluster/bin by up)
  echo "export PATH=$K8S_BIN:$DIR/bin:\$PATH"
  # up --data-plane: the ingress gateway's ports 80 and 443, forwarded from the host's loopback (docs/tutorial.md's
  # $GATEWAY, docs/security.md's HTTPS_ADDRESS and HTTPS_PORT)
  if running data-plane; then
    echo "export GATEWAY=127.0.0.1:$GATEWAY_HTTP_PORT HTTPS_ADDRESS=127.0.0.1 HTTPS_PORT=$GATEWAY_HTTPS_PORT"
  fi
  # and Prometheus' HTTP API (docs/rollouts.md's analysis asks it)
  if running prometheus; then
    echo "export PROMETHEUS=http://127.0.0.1:$PROMETHEUS_PORT"
  fi
}

# xds NAMESPACE POD [XDS-DUMP FLAGS]: what istiod would send that pod's proxy, asked with the pod's own IP, labels and
# ServiceAccount; the ingress gateway (label istio=ingressgateway) and the gateways istiod deploys (label
# gateway.istio.io/managed) are asked for as a router, every other pod as a sidecar
xds() {
  [ $# -ge 2 ] || die "usage: scripts/cluster.sh xds NAMESPACE POD [xds-dump flags, e.g. --timeout 30s]"
  local namespace=$1 pod=$2 fields ip labels account type=sidecar
  shift 2
  local template='{{.status.podIP}} {{.spec.serviceAccountName}} '
  template+='{{range $k, $v := .metadata.labels}}{{$k}}={{$v}},{{end}}'
  fields=$(kubectl get pod "$pod" -n "$namespace" -o go-template="$template")
  read -r ip account labels <<<"$fields"
  [ -n "$ip" ] || die "pod $namespace/$pod has no IP yet"
  # Istio's ingress gateway and the gateways istiod deploys for Gateway API Gateways are routers; the waypoints it
  # deploys for Gateways of class istio-waypoint connect as waypoints (pilot-agent's `proxy waypoint`)
  case ",$labels" in
  *,gateway.istio.io/managed=istio.io-mesh-controller,*) type=waypoint ;;
  *,istio=ingressgateway,* | *,gateway.istio.io/managed=*) type=router ;;
  esac
  "$(tool xds-dump)" --istiod "127.0.0.1:$ISTIOD_GRPC_PORT" --type "$type" --pod "$pod" --namespace "$namespace" \
    --ip "$ip" --labels "${labels%,}" --service-account "${account:-default}" "$@"
}
