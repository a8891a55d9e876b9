# Shared by bin/rms-connector and bin/rms-cloud: checks Java, creates a node's secrets and self-signed HTTPS
# certificate on first start, keeps the framework cache in step with the feature, and runs the Sling Feature
# Launcher in the foreground. Sourced, not run; expects RMS_HOME, RMS_ETC, RMS_FEATURE, RMS_LAUNCHER,
# RMS_PRODUCT and RMS_SCRIPT; RMS_DEPLOY (the folder Felix File Install watches) defaults to deploy/.
java_cmd=java
if [ -n "${JAVA_HOME:-}" ]; then java_cmd="$JAVA_HOME/bin/java"; fi
if ! command -v "$java_cmd" >/dev/null 2>&1; then
  echo "$RMS_SCRIPT: no Java found; install Java 17 or newer or set JAVA_HOME" >&2
  exit 1
fi
java_major=$("$java_cmd" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "$RMS_SCRIPT: Java 17 or newer is required, found $java_major ($java_cmd)" >&2
  exit 1
fi

data="$RMS_HOME/data"
# Everything the node writes (secrets, key stores, the tenant database, the framework cache with its configuration
# store, logs, traces) is for the account that runs it alone: files 0600, folders 0700, now and ever after, whatever
# the caller's umask. Homes made by an older version are brought in line on every start.
umask 077
RMS_DEPLOY="${RMS_DEPLOY:-$RMS_HOME/deploy}"
mkdir -p "$data" "$RMS_HOME/log" "$RMS_DEPLOY" "$RMS_ETC"
chmod -R go-rwx "$data" "$RMS_HOME/log"

random_secret() {
  # 24 random bytes, URL-safe: no characters that need quoting in a .cfg file or a shell
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# --- first start: the console password, owner-only, printed once
if [ ! -s "$data/console-password" ]; then
  (umask 077 && random_secret > "$data/console-password")
  chmod 600 "$data/console-password"
  cat <<EOF
============================================================================
 $RMS_PRODUCT: first start on this node.
 Web Console user 'admin', password: $(cat "$data/console-password")
 (stored in $data/console-password, readable by $(id -un) only;
  it is not printed again)
============================================================================
EOF
fi

# --- first start: the password of the embedded cloud service's tenant key store
if [ ! -s "$data/cloud-keystore-password" ]; then
  (umask 077 && random_secret > "$data/cloud-keystore-password")
fi

# --- first start: the password of the connector's credentials at rest (data/connector)
if [ ! -s "$data/connector-credentials-password" ]; then
  (umask 077 && random_secret > "$data/connector-credentials-password")
fi

# --- first start: certificates, made in one JVM by NodePki (driving the JDK's keytool):
#   --tls      a self-signed HTTPS certificate, unless etc/ names another key store
#   --demo     (bin/rms-connector with the demo tenant) a demo CA and client certificates for EXCH01, SP01, FS01
#   --clients  an empty trust store for client certificates (data/tls/clients.p12), where an operator imports a CA
http_cfg="$RMS_ETC/org.apache.felix.http.cfg"
pki_steps=()
if grep -q '^org.apache.felix.https.keystore=${rms.home}/data/tls/connector.p12' "$http_cfg" 2>/dev/null \
    && [ ! -s "$data/tls/connector.p12" ]; then
  pki_steps+=(--tls)
fi
if [ "${RMS_DEMO_PKI:-0}" = 1 ] && grep -q '^demo.enabled=true' "$RMS_ETC/org.rmsconnector.cloud.cfg" 2>/dev/null \
    && [ ! -s "$data/demo/ca.pem" ]; then
  pki_steps+=(--demo)
fi
[ -s "$data/tls/clients.p12" ] || pki_steps+=(--clients)
if [ ${#pki_steps[@]} -gt 0 ]; then
  "$java_cmd" --add-exports java.base/sun.security.tools.keytool=ALL-UNNAMED -cp "$RMS_HOME/lib/client/*" \
    org.rmsconnector.rmsctl.tools.NodePki "$data" "${pki_steps[@]}" \
    | sed "s/^/$RMS_SCRIPT: /" \
    || { echo "$RMS_SCRIPT: could not create the node's certificates (see above)" >&2; exit 1; }
fi

# --- the framework cache keeps installed bundles and configuration between starts; a new product version or a
# different feature set needs a fresh cache, or the old bundles would stay (the configuration in etc/ is re-read).
feature="$RMS_HOME/lib/features/$RMS_FEATURE.json"
launcher_home="$data/$RMS_LAUNCHER"
stamp="$launcher_home/feature.sha256"
current=$(sha256sum "$feature" | cut -d' ' -f1)
clean=none
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$current" ]; then
  clean=onFirstInit
  rm -rf "$launcher_home"
  mkdir -p "$launcher_home"
  echo "$current" > "$stamp"
fi

# the repository path as a file: URL (spaces and other reserved characters percent-encoded)
repo_url="file://$(printf '%s' "$RMS_HOME/repository" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g')"

# --- JVM tuning (docs/performance.md, "Threads, memory and start"). RMS_JAVA_OPTS comes after these, so any of them
# can be overridden there.
# - The JDK hands every asynchronous HTTP answer through the common fork-join pool; with one thread in that pool (the
#   default on 2 cores) it starts a new thread for each answer instead. Two or more make it a pool.
# - glibc gives each thread that allocates its own 64 MiB malloc arena; a JVM allocates little with malloc, and
#   two arenas keep the resident size down without slowing it.
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
fj_parallelism=$(( cpus > 2 ? cpus - 1 : 2 ))
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
jvm_tuning=(
  "-Djava.util.concurrent.ForkJoinPool.common.parallelism=$fj_parallelism"
)
# - The heap, when RMS_JAVA_OPTS does not say (it replaces all of this, the collector included): a node's live set is
#   about 50 MiB; the serial collector needs next to no memory of its own (G1's bookkeeping took 40 MiB more) and
#   pauses for milliseconds at this size; the heap starts small and grows only as far as the load needs.
default_java_opts="-Xms48m -Xmx256m -XX:+UseSerialGC -XX:MinHeapFreeRatio=15 -XX:MaxHeapFreeRatio=40"

cd "$RMS_HOME"
# shellcheck disable=SC2086 # RMS_JAVA_OPTS is a list of options
# Basic authentication to an outbound proxy for HTTPS (CONNECT) is off in the JDK by default; the transport's proxy
# user needs it. Only the proxy, never the cloud, is offered these credentials.
exec "$java_cmd" "${jvm_tuning[@]}" ${RMS_JAVA_OPTS:-$default_java_opts} \
  -Djdk.http.auth.tunneling.disabledSchemes= \
  -Drms.home="$RMS_HOME" \
  -Dlogback.configurationFile="$RMS_HOME/etc/logback.xml" \
  -Drms.log.name="${RMS_SCRIPT#rms-}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$RMS_HOME/lib/launcher/*" \
  org.apache.sling.feature.launcher.impl.Main \
  -f "$feature" \
  -u "$repo_url" \
  -fv "@FELIX_VERSION@" \
  -p "$launcher_home" \
  -c "$launcher_home/cache" \
  -D "org.osgi.framework.storage.clean=$clean" \
  -D "rms.home=$RMS_HOME" \
  -D "rms.etc=$RMS_ETC" \
  -D "rms.node.name=${RMS_NODE_NAME:-}" \
  -D "felix.fileinstall.dir=$RMS_DEPLOY" \
  -D "org.apache.felix.configadmin.plugin.interpolation.secretsdir=$data"
