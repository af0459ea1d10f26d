#!/usr/bin/env bash
# End-to-end test of `sanso milter` with a real Postfix (ctest `milter_e2e`, label milter):
#   tests/e2e/run_milter_e2e.sh SANSO_BINARY
# Writes a private Postfix instance into a temp dir (`postfix -c DIR`: loopback smtpd on a free
# port, virtual delivery of city.example.jp to a Maildir in the temp dir, smtpd_milters on the
# milter's free port, milter_default_action = tempfail), starts `sanso milter` (inbound) and
# sends with swaks: an HTML mail with a .docm and a PDF with JavaScript arrives as text with a
# .docx without vbaProject.bin, a PDF without /JavaScript, /JS, /OpenAction or /AA (qpdf) that
# kept its page text (pdftotext), and an X-Sanso-Sanitized header; a mail over
# max_message_bytes gets 552; through a second smtpd with the outbound milter, a mail with a
# valid 個人番号 goes to the hold queue and one with an invalid number is delivered; with
# `sanso milter` killed, Postfix answers 4xx to the next mail and delivers nothing.
# Everything is stopped at the end.
# The Postfix set-up is in postfix_lib.sh (shared with bench/mail/run.sh), the mails and their
# checks in mail_fixtures.py.
# Exits 77 (skipped) when postfix, swaks, qpdf or pdftotext is not installed or the test does
# not run as root (Postfix's master needs root and the postfix user): scripts/install-deps.sh
# installs them.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 SANSO_BINARY" >&2; exit 2; }
sanso=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
skip() {
  echo "SKIP milter_e2e: $*"
  exit 77
}
[ -x /usr/sbin/postfix ] || skip "postfix is not installed (scripts/install-deps.sh installs it)"
command -v swaks >/dev/null || skip "swaks is not installed (scripts/install-deps.sh installs it)"
[ "$(id -u)" -eq 0 ] || skip "Postfix's master needs root"
id postfix >/dev/null 2>&1 || skip "no postfix user"
{ command -v qpdf && command -v pdftotext; } >/dev/null ||
  skip "qpdf or pdftotext (poppler-utils) is not installed"
