#!/usr/bin/env bash
# The zone model on the wire (ctest `zones_e2e`, label e2e): network namespaces for the My Number,
# LGWAN and Internet tiers, the 無害化 gateway host and the firewall between them, linked by veth
# pairs with the default pack's example addresses; the firewall and the gateway load the rulesets
# `sanso zones render` derives from the pack, probe servers listen everywhere, and real TCP
# connections check the whole reachability matrix (lgwan/internet -> gateway open on their
# services only, lgwan <-> internet closed, nothing in or out of My Number, the gateway reaches
# only the listed mail servers). A rule injected into the firewall must open exactly the leak
# it allows (the probes can fail).
#   tests/e2e/run_zones_e2e.sh SANSO_BINARY SOURCE_DIR
# Exits 77 (skipped) when not root, without nft, or where network namespaces are not permitted.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 SANSO_BINARY SOURCE_DIR" >&2; exit 2; }
sanso=$1
src=$2
skip() { echo "SKIP zones_e2e: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "network namespaces need root"
command -v nft >/dev/null || skip "nft is not installed (scripts/install-deps.sh installs nftables)"
probe=$src/tests/e2e/zones_probe.py
tag="sz$$"
ns() { echo "$tag-$1"; }
if ! ip netns add "$(ns fw)" 2>/dev/null; then skip "network namespaces are not permitted here"; fi
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for n in fw gw mn lg in; do ip netns del "$(ns "$n")" 2>/dev/null || true; done
}
trap cleanup EXIT
fail() { echo "FAIL zones_e2e: $*" >&2; exit 1; }
in_ns() { local n=$1; shift; ip netns exec "$(ns "$n")" "$@"; }

for n in gw mn lg in; do ip netns add "$(ns "$n")"; done
for n in fw gw mn lg in; do in_ns "$n" ip link set lo up; done
# link FW_IF FW_ADDR NS NS_IF NS_ADDR: a veth pair between the firewall and NS.
link() {
  ip link add "$1" netns "$(ns fw)" type veth peer name "$4" netns "$(ns "$3")"
  in_ns fw ip addr add "$2" dev "$1"
  in_ns fw ip link set "$1" up
  in_ns "$3" ip addr add "$5" dev "$4"
  in_ns "$3" ip link set "$4" up
}
link mn0 10.30.0.1/24 mn eth0 10.30.0.2/24
link lg0 10.10.0.1/24 lg eth0 10.10.0.2/24
link in0 172.16.0.1/24 in eth0 172.16.0.2/24
link gwl 10.10.255.1/24 gw l0 10.10.255.20/24
link gwi 172.16.255.1/24 gw i0 172.16.255.20/24
in_ns lg ip addr add 10.10.0.25/24 dev eth0      # the LGWAN mail server
in_ns in ip addr add 172.16.0.25/24 dev eth0     # the Internet-side mail relay
in_ns mn ip route add default via 10.30.0.1
in_ns lg ip route add default via 10.10.0.1
in_ns in ip route add default via 172.16.0.1
in_ns gw ip route add 10.0.0.0/8 via 10.10.255.1
in_ns gw ip route add 172.16.0.0/12 via 172.16.255.1
in_ns fw sysctl -qw net.ipv4.ip_forward=1

policy=$src/policy/default/basic-policy.yaml
"$sanso" zones render --policy "$policy" --part firewall >"/tmp/$tag-fw.nft" || fail "render firewall"
"$sanso" zones render --policy "$policy" --part gateway >"/tmp/$tag-gw.nft" || fail "render gateway"
trap 'rm -rf /tmp/$tag-fw.nft /tmp/$tag-gw.nft /tmp/$tag-ruleset.json /tmp/$tag-data; cleanup' EXIT
in_ns fw nft -f "/tmp/$tag-fw.nft" || fail "the firewall ruleset does not load"
in_ns gw nft -f "/tmp/$tag-gw.nft" || fail "the gateway ruleset does not load"
in_ns fw nft -f "/tmp/$tag-fw.nft" || fail "the firewall ruleset does not load a second time"

for n in gw mn lg in; do
  in_ns "$n" python3 "$probe" serve 25 443 1344 >"/tmp/$tag-$n.probe" 2>&1 &
  pids+=($!)
done
for n in gw mn lg in; do
  for _ in $(seq 1 50); do grep -q ready "/tmp/$tag-$n.probe" 2>/dev/null && break; sleep 0.1; done
  grep -q ready "/tmp/$tag-$n.probe" || fail "the probe server in $n does not start"
  rm -f "/tmp/$tag-$n.probe"
done

