#!/usr/bin/env bash
# `make run`: starts the gateway with demo data on two loopback listeners.
#
#   scripts/demo.sh SANSO_BINARY [OUT_DIR]      (OUT_DIR defaults to build/demo)
#
# Every run deletes OUT_DIR/data, creates demo departments and users with fresh random
# passwords (printed below, never stored in the repository), writes OUT_DIR/sanso.toml and
# then replaces itself with `sanso serve`; Ctrl-C (SIGINT) stops the server cleanly.
# Ports: SANSO_DEMO_LGWAN_PORT (default 8081) and SANSO_DEMO_INTERNET_PORT (default 8082);
# 0 lets the kernel choose (the URLs are then the ones `sanso serve` prints last).
set -euo pipefail

usage() {
  echo "usage: $0 SANSO_BINARY [OUT_DIR]" >&2
  exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanso=$1
[ -x "$sanso" ] || { echo "demo: $sanso is not an executable (run 'make build' first)" >&2; exit 1; }
sanso=$(cd "$(dirname "$sanso")" && pwd)/$(basename "$sanso")
out=${2:-$repo/build/demo}
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ "$out" != / ] || { echo "demo: refusing to use / as the output directory" >&2; exit 1; }

lgwan_port=${SANSO_DEMO_LGWAN_PORT:-8081}
internet_port=${SANSO_DEMO_INTERNET_PORT:-8082}
for port in "$lgwan_port" "$internet_port"; do
  [[ "$port" =~ ^[0-9]{1,5}$ ]] && [ "$port" -le 65535 ] ||
    { echo "demo: bad port '$port'" >&2; exit 2; }
done

policy=$repo/policy/default/basic-policy.yaml
data=$out/data
config=$out/sanso.toml

# 24 base32 characters (120 bits) from the kernel's CSPRNG.
new_password() {
  head -c 15 /dev/urandom | base32 | tr -d '=\n'
}

# A TOML basic string.
toml_string() {
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

rm -rf "$data"
mkdir -p "$data"

# login | display name | department | role | supervisor of the department?
users=(
  "tanaka|田中 一郎|総務課|staff|"
  "suzuki|鈴木 花子|総務課|staff|supervisor"
  "sato|佐藤 健|情報政策課|security-manager|"
  "kobayashi|小林 直子|監査委員事務局|auditor|"
)
declare -A passwords
for entry in "${users[@]}"; do
  IFS='|' read -r login name department role supervisor <<<"$entry"
  passwords[$login]=$(new_password)
  printf '%s\n' "${passwords[$login]}" |
    "$sanso" user add --data "$data" --policy "$policy" --login "$login" --name "$name" \
      --department "$department" --role "$role" --password-stdin >/dev/null
  if [ -n "$supervisor" ]; then
    "$sanso" user supervisor --data "$data" --login "$login" --department "$department" >/dev/null
  fi
done

web_root=$repo/web/dist
{
  echo "# Written by scripts/demo.sh: demo only (loopback, no TLS). See docs/operations.md."
  echo "data_dir = $(toml_string "$data")"
  echo "policy = $(toml_string "$policy")"
  if [ -d "$web_root" ]; then echo "web_root = $(toml_string "$web_root")"; fi
  echo
  echo "[listen]"
  echo "lgwan = \"127.0.0.1:$lgwan_port\""
  echo "internet = \"127.0.0.1:$internet_port\""
} >"$config"

lgwan_url="http://127.0.0.1:$lgwan_port/"
internet_url="http://127.0.0.1:$internet_port/"
if [ "$lgwan_port" = 0 ] || [ "$internet_port" = 0 ]; then
  lgwan_url="(lgwan: の行の URL / the lgwan: URL below)"
  internet_url="(internet: の行の URL / the internet: URL below)"
fi

cat <<EOF

==============================================================================
 sanso デモ / demo
==============================================================================
 データ / data:    $data   (実行のたびに作り直します / recreated on every run)
 設定 / config:    $config
 LGWAN 接続系 / LGWAN tier:               $lgwan_url
 インターネット接続系 / Internet tier:    $internet_url

 デモ利用者（パスワードは今回の実行で生成。次回の実行で変わります）
 Demo users (passwords generated for this run only)

  login      password                  所属 / department  役割 / role
  ---------  ------------------------  -----------------  -----------------------------------
EOF
for entry in "${users[@]}"; do
  IFS='|' read -r login name department role supervisor <<<"$entry"
  case "$role" in
    staff) label="職員等 / staff" ;;
    security-manager) label="情報セキュリティ管理者 / security manager" ;;
    auditor) label="監査 / auditor" ;;
    *) label=$role ;;
  esac
  [ -z "$supervisor" ] || label="$label + 所属長(承認者) / supervisor"
  # Pad by display width: Japanese characters take two columns.
  width=$(( ${#department} * 2 ))
  pad=$(( 17 - width > 1 ? 17 - width : 1 ))
  printf '  %-9s  %-24s  %s%*s  %s\n' "$login" "${passwords[$login]}" "$department" "$pad" "" "$label"
done
if [ -d "$web_root" ]; then
  ui_ja=" 画面: 上の URL をブラウザで開いてください（web/dist から配信）。"
  ui_en=" UI: open the URLs above in a browser (served from web/dist)."
else
  ui_ja=" 画面: web/dist がないため Web 画面は配信しません（API のみ）。"
  ui_en=" UI: web/dist does not exist, so the web UI is not built and not served (API only)."
fi
cat <<EOF

$ui_ja
$ui_en

 試してみること:
  1. インターネット接続系 ($internet_url) に tanaka でログインし、examples/ の
     議事録_マクロ付き.docm を LGWAN 接続系の tanaka 宛てに送る。マクロを除いて無害化した
     議事録_マクロ付き.docx が LGWAN 接続系 ($lgwan_url) の tanaka の受信箱に届く。
  2. LGWAN 接続系で tanaka からインターネット接続系の宛先へ送る。所属長 suzuki が
     LGWAN 接続系で承認するまで届かない（情報漏えい検査 DLP あり）。
  3. sato（情報セキュリティ管理者）と kobayashi（監査）は管理者ロールのため、初回ログイン時に
     TOTP（認証アプリ）の登録が必要。登録が済むまで他の操作はできない。
  4. 監査記録の検証: $sanso audit verify --data $data
 Things to try:
  1. Log in as tanaka on the Internet listener ($internet_url) and send
     examples/議事録_マクロ付き.docm to tanaka on LGWAN; the sanitized copy without macros
     (議事録_マクロ付き.docx) arrives in tanaka's inbox on the LGWAN listener ($lgwan_url).
  2. On LGWAN, send from tanaka to a recipient on the Internet tier: it waits for the
     approval of the supervisor suzuki (on the LGWAN listener) and is DLP-checked.
  3. sato (security manager) and kobayashi (auditor) have admin roles: they must enrol TOTP
     (an authenticator app) at their first login before anything else.
  4. Verify the audit chain: $sanso audit verify --data $data
 API (curl):
  curl -c /tmp/jar -H 'Content-Type: application/json' \\
       -d '{"login":"tanaka","password":"${passwords[tanaka]}"}' ${internet_url}api/v1/login
  curl -b /tmp/jar ${internet_url}api/v1/me

 Ctrl-C で停止 / Ctrl-C stops the server.
==============================================================================

EOF

exec "$sanso" serve --config "$config"
