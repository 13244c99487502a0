# Sourced by bin/skyrun and the bench scripts: sets $home to a JDK 21+ (no JVM is started).
# Order: $JAVA_HOME if it is 21+, else `java` on PATH if 21+, else the newest /usr/lib/jvm JDK.
# Exits 2 with a hint when there is none.
major() { # the feature version of the JDK at $1, from its release file (no JVM started)
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)
  echo "${v:-0}"
}
home=""
if [ -n "${JAVA_HOME:-}" ] && [ "$(major "$JAVA_HOME")" -ge 21 ]; then
  home="$JAVA_HOME"
elif command -v java >/dev/null 2>&1; then
  candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  if [ "$(major "$candidate")" -ge 21 ]; then home="$candidate"; fi
fi
if [ -z "$home" ]; then
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(major "$candidate")" -ge 21 ] \
       && { [ -z "$home" ] || [ "$(major "$candidate")" -gt "$(major "$home")" ]; }; then
      home="$candidate"
    fi
  done
fi
if [ -z "$home" ]; then
  echo "skyrun: needs Java 21 or newer; set JAVA_HOME to one (e.g. Temurin 25)" >&2
  exit 2
fi

