#!/usr/bin/env bash
# Loads the image tarballs (one per module of services.txt) that jib:buildTar wrote into a local cluster's nodes, for workshops where pulling
# images is slow or impossible (docs/images.md). The tarballs are named localhost/weather/... (image.registry), and
# kind, minikube and k3d keep those names, so the Deployments find them as long as they do not ask for
# imagePullPolicy: Always.
# Usage: scripts/images/load-into-cluster.sh kind|minikube|k3d [CLUSTER]
#   CLUSTER: the kind cluster, minikube profile or k3d cluster (default: the tool's own default)
set -euo pipefail
cd "$(dirname "$0")/../.."

tool=${1:-}
cluster=${2:-}
case "$tool" in
  kind) load=(kind load image-archive ${cluster:+--name "$cluster"}) ;;
  minikube) load=(minikube image load ${cluster:+--profile "$cluster"}) ;;
  k3d) load=(k3d image import ${cluster:+--cluster "$cluster"}) ;;
  *) echo "Usage: $0 kind|minikube|k3d [CLUSTER]" >&2; exit 2 ;;
esac
command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed" >&2; exit 1; }

tarballs=()
for module in $(. scripts/services.sh; service_modules); do
  tarball=$module/target/jib-image.tar
  if [ ! -f "$tarball" ]; then
    echo "$tarball is missing. Build the tarballs for your nodes' architecture first, for example:" >&2
    echo "  ./mvnw -DskipTests package jib:buildTar -Djib.from.platforms=linux/amd64   # or linux/arm64" >&2
    exit 1
  fi
  tarballs+=("$tarball")
done

for tarball in "${tarballs[@]}"; do
  echo "Loading $tarball ($(tar -xOf "$tarball" manifest.json | sed 's/.*"RepoTags":\[\([^]]*\)\].*/\1/'))"
  "${load[@]}" "$tarball"
done
