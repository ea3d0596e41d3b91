#!/usr/bin/env bash
# Builds a stand-in for the eclipse-temurin JRE base image where no registry can be reached (CI): a JRE made with
# jlink from the newest local JDK, the host's C libraries that it links, and an empty /tmp; JAVA_HOME and PATH as in
# the Temurin images. Only the offline smoke test uses it: real images are built on eclipse-temurin (docs/images.md).
# Usage: scripts/images/offline-base-image.sh [IMAGE]   (default localhost/weather-jre:25)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/use-jdk.sh
. scripts/images/engine.sh

image=${1:-localhost/weather-jre:25}
if [ "$(uname -s)" != Linux ]; then
  echo "The offline base image is made from a Linux JDK. Here, give the smoke test a real base image:" >&2
  echo "  scripts/images/smoke-test.sh --base-image eclipse-temurin:25.0.3_9-jre-noble" >&2
  exit 1
fi
use_jdk --newest
pick_engine

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
jre=$rootfs/opt/java/openjdk

# What a JRE carries, less the development tools; java.desktop stays because Spring uses java.beans.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.naming.dns
modules+=,jdk.zipfs,jdk.management,jdk.management.agent,jdk.jfr,jdk.management.jfr,jdk.httpserver,jdk.net
modules+=,jdk.nio.mapmode,jdk.security.auth,jdk.security.jgss,jdk.jdwp.agent
jlink --output "$jre" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --generate-cds-archive >/dev/null

find "$jre" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
  | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$jre" | sort -u \
  | while read -r lib; do cp -L --parents "$lib" "$rootfs"; done
mkdir -m 1777 "$rootfs/tmp"

tar -C "$rootfs" -c . | quietly "$ENGINE" import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  - "$image"
echo "Base image $image: $("$ENGINE" run --rm "${ENGINE_RUN_OPTS[@]}" "$image" java -version 2>&1 | sed -n 2p)"
