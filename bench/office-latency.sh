#!/usr/bin/env bash
# Legacy Office latency (docs/performance.md, "Legacy Office"):
#
#   bash bench/office-latency.sh SANSO_BINARY [FILES]
#
# Generates FILES (default 20) Japanese .docx documents, converts them to .doc with LibreOffice
# (one soffice call), then measures `sanso sanitize` (cdr: .doc -> LibreOffice in the sandbox ->
# OOXML sanitizer -> .docx):
#   cold: one sanso process per file (each starts its own sandboxed LibreOffice), on the first
#         COLD_FILES (default 5) files, wall time per process;
#   warm: one `sanso sanitize --batch --jobs 1` over all files (the first file starts the pool's
#         instance, the others reuse it); per-file time is the report's elapsed_ms.
# Prints the medians and the machine. Exit 1 when a file is not sanitized.
set -euo pipefail
SANSO=${1:?usage: $0 SANSO_BINARY [FILES]}
FILES=${2:-20}
COLD_FILES=${COLD_FILES:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/docx" "$work/doc" "$work/out"

python3 - "$work/docx" "$FILES" <<'PY'
import random, sys, zipfile
out, count = sys.argv[1], int(sys.argv[2])
random.seed(4)
words = ['住民票', '予算', '会議', '通知', '市役所', '申請書', '確認', '資料', '担当課', '令和8年度',
         'budget', 'notice', 'meeting']
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
for i in range(count):
    paras = ''.join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' %
                    '、'.join(random.choice(words) for _ in range(30)) for _ in range(40))
    with zipfile.ZipFile('%s/memo%02d.docx' % (out, i), 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, paras))
PY
(cd "$work/docx" && soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
  --convert-to doc:"MS Word 97" --outdir "$work/doc" ./*.docx >"$work/soffice.log" 2>&1)
n=$(ls "$work/doc" | wc -l)
[ "$n" -eq "$FILES" ] || { echo "office-latency: LibreOffice made $n of $FILES .doc files" >&2; exit 1; }

median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

cold=()
for f in $(ls "$work/doc" | head -n "$COLD_FILES"); do
  start=$(date +%s%N)
  "$SANSO" sanitize "$work/doc/$f" "$work/out/cold-${f%.doc}.docx" >/dev/null 2>&1 ||
    { echo "office-latency: $f not sanitized (cold)" >&2; exit 1; }
  cold+=($(( ($(date +%s%N) - start) / 1000000 )))
done

"$SANSO" sanitize --batch --jobs 1 --report "$work/reports.jsonl" "$work/doc" "$work/out/warm" \
  >/dev/null 2>&1 || { echo "office-latency: batch failed" >&2; exit 1; }
grep -c '"verdict":"sanitized"' "$work/reports.jsonl" | grep -qx "$FILES" ||
  { echo "office-latency: not every file was sanitized" >&2; exit 1; }
warm=$(grep -o '"elapsed_ms":[0-9]*' "$work/reports.jsonl" | cut -d: -f2)
first=$(head -n 1 <<<"$warm")
warm_rest=$(tail -n +2 <<<"$warm")

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "libreoffice: $(dpkg-query -W -f='${Version}' libreoffice-core-nogui 2>/dev/null || echo '?')"
echo "inputs: $FILES .doc files, median $(ls -l "$work/doc" | awk 'NR>1 {print $5}' | median) bytes"
echo "cold (one sanso process per file, $COLD_FILES files): median $(printf '%s\n' "${cold[@]}" | median) ms wall"
echo "warm (--batch, pool of 1): first file $first ms (starts the instance), median of the other $((FILES - 1)) $(median <<<"$warm_rest") ms"
