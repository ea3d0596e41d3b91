# Sourced by the project's scripts: points JAVA_HOME (and PATH) at a JDK 21 or newer.
#   use_jdk           keep the JDK in use when it is 21 or newer, otherwise take the newest installed one
#   use_jdk --newest  take the newest JDK installed, whatever is in use (CI builds with the newest)
# and reads the JVM options the scripts start the services with (JAVA_OPTS replaces them) from the root pom's
# local.java-options, where the end-to-end tests read them too and the choice is explained.
default_java_opts=$(sed -n 's:.*<local.java-options>\(.*\)</local.java-options>.*:\1:p' "$(dirname "${BASH_SOURCE[0]}")/../pom.xml")

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
