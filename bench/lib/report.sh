# The results table (markdown), printed and written to bench/results/<timestamp>.md. Sourced by bench/run.

# verdict VALUE OP GOAL: "yes" when VALUE OP GOAL holds (OP is >= or <=), "no" when not, "-" without a value
verdict() {
  awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { if (v == "-" || v == "") print "-";
    else if (op == ">=") print (v + 0 >= g + 0 ? "yes" : "no"); else print (v + 0 <= g + 0 ? "yes" : "no") }'
}

write_report() {
  local out=$1 conns leg
  {
    echo "# RMS Connector benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')${SMOKE:+ (smoke mode: figures prove the harness, not the product)}"
    echo
    echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), load average" \
      "$LOAD_BEFORE at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end. Commit $GIT_REV." \
      "wrk $DURATION s per run, medians of $RUNS run(s), legs alternated; the connector JVM runs with the" \
      "distribution's defaults (${RMS_JAVA_OPTS:--Xms48m -Xmx256m -XX:+UseSerialGC -XX:MinHeapFreeRatio=15 -XX:MaxHeapFreeRatio=40}) and embeds the cloud service."
    echo
    echo "## Relay: \`GET $REQ_PATH\`"
    echo
    echo "wrk → HAProxy (mutual TLS with the demo server $BENCH_SERVER's certificate) → target. CPU is the target's"
    echo "server-side processes (the JVM; for nginx, nginx plus the JVM behind it) per 1,000 requests."
    echo
    echo "| connections | target | req/s (2xx) | p50 ms | p99 ms | CPU s / 1,000 req | errors | connector ÷ this, req/s | goal |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---|"
    for conns in "${CONNECTIONS[@]}"; do
      local relay_rps
      relay_rps=$(pick "$WORK/load.txt" relay "$conns" 3)
      for leg in "${LEGS[@]}"; do
        local rps goal="" r
        rps=$(pick "$WORK/load.txt" "$leg" "$conns" 3)
        r=$(ratio "$relay_rps" "$rps")
        [ "$leg" = nginx ] && goal="≥ 1.0×"
        [ "$leg" = relay ] && r="-"
        echo "| $conns | $(leg_title "$leg") | $(fmt 0 "$rps") | $(fmt 1 "$(pick "$WORK/load.txt" "$leg" "$conns" 4)")" \
          "| $(fmt 1 "$(pick "$WORK/load.txt" "$leg" "$conns" 5)") | $(fmt 2 "$(pick "$WORK/load.txt" "$leg" "$conns" 6)")" \
          "| $(pick "$WORK/load.txt" "$leg" "$conns" 8) | $( [ "$r" = "-" ] && echo "-" || echo "$(fmt 3 "$r")×") | $goal |"
      done
    done
    echo
    local c0=${CONNECTIONS[0]} added
    added=$(minus "$(pick "$WORK/half.txt" relay "$c0" 4)" "$(pick "$WORK/half.txt" direct "$c0" 4)")
    echo "### At half of the connector's maximum ($HALF_RATE req/s offered on $c0 connections, each waiting $HALF_DELAY_MS ms on average before a request; $HALF_SECS s per run)"
    echo
    echo "| target | req/s achieved (2xx) | p50 ms | p99 ms | CPU s / 1,000 req | errors |"
    echo "|---|---:|---:|---:|---:|---:|"
    for leg in "${LEGS[@]}"; do
      echo "| $(leg_title "$leg") | $(fmt 0 "$(pick "$WORK/half.txt" "$leg" "$c0" 3)") | $(fmt 2 "$(pick "$WORK/half.txt" "$leg" "$c0" 4)")" \
        "| $(fmt 2 "$(pick "$WORK/half.txt" "$leg" "$c0" 5)") | $(fmt 2 "$(pick "$WORK/half.txt" "$leg" "$c0" 6)")" \
        "| $(pick "$WORK/half.txt" "$leg" "$c0" 8) |"
    done
    echo
    echo "p50 the connector adds over the direct call: **$(fmt 2 "$added") ms** (goal ≤ 1 ms)."
    echo
    echo "## The connector's JVM under load"
    echo
    local rss hwm threads
    rss=$(awk '{ if ($1 > m) m = $1 } END { printf "%.0f", m / 1024 }' "$WORK/samples.txt")
    hwm=$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$WORK/samples.txt")
    threads=$(awk '{ if ($3 > m) m = $3 } END { print m + 0 }' "$WORK/samples.txt")
    echo "Sampled every 0.5 s during the connector's load runs ($(wc -l < "$WORK/samples.txt") samples)."
    echo
    echo "| figure | idle, before the load | peak under load | goal |"
    echo "|---|---:|---:|---|"
    echo "| RSS (VmRSS), MB | $(awk '{ printf "%.0f", $1 / 1024 }' <<< "$IDLE_SAMPLE") | $rss | ≤ 256 |"
    echo "| high-water RSS (VmHWM), MB | $(awk '{ printf "%.0f", $2 / 1024 }' <<< "$IDLE_SAMPLE") | $hwm | |"
    echo "| threads | $(awk '{ print $3 }' <<< "$IDLE_SAMPLE") | $threads | ≤ ~100 |"
    echo
    echo "## Start: from launching \`bin/rms-connector\`"
    echo
    echo "| home | to the first 200 of \`/health\`, s | to the first relayed 200, s | goal (/health) |"
    echo "|---|---:|---:|---|"
    echo "| first start (fresh home: certificates, tenant key, demo tenant made) | $(fmt 2 "$(ratio "$START_FIRST_MS" 1000)") | $(fmt 2 "$(ratio "$SERVE_FIRST_MS" 1000)") | ≤ 5 |"
    echo "| initialized home | $(fmt 2 "$(ratio "$START_INIT_MS" 1000)") | $(fmt 2 "$(ratio "$SERVE_INIT_MS" 1000)") | ≤ 3 |"
    echo
    echo "## Cloud licensing"
    echo
    local rsa single batched
    rsa=$(licence_value rsa3072.sign.per_cpu_s)
    single=$(licence_value single.per_cpu_s)
    batched=$(licence_value batched.per_cpu_s)
    echo "Licences per CPU-second of the process that runs the cloud service, against the JDK's raw RSA private-operation"
    echo "rate on one core (\`bench/RsaRate.java\`, same run). Requests: \`POST /_wmcs/licensing/license.asmx\` through"
    echo "HAProxy to the cloud service, $LICENCE_CONNECTIONS connections."
    echo
    echo "| figure | per CPU-second | per second (wall) | ÷ raw RSA-3072 sign | goal |"
    echo "|---|---:|---:|---:|---|"
    echo "| raw RSA-3072 PS256 sign | $(fmt 0 "$rsa") | $(fmt 0 "$(licence_value rsa3072.sign.per_wall_s)") | 1.00× | |"
    echo "| raw RSA-3072 OAEP decrypt | $(fmt 0 "$(licence_value rsa3072.decrypt.per_cpu_s)") | $(fmt 0 "$(licence_value rsa3072.decrypt.per_wall_s)") | $(fmt 2 "$(ratio "$(licence_value rsa3072.decrypt.per_cpu_s)" "$rsa")")× | |"
    echo "| raw RSA-2048 PS256 sign | $(fmt 0 "$(licence_value rsa2048.sign.per_cpu_s)") | $(fmt 0 "$(licence_value rsa2048.sign.per_wall_s)") | $(fmt 2 "$(ratio "$(licence_value rsa2048.sign.per_cpu_s)" "$rsa")")× | |"
    echo "| licences, single item per request | $(fmt 0 "$single") | $(fmt 0 "$(licence_value single.per_wall_s)") | $(fmt 2 "$(ratio "$single" "$rsa")")× | ≥ 500 per CPU-s |"
    echo "| licences, $(licence_value batched.items) items per request | $(fmt 0 "$batched") | $(fmt 0 "$(licence_value batched.per_wall_s)") | $(fmt 2 "$(ratio "$batched" "$rsa")")× | ≥ 1,000 per CPU-s |"
    echo
    echo "## Files: $FILE_MIB MiB, file to file (median of $FILE_RUNS run(s))"
    echo
    local enc dec protect unprotect
    enc=$(files_mbps 1); dec=$(files_mbps 2); protect=$(files_mbps 3); unprotect=$(files_mbps 4)
    echo "| operation | MB/s | ÷ openssl | goal |"
    echo "|---|---:|---:|---|"
    echo "| \`openssl enc -aes-256-ctr\` | $enc | 1.00× | |"
    echo "| \`rmsctl protect\` | $protect | $(fmt 2 "$(ratio "$protect" "$enc")")× | ≥ 0.9× |"
    echo "| \`openssl enc -d -aes-256-ctr\` | $dec | 1.00× | |"
    echo "| \`rmsctl unprotect\` | $unprotect | $(fmt 2 "$(ratio "$unprotect" "$dec")")× | ≥ 0.9× |"
    echo
    if [ -n "${LEG_ERRORS:-}" ]; then
      echo "## Errors"
      echo
      echo "Runs with answers other than 2xx or socket errors (req/s above count 2xx answers only; latencies include"
      echo "the failed requests):"
      echo
      printf '%s' "$LEG_ERRORS" | sed 's/^/- /'
      echo
    fi
    echo "## Goals"
    echo
    echo "| goal | measured | met |"
    echo "|---|---:|---|"
    for conns in "${CONNECTIONS[@]}"; do
      r=$(ratio "$(pick "$WORK/load.txt" relay "$conns" 3)" "$(pick "$WORK/load.txt" nginx "$conns" 3)")
      echo "| relay ≥ 1.0× nginx, $conns connections | $(fmt 3 "$r")× | $(verdict "$r" '>=' 1.0) |"
    done
    echo "| p50 added over direct at half load ≤ 1 ms | $(fmt 2 "$added") ms | $(verdict "$added" '<=' 1) |"
    echo "| threads under load ≤ ~100 | $threads | $(verdict "$threads" '<=' 100) |"
    echo "| RSS under load ≤ 256 MB | $rss MB | $(verdict "$rss" '<=' 256) |"
    echo "| licences single-item ≥ 500 per CPU-s | $(fmt 0 "$single") | $(verdict "$single" '>=' 500) |"
    echo "| licences batched ≥ 1,000 per CPU-s | $(fmt 0 "$batched") | $(verdict "$batched" '>=' 1000) |"
    echo "| rmsctl protect ≥ 0.9× openssl | $(fmt 2 "$(ratio "$protect" "$enc")")× | $(verdict "$(ratio "$protect" "$enc")" '>=' 0.9) |"
    echo "| rmsctl unprotect ≥ 0.9× openssl | $(fmt 2 "$(ratio "$unprotect" "$dec")")× | $(verdict "$(ratio "$unprotect" "$dec")" '>=' 0.9) |"
    echo "| start, initialized home ≤ 3 s | $(fmt 2 "$(ratio "$START_INIT_MS" 1000)") s | $(verdict "$(ratio "$START_INIT_MS" 1000)" '<=' 3) |"
    echo "| start, first start ≤ 5 s | $(fmt 2 "$(ratio "$START_FIRST_MS" 1000)") s | $(verdict "$(ratio "$START_FIRST_MS" 1000)" '<=' 5) |"
  } > "$out"
}
