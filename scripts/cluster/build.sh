# shellcheck shell=bash
# Sourced by scripts/cluster.sh: build (every component once per version, into the cache), built, bin and module-dir.


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

# go_install PACKAGE@VERSION DIR: go install of a command whose module has no replace directives, into DIR, once;
# the binary is named as go names it, after the package's last element that is not a major version (v5)
go_install() {
  local binary
  binary=$2/$(basename "$(sed 's#/v[0-9]*$##' <<<"${1%@*}")")
  if [ -x "$binary" ]; then
    log "$(basename "$binary"): cached ($binary)"
    return
  fi
  local start=$SECONDS
  log "building $(basename "$binary") with go install $1 ..."
  mkdir -p "$2"
  CGO_ENABLED=0 GOBIN=$2 go install "$1"
  log "built $(basename "$binary") in $((SECONDS - start)) s"
}

# go_tool actionlint|kustomize|registry: the path of that standalone tool, built once per version
# (ACTIONLINT_VERSION, KUSTOMIZE_VERSION, REGISTRY_VERSION); not part of the cluster, but built and cached the same way
go_tool() {
  local package dir toolchain=${GOTOOLCHAIN:-}
  case ${1:?usage: scripts/cluster.sh go-tool actionlint|kustomize|registry} in
  actionlint) package=github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION dir=$ACTIONLINT_BIN ;;
  kustomize) package=sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION dir=$KUSTOMIZE_BIN toolchain=$ARGO_ROLLOUTS_GO ;;
  registry) package=github.com/distribution/distribution/v3/cmd/registry@$REGISTRY_VERSION dir=$REGISTRY_BIN ;;
  *) die "go-tool: no tool named $1" ;;
  esac
  command -v go >/dev/null 2>&1 || die "building $1 needs Go 1.26 (https://go.dev/dl/)"
  GOTOOLCHAIN=$toolchain go_install "$package" "$dir" >&2
  echo "$dir/$1"
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
  go_install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "$KWOK_BIN"
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
  go_tool actionlint >/dev/null # ReleaseWorkflowTest checks .github/workflows with it
  go_tool kustomize >/dev/null  # PublishedImagesTest runs the pages' kustomize edit with it
  go_tool registry >/dev/null   # scripts/images/registry-push-test.sh pushes the images to it
  build_prometheus

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

# The Argo Rollouts controller and its kubectl plugin from their own module (scripts/cluster/argo-rollouts repeats the
# replace directives of argo-rollouts' go.mod, which go install refuses), with its CRDs. One change to its source: the
# controller's metrics and healthz servers listen on 127.0.0.1 instead of the constant "0.0.0.0:%d" of its controller
# package, like every other component here. go build -overlay may not replace files in the module cache, so the build
# uses a copy of the module's source with that one line changed ($ARGO_BIN/src), through a replace directive added to
# a copy of scripts/cluster/argo-rollouts; every other package is the module's own, and comes from the build cache
# when built before (the plugin shares most of the controller's). The plugin's dashboard assets are not in the module
# (upstream's Makefile copies them from ui/dist, built with npm, into server/static): its build embeds the module's
# own placeholder server/static/.gitkeep, so `kubectl argo rollouts dashboard` serves no page; every other command
# of the plugin is upstream's.
build_argo_rollouts() {
  local binaries=() binary
  [ -x "$ARGO_BIN/rollouts-controller" ] && [ -s "$ARGO_BIN/crds.yaml" ] || binaries+=(rollouts-controller)
  [ -x "$ARGO_BIN/kubectl-argo-rollouts" ] || binaries+=(kubectl-argo-rollouts)
  if [ ${#binaries[@]} -eq 0 ]; then
    log "rollouts-controller, kubectl-argo-rollouts: cached ($ARGO_BIN)"
    return
  fi
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
  for binary in "${binaries[@]}"; do
    local start=$SECONDS
    log "building $binary from github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION ..."
    (cd "$src/build" && GOTOOLCHAIN=$ARGO_ROLLOUTS_GO CGO_ENABLED=0 go build -o "$ARGO_BIN/$binary.tmp" \
      -ldflags "-X github.com/argoproj/argo-rollouts/utils/version.version=${ARGO_ROLLOUTS_VERSION#v}" \
      "github.com/argoproj/argo-rollouts/cmd/$binary")
    mv "$ARGO_BIN/$binary.tmp" "$ARGO_BIN/$binary"
    log "built $binary in $((SECONDS - start)) s"
  done
  for crd in rollout analysis-template cluster-analysis-template analysis-run experiment; do
    echo "---"
    cat "$argo_dir/manifests/crds/$crd-crd.yaml"
  done >"$ARGO_BIN/crds.yaml"
  rm -rf "$src"
}

# The Prometheus server of the data plane's analysis (scripts/cluster/prometheus pins the module, which go install
# refuses for its replace directives). Kubernetes service discovery only (file and HTTP discovery are always in): no
# cloud SDKs. netgo as Prometheus' own release build (.promu.yml). Not builtinassets: the module has no built web UI
# (that needs npm), so the UI pages answer an error and the HTTP API works.
build_prometheus() {
  local version
  version=$(cat "$(module_dir github.com/prometheus/prometheus prometheus)/VERSION")
  go_build prometheus "$PROMETHEUS_BIN/prometheus" github.com/prometheus/prometheus/cmd/prometheus \
    -tags netgo,remove_all_sd,enable_kubernetes_sd -ldflags "-X github.com/prometheus/common/version.Version=$version
      -X github.com/prometheus/common/version.Revision=$PROMETHEUS_VERSION
      -X github.com/prometheus/common/version.Branch=$PROMETHEUS_VERSION"
  # Istio's Prometheus addon, whose objects and configuration the data plane's Prometheus uses (prometheus.sh)
  if [ ! -s "$ISTIO_BIN/prometheus-addon.yaml" ]; then
    install -D -m 0644 "$(module_dir istio.io/istio istio)/samples/addons/prometheus.yaml" "$ISTIO_BIN/prometheus-addon.yaml"
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

# bin_path NAME: the path of one of the binaries build makes; fails, saying so, when it is not built
bin_path() {
  local path
  case ${1:?usage: scripts/cluster.sh bin NAME} in
  kube-apiserver | kube-controller-manager | kube-scheduler | kubectl) path=$K8S_BIN/$1 ;;
  etcd) path=$ETCD_BIN/etcd ;;
  kwok) path=$KWOK_BIN/kwok ;;
  pilot-discovery | pilot-agent | istioctl) path=$ISTIO_BIN/$1 ;;
  rollouts-controller | kubectl-argo-rollouts) path=$ARGO_BIN/$1 ;;
  actionlint) path=$ACTIONLINT_BIN/$1 ;;
  kustomize) path=$KUSTOMIZE_BIN/$1 ;;
  registry) path=$REGISTRY_BIN/$1 ;;
  prometheus) path=$PROMETHEUS_BIN/$1 ;;
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
  [ -x "$ARGO_BIN/kubectl-argo-rollouts" ] ||
    { echo "missing: $ARGO_BIN/kubectl-argo-rollouts (scripts/cluster.sh build)"; return 1; }
  [ -x "$PROMETHEUS_BIN/prometheus" ] && [ -s "$ISTIO_BIN/prometheus-addon.yaml" ] ||
    { echo "missing: $PROMETHEUS_BIN/prometheus (scripts/cluster.sh build)"; return 1; }
  [ -s "$GATEWAY_API_DIR/standard-install.yaml" ] ||
    { echo "missing: $GATEWAY_API_DIR/standard-install.yaml (scripts/cluster.sh build)"; return 1; }
  data_plane_built
}
