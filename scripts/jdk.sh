# Sourced by ./thaw and scripts/test: sets THAW_JAVA_HOME to a JDK >= 21, preferring 25.
# Order: $THAW_JAVA_HOME, Temurin 25 under /usr/lib/jvm, $JAVA_HOME, any JDK under /usr/lib/jvm, java on PATH.
thaw_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
thaw_find_jdk() {
  local candidates=() best="" best_major=0 home major
  [ -n "${THAW_JAVA_HOME:-}" ] && candidates+=("$THAW_JAVA_HOME")
  for home in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* ; do [ -d "$home" ] && candidates+=("$home"); done
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* ; do [ -d "$home" ] && candidates+=("$home"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(thaw_java_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major=$major; fi
    [ "$best_major" -ge 25 ] && break
  done
  if [ -z "$best" ]; then
    echo "thaw: no JDK 21 or newer found (looked at THAW_JAVA_HOME, /usr/lib/jvm, JAVA_HOME, PATH)." >&2
    echo "thaw: install one (Temurin 25 recommended) or set THAW_JAVA_HOME to its folder." >&2
    return 1
  fi
  THAW_JAVA_HOME="$best"
  export THAW_JAVA_HOME
}
# Maven's bundled Guava calls sun.misc.Unsafe; JDK 24+ warns about it on every build unless told.
thaw_maven_opts() {
  if [ "$(thaw_java_major "$THAW_JAVA_HOME")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
