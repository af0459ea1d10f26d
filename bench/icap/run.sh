#!/usr/bin/env bash
# MB/s of downloads through Squid + `sanso icap` (RESPMOD, bypass=off) beside the same Squid
# without ICAP, for a set of documents served by a local origin. One client, sequential
# requests (curl), everything on loopback; the ratio is the figure. Both Squids use the
# settings docs/operations.md 14.3 recommends for Squid 5.7 (reply_header_max_size, read_ahead_gap,
# a delay pool that limits nothing in practice).
# Usage: bench/icap/run.sh SANSO_BINARY [ROUNDS]   (from the source tree)
set -euo pipefail
SANSO=$(realpath "$1")
ROUNDS=${2:-5}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SQUID=/usr/sbin/squid
[ -x "$SQUID" ] || { echo "squid is not installed (scripts/install-deps.sh)"; exit 1; }
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1"; exit 1
}

mkdir -p "$WORK/www"
python3 "$SRC/bench/icap/make_documents.py" "$WORK/www"
HTTP_PORT=$(free_port); ICAP_PORT=$(free_port); PLAIN_PORT=$(free_port); FILTER_PORT=$(free_port)
(cd "$WORK/www" && exec python3 -m http.server "$HTTP_PORT" --bind 127.0.0.1) >/dev/null 2>&1 &
PIDS+=($!)
cat >"$WORK/icap.toml" <<CONF
data_dir = "$WORK/data"
policy = "$SRC/policy/default/basic-policy.yaml"
[icap]
listen = "127.0.0.1:$ICAP_PORT"
CONF
"$SANSO" icap --config "$WORK/icap.toml" >/dev/null 2>"$WORK/icap.log" &
PIDS+=($!)

SQUID_USER=$(id -un)
[ "$(id -u)" = 0 ] && SQUID_USER=proxy
squid_conf() {  # NAME PORT ICAP(on|off)
  mkdir -p "$WORK/$1"
  [ "$(id -u)" = 0 ] && chown proxy "$WORK/$1"
  cat >"$WORK/$1.conf" <<CONF
http_port 127.0.0.1:$2
http_access allow localhost
http_access deny all
cache deny all
cache_mem 8 MB
cache_effective_user $SQUID_USER
pid_filename $WORK/$1/squid.pid
access_log none
cache_log $WORK/$1/cache.log
cache_store_log none
coredump_dir $WORK/$1
include $SRC/tests/e2e/squid-sanso.conf
icap_enable $3
CONF
  if [ "$3" = on ]; then
    cat >>"$WORK/$1.conf" <<CONF
icap_service sanso_respmod respmod_precache bypass=off icap://127.0.0.1:$ICAP_PORT/respmod
adaptation_access sanso_respmod allow all
CONF
  fi
  "$SQUID" -N -f "$WORK/$1.conf" >/dev/null 2>&1 &
  PIDS+=($!)
}
chmod 755 "$WORK"
squid_conf plain "$PLAIN_PORT" off
squid_conf filter "$FILTER_PORT" on
wait_port "$HTTP_PORT"; wait_port "$ICAP_PORT"; wait_port "$PLAIN_PORT"; wait_port "$FILTER_PORT"

measure() {  # PROXY_PORT FILE -> seconds for ROUNDS downloads; a failed one is reported
  local start end
  start=$(date +%s.%N)
  for _ in $(seq 1 "$ROUNDS"); do
    curl -sf -o /dev/null --max-time 120 -x "http://127.0.0.1:$1" "http://127.0.0.1:$HTTP_PORT/$2" ||
      echo "FAILED: $2 through port $1" >&2
  done
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
printf '%-14s %10s %12s %12s %8s\n' file bytes "plain MB/s" "icap MB/s" ratio
for f in $(cd "$WORK/www" && ls); do
  size=$(stat -c %s "$WORK/www/$f")
  measure "$PLAIN_PORT" "$f" >/dev/null  # warm-up
  measure "$FILTER_PORT" "$f" >/dev/null
  plain=$(measure "$PLAIN_PORT" "$f")
  filter=$(measure "$FILTER_PORT" "$f")
  python3 - "$f" "$size" "$ROUNDS" "$plain" "$filter" <<'PY'
import sys
name, size, rounds, plain, filt = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
mb = size * rounds / 1e6
print(f"{name:<14} {size:>10} {mb/plain:>12.2f} {mb/filt:>12.2f} {plain/filt:>8.3f}")
PY
done
