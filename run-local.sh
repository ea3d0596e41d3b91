#!/usr/bin/env bash
# Runs the whole Weather Forecast app on this machine, without Kubernetes or a mesh: builds what changed since the
# last successful build, starts the six services (services.txt), waits until each is ready and prints the page's address.
# A service that dies is reported and the others keep running; `./run-local.sh restart NAME` (from another
# terminal) brings it back. Ctrl-C stops every process it started; so does a SIGKILL of this script, because each
# JVM watches this script's process (weather.service.parent-pid) and stops when it ends.
# Logs: target/run-local/<service>.log, the previous runs' in target/run-local/previous/.
# Works with the bash of macOS (3.2): no associative arrays, no mapfile, no wait -n.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./run-local.sh [--split PERCENT] [--no-aot-cache]
                                            start the app (Ctrl-C stops it)
       ./run-local.sh stop SERVICE          stop one service of the running app (to see the page without it)
       ./run-local.sh restart SERVICE       start one service of the running app again (stopped or dead)
       ./run-local.sh status                which services of the running app are up

  --split PERCENT   share of forecast calls that go to forecast v2, from 0 to 100 (default 50).
                    The tutorial's three routing states: 0 (all to v1), 50 (canary), 100 (all to v2).
  --no-aot-cache    start from the plain jars. By default, on JDK 25 or newer, each service starts from a JDK AOT
                    cache (scripts/aot-cache.sh), made by one training run the first time and after each rebuild:
                    that first start takes about a minute longer, the next ones about half as long.
  SERVICE           recommendation, advertisement, forecast-v1, forecast-v2, frontend or frontend-v2

Ports: frontend 3000, forecast v1 3002, advertisement 3003, recommendation 3005, frontend v2 (its new look) 3010,
forecast v2 3012 (services.txt); WEATHER_PORT_OFFSET=N adds N to each, e.g. to run beside another copy of the app.
Extra JVM options can be given in JAVA_OPTS.
USAGE
}

cd "$(dirname "$0")"
root=$PWD
LOG_NAME=run-local
. scripts/lib.sh
logs=$root/target/run-local
# The running app's directory: its process id (pid), its services' process ids, and requests to stop or
# restart one. mkdir is atomic: of two runs started at once, one gets it.
lock=$root/target/run-local.lock

. scripts/services.sh
offset=${WEATHER_PORT_OFFSET:-0}
[[ "$offset" =~ ^[0-9]+$ ]] || die "WEATHER_PORT_OFFSET must be a number, not '$offset'"
# Parallel arrays (bash 3.2 has no associative ones): the module, port and wiring arguments of each service of
# services.txt (callees first). Each service is pointed at the ones started before it, as the e2e tests do: a
# service with one module through its HTTP service client's base URL, forecast's two versions through the
# frontend's local split.
names=()
ports=()
wiring=()
wired=""
while read -r module local_port; do
  port=$((local_port + offset))
  names+=("$module")
  ports+=("$port")
  wiring+=("$wired")
  wired="$wired --weather.local.$module=http://localhost:$port"
  image=$(pom_property "$module" image.name)
  if [ "$(services | awk '{ print $1 }' | while read -r m; do pom_property "$m" image.name; done | grep -c "^$image\$")" = 1 ]; then
    wired="$wired --spring.http.serviceclient.$image.base-url=http://localhost:$port"
  fi
done < <(services)

index_of() {
  local i
  for i in "${!names[@]}"; do
    [ "${names[$i]}" != "$1" ] || { echo "$i"; return 0; }
  done
  return 1
}

