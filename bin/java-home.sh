# Sourced by bin/skyrun and the bench scripts: sets $home to a JDK 21+ (no JVM is started).
# Order: $JAVA_HOME if it is 21+, else `java` on PATH if 21+, else the newest /usr/lib/jvm JDK.
# Exits 2 with a hint when there is none. Shell built-ins only where it can (every process it
# starts costs bin/skyrun milliseconds): `readlink` only for a `java` found on PATH.
java_major() { # sets $major, the feature version of the JDK at $1 (0 when none), and $version, its release file's JAVA_VERSION line
  local line v=""
  version=""
  if [ -r "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in JAVA_VERSION=\"*) version="$line"; v="${line#JAVA_VERSION=\"}"; v="${v%%[!0-9]*}"; break ;; esac
    done < "$1/release"
  fi
  major="${v:-0}"
}
home=""
if [ -n "${JAVA_HOME:-}" ] && java_major "$JAVA_HOME" && [ "$major" -ge 21 ]; then
  home="$JAVA_HOME"
elif command -v java >/dev/null 2>&1; then
  candidate="$(readlink -f "$(command -v java)")"
  candidate="${candidate%/bin/java}"
  java_major "$candidate"
  if [ "$major" -ge 21 ]; then home="$candidate"; fi
fi
if [ -z "$home" ]; then
  best=0
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && java_major "$candidate" && [ "$major" -ge 21 ] && [ "$major" -gt "$best" ]; then
      home="$candidate" best="$major"
    fi
  done
fi
if [ -z "$home" ]; then
  echo "skyrun: needs Java 21 or newer; set JAVA_HOME to one (e.g. Temurin 25)" >&2
  exit 2
fi
