#!/usr/bin/env bash
# Builds the images of services.txt with Jib for the root pom's platforms (linux/amd64 and linux/arm64) and pushes
# them to a registry, one manifest list per tag. The release workflow (.github/workflows/release.yml) runs it, and
# scripts/images/registry-push-test.sh proves it against a registry on loopback.
# Usage: scripts/images/push.sh REGISTRY [MAVEN OPTIONS...]
#   REGISTRY       the prefix of the images' names (image.registry), e.g. ghcr.io/you
#   MAVEN OPTIONS  e.g. -Dimage.release=1.2.0 (the release in the immutable tags), -Djib.from.image=... (the base)
# Jib signs in with what docker login stored (docs/images.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
. scripts/services.sh
. scripts/use-jdk.sh

registry=${1:?Usage: scripts/images/push.sh REGISTRY [MAVEN OPTIONS...]}
shift
use_jdk
read -ra git_commit <<<"$(git_commit_option)"
./mvnw -B -DskipTests package jib:build -pl "$(service_modules ,)" -am -Dimage.registry="$registry" \
  "${git_commit[@]}" "$@"
