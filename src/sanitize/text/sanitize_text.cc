// sanitizeText(): the cdr and text handler for plain text and CSV/TSV.
#include "control_strip.h"
#include "csv.h"
#include "file_sink.h"
#include "text_probe.h"
#include "text_sanitizer.h"

namespace sanso::sanitize::text {

namespace {

constexpr const char* kWhere = "text";

void logStripped(const StripCounts& counts, ActionLog& log) {
  if (counts.controls > 0) {
    log.removed("control-characters", kWhere,
                std::to_string(counts.controls) + " control, BOM or invalid characters");
  }
  if (counts.bidi > 0) {
    log.removed("bidi-control", kWhere,
                std::to_string(counts.bidi) + " bidirectional override/isolate characters");
  }
  if (counts.line_endings > 0) {
    log.add("re-encoded", "line-endings", kWhere,
            std::to_string(counts.line_endings) + " CR LF / CR -> LF");
  }
}

// Writes the stripped text to `out`: for CSV a BOM first, then the text with formula cells
// neutralized.
Status writeClean(Job& job, std::string_view clean, ByteSink& out) {
  if (job.type != FileType::kCsv) return out.write(clean);
  SANSO_RETURN_IF_ERROR(job.budget.checkTime(kWhere));
  const bool long_text = clean.size() > kProbeBytes;
  const char detected = detectDelimiter(clean.substr(0, kProbeBytes), long_text);
  // Excel in a Japanese locale reads BOM-less CSV as Shift_JIS: the BOM keeps it readable.
  SANSO_RETURN_IF_ERROR(out.write("\xEF\xBB\xBF"));
  FormulaStats stats;
  SANSO_RETURN_IF_ERROR(neutralizeFormulas(clean, detected != 0 ? detected : ',', out, stats));
  if (stats.cells > 0) {
    job.log.neutralized("csv-formula", kWhere,
                        std::to_string(stats.cells) + " cells, first at row " +
                            std::to_string(stats.first_row) + " column " +
                            std::to_string(stats.first_column));
  }
  return Status::ok();
}

}  // namespace

Result<FileType> sanitizeText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(Decoded decoded, decodeToUtf8(job.input));
  SANSO_RETURN_IF_ERROR(job.budget.chargeExpanded(decoded.utf8.size(), kWhere));
  if (decoded.charset != "UTF-8") {
    job.log.add("re-encoded", "charset", kWhere, decoded.charset + "->UTF-8");
  }
  SANSO_RETURN_IF_ERROR(job.budget.checkTime(kWhere));
  // The decoded text is the only copy: it is cleaned in place and written out in pieces.
  StripCounts counts;
  stripControlsInPlace(decoded.utf8, counts);
  logStripped(counts, job.log);
  SANSO_ASSIGN_OR_RETURN(FileSink out, FileSink::open(job.output_path));
  SANSO_RETURN_IF_ERROR(writeClean(job, decoded.utf8, out));
  SANSO_RETURN_IF_ERROR(job.budget.checkTime(kWhere));
  SANSO_RETURN_IF_ERROR(out.close());
  return job.type;
}

}  // namespace sanso::sanitize::text