[ -x "$sanso" ] || { echo "FAIL: $sanso is not an executable" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/postfix_lib.sh
. "$here/postfix_lib.sh"

work=$(mktemp -d)
milter_pid=
out_pid=
serve_pid=
postfix_started=
stop_milter() {
  stop_pid "$milter_pid"
  milter_pid=
}
cleanup() {
  stop_milter
  [ -z "$serve_pid" ] || kill -TERM "$serve_pid" 2>/dev/null || true
  stop_pid "$out_pid"
  [ -z "$postfix_started" ] || postfix_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL milter_e2e: $*" >&2
  echo "--- maillog" >&2; tail -n 40 "$work/maillog" >&2 2>/dev/null || true
  echo "--- milter" >&2; tail -n 40 "$work/milter.log" >&2 2>/dev/null || true
  exit 1
}

read -r smtp_port milter_port out_smtp_port out_milter_port <<<"$(free_ports 4)"

# The milter (inbound: Internet -> LGWAN) with its own data directory.
mkdir -p "$work/sanso"
cat >"$work/milter.toml" <<TOML
data_dir = "$work/sanso"
policy = "$here/../../policy/default/basic-policy.yaml"
[milter]
socket = "inet:$milter_port@127.0.0.1"
direction = "inbound"
subject_tag = "[無害化]"
max_message_bytes = 1000000
TOML
start_sanso_milter "$sanso" "$work/milter.toml" "$work/milter.log" inbound ||
  fail "sanso milter does not listen"
milter_pid=$MILTER_PID

# The outbound milter (LGWAN -> Internet: DLP), a second process on the same data directory.
sed -e "s/inet:$milter_port@/inet:$out_milter_port@/" -e 's/"inbound"/"outbound"/' \
  -e '/subject_tag/d' "$work/milter.toml" >"$work/milter-out.toml"
start_sanso_milter "$sanso" "$work/milter-out.toml" "$work/milter-out.log" outbound ||
  fail "sanso milter (outbound) does not listen"
out_pid=$MILTER_PID

# The private Postfix instance: the inbound smtpd and a second one with the outbound milter.
postfix_configure "$work" "$(postfix_smtpd "$smtp_port" "$milter_port")
$(postfix_smtpd "$out_smtp_port" "$out_milter_port")"
postfix_started=1
postfix_start "$work" "$smtp_port" || fail "postfix -c $work/etc start"

# An HTML mail with a macro-enabled Word document and a PDF with JavaScript (/OpenAction and
# a /JS in /Names).
python3 "$here/mail_fixtures.py" inbound "$work/in.eml"
swaks --server "127.0.0.1:$smtp_port" --from sender@example.com --to staff@city.example.jp \
  --data "@$work/in.eml" >"$work/swaks1.log" 2>&1 || { cat "$work/swaks1.log" >&2; fail "first mail not accepted"; }

delivered=
for _ in $(seq 1 600); do
  delivered=$(find "$work/mail/box/new" -type f 2>/dev/null | head -n 1 || true)
  [ -n "$delivered" ] && break
  sleep 0.1
done
[ -n "$delivered" ] || fail "the sanitized mail was not delivered within 60 s"
python3 "$here/mail_fixtures.py" check-inbound "$delivered" ||
  fail "the delivered mail is not the sanitized one"
echo "ok: the HTML mail with a docm and a PDF with JavaScript arrived as text with a docx" \
  "without vbaProject.bin and a PDF without JavaScript"

# Over max_message_bytes: refused for good (552), never passed unsanitized.
python3 -c 'print(("x" * 70 + "\n") * 20000, end="")' >"$work/big.txt"
if swaks --server "127.0.0.1:$smtp_port" --from sender@example.com --to staff@city.example.jp \
  --header "Subject: big" --body "@$work/big.txt" >"$work/swaks-big.log" 2>&1; then
  fail "a mail over max_message_bytes was accepted"
fi
grep -Eq '<\*\* +552' "$work/swaks-big.log" || { tail -5 "$work/swaks-big.log" >&2; fail "no 552 for a mail over max_message_bytes"; }
echo "ok: a mail over max_message_bytes is refused with 552"

# Outbound: a valid 個人番号 in an attachment is held in Postfix's hold queue; an invalid one passes.
send_outbound() {  # NUMBER SUBJECT
  printf '個人番号：%s\n' "$1" >"$work/list.txt"
  swaks --server "127.0.0.1:$out_smtp_port" --from staff@city.example.jp --to staff@city.example.jp \
    --header "Subject: $2" --body "よろしくお願いします" --attach-type text/plain \
    --attach "@$work/list.txt" >"$work/swaks-$2.log" 2>&1 || { cat "$work/swaks-$2.log" >&2; fail "outbound $2 not accepted"; }
}
send_outbound 983205673214 held
held=0
for _ in $(seq 1 100); do
  held=$(find "$work/queue/hold" -type f | wc -l)
  [ "$held" -ge 1 ] && break
  sleep 0.1
done
[ "$held" -eq 1 ] || fail "the mail with a valid 個人番号 is not in the hold queue"
send_outbound 983205673210 passed
count=0
for _ in $(seq 1 600); do
  count=$(find "$work/mail/box/new" -type f 2>/dev/null | wc -l)
  [ "$count" -ge 2 ] && break
  sleep 0.1
done
[ "$count" -eq 2 ] || fail "the mail with an invalid 個人番号 was not delivered"
grep -q "983205673214" "$work/maillog" && fail "the 個人番号 reached the mail log"
echo "ok: outbound mail with a valid 個人番号 is held, one with an invalid number passes"

# PPAP and held mail through sanso serve on the milters' data directory: a zip with a password is
# held (the mail arrives without it, naming its reference), the recipient gives the password
# through the API and gets the sanitized content as a transfer; a security manager releases
# the held outbound mail, which Postfix then delivers (tests/e2e/mail_holds_check.py).
command -v 7z >/dev/null || fail "7z is needed to build the PPAP zip (scripts/install-deps.sh)"
secret_text="PPAP-秘密の見積-2026"
mkdir -p "$work/ppap"
printf '%s\n' "$secret_text" >"$work/ppap/見積.txt"
(cd "$work/ppap" && 7z a -tzip -pzip-pass-2026 "$work/ppap/見積書.zip" 見積.txt >/dev/null) ||
  fail "7z could not build the PPAP zip"
find "$work/mail/box/new" -type f | sort >"$work/before-ppap.txt"
python3 "$here/mail_fixtures.py" ppap "$work/ppap/見積書.zip" staff@city.example.jp \
  "$work/ppap/ppap.eml" || fail "PPAP mail"
swaks --server "127.0.0.1:$smtp_port" --from sender@example.com --to staff@city.example.jp \
  --data "@$work/ppap/ppap.eml" >"$work/swaks-ppap.log" 2>&1 ||
  { cat "$work/swaks-ppap.log" >&2; fail "the PPAP mail was not accepted"; }
ppap_mail=
for _ in $(seq 1 600); do
  ppap_mail=$(find "$work/mail/box/new" -type f | sort | comm -13 "$work/before-ppap.txt" - | head -n 1)
  [ -n "$ppap_mail" ] && break
  sleep 0.1
done
[ -n "$ppap_mail" ] || fail "the PPAP mail was not delivered"
python3 - "$ppap_mail" <<'PY' || fail "the delivered PPAP mail is wrong"
import sys, email
from email import policy
msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
ref = str(msg['X-Sanso-Reference'] or '')
problems = []
if not ref.startswith('M-'): problems.append('no X-Sanso-Reference')
if any(a.get('Content-Description') != 'sanso notice' for a in msg.iter_attachments()):
    problems.append('the encrypted zip was delivered')
notice = ''.join(p.get_content() for p in msg.walk() if p.get('Content-Description') == 'sanso notice')
if '見積書.zip' not in notice or ref not in notice: problems.append('notice %r' % notice)
if problems: print('\n'.join(problems)); sys.exit(1)
PY
echo "ok: the PPAP zip is held and the mail delivered with a notice naming its reference"

policy_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/policy/default/basic-policy.yaml"
user_password=$(head -c 15 /dev/urandom | base32 | tr -d '=\n')
printf '%s\n' "$user_password" | "$sanso" user add --data "$work/sanso" --policy "$policy_file" \
  --login staff --name "職員 一郎" --department 総務課 --email staff@city.example.jp \
  --password-stdin >/dev/null || fail "sanso user add staff"
printf '%s\n' "$user_password" | "$sanso" user add --data "$work/sanso" --policy "$policy_file" \
  --login kanri --name "管理 一子" --department 情報政策課 --role security-manager \
  --password-stdin >/dev/null || fail "sanso user add kanri"
cat >"$work/sanso.toml" <<TOML
data_dir = "$work/sanso"
policy = "$policy_file"
[listen]
lgwan = "127.0.0.1:0"
[mail]
postsuper = "/usr/sbin/postsuper"
postfix_config_dir = "$work/etc"
TOML
timeout --signal=TERM 120 "$sanso" serve --config "$work/sanso.toml" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
lgwan_url=
for _ in $(seq 1 200); do
  lgwan_url=$(sed -n 's|^lgwan: \(http://127\.0\.0\.1:[0-9]*/\)$|\1|p' "$work/serve.out")
  [ -n "$lgwan_url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.err" >&2; fail "sanso serve exited"; }
  sleep 0.1
done
[ -n "$lgwan_url" ] || fail "sanso serve does not listen"
python3 "$(dirname "${BASH_SOURCE[0]}")/mail_holds_check.py" "$lgwan_url" "$user_password" \
  "$user_password" zip-pass-2026 "$secret_text" || { tail -20 "$work/serve.err" >&2; fail "mail holds"; }
kill -TERM "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
count=0
for _ in $(seq 1 600); do
  count=$(find "$work/mail/box/new" -type f | wc -l)
  [ "$count" -ge 4 ] && break
  sleep 0.1
done
[ "$(find "$work/queue/hold" -type f | wc -l)" -eq 0 ] || fail "the released mail is still held"
[ "$count" -eq 4 ] || fail "the released outbound mail was not delivered ($count mails)"
echo "ok: the released outbound mail is delivered"

# sanso milter down: Postfix must defer (4xx), not deliver.
stop_milter
if swaks --server "127.0.0.1:$smtp_port" --from sender@example.com --to staff@city.example.jp \
  --header "Subject: while the milter is down" --body "must not be delivered" >"$work/swaks2.log" 2>&1; then
  cat "$work/swaks2.log" >&2
  fail "a mail was accepted while sanso milter was down"
fi
grep -Eq '<\*\* +4[0-9][0-9]' "$work/swaks2.log" || { cat "$work/swaks2.log" >&2; fail "no 4xx answer while the milter was down"; }
sleep 2
count=$(find "$work/mail/box/new" -type f | wc -l)
[ "$count" -eq 4 ] || fail "$count mails delivered, expected 4"
echo "ok: with sanso milter down Postfix answers 4xx and delivers nothing"

"$sanso" audit verify --data "$work/sanso" >"$work/verify.log" 2>&1 ||
  { cat "$work/verify.log" >&2; fail "audit chain"; }
echo "milter_e2e: ok"
