#!/usr/bin/env bash
# `make run` end to end: scripts/demo.sh on kernel-chosen ports, a demo user logs in on the
# Internet listener and reads /api/v1/me, then SIGINT must stop the server with exit 0.
#   tests/demo/run_demo_test.sh SANSO_BINARY [REPO]
set -euo pipefail

sanso=$1
repo=${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- demo output ---" >&2
  cat "$work/out" >&2 || true
  exit 1
}

SANSO_DEMO_LGWAN_PORT=0 SANSO_DEMO_INTERNET_PORT=0 \
  bash "$repo/scripts/demo.sh" "$sanso" "$work/demo" >"$work/out" 2>&1 &
pid=$!

internet_url=
for _ in $(seq 1 600); do
  internet_url=$(sed -n 's|^internet: \(http://[^ ]*\)$|\1|p' "$work/out")
  lgwan_url=$(sed -n 's|^lgwan: \(http://[^ ]*\)$|\1|p' "$work/out")
  [ -n "$internet_url" ] && [ -n "$lgwan_url" ] && break
  kill -0 "$pid" 2>/dev/null || fail "the demo exited before listening"
  sleep 0.1
done
[ -n "$internet_url" ] || fail "no 'internet: URL' line within 60 s"

password=$(awk '$1 == "tanaka" { print $2; exit }' "$work/out")
[ ${#password} -ge 16 ] || fail "no password of at least 16 characters printed for tanaka"
grep -q '^web_root\|^data_dir' "$work/demo/sanso.toml" || fail "no sanso.toml"
grep -q '^lgwan = "127.0.0.1:0"' "$work/demo/sanso.toml" || fail "the port override was not used"

python3 - "$internet_url" "$lgwan_url" "$password" <<'EOF' || fail "login check"
import http.cookiejar, json, sys, urllib.error, urllib.request
internet, lgwan, password = sys.argv[1:4]

def session(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    def call(path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(base + path, data=data,
                                     headers={"Content-Type": "application/json"})
        try:
            with opener.open(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")
    return call

call = session(internet)
status, body = call("api/v1/login", {"login": "tanaka", "password": "wrong password 123"})
assert status == 401, (status, body)
status, body = call("api/v1/login", {"login": "tanaka", "password": password})
assert status == 200 and body["user"]["login"] == "tanaka", (status, body)
assert body["mfa_ok"] is True, body
status, me = call("api/v1/me")
assert status == 200, (status, me)
assert me["zone"] == "internet" and me["user"]["role"] == "staff", me
assert me["user"]["display_name"] == "田中 一郎", me
status, health = session(lgwan)("api/v1/health")
assert status == 200 and health["zone"] == "lgwan", (status, health)
print("login ok:", me["user"]["login"], me["zone"])
EOF

kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" -eq 0 ] || fail "sanso serve exited $rc after SIGINT"
grep -q 'signal 2' "$work/out" || fail "no shutdown message"
"$sanso" audit verify --data "$work/demo/data" >/dev/null || fail "audit verify"
echo "demo_run: ok"
