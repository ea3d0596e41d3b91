# shellcheck shell=bash disable=SC2034
# Sourced by the image scripts: sets ENGINE to the container engine to use, docker or podman, and ENGINE_RUN_OPTS
# to the options every "$ENGINE run" needs here.
#   CONTAINER_ENGINE=docker|podman chooses one; otherwise Docker when its daemon answers, else podman.
# As root on Debian or Ubuntu (CI) a missing podman, curl, jq (or what a script names) is installed with apt-get.

apt_install() { # apt_install TOOL... where a TOOL is a command named as its package, or COMMAND:PACKAGE
  local missing=() tool
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 && continue
    missing+=("${tool#*:}")
    # runc rather than crun, which podman would otherwise pull in: crun 1.8 cannot run containers on hosts with
    # hybrid cgroups (v1 and v2), as CI's machines have
    if [ "$tool" = podman ]; then missing+=(runc); fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: ${missing[*]}. Install them and run again." >&2
    return 1
  fi
  echo "Installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

quietly() { # runs a command and shows what it printed only when it fails
  local output
  output=$("$@" 2>&1) || { echo "$output" >&2; return 1; }
}

# The caller's hard limit, at most $2
_limit() {
  local value
  value=$(ulimit -H "$1")
  if [ "$value" = unlimited ] || [ "$value" -gt "$2" ]; then echo "$2"; else echo "$value"; fi
}

pick_engine() {
  if [ -n "${CONTAINER_ENGINE:-}" ]; then
    ENGINE=$CONTAINER_ENGINE
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    ENGINE=docker
  else
    apt_install podman
    ENGINE=podman
  fi
  ENGINE_RUN_OPTS=()
  if [ "$ENGINE" = podman ]; then
    # podman gives a container its own (high) open-files and process limits, which fails where it may not raise
    # them (no CAP_SYS_RESOURCE, as in CI): keep the caller's hard limits, with at most 32768 processes, the most
    # that podman's runtime accepted in CI
    local nofile nproc
    nofile=$(_limit -n 1048576) nproc=$(_limit -u 32768)
    ENGINE_RUN_OPTS=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
  fi
  echo "Container engine: $ENGINE"
}
