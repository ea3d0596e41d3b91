#!/usr/bin/env bash
# Proves the release's push (scripts/images/push.sh, what .github/workflows/release.yml runs) without the internet:
#  1. a real OCI registry on loopback, the CNCF distribution registry built from its Go module
#     (scripts/cluster.sh go-tool registry), on a free port, storing into a temporary directory;
#  2. a two-platform base image in it: linux/amd64 as offline-base-image.sh makes it for this machine, linux/arm64 from
#     Temurin's arm64 JRE and Debian's arm64 libc (offline-base-image.sh --arch arm64), one manifest list;
#  3. every image of services.txt pushed there by push.sh, for both platforms, on that base;
#  4. each image's manifest list asked from the registry (both platforms, its two tags, the digest Jib wrote), then
#     pulled with podman by tag (linux/amd64) and by digest (linux/arm64): the labels and the user of each;
#  5. the arm64 forecast v1 image started under emulation (Debian's qemu-user-static, registered with the kernel's
#     binfmt_misc for the run when it was not) and asked for the weather.
# Everything it started is stopped by its PID or name and removed at the end, also when a step fails: the registry
# and its storage, the container, the pulled images, the base image's manifest list and arm64 image, the binfmt
# entry and mount it made. It removes the modules' AOT caches (target/aot), as a release builds without them.
# Needs root for 5 (binfmt_misc); as root on Debian it installs what is missing with apt-get.
# Usage: scripts/images/registry-push-test.sh
# shellcheck disable=SC2016 # jq programs are in single quotes
set -euo pipefail
cd "$(dirname "$0")/../.."
LOG_NAME="registry-push-test"
. scripts/lib.sh
. scripts/images/engine.sh
. scripts/services.sh

started=$SECONDS
export CONTAINER_ENGINE=podman # pulls of one platform of a manifest list (--arch), manifest lists of local images
release=0.0.0-loopback
amd64_base=localhost/weather-jre:25
arm64_base=localhost/weather-jre-arm64:25
base_list=localhost/weather-jre-list:25
container=weather-push-forecast-arm64
binfmt=/proc/sys/fs/binfmt_misc
tmp=$(mktemp -d)
registry_pid="" binfmt_mounted="" binfmt_registered=""
pulled=()

cleanup() {
  local id
  "$ENGINE" rm -f "$container" >/dev/null 2>&1 || true
  for id in "${pulled[@]}"; do "$ENGINE" rmi -f "$id" >/dev/null 2>&1 || true; done
  "$ENGINE" manifest rm "$base_list" >/dev/null 2>&1 || true
  "$ENGINE" rmi "$arm64_base" >/dev/null 2>&1 || true
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  if [ -n "$binfmt_registered" ]; then echo -1 >"$binfmt/qemu-aarch64" || true; fi
  if [ -n "$binfmt_mounted" ]; then umount "$binfmt" || true; fi
  rm -rf "$tmp"
}
pick_engine
trap cleanup EXIT
trap "exit 1" INT TERM
apt_install curl jq qemu-aarch64-static:qemu-user-static
# what a killed earlier run left
"$ENGINE" rm -f "$container" >/dev/null 2>&1 || true
"$ENGINE" manifest rm "$base_list" >/dev/null 2>&1 || true

# 1. The registry
registry_bin=$(scripts/cluster.sh go-tool registry)
free_port port
registry=127.0.0.1:$port
mkdir -p target/registry-push-test
cat >"$tmp/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $tmp/storage
http:
  addr: $registry
EOF
"$registry_bin" serve "$tmp/registry.yml" >target/registry-push-test/registry.log 2>&1 &
registry_pid=$!
wait_ready registry "$port" /v2/ 30 "$registry_pid" target/registry-push-test/registry.log
log "registry $("$registry_bin" --version | awk '{ print $NF }') on $registry, PID $registry_pid"

# 2. The base image, both platforms under one tag
if ! "$ENGINE" image exists "$amd64_base"; then scripts/images/offline-base-image.sh "$amd64_base"; fi
scripts/images/offline-base-image.sh --arch arm64 "$arm64_base"
quietly "$ENGINE" manifest create "$base_list"
quietly "$ENGINE" manifest add "$base_list" "containers-storage:$amd64_base"
quietly "$ENGINE" manifest add "$base_list" "containers-storage:$arm64_base"
quietly "$ENGINE" manifest push --all --tls-verify=false "$base_list" "docker://$registry/weather-jre:25"

index_types=application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json
manifest() { # manifest REPOSITORY REFERENCE: the registry's answer for a tag or digest, as a manifest list
  curl -fsS -H "Accept: $index_types" "http://$registry/v2/$1/manifests/$2"
}
platforms() { manifest "$@" | jq -c '[.manifests[].platform | "\(.os)/\(.architecture)"] | sort'; }
check "the base image weather-jre:25 in the registry holds linux/amd64 and linux/arm64" \
  test "$(platforms weather-jre 25)" = '["linux/amd64","linux/arm64"]'

