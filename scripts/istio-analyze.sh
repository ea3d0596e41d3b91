#!/usr/bin/env bash
# Checks the manifests offline with the tools attendees use:
#   - kustomize renders k8s/ with the images named in k8s/kustomization.yaml's images:, and pointing their newName
#     at another registry moves every image there;
#   - istioctl analyze --use-kube=false finds no error and no warning in the cluster after any step of
#     docs/tutorial.md. Those cluster states are written by the lessons module's TutorialTest to
#     tests/lessons/target/tutorial-steps, so run ./mvnw -pl tests/lessons verify first (.ci/run runs ./mvnw verify first);
#   - the same over the tutorial's last state with each step of docs/security.md applied on top (the policies, the
#     HTTPS Gateway and its Secret, the JWT rules, egress), written by SecurityTest to tests/lessons/target/security-steps;
#   - the same after every step of each scenario of docs/scenarios/, applied on top of the tutorial's last step
#     (written by ScenariosTest to tests/lessons/target/scenario-states).
# istioctl and kubectl (for its kustomize) are the ones scripts/cluster.sh build makes from the pinned Istio and
# Kubernetes versions (istioctl from istiod's module); .ci/run builds them first.
set -euo pipefail
cd "$(dirname "$0")/.."

STATES=tests/lessons/target/tutorial-steps
SECURITY_STATES=tests/lessons/target/security-steps
SCENARIO_STATES=tests/lessons/target/scenario-states
REGISTRY=localhost/weather
IMAGES="advertisement:v1 forecast:v1 frontend:v1"

. scripts/lib.sh

# bin NAME: the path of a binary that scripts/cluster.sh build made
bin() { scripts/cluster.sh bin "$1"; }

render() { "$(bin kubectl)" kustomize "$1"; }

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
  sed -i "s#newName: $REGISTRY/#newName: $other/#" "$copy/k8s/kustomization.yaml"
  actual=$(images_of "$copy/k8s")
  rm -rf "$copy"
  if [ "$actual" = "$(expected_images "$other")" ]; then
    pass "newName: $other/... in k8s/kustomization.yaml moves every image there"
  else
    fail "newName: $other/... in k8s/kustomization.yaml gives the images '$actual'"
  fi
}

# check_states DIR GLOB: istioctl analyze over every cluster state file DIR/GLOB that the lessons tests wrote
check_states() {
  local dir=$1 glob=$2 istioctl state
  if ! compgen -G "$dir/$glob" >/dev/null; then
    fail "no cluster states in $dir: run ./mvnw -pl tests/lessons verify first"
    return
  fi
  istioctl=$(bin istioctl)
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
