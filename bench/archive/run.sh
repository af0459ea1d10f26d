#!/usr/bin/env bash
# Archive benchmark: peak RSS and CPU time of `sanso sanitize` on the inputs that
# bench/archive/gen_archives.py generates (once, into $BENCH_DIR, default build/bench-archive):
# a 100 MB zip of 1,000 mixed members, an overlapping-entry bomb and 42.zip-style nesting.
#
#   bash bench/archive/run.sh SANSO_BINARY
#
# Prints a markdown table (wall, user+sys CPU, peak RSS from /usr/bin/time -v, verdict) and
# checks the targets: mixed zip under 512 MiB; bombs refused in under 1 s of CPU and 64 MiB.
# Exit 1 when a target is missed or sanso fails.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 SANSO_BINARY" >&2
  exit 2
fi
SANSO=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-$ROOT/build/bench-archive}
mkdir -p "$BENCH_DIR"
python3 "$HERE/gen_archives.py" "$BENCH_DIR" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| input | size | verdict | wall s | CPU s | peak RSS MiB | target |"
echo "|---|---|---|---|---|---|---|"
measure() {
  local name=$1 max_cpu=$2 max_rss_mib=$3
  local in="$BENCH_DIR/$name" out="$work/out.zip" report="$work/report.json"
  rm -f "$out"
  local rc=0
  /usr/bin/time -v "$SANSO" sanitize --report "$report" "$in" "$out" 2>"$work/time" >/dev/null || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
    echo "bench: sanso failed on $name (exit $rc)" >&2
    status=1
  fi
  local rss wall user sys verdict reason
  rss=$(awk -F: '/Maximum resident set size/ {print int($2 / 1024)}' "$work/time")
  user=$(awk -F: '/User time/ {print $2}' "$work/time")
  sys=$(awk -F: '/System time/ {print $2}' "$work/time")
  wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$work/time")
  verdict=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["verdict"] + (" " + r["reason"] if r["reason"] else ""))' "$report")
  local cpu
  cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
  local ok=yes
  python3 -c "import sys; sys.exit(0 if $cpu <= $max_cpu and $rss <= $max_rss_mib else 1)" || ok=MISSED
  [ "$ok" = yes ] || status=1
  echo "| $name | $(stat -c %s "$in") | $verdict | $wall | $cpu | $rss | CPU <= ${max_cpu} s, RSS <= ${max_rss_mib} MiB: $ok |"
}
measure mixed-100mb.zip 600 512
measure overlap-bomb.zip 1 64
measure nested-42.zip 1 64
exit $status
