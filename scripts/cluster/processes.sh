# shellcheck shell=bash
# Sourced by scripts/cluster.sh: the components as processes, each started in its own session with its PID file and
# log, polled until it is healthy, and stopped by its PID.


pid_of() { cat "$PIDS/$1.pid" 2>/dev/null || true; }

# running NAME: the process of that PID file is alive and still the one we started (PIDs get reused)
running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] &&
    [ "$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -1)" = "$(binary_of "$1")" ]
}

binary_of() {
  case $1 in
  etcd) echo "$ETCD_BIN/etcd" ;;
  kwok) echo "$KWOK_BIN/kwok" ;;
  istiod) echo "$ISTIO_BIN/pilot-discovery" ;;
  argo-rollouts) echo "$ARGO_BIN/rollouts-controller" ;;
  data-plane) echo "$DIR/bin/data-plane" ;;
  prometheus) echo "$PROMETHEUS_BIN/prometheus" ;;
  *) echo "$K8S_BIN/$1" ;;
  esac
}

# start NAME COMMAND...: in its own session (a Ctrl-C in the calling terminal does not reach it), output to its log
start() {
  local name=$1
  shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  local pid=$! tries=0
  echo "$pid" >"$PIDS/$name.pid"
  # Until the forked shell has exec'd the binary, the PID's command line is not the component's yet and running
  # would call it stopped
  until running "$name" || [ ! -e "/proc/$pid" ] || [ $tries -ge 100 ]; do
    sleep 0.02
    tries=$((tries + 1))
  done
}

# wait_until DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds. Only its output is dropped: what a
# command says on stderr (a component that died) is shown.
wait_until() {
  local what=$1 limit=$2 deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "gave up waiting for $what after $limit s; the logs are in $LOGS"
      return 1
    fi
    sleep 0.2
  done
}

# healthy NAME URL: the component still runs and its URL answers (a component that died fails at once)
healthy() {
  running "$1" || die "$1 stopped: see $LOGS/$1.log"$'\n'"$(tail -5 "$LOGS/$1.log")"
  curl -sfk --max-time 2 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$2"
}

quietly() { "$@" >/dev/null 2>&1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

kubectl() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# stop NAME...: TERM, then KILL whatever still runs after a grace period
stop() {
  local name pid stopping=() deadline=$((SECONDS + 15))
  for name in "$@"; do
    if running "$name"; then
      pid=$(pid_of "$name")
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$name")
    fi
  done
  for name in "${stopping[@]}"; do
    while running "$name" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if running "$name"; then
      log "$name (PID $(pid_of "$name")) did not stop within 15 s: KILL"
      kill -KILL "$(pid_of "$name")" 2>/dev/null || true
    fi
    log "stopped $name"
    rm -f "$PIDS/$name.pid"
  done
}
