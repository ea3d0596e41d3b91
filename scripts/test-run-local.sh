#!/usr/bin/env bash
# Checks run-local.sh as a workshop attendee would use it (issue 12): a second run refuses before it touches the
# first, no rebuild when nothing changed, a dead or stopped service is reported while the others keep serving and
# comes back with `restart`, a SIGKILL of the script leaves no JVM serving, the previous run's logs are kept, and a
# checkout whose path holds a space runs the same.
# Runs the app on ports shifted by WEATHER_PORT_OFFSET (default 20000) so as not to disturb an app on the usual
# ones; below Linux's ephemeral range (32768-60999), where any outgoing connection may hold a port for a while and
# a service then fails to start with "Port ... was already in use". Usage: scripts/test-run-local.sh   (about two minutes; builds the jars first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
export WEATHER_PORT_OFFSET=${WEATHER_PORT_OFFSET:-20000}
out=target/test-run-local
rm -rf "$out"
mkdir -p "$out"
. scripts/lib.sh

port() { echo $(($1 + WEATHER_PORT_OFFSET)); }
wait_for() { # wait_for SECONDS FILE TEXT
  local deadline=$((SECONDS + $1))
  until grep -q "$3" "$2" 2>/dev/null; do
    [ $SECONDS -lt "$deadline" ] || return 1
    sleep 1
  done
}
jvm_pids() { cat target/run-local.lock/*.pid 2>/dev/null | grep -v "^$(cat target/run-local.lock/pid 2>/dev/null)\$" || true; }

# 1. first run (builds if needed), then a second run that must refuse before touching anything
./run-local.sh >"$out/first.log" 2>&1 &
first=$!
wait_for 400 "$out/first.log" "Weather Forecast is running" || { cat "$out/first.log"; echo "FAILED: the app did not start"; kill $first; exit 1; }
pass "the app started"
if [ "$(. scripts/use-jdk.sh && use_jdk >/dev/null && _jdk_major "$JAVA_HOME")" -lt 25 ]; then
  pass "no AOT cache on a JDK older than 25"
else
  with_cache=0
  for name in $(. scripts/services.sh && services | awk '{ print $1 }'); do
    ps -o args= -p "$(cat "target/run-local.lock/$name.pid")" | grep -q -- "-XX:AOTCache=" && with_cache=$((with_cache + 1))
  done
  [ $with_cache = "$(. scripts/services.sh && services | wc -l | tr -d ' ')" ] && ! grep -q "Unable to map" target/run-local/*.log \
    && pass "every service started from its AOT cache" || fail "$with_cache services started from an AOT cache"
fi
jars_before=$(cksum */target/*.jar | LC_ALL=C sort)
start=$SECONDS
if ./run-local.sh >"$out/second.log" 2>&1; then fail "a second run started"; else pass "a second run refused"; fi
grep -q "running already" "$out/second.log" && pass "it says the app is running" || fail "second run said: $(cat "$out/second.log")"
! grep -q "Building" "$out/second.log" && [ $((SECONDS - start)) -lt 10 ] && pass "it refused at once, without building" \
  || fail "the second run built or took $((SECONDS - start)) s"
[ "$(cksum */target/*.jar | LC_ALL=C sort)" = "$jars_before" ] && pass "the jars are untouched" || fail "the jars changed"
[ "$(http_status "$(port 3000)" /api/weather?city=beijing)" = 200 ] && pass "the first app still serves" || fail "the first app broke"

# 2. a service killed: reported, the page keeps working, restart brings it back
v2=$(cat target/run-local.lock/forecast-v2.pid)
kill -KILL "$v2"
wait_for 10 "$out/first.log" "forecast-v2 stopped" && pass "a dead forecast-v2 is reported" || fail "no report of the dead forecast-v2"
ok=0
for i in 1 2 3 4 5 6 7 8 9 10; do [ "$(http_status "$(port 3000)" "/api/probe?city=beijing")" = 200 ] && ok=$((ok + 1)); done
[ $ok = 10 ] && pass "with forecast-v2 dead, 10 of 10 probes answer (retried on v1)" || fail "only $ok of 10 probes answered"
kill -0 "$first" 2>/dev/null && pass "the script and the other services keep running" || fail "the script ended"
./run-local.sh restart forecast-v2 >"$out/restart.log" 2>&1 && grep -q "ready" "$out/restart.log" \
  && pass "restart forecast-v2 brought it back" || fail "restart: $(cat "$out/restart.log")"
./run-local.sh stop advertisement >"$out/stop.log" 2>&1 || true
[ "$(http_status "$(port 3003)" /ad?city=beijing)" = 000 ] && [ "$(http_status "$(port 3000)" "/api/weather?city=beijing")" = 200 ] \
  && pass "with advertisement stopped the page still answers" || fail "stop advertisement: $(cat "$out/stop.log")"
./run-local.sh restart advertisement >/dev/null 2>&1 && [ "$(http_status "$(port 3003)" /ad?city=beijing)" = 200 ] \
  && pass "restart advertisement brought it back" || fail "advertisement did not come back"

# 3. SIGKILL of the script: the JVMs stop by themselves
jvms=$(jvm_pids)
kill -KILL "$first"
sleep 15
left=""
for pid in $jvms; do ! kill -0 "$pid" 2>/dev/null || left="$left $pid"; done
[ -z "$left" ] && pass "after a SIGKILL of the script no JVM is left ($(echo $jvms | wc -w | tr -d ' ') stopped)" \
  || { fail "JVMs left after SIGKILL:$left"; kill -TERM $left 2>/dev/null || true; }

# 4. the next run: takes over the stale lock, builds nothing, keeps the previous logs
./run-local.sh >"$out/third.log" 2>&1 &
third=$!
wait_for 300 "$out/third.log" "Weather Forecast is running" && pass "a run after the SIGKILL starts" || fail "no start after SIGKILL"
grep -q "Nothing changed" "$out/third.log" && ! grep -q "Building" "$out/third.log" \
  && pass "nothing was rebuilt" || fail "it rebuilt: $(head -3 "$out/third.log")"
ls target/run-local/previous/*/frontend.log >/dev/null 2>&1 && pass "the previous run's logs are kept" || fail "no previous logs"
kill -TERM "$third"
wait "$third" 2>/dev/null || true
[ ! -e target/run-local.lock ] && pass "SIGTERM (as Ctrl-C) stopped it and released the lock" || fail "the lock is left"

# 5. a checkout whose path holds a space (here a symbolic link to this one): the same start
spaced=$(mktemp -d)
ln -s "$PWD" "$spaced/my checkout"
"$spaced/my checkout/run-local.sh" >"$out/spaced.log" 2>&1 &
fourth=$!
if wait_for 300 "$out/spaced.log" "Weather Forecast is running" && [ "$(http_status "$(port 3000)" /api/weather?city=beijing)" = 200 ]; then
  pass "from a path with a space it starts and serves"
else
  fail "from a path with a space: $(tail -5 "$out/spaced.log")"
fi
kill -TERM "$fourth"
wait "$fourth" 2>/dev/null || true
rm -rf "$spaced"

echo
[ $failed = 0 ] && echo "run-local.sh: all $passed checks passed" || { echo "run-local.sh: $failed checks failed"; exit 1; }
