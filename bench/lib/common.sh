# bench/run's plumbing: progress, failure, free ports, the processes it starts (all stopped on exit), CPU time,
# medians. Sourced by bench/run; expects WORK (the temp folder) and BENCH_LOG.

BENCH_T0=$(date +%s)
STARTED_PIDS=()

elapsed() {
  local s=$(( $(date +%s) - BENCH_T0 ))
  printf '%02d:%02d' $((s / 60)) $((s % 60))
}

# One line per step; on a terminal, one line rewritten in place.
progress() {
  echo "[$(elapsed)] $*" >> "$BENCH_LOG"
  if [ -t 1 ]; then
    printf '\r\033[K[%s] %s' "$(elapsed)" "$*"
  else
    printf '[%s] %s\n' "$(elapsed)" "$*"
  fi
}

progress_done() {
  if [ -t 1 ]; then printf '\r\033[K'; fi
}

log() {
  echo "[$(elapsed)] $*" >> "$BENCH_LOG"
}

fail() {
  progress_done
  echo "bench: $*" >&2
  exit 1
}

# free_port VAR: a TCP port nothing listens on and that this run has not handed out yet.
BENCH_PORTS=" "
free_port() {
  local port tries=0
  while [ $tries -lt 200 ]; do
    tries=$((tries + 1))
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    case "$BENCH_PORTS" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      BENCH_PORTS="$BENCH_PORTS$port "
      printf -v "$1" '%s' "$port"
      return 0
    fi
  done
  fail "found no free TCP port"
}

# start_process NAME_VAR LOG COMMAND...: starts COMMAND in the background, remembered for the exit trap.
start_process() {
  local var=$1 out=$2
  shift 2
  "$@" > "$out" 2>&1 < /dev/null &
  local pid=$!
  STARTED_PIDS+=("$pid")
  printf -v "$var" '%s' "$pid"
  log "started pid $pid: $*"
}

# PARENT=PID children: the processes whose parent is PID (nginx's workers; what a start script runs)
children() {
  local stat line rest
  for stat in /proc/[0-9]*/stat; do
    # read, not cat: no process per entry (this runs twice per measured run)
    read -r line 2>/dev/null < "$stat" || continue
    rest=${line##*) }
    set -- $rest
    if [ "$2" = "$PARENT" ]; then
      line=${stat#/proc/}
      echo "${line%/stat}"
    fi
  done
}

# stop_process PID [SECONDS]: SIGTERM, then SIGKILL after the deadline (default 30 s).
stop_process() {
  local pid=$1 deadline=$(( $(date +%s) + ${2:-30} ))
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop within the deadline: SIGKILL (and its children)"
    local child
    # e.g. bin/rms-connector still in its first-start step, running a JVM of its own
    for child in $(PARENT=$pid children); do kill -KILL "$child" 2>/dev/null || true; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  local kept=() p
  for p in "${STARTED_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}

stop_all() {
  local i
  for (( i=${#STARTED_PIDS[@]}-1; i>=0; i-- )); do
    stop_process "${STARTED_PIDS[$i]}" 20
  done
}

# cpu_ticks PID...: user + system CPU time of the processes, in clock ticks (/proc/PID/stat fields 14 and 15).
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() {
  local total=0 pid line
  for pid in "$@"; do
    read -r line 2>/dev/null < "/proc/$pid/stat" || continue
    line=${line##*) }
    # after the command name, utime and stime are the 12th and 13th fields
    set -- $line
    total=$(( total + ${12} + ${13} ))
  done
  echo "$total"
}

ticks_to_seconds() {
  awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.3f", t / hz }'
}

# median of the arguments (numbers); "-" when there are none
median() {
  if [ $# -eq 0 ]; then echo "-"; return; fi
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) printf "%s", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B, or "-" when either is missing or B is zero
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-";
    else printf "%.6g", a / b }'
}

# minus A B: A - B, or "-" when either is missing
minus() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "") print "-";
    else printf "%.6g", a - b }'
}

# fmt DECIMALS VALUE: a number rounded for the table, "-" stays "-"
fmt() {
  if [ "$2" = "-" ] || [ -z "$2" ]; then echo "-"; return; fi
  awk -v d="$1" -v v="$2" 'BEGIN { printf "%.*f", d, v }'
}

now_ms() {
  echo $(( $(date +%s%N) / 1000000 ))
}

# wait_for DESCRIPTION SECONDS PID COMMAND...: runs COMMAND every 0.1 s until it succeeds; fails at the deadline
# or when PID (a process the command depends on) has died.
wait_for() {
  local what=$1 deadline=$(( $(now_ms) + $2 * 1000 )) pid=$3
  shift 3
  until "$@"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      return 2
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      log "gave up waiting for $what"
      return 1
    fi
    sleep 0.1
  done
}
