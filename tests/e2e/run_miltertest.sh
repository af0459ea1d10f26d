#!/usr/bin/env bash
# Protocol-level tests of `sanso milter` with Debian's miltertest (ctest `milter_protocol`,
# label milter):   tests/e2e/run_miltertest.sh SANSO_BINARY
# Starts an inbound and an outbound `sanso milter` on free loopback ports and runs the Lua
# scripts in tests/e2e/miltertest/ against them (HTML -> text with the header changes, .exe
# removed, oversize body and header block refused, 個人番号 quarantined or accepted, malformed
# and dropped sessions), then tests/e2e/milter_client.py for what miltertest cannot do (a
# replaced body over 1 KiB: the HTML mail with a docm and a PDF with JavaScript; a packet
# declaring 2 GiB). After each script both milters must still run; at the end the spools are
# empty and the audit chain verifies. Needs no root and no Postfix.
# Exits 77 (skipped) when miltertest is not installed (scripts/install-deps.sh installs it).
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 SANSO_BINARY" >&2; exit 2; }
sanso=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v miltertest >/dev/null || { echo "SKIP milter_protocol: miltertest is not installed"; exit 77; }
{ command -v qpdf && command -v pdftotext; } >/dev/null ||
  { echo "SKIP milter_protocol: qpdf or pdftotext (poppler-utils) is not installed"; exit 77; }
[ -x "$sanso" ] || { echo "FAIL: $sanso is not an executable" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL milter_protocol: $*" >&2
  for log in "$work"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
  exit 1
}

read -r in_port out_port <<<"$(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"

start_milter() {  # DIRECTION PORT
  cat >"$work/$1.toml" <<TOML
data_dir = "$work/sanso"
policy = "$here/../../policy/default/basic-policy.yaml"
[milter]
socket = "inet:$2@127.0.0.1"
direction = "$1"
subject_tag = "[無害化]"
max_message_bytes = 200000
TOML
  "$sanso" milter --config "$work/$1.toml" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q "sanso milter: $1 on" "$work/$1.log" 2>/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || fail "sanso milter ($1) exited"
    sleep 0.1
  done
  fail "sanso milter ($1) does not listen"
}
alive() {
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "sanso milter died ($1)"; done
}

mkdir -p "$work/sanso" "$work/fixtures"
fixtures=$work/fixtures
python3 "$here/mail_fixtures.py" html "$fixtures/html.eml"
python3 "$here/mail_fixtures.py" exe "$fixtures/exe.eml"
python3 "$here/mail_fixtures.py" inbound "$fixtures/inbound.eml"
python3 "$here/mail_fixtures.py" mynumber 983205673214 "$fixtures/mynumber-valid.eml"
python3 "$here/mail_fixtures.py" mynumber 983205673210 "$fixtures/mynumber-invalid.eml"
start_milter inbound "$in_port"
start_milter outbound "$out_port"

for script in inbound_html oversize abuse outbound_mynumber; do
  port=$in_port
  [ "$script" = outbound_mynumber ] && port=$out_port
  timeout 120 miltertest -D "SOCKET=inet:$port@127.0.0.1" -D "FIXTURES=$fixtures" \
    -D "SCRIPTS=$here/miltertest" -s "$here/miltertest/$script.lua" ||
    fail "miltertest $script.lua"
  alive "after $script.lua"
done

# A replaced body over miltertest's 1 KiB: the docm and the PDF with JavaScript, applied as
# the MTA would and checked independently.
reply=$(timeout 120 python3 "$here/milter_client.py" send "$in_port" "$fixtures/inbound.eml" \
  "$work/inbound-out.eml") || fail "milter_client.py send"
[ "$reply" = accept ] || fail "the inbound mail got '$reply'"
python3 "$here/mail_fixtures.py" check-inbound "$work/inbound-out.eml" ||
  fail "the replaced message is not the sanitized one"
echo "ok: the HTML mail with a docm and a PDF with JavaScript -> text, docx, PDF without JavaScript"
reply=$(timeout 120 python3 "$here/milter_client.py" send "$in_port" "$fixtures/exe.eml" \
  "$work/exe-out.eml") || fail "milter_client.py send (exe)"
[ "$reply" = accept ] || fail "the mail with an .exe got '$reply'"
python3 - "$work/exe-out.eml" <<'PY' || fail "the .exe was not removed with a notice"
import sys, email
from email import policy
msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
notice = ''.join(p.get_content() for p in msg.walk()
                 if p.get('Content-Description') == 'sanso notice')
problems = []
if 'DEL_ATTACH' not in str(msg['X-Sanso-Sanitized']): problems.append('no DEL_ATTACH')
if not str(msg['X-Sanso-Reference']).startswith('M-'): problems.append('no reference')
if '.exe' not in notice or str(msg['X-Sanso-Reference']) not in notice:
    problems.append('notice %r' % notice)
if [a for a in msg.iter_attachments() if a.get('Content-Description') != 'sanso notice']:
    problems.append('an attachment is left')
if problems: print('\n'.join(problems)); sys.exit(1)
PY
echo "ok: inbound mail with an .exe -> attachment removed (DEL_ATTACH) with a notice naming the reference"
timeout 60 python3 "$here/milter_client.py" bad-length "$in_port" >/dev/null ||
  fail "a packet declaring 2 GiB was answered"
alive "after a packet declaring 2 GiB"
echo "ok: a packet declaring 2 GiB is dropped"
timeout 60 miltertest -D "SOCKET=inet:$in_port@127.0.0.1" -D "FIXTURES=$fixtures" \
  -D "SCRIPTS=$here/miltertest" -s "$here/miltertest/inbound_html.lua" >/dev/null ||
  fail "no service after a packet declaring 2 GiB"

# Nothing of the dropped or refused messages is left in the spools.
sleep 1
left=$(find "$work/sanso/work" -type f 2>/dev/null | wc -l)
[ "$left" -eq 0 ] || { find "$work/sanso/work" -type f >&2; fail "$left spool files left"; }
for pid in "${pids[@]}"; do kill -TERM "$pid"; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()
"$sanso" audit verify --data "$work/sanso" >"$work/verify.log" 2>&1 || fail "audit chain"
echo "milter_protocol: ok"
