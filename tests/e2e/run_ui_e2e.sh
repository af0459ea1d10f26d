#!/usr/bin/env bash
# Browser end-to-end test of the web UI (ctest `ui_e2e`, label e2e):
#   tests/e2e/run_ui_e2e.sh SANSO_BINARY [REPO]
# Starts `sanso serve` on free loopback ports with a fresh data directory, the default pack and
# web/dist; adds the users of web/e2e/ui.e2e.mjs with `sanso user add`; builds a .docm with a
# VBA project; runs the browser flow (import with 無害化, export with approval); checks both
# downloads with Python's zipfile (a docx, no vbaProject.bin, no macroEnabled content type);
# stops the server with SIGTERM and verifies the audit chain.
# SANSO_E2E_SCREENSHOTS=DIR writes PNGs of the main pages to DIR (docs/screenshots/ for the docs).
# Exits 77 (skipped) when chromium, web/node_modules/playwright-core or web/dist is missing:
# scripts/install-deps.sh installs the first two, `make web` builds the last.
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 SANSO_BINARY [REPO]" >&2; exit 2; }
sanso=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "${2:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
chromium=${SANSO_E2E_CHROMIUM:-/usr/bin/chromium}
started=$SECONDS

skip() {
  echo "SKIP ui_e2e: $*"
  exit 77
}
[ -x "$chromium" ] || skip "no $chromium (scripts/install-deps.sh installs Debian's chromium)"
[ -f "$repo/web/node_modules/playwright-core/package.json" ] ||
  skip "no web/node_modules/playwright-core (scripts/install-deps.sh runs npm ci in web/)"
[ -f "$repo/web/dist/index.html" ] || skip "no web/dist (make web)"
[ -x "$sanso" ] || { echo "FAIL: $sanso is not an executable" >&2; exit 1; }

work=$(mktemp -d)
pid=
milter_pid=
stop_server() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}
cleanup() {
  stop_server
  [ -z "$milter_pid" ] || kill -TERM "$milter_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $*" >&2
  echo "--- sanso serve output ---" >&2
  cat "$work/serve.out" "$work/serve.err" >&2 2>/dev/null || true
  exit 1
}

data=$work/data
policy=$repo/policy/default/basic-policy.yaml
password=$(head -c 15 /dev/urandom | base32 | tr -d '=\n')
mkdir -p "$data" "$work/out"

# login | display name | department | role | supervisor of the department?
users=(
  "yamada|山田 太郎|総務課|staff|"
  "suzuki|鈴木 花子|総務課|staff|"
  "sato|佐藤 健|総務課|staff|supervisor"
  "kanri|管理 一子|情報政策課|security-manager|"
  "kansa|監査 花子|監査室|auditor|"
  "ciso|最高 責任者|情報政策課|ciso|"
)
for entry in "${users[@]}"; do
  IFS='|' read -r login name department role supervisor <<<"$entry"
  printf '%s\n' "$password" |
    "$sanso" user add --data "$data" --policy "$policy" --login "$login" --name "$name" \
      --department "$department" --role "$role" --email "$login@city.example.jp" \
      --password-stdin >/dev/null ||
    fail "sanso user add $login"
  if [ -n "$supervisor" ]; then
    "$sanso" user supervisor --data "$data" --login "$login" --department "$department" \
      >/dev/null || fail "sanso user supervisor $login"
  fi
done

cat >"$work/sanso.toml" <<EOF
data_dir = "$data"
policy = "$policy"
web_root = "$repo/web/dist"

[listen]
lgwan = "127.0.0.1:0"
internet = "127.0.0.1:0"
EOF

# The server is bounded by itself too: were this script killed, it would not outlive the test.
timeout --signal=TERM 230 "$sanso" serve --config "$work/sanso.toml" \
  >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
inet= lgwan=
for _ in $(seq 1 200); do
  inet=$(sed -n 's|^internet: \(http://127\.0\.0\.1:[0-9]*/\)$|\1|p' "$work/serve.out")
  lgwan=$(sed -n 's|^lgwan: \(http://127\.0\.0\.1:[0-9]*/\)$|\1|p' "$work/serve.out")
  [ -n "$inet" ] && [ -n "$lgwan" ] && break
  kill -0 "$pid" 2>/dev/null || fail "sanso serve exited before listening"
  sleep 0.1
