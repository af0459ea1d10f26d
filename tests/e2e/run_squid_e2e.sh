#!/usr/bin/env bash
# End-to-end: a real Squid on loopback sends every response to `sanso icap` (RESPMOD,
# bypass=off); a local HTTP server serves a docm with a macro, an .exe and a text file.
# Checks: the docm arrives as a docx without vbaProject.bin, the .exe as a Japanese block
# page, the text file sanitized; the same for files larger than Squid's 64 KB buffer, and a
# large file refused only after its head went out breaks the download (curl error, never
# the original); with the ICAP service stopped, an error and not the file.
# Usage: run_squid_e2e.sh SANSO_BINARY SOURCE_DIR. Exit 77 (skipped) when squid is missing.
set -euo pipefail
SANSO=$1
SRC=$2
SQUID=$(command -v squid || true)
[ -x /usr/sbin/squid ] && SQUID=/usr/sbin/squid
if [ -z "$SQUID" ]; then
  echo "SKIP: squid is not installed (apt-get install squid)"
  exit 77
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 100); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: nothing listens on port $1"; return 1
}

# The files the origin serves.
mkdir -p "$WORK/www"
python3 "$SRC/tests/e2e/icap_fixtures.py" "$WORK/www"

HTTP_PORT=$(free_port)
ICAP_PORT=$(free_port)
SQUID_PORT=$(free_port)
(cd "$WORK/www" && exec python3 -m http.server "$HTTP_PORT" --bind 127.0.0.1) >"$WORK/http.log" 2>&1 &
PIDS+=($!)

cat >"$WORK/icap.toml" <<CONF
data_dir = "$WORK/data"
policy = "$SRC/policy/default/basic-policy.yaml"
[icap]
listen = "127.0.0.1:$ICAP_PORT"
from_zone = "internet"
to_zone = "lgwan"
CONF
"$SANSO" icap --config "$WORK/icap.toml" >"$WORK/icap.out" 2>"$WORK/icap.log" &
ICAP_PID=$!
PIDS+=($ICAP_PID)

# Squid drops root privileges to cache_effective_user: as root, its files go to a directory
# that user owns; otherwise it runs as the current user.
SQUID_USER=$(id -un)
mkdir -p "$WORK/squid"
if [ "$(id -u)" = 0 ]; then
  SQUID_USER=proxy
  chown proxy "$WORK/squid"
  chmod 755 "$WORK"
fi
cat >"$WORK/squid.conf" <<CONF
http_port 127.0.0.1:$SQUID_PORT
http_access allow localhost
http_access deny all
cache deny all
cache_effective_user $SQUID_USER
cache_mem 8 MB
pid_filename $WORK/squid/squid.pid
access_log stdio:$WORK/squid/access.log
cache_log $WORK/squid/cache.log
cache_store_log none
coredump_dir $WORK/squid
shutdown_lifetime 1 seconds
icap_enable on
icap_preview_enable on
icap_send_client_ip off
icap_service sanso_respmod respmod_precache bypass=off icap://127.0.0.1:$ICAP_PORT/respmod
adaptation_access sanso_respmod allow all
include $SRC/tests/e2e/squid-sanso.conf
CONF
"$SQUID" -N -f "$WORK/squid.conf" >"$WORK/squid.out" 2>&1 &
PIDS+=($!)
wait_port "$HTTP_PORT"
wait_port "$ICAP_PORT"
wait_port "$SQUID_PORT"

fail() { echo "FAIL: $*"; echo "--- icap.log"; cat "$WORK/icap.log"; echo "--- cache.log"; tail -20 "$WORK/squid/cache.log"; exit 1; }
get() {  # URL_PATH OUTPUT -> prints the HTTP status
  curl -s -x "http://127.0.0.1:$SQUID_PORT" -o "$2" -D "$2.headers" -w '%{http_code}' \
    --max-time ${CURL_TIMEOUT:-60} "http://127.0.0.1:$HTTP_PORT/$1" || true
}

# 1. The docm comes back as a docx without the macro project.
code=$(get macro.docm "$WORK/got.docx")
[ "$code" = 200 ] || fail "docm: HTTP $code"
python3 "$SRC/tests/e2e/ooxml_check.py" check-docx "$WORK/got.docx" >/dev/null ||
  fail "docm: output still has macros or is not a docx"
grep -qi '^content-type: application/vnd.openxmlformats-officedocument.wordprocessingml.document' \
  "$WORK/got.docx.headers" || fail "docm: wrong Content-Type"