# expect open|closed FROM ADDRESS PORT WHY
checked=0
expect() {
  local want=$1 from=$2 address=$3 port=$4 why=$5 got=closed
  if in_ns "$from" python3 "$probe" connect "$address" "$port"; then got=open; fi
  [ "$got" = "$want" ] || fail "$from -> $address:$port is $got, expected $want ($why)"
  checked=$((checked + 1))
}
matrix() {
  expect open lg 10.10.255.20 443 "gateway-web from LGWAN"
  expect open in 172.16.255.20 443 "gateway-web from the Internet tier"
  expect open in 172.16.255.20 25 "mail-inbound"
  expect open lg 10.10.255.20 25 "mail-outbound"
  expect open in 172.16.255.20 1344 "ICAP from Squid"
  expect closed lg 10.10.255.20 1344 "ICAP is for the Internet tier only"
  expect closed lg 172.16.255.20 443 "LGWAN reaches only the gateway's LGWAN address"
  expect closed in 10.10.255.20 443 "the Internet tier reaches only the gateway's Internet address"
  expect open gw 10.10.0.25 25 "mail-deliver to the LGWAN mail server"
  expect open gw 172.16.0.25 25 "mail-relay to the Internet-side relay"
  expect closed gw 10.10.0.2 443 "the gateway reaches only the listed servers"
  expect closed gw 172.16.0.2 443 "the gateway reaches only the listed servers"
  for port in 25 443; do
    expect closed lg 172.16.0.2 "$port" "LGWAN -> Internet: 通信経路の分割"
    expect closed in 10.10.0.2 "$port" "Internet -> LGWAN: 通信経路の分割"
    expect closed mn 10.10.0.2 "$port" "My Number -> LGWAN"
    expect closed mn 172.16.0.2 "$port" "My Number -> Internet"
    expect closed mn 10.10.255.20 "$port" "My Number -> gateway"
    expect closed lg 10.30.0.2 "$port" "LGWAN -> My Number"
    expect closed in 10.30.0.2 "$port" "Internet -> My Number"
    expect closed gw 10.30.0.2 "$port" "gateway -> My Number"
  done
}
matrix
echo "ok: the rendered rulesets give exactly the pack's reachability ($checked connections)"

# verify: the firewall as loaded proves clean (and the result goes to the audit chain); an
# empty namespace (no forward chain: everything forwarded) violates every forbidden class.
verify() {  # NAMESPACE -> prints the report, returns sanso's exit code
  in_ns "$1" nft -j list ruleset >"/tmp/$tag-ruleset.json"
  "$sanso" zones verify --policy "$policy" --ruleset "/tmp/$tag-ruleset.json" --data "/tmp/$tag-data"
}
out=$(verify fw) || fail "verify rejects the rendered ruleset: $out"
grep -q '^OK: ' <<<"$out" || fail "verify did not say OK: $out"
if out=$(verify mn); then fail "verify accepts an empty ruleset"; fi
for class in "lgwan -> internet" "internet -> lgwan" "mynumber -> lgwan" "lgwan -> mynumber" \
  "mynumber -> gateway"; do
  grep -q "^VIOLATION $class " <<<"$out" || fail "verify misses $class on an empty ruleset: $out"
done
"$sanso" audit export --format jsonl --data "/tmp/$tag-data" | grep -q '"zones.verify"' ||
  fail "no zones.verify record in the audit chain"
echo "ok: verify proves the rendered ruleset and reports every forbidden class of an empty one"

# One bad rule at a time: the leak it allows must be real to the probes.
inject() {  # RULE FROM ADDRESS PORT WHAT CLASS ACCEPTING-HANDLE ("self": the injected rule)
  local handle
  # shellcheck disable=SC2086 # the rule is words
  handle=$(in_ns fw nft --echo --handle insert rule inet sanso_firewall forward $1 |
    sed -n 's/.*# handle \([0-9]*\)$/\1/p') || fail "cannot insert: $1"
  [ -n "$handle" ] || fail "no handle for: $1"
  expect open "$2" "$3" "$4" "injected: $5"
  if out=$(verify fw); then fail "verify does not catch $5: $out"; fi
  local by=$7
  [ "$by" = self ] && by=$handle
  grep -q "^VIOLATION $6 .* handle $by" <<<"$out" ||
    fail "verify does not name $6 and the rule (handle $by) for $5: $out"
  in_ns fw nft delete rule inet sanso_firewall forward handle "$handle"
  expect closed "$2" "$3" "$4" "after removing: $5"
}
inject "ip saddr 10.10.0.0/16 ip daddr 172.16.0.0/16 accept" lg 172.16.0.2 443 "LGWAN -> Internet accept" \
  "lgwan -> internet" self
in_ns fw nft add chain inet sanso_firewall leak
leak_handle=$(in_ns fw nft --echo --handle add rule inet sanso_firewall leak accept |
  sed -n 's/.*# handle \([0-9]*\)$/\1/p')
inject "ip saddr 10.10.0.0/16 jump leak" lg 172.16.0.2 25 "an accept through a jump chain" \
  "lgwan -> internet" "$leak_handle"
in_ns fw nft add set inet sanso_firewall extra "{ type ipv4_addr; flags interval; }"
in_ns fw nft add element inet sanso_firewall extra "{ 10.30.0.0/16 }"
inject "ip daddr @extra accept" lg 10.30.0.2 443 "a named set holding a My Number address" \
  "lgwan -> mynumber" self
inject "ip daddr vmap { 10.30.0.2 : accept }" in 10.30.0.2 25 "a verdict map" \
  "internet -> mynumber" self
matrix
echo "ok: each injected rule opens its leak, and removing it closes it again"
echo "zones_e2e: ok"
