# Shared by bench/run and bench/load (sourced, not run). Needs $run_started (seconds) and $tmp set by the caller
# before the helpers that use them are called. Every process a script starts goes into pids and is stopped on exit.

step() { printf '\n== %s (%ss)\n' "$*" $(( $(date +%s) - run_started )); }
fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "${tmp:-/nonexistent}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop() { # pid: stop one process started here and forget it
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_200() { # url, seconds
  local i
  for ((i = 0; i < $2 * 20; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
    sleep 0.05
  done
  fail "no 200 from $1 within $2 s"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

publish_aot() { # output dir: the Native AOT publish of the API (the Lambda artifact), without its .dbg
  dotnet publish api -c Release -r linux-x64 -o "$1" --nologo -v quiet -clp:ErrorsOnly
  rm -f "$1"/*.dbg
}

# The secret the emulator sends with each Lambda event (moto_launcher.py item 4); the API takes /events only with it.
export BSTORE_LAMBDA_EVENTS_TOKEN
BSTORE_LAMBDA_EVENTS_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

# The environment both scripts give the seed command and the API: production settings, a fresh cursor key, Lambda
# events accepted on POST /events with the run's token (Cognito's trigger, the order workflow's steps), the catalog from seed-data/, and
# the rate limits (ADR 0011) raised out of the way: the load comes from one address.
api_environment() { # local settings file
  export ASPNETCORE_ENVIRONMENT=Production
  export BSTORE_LOCAL_SETTINGS=$1
  export BStore__Catalog__CursorKey
  BStore__Catalog__CursorKey=$(head -c 32 /dev/urandom | base64)
  export BStore__LambdaEvents__Token=$BSTORE_LAMBDA_EVENTS_TOKEN
  export BStore__Seeding__DataDirectory=$root/seed-data
  export BStore__Limits__ShopperWrites__PermitLimit=100000000 BStore__Limits__AnonymousPerAddress__PermitLimit=100000000
  unset OTEL_EXPORTER_OTLP_ENDPOINT BStore__Diagnostics__CountDynamoDbCalls
}

start_moto() { # port, log, [function name=url;...], [taskset cpu list] -> a moto_launcher.py (local AWS) on the port
  local cpu=${4:-}
  local pin=(); [ -n "$cpu" ] && pin=(taskset -c "$cpu")
  BSTORE_EMULATOR_FUNCTIONS="${3:-}" "${pin[@]}" python3 apphost/emulator/moto_launcher.py -H 127.0.0.1 -p "$1" >"$2" 2>&1 &
  pids+=($!)
  wait_200 "http://127.0.0.1:$1/moto-api/data.json" 30
}

seed() { # api binary, emulator url, log: the local resources made by apphost/LocalAws (settings: $BSTORE_LOCAL_SETTINGS),
  # then seed-data/ loaded by the API binary's seed command, as in the local environment
  dotnet build apphost/LocalAws -c Release -o "$tmp/local-aws" --nologo -v quiet -clp:ErrorsOnly >"$3" 2>&1 \
    || { cat "$3"; fail "building apphost/LocalAws failed"; }
  BStore__Aws__ServiceUrl=$2 dotnet "$tmp/local-aws/BStore.LocalAws.dll" --local-settings "$BSTORE_LOCAL_SETTINGS" \
    --template stacks/snapshots/dev.template.json >>"$3" 2>&1 \
    && BStore__Aws__ServiceUrl=$2 "$1" seed --data seed-data >>"$3" 2>&1 \
    || { cat "$3"; fail "seeding failed"; }
}
