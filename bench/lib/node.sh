# The connector under test: a copy of the built distribution in the temp folder, on free ports, started with its own
# bin/rms-connector and stopped with SIGTERM (a clean stop). Sourced by bench/run.

# set_cfg FILE KEY VALUE: sets KEY=VALUE in a .cfg file of the copied home; the key must be there.
set_cfg() {
  local file=$1 key=$2 value=$3
  grep -q "^$key=" "$file" || fail "$file has no '$key=' line any more: update bench/lib/node.sh"
  sed -i "s|^$key=.*|$key=$value|" "$file"
}

# A fresh home: the distribution as built, without any state (data/, log/) a run in place may have left.
prepare_home() {
  NODE_HOME="$WORK/home"
  mkdir -p "$NODE_HOME"
  cp -a "$DIST/." "$NODE_HOME/"
  rm -rf "$NODE_HOME/data" "$NODE_HOME/log"
  free_port HTTP_PORT
  free_port HTTPS_PORT
  free_port CLOUD_PORT
  set_cfg "$NODE_HOME/etc/org.apache.felix.http.cfg" org.osgi.service.http.port "$HTTP_PORT"
  set_cfg "$NODE_HOME/etc/org.apache.felix.http.cfg" org.osgi.service.http.port.secure "$HTTPS_PORT"
  set_cfg "$NODE_HOME/etc/org.apache.felix.http-cloud.cfg" org.osgi.service.http.port.secure "$CLOUD_PORT"
  set_cfg "$NODE_HOME/etc/org.rmsconnector.transport.cfg" cloud.url "https://127.0.0.1:$CLOUD_PORT"
  # the benchmark is one demo server (wrk behind HAProxy with one client certificate) at up to 64 connections:
  # the per-server limits, which keep one noisy server from starving the others, would measure themselves
  set_cfg "$NODE_HOME/etc/org.rmsconnector.relay.cfg" server.max.concurrent 0
  set_cfg "$NODE_HOME/etc/org.rmsconnector.relay.cfg" server.max.rate 0
  log "home $NODE_HOME: HTTPS $HTTPS_PORT, HTTP $HTTP_PORT, cloud service $CLOUD_PORT"
}

health_ok() {
  [ "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "https://127.0.0.1:$HTTPS_PORT/health")" = 200 ]
}

# start_connector LABEL: launches bin/rms-connector and sets START_MS, the time to the first 200 of /health.
start_connector() {
  local label=$1 t0 rc=0
  t0=$(now_ms)
  START_T0=$t0
  start_process CONNECTOR_PID "$WORK/connector-$label.out" "$NODE_HOME/bin/rms-connector"
  wait_for "the connector's /health" "$START_DEADLINE" "$CONNECTOR_PID" health_ok || rc=$?
  START_MS=$(( $(now_ms) - t0 ))
  if [ $rc -ne 0 ]; then
    tail -n 30 "$WORK/connector-$label.out" "$NODE_HOME/log/connector.log" >&2 2>/dev/null || true
    if [ $rc -eq 2 ]; then fail "the connector exited during its $label start (output above)"; fi
    fail "the connector's /health did not answer 200 within $START_DEADLINE s of its $label start (log above)"
  fi
  log "$label start: /health 200 after $START_MS ms"
}

stop_connector() {
  stop_process "$CONNECTOR_PID" 60
}

# The PEM files the harness needs, from the home's key stores: the node's HTTPS certificate and key (the cloud
# listener serves the same), the demo CA, and a demo on-premises server's client certificate with its key.
export_pki() {
  local data="$NODE_HOME/data" pki="$WORK/pki"
  mkdir -p "$pki"
  [ -s "$data/demo/$BENCH_SERVER.p12" ] || fail "no demo client certificate $data/demo/$BENCH_SERVER.p12:" \
    "is the demo tenant on (demo.enabled=true in etc/org.rmsconnector.cloud.cfg)?"
  openssl pkcs12 -in "$data/tls/connector.p12" -passin "file:$data/tls-password" -nokeys -clcerts \
    | openssl x509 -out "$pki/server.crt"
  openssl pkcs12 -in "$data/tls/connector.p12" -passin "file:$data/tls-password" -nocerts -nodes \
    | openssl pkey -out "$pki/server.key"
  openssl pkcs12 -in "$data/demo/$BENCH_SERVER.p12" -passin "file:$data/demo-password" -nokeys -clcerts \
    | openssl x509 -out "$pki/client.crt"
  openssl pkcs12 -in "$data/demo/$BENCH_SERVER.p12" -passin "file:$data/demo-password" -nocerts -nodes \
    | openssl pkey -out "$pki/client.key"
  cat "$pki/client.crt" "$pki/client.key" > "$pki/client.pem"
  cp "$data/demo/ca.pem" "$pki/client-ca.pem"
  local password="$data/cloud/demo/$BENCH_USER.password"
  [ -s "$password" ] || fail "no password for the demo user $BENCH_USER in $password"
  BASIC=$(printf '%s:%s' "$BENCH_USER" "$(cat "$password")" | base64 -w0)
  log "PKI exported to $pki (client certificate of $BENCH_SERVER, online user $BENCH_USER)"
}

relay_ok() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cert "$WORK/pki/client.pem" \
      --cacert "$WORK/pki/server.crt" "https://localhost:$HTTPS_PORT$REQ_PATH")" = 200 ]
}

# After /health: the relay serves the demo server (registered with the cloud, policy synchronized). Sets SERVE_MS,
# the time from the launch to that first relayed 200.
wait_relay_ready() {
  local rc=0
  wait_for "the relay to serve $BENCH_SERVER" 120 "$CONNECTOR_PID" relay_ok || rc=$?
  [ $rc -eq 0 ] || fail "the relay did not answer 200 to $BENCH_SERVER on $REQ_PATH within 120 s" \
    "(see $NODE_HOME/log/connector.log; run with --keep to keep it)"
  SERVE_MS=$(( $(now_ms) - START_T0 ))
  log "relay serving $SERVE_MS ms after the launch"
}

# jvm_sample: "RSS_kB HWM_kB THREADS" of the connector's JVM
jvm_sample() {
  awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } /^Threads:/ { t = $2 } END { print r, h, t }' \
    "/proc/$CONNECTOR_PID/status"
}

# Samples RSS and threads every 0.5 s into $WORK/samples.txt while the load runs.
start_sampler() {
  local jvm=$CONNECTOR_PID out="$WORK/samples.txt"
  (
    while [ -r "/proc/$jvm/status" ]; do
      awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } /^Threads:/ { t = $2 } END { print r, h, t }' \
        "/proc/$jvm/status" >> "$out" 2>/dev/null || exit 0
      sleep 0.5
    done
  ) &
  SAMPLER_PID=$!
  STARTED_PIDS+=("$SAMPLER_PID")
}

stop_sampler() {
  stop_process "$SAMPLER_PID" 2
}
