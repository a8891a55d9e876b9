# Files: rmsctl protect / unprotect of one file against openssl enc (AES-256-CTR) file to file. Both end with the
# output on disk (rmsctl forces its output to disk before naming it; openssl's output gets a sync), the input is in
# the page cache for both. Sourced by bench/run.

# timed SECONDS_VAR COMMAND...: wall time of COMMAND in seconds
timed() {
  local var=$1 t0
  shift
  t0=$(now_ms)
  "$@" >> "$BENCH_LOG" 2>&1 || fail "failed: $* (see $BENCH_LOG)"
  printf -v "$var" '%s' "$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN { printf "%.3f", ms / 1000 }')"
}

openssl_file() {
  openssl enc "$@" && sync "${*: -1}"
}

measure_files() {
  local dir="$WORK/files" run key iv s
  mkdir -p "$dir"
  progress "files: writing a $FILE_MIB MiB file of random bytes"
  head -c "$((FILE_MIB * 1048576))" /dev/urandom > "$dir/data.bin"
  key=$(openssl rand -hex 32)
  iv=$(openssl rand -hex 16)
  local rmsctl=("$NODE_HOME/bin/rmsctl" --service "https://localhost:$CLOUD_PORT" --user "$BENCH_USER"
    --password-file "$NODE_HOME/data/cloud/demo/$BENCH_USER.password" --home "$dir/rmsctl-home")
  : > "$WORK/files.txt"
  for (( run=1; run<=FILE_RUNS; run++ )); do
    local enc dec protect unprotect
    progress "files run $run/$FILE_RUNS: openssl enc and rmsctl protect/unprotect of $FILE_MIB MiB"
    if (( run % 2 )); then
      timed enc openssl_file -aes-256-ctr -K "$key" -iv "$iv" -in "$dir/data.bin" -out "$dir/data.enc"
      timed dec openssl_file -d -aes-256-ctr -K "$key" -iv "$iv" -in "$dir/data.enc" -out "$dir/data.dec"
      timed protect "${rmsctl[@]}" protect "$dir/data.bin" -o "$dir/data.rmsp" --grant bob@contoso.com:VIEW --overwrite
      timed unprotect "${rmsctl[@]}" unprotect "$dir/data.rmsp" -o "$dir/data.out" --overwrite
    else
      timed protect "${rmsctl[@]}" protect "$dir/data.bin" -o "$dir/data.rmsp" --grant bob@contoso.com:VIEW --overwrite
      timed unprotect "${rmsctl[@]}" unprotect "$dir/data.rmsp" -o "$dir/data.out" --overwrite
      timed enc openssl_file -aes-256-ctr -K "$key" -iv "$iv" -in "$dir/data.bin" -out "$dir/data.enc"
      timed dec openssl_file -d -aes-256-ctr -K "$key" -iv "$iv" -in "$dir/data.enc" -out "$dir/data.dec"
    fi
    cmp -s "$dir/data.bin" "$dir/data.out" || fail "rmsctl unprotect did not give back the original file"
    cmp -s "$dir/data.bin" "$dir/data.dec" || fail "openssl enc -d did not give back the original file"
    rm -f "$dir/data.enc" "$dir/data.dec" "$dir/data.rmsp" "$dir/data.out"
    echo "$enc $dec $protect $unprotect" >> "$WORK/files.txt"
    log "files run $run: openssl enc $enc s, dec $dec s; rmsctl protect $protect s, unprotect $unprotect s"
  done
  rm -f "$dir/data.bin"
}

# files_mbps FIELD: MB/s (10^6 bytes) from the median time of a field (1 enc, 2 dec, 3 protect, 4 unprotect)
files_mbps() {
  local t
  # shellcheck disable=SC2046
  t=$(median $(awk -v f="$1" '{ print $f }' "$WORK/files.txt"))
  awk -v t="$t" -v b=$((FILE_MIB * 1048576)) 'BEGIN { printf "%.1f", b / 1e6 / t }'
}
