# The load harness: wrk (plain HTTP, keep-alive) → HAProxy, which originates mutual TLS with the demo server's
# client certificate → (a) the cloud service directly, (b) nginx as an mTLS reverse proxy to it, (c) the connector.
# Sourced by bench/run.

LEGS=(direct nginx relay)

leg_title() {
  case $1 in
    direct) echo "cloud service directly" ;;
    nginx) echo "nginx mTLS reverse proxy" ;;
    relay) echo "connector (relay)" ;;
  esac
}

leg_port() {
  case $1 in
    direct) echo "$DIRECT_FRONT_PORT" ;;
    nginx) echo "$NGINX_FRONT_PORT" ;;
    relay) echo "$RELAY_FRONT_PORT" ;;
  esac
}

# render TEMPLATE OUT: fills the @NAME@ placeholders of a config template
render() {
  sed -e "s|@WORK@|$WORK|g" -e "s|@CLOUD_PORT@|$CLOUD_PORT|g" -e "s|@RELAY_PORT@|$HTTPS_PORT|g" \
      -e "s|@NGINX_PORT@|$NGINX_PORT|g" -e "s|@DIRECT_PORT@|$DIRECT_FRONT_PORT|g" \
      -e "s|@NGINX_FRONT_PORT@|$NGINX_FRONT_PORT|g" -e "s|@RELAY_FRONT_PORT@|$RELAY_FRONT_PORT|g" \
      -e "s|@SERVER_CRT@|$WORK/pki/server.crt|g" -e "s|@SERVER_KEY@|$WORK/pki/server.key|g" \
      -e "s|@CLIENT_PEM@|$WORK/pki/client.pem|g" -e "s|@CLIENT_CA@|$WORK/pki/client-ca.pem|g" \
      -e "s|@BASIC@|$BASIC|g" "$1" > "$2"
  chmod 600 "$2"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_proxies() {
  free_port NGINX_PORT
  free_port DIRECT_FRONT_PORT
  free_port NGINX_FRONT_PORT
  free_port RELAY_FRONT_PORT
  mkdir -p "$WORK/nginx" "$WORK/haproxy"
  render "$BENCH_DIR/conf/nginx.conf.in" "$WORK/nginx/nginx.conf"
  render "$BENCH_DIR/conf/haproxy.cfg.in" "$WORK/haproxy/haproxy.cfg"
  "$NGINX" -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >> "$BENCH_LOG" 2>&1 \
    || fail "nginx refused bench/conf/nginx.conf.in (see $BENCH_LOG)"
  "$HAPROXY" -c -q -f "$WORK/haproxy/haproxy.cfg" >> "$BENCH_LOG" 2>&1 \
    || fail "HAProxy refused bench/conf/haproxy.cfg.in (see $BENCH_LOG)"
  start_process NGINX_PID "$WORK/nginx/stdout.log" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
  start_process HAPROXY_PID "$WORK/haproxy/stdout.log" "$HAPROXY" -db -f "$WORK/haproxy/haproxy.cfg"
  wait_for "nginx" 20 "$NGINX_PID" port_open "$NGINX_PORT" || fail "nginx did not start: $(cat "$WORK/nginx/error.log")"
  wait_for "HAProxy" 20 "$HAPROXY_PID" port_open "$RELAY_FRONT_PORT" \
    || fail "HAProxy did not start: $(cat "$WORK/haproxy/stdout.log")"
  log "nginx pid $NGINX_PID on $NGINX_PORT; HAProxy pid $HAPROXY_PID: direct $DIRECT_FRONT_PORT," \
    "nginx $NGINX_FRONT_PORT, relay $RELAY_FRONT_PORT"
}

# Every leg answers the benchmark request with 200 before any load runs.
check_legs() {
  local leg code
  for leg in "${LEGS[@]}"; do
    code=$(curl -s -o "$WORK/check-$leg.json" -w '%{http_code}' --max-time 30 "http://127.0.0.1:$(leg_port "$leg")$REQ_PATH")
    [ "$code" = 200 ] || fail "$(leg_title "$leg") answered $code to GET $REQ_PATH: $(head -c 400 "$WORK/check-$leg.json")"
    log "$leg: 200, $(wc -c < "$WORK/check-$leg.json") bytes"
  done
}

# the server-side processes of a leg, whose CPU time counts: the JVM (connector with the embedded cloud service)
# and, for the nginx leg, nginx's master and workers
leg_pids() {
  echo "$CONNECTOR_PID"
  if [ "$1" = nginx ]; then
    echo "$NGINX_PID"
    PARENT=$NGINX_PID children
  fi
}

# to_ms VALUE: a wrk duration (512.00us, 2.10ms, 1.02s, 1.50m) in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# parse_wrk OUT: sets W_REQS, W_RPS, W_P50, W_P99 (ms), W_NON2XX, W_SOCKERR
parse_wrk() {
  local out=$1
  W_REQS=$(awk '/ requests in / { print $1 }' "$out")
  W_RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  W_P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  W_P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  W_NON2XX=$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' "$out")
  W_SOCKERR=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")
  W_NON2XX=${W_NON2XX:-0}
  W_SOCKERR=${W_SOCKERR:-0}
}

# run_wrk WHAT OUT CONNECTIONS SECONDS URL [-s SCRIPT [SCRIPT_ARGS...]]: runs wrk and fails the benchmark when the
# leg errs: wrk failed, 0 requests, any non-2xx answer, any socket error.
run_wrk() {
  local what=$1 out=$2 conns=$3 secs=$4 url=$5
  shift 5
  local threads=$(( conns < 2 ? conns : 2 )) script=() args=()
  if [ "${1:-}" = -s ]; then
    script=(-s "$2")
    shift 2
    args=("$@")
  fi
  # a wrk script's arguments follow the URL, after --
  "$WRK" -t"$threads" -c"$conns" -d"${secs}s" --latency --timeout 30s "${script[@]}" "$url" \
      ${args[@]+-- "${args[@]}"} > "$out" 2>&1 \
    || { cat "$out" >&2; fail "wrk failed on $what"; }
  parse_wrk "$out"
  cat "$out" >> "$BENCH_LOG"
  if [ -z "$W_REQS" ] || [ "$W_REQS" = 0 ]; then cat "$out" >&2; fail "$what: 0 requests completed"; fi
  W_ERRORS=$(( W_NON2XX + W_SOCKERR ))
  # requests per second that got a 2xx answer
  W_GOOD_RPS=$(awk -v r="$W_RPS" -v n="$W_REQS" -v e="$W_NON2XX" 'BEGIN { printf "%.2f", r * (n - e) / n }')
  if [ "$W_ERRORS" != 0 ]; then
    # the smoke mode proves every leg works: any error fails it. A full run reports errors in the table (an
    # overloaded target that sheds load is a result) and exits non-zero at the end.
    if [ -n "$SMOKE" ]; then
      cat "$out" >&2
      fail "$what: $W_NON2XX answers were not 2xx, $W_SOCKERR socket errors"
    fi
    LEG_ERRORS="${LEG_ERRORS:-}$what: $W_NON2XX not 2xx, $W_SOCKERR socket errors of $W_REQS requests"$'\n'
    progress_done
    echo "bench: $what: $W_NON2XX answers were not 2xx, $W_SOCKERR socket errors (of $W_REQS requests)" >&2
  fi
}

# load_leg LEG CONNECTIONS SECONDS RESULTS [wrk script args...]: one measured run; appends
# "leg connections 2xx-req/s p50 p99 cpu_s_per_1000 requests errors" to RESULTS
load_leg() {
  local leg=$1 conns=$2 secs=$3 results=$4
  shift 4
  local pids before after cpu
  # each run starts from a serving target (after an overload the transport's circuit breaker may be open)
  if [ "$leg" = relay ]; then
    wait_for "the relay to serve again" 120 "$CONNECTOR_PID" relay_ok \
      || fail "the relay did not serve again within 120 s (see $NODE_HOME/log/connector.log)"
  fi
  pids=$(leg_pids "$leg")
  # shellcheck disable=SC2086 # a list of pids
  before=$(cpu_ticks $pids)
  [ "$leg" = relay ] && start_sampler
  run_wrk "$(leg_title "$leg"), $conns connections" "$WORK/wrk.out" "$conns" "$secs" \
    "http://127.0.0.1:$(leg_port "$leg")$REQ_PATH" "$@"
  [ "$leg" = relay ] && stop_sampler
  # shellcheck disable=SC2086
  after=$(cpu_ticks $pids)
  cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$W_REQS" 'BEGIN { printf "%.4f", t / hz / n * 1000 }')
  echo "$leg $conns $W_GOOD_RPS $W_P50 $W_P99 $cpu $W_REQS $W_ERRORS" >> "$results"
  log "$leg c=$conns: $W_GOOD_RPS req/s (2xx), p50 $W_P50 ms, p99 $W_P99 ms, $cpu CPU s/1000, $W_ERRORS errors"
}

# rotated N: the legs, rotated by N, so each run alternates which leg goes first
rotated() {
  local n=$(( $1 % ${#LEGS[@]} )) i
  for (( i=0; i<${#LEGS[@]}; i++ )); do echo "${LEGS[$(( (i + n) % ${#LEGS[@]} ))]}"; done
}

# pick RESULTS LEG CONNECTIONS FIELD: the median of a field (3 req/s, 4 p50, 5 p99, 6 CPU, 8 errors) over the runs
pick() {
  # shellcheck disable=SC2046
  median $(awk -v l="$2" -v c="$3" -v f="$4" '$1 == l && $2 == c { print $f }' "$1")
}

# every leg, once, at the first connection count: the JIT compiles the hot paths before anything is measured
warm_up() {
  local leg
  for leg in "${LEGS[@]}"; do
    progress "warm-up: $(leg_title "$leg"), $WARMUP s"
    run_wrk "warm-up of $(leg_title "$leg")" "$WORK/wrk.out" "${CONNECTIONS[0]}" "$WARMUP" \
      "http://127.0.0.1:$(leg_port "$leg")$REQ_PATH"
  done
}

# The maximum-load runs: every connection count, every leg, RUNS times, legs alternated.
run_load() {
  local run conns leg
  : > "$WORK/load.txt"
  : > "$WORK/samples.txt"
  for (( run=1; run<=RUNS; run++ )); do
    for conns in "${CONNECTIONS[@]}"; do
      for leg in $(rotated $((run - 1))); do
        progress "load run $run/$RUNS: $(leg_title "$leg"), $conns connections, $DURATION s"
        load_leg "$leg" "$conns" "$DURATION" "$WORK/load.txt"
      done
    done
  done
}

# Half of the connector's maximum (median req/s at the first connection count), offered to every leg with the
# same pacing: the latency the relay adds when it is not saturated.
run_half_load() {
  local conns=${CONNECTIONS[0]} max run leg
  max=$(pick "$WORK/load.txt" relay "$conns" 3)
  HALF_RATE=$(awk -v m="$max" 'BEGIN { printf "%.1f", m / 2 }')
  HALF_DELAY_MS=$(awk -v m="$max" -v c="$conns" 'BEGIN { d = int(c * 1000 / (m / 2)); print (d < 1 ? 1 : d) }')
  # long enough for every connection to send a few requests, however slow the maximum was
  HALF_SECS=$(awk -v d="$HALF_DELAY_MS" -v s="$DURATION" 'BEGIN { n = int(4 * d / 1000 + 1); print (n > s ? n : s) }')
  : > "$WORK/half.txt"
  for (( run=1; run<=RUNS; run++ )); do
    for leg in $(rotated $((run - 1))); do
      progress "half load run $run/$RUNS: $(leg_title "$leg"), ~$HALF_RATE req/s offered, $HALF_SECS s"
      load_leg "$leg" "$conns" "$HALF_SECS" "$WORK/half.txt" -s "$BENCH_DIR/lua/paced.lua" "$HALF_DELAY_MS"
    done
  done
}
