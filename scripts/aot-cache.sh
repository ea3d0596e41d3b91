#!/usr/bin/env bash
# Makes (or refreshes) a JDK AOT cache (JDK 25, JEP 483/514) for a service's jar and prints the java arguments that
# start the service with it, in place of "-jar MODULE/target/MODULE.jar", one per line (paths may hold spaces):
#
#   scripts/aot-cache.sh MODULE|JAR [ARGUMENTS...]
#   e.g.  mapfile -t launch < <(scripts/aot-cache.sh forecast-v1); java $JAVA_OPTS "${launch[@]}" --server.port=3002
#
# The jar is extracted (java -Djarmode=tools -jar MODULE.jar extract) into MODULE/target/aot-local/, and one training
# run starts the application up to a refreshed context (-Dspring.context.exit=onRefresh, on a free port, with the
# ARGUMENTS, e.g. a profile; a frontend's default is its local profile) with -XX:AOTCacheOutput. The cache is made
# again when the jar, the JVM or JAVA_OPTS change: it is valid only for the JVM build and the class path (paths,
# sizes, times of the jars) it was made with.
# A cache the JVM rejects anyway costs its start-up time, nothing else ("[error][aot] ... Unable to map shared
# spaces" in the log). On a JDK older than 25, or when training fails, it prints the plain "-jar" arguments.
# JAVA_OPTS: the JVM options the service runs with (default: run-local.sh's), used for the training run too.
set -euo pipefail
module=${1:?usage: scripts/aot-cache.sh MODULE [ARGUMENTS...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/use-jdk.sh"
LOG_NAME=aot-cache
. "$root/scripts/lib.sh"
use_jdk >/dev/null
java_opts=${JAVA_OPTS:-$default_java_opts}
jar=$root/$module/target/$module.jar
dir=$root/$module/target/aot-local
if [[ "$module" == *.jar ]]; then # a jar of its own, e.g. scripts/bench's hello
  jar=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")
  module=$(basename "$jar" .jar)
  dir=$(dirname "$jar")/aot-local
fi
[ -f "$jar" ] || die "$jar is missing: build it first (./mvnw -DskipTests package -pl $module -am)"
# A frontend runs locally in its local profile (run-local.sh): train in it, so that the cache holds its classes too,
# and so that every script asking for a frontend's cache asks for the same one.
. "$root/scripts/services.sh"
if [ $# -eq 0 ] && [ -f "$root/$module/pom.xml" ] && [ "$(pom_property "$root/$module" image.name)" = frontend ]; then
  set -- --spring.profiles.active=local
fi

plain() { printf '%s\n' -jar "$jar"; }
cached() { printf '%s\n' "-XX:AOTCache=$dir/app.aot" -jar "$dir/$module.jar"; }
if [ "$(_jdk_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  echo "aot-cache: $JAVA_HOME is older than JDK 25: no AOT cache for $module" >&2
  plain; exit 0
fi

# What the cache depends on: the jar, the JVM build, the JVM options and the training arguments
stamp=$(
  cksum <"$jar"
  "$JAVA_HOME/bin/java" -version 2>&1
  echo "$java_opts" "$@"
)
if [ -s "$dir/app.aot" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$stamp" ]; then
  cached
  exit 0
fi

echo "aot-cache: training $module (JDK $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p))..." >&2
rm -rf "$dir"
mkdir -p "$dir"
"$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
# shellcheck disable=SC2086 # the options are a word list
if "$JAVA_HOME/bin/java" $java_opts -XX:AOTCacheOutput="$dir/app.aot" -Dspring.context.exit=onRefresh \
    -jar "$dir/$module.jar" --server.port=0 "$@" >"$dir/training.log" 2>&1 \
    && [ -s "$dir/app.aot" ]; then
  echo "$stamp" >"$dir/stamp"
  echo "aot-cache: $dir/app.aot ($(du -m "$dir/app.aot" | cut -f1) MB)" >&2
  cached
else
  echo "aot-cache: training $module failed, see $dir/training.log; starting without a cache" >&2
  plain
fi
