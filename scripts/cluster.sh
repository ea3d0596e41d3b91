#!/usr/bin/env bash
# A real Kubernetes control plane and Istio's istiod on this machine, for rehearsing docs/tutorial.md and checking the
# routing rules without a cluster (docs/cluster.md):
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, KWOK (fake nodes: pods get an IP and become
#   Running, no container runs) and istiod out of cluster with its validation and injection webhooks, all on
#   127.0.0.1. Without --data-plane Envoy is not part of it: no request ever passes a sidecar or the gateway.
#
#   scripts/cluster.sh build            build every component once at its pinned version (Go module proxy)
#   scripts/cluster.sh built            exit status 0 when every component is built
#   scripts/cluster.sh bin NAME         the path of a built binary: kubectl, istioctl, pilot-agent, ...
#   scripts/cluster.sh module-dir MODULE@VERSION | MODULE IN
#                                       the source of a Go module, downloaded when missing (see module_dir)
#   scripts/cluster.sh up [--nodes N] [--ambient] [--rollouts] [--data-plane]
#                                       start a fresh cluster with N fake nodes (default 2), the Gateway API CRDs
#                                       and istiod (with ambient mode on: --ambient), and with --rollouts the
#                                       Argo Rollouts controller; fails if one runs. --data-plane: the pods of
#                                       `weather` and the ingress gateway run for real, with Envoy
#                                       (scripts/cluster/data-plane.sh)
#   scripts/cluster.sh data-plane-runnable
#                                       exit status 0 when this machine can run up --data-plane (root, ip, iptables)
#   scripts/cluster.sh env              prints export lines: eval "$(scripts/cluster.sh env)"
#   scripts/cluster.sh status           which processes run
#   scripts/cluster.sh down             stops every process by its PID; logs stay in target/cluster/logs
#   scripts/cluster.sh crds             the paths of the Gateway API's and Argo Rollouts' CRDs that build keeps
#   scripts/cluster.sh promql FILE...   parses the Prometheus queries of the AnalysisTemplates in FILEs (PromQL parser)
#   scripts/cluster.sh xds NS POD       what istiod would send that pod's sidecar (or the gateway), as JSON
#                                       (xds-dump with the pod's IP, labels and ServiceAccount)
#
# Binaries are cached per version in ${XDG_CACHE_HOME:-$HOME/.cache}/weather-forecast/cluster/<component>-<version>;
# etcd, kube-apiserver and kubectl are also linked where io.fabric8:kube-api-test looks for them
# (${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/1.37.2-linux-amd64), so those tests download nothing.
# Everything else (certificates, etcd data, kubeconfig, PIDs, logs) is under target/cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

K8S_VERSION=v1.37.2
ETCD_VERSION=v3.7.3
KWOK_VERSION=v0.8.0
GATEWAY_API_VERSION=v1.6.3 # the Kubernetes Gateway API CRDs (standard channel), installed by every up
ARGO_ROLLOUTS_VERSION=v1.10.2 # the Argo Rollouts controller, run by up --rollouts
ARGO_ROLLOUTS_GO=go1.27.3     # it needs Go >= 1.26.10: the go command fetches this toolchain from the proxy
# istio.io/istio has no tagged Go module versions: its master of 2026-08-27 (its VERSION file says 1.31: the release
# after 1.30, in development). istiod, pilot-agent and istioctl are built from it.
ISTIO_VERSION=v0.0.0-20260827124520-eed52ebb66ad
ISTIO_BUILD_VERSION=1.31-alpha.eed52ebb66ad # what istiod reports as its version, in Istio's own dev-build form

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/weather-forecast/cluster
K8S_BIN=$CACHE/kubernetes-$K8S_VERSION
ETCD_BIN=$CACHE/etcd-$ETCD_VERSION
KWOK_BIN=$CACHE/kwok-$KWOK_VERSION
GATEWAY_API_DIR=$CACHE/gateway-api-$GATEWAY_API_VERSION
ARGO_BIN=$CACHE/argo-rollouts-$ARGO_ROLLOUTS_VERSION
ISTIO_BIN=$CACHE/istio-$ISTIO_VERSION
KUBE_API_TEST_BIN=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION#v}-linux-amd64

DIR=$ROOT/target/cluster
PKI=$DIR/pki
LOGS=$DIR/logs
PIDS=$DIR/pids
KUBECONFIG_FILE=$DIR/kubeconfig

# Fixed loopback ports, checked to be free before anything starts. Off the usual defaults where a developer machine
# may already run something (etcd 2379, a local cluster on 6443, an app on 8080). CLUSTER_PORT_OFFSET (default 0)
# shifts them all, so that two clusters (two checkouts) can run side by side; up records it for the other commands.
if [ "${1:-}" = up ]; then
  offset=${CLUSTER_PORT_OFFSET:-0}
else
  offset=${CLUSTER_PORT_OFFSET:-$(cat "$DIR/port-offset" 2>/dev/null || echo 0)}
fi
ETCD_PORT=$((23790 + offset))
ETCD_PEER_PORT=$((23800 + offset))
APISERVER_PORT=$((16443 + offset))
KCM_PORT=$((10257 + offset))        # kube-controller-manager /healthz (https)
SCHEDULER_PORT=$((10259 + offset))  # kube-scheduler /healthz (https)
KWOK_PORT=$((10247 + offset))       # kwok /healthz
ISTIOD_HTTP_PORT=$((15080 + offset))      # istiod /ready and debug (its default :8080 is the frontend's port in run-local.sh)
ISTIOD_GRPC_PORT=$((15010 + offset))      # plaintext xDS: what scripts/cluster.sh's xds-dump connects to
ISTIOD_SECURE_GRPC_PORT=$((15012 + offset))
ISTIOD_WEBHOOK_PORT=$((15017 + offset))   # https: /validate and /inject
ISTIOD_MONITORING_PORT=$((15014 + offset)) # /metrics and /debug/... (config_dump, registryz, endpointShardz, configz)
ISTIOD_CTRLZ_PORT=$((9876 + offset))
ARGO_HEALTHZ_PORT=$((18080 + offset)) # Argo Rollouts controller /healthz (up --rollouts; its default is 8080)
ARGO_METRICS_PORT=$((18090 + offset)) # Argo Rollouts controller /metrics (its default is 8090)
ALL_PORTS="$ETCD_PORT $ETCD_PEER_PORT $APISERVER_PORT $KCM_PORT $SCHEDULER_PORT $KWOK_PORT $ISTIOD_HTTP_PORT
  $ISTIOD_GRPC_PORT $ISTIOD_SECURE_GRPC_PORT $ISTIOD_WEBHOOK_PORT $ISTIOD_MONITORING_PORT $ISTIOD_CTRLZ_PORT
  $ARGO_HEALTHZ_PORT $ARGO_METRICS_PORT"

SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SERVICE_IP=10.96.0.1
# KWOK's pod IPs. Its default 10.0.0.0/24 has room for 254 pods only and overlaps the Service range of setups
# that use 10.0.0.0/16 for Services; a /16 of its own keeps pod and Service IPs apart and fits the scale runs.
POD_CIDR=10.244.0.0/16
# The processes in start order; down stops them in reverse order.
COMPONENTS="etcd kube-apiserver kube-controller-manager kube-scheduler kwok istiod argo-rollouts data-plane"
# shellcheck source=scripts/cluster/data-plane.sh
source scripts/cluster/data-plane.sh

log() { echo "cluster: $*" >&2; }
since() { log "$(printf '%3d s' $((SECONDS - $1))) $2"; } # since START WHAT: a step of up, with the time it took
die() { echo "cluster: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------- build

# go_build MODULE_DIR OUTPUT PACKAGE [GO BUILD FLAGS...]: builds PACKAGE in the module under scripts/cluster once;
# writes OUTPUT only when the build succeeded, so an interrupted build leaves nothing that looks finished
go_build() {
  local module=$1 output=$2 package=$3
  shift 3
  if [ -x "$output" ]; then
    log "$(basename "$output"): cached ($output)"
    return
  fi
  local start=$SECONDS
  log "building $(basename "$output") from $package ..."
  mkdir -p "$(dirname "$output")"
  (cd "scripts/cluster/$module" && CGO_ENABLED=0 go build "$@" -o "$output.tmp" "$package")
  mv "$output.tmp" "$output"
  log "built $(basename "$output") in $((SECONDS - start)) s"
}

# The tools of this repository (xds-dump, istio-render) change with the repository, not with Istio's version: each
# source (with the module's go.mod/go.sum) has its own binary, $ISTIO_BIN/tools/NAME-SUM, so that checkouts with
# different sources share the cache without rebuilding each other's binary.
tool() { # NAME: the path of the binary of that tool for this checkout's source
  local sum
  sum=$(cat scripts/cluster/istio/go.mod scripts/cluster/istio/go.sum scripts/cluster/istio/cmd/"$1"/*.go |
    sha256sum | cut -c1-16)
  echo "$ISTIO_BIN/tools/$1-$sum"
}

repo_tool() {
  go_build istio "$(tool "$1")" "./cmd/$1"
}

# promql-check (scripts/cluster/promql): Prometheus' PromQL parser over the queries of AnalysisTemplates, cached per
# source like the tools above
promql_check() {
  local sum
  sum=$(cat scripts/cluster/promql/go.mod scripts/cluster/promql/go.sum scripts/cluster/promql/promql-check/*.go |
    sha256sum | cut -c1-16)
  echo "$CACHE/promql/promql-check-$sum"
}

# module_dir MODULE@VERSION | module_dir MODULE IN: the directory of a module's source in the Go module cache,
# downloaded when it is not there yet (go list would print an empty line instead): MODULE at VERSION, or at the
# version that the module scripts/cluster/IN pins. Stops the script, naming the module, when there is none.
module_dir() {
  local json dir what="$1${2:+ (the version scripts/cluster/$2/go.mod pins)}"
  json=$(cd "scripts/cluster/${2:-.}" && go mod download -json "$1") ||
    die "could not download the Go module $what: $(sed -n 's/^\t"Error": "\(.*\)",*$/\1/p' <<<"$json")"
  dir=$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$json")
  [ -n "$dir" ] && [ -d "$dir" ] || die "the Go module $what has no directory in the module cache"
  echo "$dir"
}

build() {
  command -v go >/dev/null 2>&1 || die "building the cluster needs Go 1.26 (https://go.dev/dl/)"
  local start=$SECONDS cmd
  # Without these the binaries report v0.0.0 and kubectl warns about a version skew with the server.
  local k8s_ldflags="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION
    -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=37
    -X k8s.io/component-base/version.gitTreeState=clean"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    go_build kubernetes "$K8S_BIN/$cmd" "k8s.io/kubernetes/cmd/$cmd" -ldflags "$k8s_ldflags"
  done
  go_build etcd "$ETCD_BIN/etcd" . # etcd's version is a constant of the module, nothing to set

  # KWOK has no replace directives, so go install works; the standalone kwok has no stages built in: take the
  # "fast" ones (nodes Ready at once, pods Running and Ready as soon as they are scheduled) from its module.
  if [ ! -x "$KWOK_BIN/kwok" ]; then
    local kwok_start=$SECONDS
    log "building kwok with go install sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION ..."
    mkdir -p "$KWOK_BIN"
    CGO_ENABLED=0 GOBIN=$KWOK_BIN go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
    log "built kwok in $((SECONDS - kwok_start)) s"
  else
    log "kwok: cached ($KWOK_BIN/kwok)"
  fi
  if [ ! -s "$KWOK_BIN/stages.yaml" ]; then
    local kwok_dir stage
    kwok_dir=$(module_dir "sigs.k8s.io/kwok@$KWOK_VERSION")
    for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete \
      pod/fast/pod-delete; do
      echo "---"
      cat "$kwok_dir/kustomize/stage/$stage.yaml"
    done >"$KWOK_BIN/stages.yaml"
  fi

  # The Gateway API's CRDs of the standard channel, as the project ships them in its module (what its
  # standard-install.yaml release asset holds); nothing to build
  if [ ! -s "$GATEWAY_API_DIR/standard-install.yaml" ]; then
    local gateway_api_dir crd
    gateway_api_dir=$(module_dir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")
    mkdir -p "$GATEWAY_API_DIR"
    for crd in "$gateway_api_dir"/config/crd/standard/gateway.networking.k8s.io_*.yaml; do
      echo "---"
      cat "$crd"
    done >"$GATEWAY_API_DIR/standard-install.yaml.tmp"
    mv "$GATEWAY_API_DIR/standard-install.yaml.tmp" "$GATEWAY_API_DIR/standard-install.yaml"
    log "Gateway API $GATEWAY_API_VERSION CRDs: $GATEWAY_API_DIR/standard-install.yaml"
  else
    log "Gateway API CRDs: cached ($GATEWAY_API_DIR/standard-install.yaml)"
  fi

  build_argo_rollouts
  go_build promql "$(promql_check)" ./promql-check

  # istiod, its agent and istioctl from one module: the second and third build take the first one's packages from
  # the build cache
  local istio_ldflags="-X istio.io/istio/pkg/version.buildVersion=$ISTIO_BUILD_VERSION
    -X istio.io/istio/pkg/version.buildStatus=Clean"
  go_build istio "$ISTIO_BIN/pilot-discovery" istio.io/istio/pilot/cmd/pilot-discovery -ldflags "$istio_ldflags"
  go_build istio "$ISTIO_BIN/pilot-agent" istio.io/istio/pilot/cmd/pilot-agent -ldflags "$istio_ldflags"
  go_build istio "$ISTIO_BIN/istioctl" istio.io/istio/istioctl/cmd/istioctl -ldflags "$istio_ldflags"
  repo_tool istio-render
  repo_tool xds-dump
  build_data_plane
  # Istio's CRDs and the two ConfigMaps istiod needs before it starts, from the same Istio version: the CRDs as the
  # base chart ships them, the ConfigMaps rendered from the istiod chart with the default profile (what
  # `istioctl install --set profile=default` installs) by Istio's own renderer.
  local istio_dir
  istio_dir=$(module_dir istio.io/istio istio)
  install -m 0644 "$istio_dir/manifests/charts/base/files/crd-all.gen.yaml" "$ISTIO_BIN/crd-all.gen.yaml"
  "$(tool istio-render)" --set profile=default --kind ConfigMap --name istio,istio-sidecar-injector \
    >"$ISTIO_BIN/configmaps.yaml"

  # io.fabric8:kube-api-test finds these and downloads nothing
  mkdir -p "$KUBE_API_TEST_BIN"
  ln -sfn "$ETCD_BIN/etcd" "$KUBE_API_TEST_BIN/etcd"
  ln -sfn "$K8S_BIN/kube-apiserver" "$KUBE_API_TEST_BIN/kube-apiserver"
  ln -sfn "$K8S_BIN/kubectl" "$KUBE_API_TEST_BIN/kubectl"
  log "build done in $((SECONDS - start)) s; io.fabric8:kube-api-test binaries in $KUBE_API_TEST_BIN"
}

# The Argo Rollouts controller from its own module (scripts/cluster/argo-rollouts repeats the replace directives of
# argo-rollouts' go.mod, which go install refuses), with its CRDs. One change to its source: its metrics and healthz
# servers listen on 127.0.0.1 instead of the constant "0.0.0.0:%d" of its controller package, like every other
# component here. go build -overlay may not replace files in the module cache, so the build uses a copy of the
# module's source with that one line changed ($ARGO_BIN/src), through a replace directive added to a copy of
# scripts/cluster/argo-rollouts; every other package is the module's own, and comes from the build cache when built
# before.
build_argo_rollouts() {
  if [ ! -x "$ARGO_BIN/rollouts-controller" ]; then
    local argo_dir src=$ARGO_BIN/src
    argo_dir=$(GOTOOLCHAIN=$ARGO_ROLLOUTS_GO module_dir github.com/argoproj/argo-rollouts argo-rollouts)
    rm -rf "$src"
    mkdir -p "$src/build"
    cp -r "$argo_dir" "$src/argo-rollouts"
    chmod -R u+w "$src/argo-rollouts"
    sed -i 's/listenAddr *= "0.0.0.0:%d"/listenAddr = "127.0.0.1:%d"/' "$src/argo-rollouts/controller/controller.go"
    grep -q 'listenAddr = "127.0.0.1:%d"' "$src/argo-rollouts/controller/controller.go" ||
      die "argo-rollouts: controller/controller.go has no listenAddr \"0.0.0.0:%d\" any more"
    cp scripts/cluster/argo-rollouts/{go.mod,go.sum,tools.go} "$src/build/"
    (cd "$src/build" && GOTOOLCHAIN=$ARGO_ROLLOUTS_GO go mod edit \
      -replace "github.com/argoproj/argo-rollouts=$src/argo-rollouts")
    local start=$SECONDS
    log "building rollouts-controller from github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION ..."
    (cd "$src/build" && GOTOOLCHAIN=$ARGO_ROLLOUTS_GO CGO_ENABLED=0 go build -o "$ARGO_BIN/rollouts-controller.tmp" \
      github.com/argoproj/argo-rollouts/cmd/rollouts-controller)
    mv "$ARGO_BIN/rollouts-controller.tmp" "$ARGO_BIN/rollouts-controller"
    log "built rollouts-controller in $((SECONDS - start)) s"
    for crd in rollout analysis-template cluster-analysis-template analysis-run experiment; do
      echo "---"
      cat "$argo_dir/manifests/crds/$crd-crd.yaml"
    done >"$ARGO_BIN/crds.yaml"
    rm -rf "$src"
  else
    log "rollouts-controller: cached ($ARGO_BIN/rollouts-controller)"
  fi
}

check_built() {
  local f
  for f in "$K8S_BIN"/{kube-apiserver,kube-controller-manager,kube-scheduler,kubectl} "$ETCD_BIN/etcd" \
    "$KWOK_BIN/kwok" "$KWOK_BIN/stages.yaml" \
    "$ISTIO_BIN"/{pilot-discovery,crd-all.gen.yaml,configmaps.yaml} "$(tool xds-dump)" \
    "$GATEWAY_API_DIR/standard-install.yaml"; do
    [ -e "$f" ] || die "$f is missing: run scripts/cluster.sh build first"
  done
}

# ------------------------------------------------------------------------------------------------- processes

pid_of() { cat "$PIDS/$1.pid" 2>/dev/null || true; }

# running NAME: the process of that PID file is alive and still the one we started (PIDs get reused)
running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] &&
    [ "$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -1)" = "$(binary_of "$1")" ]
}

binary_of() {
  case $1 in
  etcd) echo "$ETCD_BIN/etcd" ;;
  kwok) echo "$KWOK_BIN/kwok" ;;
  istiod) echo "$ISTIO_BIN/pilot-discovery" ;;
  argo-rollouts) echo "$ARGO_BIN/rollouts-controller" ;;
  data-plane) echo "$DIR/bin/data-plane" ;;
  *) echo "$K8S_BIN/$1" ;;
  esac
}

# start NAME COMMAND...: in its own session (a Ctrl-C in the calling terminal does not reach it), output to its log
start() {
  local name=$1
  shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  local pid=$! tries=0
  echo "$pid" >"$PIDS/$name.pid"
  # Until the forked shell has exec'd the binary, the PID's command line is not the component's yet and running
  # would call it stopped
  until running "$name" || [ ! -e "/proc/$pid" ] || [ $tries -ge 100 ]; do
    sleep 0.02
    tries=$((tries + 1))
  done
}

# wait_until DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds. Only its output is dropped: what a
# command says on stderr (a component that died) is shown.
wait_until() {
  local what=$1 limit=$2 deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "gave up waiting for $what after $limit s; the logs are in $LOGS"
      return 1
    fi
    sleep 0.2
  done
}

# healthy NAME URL: the component still runs and its URL answers (a component that died fails at once)
healthy() {
  running "$1" || die "$1 stopped: see $LOGS/$1.log"$'\n'"$(tail -5 "$LOGS/$1.log")"
  curl -sfk --max-time 2 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$2"
}

quietly() { "$@" >/dev/null 2>&1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

kubectl() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# --------------------------------------------------------------------------------------------- certificates

# One CA signs everything: the API server's and istiod's serving certificates (so the CA is also the webhooks'
# caBundle) and the client certificate every component and the user's kubectl use (O=system:masters: this is a
# throwaway single-user cluster, not a model of how to share one).
make_pki() {
  mkdir -p "$PKI"
  export SANS=DNS:localhost # the config below reads it for every command, leaf sets it per certificate
  cat >"$PKI/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = $ENV::SANS
CNF
  openssl genrsa -out "$PKI/ca.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=weather-forecast-cluster-ca" -days 365 \
    -config "$PKI/openssl.cnf" -extensions ca -out "$PKI/ca.crt"
  local k=DNS:kubernetes
  leaf apiserver "/CN=kube-apiserver" \
    "IP:127.0.0.1,IP:$KUBERNETES_SERVICE_IP,DNS:localhost,$k,$k.default,$k.default.svc,$k.default.svc.cluster.local"
  leaf admin "/O=system:masters/CN=admin" "DNS:admin"
  leaf istiod "/CN=istiod" "IP:127.0.0.1,DNS:localhost,DNS:istiod.istio-system.svc"
  # the key pair that signs and verifies service-account tokens
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
}

leaf() { # NAME SUBJECT SANS
  openssl genrsa -out "$PKI/$1.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$1.key" -subj "$2" -config "$PKI/openssl.cnf" -out "$PKI/$1.csr"
  SANS=$3 openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 365 \
    -extfile "$PKI/openssl.cnf" -extensions leaf -out "$PKI/$1.crt" 2>/dev/null
}

write_kubeconfig() {
  cat >"$KUBECONFIG_FILE" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: weather-forecast
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/admin.crt")
    client-key-data: $(base64 -w0 <"$PKI/admin.key")
contexts:
- name: weather-forecast
  context:
    cluster: weather-forecast
    user: admin
current-context: weather-forecast
KUBECONFIG
  chmod 600 "$KUBECONFIG_FILE"
}

# ----------------------------------------------------------------------------------------------- manifests

# N fake nodes for KWOK. No taint, so the project's manifests need no toleration; a real kubeletVersion, because
# istiod reads it to decide whether to inject a native sidecar (an init container with restartPolicy Always).
fake_nodes() {
  local i
  for i in $(seq 1 "$1"); do
    cat <<NODE
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    type: kwok
status:
  allocatable: {cpu: "32", memory: 128Gi, pods: "110"}
  capacity: {cpu: "32", memory: 128Gi, pods: "110"}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    kubeletVersion: $K8S_VERSION
NODE
  done
}

# istiod's webhooks, registered by hand (istioctl install would render them from the chart): validation of every
# Istio API group, and sidecar injection for pods in namespaces labelled istio-injection=enabled, as the default
# revision's webhooks do. istiod runs outside the cluster, so they name a URL instead of a Service.
webhooks() {
  local ca
  ca=$(base64 -w0 <"$PKI/ca.crt")
  cat <<WEBHOOKS
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: istiod-local-validator
webhooks:
- name: rev.validation.istio.io
  clientConfig:
    url: https://127.0.0.1:$ISTIOD_WEBHOOK_PORT/validate
    caBundle: $ca
  rules:
  - apiGroups: [security.istio.io, networking.istio.io, telemetry.istio.io, extensions.istio.io]
    apiVersions: ["*"]
    operations: [CREATE, UPDATE]
    resources: ["*"]
  failurePolicy: Fail
  sideEffects: None
  admissionReviewVersions: [v1]
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istiod-local-sidecar-injector
webhooks:
- name: namespace.sidecar-injector.istio.io
  clientConfig:
    url: https://127.0.0.1:$ISTIOD_WEBHOOK_PORT/inject
    caBundle: $ca
  rules:
  - apiGroups: [""]
    apiVersions: [v1]
    operations: [CREATE]
    resources: [pods]
  namespaceSelector:
    matchLabels:
      istio-injection: enabled
  objectSelector:
    matchExpressions:
    - {key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}
  failurePolicy: Fail
  sideEffects: None
  reinvocationPolicy: Never
  admissionReviewVersions: [v1]
WEBHOOKS
}

# A stand-in for the ingress gateway: a Deployment and Service in istio-system with the labels of Istio's
# istio-ingressgateway, so that Gateways selecting istio=ingressgateway have a workload and istiod computes the
# gateway's configuration. Its image is never pulled and nothing listens: KWOK only marks the pod Running. It runs as
# the ServiceAccount of Istio's own install (its mTLS identity, which docs/security.md's AuthorizationPolicies name)
# and its Service has the ports 80 and 443 of that install (the HTTPS server of docs/security.md).
ingress_gateway() {
  cat <<'GATEWAY'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: istio-ingressgateway-service-account
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
spec:
  replicas: 1
  selector:
    matchLabels: {app: istio-ingressgateway, istio: ingressgateway}
  template:
    metadata:
      labels: {app: istio-ingressgateway, istio: ingressgateway}
      annotations: {sidecar.istio.io/inject: "false"}
    spec:
      serviceAccountName: istio-ingressgateway-service-account
      containers:
      - name: istio-proxy
        image: stand-in/not-run:never-pulled
        ports:
        - {containerPort: 8080, name: http2}
        - {containerPort: 8443, name: https}
---
apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
spec:
  selector: {app: istio-ingressgateway, istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
GATEWAY
}

# An AdmissionReview for a pod, sent straight to istiod's /inject: answers with a JSON patch when injection works
injection_probe() {
  curl -sf --max-time 5 --cacert "$PKI/ca.crt" -H 'Content-Type: application/json' \
    "https://127.0.0.1:$ISTIOD_WEBHOOK_PORT/inject" -d '{
      "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
      "request": {"uid": "probe", "kind": {"group": "", "version": "v1", "kind": "Pod"},
        "resource": {"group": "", "version": "v1", "resource": "pods"}, "namespace": "default", "operation": "CREATE",
        "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probe", "namespace": "default"},
          "spec": {"containers": [{"name": "app", "image": "probe"}]}}}}' | grep -q '"patch"'
}

# An invalid VirtualService (a negative weight), created with a server-side dry run: refused by istiod's webhook
validation_probe() {
  local out
  out=$(kubectl create --dry-run=server -f - 2>&1 <<'VS' || true
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: validation-probe, namespace: default}
spec:
  hosts: [probe]
  http:
  - route:
    - destination: {host: probe}
      weight: -1
VS
)
  grep -q 'rev.validation.istio.io' <<<"$out"
}

# --------------------------------------------------------------------------------------------------- up/down

up() {
  local nodes=2 ambient=false rollouts=false data_plane=false kwok_stages=$KWOK_BIN/stages.yaml kwok_cidr=$POD_CIDR
  while [ $# -gt 0 ]; do
    case $1 in
    --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
    --nodes=*) nodes=${1#--nodes=}; shift ;;
    --ambient) ambient=true; shift ;;
    --rollouts) rollouts=true; shift ;;
    --data-plane) data_plane=true; shift ;;
    *) die "up: unknown option $1" ;;
    esac
  done
  [[ $nodes =~ ^[1-9][0-9]*$ ]] || die "up: --nodes needs a positive number, not '$nodes'"
  check_built
  local name port
  for name in $COMPONENTS; do
    running "$name" && die "already up ($name runs with PID $(pid_of "$name")): scripts/cluster.sh down first"
  done
  $data_plane && ALL_PORTS+=" $GATEWAY_HTTP_PORT $GATEWAY_HTTPS_PORT"
  for port in $ALL_PORTS; do
    port_free "$port" || die "port $port on 127.0.0.1 is in use; the cluster needs the ports $(echo $ALL_PORTS)"
  done

  local start=$SECONDS
  # A failed up stops what it started (the logs stay), so that the next up finds the ports free
  trap 'rc=$?; if [ $rc -ne 0 ]; then log "up failed: stopping what started"; down; fi' EXIT
  # Every up is a fresh cluster, like `kind create cluster`: the state of an earlier one is thrown away.
  rm -rf "$DIR"
  mkdir -p "$PKI" "$LOGS" "$PIDS" "$DIR/istiod"
  echo "$offset" >"$DIR/port-offset"
  mkdir -p "$DIR/bin"
  ln -sfn "$(tool xds-dump)" "$DIR/bin/xds-dump"
  make_pki
  write_kubeconfig
  if $data_plane; then
    "$(tool data-plane)" kwok-stages --namespaces "$DATA_PLANE_NAMESPACES" <"$KWOK_BIN/stages.yaml" \
      >"$DIR/kwok-stages.yaml"
    kwok_stages=$DIR/kwok-stages.yaml kwok_cidr=$KWOK_POD_CIDR
  fi

  # etcd without fsync: the data is thrown away at the next up anyway
  start etcd "$ETCD_BIN/etcd" --name local --data-dir "$DIR/etcd-data" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" --log-level warn
  wait_until "etcd" 30 healthy etcd "http://127.0.0.1:$ETCD_PORT/health"
  since $start "etcd ready"

  # --endpoint-reconciler-type=none: the default reconciler refuses to advertise a loopback address for the
  # kubernetes Service. PodSecurity, ServiceAccount and the webhook admission plugins are on by default.
  start kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --authorization-mode RBAC \
    --enable-admission-plugins PodSecurity,ServiceAccount,MutatingAdmissionWebhook,ValidatingAdmissionWebhook \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --endpoint-reconciler-type none \
    --allow-privileged=true
  wait_until "kube-apiserver" 60 healthy kube-apiserver "https://127.0.0.1:$APISERVER_PORT/readyz"
  since $start "kube-apiserver ready"

  # No --authentication-kubeconfig/--authorization-kubeconfig: without --requestheader-client-ca-file on the API
  # server they only log "missing content for CA bundle" forever; /healthz is allowed without them.
  start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false --controllers '*' \
    --use-service-account-credentials=false \
    --root-ca-file "$PKI/ca.crt" --service-account-private-key-file "$PKI/sa.key" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT"
  start kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT"
  # KWOK plays the kubelet of the nodes annotated kwok.x-k8s.io/node=fake, with the stages from its module.
  # --cidr: see POD_CIDR. --node-ip 127.0.0.1: kubectl logs/exec/port-forward are refused at once (nothing
  # listens on the kubelet port 10250) instead of waiting for a timeout.
  start kwok "$KWOK_BIN/kwok" \
    --kubeconfig "$KUBECONFIG_FILE" --config "$kwok_stages" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr "$kwok_cidr" --node-ip 127.0.0.1 --server-address "127.0.0.1:$KWOK_PORT"
  wait_until "kube-controller-manager" 60 healthy kube-controller-manager "https://127.0.0.1:$KCM_PORT/healthz"
  wait_until "kube-scheduler" 60 healthy kube-scheduler "https://127.0.0.1:$SCHEDULER_PORT/healthz"
  wait_until "kwok" 60 healthy kwok "http://127.0.0.1:$KWOK_PORT/healthz"
  since $start "kube-controller-manager, kube-scheduler, kwok ready"

  fake_nodes "$nodes" | kubectl apply -f - >/dev/null
  kubectl wait --for=condition=Ready node --all --timeout=60s >/dev/null
  # Pods can be created once the ServiceAccount controller has made the namespaces' default ServiceAccounts
  wait_until "the default ServiceAccount" 60 quietly kubectl get serviceaccount default -n default
  since $start "$nodes node(s) Ready, ServiceAccounts made"

  # Istio's CRDs; server-side, because some are too large for the last-applied annotation of a client-side apply
  kubectl apply --server-side -f "$ISTIO_BIN/crd-all.gen.yaml" >/dev/null
  # The Gateway API's CRDs (standard channel) before istiod starts, as Istio's install guide has them: istiod then
  # serves Gateway API routes (PILOT_ENABLE_GATEWAY_API, on by default) and deploys a Deployment and a Service for
  # every Gateway of the classes istio and istio-waypoint
  kubectl apply --server-side -f "$GATEWAY_API_DIR/standard-install.yaml" >/dev/null
  kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
  kubectl create namespace istio-system >/dev/null
  kubectl apply -n istio-system -f "$ISTIO_BIN/configmaps.yaml" >/dev/null
  since $start "Istio's and the Gateway API's CRDs, istio-system and its ConfigMaps created"

  # istiod out of cluster: every listener on 127.0.0.1, the serving certificate of our CA (so the CA is the
  # webhooks' caBundle), the cluster through the kubeconfig; it runs in target/cluster/istiod so that anything it
  # writes relative to its working directory stays there.
  # --ambient: istiod with ambient mode on (PILOT_ENABLE_AMBIENT, what the ambient profile sets), so that it serves
  # waypoints; no ztunnel and no istio-cni run here, so the pods of an ambient namespace stay without any proxy.
  echo "$ambient" >"$DIR/ambient"
  # --data-plane: istiod with what upstream Envoy lacks switched off (scripts/cluster/data-plane.sh)
  # shellcheck disable=SC2086
  (cd "$DIR/istiod" && { ! $data_plane || export $DATA_PLANE_ISTIOD_ENV; } &&
    POD_NAMESPACE=istio-system POD_NAME=istiod-local REVISION=default \
    PILOT_ENABLE_AMBIENT=$ambient \
    start istiod "$ISTIO_BIN/pilot-discovery" discovery \
    --kubeconfig "$KUBECONFIG_FILE" --domain cluster.local \
    --httpAddr "127.0.0.1:$ISTIOD_HTTP_PORT" --httpsAddr "127.0.0.1:$ISTIOD_WEBHOOK_PORT" \
    --grpcAddr "127.0.0.1:$ISTIOD_GRPC_PORT" --secureGRPCAddr "127.0.0.1:$ISTIOD_SECURE_GRPC_PORT" \
    --monitoringAddr "127.0.0.1:$ISTIOD_MONITORING_PORT" \
    --ctrlz_address 127.0.0.1 --ctrlz_port "$ISTIOD_CTRLZ_PORT" \
    --tlsCertFile "$PKI/istiod.crt" --tlsKeyFile "$PKI/istiod.key" --caCertFile "$PKI/ca.crt")
  wait_until "istiod" 90 healthy istiod "http://127.0.0.1:$ISTIOD_HTTP_PORT/ready"
  since $start "istiod ready"

  webhooks | kubectl apply -f - >/dev/null
  wait_until "istiod's injection webhook" 30 injection_probe
  wait_until "istiod's validation webhook" 30 validation_probe
  since $start "istiod's webhooks answer"
  if $data_plane; then
    data_plane_up
    since $start "the data plane's agent runs"
  fi
  ingress_gateway | kubectl apply -f - >/dev/null
  kubectl wait --for=condition=Available deployment/istio-ingressgateway -n istio-system --timeout=60s >/dev/null

  # --rollouts: Argo Rollouts' CRDs and its controller, out of cluster like istiod, with the admin kubeconfig (no
  # RBAC of its own); it manages the Istio objects through networking.istio.io/v1
  if $rollouts; then
    kubectl apply --server-side -f "$ARGO_BIN/crds.yaml" >/dev/null
    kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
    (cd "$DIR" && start argo-rollouts "$ARGO_BIN/rollouts-controller" --kubeconfig "$KUBECONFIG_FILE" \
      --leader-elect=false --istio-api-version v1 \
      --healthzPort "$ARGO_HEALTHZ_PORT" --metricsPort "$ARGO_METRICS_PORT")
    wait_until "the Argo Rollouts controller" 60 healthy argo-rollouts "http://127.0.0.1:$ARGO_HEALTHZ_PORT/healthz"
    since $start "Argo Rollouts $ARGO_ROLLOUTS_VERSION ready"
  fi

  trap - EXIT
  log "up in $((SECONDS - start)) s: $nodes fake node(s), istiod $ISTIO_BUILD_VERSION (ambient mode: $ambient)," \
    "Kubernetes $K8S_VERSION, Gateway API $GATEWAY_API_VERSION"
  log "use it with: eval \"\$(scripts/cluster.sh env)\"; stop it with: scripts/cluster.sh down"
}

# stop NAME...: TERM, then KILL whatever still runs after a grace period
stop() {
  local name pid stopping=() deadline=$((SECONDS + 15))
  for name in "$@"; do
    if running "$name"; then
      pid=$(pid_of "$name")
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$name")
    fi
  done
  for name in "${stopping[@]}"; do
    while running "$name" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if running "$name"; then
      log "$name (PID $(pid_of "$name")) did not stop within 15 s: KILL"
      kill -KILL "$(pid_of "$name")" 2>/dev/null || true
    fi
    log "stopped $name"
    rm -f "$PIDS/$name.pid"
  done
}

down() {
  local start=$SECONDS
  # everything that talks to the API server first, then the API server, etcd last
  stop data-plane argo-rollouts istiod kwok kube-scheduler kube-controller-manager
  data_plane_cleanup
  stop kube-apiserver
  stop etcd
  log "down in $((SECONDS - start)) s; logs in $LOGS"
}

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
  # this checkout's xds-dump (linked into target/cluster/bin by up)
  echo "export PATH=$K8S_BIN:$DIR/bin:\$PATH"
  # up --data-plane: the ingress gateway's ports 80 and 443, forwarded from the host's loopback (docs/tutorial.md's
  # $GATEWAY, docs/security.md's HTTPS_ADDRESS and HTTPS_PORT)
  if running data-plane; then
    echo "export GATEWAY=127.0.0.1:$GATEWAY_HTTP_PORT HTTPS_ADDRESS=127.0.0.1 HTTPS_PORT=$GATEWAY_HTTPS_PORT"
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

# bin_path NAME: the path of one of the binaries build makes; fails, saying so, when it is not built
bin_path() {
  local path
  case ${1:?usage: scripts/cluster.sh bin NAME} in
  kube-apiserver | kube-controller-manager | kube-scheduler | kubectl) path=$K8S_BIN/$1 ;;
  etcd) path=$ETCD_BIN/etcd ;;
  kwok) path=$KWOK_BIN/kwok ;;
  pilot-discovery | pilot-agent | istioctl) path=$ISTIO_BIN/$1 ;;
  rollouts-controller) path=$ARGO_BIN/$1 ;;
  *) die "bin: no binary named $1" ;;
  esac
  [ -x "$path" ] || die "$1 is not built ($path): run scripts/cluster.sh build"
  echo "$path"
}

# built: exit status 0 when every binary of the cluster is in the cache (the tests skip the cluster without them)
built() {
  local binary
  for binary in "$ETCD_BIN/etcd" "$K8S_BIN/kube-apiserver" "$K8S_BIN/kube-controller-manager" \
      "$K8S_BIN/kube-scheduler" "$K8S_BIN/kubectl" "$KWOK_BIN/kwok" "$ISTIO_BIN/pilot-discovery" \
      "$ISTIO_BIN/pilot-agent" "$ISTIO_BIN/istioctl" "$(tool xds-dump)" "$(tool istio-render)"; do
    [ -x "$binary" ] || { echo "missing: $binary (scripts/cluster.sh build)"; return 1; }
  done
  [ -x "$(promql_check)" ] || { echo "missing: $(promql_check) (scripts/cluster.sh build)"; return 1; }
  [ -x "$ARGO_BIN/rollouts-controller" ] && [ -s "$ARGO_BIN/crds.yaml" ] ||
    { echo "missing: $ARGO_BIN/rollouts-controller (scripts/cluster.sh build)"; return 1; }
  [ -s "$GATEWAY_API_DIR/standard-install.yaml" ] ||
    { echo "missing: $GATEWAY_API_DIR/standard-install.yaml (scripts/cluster.sh build)"; return 1; }
  data_plane_built
}

case "${1:-}" in
build) build ;;
promql) shift; "$(promql_check)" "$@" ;;
crds) printf '%s\n' "$GATEWAY_API_DIR/standard-install.yaml" "$ARGO_BIN/crds.yaml" ;;
built) built ;;
data-plane-runnable) data_plane_runnable ;;
bin) shift; bin_path "$@" ;;
module-dir) shift; module_dir "$@" ;;
xds) shift; xds "$@" ;;
up) shift; up "$@" ;;
down) down ;;
status) status ;;
env) env_lines ;;
*) die "usage: scripts/cluster.sh build | built | up [--nodes N] [--ambient] [--rollouts] [--data-plane] | down | status | env | xds NAMESPACE POD" ;;
esac