done
[ -n "$inet" ] && [ -n "$lgwan" ] || fail "no listener URLs within 20 s"
echo "sanso serve: internet $inet, lgwan $lgwan ($((SECONDS - started)) s)"

# A mail to suzuki with a password-protected zip (PPAP) through `sanso milter` on the same data
# directory (tests/e2e/milter_client.py plays the MTA): the milter holds the zip for its password.
zip_password=zip-pass-2026
mkdir -p "$work/ppap"
printf '見積金額 1,234,000円\n' >"$work/ppap/見積.txt"
(cd "$work/ppap" && 7z a -tzip -p"$zip_password" 見積書.zip 見積.txt >/dev/null) || fail "7z (PPAP zip)"
python3 "$repo/tests/e2e/mail_fixtures.py" ppap "$work/ppap/見積書.zip" suzuki@city.example.jp \
  "$work/ppap/ppap.eml" || fail "PPAP mail"
milter_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/milter.toml" <<TOML
data_dir = "$data"
policy = "$policy"
[milter]
socket = "inet:$milter_port@127.0.0.1"
direction = "inbound"
TOML
"$sanso" milter --config "$work/milter.toml" >"$work/milter.log" 2>&1 &
milter_pid=$!
for _ in $(seq 1 100); do
  grep -q "sanso milter: inbound on" "$work/milter.log" 2>/dev/null && break
  sleep 0.1
done
reply=$(timeout 60 python3 "$repo/tests/e2e/milter_client.py" send "$milter_port" \
  "$work/ppap/ppap.eml" "$work/ppap/delivered.eml" suzuki@city.example.jp) || fail "milter_client.py"
kill -TERM "$milter_pid"
wait "$milter_pid" || true
milter_pid=
[ "$reply" = accept ] || fail "the PPAP mail got '$reply' from sanso milter"

python3 "$repo/tests/e2e/ooxml_check.py" make-docm "$work/macro.docm"
python3 "$repo/tests/e2e/ooxml_check.py" check-docx "$work/macro.docm" >/dev/null 2>&1 &&
  fail "the fixture is not macro-enabled"

shots=${SANSO_E2E_SCREENSHOTS:-}
if [ -n "$shots" ]; then mkdir -p "$shots" && shots=$(cd "$shots" && pwd); fi
(
  cd "$repo/web"
  SANSO_INET=$inet SANSO_LGWAN=$lgwan SANSO_E2E_PASSWORD=$password \
    SANSO_E2E_DOCM=$work/macro.docm SANSO_E2E_ZIP_PASSWORD=$zip_password \
    SANSO_E2E_OUT=$work/out SANSO_E2E_SCREENSHOTS=$shots \
    SANSO_E2E_CHROMIUM=$chromium timeout --signal=TERM 170 node e2e/ui.e2e.mjs
) || fail "the browser flow (web/e2e/ui.e2e.mjs)"

# Independent of sanso and of the browser: what the recipients got.
python3 "$repo/tests/e2e/ooxml_check.py" check-docx "$work/out/import.docx" ||
  fail "the recipient on LGWAN did not get a docx without macros"
python3 "$repo/tests/e2e/ooxml_check.py" check-docx "$work/out/export.docx" ||
  fail "the addressee on the Internet tier did not get the approved docx"
python3 - "$work/out/ppap.zip" <<'PY' || fail "the PPAP zip the recipient got"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert not any(i.flag_bits & 1 for i in z.infolist()), 'still encrypted'
assert '見積金額' in z.read('見積.txt').decode(), 'text lost'
PY

kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" -eq 0 ] || fail "sanso serve exited $rc after SIGTERM"
"$sanso" audit verify --data "$data" >/dev/null || fail "sanso audit verify"
audit=$("$sanso" audit export --format jsonl --data "$data")
for action in transfer.upload transfer.approve transfer.download totp.enrol \
  isms.campaign.create isms.answer.create isms.incident.report isms.incident.close; do
  grep -q "\"$action\"" <<<"$audit" || fail "no '$action' record in the audit chain"
done
[ -z "$shots" ] || echo "screenshots: $shots"
echo "ui_e2e: ok ($((SECONDS - started)) s)"
