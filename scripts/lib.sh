# shellcheck shell=bash
# Sourced by run-local.sh and the scripts under scripts/: what they share. Bash 3.2-safe, since run-local.sh runs on
# macOS: no associative arrays, mapfile or EPOCHREALTIME here. Plain bash for HTTP: a fresh machine may have no curl.
#
#   log MESSAGE...                 to stderr, after the time and the script's name (LOG_NAME, default its file name)
#   die MESSAGE...                 the script's name and MESSAGE to stderr, then exit 1
#   pass MESSAGE... / fail MESSAGE...   a check's result on stdout, counted in $passed and $failed
#   check DESCRIPTION COMMAND...   runs COMMAND (its output discarded): pass or fail DESCRIPTION, and goes on
#   http_status PORT PATH          the status code of GET PATH on 127.0.0.1:PORT, 000 when nothing answers
#   http_ok PORT PATH              whether that is 200
#   port_in_use PORT               whether something listens on 127.0.0.1:PORT
#   free_port VARIABLE             sets VARIABLE to a port nothing listens on; successive calls give distinct ports
#   git_commit_option              in a linked work tree (git worktree): -Dgit.commit.id=<its HEAD> for Maven, whose
#                                  git-commit-id-maven-plugin reads the main work tree's HEAD there (its issue 882)
#   wait_ready NAME PORT PATH SECONDS [PID [LOGFILE]]
#                                  polls GET PATH until it answers 200; dies after SECONDS, or as soon as the process
#                                  PID has stopped (showing the end of LOGFILE)

LOG_NAME=${LOG_NAME:-$(basename "$0")}
passed=${passed:-0}
failed=${failed:-0}

log() { echo "$(date +%T) $LOG_NAME: $*" >&2; }

die() {
  echo "$LOG_NAME: $*" >&2
  exit 1
}

pass() {
  passed=$((passed + 1))
  echo "ok: $*"
}

fail() {
  failed=$((failed + 1))
  echo "FAILED: $*"
}

check() {
  if "${@:2}" >/dev/null; then pass "$1"; else fail "$1"; fi
}

http_status() {
  local status=""
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || { echo 000; return 0; }
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
  IFS= read -r -t 10 status <&3 || status=""
  exec 3<&- 3>&-
  status=${status#HTTP/* }
  status=${status%% *}
  case "$status" in [0-9][0-9][0-9]) echo "$status" ;; *) echo 000 ;; esac
}

http_ok() { [ "$(http_status "$1" "$2")" = 200 ]; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Counts up from a random start, so that ports handed out before their servers listen are not handed out twice.
# The ports come from below Linux's ephemeral range (32768-60999): a port there may be held for a while by any outgoing
# connection, and a server told to listen on it then fails with "already in use" (seen in CI).
free_port() {
  [ -n "${_lib_next_port:-}" ] || _lib_next_port=$((20000 + RANDOM % 8000))
  while port_in_use "$_lib_next_port"; do _lib_next_port=$((_lib_next_port + 1)); done
  printf -v "$1" '%s' "$_lib_next_port"
  _lib_next_port=$((_lib_next_port + 1))
}

wait_ready() {
  local name=$1 port=$2 path=$3 seconds=$4 pid=${5:-} logfile=${6:-}
  local deadline=$((SECONDS + seconds))
  until http_ok "$port" "$path"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      [ -z "$logfile" ] || tail -n 20 "$logfile" >&2
      die "$name stopped while starting${logfile:+; see $logfile}"
    fi
    [ $SECONDS -lt $deadline ] || die "$name was not ready after $seconds s${logfile:+; see $logfile}"
    sleep 0.02
  done
}

git_commit_option() {
  local revision
  revision=$(git rev-parse HEAD 2>/dev/null) || return 0
  if [ "$(git rev-parse --git-dir)" != "$(git rev-parse --git-common-dir)" ]; then
    echo "-Dgit.commit.id=$revision"
  fi
}