running_pid() {
  local pid
  pid=$(cat "$lock/pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# ---- commands for the running app -----------------------------------------------------------------------------

request() {
  local action=$1 name=${2:-} i waited=0
  [ -n "$name" ] || die "$action needs a service: ${names[*]}"
  i=$(index_of "$name") || die "no service '$name'; the services are: ${names[*]}"
  running_pid >/dev/null || die "the app is not running (start it with ./run-local.sh)"
  : >"$lock/$action-$name"
  echo "Asked the running app to $action $name..."
  while [ -e "$lock/$action-$name" ] && [ $waited -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
  if [ "$action" = stop ]; then
    echo "$name is stopped; ./run-local.sh restart $name brings it back."
    return 0
  fi
  wait_ready "$name" "${ports[$i]}" /actuator/health/readiness 180 "" "target/run-local/$name.log"
  echo "$name is ready on port ${ports[$i]}"
}

status() {
  local i pid
  pid=$(running_pid) || { echo "The app is not running."; return 0; }
  echo "The app runs (run-local.sh process $pid):"
  for i in "${!names[@]}"; do
    if http_ok "${ports[$i]}" /actuator/health/readiness; then
      echo "  ${names[$i]}: ready on port ${ports[$i]}"
    else
      echo "  ${names[$i]}: DOWN (port ${ports[$i]}; ./run-local.sh restart ${names[$i]})"
    fi
  done
}

case "${1:-}" in
  stop|restart) request "$1" "${2:-}"; exit 0 ;;
  status) status; exit 0 ;;
esac

split=50
aot=true
while [ $# -gt 0 ]; do
  case "$1" in
    --split) [ $# -ge 2 ] || die "--split needs a value"; split=$2; shift 2 ;;
    --split=*) split=${1#--split=}; shift ;;
    --no-aot-cache) aot=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ "$split" =~ ^[0-9]+$ ]] && [ "$split" -le 100 ] || die "--split takes a percentage from 0 to 100, not '$split'"

# ---- a second run refuses before it touches anything of the first: lock and ports before any build ------------

if ! mkdir -p "$root/target" 2>/dev/null || ! mkdir "$lock" 2>/dev/null; then
  if pid=$(running_pid); then
    die "the app is running already (run-local.sh process $pid); stop it with Ctrl-C in its terminal, or use
  ./run-local.sh status | stop SERVICE | restart SERVICE"
  fi
  # left behind by a run that was killed: its JVMs have stopped with it
  rm -rf "$lock"
  mkdir "$lock" || die "cannot create $lock"
fi
echo $$ >"$lock/pid"
release_lock() { rm -rf "$lock"; }
trap release_lock EXIT
for i in "${!names[@]}"; do
  ! port_in_use "${ports[$i]}" || die "port ${ports[$i]} (${names[$i]}) is already in use by another program (lsof -i :${ports[$i]})"
done

. scripts/use-jdk.sh
use_jdk || exit 1
java_opts=${JAVA_OPTS:-$default_java_opts}

# ---- build only when something changed: the reproducible build pins the jars' timestamps, so compare a hash ----

sources_hash() {
  local dirs="" path
  for path in pom.xml mvnw .mvn libs "${names[@]}"; do
    [ ! -e "$path" ] || dirs="$dirs $path"
  done
  # shellcheck disable=SC2086 # a word list
  find $dirs \( -name target -prune \) -o -type f -print 2>/dev/null | LC_ALL=C sort | while IFS= read -r f; do
    cksum "$f"
  done | cksum | awk '{ print $1 "-" $2 }'
}

stamp=$logs/build.stamp
hash=$(sources_hash)
missing=""
for name in "${names[@]}"; do
  [ -f "$name/target/$name.jar" ] || missing="$missing $name"
