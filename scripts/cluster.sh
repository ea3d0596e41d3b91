#!/usr/bin/env bash
# A real Kubernetes control plane and Istio's istiod on this machine, for rehearsing docs/tutorial.md and checking the
# routing rules without a cluster (docs/cluster.md):
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, KWOK (fake nodes: pods get an IP and become
#   Running, no container runs) and istiod out of cluster with its validation and injection webhooks, all on
#   127.0.0.1. Without --data-plane Envoy is not part of it: no request ever passes a sidecar or the gateway.
#
#   scripts/cluster.sh build            build every component once at its pinned version (Go module proxy)
#   scripts/cluster.sh built            exit status 0 when every component is built
#   scripts/cluster.sh bin NAME         the path of a built binary: kubectl, istioctl, pilot-agent, prometheus, ...
#   scripts/cluster.sh go-tool NAME     the path of actionlint, kustomize or the distribution registry, built when
#                                       missing
#   scripts/cluster.sh module-dir MODULE@VERSION | MODULE IN
#                                       the source of a Go module, downloaded when missing (see module_dir)
#   scripts/cluster.sh up [--nodes N] [--ambient] [--rollouts] [--data-plane]
#                                       start a fresh cluster with N fake nodes (default 2), the Gateway API CRDs
#                                       and istiod (with ambient mode on: --ambient), and with --rollouts the
#                                       Argo Rollouts controller; fails if one runs. --data-plane: the pods of
#                                       `weather` and the ingress gateway run for real, with Envoy
#                                       (scripts/cluster/data-plane.sh), and Prometheus scrapes them
#                                       (scripts/cluster/prometheus.sh); DATA_PLANE_JAVA_OPTS replaces the
#                                       images' JVM options of the pods' services
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
ARGO_ROLLOUTS_VERSION=v1.10.2 # the Argo Rollouts controller, run by up --rollouts, and its kubectl plugin
ARGO_ROLLOUTS_GO=go1.27.3     # it needs Go >= 1.26.10: the go command fetches this toolchain from the proxy
# the Prometheus server of the data plane (up --data-plane), the module scripts/cluster/prometheus pins: Prometheus 3.11.3
PROMETHEUS_VERSION=$(sed -n 's/^require github.com\/prometheus\/prometheus \(v[0-9.]*\)$/\1/p' \
  scripts/cluster/prometheus/go.mod)
# istio.io/istio has no tagged Go module versions: its master of 2026-08-27 (its VERSION file says 1.31: the release
# after 1.30, in development). istiod, pilot-agent and istioctl are built from it.
ISTIO_VERSION=v0.0.0-20260827124520-eed52ebb66ad
ISTIO_BUILD_VERSION=1.31-alpha.eed52ebb66ad # what istiod reports as its version, in Istio's own dev-build form
ACTIONLINT_VERSION=v1.7.12 # checks the GitHub Actions workflows (ReleaseWorkflowTest)
REGISTRY_VERSION=v3.1.2    # the CNCF distribution registry (github.com/distribution/distribution/v3), on loopback
KUSTOMIZE_VERSION=v5.8.3   # replays the pages' kustomize edit (PublishedImagesTest); built with ARGO_ROLLOUTS_GO (Go 1.27)

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/weather-forecast/cluster
K8S_BIN=$CACHE/kubernetes-$K8S_VERSION
ETCD_BIN=$CACHE/etcd-$ETCD_VERSION
KWOK_BIN=$CACHE/kwok-$KWOK_VERSION
GATEWAY_API_DIR=$CACHE/gateway-api-$GATEWAY_API_VERSION
ARGO_BIN=$CACHE/argo-rollouts-$ARGO_ROLLOUTS_VERSION
PROMETHEUS_BIN=$CACHE/prometheus-$PROMETHEUS_VERSION
ISTIO_BIN=$CACHE/istio-$ISTIO_VERSION
ACTIONLINT_BIN=$CACHE/actionlint-$ACTIONLINT_VERSION
REGISTRY_BIN=$CACHE/distribution-$REGISTRY_VERSION
KUSTOMIZE_BIN=$CACHE/kustomize-$KUSTOMIZE_VERSION
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
PROMETHEUS_PORT=$((19090 + offset))   # up --data-plane: Prometheus' HTTP API, forwarded into the node's network
ALL_PORTS="$ETCD_PORT $ETCD_PEER_PORT $APISERVER_PORT $KCM_PORT $SCHEDULER_PORT $KWOK_PORT $ISTIOD_HTTP_PORT
  $ISTIOD_GRPC_PORT $ISTIOD_SECURE_GRPC_PORT $ISTIOD_WEBHOOK_PORT $ISTIOD_MONITORING_PORT $ISTIOD_CTRLZ_PORT
  $ARGO_HEALTHZ_PORT $ARGO_METRICS_PORT"

SERVICE_CIDR=10.96.0.0/16
KUBERNETES_SERVICE_IP=10.96.0.1
# KWOK's pod IPs. Its default 10.0.0.0/24 has room for 254 pods only and overlaps the Service range of setups
# that use 10.0.0.0/16 for Services; a /16 of its own keeps pod and Service IPs apart and fits the scale runs.
POD_CIDR=10.244.0.0/16
# The processes in start order; down stops them in reverse order.
COMPONENTS="etcd kube-apiserver kube-controller-manager kube-scheduler kwok istiod argo-rollouts data-plane prometheus"

log() { echo "cluster: $*" >&2; }
since() { log "$(printf '%3d s' $((SECONDS - $1))) $2"; } # since START WHAT: a step of up, with the time it took
die() { echo "cluster: $*" >&2; exit 1; }

# The commands, by concern: each file under scripts/cluster/ says what it holds
# shellcheck source=scripts/cluster/build.sh
source scripts/cluster/build.sh
# shellcheck source=scripts/cluster/processes.sh
source scripts/cluster/processes.sh
# shellcheck source=scripts/cluster/pki.sh
source scripts/cluster/pki.sh
# shellcheck source=scripts/cluster/manifests.sh
source scripts/cluster/manifests.sh
# shellcheck source=scripts/cluster/up.sh
source scripts/cluster/up.sh
# shellcheck source=scripts/cluster/use.sh
source scripts/cluster/use.sh
# shellcheck source=scripts/cluster/data-plane.sh
source scripts/cluster/data-plane.sh
# shellcheck source=scripts/cluster/prometheus.sh
source scripts/cluster/prometheus.sh

case "${1:-}" in
build) build ;;
promql) shift; "$(promql_check)" "$@" ;;
crds) printf '%s\n' "$GATEWAY_API_DIR/standard-install.yaml" "$ARGO_BIN/crds.yaml" ;;
built) built ;;
data-plane-runnable) data_plane_runnable ;;
bin) shift; bin_path "$@" ;;
go-tool) shift; go_tool "$@" ;;
module-dir) shift; module_dir "$@" ;;
xds) shift; xds "$@" ;;
up) shift; up "$@" ;;
down) down ;;
status) status ;;
env) env_lines ;;
*) die "usage: scripts/cluster.sh build | built | up [--nodes N] [--ambient] [--rollouts] [--data-plane] | down | status | env | xds NAMESPACE POD" ;;
esac
