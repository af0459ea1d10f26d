#!/usr/bin/env bash
# Generates the benchmark inputs into OUT_DIR, at run time and without any download.
#
#   bash bench/make-inputs.sh OUT_DIR
#
# Source text (Japanese + ASCII municipal prose, registers, reports) comes from
# bench/gen_inputs.py, seeded, so every run writes the same sources; LibreOffice (headless,
# private profile) turns them into docx, xlsx and PDF, poppler renders pages into PNG/JPEG, and
# gen_inputs.py assembles the ~100 MB inputs for the peak-RSS test. The result is cached: when
# OUT_DIR/.stamp matches this script, the generator and BENCH_N, nothing is regenerated.
# (LibreOffice writes the conversion time into docProps/PDF Info, so a regenerated docx/xlsx/PDF
# differs in those timestamps only.)
#
# OUT_DIR layout:
#   text/    BENCH_N .txt, 20-200 KB, 1 in 4 Shift_JIS (CP932)
#   csv/     BENCH_N .csv, 500-4000 records, half CP932
#   docx/    BENCH_N .docx (Writer, from HTML: headings, lists, tables, links, 1/3 with a chart)
#   xlsx/    BENCH_N .xlsx (Calc, from CSV: 300-5000 records, SUM/AVERAGE formulas)
#   pdf/     10 .pdf reports, 2-40 pages, Japanese text with embedded CJK font subsets
#   pdf100/  text-100p.pdf: exactly 100 A4 pages of text (image-pdf pages/s, PDF cdr)
#   png/     10 .png, jpeg/ 10 .jpg: A4 pages rendered at 150 dpi
#   big/     scan-100mb.pdf (300 dpi colour page scans, one JPEG per page),
#            photos-100mb.docx (a photo report: caption + photo per paragraph),
#            register-100mb.csv (UTF-8 records); each just over 100 MiB
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
OUT=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GEN="$HERE/gen_inputs.py"
export BENCH_N=${BENCH_N:-40}
BIG_MB=${BIG_MB:-105}  # decimal MB; 105 MB > 100 MiB

for tool in python3 soffice qpdf pdftoppm; do
  command -v "$tool" >/dev/null || { echo "make-inputs: $tool not found (make deps)" >&2; exit 1; }
done

stamp=$(cat "$HERE/make-inputs.sh" "$GEN" | sha256sum | cut -c1-16)-n$BENCH_N-big$BIG_MB
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp" ]; then
  echo "make-inputs: cached inputs in $OUT"
  exit 0
fi

echo "make-inputs: generating into $OUT (takes a few minutes, once)"
rm -rf "$OUT"
mkdir -p "$OUT"
SRC="$OUT/.src"
started=$(date +%s)

python3 "$GEN" sources "$SRC"
mv "$SRC/text" "$SRC/csv" "$OUT/"

# LibreOffice: one invocation converts many files; two profiles run two conversions at once.
LO_TMP=$(mktemp -d /tmp/sanso-bench-lo.XXXXXX)
trap 'rm -rf "$LO_TMP"' EXIT
lo_convert() {  # profile filter infilter outdir files...
  local profile=$1 filter=$2 infilter=$3 outdir=$4
  shift 4
  mkdir -p "$outdir"
  soffice --headless --norestore "-env:UserInstallation=file://$LO_TMP/$profile" \
    --infilter="$infilter" --convert-to "$filter" --outdir "$outdir" "$@" >"$LO_TMP/$profile.log" 2>&1 || {
    cat "$LO_TMP/$profile.log" >&2
    return 1
  }
}
lo_convert p1 'docx:MS Word 2007 XML' 'HTML (StarWriter)' "$OUT/docx" "$SRC"/src-docx/*.html &
pid1=$!
lo_convert p2 'xlsx:Calc MS Excel 2007 XML' 'CSV:44,34,76,1' "$OUT/xlsx" "$SRC"/src-xlsx/*.csv &
pid2=$!
wait $pid1
wait $pid2
lo_convert p1 'pdf:writer_pdf_Export' 'HTML (StarWriter)' "$OUT/pdf" "$SRC"/src-pdf/*.html &
pid1=$!
lo_convert p2 'pdf:writer_pdf_Export' 'HTML (StarWriter)' "$SRC/long" "$SRC"/src-long/long.html &
pid2=$!
wait $pid1
wait $pid2

for d in docx xlsx; do
  got=$(find "$OUT/$d" -type f | wc -l)
  [ "$got" -eq "$BENCH_N" ] || { echo "make-inputs: $d: $got files, expected $BENCH_N" >&2; exit 1; }
done

pages=$(qpdf --show-npages "$SRC/long/long.pdf")
[ "$pages" -ge 100 ] || { echo "make-inputs: long.pdf has only $pages pages" >&2; exit 1; }
mkdir -p "$OUT/pdf100"
qpdf "$SRC/long/long.pdf" --pages "$SRC/long/long.pdf" 1-100 -- "$OUT/pdf100/text-100p.pdf"

# Raster images: report pages at 150 dpi, as a scanner or a screenshot tool would write them.
mkdir -p "$OUT/png" "$OUT/jpeg"
for f in "$OUT"/pdf/p0[0-4].pdf; do
  b=$(basename "$f" .pdf)
  pdftoppm -r 150 -f 1 -l 2 -png "$f" "$OUT/png/$b"
  pdftoppm -r 150 -f 2 -l 3 -jpeg -jpegopt quality=85 "$f" "$OUT/jpeg/$b"
done

# ~100 MiB inputs for the peak-RSS target.
mkdir -p "$OUT/big" "$SRC/scan"
pdftoppm -r 300 -f 1 -l 16 -jpeg -jpegopt quality=90 "$OUT/pdf100/text-100p.pdf" "$SRC/scan/s"
python3 "$GEN" scanpdf "$OUT/big/scan-100mb.pdf" "$BIG_MB" "$SRC"/scan/*.jpg
qpdf --check "$OUT/big/scan-100mb.pdf" >/dev/null
python3 "$GEN" photodocx "$OUT/big/photos-100mb.docx" "$BIG_MB" "$SRC"/scan/*.jpg
python3 "$GEN" bigcsv "$OUT/big/register-100mb.csv" "$BIG_MB"

rm -rf "$SRC"
echo "$stamp" >"$OUT/.stamp"
echo "make-inputs: done in $(($(date +%s) - started)) s"
du -sh "$OUT"/* | sed 's/^/make-inputs:   /'
