# Sourced by ci/* and ./zeropipe: picks a JDK >= 22 and exports JAVA_HOME and PATH.
# Order: the JAVA_HOME the caller set, then every /usr/lib/jvm/* (newest first).

zp_java_major() {  # prints the feature version of the JDK at $1, or nothing
  local v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  echo "${v%%.*}"
}

zp_find_jdk() {
  local min=22 candidate major tried=()
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV); do
    major=$(zp_java_major "$candidate")
    tried+=("$candidate${major:+ (Java $major)}")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      # Maven 3.8's Guava uses sun.misc.Unsafe; JDK 24+ warns about it on every run.
      [ "$major" -ge 24 ] && export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      return 0
    fi
  done
  {
    echo "zeropipe needs a JDK $min or newer (FFM API); none was found."
    echo "Looked at: ${tried[*]:-nothing (JAVA_HOME unset, /usr/lib/jvm empty)}"
    echo "Install one (e.g. Temurin 25 under /usr/lib/jvm) or point JAVA_HOME at it."
  } >&2
  return 1
}
