#!/usr/bin/env bash
# sanso throughput benchmark (make bench):
#
#   bash bench/run.sh SANSO_BINARY
#
# 1. bench/make-inputs.sh generates the inputs (once; cached) into $BENCH_DIR
#    (default build/bench-inputs): docx, xlsx, text, CSV, PNG, JPEG, PDF reports, a 100-page
#    text PDF and three ~100 MiB files.
# 2. bench/bench.py measures, per format and method, wall time, CPU time, files/s, MB/s and
#    peak RSS of sanso (one process per file on one core, and --batch on one and on all cores),
#    and of the peers on the same inputs: mat2 (on the files it accepts; refusals are counted)
#    and `qpdf in.pdf out.pdf`. It prints a markdown report with the machine, the table and
#    each target's ratio, and keeps it in $BENCH_WORK (default build/bench-work).
#
# Exit status: 0, or 1 when a tool failed (sanso exit 1/2, qpdf error, a tool missing).
# A missed target is reported, not an error. Takes about 5-8 minutes on 2 cores (plus ~3
# minutes the first time, to generate the inputs).
#
# Environment: BENCH_DIR, BENCH_WORK, BENCH_REPEAT (passes of the fast per-file runs, 3),
# BENCH_MAT2_PDF_FILES (PDF reports mat2 rasterizes; 2, as it takes seconds per page),
# BENCH_OCR_FILES (PNG and JPEG pages the text method OCRs; 1 each, for the same reason),
# BENCH_OCR_PAGES (pages of the first PDF report rendered by image-pdf with and without --ocr;
# 4; 0 skips them).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 SANSO_BINARY" >&2
  exit 2
fi
SANSO=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$ROOT/build/bench-inputs}
BENCH_WORK=${BENCH_WORK:-$ROOT/build/bench-work}

if [ ! -x "$SANSO" ]; then
  echo "bench: $SANSO is not an executable (build it first)" >&2
  exit 1
fi
for tool in python3 mat2 qpdf soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "bench: $tool not found (make deps)" >&2; exit 1; }
done

bash "$HERE/make-inputs.sh" "$BENCH_DIR"
rm -rf "$BENCH_WORK"
mkdir -p "$BENCH_WORK"
exec python3 "$HERE/bench.py" --sanso "$SANSO" --inputs "$BENCH_DIR" --work "$BENCH_WORK" \
  --repeat "${BENCH_REPEAT:-3}" --mat2-pdf-files "${BENCH_MAT2_PDF_FILES:-2}" \
  --ocr-files "${BENCH_OCR_FILES:-1}" --ocr-pages "${BENCH_OCR_PAGES:-4}"
