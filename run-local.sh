#!/usr/bin/env bash
# Runs the whole Weather Forecast app on this machine, without Kubernetes or a mesh: builds what is missing or
# out of date, starts the five services, waits until each is ready and prints the page's address.
# Ctrl-C stops every process it started. Logs: target/run-local/<service>.log
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./run-local.sh [--split PERCENT]

  --split PERCENT   share of forecast calls that go to forecast v2, from 0 to 100 (default 50).
                    The tutorial's three routing states: 0 (all to v1), 50 (canary), 100 (all to v2).

Ports: frontend 3000, forecast v1 3002, advertisement 3003, recommendation 3005, forecast v2 3012.
Extra JVM options can be given in JAVA_OPTS.
USAGE
}

die() { echo "run-local: $*" >&2; exit 1; }

split=50
while [ $# -gt 0 ]; do
  case "$1" in
    --split) [ $# -ge 2 ] || die "--split needs a value"; split=$2; shift 2 ;;
    --split=*) split=${1#--split=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ "$split" =~ ^[0-9]+$ ]] && [ "$split" -le 100 ] || die "--split takes a percentage from 0 to 100, not '$split'"

cd "$(dirname "$0")"
root=$PWD
logs=$root/target/run-local
. scripts/use-jdk.sh
use_jdk || exit 1
java_opts=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k}

. scripts/services.sh
# name, module, port, arguments: each module of services.txt on its local port
services=()
while read -r module local_port; do
  args=""
  [ "$module" != frontend ] || args="--spring.profiles.active=local --weather.local.split=$split"
  services+=("$module $module $local_port $args")
done < <(services)

build_if_needed() {
  local entry module jar stale=()
  for entry in "${services[@]}"; do
    read -r _ module _ <<<"$entry"
    jar=$module/target/$module.jar
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml "$module/pom.xml" "$module/src" service-starter weather-model forecast-core \
        -path '*/target' -prune -o -newer "$jar" -print -quit)" ]; then
      stale+=("$module")
    fi
  done
  if [ ${#stale[@]} -gt 0 ]; then
    echo "Building ${stale[*]} (JDK: $JAVA_HOME)..."
    ./mvnw -q -DskipTests package -pl "$(IFS=,; echo "${stale[*]}")" -am
  fi
}

# Plain bash: a fresh machine may have no curl.
http_ok() {
  local port=$1 path=$2 status
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
  IFS= read -r -t 5 status <&3 || status=""
  exec 3<&- 3>&-
  [[ "$status" == "HTTP/1.1 200"* ]]
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pids=()
names=()
stop_all() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] || return 0
  echo
  echo "Stopping ${names[*]}..."
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 25))
  while [ $SECONDS -lt $deadline ] && kill -0 "${pids[@]}" 2>/dev/null; do sleep 0.5; done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

build_if_needed
mkdir -p "$logs"
for entry in "${services[@]}"; do
  read -r _ _ port _ <<<"$entry"
  ! port_in_use "$port" || die "port $port is already in use: is the app running already? (lsof -i :$port)"
done

for entry in "${services[@]}"; do
  read -r name module port args <<<"$entry"
  # shellcheck disable=SC2086 # the options and arguments are word lists
  "$JAVA_HOME/bin/java" $java_opts -jar "$module/target/$module.jar" --server.port="$port" \
    --weather.service.instance="$name@${HOSTNAME:-localhost}" $args \
    >"$logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
done

echo "Starting ${names[*]} (logs in target/run-local/)..."
deadline=$((SECONDS + 180))
for i in "${!services[@]}"; do
  read -r name _ port _ <<<"${services[$i]}"
  until http_ok "$port" /actuator/health/readiness; do
    kill -0 "${pids[$i]}" 2>/dev/null || die "$name stopped while starting; see target/run-local/$name.log"
    [ $SECONDS -lt $deadline ] || die "$name was not ready after 180 s; see target/run-local/$name.log"
    sleep 0.5
  done
  echo "  $name is ready on port $port"
done

cat <<EOF_READY

Weather Forecast is running: http://localhost:3000
Forecast calls: $((100 - split))% to v1, $split% to v2 (change with --split 0|50|100).
Press Ctrl-C to stop.
EOF_READY

# Wait until Ctrl-C, or until one service dies, which stops the others.
wait -n "${pids[@]}" || true
for i in "${!pids[@]}"; do
  kill -0 "${pids[$i]}" 2>/dev/null || die "${names[$i]} stopped; see target/run-local/${names[$i]}.log"
done
