#!/usr/bin/env bash
# Gateway load benchmark (issue 3; `make bench-gateway`):
#
#   bash bench/gateway-load.sh SANSO_BINARY GATEWAY_LOAD_BINARY
#
# 1. bench/gen_load_docx.py writes the upload: a Word document of about LOAD_KB kilobytes;
#    `sanso sanitize --batch` on every core over LOAD_CALIBRATION (200) copies of it measures
#    how fast the machine is right now (core-ms per document, also in the result JSON).
# 2. A fresh data directory gets LOAD_ACCOUNTS sender accounts (load-sender-0..) and one
#    recipient (load-recipient), all staff of one department, through `sanso user add`.
# 3. `sanso serve` starts on two loopback listeners (lgwan, internet) on free ports with the
#    default policy pack: the audit chain and the database commit with fsync (WAL,
#    synchronous=FULL), as in production.
# 4. gateway_load runs LOAD_SENDERS concurrent senders for LOAD_WARMUP + LOAD_DURATION seconds:
#    each repeats create -> upload -> wait until available (long polls of LOAD_WAIT seconds,
#    `GET /api/v1/transfers/item?wait=`) -> the recipient's download, and
#    the figures of the measured window are printed (transfers/s, latency percentiles, errors,
#    the server's peak RSS and CPU time).
# 5. The server gets SIGTERM and must exit 0; `sanso audit verify` must find the chain intact.
#
# Exit status: 0, or 1 when the server, the client or the verification failed. A missed
# target is reported, not an error.
#
# Environment: LOAD_SENDERS (64), LOAD_ACCOUNTS (64), LOAD_WARMUP (5), LOAD_DURATION (30),
# LOAD_KB (100), LOAD_WAIT (20: seconds of each long poll; 0: short polls every 10-100 ms as
# before), LOAD_MACRO (1: a docm with a VBA project, 0: a plain docx), LOAD_DOWNLOAD (1),
# LOAD_CALIBRATION (200), LOAD_THREADS (the server's [limits] threads; empty: its default),
# LOAD_WORKERS (its [gateway] workers; empty: its default), LOAD_WORK (working directory,
# default build/gateway-load; emptied first), LOAD_KEEP (1: keep it afterwards),
# LOAD_PERF (a file: `perf record` of the server during the measured window, with
# LOAD_PERF_ARGS, default "-F 999 -g"; e.g. "-e sched:sched_switch -g" for where it waits).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 SANSO_BINARY GATEWAY_LOAD_BINARY" >&2
  exit 2
fi
sanso=$(realpath "$1")
client=$(realpath "$2")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
for binary in "$sanso" "$client"; do
  [ -x "$binary" ] || { echo "gateway-load: $binary is not an executable (build it first)" >&2; exit 1; }
done

senders=${LOAD_SENDERS:-64}
accounts=${LOAD_ACCOUNTS:-64}
warmup=${LOAD_WARMUP:-5}
duration=${LOAD_DURATION:-30}
kb=${LOAD_KB:-100}
macro=${LOAD_MACRO:-1}
download=${LOAD_DOWNLOAD:-1}
threads=${LOAD_THREADS:-}
calibration=${LOAD_CALIBRATION:-200}
[[ "$calibration" =~ ^[1-9][0-9]{0,3}$ ]] || {
  echo "gateway-load: LOAD_CALIBRATION must be 1-9999" >&2
  exit 2
}
workers=${LOAD_WORKERS:-}
work=${LOAD_WORK:-$root/build/gateway-load}
policy=$root/policy/default/basic-policy.yaml