grep -qi 'filename="macro.docx"' "$WORK/got.docx.headers" || fail "docm: name not renamed to .docx"
echo "ok: docm -> docx without vbaProject.bin"

# 2. The .exe gets a Japanese block page naming the file.
code=$(get setup.exe "$WORK/block.html")
[ "$code" = 403 ] || fail "exe: HTTP $code"
grep -q 'このファイルはダウンロードできません' "$WORK/block.html" || fail "exe: no Japanese block page"
grep -q 'setup.exe' "$WORK/block.html" || fail "exe: block page does not name the file"
if grep -q 'MZ' "$WORK/block.html"; then fail "exe: original bytes in the page"; fi
echo "ok: exe -> Japanese block page"

# 3. A file name with markup is escaped in the block page.
code=$(get '%3Cb%3Eevil%3Ci%3E.exe' "$WORK/block2.html")
[ "$code" = 403 ] || fail "escaped exe: HTTP $code"
if grep -q '<b>evil' "$WORK/block2.html"; then fail "file name not escaped"; fi
echo "ok: file name escaped"

# 4. A Japanese text file is sanitized as text and keeps its words.
code=$(get notes.txt "$WORK/notes.txt")
[ "$code" = 200 ] || fail "text: HTTP $code"
grep -q '無害化のお知らせ' "$WORK/notes.txt" || fail "text: Japanese text lost"
echo "ok: text file"

# 5. Files larger than Squid 5.7's 64 KB virgin-body buffer (bug 5352: Squid stops reading
# the origin until our head arrives) take the early-response path.
CURL_TIMEOUT=30
code=$(get big.docm "$WORK/big.docx")
[ "$code" = 200 ] || fail "big docm: HTTP $code"
python3 "$SRC/tests/e2e/ooxml_check.py" check-docx "$WORK/big.docx" >/dev/null ||
  fail "big docm: output still has macros or is not a docx"
grep -qi 'filename="big.docx"' "$WORK/big.docx.headers" || fail "big docm: name not renamed"
echo "ok: big docm ($(stat -c %s "$WORK/big.docx") bytes) -> docx without vbaProject.bin"

code=$(get big.txt "$WORK/big.txt")
[ "$code" = 200 ] || fail "big text: HTTP $code"
grep -q '39999 大容量のお知らせ' "$WORK/big.txt" || fail "big text: words lost"
echo "ok: big text ($(stat -c %s "$WORK/big.txt") bytes)"

code=$(get big.exe "$WORK/bigexe.html")
[ "$code" = 403 ] || fail "big exe: HTTP $code"
grep -q 'このファイルはダウンロードできません' "$WORK/bigexe.html" || fail "big exe: no block page"
echo "ok: big exe -> block page"

rm -f "$WORK/broken.bin"
if curl -sf -x "http://127.0.0.1:$SQUID_PORT" -o "$WORK/broken.bin" --max-time 30 \
  "http://127.0.0.1:$HTTP_PORT/broken.docx"; then
  fail "broken docx: curl saw a complete download"
fi
if [ -f "$WORK/broken.bin" ] && cmp -s "$WORK/broken.bin" "$WORK/www/broken.docx"; then
  fail "broken docx: original bytes"
fi
echo "ok: broken docx blocked (after an early head: curl error), no original bytes"
CURL_TIMEOUT=60

# 6. The audit chain has one record per decision, and verifies.
sleep 0.2
"$SANSO" audit verify --data "$WORK/data" >/dev/null || fail "audit chain does not verify"
python3 - "$WORK/data/audit.db" <<'PY' || fail "audit records missing"
import sqlite3, sys, json
rows = sqlite3.connect(sys.argv[1]).execute(
    "select details from audit_records where action='icap.respmod'").fetchall()
verdicts = sorted(json.loads(r[0])["verdict"] for r in rows)
assert verdicts.count("blocked") >= 4 and verdicts.count("sanitized") >= 4, verdicts
details = [json.loads(r[0]) for r in rows]
assert any(d["name"] == "broken.docx" and d["verdict"] == "blocked" for d in details), details
PY
echo "ok: audited"

# 7. ICAP service down: Squid answers with an error, never the file.
kill "$ICAP_PID"
wait "$ICAP_PID" 2>/dev/null || true
code=$(get macro.docm "$WORK/down.bin")
case "$code" in 5*) ;; *) fail "service down: HTTP $code";; esac
python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1])" "$WORK/down.bin" 2>/dev/null && \
  fail "service down: the file came through"
echo "ok: service down -> HTTP $code"
echo "PASS"
