#!/usr/bin/env bash
# Mails/s through Postfix + the inbound `sanso milter` beside the same Postfix without it, and
# the time of one large attachment against Postfix's milter_content_timeout.
# Usage (root: Postfix's master needs it):
#   bench/mail/run.sh SANSO_BINARY [MAILS] [SENDERS] [LARGE_MB]      (defaults 200 4 20)
# A private Postfix on loopback (tests/e2e/postfix_lib.sh, as in the milter e2e test) with two
# smtpd services, one with smtpd_milters = the inbound milter, one without, both delivering to
# a Maildir. MAILS copies of a 50 KB HTML mail with a 200 KB docx (bench/gen_load_docx.py) go
# through each over SENDERS concurrent SMTP connections (bench/mail/smtp_load.py); the time
# until the last one is in the Maildir gives mails/s, and the ratio (with / without) is the
# figure. Then one mail with a LARGE_MB scan-like PDF and one with a LARGE_MB docx of photos
# (bench/mail/make_large.py; the docx's images are re-encoded) go through each smtpd: the
# SMTP transaction time with the milter is what Postfix's milter_content_timeout bounds.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 SANSO_BINARY [MAILS] [SENDERS] [LARGE_MB]" >&2; exit 2; }
SANSO=$(realpath "$1")
MAILS=${2:-200}
SENDERS=${3:-4}
LARGE_MB=${4:-20}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "run as root (Postfix's master needs it)" >&2; exit 1; }
[ -x /usr/sbin/postfix ] || { echo "postfix is not installed (scripts/install-deps.sh)" >&2; exit 1; }
# shellcheck source=tests/e2e/postfix_lib.sh
. "$SRC/tests/e2e/postfix_lib.sh"

WORK=$(mktemp -d)
MILTER=
POSTFIX=
cleanup() {
  stop_pid "$MILTER"
  [ -z "$POSTFIX" ] || postfix_stop "$WORK"
  rm -rf "$WORK"
}
trap cleanup EXIT

read -r FILTER_PORT PLAIN_PORT MILTER_PORT <<<"$(free_ports 3)"
mkdir -p "$WORK/sanso" "$WORK/in"
cat >"$WORK/milter.toml" <<TOML
data_dir = "$WORK/sanso"
policy = "$SRC/policy/default/basic-policy.yaml"
[milter]
socket = "inet:$MILTER_PORT@127.0.0.1"
direction = "inbound"
max_message_bytes = 52428800
max_sanitize_seconds = 240
TOML
start_sanso_milter "$SANSO" "$WORK/milter.toml" "$WORK/milter.log" inbound ||
  { cat "$WORK/milter.log" >&2; exit 1; }
MILTER=$MILTER_PID

postfix_configure "$WORK" "$(postfix_smtpd "$FILTER_PORT" "$MILTER_PORT")
$(postfix_smtpd "$PLAIN_PORT")"
# No input throttling by the queue manager's pace; room for the large mail.
postconf -c "$WORK/etc" -e in_flow_delay=0 message_size_limit=52428800 virtual_mailbox_limit=0 \
  syslog_name=sanso-bench
POSTFIX=1
postfix_start "$WORK" "$FILTER_PORT" || exit 1

python3 "$SRC/bench/gen_load_docx.py" "$WORK/in/minutes.docx" 200 >/dev/null
python3 "$SRC/tests/e2e/mail_fixtures.py" bench "$WORK/in/minutes.docx" "$WORK/in/bench.eml"
python3 "$SRC/bench/mail/make_large.py" pdf "$WORK/in/scan.pdf" "$LARGE_MB"
python3 "$SRC/bench/mail/make_large.py" docx "$WORK/in/photos.docx" "$LARGE_MB" "$WORK/in/minutes.docx"
for f in scan.pdf photos.docx; do
  python3 "$SRC/tests/e2e/mail_fixtures.py" bench "$WORK/in/$f" "$WORK/in/$f.eml"
done
NEW=$WORK/mail/box/new
load() {  # PORT EML COUNT SENDERS
  python3 "$SRC/bench/mail/smtp_load.py" "$1" "$2" "$3" "$4" "$NEW"
}

echo "mail: $(stat -c %s "$WORK/in/bench.eml") bytes (50 KB HTML + $(stat -c %s "$WORK/in/minutes.docx") B docx);" \
  "$MAILS mails, $SENDERS senders; $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
load "$PLAIN_PORT" "$WORK/in/bench.eml" 4 2 >/dev/null  # warm-up
load "$FILTER_PORT" "$WORK/in/bench.eml" 4 2 >/dev/null
plain=$(load "$PLAIN_PORT" "$WORK/in/bench.eml" "$MAILS" "$SENDERS")
filter=$(load "$FILTER_PORT" "$WORK/in/bench.eml" "$MAILS" "$SENDERS")
echo "Postfix alone:          $plain"
echo "Postfix + sanso milter: $filter"
python3 - "$plain" "$filter" <<'PY'
import sys
rate = lambda line: float(line.rsplit("rate=", 1)[1])
print(f"ratio (with / without): {rate(sys.argv[2]) / rate(sys.argv[1]):.3f}")
PY
sanitized=$(grep -l '^X-Sanso-Sanitized: .*CHG_TEXT' "$NEW"/* | wc -l)
[ "$sanitized" -eq $((MAILS + 4)) ] ||
  { echo "$sanitized mails carry X-Sanso-Sanitized, expected $((MAILS + 4))" >&2; exit 1; }

for f in scan.pdf photos.docx; do
  echo "large: $(stat -c %s "$WORK/in/$f.eml") bytes ($f: $(stat -c %s "$WORK/in/$f") B)"
  echo "Postfix alone:          $(load "$PLAIN_PORT" "$WORK/in/$f.eml" 1 1)"
  echo "Postfix + sanso milter: $(load "$FILTER_PORT" "$WORK/in/$f.eml" 1 1)"
done
echo "milter_content_timeout = $(postconf -c "$WORK/etc" -h milter_content_timeout)," \
  "max_sanitize_seconds = 240"
"$SANSO" audit verify --data "$WORK/sanso" >/dev/null
