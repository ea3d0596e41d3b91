#!/usr/bin/env bash
# Checks the manifests offline with the tools attendees use:
#   - kustomize renders k8s/ with the images of the registry named in k8s/kustomization.yaml, and changing that one
#     line moves every image to another registry;
#   - istioctl analyze --use-kube=false finds no error and no warning in the cluster after any step of
#     docs/tutorial.md. Those cluster states are written by the manifests module's TutorialTest to
#     manifests/target/tutorial-steps, so run ./mvnw -pl manifests verify first (.ci/run runs ./mvnw verify first);
#   - the same over the tutorial's last state with each step of docs/security.md applied on top (the policies, the
#     HTTPS Gateway and its Secret, the JWT rules, egress), written by SecurityTest to manifests/target/security-steps;
#   - the same after every step of each scenario of docs/scenarios/, applied on top of the tutorial's last step
#     (written by ScenariosTest to manifests/target/scenario-states).
# istioctl, and kustomize where kubectl is missing, are built once with go install at pinned versions from the Go
# module proxy and kept in ${XDG_CACHE_HOME:-$HOME/.cache}/weather-forecast (the first istioctl build takes about
# 5 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

# istio.io/istio has no tagged Go module versions: this pseudo-version is its master of 2026-08-27 (Istio 1.30 in
# development); it analyzes networking.istio.io/v1 as the Istio releases attendees install do.
ISTIO_VERSION=v0.0.0-20260827124520-eed52ebb66ad
# The kustomize that kubectl 1.32 embeds; only built when kubectl is missing.
KUSTOMIZE_VERSION=v5.5.0
TOOLS=${XDG_CACHE_HOME:-$HOME/.cache}/weather-forecast
STATES=manifests/target/tutorial-steps
SECURITY_STATES=manifests/target/security-steps
SCENARIO_STATES=manifests/target/scenario-states
REGISTRY=localhost/weather
IMAGES="advertisement:v1 forecast:v1 frontend:v1"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

# go_tool NAME PACKAGE VERSION: prints the path of the binary, built on first use
go_tool() {
  local name=$1 package=$2 version=$3
  local dir=$TOOLS/$name/$version
  if [ ! -x "$dir/$name" ]; then
    if ! command -v go >/dev/null 2>&1; then
      echo "Building $name needs Go (https://go.dev/dl/)" >&2
      return 1
    fi
    echo "Building $name $version with go install (once) ..." >&2
    local start=$SECONDS
    mkdir -p "$dir"
    GOBIN=$dir go install "$package@$version" >&2
    echo "Built $name in $((SECONDS - start)) s" >&2
  fi
  echo "$dir/$name"
}

render() {
  if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize "$1"
  else
    "$(go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION")" build "$1"
  fi
}

# images_of DIR: the images of the rendered Deployments, sorted, on one line
images_of() {
  render "$1" | awk '$1 == "image:" || $2 == "image:" { print $NF }' | sort | tr '\n' ' ' | sed 's/ $//'
}

expected_images() {
  local registry=$1 image
  for image in $IMAGES; do printf '%s/%s ' "$registry" "$image"; done | sed 's/ $//'
}

check_kustomization() {
  local actual
  actual=$(images_of k8s)
  if [ "$actual" = "$(expected_images "$REGISTRY")" ]; then
    pass "kustomize renders k8s/ with the images $actual"
  else
    fail "kustomize renders k8s/ with the images '$actual', expected '$(expected_images "$REGISTRY")'"
  fi

  local copy other=registry.example.com/team
  copy=$(mktemp -d)
  cp -r k8s "$copy/"
  sed -i "s#registry=$REGISTRY\$#registry=$other#" "$copy/k8s/kustomization.yaml"
  actual=$(images_of "$copy/k8s")
  rm -rf "$copy"
  if [ "$actual" = "$(expected_images "$other")" ]; then
    pass "registry=$other in k8s/kustomization.yaml moves every image there"
  else
    fail "registry=$other in k8s/kustomization.yaml gives the images '$actual'"
  fi
}

# check_states DIR GLOB: istioctl analyze over every cluster state file DIR/GLOB that the manifests tests wrote
check_states() {
  local dir=$1 glob=$2 istioctl state
  if ! compgen -G "$dir/$glob" >/dev/null; then
    fail "no cluster states in $dir: run ./mvnw -pl manifests verify first"
    return
  fi
  istioctl=$(go_tool istioctl istio.io/istio/istioctl/cmd/istioctl "$ISTIO_VERSION")
  for state in "$dir"/$glob; do
    echo "== $(head -1 "$state" | sed 's/^# //')"
    if "$istioctl" analyze --use-kube=false --all-namespaces --failure-threshold Warning "$state"; then
      pass "istioctl analyze $state"
    else
      fail "istioctl analyze $state"
    fi
  done
}

check_kustomization
check_states "$STATES" "step-*.yaml"
check_states "$SECURITY_STATES" "security-*.yaml"
check_states "$SCENARIO_STATES" "*-step-*.yaml"
echo "istio-analyze: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