[ "$work" != / ] || { echo "gateway-load: refusing to use / as LOAD_WORK" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
data=$work/data

server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ "${LOAD_KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== upload"
if [ "$macro" = 1 ]; then
  upload=$work/load.docm
  python3 "$here/gen_load_docx.py" "$upload" "$kb" --macro
else
  upload=$work/load.docx
  python3 "$here/gen_load_docx.py" "$upload" "$kb"
fi

# The same CPU work before every run, so that runs on a host whose speed drifts (a shared VM)
# can be told apart from changes of sanso: the engine alone on every core, no server.
cores=$(nproc)
echo "== calibration: the engine on $calibration copies of the upload, $cores threads"
mkdir -p "$work/calibration/in"
for i in $(seq 1 "$calibration"); do cp "$upload" "$work/calibration/in/$i-$(basename "$upload")"; done
calibration_start=$(date +%s%N)
"$sanso" sanitize --batch -j "$cores" "$work/calibration/in" "$work/calibration/out" >/dev/null
calibration_ms=$(( ($(date +%s%N) - calibration_start) / 1000000 ))
# Core-milliseconds per document: comparable across runs on the same number of cores.
calibration_per_file=$(awk -v ms="$calibration_ms" -v n="$calibration" -v c="$cores" \
  'BEGIN { printf "%.2f", ms * c / n }')
rm -rf "$work/calibration"
echo "   $calibration_per_file core-ms per document ($calibration_ms ms for $calibration)"

echo "== accounts ($accounts senders and a recipient)"
head -c 15 /dev/urandom | base32 | tr -d '=\n' >"$work/password"
add_user() {
  "$sanso" user add --data "$data" --policy "$policy" --login "$1" --name "$1" \
    --department 負荷試験課 --role staff --password-stdin <"$work/password" >/dev/null
}
start=$(date +%s)
add_user load-recipient  # first and alone: it creates the database
export sanso data policy work
export -f add_user
seq 0 $((accounts - 1)) | xargs -P 2 -I{} bash -c 'add_user load-sender-{}'  # argon2id: slow
echo "   $(( $(date +%s) - start )) s"

echo "== sanso serve"
{
  echo "data_dir = \"$data\""
  echo "policy = \"$policy\""
  echo "[listen]"
  echo "lgwan = \"127.0.0.1:0\""
  echo "internet = \"127.0.0.1:0\""
  if [ -n "$threads" ]; then
    echo "[limits]"
    echo "threads = $threads"
  fi
  if [ -n "$workers" ]; then
    echo "[gateway]"
    echo "workers = $workers"
  fi
} >"$work/sanso.toml"
"$sanso" serve --config "$work/sanso.toml" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
lgwan_port=
internet_port=
for _ in $(seq 1 300); do
  lgwan_port=$(sed -n 's|^lgwan: http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$work/serve.out")
  internet_port=$(sed -n 's|^internet: http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$work/serve.out")
  [ -n "$lgwan_port" ] && [ -n "$internet_port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$lgwan_port" ] || [ -z "$internet_port" ]; then
  echo "gateway-load: the server did not start:" >&2
  cat "$work/serve.err" >&2
  exit 1
fi
echo "   pid $server_pid, internet :$internet_port, lgwan :$lgwan_port"

echo "== load: $senders senders, ${warmup} s warm-up, ${duration} s measured"
client_args=(--internet "$internet_port" --lgwan "$lgwan_port" --file "$upload"
  --name "$(basename "$upload")" --password-file "$work/password" --senders "$senders"
  --accounts "$accounts" --warmup "$warmup" --duration "$duration" --server-pid "$server_pid"
  --json "$work/result.json" --wait "${LOAD_WAIT:-20}")
[ "$download" = 1 ] || client_args+=(--no-download)
if [ -n "${LOAD_PERF:-}" ]; then
  client_args+=(--on-window "perf record ${LOAD_PERF_ARGS:--F 999 -g} -p $server_pid -o $(realpath -m "$LOAD_PERF") -- sleep $duration >/dev/null 2>&1")
fi
status=0
"$client" "${client_args[@]}" || status=1
[ -z "${LOAD_PERF:-}" ] || sleep 3  # perf writes its file after the window

echo "== stop and verify"
kill -TERM "$server_pid"
serve_status=0
wait "$server_pid" || serve_status=$?
server_pid=
if [ "$serve_status" != 0 ]; then
  echo "gateway-load: sanso serve exited with $serve_status" >&2
  tail -20 "$work/serve.err" >&2
  status=1
fi
if ! "$sanso" audit verify --data "$data"; then
  echo "gateway-load: the audit chain does not verify" >&2
  status=1
fi
if [ -f "$work/result.json" ]; then
  python3 - "$work/result.json" "$calibration_per_file" <<'PY'
import json, sys
path, per_file = sys.argv[1], float(sys.argv[2])
with open(path, encoding="utf-8") as f:
    result = json.load(f)
result["calibration_core_ms_per_document"] = per_file
with open(path, "w", encoding="utf-8") as f:
    json.dump(result, f, ensure_ascii=False, indent=2)
PY
  cp "$work/result.json" "$root/build/gateway-load-result.json"
fi
exit $status
