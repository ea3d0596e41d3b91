#!/usr/bin/env bash
# Checks that ./mvnw finds a JDK 21 or newer by itself when the default java is older (issue 12, finding 10), as
# run-local.sh does. Needs an old JDK (17) and a newer one installed; skipped otherwise. Usage: scripts/test-mvnw-jdk.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/use-jdk.sh
old=""
for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  if [ -x "$home/bin/javac" ] && [ "$(_jdk_major "$home")" -lt 21 ] 2>/dev/null; then old=$home; break; fi
done
[ -n "$old" ] || { echo "skipped: no JDK older than 21 installed"; exit 0; }
version() { sed -n 's/^Java version: \([0-9]*\).*/\1/p'; }
failures=0
check() { # check WHAT EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok: $1 ($3)"; else echo "FAIL: $1: expected $2, was $3"; failures=$((failures + 1)); fi
}
newest=$(use_jdk --newest >/dev/null && _jdk_major "$JAVA_HOME")
check "JAVA_HOME unset, java $(_jdk_major "$old") first on the PATH: the newest JDK" "$newest" \
  "$(env -u JAVA_HOME PATH="$old/bin:/usr/bin:/bin" ./mvnw -v 2>&1 | version)"
check "JAVA_HOME names JDK $(_jdk_major "$old"): the newest JDK" "$newest" \
  "$(JAVA_HOME="$old" PATH="$old/bin:/usr/bin:/bin" ./mvnw -v 2>&1 | version)"
check "MVNW_KEEP_JDK=1 keeps JAVA_HOME" "$(_jdk_major "$old")" \
  "$(MVNW_KEEP_JDK=1 JAVA_HOME="$old" PATH="$old/bin:/usr/bin:/bin" ./mvnw -v 2>&1 | version)"
[ $failures = 0 ] || exit 1
