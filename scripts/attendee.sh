#!/usr/bin/env bash
# A workshop on one shared cluster (docs/workshop.md): prints the tutorial's objects of FILE or FOLDER as they are for
# the attendee ATTENDEE, for `kubectl apply -f -`. Kustomize does it: the attendee's namespace set by `namespace:`,
# and the component k8s/workshop, which moves the gateway's host from `*` to ATTENDEE.WORKSHOP_DOMAIN:
#
#   export ATTENDEE=alice                                       # once: the namespace, and the host alice.localhost
#   scripts/attendee.sh k8s/namespace.yaml | kubectl apply -f -  # for: kubectl apply -f k8s/namespace.yaml
#   scripts/attendee.sh k8s | kubectl apply -f -                 # for: kubectl apply -k k8s
#
# WORKSHOP_DOMAIN is localhost unless set: browsers send alice.localhost to this machine, so that a port-forward to
# the ingress gateway serves http://alice.localhost:8080/. Needs kubectl only (its built-in kustomize).
set -euo pipefail

if [ $# -eq 0 ] || [ -z "${ATTENDEE:-}" ]; then
  echo "usage: ATTENDEE=NAME $0 FILE|FOLDER... (a namespace name: lower-case letters, digits, '-')" >&2
  exit 2
fi
if ! [[ $ATTENDEE =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || [ ${#ATTENDEE} -gt 63 ]; then
  echo "$0: ATTENDEE=$ATTENDEE is not a namespace name (lower-case letters, digits, '-', at most 63)" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "namespace: $ATTENDEE"
  echo "resources:"
  for path in "$@"; do
    [ -e "$path" ] || { echo "$0: no $path" >&2; exit 2; }
    # kustomize takes relative paths only
    echo "  - $(realpath --relative-to="$WORK" "$path")"
  done
  echo "components:"
  echo "  - $(realpath --relative-to="$WORK" "$ROOT/k8s/workshop")"
  echo "configMapGenerator:"
  echo "  - name: attendee"
  echo "    literals:"
  echo "      - namespace=$ATTENDEE"
  echo "      - host=$ATTENDEE.${WORKSHOP_DOMAIN:-localhost}"
  echo "    options:"
  echo "      disableNameSuffixHash: true"
  echo "      annotations:"
  echo "        config.kubernetes.io/local-config: \"true\""
} >"$WORK/kustomization.yaml"

kubectl kustomize --load-restrictor=LoadRestrictionsNone "$WORK"
