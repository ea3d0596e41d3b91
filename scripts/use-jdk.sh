# Sourced by the project's scripts: points JAVA_HOME (and PATH) at a JDK 21 or newer.
#   use_jdk           keep the JDK in use when it is 21 or newer, otherwise take the newest installed one
#   use_jdk --newest  take the newest JDK installed, whatever is in use (CI builds with the newest)
# and says which JVM options the scripts start the services with (JAVA_OPTS replaces them): C1 only and the serial
# collector, for a quick start and little memory on a laptop. Measured with scripts/bench (README, "Performance"):
# with C2 as well the services serve about four times the requests/s once warm, but start about 60% slower from their
# AOT caches and hold 40-85 MiB more each.
default_java_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k"

_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

_jdk_candidates() {
  [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$home/bin/javac" ] && echo "$home"
  done
  return 0
}

use_jdk() {
  local mode=${1:-} best="" best_major=0 home major
  if [ "$mode" != "--newest" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] \
      && [ "$(_jdk_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    best=$JAVA_HOME
  else
    while read -r home; do
      [ -x "$home/bin/javac" ] || continue
      major=$(_jdk_major "$home")
      if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then
        best=$home best_major=$major
      fi
    done < <(_jdk_candidates | awk '!seen[$0]++')
    if [ "$best_major" -lt 21 ]; then
      echo "Weather Forecast needs a JDK 21 or newer; none was found. Install one and set JAVA_HOME." >&2
      return 1
    fi
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
