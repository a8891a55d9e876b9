# Licences per CPU-second of the cloud service, as a ratio to the JDK's raw RSA private-operation rate in the same
# run. Sourced by bench/run. Everything here prints or reads "key=value" lines into $WORK/licences.txt:
#   rsa3072.sign.per_cpu_s   rsa3072.decrypt.per_cpu_s   rsa2048.sign.per_cpu_s   rsa2048.decrypt.per_cpu_s
#   single.per_cpu_s   single.per_wall_s   batched.per_cpu_s   batched.per_wall_s   batched.items
# (licence_probe appends them to that file itself; a BENCH_LICENCE_PROBE command prints them on stdout)
#
# ==== HOOK (cloud licensing) =========================================================================================
# licence_probe below is the placeholder: it measures through the product's public surface (rmsctl protects a file;
# the licence requests of docs/protocol.md §4.4 go to the cloud service over HTTP). When the cloud bundle ships its
# own measurement entry point, replace the body of licence_probe with a call to it, or, without editing this file,
# set BENCH_LICENCE_PROBE to a command that prints the keys above (bench/run passes it the cloud service's URL, the
# PEM certificate to trust, and the number of seconds per measurement as arguments). raw_rsa_rate stays: it is the
# yardstick.
# =====================================================================================================================

raw_rsa_rate() {
  progress "raw RSA: the JDK's private-operation rate on one core (bench/RsaRate.java)"
  java "$BENCH_DIR/RsaRate.java" "$RSA_SECONDS" >> "$WORK/licences.txt" 2>> "$BENCH_LOG" \
    || fail "java bench/RsaRate.java failed (see $BENCH_LOG)"
}

licence_value() {
  awk -F= -v k="$1" '$1 == k { v = $2 } END { print (v == "" ? "-" : v) }' "$WORK/licences.txt"
}

b64url() {
  base64 -w0 | tr '+/' '-_' | tr -d '='
}

# the bytes of a hex string, without xxd
hex_bytes() {
  local hex
  hex=$(cat)
  printf '%b' "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
}

licence_probe() {
  local dir="$WORK/licences" cloud="https://localhost:$CLOUD_PORT" front="http://127.0.0.1:$DIRECT_FRONT_PORT"
  mkdir -p "$dir"
  progress "licences: protecting a file with rmsctl as $BENCH_USER"
  echo "benchmark content" > "$dir/small.txt"
  "$NODE_HOME/bin/rmsctl" --service "$cloud" --user "$BENCH_USER" \
      --password-file "$NODE_HOME/data/cloud/demo/$BENCH_USER.password" --home "$dir/rmsctl-home" \
      protect "$dir/small.txt" --grant bob@contoso.com:VIEW --overwrite >> "$BENCH_LOG" 2>&1 \
    || fail "rmsctl protect failed (see $BENCH_LOG)"
  # the publishing licence from the protected file's header (docs/protocol.md §5.1: L at offset 10, the licence at 14)
  local length pl
  length=$(od -An -tu1 -j10 -N4 "$dir/small.txt.rmsp" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
  pl=$(tail -c +15 "$dir/small.txt.rmsp" | head -c "$length")
  # a holder key and its server certificate (CertifyRequest, §4.2), as the SDK makes them
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$dir/holder.pem" 2>/dev/null
  local n kid cert
  n=$(openssl rsa -in "$dir/holder.pem" -noout -modulus | cut -d= -f2 | hex_bytes | b64url)
  kid=$(printf '{"e":"AQAB","kty":"RSA","n":"%s"}' "$n" | openssl dgst -sha256 -binary | b64url)
  printf '{"publicKey":{"kty":"RSA","e":"AQAB","n":"%s","kid":"%s"},"identity":"%s"}' "$n" "$kid" "$BENCH_USER" \
    > "$dir/certify.json"
  curl -s --max-time 30 -H 'Content-Type: application/json' --data-binary "@$dir/certify.json" \
      "$front/_wmcs/certification/certification.asmx" > "$dir/certified.json"
  cert=$(sed -n 's/.*"certificate":"\([^"]*\)".*/\1/p' "$dir/certified.json")
  [ -n "$cert" ] || fail "the cloud service did not certify the benchmark's key: $(head -c 400 "$dir/certified.json")"
  # AcquireLicenseRequest (§4.4): one item, and a batch of BATCH items (the same publishing licence)
  local items="" i
  for (( i=0; i<BATCH; i++ )); do items="$items${items:+,}{\"publishingLicense\":\"$pl\"}"; done
  printf '{"serverCertificate":"%s","items":[{"publishingLicense":"%s"}]}' "$cert" "$pl" > "$dir/single.json"
  printf '{"serverCertificate":"%s","items":[%s]}' "$cert" "$items" > "$dir/batched.json"
  local kind count
  for kind in single batched; do
    curl -s --max-time 60 -H 'Content-Type: application/json' --data-binary "@$dir/$kind.json" \
      "$front/_wmcs/licensing/license.asmx" > "$dir/$kind.answer"
    count=$(grep -o '"useLicense"' "$dir/$kind.answer" | wc -l)
    local want=1
    [ $kind = batched ] && want=$BATCH
    [ "$count" = "$want" ] || fail "the $kind licence request got $count use licences, not $want:" \
      "$(head -c 400 "$dir/$kind.answer")"
  done
  echo "batched.items=$BATCH" >> "$WORK/licences.txt"
  local run per_cpu per_wall before after
  for kind in single batched; do
    local cpu_rates=() wall_rates=() per=1
    [ $kind = batched ] && per=$BATCH
    for (( run=1; run<=RUNS; run++ )); do
      progress "licences run $run/$RUNS: $kind ($per per request), $LICENCE_CONNECTIONS connections, $DURATION s"
      before=$(cpu_ticks "$CONNECTOR_PID")
      run_wrk "licences ($kind)" "$WORK/wrk.out" "$LICENCE_CONNECTIONS" "$DURATION" \
        "$front/_wmcs/licensing/license.asmx" -s "$BENCH_DIR/lua/post.lua" "$dir/$kind.json"
      after=$(cpu_ticks "$CONNECTOR_PID")
      # licences issued: the 2xx answers times the items per request
      cpu_rates+=("$(awk -v n=$((W_REQS - W_NON2XX)) -v p="$per" -v t=$((after - before)) -v hz="$CLK_TCK" \
        'BEGIN { printf "%.1f", n * p / (t / hz) }')")
      wall_rates+=("$(awk -v r="$W_GOOD_RPS" -v p="$per" 'BEGIN { printf "%.1f", r * p }')")
    done
    echo "$kind.per_cpu_s=$(median "${cpu_rates[@]}")" >> "$WORK/licences.txt"
    echo "$kind.per_wall_s=$(median "${wall_rates[@]}")" >> "$WORK/licences.txt"
  done
}

measure_licences() {
  raw_rsa_rate
  if [ -n "${BENCH_LICENCE_PROBE:-}" ]; then
    progress "licences: $BENCH_LICENCE_PROBE"
    # shellcheck disable=SC2086 # a command line
    $BENCH_LICENCE_PROBE "https://localhost:$CLOUD_PORT" "$WORK/pki/server.crt" "$DURATION" >> "$WORK/licences.txt" \
      || fail "BENCH_LICENCE_PROBE failed: $BENCH_LICENCE_PROBE"
  else
    licence_probe
  fi
}