done
if [ -n "$missing" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
  echo "Building the services (JDK: $JAVA_HOME)..."
  rm -f "$stamp"
  ./mvnw -q -DskipTests package -pl "$(service_modules ,)" -am
  mkdir -p "$logs"
  echo "$hash" >"$stamp"
else
  echo "Nothing changed since the last build: using the jars in */target."
fi

# ---- the java arguments of each service: its jar, with its AOT cache unless --no-aot-cache ------------------------

launch=() # one argument per line (a path may hold spaces)
for i in "${!names[@]}"; do
  name=${names[$i]}
  # aot-cache.sh prints the plain arguments itself where it makes no cache; this is for when it fails outright
  $aot && launch[$i]=$(JAVA_OPTS=$java_opts scripts/aot-cache.sh "$name") \
    || launch[$i]=$(printf '%s\n' -jar "$name/target/$name.jar")
done

# ---- logs: the previous runs' are kept ---------------------------------------------------------------------------

mkdir -p "$logs/previous"
if ls "$logs"/*.log >/dev/null 2>&1; then
  previous=$logs/previous/$(date +%Y%m%d-%H%M%S)
  mkdir -p "$previous"
  mv "$logs"/*.log "$previous"/
  # keep the last ten runs
  ls -1d "$logs"/previous/*/ 2>/dev/null | LC_ALL=C sort -r | tail -n +11 | while IFS= read -r old; do rm -rf "$old"; done
fi

# ---- start, supervise, stop ----------------------------------------------------------------------------------------

pids=()
reported=()   # 1 when the death of a service has been reported (or it was stopped on request)

start_service() {
  local i=$1 name=${names[$1]} args=${wiring[$1]} jar_args=() line
  [ "$(pom_property "$name" image.name)" != frontend ] || args="$args --spring.profiles.active=local --weather.local.split=$split"
  while IFS= read -r line; do jar_args+=("$line"); done <<<"${launch[$i]}"
  # shellcheck disable=SC2086 # the options and arguments are word lists
  "$JAVA_HOME/bin/java" $java_opts "${jar_args[@]}" --server.port="${ports[$i]}" \
    --weather.service.instance="$name@${HOSTNAME:-localhost}" --weather.service.parent-pid=$$ $args \
    >>"$logs/$name.log" 2>&1 &
  pids[$i]=$!
  reported[$i]=0
  echo "${pids[$i]}" >"$lock/$name.pid"
}

stop_service() {
  local i=$1 pid=${pids[$1]} deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + 25))
  while [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  trap - EXIT INT TERM
  local i deadline alive
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "Stopping ${names[*]}..."
    for i in "${!pids[@]}"; do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
    deadline=$((SECONDS + 25))
    while [ $SECONDS -lt $deadline ]; do
      alive=0
      for i in "${!pids[@]}"; do ! kill -0 "${pids[$i]}" 2>/dev/null || alive=1; done
      [ $alive -eq 1 ] || break
      sleep 0.5
    done
    for i in "${!pids[@]}"; do kill -KILL "${pids[$i]}" 2>/dev/null || true; done
    wait 2>/dev/null || true
  fi
  release_lock
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for i in "${!names[@]}"; do start_service "$i"; done

echo "Starting ${names[*]} (logs in target/run-local/)..."
deadline=$((SECONDS + 180))
for i in "${!names[@]}"; do
  wait_ready "${names[$i]}" "${ports[$i]}" /actuator/health/readiness $((deadline - SECONDS)) "${pids[$i]}" \
    "target/run-local/${names[$i]}.log"
  echo "  ${names[$i]} is ready on port ${ports[$i]}"
done

cat <<EOF_READY

Weather Forecast is running: http://localhost:$((3000 + offset))
Forecast calls: $((100 - split))% to v1, $split% to v2 (change with --split 0|50|100).
From another terminal: ./run-local.sh stop SERVICE | restart SERVICE | status
Press Ctrl-C to stop.
EOF_READY

# Supervise until Ctrl-C: report a service that dies (the others keep running, so the page shows what a missing
# service does), and carry out stop and restart requests. A poll, because bash 3.2 has no wait -n.
while true; do
  for i in "${!names[@]}"; do
    name=${names[$i]}
    if [ -e "$lock/stop-$name" ]; then
      echo "Stopping $name on request..."
      stop_service "$i"
      reported[$i]=1
      echo "$name is stopped: the page runs without it; ./run-local.sh restart $name brings it back."
      rm -f "$lock/stop-$name"
    fi
    if [ -e "$lock/restart-$name" ]; then
      echo "Restarting $name on request..."
      stop_service "$i"
      start_service "$i"
      rm -f "$lock/restart-$name"
    fi
    if [ "${reported[$i]}" = 0 ] && ! kill -0 "${pids[$i]}" 2>/dev/null; then
      code=0
      wait "${pids[$i]}" 2>/dev/null || code=$?
      reported[$i]=1
      echo "run-local: $name stopped (exit code $code; see target/run-local/$name.log). The other services keep" \
        "running; ./run-local.sh restart $name brings it back." >&2
    fi
  done
  sleep 1
done