# 3. The push, as the release runs it, on that base
for module in $(service_modules); do rm -rf "$module/target/aot"; done
log "pushing the images with scripts/images/push.sh"
push_start=$SECONDS
scripts/images/push.sh "$registry/weather" -q -Djib.from.image="$registry/weather-jre:25" \
  -Djib.allowInsecureRegistries=true -Dimage.release="$release"
push_s=$((SECONDS - push_start))

# 4. Each image from the registry, and pulled by tag and by digest
revision=$(git rev-parse HEAD)
config_is() { # config_is IMAGE-ID ARCH LABEL: the image's platform, user and labels
  "$ENGINE" image inspect "$1" | jq -e --arg a "$2" --arg l "$3" --arg r "$revision" --arg v "$release" '.[0]
    | .Labels as $labels | .Architecture == $a and .Os == "linux" and .Config.User == "65532:65532"
      and $labels.version == $l and $labels["org.opencontainers.image.version"] == $v
      and $labels["org.opencontainers.image.revision"] == $r
      and all("title", "source"; $labels["org.opencontainers.image." + .] | length > 0)'
}
pull() { # pull ARCH REFERENCE: sets pulled_id to the pulled image's ID, remembered for the clean-up
  pulled_id=$("$ENGINE" pull -q --tls-verify=false --arch "$1" "$2")
  pulled+=("$pulled_id")
}
declare -A arm64_id
for module in $(service_modules); do
  image=$(service_image "$module")
  name=${image%%:*} label=${image#*:}
  digest=$(cat "$module/target/jib-image.digest")
  check "$module: weather/$image in the registry holds linux/amd64 and linux/arm64" \
    test "$(platforms "weather/$name" "$label")" = '["linux/amd64","linux/arm64"]'
  check "$module: the tags $label and $label-$release name the digest Jib wrote, $digest" \
    test "$(manifest "weather/$name" "$label" | sha256sum | cut -d' ' -f1)" = "${digest#sha256:}" \
    -a "$(manifest "weather/$name" "$label-$release" | sha256sum | cut -d' ' -f1)" = "${digest#sha256:}"
  pull amd64 "$registry/weather/$image"
  check "$module: pulled by tag, linux/amd64, runs as 65532:65532 with its labels" \
    config_is "$pulled_id" amd64 "$label"
  pull arm64 "$registry/weather/$name@$digest"
  arm64_id[$module]=$pulled_id
  check "$module: pulled by digest, linux/arm64, runs as 65532:65532 with its labels" \
    config_is "${arm64_id[$module]}" arm64 "$label"
done

# 5. The arm64 forecast v1 under emulation: qemu-aarch64-static through binfmt_misc, its F flag opening the
# interpreter now, so that it runs inside the container's own root filesystem
if [ ! -e "$binfmt/register" ]; then
  mount -t binfmt_misc binfmt_misc "$binfmt"
  binfmt_mounted=1
fi
if [ ! -e "$binfmt/qemu-aarch64" ]; then
  cat /usr/lib/binfmt.d/qemu-aarch64.conf >"$binfmt/register"
  binfmt_registered=1
fi
forecast_port=$(pom_property forecast-v1 image.port)
emulated_start=$SECONDS
"$ENGINE" run -d --name "$container" --arch arm64 -p "127.0.0.1::$forecast_port" --read-only --tmpfs /tmp \
  --read-only-tmpfs=false --memory 512m "${ENGINE_RUN_OPTS[@]}" -e SERVICE_VERSION=v1 -e POD_NAME="$container" \
  "${arm64_id[forecast-v1]}" >/dev/null
host_port=$("$ENGINE" port "$container" "$forecast_port/tcp" | head -1 | sed 's/.*://')
pid=$("$ENGINE" inspect -f '{{.State.Pid}}' "$container")
check "the arm64 forecast v1 runs under qemu-aarch64-static" \
  sh -c "readlink /proc/$pid/exe | grep -q qemu-aarch64"
deadline=$((SECONDS + 600))
until http_ok "$host_port" /actuator/health/readiness; do
  if [ "$("$ENGINE" inspect -f '{{.State.Running}}' "$container")" != true ] || [ $SECONDS -gt $deadline ]; then
    "$ENGINE" logs --tail 30 "$container" >&2 || true
    die "the arm64 forecast v1 was not ready after $((SECONDS - emulated_start)) s"
  fi
  sleep 1
done
emulated_ready_s=$((SECONDS - emulated_start))
curl -fsS --max-time 60 "http://127.0.0.1:$host_port/weather?city=beijing&days=2" >"$tmp/weather.json"
check "the arm64 forecast v1 answers the weather of Beijing as v1" \
  jq -e '.city.id == "beijing" and (.days | length == 2) and .servedBy.version == "v1"' "$tmp/weather.json"
log "the arm64 forecast v1 was ready after $emulated_ready_s s under emulation; it answered:" \
  "$(jq -c '{city: .city.id, servedBy, first: .days[0]}' "$tmp/weather.json")"

echo "registry-push-test: the push took $push_s s, the whole test $((SECONDS - started)) s"
echo "registry-push-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
